// SPDX-License-Identifier: GPL-3.0-or-later
// The host's history file: what one turn of the loop adds is written together at the turn's end
// (one write, not one system call per message), it is in the file once that turn has ended (a
// host killed later loses nothing said before), a rewrite or the end of the host writes what is
// pending, and a file that cannot be opened is said once and history goes on in memory.

#include "irc/host/history.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace netcore::irc::hostimpl {
namespace {

class HistoryFileTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        folder = std::filesystem::temp_directory_path() /
                 ("lanchat-history-file-test-" + std::to_string(std::random_device()()));
        std::filesystem::create_directories(folder);
        file = (folder / "history.irc").string();
    }
    void TearDown() override
    {
        std::error_code ignored;
        std::filesystem::remove_all(folder, ignored);
    }

    // A History whose end-of-turn tasks wait in `turnEnd` until endTurn() runs them.
    std::unique_ptr<History> make(std::size_t perTarget = 100)
    {
        return std::make_unique<History>(
            file, perTarget, std::chrono::seconds(0),
            [this](const std::string& line) { logs.push_back(line); },
            [this](std::function<void()> task) { turnEnd.push_back(std::move(task)); });
    }
    void endTurn()
    {
        auto tasks = std::move(turnEnd);
        turnEnd.clear();
        for (auto& task : tasks)
            task();
    }
    static HistoryLine line(const std::string& text, int n)
    {
        HistoryLine l;
        l.time = "2026-12-06T12:00:0" + std::to_string(n) + ".000Z";
        l.ms = parseIsoTime(l.time);
        l.msgid = "id" + std::to_string(n);
        l.source = "ada!~ada@127.0.0.1";
        l.command = "PRIVMSG";
        l.target = "#lan";
        l.text = text;
        return l;
    }
    std::vector<std::string> fileLines() const
    {
        std::ifstream in(file, std::ios::binary); // the lines end in CRLF on every system
        std::vector<std::string> lines;
        for (std::string l; std::getline(in, l);)
            lines.push_back(l);
        return lines;
    }

    std::filesystem::path folder;
    std::string file;
    std::vector<std::string> logs;
    std::vector<std::function<void()>> turnEnd;
};

TEST_F(HistoryFileTest, ATurnsLinesAreWrittenTogetherWhenTheTurnEnds)
{
    auto history = make();
    history->add("#lan", line("one", 1));
    history->add("#lan", line("two", 2));
    history->add("#lan", line("three", 3));
    EXPECT_TRUE(fileLines().empty()) << "held until the turn ends";
    ASSERT_EQ(turnEnd.size(), 1u) << "one write scheduled for the turn, not one per line";
    endTurn();
    const auto lines = fileLines();
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "@time=2026-12-06T12:00:01.000Z;msgid=id1;lanchat/key=#lan "
                        ":ada!~ada@127.0.0.1 PRIVMSG #lan :one\r");
    EXPECT_NE(lines[2].find(":three"), std::string::npos);

    history->add("#lan", line("four", 4));
    ASSERT_EQ(turnEnd.size(), 1u) << "the next turn schedules its own write";
    endTurn();
    EXPECT_EQ(fileLines().size(), 4u);
    EXPECT_TRUE(logs.empty());
}

TEST_F(HistoryFileTest, WhatIsPendingIsWrittenWhenTheHistoryEnds)
{
    {
        auto history = make();
        history->add("#lan", line("last words", 1));
        EXPECT_TRUE(fileLines().empty());
    } // the host stops before its turn's end ran
    const auto lines = fileLines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find(":last words"), std::string::npos);

    auto again = make();
    again->load();
    ASSERT_EQ(again->lines("#lan").size(), 1u);
    EXPECT_EQ(again->lines("#lan")[0]->text, "last words");
}

TEST_F(HistoryFileTest, ARewriteInTheMiddleOfATurnWritesEachLineOnce)
{
    auto history = make();
    history->add("#lan", line("kept", 1));
    history->add("#gone", line("dropped", 2));
    history->clear("#gone"); // rewrites the file with what is kept, pending lines included
    endTurn();
    const auto lines = fileLines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find(":kept"), std::string::npos);
}

TEST_F(HistoryFileTest, AFloodWithinOneTurnIsWrittenInPiecesNotHeldInMemory)
{
    auto history = make(100000);
    const std::string text(400, 'x');
    for (int i = 0; i < 400; ++i) // ~180 KiB in one turn
        history->add("#lan", line(text, i % 10));
    EXPECT_GE(fileLines().size(), 250u) << "written at 64 KiB, before the turn ends";
    endTurn();
    EXPECT_EQ(fileLines().size(), 400u);
}

TEST_F(HistoryFileTest, AFileThatCannotBeOpenedIsSaidOnceAndHistoryStaysInMemory)
{
    file = (folder / "missing-folder" / "history.irc").string();
    auto history = make();
    history->add("#lan", line("one", 1));
    endTurn();
    history->add("#lan", line("two", 2));
    endTurn();
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_NE(logs[0].find("history: cannot open " + file), std::string::npos);
    EXPECT_EQ(history->lines("#lan").size(), 2u);
}

} // namespace
} // namespace netcore::irc::hostimpl
