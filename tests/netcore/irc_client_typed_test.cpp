// SPDX-License-Identifier: GPL-3.0-or-later
// The client engine's typed operations and typed events, against a real LanChat host over
// loopback (and a scripted server for what our host does not do): WHOIS collected into one
// event, OPER granted and refused, kick/ban/unban/mode, a nick refused after registration, who
// is away (WHO after joining and refreshed, our own AWAY, away-notify, RPL_AWAY), INVITE, and
// the case mapping taken from ISUPPORT. (A refused password: irc_client_test.)

#include "irc_client_support.h"

#include "netcore/irc/numerics.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace netcore::irc {
namespace {

bool hasRoom(const WhoisReply& w, const std::string& room)
{
    return std::find(w.rooms.begin(), w.rooms.end(), room) != w.rooms.end();
}

const RoomMember* memberOf(const IrcClient& client, const std::string& room,
                           const std::string& nick)
{
    const JoinedRoom* r = client.room(room);
    if (!r)
        return nullptr;
    for (const auto& m : r->members)
        if (client.fold(m.nick) == client.fold(nick))
            return &m;
    return nullptr;
}

// The welcome in words (issue 14, first start): the message of the day as Motd lines, and none
// of the burst's details (RPL_YOURHOST, RPL_MYINFO "lan.test lanchat io bkmntov", LUSERS)
// reported while it lasts; asked for later (/lusers), they are ServerText again.
TEST_P(ClientTest, WelcomeBringsTheMotdNotTheDetails)
{
    hostConfig.motd = {"Welcome to the test host.", "Be nice."};
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    inLoop([&] {
        std::vector<std::string> motd;
        for (const auto& e : alice->events) {
            EXPECT_NE(e.kind, Kind::ServerText) << e.numeric << " " << e.text;
            if (e.kind == Kind::Motd)
                motd.push_back(e.text);
        }
        EXPECT_EQ(motd, (std::vector<std::string>{"Welcome to the test host.", "Be nice."}));
        alice->client->sendRaw("LUSERS");
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::ServerText && e.numeric == RPL_LUSERCLIENT;
    })) << inLoop([&] { return alice->dump(); });
}

// A host without a message of the day: nothing said of it ("MOTD File is missing" is not
// news); /motd asked for later says so.
TEST_P(ClientTest, NoMotdIsNotNews)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    inLoop([&] {
        for (const auto& e : alice->events)
            EXPECT_TRUE(e.kind != Kind::ServerText && e.kind != Kind::Motd)
                << e.numeric << " " << e.text;
        alice->client->sendRaw("MOTD");
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::ServerText && e.numeric == ERR_NOMOTD;
    })) << inLoop([&] { return alice->dump(); });
}

