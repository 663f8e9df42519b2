// SPDX-License-Identifier: GPL-3.0-or-later
// The IRC client engine against a real LanChat host over loopback (and, for what our host does
// not do, against a scripted peer on a real socket): registration with and without CAP, nick
// collisions, typed events, long text, the Windows-1252 fallback, pacing, a lost link and a
// dead one, and clear errors for refusals.

#include "irc_client_support.h"

#include "netcore/irc/numerics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

namespace netcore::irc {
namespace {

// --- pure text helpers -----------------------------------------------------------------------

TEST(IrcText, ValidatesUtf8Strictly)
{
    EXPECT_TRUE(isValidUtf8(""));
    EXPECT_TRUE(isValidUtf8("plain ascii"));
    EXPECT_TRUE(isValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
    EXPECT_FALSE(isValidUtf8("caf\xe9"));          // Latin-1
    EXPECT_FALSE(isValidUtf8("\xc3"));             // truncated
    EXPECT_FALSE(isValidUtf8("\xc0\xaf"));         // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));     // a UTF-16 surrogate
    EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80")); // beyond U+10FFFF
    EXPECT_FALSE(isValidUtf8("\x80"));             // a lone continuation byte
}

TEST(IrcText, DecodesWhatIsNotUtf8AsWindows1252)
{
    EXPECT_EQ(decodeText("caf\xc3\xa9"), "caf\xc3\xa9"); // UTF-8 stays as it is
    EXPECT_EQ(decodeText("caf\xe9"), "caf\xc3\xa9");     // Latin-1 e-acute
    EXPECT_EQ(decodeText("\x80 \x93quoted\x94 \x85"),
              "\xe2\x82\xac \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\xa6"); // euro, quotes, dots
    EXPECT_EQ(decodeText("\x81\xff"), "\xc2\x81\xc3\xbf"); // undefined in 1252: the C1 control
    EXPECT_TRUE(isValidUtf8(decodeText(std::string("\xc3\x28\xa0\xa1\xfe\xff", 6))));
}

// Issue 15: a line mixing valid UTF-8 with a stray Latin-1 byte was decoded whole as
// Windows-1252 ("h\xc3\xa9" became "hÃ©"). The UTF-8 stays, only the stray byte is mapped.
TEST(IrcText, KeepsTheUtf8OfALineWithAStrayByte)
{
    EXPECT_EQ(decodeText("h\xc3\xa9llo \xe2\x9c\x93 caf\xe9"),
              "h\xc3\xa9llo \xe2\x9c\x93 caf\xc3\xa9");
    EXPECT_EQ(decodeText("\x93quoted\x94 \xf0\x9f\x98\x80"),
              "\xe2\x80\x9cquoted\xe2\x80\x9d \xf0\x9f\x98\x80");
    // A sequence cut short is not UTF-8: each of its bytes is mapped.
    EXPECT_EQ(decodeText("\xe2\x9c ok"), "\xc3\xa2\xc5\x93 ok");
}

TEST(IrcText, SplitsOnCharacterBoundariesPreferringSpaces)
{
    // No spaces: pieces are cut at the limit but never inside a character.
    std::string japanese;
    for (int i = 0; i < 100; ++i)
        japanese += "\xe6\x97\xa5\xe6\x9c\xac"; // 2 characters, 6 bytes
    const auto pieces = splitText(japanese, 100);
    std::string joined;
    for (const auto& piece : pieces) {
        EXPECT_LE(piece.size(), 100u);
        EXPECT_TRUE(isValidUtf8(piece)) << piece;
        joined += piece;
    }
    EXPECT_EQ(joined, japanese);
    EXPECT_EQ(pieces.size(), 7u); // 600 bytes, 99 per piece (33 characters)

    // Words: the break goes at a space in the second half, and the space is dropped.
    const auto words = splitText("the quick brown fox jumps over the lazy dog", 20);
    EXPECT_EQ(words,
              (std::vector<std::string>{"the quick brown fox", "jumps over the lazy", "dog"}));
    // Lines split too; empty ones go.
    EXPECT_EQ(splitText("one\r\n\ntwo\n", 50), (std::vector<std::string>{"one", "two"}));
    EXPECT_TRUE(splitText("", 50).empty());
}

// --- against the host ------------------------------------------------------------------------

// A TCP relay between clients and a server, that can cut every link (a lost connection) or
// swallow everything (a dead link: nothing is closed, nothing gets through).
struct Relay
{
    struct Pair
    {
        std::shared_ptr<TcpConnection> down, up;
        std::string early;    // from the client before the upstream connect completed
        bool swallow = false; // a dead link
    };
    std::unique_ptr<TcpListener> listener;
    std::vector<std::shared_ptr<Pair>> pairs;
    std::uint16_t target = 0;
    int accepted = 0;

    bool open(EventLoop& loop, std::uint16_t to)
    {
        target = to;
        ListenOptions options;
        options.host = "127.0.0.1";
        NetError error;
        listener = TcpListener::open(
            loop, options,
            [this, &loop](std::shared_ptr<TcpConnection> down) {
                ++accepted;
                auto pair = std::make_shared<Pair>();
                pair->down = std::move(down);
                pairs.push_back(pair);
                Pair* p = pair.get();
                p->down->setDataHandler([this, p](TcpConnection&, std::string_view data) {
                    if (p->swallow)
                        return;
                    if (p->up)
                        p->up->send(data);
                    else
                        p->early.append(data);
                });
                p->down->setCloseHandler([p](TcpConnection&, const NetError&) {
                    if (p->up)
                        p->up->close();
                });
                p->down->start();
                TcpConnector::connect(
                    loop, test::localhost(target),
                    [this, p](std::shared_ptr<TcpConnection> up, const NetError&,
                              const std::vector<ConnectAttempt>&) {
                        if (!up) {
                            p->down->abort();
                            return;
                        }
                        p->up = std::move(up);
                        p->up->setDataHandler([this, p](TcpConnection&, std::string_view data) {
                            if (!p->swallow)
                                p->down->send(data);
                        });
                        p->up->setCloseHandler(
                            [p](TcpConnection&, const NetError&) { p->down->close(); });
                        p->up->start();
                        p->up->send(p->early);
                    });
            },
            [](const NetError&) {}, &error);
        return listener != nullptr;
    }

    // Every link open now goes dead; links made later (a reconnect) work.
    void swallowAll()
    {
        for (auto& p : pairs)
            p->swallow = true;
    }

    void cutAll()
    {
        for (auto& p : pairs) {
            p->down->abort();
            if (p->up)
                p->up->abort();
        }
    }
};

TEST_P(ClientTest, RegistersWithCapabilitiesAndChats)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));

