// SPDX-License-Identifier: GPL-3.0-or-later
// The host's catch-up history (issue 15): draft/chathistory's LATEST, BEFORE, AFTER, AROUND,
// BETWEEN and TARGETS over real loopback sockets; who may read what (members, the two ends of
// a private chat, not someone who takes a nick later); answers capped and given in pieces; the
// history file that a restart reads again (without a secret room's lines); a room that ends
// takes its history along; a file that cannot be written is said and history goes on.

#include "irc_host_support.h"

#include <filesystem>
#include <fstream>
#include <random>

namespace netcore::irc {
namespace {

const std::string kCaps = "draft/chathistory batch server-time message-tags echo-message";

class HostHistoryTest : public HostTest
{
protected:
    void TearDown() override
    {
        HostTest::TearDown();
        if (!folder.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(folder, ignored);
        }
    }

    // A history file in a folder of its own.
    void useHistoryFile()
    {
        folder = std::filesystem::temp_directory_path() /
                 ("lanchat-history-test-" + std::to_string(std::random_device()()));
        std::filesystem::create_directories(folder);
        config.historyFile = (folder / "history.irc").string();
    }

    // Sends `count` messages "NAME i" to `target`; returns their echoes (msgid and time).
    std::vector<std::string> say(const std::shared_ptr<LineClient>& c, const std::string& target,
                                 const std::string& name, int count)
    {
        std::vector<std::string> echoes;
        for (int i = 0; i < count; ++i) {
            send(c, "PRIVMSG " + target + " :" + name + " " + std::to_string(i));
            echoes.push_back(
                expect(c, "PRIVMSG " + target + " :" + name + " " + std::to_string(i) + "$"));
            // Distinct times, so that timestamp= references are exact.
            std::this_thread::sleep_for(3ms);
        }
        return echoes;
    }

    // Sends a CHATHISTORY request and returns the texts of the batch it is answered with
    // ("" entries never), checking the batch's frame and each line's batch tag.
    std::vector<std::string> history(const std::shared_ptr<LineClient>& c,
                                     const std::string& request)
    {
        send(c, "CHATHISTORY " + request);
        const std::string start = expect(c, " BATCH \\+\\S+ chathistory ");
        const std::string id = start.substr(start.find('+') + 1,
                                            start.find(' ', start.find('+')) - start.find('+') - 1);
        std::vector<std::string> texts;
        const std::string end = ":lan.test BATCH -" + id;
        for (;;) {
            const std::string line = expect(c, "batch=" + id + "|BATCH -" + id);
            if (line.empty() || line == end)
                break;
            EXPECT_FALSE(tag(line, "msgid").empty()) << line;
            EXPECT_FALSE(tag(line, "time").empty()) << line;
            texts.push_back(line.substr(line.rfind(" :") + 2));
        }
        return texts;
    }

    static std::vector<std::string> numbered(const std::string& name, int from, int to)
    {
        std::vector<std::string> texts;
        for (int i = from; i < to; ++i)
            texts.push_back(name + " " + std::to_string(i));
        return texts;
    }

