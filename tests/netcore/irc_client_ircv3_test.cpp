// SPDX-License-Identifier: GPL-3.0-or-later
// The client engine with a host that has the IRCv3 capabilities (issue 15): members with every
// prefix (multi-prefix), their user@host (userhost-in-names, JOIN) and real name (extended-join,
// SETNAME); the server's history brought back after joining (draft/chathistory), in pieces,
// without answering a CTCP request it replays; and a server without history.

#include "irc/client/isupport.h"
#include "irc_client_support.h"

namespace netcore::irc {
namespace {

using Kind = ClientEvent::Kind;

class ClientCapTest : public ClientTest
{};

TEST_P(ClientCapTest, MembersCarryEveryPrefixTheirAddressAndRealName)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    inLoop([&] { alice->client->sendRaw("MODE #lan +v alice"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Mode; }));
    ClientConfig config = clientConfig("bob");
    config.realName = "Bob Builder";
    auto bob = startClient(config);
    ASSERT_TRUE(waitInRoom(bob));
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Join && e.nick == "bob"; }));
    inLoop([&] {
        const JoinedRoom* seenByBob = bob->client->room("#lan");
        ASSERT_NE(seenByBob, nullptr);
        ASSERT_EQ(seenByBob->members.size(), 2u);
        EXPECT_EQ(seenByBob->members[0].prefix, "@+") << "multi-prefix: both";
        EXPECT_EQ(seenByBob->members[0].userHost, "~alice@127.0.0.1") << "userhost-in-names";
        const JoinedRoom* seenByAlice = alice->client->room("#lan");
        ASSERT_NE(seenByAlice, nullptr);
        EXPECT_EQ(seenByAlice->members[1].nick, "bob");
        EXPECT_EQ(seenByAlice->members[1].userHost, "~bob@127.0.0.1");
        EXPECT_EQ(seenByAlice->members[1].realName, "Bob Builder") << "extended-join";
    });
    // -o leaves the voice.
    inLoop([&] { alice->client->sendRaw("MODE #lan -o alice"); });
    ASSERT_TRUE(waitFor(bob, [](auto& e) { return e.kind == Kind::Mode && e.text == "-o alice"; }));
    inLoop([&] { EXPECT_EQ(bob->client->room("#lan")->members[0].prefix, "+"); });
    // SETNAME: the new name, told to those who share a room.
    inLoop([&] { bob->client->sendRaw("SETNAME :Robert Builder"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::MemberChanged && e.nick == "bob" && e.text == "Robert Builder";
    }));
    inLoop([&] {
        EXPECT_EQ(alice->client->room("#lan")->members[1].realName, "Robert Builder");
        const ClientEvent* changed =
            alice->find([](auto& e) { return e.kind == Kind::MemberChanged; });
        EXPECT_EQ(changed->rooms, std::vector<std::string>{"#lan"});
    });
}

TEST_P(ClientCapTest, CatchesUpOnWhatWasSaidWhileAway)
{
    hostConfig.historyPerAnswer = 4; // so that a catch-up takes several pieces
    startHost();
    ClientConfig fast = clientConfig("alice");
    fast.sendLinesPerSecond = 1000; // our own pacing out of the way (the host has its own)
    fast.sendBurst = 1000;
    auto alice = startClient(fast);
    ASSERT_TRUE(waitInRoom(alice));
    inLoop([&] {
        for (int i = 0; i < 10; ++i) {
            alice->client->sendMessage("#lan", "line " + std::to_string(i));
            if (i == 4) // a CTCP request, replayed later
                alice->client->sendRaw("PRIVMSG #lan :\x01VERSION\x01");
        }
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.self && e.text == "line 9"; }));
    std::chrono::system_clock::time_point third;
    inLoop(
        [&] { third = alice->find([](auto& e) { return e.self && e.text == "line 2"; })->time; });

    // bob joins later and asks for everything after the third line: 7 lines and the CTCP, in
    // pieces of 4.
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));
    ASSERT_TRUE(inLoop([&] { return bob->client->requestHistory("#lan", third); }));
    ASSERT_TRUE(waitFor(bob, [](auto& e) { return e.kind == Kind::HistoryEnd; }));
    inLoop([&] {
        std::vector<std::string> texts;
        for (const ClientEvent& e : bob->events) {
            if (e.history && e.kind == Kind::Message) {
                texts.push_back(e.text);
                EXPECT_EQ(e.room, "#lan");
                EXPECT_EQ(e.nick, "alice");
                EXPECT_FALSE(e.msgid.empty());
            }
        }
        std::vector<std::string> expected;
        for (int i = 3; i < 10; ++i)
            expected.push_back("line " + std::to_string(i));
        EXPECT_EQ(texts, expected);
        const ClientEvent* end = bob->find([](auto& e) { return e.kind == Kind::HistoryEnd; });
        EXPECT_EQ(end->room, "#lan");
        EXPECT_EQ(end->count, 8u) << "seven lines and the CTCP request";
    });
    // The replayed VERSION request is not answered: alice gets no CTCP reply from bob.
    std::this_thread::sleep_for(300ms);
    inLoop([&] {
        EXPECT_EQ(alice->find([](auto& e) { return e.kind == Kind::Notice && e.nick == "bob"; }),
                  nullptr);
    });

    // Without a time: the latest lines (one piece).
    auto carol = startClient(clientConfig("carol"));
    ASSERT_TRUE(waitInRoom(carol));
    ASSERT_TRUE(inLoop([&] { return carol->client->requestHistory("#lan"); }));
    ASSERT_TRUE(waitFor(carol, [](auto& e) { return e.kind == Kind::HistoryEnd; }));
    inLoop([&] {
        EXPECT_EQ(carol->find([](auto& e) { return e.kind == Kind::HistoryEnd; })->count, 4u);
    });
}