    inLoop([&] {
        const auto& caps = alice->client->capabilities();
        EXPECT_NE(std::find(caps.begin(), caps.end(), "echo-message"), caps.end());
        EXPECT_NE(std::find(caps.begin(), caps.end(), "server-time"), caps.end());
        const ClientEvent* welcome =
            alice->find([](auto& e) { return e.kind == Kind::Registered; });
        ASSERT_NE(welcome, nullptr);
        EXPECT_EQ(welcome->nick, "alice");
        EXPECT_NE(welcome->text.find("alice"), std::string::npos) << welcome->text;
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Join && e.nick == "bob"; }));
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::Names && e.room == "#lan" && e.names.size() == 2;
    }));
    inLoop([&] {
        const JoinedRoom* room = bob->client->room("#LAN");
        ASSERT_NE(room, nullptr);
        ASSERT_EQ(room->members.size(), 2u);
        EXPECT_EQ(room->members[0].nick, "alice");
        EXPECT_EQ(room->members[0].prefix, "@"); // the room's creator
        EXPECT_EQ(room->members[1].nick, "bob");
        EXPECT_EQ(room->members[1].prefix, "");
    });

    inLoop([&] {
        alice->client->sendMessage("#lan", "hello bob");
        alice->client->sendAction("#lan", "waves");
        alice->client->sendMessage("bob", "a private word");
        alice->client->sendNotice("#lan", "a notice");
    });
    ASSERT_TRUE(waitFor(bob, [](auto& e) { return e.kind == Kind::Notice && !e.nick.empty(); }));
    inLoop([&] {
        const auto* message = bob->find([](auto& e) { return e.kind == Kind::Message; });
        ASSERT_NE(message, nullptr);
        EXPECT_EQ(message->nick, "alice");
        EXPECT_EQ(message->room, "#lan");
        EXPECT_EQ(message->text, "hello bob");
        EXPECT_FALSE(message->self);
        // server-time: the host's time, not far from ours.
        EXPECT_LT(std::chrono::abs(message->time - std::chrono::system_clock::now()), 60s);
        const auto* action = bob->find([](auto& e) { return e.kind == Kind::Action; });
        ASSERT_NE(action, nullptr);
        EXPECT_EQ(action->text, "waves");
        const auto* pm =
            bob->find([](auto& e) { return e.kind == Kind::Message && e.room.empty(); });
        ASSERT_NE(pm, nullptr);
        EXPECT_EQ(pm->text, "a private word");
        EXPECT_EQ(pm->target, "bob");
    });
    // echo-message: alice's own message comes back from the host, marked as hers.
    ASSERT_TRUE(waitFor(
        alice, [](auto& e) { return e.kind == Kind::Message && e.self && e.text == "hello bob"; }));
    // A lag figure after registration.
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Lag; }));
}

