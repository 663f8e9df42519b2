// SPDX-License-Identifier: GPL-3.0-or-later
// Event loops: posting from other threads, timers, invoke, ordered stop. Every test runs on
// every loop this platform offers (select; asyncselect on Windows).

#include "netcore/event_loop.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <vector>

namespace netcore {
namespace {

using test::LoopTest;
using namespace std::chrono_literals;

TEST(EventLoopRegistry, OffersSelectByDefaultAndRejectsUnknownNames)
{
    const auto names = EventLoop::available();
    ASSERT_FALSE(names.empty());
    EXPECT_EQ(names.front(), "select");
    EXPECT_EQ(EventLoop::defaultName(), "select");
    if (platform::kIsWindows) {
        EXPECT_NE(std::find(names.begin(), names.end(), "asyncselect"), names.end());
    }

    NetError error;
    EXPECT_EQ(EventLoop::start("no-such-loop", &error), nullptr);
    EXPECT_EQ(error.code, Errc::loopUnavailable);
    EXPECT_NE(error.describe().find("no-such-loop"), std::string::npos);
}

TEST_P(LoopTest, PostFromAnotherThreadWakesTheIdleLoop)
{
    // The loop has no sockets and no timers: it sleeps until woken. A post must wake it.
    std::this_thread::sleep_for(50ms); // let it settle into its wait
    std::promise<std::thread::id> ran;
    auto future = ran.get_future();
    const auto posted = std::chrono::steady_clock::now();
    ASSERT_TRUE(loop->post([&] { ran.set_value(std::this_thread::get_id()); }));
    ASSERT_EQ(future.wait_for(10s), std::future_status::ready) << "the loop was not woken";
    const auto elapsed = std::chrono::steady_clock::now() - posted;
    EXPECT_NE(future.get(), std::this_thread::get_id()) << "task ran in the posting thread";
    // Generous: behaviour, not speed. A loop that waits for a timeout would take "forever".
    EXPECT_LT(elapsed, 5s);
}

TEST_P(LoopTest, PostsFromManyThreadsAllRunInTheLoopThread)
{
    constexpr int Threads = 4;
    constexpr int PerThread = 500;
    auto count = std::make_shared<int>(0); // touched only in the loop thread
    std::vector<std::thread> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < PerThread; ++i)
                loop->post([this, count] {
                    loop->assertInLoopThread("test task");
                    ++*count;
                });
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_TRUE(test::waitUntil(*loop, [&] { return *count == Threads * PerThread; }));
}

TEST_P(LoopTest, TimersFireInDeadlineOrder)
{
    auto order = std::make_shared<std::vector<int>>();
    loop->invoke([&] {
        loop->runAfter(60ms, [order] { order->push_back(3); });
        loop->runAfter(20ms, [order] { order->push_back(1); });
        loop->runAfter(40ms, [order] { order->push_back(2); });
        // Equal deadlines keep their creation order.
        loop->runAfter(80ms, [order] { order->push_back(4); });
        loop->runAfter(80ms, [order] { order->push_back(5); });
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return order->size() == 5; }));
    const auto result = loop->invoke([&] { return *order; });
    ASSERT_TRUE(result);
    EXPECT_EQ(*result, (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST_P(LoopTest, TimerFromAnotherThreadShortensTheWait)
{
    // A long timer first, then a short one from another thread: the short one must not wait.
    std::atomic<bool> longFired{false};
    std::promise<void> shortFired;
    auto future = shortFired.get_future();
    loop->runAfter(60s, [&] { longFired = true; });
    std::this_thread::sleep_for(20ms);
    loop->runAfter(10ms, [&] { shortFired.set_value(); });
    EXPECT_EQ(future.wait_for(10s), std::future_status::ready);
    EXPECT_FALSE(longFired);
}

TEST_P(LoopTest, CancelledTimerDoesNotFire)
{
    auto fired = std::make_shared<int>(0);
    auto last = std::make_shared<bool>(false);
    loop->invoke([&] {
        const auto id = loop->runAfter(20ms, [fired] { ++*fired; });
        loop->cancelTimer(id);
        loop->runAfter(60ms, [last] { *last = true; });
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return *last; }));
    EXPECT_EQ(*loop->invoke([&] { return *fired; }), 0);
}

TEST_P(LoopTest, RepeatingTimerRepeatsUntilCancelled)
{
    auto ticks = std::make_shared<int>(0);
    EventLoop::TimerId id = 0;
    loop->invoke([&] { id = loop->runEvery(5ms, [ticks] { ++*ticks; }); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return *ticks >= 3; }));
    loop->cancelTimer(id);
    const int atCancel = *loop->invoke([&] { return *ticks; });
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(*loop->invoke([&] { return *ticks; }), atCancel);
}

TEST_P(LoopTest, InvokeReturnsTheValueFromTheLoopThread)
{
    const auto inLoop = loop->invoke([&] { return loop->isInLoopThread(); });
    ASSERT_TRUE(inLoop);
    EXPECT_TRUE(*inLoop);
    EXPECT_FALSE(loop->isInLoopThread());
}

TEST_P(LoopTest, StopRunsAcceptedTasksAndRefusesNewOnes)
{
    auto ran = std::make_shared<std::atomic<int>>(0);
    for (int i = 0; i < 100; ++i)
        ASSERT_TRUE(loop->post([ran] { ++*ran; }));
    loop->stop();
    EXPECT_EQ(ran->load(), 100);
    EXPECT_FALSE(loop->post([] {}));
    EXPECT_FALSE(loop->invoke([] { return 1; }).has_value());
    loop->stop(); // idempotent
}

TEST_P(LoopTest, StopWithPendingTimersDoesNotRunThem)
{
    std::atomic<bool> fired{false};
    loop->runAfter(10s, [&] { fired = true; });
    loop->stop();
    EXPECT_FALSE(fired);
}

INSTANTIATE_TEST_SUITE_P(Loops, LoopTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore
