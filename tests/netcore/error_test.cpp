// SPDX-License-Identifier: GPL-3.0-or-later
// Errors as values: names, numbers and text; HOST[:PORT] parsing; address formatting.

#include "netcore/address.h"
#include "netcore/error.h"
#include "platform/platform.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace netcore {
namespace {

TEST(SocketError, MessageHasSymbolicNameNumberAndText)
{
    const int refused = platform::errorConnRefused();
    const std::error_code ec = makeSocketError(refused);
    const std::string expectedName = test::platformErrorName("ECONNREFUSED");
    EXPECT_EQ(errorName(ec), expectedName);
    EXPECT_EQ(errorLabel(ec), expectedName + " (" + std::to_string(refused) + ")");
    const std::string message = ec.message();
    const std::string prefix = expectedName + " (" + std::to_string(refused) + "): ";
    ASSERT_EQ(message.rfind(prefix, 0), 0u) << message;
    EXPECT_GT(message.size(), prefix.size()) << "the system's text is missing: " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "no line break inside: " << message;
}

TEST(SocketError, WouldBlockIsRetriableEverywhere)
{
    EXPECT_TRUE(platform::isWouldBlock(platform::kIsWindows ? 10035 : 11));
    EXPECT_FALSE(platform::isWouldBlock(platform::errorConnRefused()));
}

TEST(SocketError, UnknownCodeStillHasNumber)
{
    const std::error_code ec = makeSocketError(987654);
    EXPECT_NE(ec.message().find("(987654)"), std::string::npos) << ec.message();
}

TEST(NetErrorTest, DescribeNamesOperationAndTarget)
{
    const NetError error{makeSocketError(platform::errorConnRefused()), "connect", "127.0.0.1:1"};
    const std::string text = error.describe();
    EXPECT_EQ(text.rfind("connect 127.0.0.1:1: " + test::platformErrorName("ECONNREFUSED"), 0), 0u)
        << text;
}

// A second listener on a port: the error names the call, the address and the socket error
// (name and number), and says the port is in use, on every platform. WinSock's own words for it
// can be "access denied": WSAEACCES when the first socket holds every interface exclusively and
// the second asks for one address (the "DENIED" of Microsoft's table in "Sharing Transport
// Addresses"; Wine 8 also for two wildcard binds).
class PortInUseTest : public test::LoopTest
{};

TEST_P(PortInUseTest, SecondListenerIsToldThePortIsInUse)
{
    struct Case
    {
        const char* first; // "" = every interface, as lanchat-cli host binds by default
        const char* second;
    };
    for (const Case& c : {Case{"127.0.0.1", "127.0.0.1"}, Case{"", "127.0.0.1"}, Case{"", ""}}) {
        SCOPED_TRACE(std::string("first '") + c.first + "', second '" + c.second + "'");
        loop->invoke([&] {
            ListenOptions options;
            options.host = c.first;
            NetError error;
            auto first = TcpListener::open(*loop, options, nullptr, nullptr, &error);
            ASSERT_TRUE(first) << error.describe();
            options.host = c.second;
            options.port = first->localAddress().port();
            auto second = TcpListener::open(*loop, options, nullptr, nullptr, &error);
            EXPECT_FALSE(second);
            ASSERT_TRUE(error);
            const std::string text = error.describe();
            const std::string name = errorName(error.code);
            EXPECT_TRUE(name == test::platformErrorName("EADDRINUSE") || name == "WSAEACCES")
                << text;
            if (platform::kIsWindows && *c.first == 0 && *c.second != 0) {
                EXPECT_EQ(name, "WSAEACCES") << text;
            }
            // "bind ADDRESS:PORT: NAME (NUMBER): ... in use ..."
            const std::string named = ":" + std::to_string(options.port) + ": " + name + " (" +
                                      std::to_string(error.code.value()) + "): ";
            EXPECT_EQ(text.rfind("bind ", 0), 0u) << text;
            const auto at = text.find(named);
            ASSERT_NE(at, std::string::npos) << text;
            EXPECT_NE(text.find("in use", at + named.size()), std::string::npos) << text;
            if (name == "WSAEACCES") {
                EXPECT_NE(text.find("SO_EXCLUSIVEADDRUSE"), std::string::npos) << text;
                EXPECT_EQ(text.find("Access denied"), std::string::npos) << text;
            }
            // The same error from another call keeps the system's text.
            const NetError other{error.code, "connect", "127.0.0.1:1"};
            EXPECT_EQ(other.describe(), "connect 127.0.0.1:1: " + error.code.message());
        });
    }
}

// "bind" names the instances, so that ctest -R bind finds them.
INSTANTIATE_TEST_SUITE_P(bind, PortInUseTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

TEST(NetcoreError, OwnConditionsHaveText)
{
    const std::error_code ec = make_error_code(Errc::fdSetFull);
    EXPECT_NE(ec.message().find("FD_SETSIZE"), std::string::npos);
    EXPECT_EQ(ec, Errc::fdSetFull);
}

struct HostPortCase
{
    const char* text;
    bool ok;
    const char* host;
    std::uint16_t port;
};

class HostPortTest : public ::testing::TestWithParam<HostPortCase>
{};

TEST_P(HostPortTest, Parses)
{
    const HostPortCase& c = GetParam();
    HostPort out;
    const std::error_code ec = parseHostPort(c.text, 6667, &out);
    ASSERT_EQ(!ec, c.ok) << c.text;
    if (c.ok) {
        EXPECT_EQ(out.host, c.host);
        EXPECT_EQ(out.port, c.port);
    } else {
        EXPECT_EQ(ec, Errc::invalidAddress);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HostPortTest,
    ::testing::Values(
        HostPortCase{"example", true, "example", 6667},
        HostPortCase{"127.0.0.1:7000", true, "127.0.0.1", 7000},
        HostPortCase{"[::1]:6667", true, "::1", 6667}, HostPortCase{"[::1]", true, "::1", 6667},
        HostPortCase{"::1", true, "::1", 6667}, HostPortCase{"fe80::1:2", true, "fe80::1:2", 6667},
        HostPortCase{"host:0", false, "", 0}, HostPortCase{"host:65536", false, "", 0},
        HostPortCase{"host:12x", false, "", 0}, HostPortCase{"host:", false, "", 0},
        HostPortCase{"[::1", false, "", 0}, HostPortCase{"[::1]x", false, "", 0},
        HostPortCase{"", false, "", 0}, HostPortCase{":80", false, "", 0},
        HostPortCase{"a b:80", false, "", 0}));

TEST(SocketAddressTest, FormatsBothFamilies)
{
    bool ok = false;
    const SocketAddress v4 = SocketAddress::fromNumeric("127.0.0.1", 6667, &ok);
    ASSERT_TRUE(ok);
    EXPECT_EQ(v4.toString(), "127.0.0.1:6667");
    EXPECT_EQ(v4.family(), AddressFamily::IPv4);
    const SocketAddress v6 = SocketAddress::fromNumeric("::1", 80, &ok);
    ASSERT_TRUE(ok);
    EXPECT_EQ(v6.toString(), "[::1]:80");
    // A dual-stack socket reports IPv4 peers as mapped addresses; they show as IPv4.
    const SocketAddress mapped = SocketAddress::fromNumeric("::ffff:10.1.2.3", 5, &ok);
    ASSERT_TRUE(ok);
    EXPECT_EQ(mapped.toString(), "10.1.2.3:5");
    SocketAddress::fromNumeric("not-an-ip", 1, &ok);
    EXPECT_FALSE(ok);
}

TEST(ResolveTest, NumericAndFailure)
{
    const ResolveResult good = resolve("127.0.0.1", 6667);
    ASSERT_FALSE(good.error) << good.error.describe();
    ASSERT_EQ(good.addresses.size(), 1u);
    EXPECT_EQ(good.addresses[0].toString(), "127.0.0.1:6667");

    // Numeric only, so no name server is asked: tests send nothing beyond loopback.
    const ResolveResult bad = resolve("999.1.1.1", 6667, false, true);
    ASSERT_TRUE(bad.error);
    EXPECT_EQ(bad.error.operation, "getaddrinfo");
    EXPECT_FALSE(errorName(bad.error.code).empty()) << bad.error.describe();
}

} // namespace
} // namespace netcore