TEST_P(ClientCapTest, WatchesFavouritePeopleWithMonitor)
{
    startHost();
    ClientConfig config = clientConfig("alice");
    config.watched = {"bob", "carol"};
    auto alice = startClient(config);
    ASSERT_TRUE(waitInRoom(alice));
    ASSERT_TRUE(waitFor(
        alice, [](auto& e) { return e.kind == Kind::WatchedOffline && e.nick == "carol"; }));
    EXPECT_TRUE(inLoop([&] { return alice->client->canWatch(); }));
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::WatchedOnline && e.nick == "bob" && e.target == "bob!~bob@127.0.0.1";
    }));
    inLoop([&] { bob->client->disconnect("bye"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::WatchedOffline && e.nick == "bob" &&
               e.time > std::chrono::system_clock::time_point{};
    }));
    // A new list replaces the old: dan only.
    inLoop([&] { alice->client->setWatched({"dan"}); });
    ASSERT_TRUE(
        waitFor(alice, [](auto& e) { return e.kind == Kind::WatchedOffline && e.nick == "dan"; }));
    auto carol = startClient(clientConfig("carol"));
    ASSERT_TRUE(waitInRoom(carol));
    std::this_thread::sleep_for(300ms);
    inLoop([&] {
        EXPECT_EQ(
            alice->find([](auto& e) { return e.kind == Kind::WatchedOnline && e.nick == "carol"; }),
            nullptr)
            << "carol is not watched any more";
    });
}

TEST_P(ClientCapTest, AServerWithoutHistoryIsNotAsked)
{
    hostConfig.historyLines = 0;
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    EXPECT_FALSE(inLoop([&] { return alice->client->requestHistory("#lan"); }));
}

// IRCv3 filehost (work in progress): the upload URL from ISUPPORT, under either name, with
// ISUPPORT's \xHH escapes undone, taken back by -TOKEN; and our host's, as it advertises it.
TEST_P(ClientCapTest, LearnsTheFileHostUrlFromIsupport)
{
    std::shared_ptr<ScriptedServer> server;
    const std::uint16_t scripted = startScripted(server, [](TcpConnection& conn, const Message& m) {
        if (m.command == "USER")
            conn.send(
                ":s.test 001 alice :Welcome\r\n"
                ":s.test 005 alice soju.im/FILEHOST=https://files.test/up "
                "draft/FILEHOST=https://files.test/upload?a\\x3Db\\x20c\\x5C :are supported\r\n"
                ":s.test 422 alice :No MOTD\r\n");
        else if (m.command == "JOIN")
            conn.send(":alice!a@h JOIN #room\r\n"
                      ":s.test 353 alice = #room :alice\r\n"
                      ":s.test 366 alice #room :End of NAMES\r\n");
        else if (m.command == "PRIVMSG" && m.param(1) == "drop draft")
            conn.send(":s.test 005 alice -draft/FILEHOST :are supported\r\n"
                      ":s.test NOTICE alice :dropped draft\r\n");
        else if (m.command == "PRIVMSG" && m.param(1) == "drop soju")
            conn.send(":s.test 005 alice -soju.im/FILEHOST :are supported\r\n"
                      ":s.test NOTICE alice :dropped soju\r\n");
    });
    auto config = clientConfig("alice", scripted);
    config.rooms = {"#room"};
    auto alice = startClient(config);
    ASSERT_TRUE(waitInRoom(alice, "#room")) << inLoop([&] { return alice->dump(); });
    // The draft's name wins over soju's; \x3D is '=', \x20 a space, \x5C a backslash.
    EXPECT_EQ(inLoop([&] { return alice->client->fileHostUrl(); }),
              "https://files.test/upload?a=b c\\");
    inLoop([&] { alice->client->sendMessage("s.test", "drop draft"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.text == "dropped draft"; }));
    EXPECT_EQ(inLoop([&] { return alice->client->fileHostUrl(); }), "https://files.test/up");
    inLoop([&] { alice->client->sendMessage("s.test", "drop soju"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.text == "dropped soju"; }));
    EXPECT_EQ(inLoop([&] { return alice->client->fileHostUrl(); }), "");

    // Our host: its URL as configured; a host without one gives "".
    hostConfig.fileHostUrl = "http://127.0.0.1:1/upload";
    startHost();
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));
    EXPECT_EQ(inLoop([&] { return bob->client->fileHostUrl(); }), "http://127.0.0.1:1/upload");
}

TEST(IsupportEscapes, AreUndoneWhereWellFormed)
{
    using client::unescapeIsupportValue;
    EXPECT_EQ(unescapeIsupportValue("a\\x20b"), "a b");
    EXPECT_EQ(unescapeIsupportValue("\\x3d\\x3D"), "==");
    EXPECT_EQ(unescapeIsupportValue("\\x5Cx20"), "\\x20") << "decoded once, not twice";
    EXPECT_EQ(unescapeIsupportValue("a\\x2"), "a\\x2");
    EXPECT_EQ(unescapeIsupportValue("a\\xZZ\\y"), "a\\xZZ\\y");
    EXPECT_EQ(unescapeIsupportValue(""), "");
}

INSTANTIATE_TEST_SUITE_P(Loops, ClientCapTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::irc