TEST_P(ClientTest, WhoisIsCollectedIntoOneEvent)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    auto config = clientConfig("bob");
    config.realName = "Bob Builder";
    config.rooms = {"#lan", "#side"};
    auto bob = startClient(config);
    ASSERT_TRUE(waitInRoom(bob, "#side"));

    inLoop([&] {
        bob->client->oper("admin", "s3cret");
        bob->client->setAway("at lunch");
    });
    ASSERT_TRUE(waitFor(bob, [](auto& e) { return e.kind == Kind::OperatorGranted; }));
    ASSERT_TRUE(
        waitFor(bob, [](auto& e) { return e.kind == Kind::Away && e.self && !e.text.empty(); }));
    inLoop([&] { alice->client->whois("BOB"); }); // any case: the server folds it
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Whois; }))
        << inLoop([&] { return alice->dump(); });
    inLoop([&] {
        const auto* e = alice->find([](auto& x) { return x.kind == Kind::Whois; });
        ASSERT_TRUE(e->whois);
        const WhoisReply& w = *e->whois;
        EXPECT_TRUE(w.found);
        EXPECT_EQ(w.nick, "bob");
        EXPECT_EQ(e->nick, "bob");
        EXPECT_EQ(w.user, "~bob"); // the host marks a user name no ident server vouched for
        EXPECT_EQ(w.host, "127.0.0.1");
        EXPECT_EQ(w.realName, "Bob Builder");
        EXPECT_EQ(w.server, "lan.test");
        EXPECT_FALSE(w.serverInfo.empty());
        EXPECT_TRUE(hasRoom(w, "#lan")) << w.rooms.size();
        EXPECT_TRUE(hasRoom(w, "@#side")) << "bob created #side, so he is its operator";
        EXPECT_TRUE(w.away);
        EXPECT_EQ(w.awayText, "at lunch");
        EXPECT_TRUE(w.oper);
        // The RPL_AWAY inside the reply is not also an AwayReply.
        EXPECT_EQ(alice->count(Kind::AwayReply), 0u);
    });

    // No such nick: one event, not found.
    inLoop([&] { alice->client->whois("nobody"); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return alice->count(Kind::Whois) == 2; }));
    inLoop([&] {
        const ClientEvent* last = nullptr;
        for (const auto& e : alice->events)
            if (e.kind == Kind::Whois)
                last = &e;
        ASSERT_TRUE(last && last->whois);
        EXPECT_FALSE(last->whois->found);
        EXPECT_EQ(last->whois->nick, "nobody");
    });
}

TEST_P(ClientTest, OperatorIsRefusedThenGranted)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    inLoop([&] { alice->client->oper("admin", "guess"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::OperatorRefused; }));
    inLoop([&] {
        EXPECT_FALSE(alice->client->isOperator());
        EXPECT_EQ(alice->count(Kind::PasswordRefused), 0u) << "OPER's 464 is not the server's";
        EXPECT_TRUE(alice->registered());
        alice->client->oper("admin", "s3cret");
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::OperatorGranted; }));
    // The user mode +o that follows keeps the flag.
    ASSERT_TRUE(
        waitFor(alice, [](auto& e) { return e.kind == Kind::Mode && e.target == "alice"; }));
    inLoop([&] { EXPECT_TRUE(alice->client->isOperator()); });
}

TEST_P(ClientTest, KicksBansAndSetsModes)
{
    startHost();
    auto alice = startClient(clientConfig("alice")); // creates #lan: its operator
    ASSERT_TRUE(waitInRoom(alice));
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Join && e.nick == "bob"; }));

    // Not an operator: refused, with the room named.
    inLoop([&] { bob->client->kick("#lan", "alice", "no"); });
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::Error && e.numeric == ERR_CHANOPRIVSNEEDED && e.room == "#lan";
    }));

    inLoop([&] { alice->client->setMode("#lan", "+v", {"bob"}); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Mode && e.text == "+v bob"; }));
    inLoop([&] {
        const RoomMember* member = memberOf(*alice->client, "#lan", "bob");
        ASSERT_NE(member, nullptr);
        EXPECT_EQ(member->prefix, "+");
        alice->client->setMode("#lan"); // the modes as they are
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::ServerText && e.numeric == RPL_CHANNELMODEIS;
    }));

    inLoop([&] {
        alice->client->ban("#lan", "bob");
        alice->client->kick("#lan", "bob", "enough");
    });
    ASSERT_TRUE(
        waitFor(alice, [](auto& e) { return e.kind == Kind::Mode && e.text == "+b bob!*@*"; }));
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::Kick && e.self && e.nick == "alice" && e.text == "enough";
    }));
    inLoop([&] { bob->client->join("#lan"); });
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::Error && e.numeric == ERR_BANNEDFROMCHAN && e.room == "#lan";
    }));

    inLoop([&] { alice->client->unban("#lan", "bob!*@*"); });
    ASSERT_TRUE(
        waitFor(alice, [](auto& e) { return e.kind == Kind::Mode && e.text == "-b bob!*@*"; }));
    inLoop([&] { bob->client->join("#lan"); });
    ASSERT_TRUE(waitInRoom(bob));
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Join && e.nick == "bob"; }));

    // NAMES again: the list as the host has it now (bob without his voice, after the kick).
    const std::size_t names = inLoop([&] { return alice->count(Kind::Names); });
    inLoop([&] { alice->client->requestNames("#LAN"); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return alice->count(Kind::Names) > names; }));
    inLoop([&] {
        const ClientEvent* last = nullptr;
        for (const auto& e : alice->events)
            if (e.kind == Kind::Names)
                last = &e;
        EXPECT_EQ(last->names, (std::vector<std::string>{"@alice", "bob"}));
        EXPECT_EQ(memberOf(*alice->client, "#lan", "bob")->prefix, "");
    });
}

