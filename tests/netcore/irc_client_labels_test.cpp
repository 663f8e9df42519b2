// SPDX-License-Identifier: GPL-3.0-or-later
// Replies matched to the requests they answer (issue 15): the user's WHO (who()) collected into
// one WhoList while the engine's own WHO stays silent; by label where the server has
// labeled-response, even when the replies come in another order or end in an error; by order
// where it has not; a WHO typed with /quote shown as the server's text; a CHATHISTORY the
// server refuses ends (and may be asked again); a history request cut by a lost connection is
// asked anew after the reconnect.

#include "irc_client_support.h"

#include "netcore/irc/numerics.h"

namespace netcore::irc {
namespace {

using Kind = ClientEvent::Kind;

class ClientLabelTest : public ClientTest
{
protected:
    static const WhoEntry* entryFor(const ClientEvent& e, const std::string& nick)
    {
        if (!e.whoList)
            return nullptr;
        for (const WhoEntry& entry : *e.whoList)
            if (entry.nick == nick)
                return &entry;
        return nullptr;
    }
};

// The label a line carries ("" when none).
std::string labelOf(const Message& m)
{
    const std::string* label = m.tag("label");
    return label ? *label : std::string();
}

TEST_P(ClientLabelTest, TheUsersWhoIsCollectedAndTheEnginesOwnIsNotShown)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    ClientConfig config = clientConfig("bob");
    config.realName = "Bob Builder";
    auto bob = startClient(config);
    ASSERT_TRUE(waitInRoom(bob));
    inLoop([&] { bob->client->setAway("lunch"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::MemberAway && e.away; }));

    inLoop([&] {
        const auto& caps = alice->client->capabilities();
        EXPECT_NE(std::find(caps.begin(), caps.end(), "labeled-response"), caps.end());
        alice->client->who("#lan");
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::WhoList; }));
    inLoop([&] {
        const ClientEvent* list = alice->find([](auto& e) { return e.kind == Kind::WhoList; });
        EXPECT_EQ(list->target, "#lan");
        EXPECT_EQ(list->room, "#lan");
        ASSERT_EQ(list->whoList->size(), 2u);
        const WhoEntry* a = entryFor(*list, "alice");
        const WhoEntry* b = entryFor(*list, "bob");
        ASSERT_TRUE(a && b);
        EXPECT_EQ(a->prefixes, "@") << "the first in a room is its operator";
        EXPECT_FALSE(a->away);
        EXPECT_TRUE(b->away);
        EXPECT_EQ(b->prefixes, "");
        EXPECT_EQ(b->user, "~bob");
        EXPECT_EQ(b->host, "127.0.0.1");
        EXPECT_EQ(b->room, "#lan");
        EXPECT_EQ(b->realName, "Bob Builder");
        // The engine's own WHO after joining was never shown.
        EXPECT_EQ(alice->find([](auto& e) {
            return e.kind == Kind::ServerText && e.numeric == RPL_WHOREPLY;
        }),
                  nullptr);
    });

    // A WHO the user typed (/quote) is not the engine's: its lines are shown as they come.
    inLoop([&] { alice->client->sendRaw("WHO bob"); });
    ASSERT_TRUE(waitFor(
        alice, [](auto& e) { return e.kind == Kind::ServerText && e.numeric == RPL_ENDOFWHO; }));
    inLoop([&] {
        const ClientEvent* line = alice->find(
            [](auto& e) { return e.kind == Kind::ServerText && e.numeric == RPL_WHOREPLY; });
        ASSERT_NE(line, nullptr);
        EXPECT_EQ(line->kind, Kind::ServerText);
        EXPECT_NE(line->text.find("Bob Builder"), std::string::npos) << line->text;
        EXPECT_EQ(alice->count(Kind::WhoList), 1u);
    });

    // Nobody matches: an empty list, still one answer.
    inLoop([&] { alice->client->who("nobody"); });
    ASSERT_TRUE(
        waitFor(alice, [](auto& e) { return e.kind == Kind::WhoList && e.target == "nobody"; }));
    inLoop([&] {
        const ClientEvent* list =
            alice->find([](auto& e) { return e.kind == Kind::WhoList && e.target == "nobody"; });
        EXPECT_TRUE(list->whoList->empty());
        EXPECT_EQ(list->count, 0u);
    });
}