TEST_P(ClientTest, ReportsRoomEvents)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));

    // Two clients' commands reach the host on two sockets in no fixed order, so bob changes his
    // nick only after alice's MODE naming "bob" has been applied.
    inLoop([&] {
        alice->client->setTopic("#lan", "today: sockets");
        alice->client->sendRaw("MODE #lan +v bob");
    });
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::Topic && e.text == "today: sockets" && e.nick == "alice";
    }));
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Mode && e.text == "+v bob"; }));
    inLoop([&] {
        bob->client->setAway("lunch");
        bob->client->setNick("robert");
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::NickChange && e.nick == "bob" && e.target == "robert" &&
               e.rooms == std::vector<std::string>{"#lan"};
    }));
    ASSERT_TRUE(
        waitFor(bob, [](auto& e) { return e.kind == Kind::Away && e.self && !e.text.empty(); }));
    ASSERT_TRUE(waitFor(
        bob, [](auto& e) { return e.kind == Kind::NickChange && e.self && e.target == "robert"; }));
    inLoop([&] {
        EXPECT_EQ(bob->client->nick(), "robert");
        const JoinedRoom* room = alice->client->room("#lan");
        ASSERT_NE(room, nullptr);
        ASSERT_EQ(room->members.size(), 2u);
        EXPECT_EQ(room->members[1].nick, "robert");
        EXPECT_EQ(room->members[1].prefix, "+");
        EXPECT_EQ(room->topic, "today: sockets");
        alice->client->sendMessage("robert", "are you there?");
    });
    // 301: robert is away.
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::AwayReply && e.nick == "robert" && e.text == "lunch";
    }));

    inLoop([&] {
        bob->client->setAway("");
        bob->client->join("#side");
        bob->client->part("#side", "wrong room");
        alice->client->sendRaw("KICK #lan robert :enough");
    });
    ASSERT_TRUE(
        waitFor(bob, [](auto& e) { return e.kind == Kind::Away && e.self && e.text.empty(); }));
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::Part && e.self && e.room == "#side" && e.text == "wrong room";
    }));
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::Kick && e.self && e.nick == "alice" && e.text == "enough";
    }));
    inLoop([&] { EXPECT_EQ(bob->client->room("#lan"), nullptr); });

    // A refusal with its text: a message to nobody.
    inLoop([&] { alice->client->sendMessage("nobody", "hello?"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::Error && e.numeric == 401 && e.target == "nobody";
    }));

    inLoop([&] { bob->client->join("#lan"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Join && e.nick == "robert"; }));
    inLoop([&] { bob->client->disconnect("bye now"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::Quit && e.nick == "robert" &&
               e.text.find("bye now") != std::string::npos;
    }));
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::StateChanged && e.state == ClientState::Disconnected && !e.error;
    }));
}