TEST_P(ClientTest, ANickRefusedAfterRegistrationKeepsOurs)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));

    inLoop([&] { bob->client->setNick("9lives"); });
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::NickRefused && e.refusal == NickRefusal::Erroneous &&
               e.nick == "9lives";
    }));
    inLoop([&] { bob->client->setNick("Alice"); });
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::NickRefused && e.refusal == NickRefusal::InUse;
    }));
    inLoop([&] {
        const auto* e = bob->find(
            [](auto& x) { return x.kind == Kind::NickRefused && x.refusal == NickRefusal::InUse; });
        EXPECT_EQ(e->nick, "Alice");
        EXPECT_EQ(e->state, ClientState::Registered);
        EXPECT_TRUE(e->target.empty()) << "nothing else is tried after registration";
        EXPECT_FALSE(e->text.empty());
        EXPECT_EQ(bob->client->nick(), "bob");
    });

    // The refused nick is not wished for: when it becomes free, bob does not take it.
    inLoop([&] { alice->client->disconnect("bye"); });
    ASSERT_TRUE(waitFor(bob, [](auto& e) { return e.kind == Kind::Quit && e.nick == "alice"; }));
    inLoop([&] { bob->client->whois("bob"); }); // after any NICK bob would have sent
    ASSERT_TRUE(waitFor(bob, [](auto& e) { return e.kind == Kind::Whois; }));
    inLoop([&] {
        EXPECT_EQ(bob->count(Kind::NickChange), 0u) << bob->dump();
        EXPECT_EQ(bob->client->nick(), "bob");
    });
}

TEST_P(ClientTest, KeepsWhoIsAwayInItsRooms)
{
    startHost();
    auto aliceConfig = clientConfig("alice");
    aliceConfig.whoInterval = 150ms; // refreshed often, to see changes without away-notify
    auto alice = startClient(aliceConfig);
    ASSERT_TRUE(waitInRoom(alice));
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));

    inLoop([&] { bob->client->setAway("brb"); });
    ASSERT_TRUE(
        waitFor(bob, [](auto& e) { return e.kind == Kind::MemberAway && e.self && e.away; }));
    inLoop([&] {
        EXPECT_TRUE(bob->client->isAway());
        EXPECT_EQ(bob->client->awayText(), "brb");
        const RoomMember* self = memberOf(*bob->client, "#lan", "bob");
        ASSERT_NE(self, nullptr);
        EXPECT_TRUE(self->away);
        EXPECT_FALSE(alice->client->isAway()) << "away is per connection";
    });
    // alice learns it from her WHO refresh.
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::MemberAway && e.nick == "bob" && e.away &&
               e.rooms == std::vector<std::string>{"#lan"};
    }));
    inLoop([&] {
        const RoomMember* member = memberOf(*alice->client, "#lan", "bob");
        ASSERT_NE(member, nullptr);
        EXPECT_TRUE(member->away);
        alice->client->sendMessage("bob", "there?");
    });
    // Writing to him: the server says he is away.
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::AwayReply && e.nick == "bob" && e.text == "brb";
    }));

    // carol joins later, with no refresh at all: the WHO after joining tells her.
    auto carolConfig = clientConfig("carol");
    carolConfig.whoInterval = 0ms;
    auto carol = startClient(carolConfig);
    ASSERT_TRUE(waitFor(
        carol, [](auto& e) { return e.kind == Kind::MemberAway && e.nick == "bob" && e.away; }));

    inLoop([&] { bob->client->setAway(""); });
    ASSERT_TRUE(waitFor(
        alice, [](auto& e) { return e.kind == Kind::MemberAway && e.nick == "bob" && !e.away; }));
    // Several refreshes later (WHO every 150 ms: about six in a second): one event for each
    // change, not one for each WHO reply.
    std::this_thread::sleep_for(1s);
    inLoop([&] {
        std::size_t changes = 0;
        for (const auto& e : alice->events)
            changes += e.kind == Kind::MemberAway && e.nick == "bob" ? 1 : 0;
        EXPECT_EQ(changes, 2u) << alice->dump();
        EXPECT_FALSE(memberOf(*alice->client, "#lan", "bob")->away);
        EXPECT_FALSE(bob->client->isAway());
    });
}