TEST_P(ClientLabelTest, AHistoryRequestTheServerRefusesEndsAndMayBeAskedAgain)
{
    startHost();
    auto alice = startClient(clientConfig("alice"));
    ASSERT_TRUE(waitInRoom(alice));
    // Not a member of #elsewhere: FAIL CHATHISTORY INVALID_TARGET, labelled.
    for (std::size_t round = 1; round <= 2; ++round) {
        ASSERT_TRUE(inLoop([&] { return alice->client->requestHistory("#elsewhere"); }));
        ASSERT_TRUE(test::waitUntil(*loop, [&] { return alice->count(Kind::HistoryEnd) == round; }))
            << inLoop([&] { return alice->dump(); });
    }
    inLoop([&] {
        const ClientEvent* error = alice->find([](auto& e) { return e.kind == Kind::Error; });
        ASSERT_NE(error, nullptr);
        EXPECT_EQ(error->room, "#elsewhere");
        EXPECT_NE(error->text.find("[CHATHISTORY INVALID_TARGET]"), std::string::npos)
            << error->text;
        const ClientEvent* end = alice->find([](auto& e) { return e.kind == Kind::HistoryEnd; });
        EXPECT_EQ(end->target, "#elsewhere");
        EXPECT_EQ(end->count, 0u);
    });
}

// A server with labeled-response that answers the user's WHO before the engine's (as it may:
// the label says which is which), and a WHO of a room it refuses with an error alone.
TEST_P(ClientLabelTest, RepliesAreMatchedByTheirLabel)
{
    struct Script
    {
        std::vector<std::string> whoLabels; // of the WHOs, in the order they came
        std::vector<std::string> whoMasks;
    };
    auto state = std::make_shared<Script>();
    std::shared_ptr<ScriptedServer> server;
    const std::uint16_t scripted =
        startScripted(server, [state](TcpConnection& conn, const Message& m) {
            if (m.command == "CAP" && m.param(0) == "LS") {
                conn.send(":s.test CAP * LS :batch message-tags labeled-response\r\n");
            } else if (m.command == "CAP" && m.param(0) == "REQ") {
                conn.send(":s.test CAP * ACK :" + m.param(1) + "\r\n");
            } else if (m.command == "CAP" && m.param(0) == "END") {
                conn.send(":s.test 001 alice :Welcome\r\n:s.test 376 alice :End of MOTD\r\n");
            } else if (m.command == "JOIN") {
                conn.send(":alice!a@h JOIN #lan\r\n:s.test 353 alice = #lan :alice carol\r\n"
                          ":s.test 366 alice #lan :End of NAMES\r\n");
            } else if (m.command == "WHO") {
                state->whoLabels.push_back(labelOf(m));
                state->whoMasks.push_back(m.param(0));
                if (state->whoMasks.size() == 3) // #bad: an error, the whole reply
                    conn.send("@label=" + state->whoLabels[2] +
                              " :s.test 403 alice #bad :No such channel\r\n");
                if (state->whoMasks.size() != 2)
                    return;
                // The user's (second) first, then the engine's: each a labelled batch.
                conn.send("@label=" + state->whoLabels[1] +
                          " :s.test BATCH +u labeled-response\r\n"
                          "@batch=u :s.test 352 alice * b host s.test bob H :0 Bob\r\n"
                          "@batch=u :s.test 315 alice bob :End of WHO list\r\n"
                          ":s.test BATCH -u\r\n"
                          "@label=" +
                          state->whoLabels[0] +
                          " :s.test BATCH +o labeled-response\r\n"
                          "@batch=o :s.test 352 alice #lan c host s.test carol G@ :0 Carol\r\n"
                          "@batch=o :s.test 315 alice #lan :End of WHO list\r\n"
                          ":s.test BATCH -o\r\n");
            }
        });
    auto config = clientConfig("alice", scripted);
    config.whoInterval = 0ms;
    auto alice = startClient(config);
    ASSERT_TRUE(waitInRoom(alice));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return state->whoMasks.size() == 1; }));
    inLoop([&] { alice->client->who("bob"); });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::WhoList; }));
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::MemberAway; }));
    inLoop([&] {
        ASSERT_EQ(state->whoMasks, (std::vector<std::string>{"#lan", "bob"}));
        EXPECT_FALSE(state->whoLabels[0].empty());
        EXPECT_FALSE(state->whoLabels[1].empty());
        EXPECT_NE(state->whoLabels[0], state->whoLabels[1]);
        const ClientEvent* list = alice->find([](auto& e) { return e.kind == Kind::WhoList; });
        ASSERT_EQ(list->whoList->size(), 1u) << "only the user's reply";
        EXPECT_EQ(list->whoList->front().nick, "bob");
        EXPECT_EQ(list->whoList->front().realName, "Bob");
        // The engine's reply went to the member list.
        const ClientEvent* away = alice->find([](auto& e) { return e.kind == Kind::MemberAway; });
        EXPECT_EQ(away->nick, "carol");
        EXPECT_EQ(alice->client->room("#lan")->members[1].userHost, "c@host");
        EXPECT_EQ(alice->client->room("#lan")->members[1].prefix, "@");
        alice->client->who("#bad");
    });
    ASSERT_TRUE(
        waitFor(alice, [](auto& e) { return e.kind == Kind::WhoList && e.target == "#bad"; }));
    inLoop([&] {
        EXPECT_TRUE(alice->find([](auto& e) { return e.kind == Kind::Error && e.numeric == 403; }));
        EXPECT_TRUE(
            alice->find([](auto& e) { return e.kind == Kind::WhoList && e.target == "#bad"; })
                ->whoList->empty());
    });
}

