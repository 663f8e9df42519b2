// SPDX-License-Identifier: GPL-3.0-or-later
// DCC requests, in memory: the lines HexChat, WeeChat and irssi send (active, passive, resume;
// IPv4 as an integer or dotted, IPv6; quoted names; sizes beyond 4 GiB), each malformed form
// with its error, format() as those clients write it and round trips; a peer's file name made
// safe to save under; free names beside existing files; the check that an offer points to its
// sender's own address.

#include "netcore/irc/dcc.h"

#include <gtest/gtest.h>

#include <set>

namespace netcore::irc::dcc {

// For failure messages (gtest finds it by argument-dependent lookup: not in the anonymous
// namespace).
std::ostream& operator<<(std::ostream& os, const Offer& o)
{
    os << kindName(o.kind) << " name=[" << o.fileName << "] address=[" << o.address
       << "] port=" << o.port << " size=" << (o.size ? std::to_string(*o.size) : "-")
       << " position=" << o.position << " token=" << (o.token ? *o.token : "-");
    return os;
}

namespace {

using namespace std::string_literals;

Offer send(std::string name, std::string address, std::uint16_t port,
           std::optional<std::uint64_t> size, std::optional<std::string> token = std::nullopt)
{
    Offer offer;
    offer.kind = Kind::Send;
    offer.fileName = std::move(name);
    offer.address = std::move(address);
    offer.port = port;
    offer.size = size;
    offer.token = std::move(token);
    return offer;
}

Offer resumeLike(Kind kind, std::string name, std::uint16_t port, std::uint64_t position,
                 std::optional<std::string> token = std::nullopt)
{
    Offer offer;
    offer.kind = kind;
    offer.fileName = std::move(name);
    offer.port = port;
    offer.position = position;
    offer.token = std::move(token);
    return offer;
}

// --- Lines as the clients send them ---------------------------------------------------------

struct LineCase
{
    const char* name;
    std::string line;
    Offer expected;
};

void PrintTo(const LineCase& c, std::ostream* os)
{
    *os << c.name;
}

class DccParseLineTest : public ::testing::TestWithParam<LineCase>
{};

TEST_P(DccParseLineTest, Parses)
{
    const LineCase& c = GetParam();
    const ParseResult r = parse(c.line);
    ASSERT_TRUE(r.offer) << r.error.message() << ": " << r.detail;
    EXPECT_FALSE(r.error);
    EXPECT_EQ(*r.offer, c.expected);
    EXPECT_FALSE(check(*r.offer)) << "a parsed offer is one format() can write";
}

// 192.168.1.2 = 3232235778, 192.168.1.3 = 3232235779.
INSTANTIATE_TEST_SUITE_P(
    Clients, DccParseLineTest,
    ::testing::Values(
        // HexChat src/common/dcc.c, dcc_send(): "DCC SEND %s %u %d %" G_GUINT64_FORMAT
        LineCase{"HexChatActive", "DCC SEND photo.jpg 3232235778 40123 123456",
                 send("photo.jpg", "192.168.1.2", 40123, 123456)},
        // the same with havespaces: "DCC SEND \"%s\" %u %d %" G_GUINT64_FORMAT
        LineCase{"HexChatQuotedSpaces", "DCC SEND \"my holiday photo.jpg\" 3232235778 40123 99",
                 send("my holiday photo.jpg", "192.168.1.2", 40123, 99)},
        // passive: "DCC SEND %s 199 0 %" G_GUINT64_FORMAT " %d" (199: a placeholder address)
        LineCase{"HexChatPassive", "DCC SEND notes.txt 199 0 2048 17",
                 send("notes.txt", "0.0.0.199", 0, 2048, "17")},
        // dcc_connect(), the receiver's answer to a passive offer: "DCC SEND %s %u %d %" ... " %d"
        LineCase{"HexChatPassiveReply", "DCC SEND notes.txt 3232235779 41000 2048 17",
                 send("notes.txt", "192.168.1.3", 41000, 2048, "17")},
        // dcc_resume(): "DCC RESUME %s %d %" G_GUINT64_FORMAT, then " %d" with a pasvid
        LineCase{"HexChatResume", "DCC RESUME photo.jpg 40123 65536",
                 resumeLike(Kind::Resume, "photo.jpg", 40123, 65536)},
        LineCase{"HexChatResumePassive", "DCC RESUME notes.txt 0 1024 17",
                 resumeLike(Kind::Resume, "notes.txt", 0, 1024, "17")},
        // handle_dcc() answering RESUME: "DCC ACCEPT \"%s\" %d %" G_GUINT64_FORMAT " %d"
        LineCase{"HexChatAcceptQuotedToken", "DCC ACCEPT \"my notes.txt\" 0 1024 17",
                 resumeLike(Kind::Accept, "my notes.txt", 0, 1024, "17")},
        // WeeChat irc-protocol.c's example: "PRIVMSG mynick :\001DCC SEND file.txt 1488915698
        // 50612 128\001"
        LineCase{"WeeChatActive", "DCC SEND file.txt 1488915698 50612 128",
                 send("file.txt", "88.191.12.242", 50612, 128)},
        // WeeChat irc-server.c writes a non-IPv4 local address as it is (IPv6 text)
        LineCase{"WeeChatIPv6", "DCC SEND file.txt 2001:db8::5 50612 128",
                 send("file.txt", "2001:db8::5", 50612, 128)},
        // "DCC SEND %s%s%s %s %d %s %s" (file_recv_passive: the receiver's answer)
        LineCase{"WeeChatPassiveReply", "DCC SEND \"a b.txt\" 3232235779 41000 5 42",
                 send("a b.txt", "192.168.1.3", 41000, 5, "42")},
        // "DCC RESUME %s%s%s %d %s %s" and "DCC ACCEPT %s%s%s %d %s" (no token)
        LineCase{"WeeChatResumeToken", "DCC RESUME file.txt 0 64 42",
                 resumeLike(Kind::Resume, "file.txt", 0, 64, "42")},
        LineCase{"WeeChatAcceptNoToken", "DCC ACCEPT file.txt 0 64",
                 resumeLike(Kind::Accept, "file.txt", 0, 64)},
        // irssi dcc-send.c: passive "DCC SEND \"%s\" 16843009 0 %"PRIuUOFF_T" %d" with
        // pasv_id = rand() % 64, so 0 is a token too
        LineCase{"IrssiPassiveTokenZero", "DCC SEND \"x y.bin\" 16843009 0 10 0",
                 send("x y.bin", "1.1.1.1", 0, 10, "0")},
        // irssi dcc_ip2str(): IPv6 "in standard form"
        LineCase{"IrssiIPv6", "DCC SEND file.bin fe80::1 5000 7",
                 send("file.bin", "fe80::1", 5000, 7)},
        // irssi dcc-resume.c: "DCC RESUME \"%s\" 0 %"PRIuUOFF_T" %d"
        LineCase{"IrssiResumePassiveQuoted", "DCC RESUME \"x y.bin\" 0 4 33",
                 resumeLike(Kind::Resume, "x y.bin", 0, 4, "33")},
        // irssi dcc-get.c get_file_params_count(): "some clients ... send the file name
        // without any quotes"
        LineCase{"UnquotedSpaces", "DCC SEND my holiday photo.jpg 3232235778 40123 100",
                 send("my holiday photo.jpg", "192.168.1.2", 40123, 100)},
        LineCase{"UnquotedSpacesToken", "DCC SEND a b 3232235779 41000 100 77",
                 send("a b", "192.168.1.3", 41000, 100, "77")},
        LineCase{"UnquotedSpacesNoToken", "DCC SEND a 1 b 3232235779 41000 100",
                 send("a 1 b", "192.168.1.3", 41000, 100)},
        LineCase{"UnquotedSpacesResume", "DCC RESUME my holiday photo.jpg 40123 50",
                 resumeLike(Kind::Resume, "my holiday photo.jpg", 40123, 50)},
        // mIRC writes the placeholder "file.ext" in RESUME and ACCEPT
        LineCase{"MircAcceptFileExt", "DCC ACCEPT file.ext 40123 65536",
                 resumeLike(Kind::Accept, "file.ext", 40123, 65536)},
        LineCase{"DottedIPv4", "DCC SEND file.txt 192.168.1.2 40123 100",
                 send("file.txt", "192.168.1.2", 40123, 100)},
        LineCase{"MappedIPv6IsIPv4", "DCC SEND file.txt ::FFFF:192.168.1.2 40123 100",
                 send("file.txt", "192.168.1.2", 40123, 100)},
        LineCase{"IPv6UpperCase", "DCC SEND file.txt 2001:DB8:0:0::5 40123 100",
                 send("file.txt", "2001:db8::5", 40123, 100)},
        LineCase{"BeyondFourGiB", "DCC SEND big.iso 3232235778 40123 5368709120",
                 send("big.iso", "192.168.1.2", 40123, 5368709120ULL)},
        LineCase{"LargestSize", "DCC SEND big.iso 3232235778 40123 18446744073709551615",
                 send("big.iso", "192.168.1.2", 40123, 18446744073709551615ULL)},
        LineCase{"ResumeBeyondFourGiB", "DCC RESUME big.iso 40123 4294967296",
                 resumeLike(Kind::Resume, "big.iso", 40123, 4294967296ULL)},
        LineCase{"MissingSize", "DCC SEND file.txt 3232235778 40123",
                 send("file.txt", "192.168.1.2", 40123, std::nullopt)},
        LineCase{"HighestAddress", "DCC SEND f 4294967295 1 0", send("f", "255.255.255.255", 1, 0)},
        LineCase{"LowerCaseKeywords", "dcc send file.txt 3232235778 40123 1",
                 send("file.txt", "192.168.1.2", 40123, 1)},
        LineCase{"ExtraSpaces", "DCC  SEND   file.txt  3232235778  40123  1  ",
                 send("file.txt", "192.168.1.2", 40123, 1)},
        LineCase{"QuotedKeepsInnerSpaces", "DCC SEND \"  a  b \" 3232235778 40123 1",
                 send("  a  b ", "192.168.1.2", 40123, 1)},
        // WeeChat reads the name up to the last quote
        LineCase{"QuoteInQuotedName", "DCC SEND \"say \"hi\" now.txt\" 3232235778 40123 1",
                 send("say \"hi\" now.txt", "192.168.1.2", 40123, 1)},
        LineCase{"LoneQuoteIsName", "DCC SEND \"abc 3232235778 40123 1",
                 send("\"abc", "192.168.1.2", 40123, 1)},
        LineCase{"PathIsKeptAsData", "DCC SEND ../../etc/passwd 3232235778 40123 1",
                 send("../../etc/passwd", "192.168.1.2", 40123, 1)},
        LineCase{"LeadingZeros", "DCC SEND f 0003232235778 040123 007",
                 send("f", "192.168.1.2", 40123, 7)}));

// --- Errors ---------------------------------------------------------------------------------

struct ErrorCase
{
    const char* name;
    std::string line;
    DccErrc error;
    const char* detail; // exact; nullptr: not checked
};

void PrintTo(const ErrorCase& c, std::ostream* os)
{
    *os << c.name;
}

class DccParseErrorTest : public ::testing::TestWithParam<ErrorCase>
{};

TEST_P(DccParseErrorTest, Refuses)
{
    const ErrorCase& c = GetParam();
    const ParseResult r = parse(c.line);
    EXPECT_FALSE(r.offer) << *r.offer;
    EXPECT_EQ(r.error, make_error_code(c.error))
        << "got " << r.error.message() << " (" << r.detail << ")";
    EXPECT_EQ(r.error.category(), dccCategory());
    if (c.detail) {
        EXPECT_EQ(r.detail, c.detail);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, DccParseErrorTest,
    ::testing::Values(
        ErrorCase{"Empty", "", DccErrc::malformed, "not a DCC request: \"\""},
        ErrorCase{"NotDcc", "PING 1234", DccErrc::malformed, "not a DCC request: \"PING\""},
        ErrorCase{"NoType", "DCC", DccErrc::malformed, "DCC without a type"},
        ErrorCase{"Chat", "DCC CHAT chat 3232235778 40124", DccErrc::unsupported,
                  "DCC \"CHAT\" is not supported"},
        ErrorCase{"Xmit", "DCC XMIT f 3232235778 40124", DccErrc::unsupported, nullptr},
        ErrorCase{"TSend", "DCC TSEND f 3232235778 40124 1", DccErrc::unsupported, nullptr},
        ErrorCase{"NoName", "DCC SEND", DccErrc::badName, "DCC SEND without a file name"},
        ErrorCase{"NoNameSpaces", "DCC SEND    ", DccErrc::badName, nullptr},
        ErrorCase{"EmptyQuotedName", "DCC SEND \"\" 3232235778 40123 1", DccErrc::badName,
                  "an empty file name"},
        ErrorCase{"NoFields", "DCC SEND file.txt", DccErrc::malformed,
                  "DCC SEND needs 2 to 4 fields after the name, not 0"},
        ErrorCase{"UnquotedSpacesBadFields", "DCC SEND my file.txt 10.0.0.300 40123 1",
                  DccErrc::badAddress, "address \"file.txt\" is not an IPv4 or IPv6 address"},
        ErrorCase{"OnlyAddress", "DCC SEND file.txt 3232235778", DccErrc::malformed, nullptr},
        ErrorCase{"QuotedTooMany", "DCC SEND \"a b\" 3232235778 40123 1 2 3", DccErrc::malformed,
                  "DCC SEND needs 2 to 4 fields after the name, not 5"},
        ErrorCase{"ResumeOneField", "DCC RESUME file.txt 40123", DccErrc::malformed,
                  "DCC RESUME needs 2 to 3 fields after the name, not 1"},
        ErrorCase{"TextAfterQuote", "DCC SEND \"a b\"c 3232235778 40123 1", DccErrc::malformed,
                  "text after the quoted file name: \"c 3232235778 40123 1\""},
        ErrorCase{"CtcpDelimiter", "DCC SEND a\x01 3232235778 40123 1", DccErrc::malformed,
                  "a NUL, CR, LF or \\x01 byte in the request"},
        ErrorCase{"Nul", "DCC SEND a\0b 3232235778 40123 1"s, DccErrc::malformed, nullptr},
        ErrorCase{"LineFeed", "DCC SEND a 3232235778 40123 1\r\n", DccErrc::malformed, nullptr},
        ErrorCase{"AddressBeyond32Bits", "DCC SEND f 4294967296 40123 1", DccErrc::badAddress,
                  "address \"4294967296\" is beyond 32 bits"},
        ErrorCase{"HostName", "DCC SEND f lan.example 40123 1", DccErrc::badAddress,
                  "address \"lan.example\" is not an IPv4 or IPv6 address"},
        ErrorCase{"BadDotted", "DCC SEND f 192.168.1.300 40123 1", DccErrc::badAddress, nullptr},
        ErrorCase{"ZoneId", "DCC SEND f fe80::1%eth0 40123 1", DccErrc::badAddress, nullptr},
        ErrorCase{"NegativeAddress", "DCC SEND f -1 40123 1", DccErrc::badAddress, nullptr},
        ErrorCase{"ZeroAddressWithPort", "DCC SEND f 0 40123 1", DccErrc::badAddress,
                  "address 0.0.0.0 to connect to"},
        ErrorCase{"UnspecifiedV6WithPort", "DCC SEND f :: 40123 1", DccErrc::badAddress, nullptr},
        ErrorCase{"PortTooBig", "DCC SEND f 3232235778 65536 1", DccErrc::badPort,
                  "port \"65536\" is not 0-65535"},
        ErrorCase{"PortNegative", "DCC SEND f 3232235778 -1 1", DccErrc::badPort, nullptr},
        ErrorCase{"PortSign", "DCC SEND f 3232235778 +80 1", DccErrc::badPort, nullptr},
        ErrorCase{"PassiveWithoutToken", "DCC SEND f 199 0 100", DccErrc::badPort,
                  "port 0 (passive DCC) without a token"},
        ErrorCase{"SizeNegative", "DCC SEND f 3232235778 40123 -5", DccErrc::badSize,
                  "size \"-5\" is not a number"},
        ErrorCase{"SizeBeyond64Bits", "DCC SEND f 3232235778 40123 18446744073709551616",
                  DccErrc::badSize, nullptr},
        ErrorCase{"SizeHex", "DCC SEND f 3232235778 40123 0x10", DccErrc::badSize, nullptr},
        ErrorCase{"PositionNotNumber", "DCC RESUME f 40123 half", DccErrc::badSize,
                  "position \"half\" is not a number"},
        ErrorCase{"TokenWithQuote", "DCC SEND f 199 0 1 a\"b", DccErrc::badToken,
                  "token \"a\"b\" is not valid"},
        ErrorCase{"TokenWithDel", "DCC SEND f 199 0 1 a\x7f", DccErrc::badToken,
                  "token \"a?\" is not valid"},
        ErrorCase{"TokenTooLong", "DCC SEND f 199 0 1 " + std::string(65, '7'), DccErrc::badToken,
                  nullptr}));

TEST(DccErrorTest, NamesAndMessages)
{
    EXPECT_STREQ(dccErrorName(DccErrc::malformed), "DCC_MALFORMED");
    EXPECT_STREQ(dccErrorName(DccErrc::badName), "DCC_BAD_NAME");
    EXPECT_STREQ(dccErrorName(DccErrc::badAddress), "DCC_BAD_ADDRESS");
    EXPECT_STREQ(dccErrorName(DccErrc::badPort), "DCC_BAD_PORT");
    EXPECT_STREQ(dccErrorName(DccErrc::badSize), "DCC_BAD_SIZE");
    EXPECT_STREQ(dccErrorName(DccErrc::badToken), "DCC_BAD_TOKEN");
    EXPECT_STREQ(dccErrorName(DccErrc::unsupported), "DCC_UNSUPPORTED");
    const std::error_code ec = DccErrc::badPort; // is_error_code_enum
    EXPECT_EQ(ec.category().name(), std::string("dcc"));
    EXPECT_EQ(ec.message(), "the DCC request's port is not valid");
}

TEST(DccParseTest, ErrorDetailShowsPeerTextShortAndWithoutControls)
{
    const ParseResult r = parse("DCC SEND f \x1b[31m" + std::string(100, 'x') + " 1 1");
    ASSERT_FALSE(r.offer);
    EXPECT_EQ(r.detail,
              "address \"?[31m" + std::string(35, 'x') + "...\" is not an IPv4 or IPv6 address");
}

TEST(DccParseTest, PassiveAndReplyPredicates)
{
    const Offer passive = *parse("DCC SEND notes.txt 199 0 2048 17").offer;
    EXPECT_TRUE(passive.isPassive());
    EXPECT_FALSE(passive.isPassiveReply());
    const Offer reply = *parse("DCC SEND notes.txt 3232235779 41000 2048 17").offer;
    EXPECT_FALSE(reply.isPassive());
    EXPECT_TRUE(reply.isPassiveReply());
    const Offer active = *parse("DCC SEND photo.jpg 3232235778 40123 1").offer;
    EXPECT_FALSE(active.isPassive());
    EXPECT_FALSE(active.isPassiveReply());
    const Offer resume = *parse("DCC RESUME notes.txt 0 1024 17").offer;
    EXPECT_FALSE(resume.isPassive());
    EXPECT_FALSE(resume.isPassiveReply());
}

// --- format() and round trips ---------------------------------------------------------------

struct FormatCase
{
    const char* name;
    Offer offer;
    std::string line;
};

void PrintTo(const FormatCase& c, std::ostream* os)
{
    *os << c.name;
}

class DccFormatLineTest : public ::testing::TestWithParam<FormatCase>
{};

TEST_P(DccFormatLineTest, WritesAsClientsDoAndParsesBack)
{
    const FormatCase& c = GetParam();
    std::string detail;
    EXPECT_FALSE(check(c.offer, &detail)) << detail;
    EXPECT_EQ(format(c.offer), c.line);
    const ParseResult back = parse(format(c.offer));
    ASSERT_TRUE(back.offer) << back.detail;
    EXPECT_EQ(*back.offer, c.offer);
}

INSTANTIATE_TEST_SUITE_P(
    Offers, DccFormatLineTest,
    ::testing::Values(FormatCase{"Active", send("photo.jpg", "192.168.1.2", 40123, 123456),
                                 "DCC SEND photo.jpg 3232235778 40123 123456"},
                      FormatCase{"Spaces", send("my photo.jpg", "192.168.1.2", 40123, 1),
                                 "DCC SEND \"my photo.jpg\" 3232235778 40123 1"},
                      FormatCase{"LeadingQuote", send("\"q", "192.168.1.2", 40123, 1),
                                 "DCC SEND \"\"q\" 3232235778 40123 1"},
                      FormatCase{"LoneQuote", send("\"", "192.168.1.2", 40123, 1),
                                 "DCC SEND \"\"\" 3232235778 40123 1"},
                      FormatCase{"QuoteInside", send("a\"b", "192.168.1.2", 40123, 1),
                                 "DCC SEND a\"b 3232235778 40123 1"},
                      FormatCase{"QuoteAndSpaces", send("a\" 1 2 3 \"", "192.168.1.2", 40123, 1),
                                 "DCC SEND \"a\" 1 2 3 \"\" 3232235778 40123 1"},
                      FormatCase{"TrailingSpace", send("a ", "192.168.1.2", 40123, 1),
                                 "DCC SEND \"a \" 3232235778 40123 1"},
                      FormatCase{"IPv6", send("f", "2001:db8::5", 40123, 1),
                                 "DCC SEND f 2001:db8::5 40123 1"},
                      FormatCase{"Passive", send("f", "192.168.1.2", 0, 5368709120ULL, "17"),
                                 "DCC SEND f 3232235778 0 5368709120 17"},
                      FormatCase{"PassiveReply", send("f", "10.0.0.9", 41000, 5, "17"),
                                 "DCC SEND f 167772169 41000 5 17"},
                      FormatCase{"NoSize", send("f", "10.0.0.9", 41000, std::nullopt),
                                 "DCC SEND f 167772169 41000"},
                      FormatCase{"Resume", resumeLike(Kind::Resume, "f g", 40123, 4294967296ULL),
                                 "DCC RESUME \"f g\" 40123 4294967296"},
                      FormatCase{"ResumePassive", resumeLike(Kind::Resume, "f", 0, 9, "17"),
                                 "DCC RESUME f 0 9 17"},
                      FormatCase{"Accept", resumeLike(Kind::Accept, "file.ext", 40123, 65536),
                                 "DCC ACCEPT file.ext 40123 65536"},
                      FormatCase{"NameLikeFields", send("1 2 3 4", "0.0.0.1", 2, 3, "4"),
                                 "DCC SEND \"1 2 3 4\" 1 2 3 4"}));

TEST(DccFormatTest, CheckRefusesWhatCannotBeWritten)
{
    const auto errorOf = [](const Offer& o) { return check(o); };
    EXPECT_EQ(errorOf(send("", "10.0.0.1", 1, 1)), make_error_code(DccErrc::badName));
    EXPECT_EQ(errorOf(send("a\rb", "10.0.0.1", 1, 1)), make_error_code(DccErrc::malformed));
    EXPECT_EQ(errorOf(send("a\x01", "10.0.0.1", 1, 1)), make_error_code(DccErrc::malformed));
    EXPECT_EQ(errorOf(send("a", "", 1, 1)), make_error_code(DccErrc::badAddress));
    EXPECT_EQ(errorOf(send("a", "2001:DB8::1", 1, 1)), make_error_code(DccErrc::badAddress));
    EXPECT_EQ(errorOf(send("a", "lan.example", 1, 1)), make_error_code(DccErrc::badAddress));
    EXPECT_EQ(errorOf(send("a", "0.0.0.0", 1, 1)), make_error_code(DccErrc::badAddress));
    EXPECT_EQ(errorOf(send("a", "10.0.0.1", 0, 1)), make_error_code(DccErrc::badPort));
    EXPECT_EQ(errorOf(send("a", "10.0.0.1", 0, std::nullopt, "1")),
              make_error_code(DccErrc::malformed));
    EXPECT_EQ(errorOf(send("a", "10.0.0.1", 0, 1, "a b")), make_error_code(DccErrc::badToken));
    EXPECT_EQ(errorOf(send("a", "10.0.0.1", 0, 1, "")), make_error_code(DccErrc::badToken));
    Offer resume = resumeLike(Kind::Resume, "a", 1, 1);
    resume.address = "10.0.0.1";
    std::string detail;
    EXPECT_EQ(check(resume, &detail), make_error_code(DccErrc::malformed));
    EXPECT_EQ(detail, "RESUME carries no address and no size");
    Offer sendWithPosition = send("a", "10.0.0.1", 1, 1);
    sendWithPosition.position = 5;
    EXPECT_EQ(check(sendWithPosition), make_error_code(DccErrc::malformed));
    EXPECT_FALSE(check(send("a", "0.0.0.0", 0, 1, "5"))) << "a passive offer's placeholder";
}

TEST(DccFormatTest, CanonicalAddress)
{
    EXPECT_EQ(canonicalAddress("10.0.0.2"), "10.0.0.2");
    EXPECT_EQ(canonicalAddress("::ffff:10.0.0.2"), "10.0.0.2");
    EXPECT_EQ(canonicalAddress("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
    EXPECT_EQ(canonicalAddress("::1"), "::1");
    EXPECT_EQ(canonicalAddress("167772162"), "");
    EXPECT_EQ(canonicalAddress("lan.example"), "");
    EXPECT_EQ(canonicalAddress("10.0.0.2\0x"s), "");
    EXPECT_EQ(canonicalAddress(""), "");
}

// --- Safe file names ------------------------------------------------------------------------

struct NameCase
{
    const char* name;
    std::string peer;
    std::string safe;
};

void PrintTo(const NameCase& c, std::ostream* os)
{
    *os << c.name;
}

class DccSafeNameTest : public ::testing::TestWithParam<NameCase>
{};

TEST_P(DccSafeNameTest, IsSafeAndStable)
{
    const NameCase& c = GetParam();
    const std::string safe = safeFileName(c.peer);
    EXPECT_EQ(safe, c.safe);
    EXPECT_EQ(safeFileName(safe), safe) << "idempotent";
    EXPECT_LE(safe.size(), kMaxFileNameBytes);
}

const std::string Euro = "\xE2\x82\xAC"; // U+20AC, three bytes

INSTANTIATE_TEST_SUITE_P(
    Hostile, DccSafeNameTest,
    ::testing::Values(
        NameCase{"Plain", "photo.jpg", "photo.jpg"},
        NameCase{"Spaces", "my holiday photo.jpg", "my holiday photo.jpg"},
        NameCase{"Utf8Kept",
                 "Fu\xC3\x9F"
                 "ball " +
                     Euro + ".txt",
                 "Fu\xC3\x9F"
                 "ball " +
                     Euro + ".txt"},
        NameCase{"UnixTraversal", "../../etc/passwd", "passwd"},
        NameCase{"WindowsPath", "C:\\Windows\\x", "x"},
        NameCase{"MixedSeparators", "a/b\\c/d.txt", "d.txt"},
        NameCase{"AbsoluteUnix", "/etc/shadow", "shadow"},
        NameCase{"UncPath", "\\\\server\\share\\x.exe", "x.exe"},
        NameCase{"TrailingSlash", "dir/", "file"}, NameCase{"DotDot", "..", "file"},
        NameCase{"Dot", ".", "file"}, NameCase{"DotDotAfterPath", "a/..", "file"},
        NameCase{"OnlySpaces", "   ", "file"}, NameCase{"Empty", "", "file"},
        NameCase{"LeadingTrailingSpaces", "  a b  ", "a b"},
        NameCase{"TrailingDots", "report...", "report"},
        NameCase{"TrailingDotsAndSpaces", "report. . .", "report"},
        NameCase{"HiddenKept", ".bashrc", ".bashrc"},
        NameCase{"Control",
                 "a\x01"
                 "b",
                 "a_b"},
        NameCase{"Tab", "a\tb", "a_b"}, NameCase{"Escape", "\x1b[31mred", "_[31mred"},
        NameCase{"Del", "a\x7f", "a_"},
        NameCase{"C1",
                 "a\xC2\x9B"
                 "b",
                 "a_b"},
        NameCase{"Nbsp",
                 "a\xC2\xA0"
                 "b",
                 "a\xC2\xA0"
                 "b"},
        NameCase{"Reserved", "a<b>c:d\"e|f?g*h", "a_b_c_d_e_f_g_h"},
        NameCase{"Stream", "x.txt:Zone.Identifier", "x.txt_Zone.Identifier"},
        NameCase{"BidiOverride", "\xE2\x80\xAEtxt.exe", "_txt.exe"},
        NameCase{"InvalidUtf8", "caf\xE9.txt", "caf_.txt"},
        NameCase{"OverlongSlash",
                 "a\xC0\xAF"
                 "b",
                 "a__b"},
        NameCase{"Surrogate",
                 "a\xED\xA0\x80"
                 "b",
                 "a___b"},
        NameCase{"TruncatedSequence", "a\xE2\x82", "a__"}, NameCase{"Con", "con", "_con"},
        NameCase{"ConTxt", "con.txt", "_con.txt"},
        NameCase{"ConUpperTarGz", "CON.tar.gz", "_CON.tar.gz"},
        NameCase{"ConSpaceExtension", "con .txt", "_con .txt"}, NameCase{"Prn", "Prn", "_Prn"},
        NameCase{"Aux", "aux.c", "_aux.c"}, NameCase{"Nul", "NUL", "_NUL"},
        NameCase{"Com1", "com1.log", "_com1.log"}, NameCase{"Lpt9", "LPT9", "_LPT9"},
        NameCase{"ComSuperscript", "COM\xC2\xB9.txt", "_COM\xC2\xB9.txt"},
        NameCase{"ConinDollar", "CONIN$", "_CONIN$"},
        NameCase{"ConoutDollar", "conout$.txt", "_conout$.txt"},
        NameCase{"DeviceAfterTrim", "con.", "_con"}, NameCase{"NotDeviceCom10", "com10", "com10"},
        NameCase{"NotDeviceConsole", "console.txt", "console.txt"},
        NameCase{"NotDeviceCo", "co", "co"},
        NameCase{"Long", std::string(300, 'a') + ".txt", std::string(196, 'a') + ".txt"},
        NameCase{"LongNoExtension", std::string(300, 'a'), std::string(200, 'a')},
        NameCase{"LongLongExtension", "a." + std::string(300, 'b'), "a." + std::string(198, 'b')},
        NameCase{"LongUtf8KeepsCharacters",
                 std::string(1, 'a') +
                     [] {
                         std::string s;
                         for (int i = 0; i < 100; ++i)
                             s += Euro;
                         return s;
                     }() +
                     ".jpg",
                 // 196 bytes for the stem: 'a' and 65 euro signs (196), not a cut one
                 std::string(1, 'a') +
                     [] {
                         std::string s;
                         for (int i = 0; i < 65; ++i)
                             s += Euro;
                         return s;
                     }() +
                     ".jpg"},
        NameCase{"LongCutBeforeSpaces", "x" + std::string(250, ' ') + "y", "x"},
        NameCase{"LongCutMakesDevice", "aux" + std::string(250, ' ') + "x.txt",
                 "_aux" + std::string(192, ' ') + ".txt"},
        NameCase{"LongDotsAndSpaces", "." + std::string(300, ' ') + "x", "file"}));

TEST(DccNameTest, SafeNamesHoldTheRules)
{
    // Every byte value at every place of a short name: the rules hold, the result is stable.
    for (int a = 0; a < 256; ++a) {
        for (const std::string& shape :
             {std::string("x?y"), std::string("?"), std::string("?.t"), std::string("con?")}) {
            std::string peer = shape;
            peer[peer.find('?')] = static_cast<char>(a);
            const std::string safe = safeFileName(peer);
            ASSERT_FALSE(safe.empty());
            EXPECT_EQ(safe.find_first_of("/\\<>:\"|?*"), std::string::npos) << a;
            for (const char c : safe) {
                const auto u = static_cast<unsigned char>(c);
                EXPECT_TRUE(u >= 0x20 && u != 0x7F) << a;
            }
            EXPECT_NE(safe.back(), '.');
            EXPECT_NE(safe.back(), ' ');
            EXPECT_NE(safe.front(), ' ');
            EXPECT_EQ(safeFileName(safe), safe) << a;
        }
    }
}

// --- Free names, .part ----------------------------------------------------------------------

TEST(DccNameTest, UniqueName)
{
    std::set<std::string> taken;
    const auto exists = [&taken](const std::string& name) { return taken.count(name) > 0; };
    EXPECT_EQ(uniqueName("photo.jpg", exists), "photo.jpg");
    taken = {"photo.jpg"};
    EXPECT_EQ(uniqueName("photo.jpg", exists), "photo (1).jpg");
    taken = {"photo.jpg", "photo (1).jpg"};
    EXPECT_EQ(uniqueName("photo.jpg", exists), "photo (2).jpg");
    taken = {"backup.tar.gz"};
    EXPECT_EQ(uniqueName("backup.tar.gz", exists), "backup (1).tar.gz");
    taken = {"README"};
    EXPECT_EQ(uniqueName("README", exists), "README (1)");
    taken = {".bashrc"};
    EXPECT_EQ(uniqueName(".bashrc", exists), ".bashrc (1)");
    taken = {"a.b.c"};
    EXPECT_EQ(uniqueName("a.b.c", exists), "a.b (1).c");

    // A name at the length limit stays within it.
    const std::string longName = std::string(196, 'a') + ".txt";
    taken = {longName};
    EXPECT_EQ(uniqueName(longName, exists), std::string(192, 'a') + " (1).txt");

    // Bounded: every candidate taken.
    int asked = 0;
    const auto all = [&asked](const std::string&) {
        ++asked;
        return true;
    };
    EXPECT_EQ(uniqueName("x.txt", all), std::nullopt);
    EXPECT_EQ(asked, kMaxUniqueAttempts + 1);
}

TEST(DccNameTest, PartName)
{
    EXPECT_EQ(partName("photo.jpg"), "photo.jpg.part");
    EXPECT_EQ(partName("_con"), "_con.part");
}

// --- Where an offer may make us connect -----------------------------------------------------

TEST(DccAddressTest, SameAddressIsAllowed)
{
    const Offer offer = *parse("DCC SEND f 167772162 40123 1").offer; // 10.0.0.2
    const AddressCheck c = offerAddressAllowed(offer, "10.0.0.2");
    EXPECT_TRUE(c.allowed());
    EXPECT_EQ(c.verdict, AddressVerdict::SameAddress);
    EXPECT_EQ(c.offerAddress, "10.0.0.2");
    EXPECT_EQ(c.senderAddress, "10.0.0.2");
}

TEST(DccAddressTest, ForeignAddressIsRefusedWithReason)
{
    const Offer offer = *parse("DCC SEND f 10.0.0.9 40123 1").offer;
    const AddressCheck c = offerAddressAllowed(offer, "10.0.0.2");
    EXPECT_FALSE(c.allowed());
    EXPECT_EQ(c.verdict, AddressVerdict::ForeignAddress);
    EXPECT_EQ(c.describe("ada"), "the offer points to 10.0.0.9, but ada's address is 10.0.0.2");
}

TEST(DccAddressTest, ComparesParsedAddresses)
{
    const Offer v4 = send("f", "10.0.0.2", 1, 1);
    EXPECT_TRUE(offerAddressAllowed(v4, "::ffff:10.0.0.2").allowed());
    EXPECT_TRUE(offerAddressAllowed(v4, "::FFFF:10.0.0.2").allowed());
    EXPECT_TRUE(offerAddressAllowed(v4, "[::ffff:10.0.0.2]").allowed());
    EXPECT_FALSE(offerAddressAllowed(v4, "10.0.0.20").allowed());
    EXPECT_FALSE(offerAddressAllowed(v4, "::1").allowed());

    const Offer v6 = *parse("DCC SEND f 2001:DB8::5 1 1").offer;
    EXPECT_TRUE(offerAddressAllowed(v6, "2001:db8:0:0:0:0:0:5").allowed());
    EXPECT_TRUE(offerAddressAllowed(v6, "2001:DB8::5").allowed());
    EXPECT_TRUE(offerAddressAllowed(v6, "[2001:db8::5]").allowed());
    EXPECT_FALSE(offerAddressAllowed(v6, "2001:db8::6").allowed());

    const Offer linkLocal = send("f", "fe80::1", 1, 1);
    EXPECT_TRUE(offerAddressAllowed(linkLocal, "fe80::1%eth0").allowed());

    // An IPv4-mapped offer is IPv4 once parsed; the offer's own text is compared parsed too.
    const Offer mapped = *parse("DCC SEND f ::ffff:10.0.0.2 1 1").offer;
    EXPECT_TRUE(offerAddressAllowed(mapped, "10.0.0.2").allowed());
    EXPECT_TRUE(offerAddressAllowed(send("f", "::FFFF:10.0.0.2", 1, 1), "10.0.0.2").allowed());
}

TEST(DccAddressTest, PassiveAndResumeNeedNoAddress)
{
    const Offer passive = *parse("DCC SEND notes.txt 199 0 2048 17").offer;
    const AddressCheck p = offerAddressAllowed(passive, "10.0.0.2");
    EXPECT_TRUE(p.allowed());
    EXPECT_EQ(p.verdict, AddressVerdict::Passive);
    EXPECT_EQ(p.describe("ada"), "a passive offer: ada connects to us");

    // The receiver's answer to our passive offer is checked like an active offer.
    const Offer reply = *parse("DCC SEND notes.txt 167772169 41000 2048 17").offer;
    EXPECT_FALSE(offerAddressAllowed(reply, "10.0.0.2").allowed());
    EXPECT_TRUE(offerAddressAllowed(reply, "10.0.0.9").allowed());

    const Offer resume = *parse("DCC RESUME f 40123 5").offer;
    EXPECT_EQ(offerAddressAllowed(resume, "anything").verdict, AddressVerdict::NoAddress);
    EXPECT_TRUE(offerAddressAllowed(resume, "anything").allowed());
}

TEST(DccAddressTest, SenderHostThatIsNoAddressIsRefused)
{
    const Offer offer = send("f", "10.0.0.2", 1, 1);
    for (const char* host : {"lan.example", "", "user/cloak", "10.0.0.2.example", "[10.0.0.2"}) {
        const AddressCheck c = offerAddressAllowed(offer, host);
        EXPECT_FALSE(c.allowed()) << host;
        EXPECT_EQ(c.verdict, AddressVerdict::UnknownSender) << host;
    }
    EXPECT_EQ(offerAddressAllowed(offer, "lan.example").describe("ada"),
              "the offer points to 10.0.0.2, but ada's address is not known (the host shows "
              "\"lan.example\")");
}

} // namespace
} // namespace netcore::irc::dcc