// INVITE, and a server with away-notify: the engine asks WHO once after joining and then
// follows the server's AWAY lines.
TEST_P(ClientTest, InvitesAndFollowsAwayNotify)
{
    std::shared_ptr<ScriptedServer> server;
    const std::uint16_t scripted = startScripted(server, [](TcpConnection& conn, const Message& m) {
        if (m.command == "CAP" && m.param(0) == "LS")
            conn.send(":s.test CAP * LS :away-notify\r\n");
        else if (m.command == "CAP" && m.param(0) == "REQ")
            conn.send(":s.test CAP * ACK :" + m.param(1) + "\r\n");
        else if (m.command == "CAP" && m.param(0) == "END")
            conn.send(":s.test 001 alice :Welcome\r\n");
        else if (m.command == "JOIN")
            conn.send(":alice!a@h JOIN #room\r\n"
                      ":s.test 353 alice = #room :alice @bob\r\n"
                      ":s.test 366 alice #room :End of NAMES\r\n");
        else if (m.command == "WHO")
            conn.send(":s.test 352 alice #room a h s.test alice H :0 A\r\n"
                      ":s.test 352 alice #room b h s.test bob H@ :0 B\r\n"
                      ":s.test 315 alice #room :End of WHO list\r\n"
                      ":bob!b@h AWAY :gone fishing\r\n");
        else if (m.command == "INVITE")
            conn.send(":s.test 341 alice " + m.param(0) + " " + m.param(1) +
                      "\r\n"
                      ":s.test 301 alice " +
                      m.param(0) +
                      " :gone fishing\r\n"
                      ":bob!b@h AWAY\r\n");
    });
    auto config = clientConfig("alice", scripted);
    config.rooms = {"#room"};
    config.whoInterval = 50ms;
    auto alice = startClient(config);
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::MemberAway && e.nick == "bob" && e.away &&
               e.text == "gone fishing" && e.rooms == std::vector<std::string>{"#room"};
    })) << inLoop([&] { return alice->dump(); });
    inLoop([&] {
        EXPECT_TRUE(memberOf(*alice->client, "#room", "bob")->away);
        alice->client->invite("bob", "#room");
    });
    ASSERT_TRUE(waitFor(
        alice, [](auto& e) { return e.kind == Kind::ServerText && e.numeric == RPL_INVITING; }));
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::AwayReply && e.nick == "bob" && e.text == "gone fishing";
    }));
    ASSERT_TRUE(waitFor(
        alice, [](auto& e) { return e.kind == Kind::MemberAway && e.nick == "bob" && !e.away; }));
    test::waitUntil(
        *loop, [] { return false; }, 300ms); // several refresh intervals
    inLoop([&] {
        EXPECT_EQ(server->count("INVITE bob #room"), 1u);
        EXPECT_EQ(server->count("WHO #room"), 1u) << "with away-notify, no WHO refreshes";
        EXPECT_FALSE(memberOf(*alice->client, "#room", "bob")->away);
    });
}

