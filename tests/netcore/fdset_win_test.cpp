// SPDX-License-Identifier: GPL-3.0-or-later
// select() and FD_SETSIZE on Windows: CMake raises FD_SETSIZE for every translation unit, and
// the select loop refuses a socket once its fd_set is full (FD_SET would silently drop it),
// with a clear error, and goes on serving.

#include "netcore/udp.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace netcore {
namespace {

TEST(SelectFdSetSize, RaisedByCMake)
{
    EXPECT_EQ(FD_SETSIZE, 1024);
}

TEST(SelectFdSetSize, SocketBeyondAFullSetIsRefusedAndTheLoopGoesOn)
{
    // Declared before the loop, so they are dropped only after it has stopped.
    std::vector<std::unique_ptr<UdpSocket>> sockets;
    test::EchoServer server;
    auto result = std::make_shared<test::ClientResult>(); // also outlives the loop
    NetError error;
    auto loop = EventLoop::start("select", &error);
    ASSERT_TRUE(loop) << error.describe();
    NetError refused;
    loop->invoke([&] {
        UdpOptions options;
        options.bindAddress = SocketAddress::fromNumeric("127.0.0.1", 0);
        options.shareAddress = false;
        options.maxDatagram = 512;
        for (std::size_t i = 0; i <= FD_SETSIZE; ++i) {
            NetError e;
            auto socket = UdpSocket::open(*loop, options, nullptr, nullptr, &e);
            if (!socket) {
                refused = e;
                break;
            }
            sockets.push_back(std::move(socket));
        }
    });
    // The loop's wake-up socket takes one place.
    EXPECT_EQ(sockets.size(), std::size_t(FD_SETSIZE - 1));
    EXPECT_EQ(refused.code, Errc::fdSetFull) << refused.describe();

    // Make room and show the loop still serves.
    loop->invoke([&] { sockets.resize(sockets.size() - 4); });
    ASSERT_TRUE(*loop->invoke([&] { return server.open(*loop); }));
    test::connectTo(*loop, test::localhost(server.port()), result);
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return result->done; }));
    ASSERT_TRUE(result->connection) << result->error.describe();
    loop->stop();
}

} // namespace
} // namespace netcore