TEST_P(ClientTest, TakesAnAlternativeNickAndRegainsIt)
{
    startHost();
    auto first = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(first));
    auto second = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(second));
    inLoop([&] {
        const auto* inUse = second->find([](auto& e) { return e.kind == Kind::NickRefused; });
        ASSERT_NE(inUse, nullptr);
        EXPECT_EQ(inUse->nick, "alice");
        EXPECT_EQ(inUse->target, "alice_");
        EXPECT_EQ(second->client->nick(), "alice_");
        first->client->disconnect("leaving");
    });
    // The nick became free: the second client takes it back.
    ASSERT_TRUE(waitFor(second, [](auto& e) {
        return e.kind == Kind::NickChange && e.self && e.target == "alice";
    }));

    // Without alternatives a taken nick is an error that ends the attempt.
    auto config = clientConfig("alice");
    config.alternativeNicks = false;
    auto third = startClient(config);
    ASSERT_TRUE(waitFor(third, [](auto& e) {
        return e.kind == Kind::StateChanged && e.state == ClientState::Disconnected;
    }));
    inLoop([&] {
        const auto* down =
            third->find([](auto& e) { return e.state == ClientState::Disconnected; });
        EXPECT_EQ(down->error.code, make_error_code(Errc::refused));
        EXPECT_NE(down->error.describe().find("433"), std::string::npos) << down->error.describe();
    });
}

TEST_P(ClientTest, TriesTheUsersOwnAlternativeFirst)
{
    startHost();
    auto first = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(first));
    auto config = clientConfig("alice");
    config.alternativeNick = "ally";
    auto second = startClient(config);
    ASSERT_TRUE(waitInRoom(second));
    inLoop([&] { EXPECT_EQ(second->client->nick(), "ally"); });

    // Both taken: then the generated ones, never the same nick twice ("alice_" is also the
    // user's alternative here, so it is asked for once).
    auto thirdConfig = clientConfig("alice");
    thirdConfig.alternativeNick = "ALICE_";
    auto third = startClient(thirdConfig);
    ASSERT_TRUE(waitInRoom(third));
    auto fourth = startClient(thirdConfig);
    ASSERT_TRUE(waitInRoom(fourth));
    inLoop([&] {
        EXPECT_EQ(third->client->nick(), "ALICE_");
        EXPECT_EQ(fourth->client->nick(), "alice1");
        std::vector<std::string> tried;
        for (const auto& e : fourth->events)
            if (e.kind == Kind::NickRefused)
                tried.push_back(e.target);
        EXPECT_EQ(tried, (std::vector<std::string>{"ALICE_", "alice1"}));
    });

    // An alternative the server refuses as erroneous (432): the generated ones are tried.
    auto fifthConfig = clientConfig("ally");
    fifthConfig.alternativeNick = "9lives";
    auto fifth = startClient(fifthConfig);
    ASSERT_TRUE(waitInRoom(fifth));
    inLoop([&] { EXPECT_EQ(fifth->client->nick(), "ally_"); });
}