// A LanChat host says CASEMAPPING=ascii: [ and { are different there.
TEST_P(ClientTest, TakesTheHostsAsciiCaseMapping)
{
    startHost();
    inLoop([&] { // IRC's default until the server says
        const IrcClient idle(*loop, clientConfig("idle"), nullptr);
        EXPECT_EQ(idle.caseMapping(), CaseMapping::Rfc1459);
        EXPECT_EQ(idle.fold("#A[1]~"), "#a{1}^");
    });
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    inLoop([&] {
        EXPECT_EQ(alice->client->caseMapping(), CaseMapping::Ascii);
        EXPECT_EQ(alice->client->fold("#Lan[1]"), "#lan[1]");
        EXPECT_NE(alice->client->room("#LAN"), nullptr);
        alice->client->join("#a[1]");
        alice->client->join("#A{1}");
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return alice->client->rooms().size() == 3; }))
        << inLoop([&] { return alice->dump(); });
    inLoop([&] {
        ASSERT_NE(alice->client->room("#A[1]"), nullptr);
        EXPECT_EQ(alice->client->room("#A[1]")->name, "#a[1]");
        EXPECT_EQ(alice->client->room("#a{1}")->name, "#A{1}");
    });
}

// A server that says CASEMAPPING=rfc1459: {}|^ are the lower case of []\~ for rooms, for nicks
// and for ourselves.
TEST_P(ClientTest, TakesAnRfc1459CaseMapping)
{
    std::shared_ptr<ScriptedServer> server;
    const std::uint16_t scripted = startScripted(server, [](TcpConnection& conn, const Message& m) {
        if (m.command == "USER")
            conn.send(":s.test 001 ali[ce] :Welcome\r\n"
                      ":s.test 005 ali[ce] CASEMAPPING=rfc1459 CHANTYPES=# :are supported\r\n");
        else if (m.command == "JOIN") // the server spells our nick and the room its way
            conn.send(":ALI{CE}!a@h JOIN #Room{1}\r\n"
                      ":s.test 353 ALI{CE} = #Room{1} :ALI{CE} @Bo[b]\r\n"
                      ":s.test 366 ALI{CE} #Room{1} :End of NAMES\r\n");
        else if (m.command == "PRIVMSG")
            conn.send(":BO{B}!b@h PART #ROOM[1] :bye\r\n"
                      ":s.test NOTICE ali[ce] :done\r\n");
    });
    auto config = clientConfig("ali[ce]", scripted);
    config.rooms = {"#room[1]"};
    auto alice = startClient(config);
    ASSERT_TRUE(waitInRoom(alice, "#ROOM[1]")) << inLoop([&] { return alice->dump(); });
    inLoop([&] {
        EXPECT_EQ(alice->client->caseMapping(), CaseMapping::Rfc1459);
        const auto* join = alice->find([](auto& e) { return e.kind == Kind::Join; });
        ASSERT_NE(join, nullptr);
        EXPECT_TRUE(join->self) << "ALI{CE} is ali[ce] under rfc1459";
        EXPECT_EQ(alice->client->rooms().size(), 1u) << "#room[1] and #Room{1} are one room";
        EXPECT_NE(memberOf(*alice->client, "#room[1]", "bo{b}"), nullptr);
        alice->client->sendMessage("#room[1]", "hi");
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Notice && e.text == "done"; }));
    inLoop([&] {
        EXPECT_EQ(memberOf(*alice->client, "#room[1]", "bob"), nullptr);
        EXPECT_EQ(alice->client->room("#room{1}")->members.size(), 1u)
            << "BO{B} parted: Bo[b] is gone";
    });
}

INSTANTIATE_TEST_SUITE_P(Loops, ClientTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::irc
