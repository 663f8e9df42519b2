// SPDX-License-Identifier: GPL-3.0-or-later
// IdleFolder, the console trace's folding of idle wake-ups: a run of select() = 0 on one thread
// becomes one line with its count, let out by the thread's next other call, by the end of its
// window (1 s, then doubling while the thread stays idle) or by finish(); other threads' calls
// do not end it; a wake-up that found something, or failed, is never folded.

#include "netcore/trace_fold.h"

#include <gtest/gtest.h>

namespace netcore {
namespace {

constexpr std::int64_t kMs = 1'000'000;

struct Events
{
    std::uint64_t seq = 0;
    TraceEvent make(Call call, std::uint64_t thread, std::int64_t timeNs, long long result = 0)
    {
        TraceEvent e;
        e.seq = ++seq;
        e.call = call;
        e.thread = thread;
        e.timeNs = timeNs;
        e.result = result;
        return e;
    }
};

bool isFolded(const std::string& line, const std::string& count)
{
    return line.find("  x" + count + " in ") != std::string::npos &&
           line.find("(idle wake-ups)") != std::string::npos;
}

TEST(IdleFolderTest, IdleWakeupsAreTimeoutsOfTheLoopsWait)
{
    Events ev;
    EXPECT_TRUE(isIdleWakeup(ev.make(Call::Select, 1, 0, 0)));
    EXPECT_TRUE(isIdleWakeup(ev.make(Call::Epoll, 1, 0, 0)));
    EXPECT_FALSE(isIdleWakeup(ev.make(Call::Select, 1, 0, 1))) << "it found a ready socket";
    TraceEvent failed = ev.make(Call::Select, 1, 0, -1);
    failed.error = 4;
    failed.errorName = "EINTR";
    EXPECT_FALSE(isIdleWakeup(failed));
    failed.result = 0; // odd, but an error is never hidden
    EXPECT_FALSE(isIdleWakeup(failed));
    EXPECT_FALSE(isIdleWakeup(ev.make(Call::Recv, 1, 0, 0))) << "recv = 0 is an end of stream";
}

TEST(IdleFolderTest, ARunIsOneLineWhenTheThreadDoesSomethingElse)
{
    Events ev;
    IdleFolder folder;
    std::vector<std::string> lines;
    for (int i = 0; i < 5; ++i)
        folder.add(ev.make(Call::Select, 2, i * 100 * kMs), lines);
    EXPECT_TRUE(lines.empty()) << lines.front();
    folder.add(ev.make(Call::Select, 2, 550 * kMs, 1), lines);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE(isFolded(lines[0], "5")) << lines[0];
    EXPECT_NE(lines[0].find("x5 in 0.4 s"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("select() = 0"), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("select() = 1"), std::string::npos) << lines[1];
    EXPECT_EQ(lines[1].find("idle"), std::string::npos) << lines[1];
}

TEST(IdleFolderTest, ASingleIdleWakeupPrintsAsItself)
{
    Events ev;
    IdleFolder folder;
    std::vector<std::string> lines;
    folder.add(ev.make(Call::Epoll, 3, 0), lines);
    folder.add(ev.make(Call::Recv, 3, 5 * kMs, 12), lines);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_NE(lines[0].find("epoll_wait() = 0"), std::string::npos) << lines[0];
    EXPECT_EQ(lines[0].find(" x1 "), std::string::npos) << lines[0];
}

TEST(IdleFolderTest, OtherThreadsDoNotEndARun)
{
    Events ev;
    IdleFolder folder;
    std::vector<std::string> lines;
    folder.add(ev.make(Call::Select, 2, 0), lines);
    folder.add(ev.make(Call::Send, 5, 10 * kMs, 3), lines);
    folder.add(ev.make(Call::Select, 2, 100 * kMs), lines);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("send("), std::string::npos) << lines[0];
    folder.finish(lines);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE(isFolded(lines[1], "2")) << lines[1];
    EXPECT_NE(lines[1].find("T2"), std::string::npos) << lines[1];
}

TEST(IdleFolderTest, AnIdleLoopPrintsALineAWindowAndTheWindowsGrow)
{
    Events ev;
    IdleFolder folder;
    std::vector<std::string> lines;
    // 100 ms ticks for 8 s: windows of 1 s, 2 s and 4 s (a window of N s holds 10 N + 1 ticks),
    // then 0.8 s still being folded.
    for (int i = 0; i <= 80; ++i)
        folder.add(ev.make(Call::Select, 2, i * 100 * kMs), lines);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_TRUE(isFolded(lines[0], "11")) << lines[0]; // 0 .. 1.0 s
    EXPECT_NE(lines[0].find("in 1.0 s"), std::string::npos) << lines[0];
    EXPECT_TRUE(isFolded(lines[1], "21")) << lines[1]; // 1.1 .. 3.1 s
    EXPECT_TRUE(isFolded(lines[2], "41")) << lines[2]; // 3.2 .. 7.2 s
    folder.finish(lines);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_TRUE(isFolded(lines[3], "8")) << lines[3]; // 7.3 .. 8.0 s
    // Activity starts the windows again at 1 s.
    folder.add(ev.make(Call::Accept, 2, 8100 * kMs, 7), lines);
    for (int i = 82; i <= 93; ++i)
        folder.add(ev.make(Call::Select, 2, i * 100 * kMs), lines);
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_TRUE(isFolded(lines[5], "11")) << lines[5];
}

TEST(IdleFolderTest, TheLongestWindowIsAMinute)
{
    Events ev;
    IdleFolder folder;
    std::vector<std::string> lines;
    std::int64_t t = 0;
    for (int i = 0; i < 20000; ++i, t += 100 * kMs)
        folder.add(ev.make(Call::Select, 2, t), lines);
    ASSERT_GE(lines.size(), 8u);
    // 1+2+4+8+16+32 s, then a minute each.
    EXPECT_TRUE(isFolded(lines[6], "601")) << lines[6];
    EXPECT_TRUE(isFolded(lines.back(), "601")) << lines.back();
}

TEST(IdleFolderTest, DataIsShownAsTheFormatSays)
{
    Events ev;
    TraceFormatOptions format;
    format.maxDataShown = 4;
    IdleFolder folder(format);
    std::vector<std::string> lines;
    TraceEvent send = ev.make(Call::Send, 1, 0, 11);
    send.bytes = 11;
    send.data = "hello world";
    folder.add(send, lines);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("\"hell\"..."), std::string::npos) << lines[0];
}

} // namespace
} // namespace netcore