TEST_P(ClientTest, WrongPasswordAndUnreachableHostAreClearErrors)
{
    hostConfig.password = "letmein";
    startHost();
    auto config = clientConfig("alice");
    config.password = "wrong";
    auto refused = startClient(config);
    ASSERT_TRUE(waitFor(refused, [](auto& e) {
        return e.kind == Kind::StateChanged && e.state == ClientState::Disconnected;
    }));
    inLoop([&] {
        // Typed: the server password, not OPER's; no numeric Error beside it (the server's
        // own ERROR "Closing Link" comes as an Error, with no numeric).
        EXPECT_EQ(refused->find([](auto& e) { return e.kind == Kind::Error && e.numeric != 0; }),
                  nullptr)
            << refused->dump();
        const auto* typed = refused->find([](auto& e) { return e.kind == Kind::PasswordRefused; });
        ASSERT_NE(typed, nullptr) << refused->dump();
        EXPECT_FALSE(typed->text.empty());
        EXPECT_EQ(refused->count(Kind::OperatorRefused), 0u);
        const auto* down =
            refused->find([](auto& e) { return e.state == ClientState::Disconnected; });
        EXPECT_EQ(down->error.code, make_error_code(Errc::refused));
    });

    config.password = "letmein";
    auto admitted = startClient(config);
    ASSERT_TRUE(waitInRoom(admitted));

    // A port nobody listens on: ECONNREFUSED, no retry (it never got in).
    std::uint16_t closedPort = 0;
    inLoop([&] {
        ListenOptions options;
        options.host = "127.0.0.1";
        NetError error;
        auto probe = TcpListener::open(
            *loop, options, [](auto) {}, [](auto&) {}, &error);
        closedPort = probe->localAddress().port();
        probe->close();
    });
    auto nowhere = startClient(clientConfig("carol", closedPort));
    ASSERT_TRUE(waitFor(nowhere, [](auto& e) {
        return e.kind == Kind::StateChanged && e.state == ClientState::Disconnected;
    }));
    inLoop([&] {
        const auto* down =
            nowhere->find([](auto& e) { return e.state == ClientState::Disconnected; });
        EXPECT_EQ(errorName(down->error.code), test::platformErrorName("ECONNREFUSED"))
            << down->error.describe();
        EXPECT_EQ(nowhere->count(Kind::Registered), 0u);
    });
}

TEST_P(ClientTest, SplitsLongTextBelowTheLineLimit)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));
    std::string text;
    for (int i = 0; i < 300; ++i)
        text += "\xe6\x97\xa5\xc3\xa9"; // 2 characters, 5 bytes: 1,500 bytes
    inLoop([&] { alice->client->sendMessage("#lan", text); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] {
        std::string got;
        for (const auto& e : bob->events)
            if (e.kind == Kind::Message)
                got += e.text;
        return got == text;
    })) << "the pieces did not add up to the text (the host would cut a line that was too long)";
    inLoop([&] {
        for (const auto& e : bob->events) {
            if (e.kind == Kind::Message) {
                EXPECT_TRUE(isValidUtf8(e.text));
            }
        }
        EXPECT_GE(bob->count(Kind::Message), 4u);
    });
}

TEST_P(ClientTest, PacesItsOwnSendingUnderTheHostsFloodLimit)
{
    startHost(); // the host's defaults: a burst of 10 lines, then 5 lines/s
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));
    constexpr int Lines = 20;
    inLoop([&] {
        for (int i = 0; i < Lines; ++i)
            alice->client->sendMessage("#lan", "line " + std::to_string(i));
        EXPECT_GT(alice->client->queuedLines(), 0u); // beyond the burst: waiting its turn
    });
    ASSERT_TRUE(test::waitUntil(
        *loop, [&] { return bob->count(Kind::Message) == Lines; }, 30s));
    inLoop([&] {
        int i = 0;
        for (const auto& e : bob->events) {
            if (e.kind == Kind::Message) {
                EXPECT_EQ(e.text, "line " + std::to_string(i++)); // in order, none lost
            }
        }
        EXPECT_TRUE(alice->registered()) << "the host closed the client for flooding";
    });
}

TEST_P(ClientTest, DecodesWindows1252FromOtherClients)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    auto raw = connectAndWait(test::localhost(port));
    ASSERT_TRUE(raw->connection);
    inLoop([&] {
        raw->connection->start();
        raw->connection->send("NICK old\r\nUSER old 0 * :Old Client\r\nJOIN #lan\r\n"
                              "PRIVMSG #lan :caf\xe9 co\xfbte 5\x80\r\n");
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::Message && e.nick == "old" &&
               e.text == "caf\xc3\xa9 co\xc3\xbbte 5\xe2\x82\xac";
    }));
}