// ngircd and older servers: no labels; replies come in the order asked, and one that no request
// of the engine's waits for is the user's /quote.
TEST_P(ClientLabelTest, WithoutLabelsRepliesAreMatchedInOrder)
{
    std::shared_ptr<ScriptedServer> server;
    const std::uint16_t scripted = startScripted(server, [](TcpConnection& conn, const Message& m) {
        if (m.command == "CAP")
            conn.send(":old.test 421 * CAP :Unknown command\r\n");
        else if (m.command == "USER")
            conn.send(":old.test 001 alice :Welcome\r\n:old.test 376 alice :End of MOTD\r\n");
        else if (m.command == "JOIN")
            conn.send(":alice!a@h JOIN #lan\r\n:old.test 353 alice = #lan :alice carol\r\n"
                      ":old.test 366 alice #lan :End of NAMES\r\n");
        else if (m.command == "WHO" && m.param(0) == "#lan")
            conn.send(":old.test 352 alice #lan c host old.test carol G :0 Carol\r\n"
                      ":old.test 315 alice #lan :End of WHO list\r\n");
        else if (m.command == "WHO")
            conn.send(":old.test 352 alice * " + m.param(0) + " host old.test " + m.param(0) +
                      " H :0 Someone\r\n:old.test 315 alice " + m.param(0) +
                      " :End of WHO list\r\n");
    });
    auto config = clientConfig("alice", scripted);
    config.whoInterval = 0ms;
    auto alice = startClient(config);
    ASSERT_TRUE(waitInRoom(alice));
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::MemberAway; }));
    inLoop([&] {
        alice->client->who("bob");
        alice->client->sendRaw("WHO zed");
    });
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.numeric == RPL_ENDOFWHO; }));
    inLoop([&] {
        EXPECT_EQ(alice->count(Kind::WhoList), 1u);
        const ClientEvent* list = alice->find([](auto& e) { return e.kind == Kind::WhoList; });
        ASSERT_EQ(list->whoList->size(), 1u);
        EXPECT_EQ(list->whoList->front().nick, "bob");
        const ClientEvent* line = alice->find(
            [](auto& e) { return e.kind == Kind::ServerText && e.numeric == RPL_WHOREPLY; });
        ASSERT_NE(line, nullptr) << "the /quote reply, shown";
        EXPECT_NE(line->text.find("zed"), std::string::npos) << line->text;
        EXPECT_EQ(alice->find([](auto& e) { return e.text.find("carol") != std::string::npos; }),
                  nullptr)
            << "the engine's own reply is not shown";
    });
}

// The connection is lost in the middle of the server's history: after the reconnect the
// history is asked for again, not taken to be on its way still.
TEST_P(ClientLabelTest, AHistoryRequestCutByALostConnectionIsAskedAnew)
{
    std::shared_ptr<ScriptedServer> server;
    const std::uint16_t scripted = startScripted(server, [](TcpConnection& conn, const Message& m) {
        if (m.command == "CAP" && m.param(0) == "LS")
            conn.send(":s.test CAP * LS :batch message-tags draft/chathistory\r\n");
        else if (m.command == "CAP" && m.param(0) == "REQ")
            conn.send(":s.test CAP * ACK :" + m.param(1) + "\r\n");
        else if (m.command == "CAP" && m.param(0) == "END") // welcome after the capabilities
            conn.send(":s.test 001 alice :Welcome\r\n:s.test 376 alice :End of MOTD\r\n");
        else if (m.command == "CHATHISTORY") {
            conn.send(":s.test BATCH +h chathistory bob\r\n");
            conn.abort(); // lost, with the batch open
        }
    });
    auto config = clientConfig("alice", scripted);
    config.rooms.clear();
    auto alice = startClient(config);
    ASSERT_TRUE(waitFor(alice, [](auto& e) { return e.kind == Kind::Registered; }));
    ASSERT_TRUE(inLoop([&] { return alice->client->requestHistory("bob"); }));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return alice->count(Kind::Registered) == 2; }));
    ASSERT_TRUE(inLoop([&] { return alice->client->requestHistory("bob"); }));
    ASSERT_TRUE(test::waitUntil(*loop, [&] {
        return std::count_if(server->lines.begin(), server->lines.end(), [](const auto& line) {
                   return line.starts_with("CHATHISTORY LATEST bob");
               }) == 2;
    }));
}

INSTANTIATE_TEST_SUITE_P(Loops, ClientLabelTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::irc
