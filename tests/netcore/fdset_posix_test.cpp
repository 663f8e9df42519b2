// SPDX-License-Identifier: GPL-3.0-or-later
// select() and FD_SETSIZE on Linux: a real socket moved above 1023 with dup2 is refused with a
// clear error (FD_SET on it would write outside the fd_set), and the loop goes on serving.

#include "loops/channel.h"
#include "netcore/event_loop.h"
#include "sockets/socket_ops.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

namespace netcore {
namespace {

class IdleChannel final : public Channel
{
public:
    using Channel::Channel;
    void handleEvent(unsigned, int) override { ++events; }
    void handleLoopStopping() override {}
    int events = 0;
};

// Raises the soft limit on open files above FD_SETSIZE; returns why it cannot, or "".
std::string allowDescriptorsBeyondFdSetSize()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return "getrlimit failed";
    const rlim_t wanted = FD_SETSIZE + 64;
    if (limit.rlim_cur >= wanted)
        return {};
    if (limit.rlim_max < wanted)
        return "the hard limit on open files (" + std::to_string(limit.rlim_max) +
               ") does not allow a descriptor above FD_SETSIZE";
    limit.rlim_cur = wanted;
    return setrlimit(RLIMIT_NOFILE, &limit) == 0 ? std::string() : "setrlimit failed";
}

TEST(SelectFdSetSize, DescriptorAboveTheLimitIsRefusedAndTheLoopGoesOn)
{
    // Make room for a descriptor beyond FD_SETSIZE.
    if (const std::string why = allowDescriptorsBeyondFdSetSize(); !why.empty())
        GTEST_SKIP() << why;

    test::EchoServer server;
    auto result = std::make_shared<test::ClientResult>(); // also outlives the loop
    NetError error;
    auto loop = EventLoop::start("select", &error);
    ASSERT_TRUE(loop) << error.describe();

    const int s = ::socket(AF_INET, SOCK_DGRAM, 0);
    ASSERT_GE(s, 0);
    const int high = FD_SETSIZE + 10;
    ASSERT_EQ(::dup2(s, high), high);
    ::close(s);

    IdleChannel channel(allocateSocketId(), Protocol::Udp, SocketRole::Udp, high,
                        ChannelKind::Datagram);
    channel.setWantRead(true);
    const auto added = loop->invoke([&] { return loop->addChannel(channel); });
    ASSERT_TRUE(added);
    EXPECT_EQ(*added, Errc::fdSetFull);
    EXPECT_NE(added->message().find("FD_SETSIZE (" + std::to_string(FD_SETSIZE) + ")"),
              std::string::npos)
        << added->message();
    ::close(high);

    // The loop still serves: an echo over loopback works.
    ASSERT_TRUE(*loop->invoke([&] { return server.open(*loop); }));
    test::connectTo(*loop, test::localhost(server.port()), result);
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return result->done; }));
    ASSERT_TRUE(result->connection) << result->error.describe();
    std::string received;
    loop->invoke([&] {
        result->connection->setDataHandler(
            [&](TcpConnection&, std::string_view data) { received += data; });
        result->connection->start();
        result->connection->send("still here\n");
    });
    EXPECT_TRUE(test::waitUntil(*loop, [&] { return received == "still here\n"; }));
    loop->stop();
}

// A client connects while every descriptor below FD_SETSIZE is taken, so the accepted socket
// lands above it: the select loop must refuse it with an error, epoll must serve it.
class BeyondFdSetSize : public ::testing::TestWithParam<std::string>
{};

TEST_P(BeyondFdSetSize, AcceptedSocket)
{
    const bool isSelect = GetParam() == "select";
    if (const std::string why = allowDescriptorsBeyondFdSetSize(); !why.empty())
        GTEST_SKIP() << why;
    test::EchoServer server;
    auto result = std::make_shared<test::ClientResult>(); // also outlives the loop
    NetError error;
    auto loop = EventLoop::start(GetParam(), &error);
    ASSERT_TRUE(loop) << error.describe();
    ASSERT_TRUE(*loop->invoke([&] { return server.open(*loop); }));

    // Fill every free descriptor below FD_SETSIZE, so the next accept() lands above it.
    const int devNull = ::open("/dev/null", O_RDONLY);
    ASSERT_GE(devNull, 0);
    std::vector<int> fillers{devNull};
    for (;;) {
        const int fd = ::dup(devNull);
        if (fd < 0)
            break;
        if (fd >= FD_SETSIZE) {
            ::close(fd);
            break;
        }
        fillers.push_back(fd);
    }
    // The client's own socket is high too: connect with a blocking socket outside netcore.
    const int client = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(client, FD_SETSIZE);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(server.port());
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);

    if (isSelect) {
        EXPECT_TRUE(test::waitUntil(*loop, [&] { return !server.errors.empty(); }))
            << "the listener should report the refused connection";
        loop->invoke([&] {
            ASSERT_FALSE(server.errors.empty());
            EXPECT_EQ(server.errors[0].code, Errc::fdSetFull) << server.errors[0].describe();
            EXPECT_EQ(server.accepted, 0);
        });
        // The refused connection was closed: the client reads end-of-stream.
        char byte;
        EXPECT_EQ(::recv(client, &byte, 1, 0), 0);
    } else {
        // epoll has no such limit: the connection is served.
        ASSERT_TRUE(test::waitUntil(*loop, [&] { return server.accepted == 1; }));
        const char line[] = "beyond FD_SETSIZE\n";
        ASSERT_EQ(::send(client, line, sizeof line - 1, 0), static_cast<ssize_t>(sizeof line - 1));
        char echo[sizeof line - 1];
        std::size_t got = 0;
        while (got < sizeof echo) {
            const ssize_t n = ::recv(client, echo + got, sizeof echo - got, 0);
            ASSERT_GT(n, 0);
            got += static_cast<std::size_t>(n);
        }
        EXPECT_EQ(std::string(echo, sizeof echo), line);
        EXPECT_TRUE(server.errors.empty());
    }
    ::close(client);
    for (const int fd : fillers)
        ::close(fd);

    // Below the limit again, connections are accepted.
    test::connectTo(*loop, test::localhost(server.port()), result);
    EXPECT_TRUE(test::waitUntil(
        *loop, [&] { return result->done && server.accepted == (isSelect ? 1 : 2); }));
    loop->stop();
}

INSTANTIATE_TEST_SUITE_P(Loops, BeyondFdSetSize,
                         ::testing::Values(std::string("select"), std::string("epoll")),
                         test::loopParamName);

} // namespace
} // namespace netcore
