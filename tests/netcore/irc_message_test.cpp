// SPDX-License-Identifier: GPL-3.0-or-later
// The IRC codec, in memory: parsing (tags, source, command, parameters, trailing), errors,
// formatting (escaping, peer text kept from ending lines), limits and line framing split at
// every byte boundary.

#include "netcore/irc/message.h"

#include <gtest/gtest.h>

#include <random>

namespace netcore::irc {
namespace {

struct ParseCase
{
    const char* name;
    std::string line;
    std::vector<Tag> tags;
    const char* source;
    const char* command;
    std::vector<std::string> params;
};

// ctest shows the parameter: print the case's name, not its bytes.
void PrintTo(const ParseCase& c, std::ostream* os)
{
    *os << c.name;
}

class ParseTest : public ::testing::TestWithParam<ParseCase>
{};

TEST_P(ParseTest, Parses)
{
    const ParseCase& c = GetParam();
    const ParseResult r = parse(c.line);
    ASSERT_TRUE(r.message) << parseErrorText(r.error);
    EXPECT_EQ(r.error, ParseError::None);
    EXPECT_EQ(r.message->tags, c.tags);
    EXPECT_EQ(r.message->source, c.source);
    EXPECT_EQ(r.message->command, c.command);
    EXPECT_EQ(r.message->params, c.params);
}

INSTANTIATE_TEST_SUITE_P(
    Lines, ParseTest,
    ::testing::Values(
        ParseCase{
            "Trailing", "PRIVMSG #lan :hello world", {}, "", "PRIVMSG", {"#lan", "hello world"}},
        ParseCase{
            "Source", ":ada!a@host PRIVMSG #lan :hi", {}, "ada!a@host", "PRIVMSG", {"#lan", "hi"}},
        ParseCase{"LowerCaseCommand", "privmsg bob :x", {}, "", "PRIVMSG", {"bob", "x"}},
        ParseCase{"Numeric",
                  ":lan.host 001 ada :Welcome to LanChat",
                  {},
                  "lan.host",
                  "001",
                  {"ada", "Welcome to LanChat"}},
        ParseCase{"NoParams", "QUIT", {}, "", "QUIT", {}},
        ParseCase{"EmptyTrailing", "TOPIC #lan :", {}, "", "TOPIC", {"#lan", ""}},
        ParseCase{"ColonsInside", "PRIVMSG #lan :a :b: c", {}, "", "PRIVMSG", {"#lan", "a :b: c"}},
        ParseCase{"MiddleWithColon", "CMD a:b c", {}, "", "CMD", {"a:b", "c"}},
        ParseCase{"ManySpaces", "CMD   a  b   :c  d", {}, "", "CMD", {"a", "b", "c  d"}},
        ParseCase{"LeadingSpaces", "   PING x", {}, "", "PING", {"x"}},
        ParseCase{"TrailingSpaces", "PING x   ", {}, "", "PING", {"x"}},
        ParseCase{"StrayCr", "PING x\r", {}, "", "PING", {"x"}},
        ParseCase{"Tags",
                  "@time=2026-11-23T05:00:00.000Z;msgid=abc :n!u@h PRIVMSG #lan :hi",
                  {{"time", "2026-11-23T05:00:00.000Z"}, {"msgid", "abc"}},
                  "n!u@h",
                  "PRIVMSG",
                  {"#lan", "hi"}},
        ParseCase{
            "TagEscapes", R"(@k=a\sb\:c\\d\re\nf CMD)", {{"k", "a b;c\\d\re\nf"}}, "", "CMD", {}},
        ParseCase{"TagLoneBackslash", R"(@k=ab\ CMD)", {{"k", "ab"}}, "", "CMD", {}},
        ParseCase{"TagUnknownEscape", R"(@k=\b CMD)", {{"k", "b"}}, "", "CMD", {}},
        ParseCase{"TagNoValue",
                  "@+draft/typing;a= CMD",
                  {{"+draft/typing", ""}, {"a", ""}},
                  "",
                  "CMD",
                  {}},
        ParseCase{"TagVendor", "@example.com/foo=1 CMD", {{"example.com/foo", "1"}}, "", "CMD", {}},
        ParseCase{"TagRepeated", "@a=1;a=2 CMD", {{"a", "2"}}, "", "CMD", {}},
        ParseCase{
            "FifteenParams",
            "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
            {},
            "",
            "CMD",
            {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15 16"}},
        ParseCase{"Utf8", "PRIVMSG #lan :grüße, 你好", {}, "", "PRIVMSG", {"#lan", "grüße, 你好"}}),
    [](const auto& row) { return std::string(row.param.name); });

struct BadCase
{
    const char* name;
    std::string line;
    ParseError error;
};

void PrintTo(const BadCase& c, std::ostream* os)
{
    *os << c.name;
}

class ParseErrorTest : public ::testing::TestWithParam<BadCase>
{};

TEST_P(ParseErrorTest, IsRejectedWithItsReason)
{
    const ParseResult r = parse(GetParam().line);
    EXPECT_FALSE(r.message);
    EXPECT_EQ(r.error, GetParam().error) << parseErrorText(r.error);
}

INSTANTIATE_TEST_SUITE_P(
    Lines, ParseErrorTest,
    ::testing::Values(BadCase{"Empty", "", ParseError::Empty},
                      BadCase{"Spaces", "    ", ParseError::Empty},
                      BadCase{"SourceOnly", ":server", ParseError::MissingCommand},
                      BadCase{"TagsOnly", "@a=b", ParseError::MissingCommand},
                      BadCase{"EmptyTags", "@ CMD", ParseError::BadTags},
                      BadCase{"EmptyKey", "@=x CMD", ParseError::BadTags},
                      BadCase{"BadKey", "@a_b=1 CMD", ParseError::BadTags},
                      BadCase{"TooManyTags", "@" + std::string(5000, 'a') + " CMD",
                              ParseError::TagsTooLong},
                      BadCase{"TagsOneByteTooMany", "@a=" + std::string(4093, 'b') + " CMD",
                              ParseError::TagsTooLong},
                      BadCase{"DigitsAndLetters", "C0MD x", ParseError::BadCommand},
                      BadCase{"TwoDigits", "12 x", ParseError::BadCommand},
                      BadCase{"FourDigits", "1234 x", ParseError::BadCommand},
                      BadCase{"Punctuation", "PRIV-MSG x", ParseError::BadCommand},
                      BadCase{"Nul", std::string("PRIVMSG #lan :a\0b", 17), ParseError::NulByte}),
    [](const auto& row) { return std::string(row.param.name); });

TEST(Format, WritesTheWireForm)
{
    Message m;
    m.source = "ada!a@host";
    m.command = "PRIVMSG";
    m.params = {"#lan", "hello world"};
    EXPECT_EQ(format(m), ":ada!a@host PRIVMSG #lan :hello world\r\n");
    m.params = {"#lan", "hi"};
    EXPECT_EQ(format(m), ":ada!a@host PRIVMSG #lan hi\r\n");
    m.trailing = true;
    EXPECT_EQ(format(m), ":ada!a@host PRIVMSG #lan :hi\r\n");
    m.params = {"#lan", ""};
    EXPECT_EQ(format(m), ":ada!a@host PRIVMSG #lan :\r\n");
    m.params = {"#lan", ":)"};
    m.trailing = false;
    EXPECT_EQ(format(m), ":ada!a@host PRIVMSG #lan ::)\r\n");
}

TEST(Format, PeerTextNeverEndsALine)
{
    Message m;
    m.command = "PRIVMSG";
    m.params = {"#lan", "hi\r\nQUIT :bye\0x"};
    m.params.back() = std::string("hi\r\nQUIT :bye\0x", 15);
    const std::string line = format(m);
    EXPECT_EQ(line, "PRIVMSG #lan :hi  QUIT :bye x\r\n");
    EXPECT_EQ(line.find('\n'), line.size() - 1);

    Message bad;
    bad.command = "MODE";
    bad.params = {":x y", "", "last"};
    EXPECT_EQ(format(bad), "MODE x_y * last\r\n");
}

TEST(Format, TagsAreEscapedAndRoundTrip)
{
    Message m;
    m.tags = {
        {"time", "2026-11-23T05:00:00.000Z"}, {"+example.com/x", "a b;c\\d\r\n"}, {"flag", ""}};
    m.source = "lan.host";
    m.command = "NOTICE";
    m.params = {"*", "hello"};
    m.trailing = true;
    const std::string line = format(m);
    EXPECT_EQ(line, "@time=2026-11-23T05:00:00.000Z;+example.com/x=a\\sb\\:c\\\\d\\r\\n;flag "
                    ":lan.host NOTICE * :hello\r\n");
    const ParseResult back = parse(std::string_view(line).substr(0, line.size() - 2));
    ASSERT_TRUE(back.message);
    EXPECT_EQ(*back.message, m);
}

// A raw CR inside a tag value (a line cut by a stray CR) is not part of the value. Were it kept,
// its escape "\\r" would make the tags twice as long as the peer sent them, past what the peer's
// own limit allowed, and a line that parsed would format into one that does not (found by the
// fuzzer).
TEST(Format, RawLineEndsInATagValueAreDroppedSoTheTagsNeverGrow)
{
    const std::string line = "@+a=x" + std::string(3000, '\r') + "y PRIVMSG #room :hi";
    const ParseResult parsed = parse(line);
    ASSERT_TRUE(parsed.message);
    ASSERT_EQ(parsed.message->tags.size(), 1u);
    EXPECT_EQ(parsed.message->tags[0].value, "xy");
    const std::string wire = format(*parsed.message);
    EXPECT_EQ(wire, "@+a=xy PRIVMSG #room :hi\r\n");
    EXPECT_EQ(unescapeTagValue("a\rb\nc\\rd"), "abc\rd");

    // Every value at the limit formats back into tags within the limit.
    const std::string escaped =
        "@+b=" + std::string(2000, '\r') + "\\:" + std::string(2000, '\n') + "\\s\\r\\n\\\\ X";
    const ParseResult limit = parse(escaped);
    ASSERT_TRUE(limit.message);
    const std::string again = format(*limit.message);
    EXPECT_TRUE(parse(std::string_view(again).substr(0, again.size() - 2)).message);
    EXPECT_LE(again.find(' '), escaped.find(' '));
}

TEST(Format, LimitedCutsTheLastParameterAtACharacterBoundary)
{
    Message m;
    m.source = "someone!user@a.rather.long.host.name";
    m.command = "PRIVMSG";
    std::string text;
    for (int i = 0; i < 300; ++i)
        text += "ü"; // two bytes each
    m.params = {"#lan", text};
    const std::string line = formatLimited(m, 512);
    ASSERT_LE(line.size(), 512u);
    EXPECT_GE(line.size(), 510u);
    EXPECT_EQ(line.substr(line.size() - 2), "\r\n");
    const ParseResult back = parse(std::string_view(line).substr(0, line.size() - 2));
    ASSERT_TRUE(back.message);
    const std::string& cut = back.message->params.back();
    EXPECT_EQ(cut.size() % 2, 0u) << "a character was cut in two";
    EXPECT_EQ(text.compare(0, cut.size(), cut), 0);

    m.params = {"#lan", "short"};
    EXPECT_EQ(formatLimited(m, 512), format(m));
}

TEST(Utf8, PrefixNeverSplitsACharacter)
{
    const std::string text = "a€b"; // € is three bytes
    EXPECT_EQ(utf8Prefix(text, 1), "a");
    EXPECT_EQ(utf8Prefix(text, 2), "a");
    EXPECT_EQ(utf8Prefix(text, 3), "a");
    EXPECT_EQ(utf8Prefix(text, 4), "a€");
    EXPECT_EQ(utf8Prefix(text, 10), text);
    EXPECT_EQ(utf8Prefix("\x80\x80\x80\x80\x80", 2), "\x80\x80") << "not UTF-8: cut where asked";
}

TEST(CaseMapping, AsciiFolding)
{
    EXPECT_EQ(foldCase("#LAN-Room"), "#lan-room");
    EXPECT_TRUE(equalsFolded("Ada", "aDA"));
    EXPECT_FALSE(equalsFolded("Ada", "Adam"));
    EXPECT_FALSE(equalsFolded("[a]", "{a}")) << "ascii casemapping: brackets are not folded";
}

std::vector<std::string> readAll(LineReader& reader)
{
    std::vector<std::string> lines;
    while (auto line = reader.next())
        lines.emplace_back(line->text);
    return lines;
}

TEST(LineReaderTest, SplitsOnCrLfAndBareLfAtEveryByteBoundary)
{
    const std::string stream = "NICK ada\r\nUSER a 0 * :Ada\nPING :x\r\n\r\nPRIVMSG #lan :hi\r\n";
    const std::vector<std::string> expected = {"NICK ada", "USER a 0 * :Ada", "PING :x", "",
                                               "PRIVMSG #lan :hi"};
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        for (std::size_t cut2 = cut; cut2 <= stream.size(); cut2 += 7) {
            LineReader reader;
            std::vector<std::string> lines;
            for (const auto& part :
                 {stream.substr(0, cut), stream.substr(cut, cut2 - cut), stream.substr(cut2)}) {
                ASSERT_TRUE(reader.feed(part));
                for (auto& l : readAll(reader))
                    lines.push_back(std::move(l));
            }
            EXPECT_EQ(lines, expected) << "split at " << cut << " and " << cut2;
            EXPECT_EQ(reader.pending(), 0u);
        }
    }
}

TEST(LineReaderTest, LongLineIsTruncatedAndReadingGoesOn)
{
    LineReader reader;
    const std::string longLine = "PRIVMSG #lan :" + std::string(1000, 'x');
    ASSERT_TRUE(reader.feed(longLine + "\r\nPING :after\r\n"));
    auto first = reader.next();
    ASSERT_TRUE(first);
    EXPECT_TRUE(first->truncated);
    EXPECT_EQ(first->text.size(), 510u) << "512 bytes including CRLF";
    EXPECT_EQ(first->text, std::string_view(longLine).substr(0, 510));
    auto second = reader.next();
    ASSERT_TRUE(second);
    EXPECT_FALSE(second->truncated);
    EXPECT_EQ(second->text, "PING :after");
}

TEST(LineReaderTest, TagsHaveTheirOwnAllowance)
{
    LineReader reader;
    const std::string tags = "@" + std::string(3000, 'a') + "=1 ";
    const std::string body = "PRIVMSG #lan :" + std::string(490, 'x'); // 504 bytes
    ASSERT_TRUE(reader.feed(tags + body + "\r\n"));
    auto line = reader.next();
    ASSERT_TRUE(line);
    EXPECT_FALSE(line->truncated);
    EXPECT_EQ(line->text.size(), tags.size() + body.size());

    // Right at both limits (IRCv3: 4094 bytes of tags, then a 510-byte line): whole, and it
    // parses.
    const std::string fullTags = "@+a=" + std::string(4091, 'b') + " ";
    const std::string fullBody = "PRIVMSG #lan :" + std::string(496, 'x');
    ASSERT_EQ(fullTags.size(), 4096u);
    ASSERT_EQ(fullBody.size(), 510u);
    ASSERT_TRUE(reader.feed(fullTags + fullBody + "\r\n"));
    line = reader.next();
    ASSERT_TRUE(line);
    EXPECT_FALSE(line->truncated);
    const ParseResult full = parse(line->text);
    ASSERT_TRUE(full.message) << parseErrorText(full.error);
    EXPECT_EQ(full.message->tags.at(0).value.size(), 4091u);
}

TEST(LineReaderTest, OverflowWithoutLineEnd)
{
    LineReader reader({}, 4096);
    EXPECT_TRUE(reader.feed(std::string(4000, 'a')));
    EXPECT_FALSE(reader.next());
    EXPECT_FALSE(reader.feed(std::string(200, 'a'))) << "4200 bytes and no line end";
    EXPECT_TRUE(reader.overflowed());
    EXPECT_FALSE(reader.feed("PING x\r\n")) << "nothing more is taken";
}

TEST(LineReaderTest, ManyCompleteLinesAreNotAnOverflow)
{
    LineReader reader({}, 4096);
    std::string burst;
    for (int i = 0; i < 500; ++i)
        burst += "PRIVMSG #lan :line " + std::to_string(i) + "\r\n";
    ASSERT_GT(burst.size(), 4096u);
    EXPECT_TRUE(reader.feed(burst));
    EXPECT_EQ(reader.completeLines(), 500u);
    EXPECT_EQ(readAll(reader).size(), 500u);
}

TEST(LineReaderTest, RandomBytesNeverBreakIt)
{
    // A megabyte of random bytes in random chunks: lines come out within the limit, or the
    // reader overflows; whatever comes out parses or is rejected without harm.
    std::mt19937 random(42);
    LineReader reader;
    std::size_t fed = 0;
    std::string chunk;
    while (fed < (1u << 20) && !reader.overflowed()) {
        chunk.resize(random() % 2048);
        for (auto& c : chunk)
            c = static_cast<char>(random() % 8 == 0 ? '\n' : random() % 256);
        fed += chunk.size();
        reader.feed(chunk);
        while (auto line = reader.next()) {
            EXPECT_LE(line->text.size(), 510u + 4096u);
            const ParseResult r = parse(line->text);
            if (r.message) {
                const std::string again = format(*r.message);
                EXPECT_EQ(again.find('\n'), again.size() - 1);
            }
        }
    }
    EXPECT_GT(fed, 0u);
}

} // namespace
} // namespace netcore::irc
