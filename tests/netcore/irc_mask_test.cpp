// SPDX-License-Identifier: GPL-3.0-or-later
// The host's ban masks: '*' and '?' wildcards, case folded by the case mapping.

#include "irc/host/mask.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace netcore::irc::hostimpl {
namespace {

bool matches(std::string_view mask, std::string_view text)
{
    return maskMatches(mask, text, CaseMapping::Ascii);
}

TEST(BanMask, LiteralMasksCompareWithoutCase)
{
    EXPECT_TRUE(matches("bob!~bob@10.0.0.2", "bob!~bob@10.0.0.2"));
    EXPECT_TRUE(matches("BOB!~Bob@10.0.0.2", "bob!~bob@10.0.0.2"));
    EXPECT_FALSE(matches("bob!~bob@10.0.0.2", "bob!~bob@10.0.0.3"));
    EXPECT_FALSE(matches("bob", "bobby"));
    EXPECT_FALSE(matches("bobby", "bob"));
    EXPECT_TRUE(matches("", ""));
    EXPECT_FALSE(matches("", "x"));
}

TEST(BanMask, StarIsAnyRunIncludingNone)
{
    EXPECT_TRUE(matches("*", ""));
    EXPECT_TRUE(matches("*", "anything!at@all"));
    EXPECT_TRUE(matches("bob!*@*", "bob!~bob@10.0.0.2"));
    EXPECT_TRUE(matches("bob!*@*", "bob!@"));
    EXPECT_FALSE(matches("bob!*@*", "bobby!~bob@10.0.0.2"));
    EXPECT_TRUE(matches("*!*@10.0.0.*", "ada!~ada@10.0.0.17"));
    EXPECT_FALSE(matches("*!*@10.0.0.*", "ada!~ada@10.0.1.17"));
    EXPECT_TRUE(matches("a**b", "ab"));
    EXPECT_TRUE(matches("x***", "x"));
}

TEST(BanMask, QuestionMarkIsExactlyOneCharacter)
{
    EXPECT_TRUE(matches("b?b!*@*", "bob!~b@h"));
    EXPECT_FALSE(matches("b?b!*@*", "bb!~b@h"));
    EXPECT_FALSE(matches("b?b!*@*", "boob!~b@h"));
    EXPECT_TRUE(matches("???", "abc"));
    EXPECT_FALSE(matches("?", ""));
}

TEST(BanMask, StarsBacktrackToTheLastOne)
{
    EXPECT_TRUE(matches("a*b*c", "aXbYbZc"));
    EXPECT_TRUE(matches("*bc", "abcbc"));
    EXPECT_FALSE(matches("a*b*c", "aXbYbZ"));
    EXPECT_TRUE(matches("*!~cyd@*", "cyd!~cyd@127.0.0.1"));
    EXPECT_FALSE(matches("*!~cyd@*", "cyd!~cydia@127.0.0.1"));
}

TEST(BanMask, ManyStarsStayFast)
{
    // A naive recursive matcher takes exponential time here; this one is linear per star.
    const std::string text(2000, 'a');
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(matches("*a*a*a*a*a*a*a*a*a*a*a*a*b", text));
    EXPECT_TRUE(matches("*a*a*a*a*a*a*a*a*a*a*a*a*", text));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(BanMask, CaseFollowsTheCaseMapping)
{
    // In rfc1459, [ ] \ ~ are the upper case of { } | ^; in ascii they are not.
    EXPECT_TRUE(maskMatches("[ada]!*@*", "{ada}!~a@h", CaseMapping::Rfc1459));
    EXPECT_FALSE(maskMatches("[ada]!*@*", "{ada}!~a@h", CaseMapping::Ascii));
    EXPECT_TRUE(maskMatches("ADA~!*@*", "ada^!~a@h", CaseMapping::Rfc1459));
    EXPECT_FALSE(maskMatches("ADA~!*@*", "ada^!~a@h", CaseMapping::StrictRfc1459));
}

} // namespace
} // namespace netcore::irc::hostimpl