    std::filesystem::path folder;
};

TEST_P(HostHistoryTest, EverySubcommandChoosesTheRightLines)
{
    startHost();
    auto ada = withCaps("ada", kCaps);
    joinRoom(ada, "ada", "#lan");
    const auto echoes = say(ada, "#lan", "m", 10);
    const auto id = [&](int i) { return "msgid=" + tag(echoes[i], "msgid"); };
    const auto at = [&](int i) { return "timestamp=" + tag(echoes[i], "time"); };

    EXPECT_EQ(history(ada, "LATEST #lan * 20"), numbered("m", 0, 10));
    EXPECT_EQ(history(ada, "LATEST #lan * 3"), numbered("m", 7, 10));
    EXPECT_EQ(history(ada, "LATEST #lan " + id(4) + " 20"), numbered("m", 5, 10));
    EXPECT_EQ(history(ada, "LATEST #lan " + at(4) + " 20"), numbered("m", 5, 10));
    EXPECT_EQ(history(ada, "BEFORE #lan " + id(6) + " 20"), numbered("m", 0, 6));
    EXPECT_EQ(history(ada, "BEFORE #lan " + at(6) + " 2"), numbered("m", 4, 6));
    EXPECT_EQ(history(ada, "AFTER #lan " + id(3) + " 20"), numbered("m", 4, 10));
    EXPECT_EQ(history(ada, "AFTER #lan " + at(3) + " 3"), numbered("m", 4, 7));
    EXPECT_EQ(history(ada, "AROUND #lan " + id(7) + " 1"), numbered("m", 7, 8));
    EXPECT_EQ(history(ada, "AROUND #lan " + id(7) + " 3"), numbered("m", 6, 9));
    EXPECT_EQ(history(ada, "BETWEEN #lan " + id(0) + " " + id(9) + " 20"), numbered("m", 1, 9));
    EXPECT_EQ(history(ada, "BETWEEN #lan " + id(9) + " " + id(0) + " 20"), numbered("m", 1, 9));
    EXPECT_EQ(history(ada, "BETWEEN #lan " + at(0) + " " + at(9) + " 3"), numbered("m", 1, 4));
    EXPECT_EQ(history(ada, "BETWEEN #lan " + at(9) + " " + at(0) + " 3"), numbered("m", 6, 9));
    EXPECT_TRUE(history(ada, "BEFORE #lan msgid=unknown 5").empty());

    // The replayed lines are the ones that were sent: the same msgid and time.
    send(ada, "CHATHISTORY LATEST #lan * 1");
    const std::string replayed = expect(ada, "PRIVMSG #lan :m 9$");
    EXPECT_EQ(tag(replayed, "msgid"), tag(echoes[9], "msgid"));
    EXPECT_EQ(tag(replayed, "time"), tag(echoes[9], "time"));
    EXPECT_TRUE(replayed.find(":ada!~ada@127.0.0.1 PRIVMSG #lan :m 9") != std::string::npos);
}

TEST_P(HostHistoryTest, BadRequestsGetStandardReplies)
{
    startHost();
    auto ada = withCaps("ada", kCaps);
    auto bob = withCaps("bob", kCaps);
    joinRoom(ada, "ada", "#lan");
    joinRoom(bob, "bob", "#other");
    const std::vector<ReplyCase> table = {
        {"Unknown", "CHATHISTORY FROB #lan * 5",
         " :lan\\.test FAIL CHATHISTORY INVALID_PARAMS FROB :"},
        {"NoLimit", "CHATHISTORY LATEST #lan *", "FAIL CHATHISTORY INVALID_PARAMS LATEST :"},
        {"ZeroLimit", "CHATHISTORY LATEST #lan * 0", "FAIL CHATHISTORY INVALID_PARAMS LATEST :"},
        {"BadRef", "CHATHISTORY BEFORE #lan yesterday 5",
         "FAIL CHATHISTORY INVALID_MSGREFTYPE BEFORE #lan :"},
        {"StarOnlyForLatest", "CHATHISTORY AFTER #lan * 5",
         "FAIL CHATHISTORY INVALID_MSGREFTYPE AFTER #lan :"},
        {"BadTime", "CHATHISTORY BEFORE #lan timestamp=2026-13-01T00:00:00.000Z 5",
         "FAIL CHATHISTORY INVALID_MSGREFTYPE BEFORE #lan :"},
        {"NoRoom", "CHATHISTORY LATEST #nowhere * 5",
         "FAIL CHATHISTORY INVALID_TARGET LATEST #nowhere :"},
        {"NotMember", "CHATHISTORY LATEST #other * 5",
         "FAIL CHATHISTORY INVALID_TARGET LATEST #other :Only a room's members"},
        {"BadNick", "CHATHISTORY LATEST 9lives * 5",
         "FAIL CHATHISTORY INVALID_TARGET LATEST 9lives"},
        {"NoParams", "CHATHISTORY", " 461 ada CHATHISTORY :Not enough parameters$"},
    };
    expectReplies(ada, table);
}

TEST_P(HostHistoryTest, ARoomsHistoryIsForItsMembersAndAHugeRangeComesInPieces)
{
    config.floodLinesPerSecond = 0;
    startHost();
    auto ada = withCaps("ada", kCaps);
    auto eve = withCaps("eve", kCaps);
    joinRoom(ada, "ada", "#lan");
    for (int i = 0; i < 150; ++i)
        send(ada, "PRIVMSG #lan :line " + std::to_string(i));
    expect(ada, "PRIVMSG #lan :line 149$");
    // Not a member: nothing.
    send(eve, "CHATHISTORY LATEST #lan * 10");
    expect(eve, "FAIL CHATHISTORY INVALID_TARGET LATEST #lan ");
    // A member asks for everything: 100 lines (ISUPPORT CHATHISTORY=100), then the rest before
    // the oldest it got.
    joinRoom(eve, "eve", "#lan");
    send(eve, "CHATHISTORY LATEST #lan * 100000");
    const std::string first = expect(eve, "PRIVMSG #lan :line 50$");
    EXPECT_EQ(history(eve, "BEFORE #lan msgid=" + tag(first, "msgid") + " 100"),
              numbered("line", 0, 50));
    EXPECT_EQ(history(eve, "LATEST #lan * 100000").size(), 100u);
}

TEST_P(HostHistoryTest, PrivateChatsAreForTheirTwoEndsOnly)
{
    startHost();
    auto ada = withCaps("ada", kCaps);
    auto bob = withCaps("bob", kCaps);
    auto cyd = withCaps("cyd", kCaps);
    say(ada, "bob", "to bob", 2);
    send(bob, "PRIVMSG ada :to ada");
    expect(ada, "PRIVMSG ada :to ada$");
    say(ada, "cyd", "to cyd", 1);
    const std::vector<std::string> chat = {"to bob 0", "to bob 1", "to ada"};
    EXPECT_EQ(history(ada, "LATEST bob * 10"), chat);
    EXPECT_EQ(history(bob, "LATEST ADA * 10"), chat);
    EXPECT_TRUE(history(cyd, "LATEST bob * 10").empty()) << "cyd was not in that chat";
    EXPECT_EQ(history(cyd, "LATEST ada * 10"), numbered("to cyd", 0, 1));

    // bob leaves; someone else takes his nick: it does not read what was said to him.
    send(bob, "QUIT");
    EXPECT_TRUE(closedWithin(bob));
    auto impostor = connectClient();
    send(impostor, "CAP REQ :" + kCaps);
    send(impostor, "NICK bob");
    send(impostor, "USER mallory 0 * :Mallory");
    send(impostor, "CAP END");
    expect(impostor, " 001 bob ");
    EXPECT_TRUE(history(impostor, "LATEST ada * 10").empty());
    // The real bob, back from the same machine with the same user name, reads it again.
    send(impostor, "QUIT");
    EXPECT_TRUE(closedWithin(impostor));
    auto back = withCaps("bob", kCaps);
    EXPECT_EQ(history(back, "LATEST ada * 10"), chat);
}

TEST_P(HostHistoryTest, TargetsListsTheConversationsWithNewLinesInOrder)
{
    startHost();
    auto ada = withCaps("ada", kCaps);
    auto bob = withCaps("bob", kCaps);
    joinRoom(ada, "ada", "#one");
    const auto one = say(ada, "#one", "x", 1);
    const auto toBob = say(ada, "bob", "y", 1);
    joinRoom(ada, "ada", "#two");
    const auto two = say(ada, "#two", "z", 1);
    send(ada, "CHATHISTORY TARGETS timestamp=2020-01-01T00:00:00.000Z "
              "timestamp=2262-01-01T00:00:00.000Z 10");
    expect(ada, " BATCH \\+\\S+ draft/chathistory-targets$");
    expect(ada, "CHATHISTORY TARGETS #one " + tag(one[0], "time") + "$");
    expect(ada, "CHATHISTORY TARGETS bob " + tag(toBob[0], "time") + "$");
    expect(ada, "CHATHISTORY TARGETS #two " + tag(two[0], "time") + "$");
    expect(ada, " BATCH -");
    send(ada, "CHATHISTORY TARGETS timestamp=" + tag(one[0], "time") +
                  " timestamp=2262-01-01T00:00:00.000Z 1");
    expect(ada, "CHATHISTORY TARGETS bob ");
    expect(ada, " BATCH -");
    EXPECT_TRUE(never(ada, "TARGETS #")) << "the limit and the range leave the rooms out";
}

TEST_P(HostHistoryTest, ALabelledRequestLabelsItsBatch)
{
    startHost();
    auto ada = withCaps("ada", kCaps + " labeled-response");
    joinRoom(ada, "ada", "#lan");
    say(ada, "#lan", "m", 2);
    send(ada, "@label=h1 CHATHISTORY LATEST #lan * 10");
    expect(ada, "^@label=h1 :lan\\.test BATCH \\+\\S+ chathistory #lan$");
    expect(ada, "PRIVMSG #lan :m 1$");
}

TEST_P(HostHistoryTest, TheFileKeepsHistoryAcrossARestartButNotASecretRoomsLines)
{
    useHistoryFile();
    startHost();
    auto ada = withCaps("ada", kCaps);
    joinRoom(ada, "ada", "#lan");
    const auto said = say(ada, "#lan", "kept", 3);
    joinRoom(ada, "ada", "#hush");
    send(ada, "MODE #hush +s");
    expect(ada, "MODE #hush \\+s$");
    say(ada, "#hush", "secret", 1);
#ifndef _WIN32
    EXPECT_EQ(std::filesystem::status(config.historyFile).permissions() &
                  std::filesystem::perms::others_read,
              std::filesystem::perms::none)
        << "private messages: the file is its owner's only";
#endif

    loop->invoke([&] { host->reset(); });
    EXPECT_TRUE(closedWithin(ada));
    startHost();
    auto again = withCaps("ada", kCaps);
    joinRoom(again, "ada", "#lan");
    joinRoom(again, "ada", "#hush");
    send(again, "CHATHISTORY LATEST #lan * 10");
    const std::string first = expect(again, "PRIVMSG #lan :kept 0$");
    EXPECT_EQ(tag(first, "msgid"), tag(said[0], "msgid"));
    EXPECT_EQ(tag(first, "time"), tag(said[0], "time"));
    EXPECT_EQ(history(again, "LATEST #lan * 10"), numbered("kept", 0, 3));
    EXPECT_TRUE(history(again, "LATEST #hush * 10").empty()) << "+s does not outlive the host";
    EXPECT_TRUE(*loop->invoke([&] {
        return std::any_of(logs->begin(), logs->end(), [](const std::string& l) {
            return l.find("history: 3 lines kept of 4") != std::string::npos &&
                   l.find("1 from secret rooms dropped") != std::string::npos;
        });
    }));
}

TEST_P(HostHistoryTest, ARoomThatEndsTakesItsHistoryAlong)
{
    useHistoryFile();
    startHost();
    auto ada = withCaps("ada", kCaps);
    joinRoom(ada, "ada", "#brief");
    say(ada, "#brief", "gone", 2);
    joinRoom(ada, "ada", "#lan");
    say(ada, "#lan", "stays", 1);
    send(ada, "PART #brief");
    expect(ada, "PART #brief");
    joinRoom(ada, "ada", "#brief");
    EXPECT_TRUE(history(ada, "LATEST #brief * 10").empty());
    EXPECT_EQ(history(ada, "LATEST #lan * 10"), numbered("stays", 0, 1))
        << "the standing room keeps its lines";
    std::ifstream file(config.historyFile);
    const std::string text((std::istreambuf_iterator<char>(file)), {});
    EXPECT_EQ(text.find("gone"), std::string::npos) << "out of the file too";
}

TEST_P(HostHistoryTest, AFileThatCannotBeWrittenIsSaidAndHistoryGoesOn)
{
    config.historyFile = "/nonexistent-lanchat-folder/history.irc";
    startHost();
    auto ada = withCaps("ada", kCaps);
    joinRoom(ada, "ada", "#lan");
    say(ada, "#lan", "m", 2);
    EXPECT_EQ(history(ada, "LATEST #lan * 10"), numbered("m", 0, 2));
    EXPECT_TRUE(*loop->invoke([&] {
        return std::any_of(logs->begin(), logs->end(), [](const std::string& l) {
            return l.find("history: cannot open /nonexistent-lanchat-folder/history.irc; the "
                          "history stays in memory only") != std::string::npos;
        });
    }));
}

TEST_P(HostHistoryTest, NoHistoryMeansNoCapability)
{
    config.historyLines = 0;
    startHost();
    auto c = connectClient();
    send(c, "CAP LS 302");
    const std::string ls = expect(c, " CAP \\* LS :");
    EXPECT_EQ(ls.find("chathistory"), std::string::npos) << ls;
    send(c, "CAP REQ :draft/chathistory");
    expect(c, " CAP \\* NAK :draft/chathistory$");
}

INSTANTIATE_TEST_SUITE_P(Loops, HostHistoryTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::irc