TEST_P(ClientTest, ReconnectsRejoinsAndKeepsWhatWasTyped)
{
    startHost();
    auto relay = make<Relay>();
    ASSERT_TRUE(inLoop([&] { return relay->open(*loop, port); }));
    const std::uint16_t relayPort = inLoop([&] { return relay->listener->localAddress().port(); });
    auto config = clientConfig("alice", relayPort);
    config.rooms = {"#lan", "#side"};
    auto alice = startClient(config);
    ASSERT_TRUE(waitInRoom(alice, "#side"));
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));

    inLoop([&] { relay->cutAll(); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        // (An abortive close is a reset natively, an orderly close under Wine.)
        return e.kind == Kind::StateChanged && e.state == ClientState::Waiting && e.retryIn > 0ms;
    }));
    // Typed while away: goes out once back in the room.
    inLoop([&] { alice->client->sendMessage("#lan", "back again"); });
    ASSERT_TRUE(waitFor(bob, [](auto& e) {
        return e.kind == Kind::Message && e.text == "back again";
    })) << inLoop([&] { return alice->dump(); });
    // Back in both rooms (the host may relay the message before alice reads her own JOINs).
    ASSERT_TRUE(test::waitUntil(
        *loop, [&] { return alice->client->room("#lan") && alice->client->room("#side"); }));
    inLoop([&] {
        EXPECT_EQ(relay->accepted, 2);
        EXPECT_EQ(alice->count(Kind::Registered), 2u);
        EXPECT_EQ(alice->client->nick(), "alice");
    });
}

TEST_P(ClientTest, NoticesADeadLinkByItsOwnPing)
{
    startHost();
    auto relay = make<Relay>();
    ASSERT_TRUE(inLoop([&] { return relay->open(*loop, port); }));
    const std::uint16_t relayPort = inLoop([&] { return relay->listener->localAddress().port(); });
    auto config = clientConfig("alice", relayPort);
    config.pingInterval = 300ms;
    config.pingTimeout = 600ms;
    auto alice = startClient(config);
    ASSERT_TRUE(waitInRoom(alice));

    inLoop([&] { relay->swallowAll(); }); // nothing closes, nothing gets through
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::StateChanged && e.state == ClientState::Waiting &&
               e.error.code == make_error_code(Errc::timedOut) && e.error.operation == "PING";
    }));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return alice->count(Kind::Registered) == 2; }));
}

// A server that knows nothing of CAP (an old one): "421 CAP :Unknown command", then the
// registration goes on as before IRCv3.
TEST_P(ClientTest, RegistersWithAServerWithoutCapabilities)
{
    std::shared_ptr<ScriptedServer> server;
    const std::uint16_t oldPort = startScripted(server, [](TcpConnection& conn, const Message& m) {
        if (m.command == "CAP")
            conn.send(":old.test 421 * CAP :Unknown command\r\n");
        else if (m.command == "USER")
            conn.send(":old.test 001 alice :Welcome, alice\r\n"
                      ":old.test 376 alice :End of MOTD\r\n");
        else if (m.command == "JOIN")
            conn.send(":alice!alice@127.0.0.1 JOIN #lan\r\n"
                      ":old.test 353 alice = #lan :alice\r\n"
                      ":old.test 366 alice #lan :End of NAMES\r\n");
        else if (m.command == "PRIVMSG")
            conn.send(":old.test NOTICE alice :got it\r\n");
    });
    auto alice = startClient(clientConfig("alice", oldPort));
    ASSERT_TRUE(waitInRoom(alice));
    inLoop([&] {
        EXPECT_TRUE(alice->client->capabilities().empty());
        alice->client->sendMessage("#lan", "hi");
    });
    // Without echo-message the engine reports its own message itself.
    ASSERT_TRUE(waitFor(alice, [](auto& e) {
        return e.kind == Kind::Message && e.self && e.text == "hi" && e.room == "#lan";
    }));
    ASSERT_TRUE(
        waitFor(alice, [](auto& e) { return e.kind == Kind::Notice && e.text == "got it"; }));
    inLoop([&] {
        EXPECT_EQ(server->lines.at(0), "CAP LS 302");
        EXPECT_EQ(server->lines.at(1), "NICK alice");
        EXPECT_EQ(server->lines.at(2), "USER alice 0 * :alice");
        EXPECT_EQ(std::count(server->lines.begin(), server->lines.end(), "CAP END"), 0);
    });
}

INSTANTIATE_TEST_SUITE_P(Loops, ClientTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::irc
