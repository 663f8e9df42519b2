// SPDX-License-Identifier: GPL-3.0-or-later
// netcore's one rate limiter, on a clock the test sets.

#include "netcore/token_bucket.h"

#include <gtest/gtest.h>

namespace netcore {
namespace {

using namespace std::chrono_literals;
using Clock = TokenBucket::Clock;

TEST(TokenBucketTest, StartsFullAndGivesTheBurstAtOnce)
{
    const auto t0 = Clock::time_point{} + 1h;
    TokenBucket bucket(5, 10, t0);
    EXPECT_TRUE(bucket.limited());
    EXPECT_DOUBLE_EQ(bucket.available(t0), 5);
    for (int i = 0; i < 5; ++i)
        EXPECT_TRUE(bucket.tryTake(t0)) << i;
    EXPECT_FALSE(bucket.tryTake(t0));
    EXPECT_DOUBLE_EQ(bucket.available(t0), 0);
}

TEST(TokenBucketTest, RefillsAtItsRateUpToTheBurst)
{
    const auto t0 = Clock::time_point{} + 1h;
    TokenBucket bucket(5, 10, t0);
    for (int i = 0; i < 5; ++i)
        bucket.tryTake(t0);
    EXPECT_FALSE(bucket.tryTake(t0 + 50ms)); // half a token
    EXPECT_TRUE(bucket.tryTake(t0 + 100ms)); // one
    EXPECT_FALSE(bucket.tryTake(t0 + 100ms));
    EXPECT_NEAR(bucket.available(t0 + 350ms), 2.5, 1e-9);
    EXPECT_DOUBLE_EQ(bucket.available(t0 + 1h), 5) << "never more than the burst";
    EXPECT_EQ(bucket.updatedAt(), t0 + 1h);
}

double seconds(Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

TEST(TokenBucketTest, SaysHowLongUntilTheNextToken)
{
    const auto t0 = Clock::time_point{} + 1h;
    TokenBucket bucket(2, 4, t0);
    EXPECT_EQ(bucket.waitForToken(t0), Clock::duration::zero());
    bucket.tryTake(t0);
    bucket.tryTake(t0);
    EXPECT_NEAR(seconds(bucket.waitForToken(t0)), 0.25, 1e-6);
    EXPECT_NEAR(seconds(bucket.waitForToken(t0 + 100ms)), 0.15, 1e-6);
    EXPECT_EQ(bucket.waitForToken(t0 + 250ms), Clock::duration::zero());
}

TEST(TokenBucketTest, TimeGoingBackwardsAddsNothing)
{
    const auto t0 = Clock::time_point{} + 1h;
    TokenBucket bucket(1, 1, t0);
    EXPECT_TRUE(bucket.tryTake(t0));
    EXPECT_FALSE(bucket.tryTake(t0 - 10s));
    EXPECT_FALSE(bucket.tryTake(t0 + 500ms));
    EXPECT_TRUE(bucket.tryTake(t0 + 1s));
}

TEST(TokenBucketTest, ZeroRateIsNoLimit)
{
    TokenBucket bucket(0, 0);
    EXPECT_FALSE(bucket.limited());
    for (int i = 0; i < 1000; ++i)
        ASSERT_TRUE(bucket.tryTake());
    EXPECT_EQ(bucket.waitForToken(), Clock::duration::zero());
    TokenBucket unset;
    EXPECT_FALSE(unset.limited());
    EXPECT_TRUE(unset.tryTake());
}

TEST(TokenBucketTest, ResetFillsItAndSetTokensIsCappedByTheBurst)
{
    const auto t0 = Clock::time_point{} + 1h;
    TokenBucket bucket(3, 1, t0);
    for (int i = 0; i < 3; ++i)
        bucket.tryTake(t0);
    bucket.reset(t0);
    EXPECT_DOUBLE_EQ(bucket.available(t0), 3);
    bucket.setTokens(10, t0);
    EXPECT_DOUBLE_EQ(bucket.available(t0), 3);
    bucket.setTokens(0.5, t0);
    EXPECT_FALSE(bucket.tryTake(t0));
    EXPECT_TRUE(bucket.tryTake(t0 + 500ms));
}

} // namespace
} // namespace netcore
