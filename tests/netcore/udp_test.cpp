// SPDX-License-Identifier: GPL-3.0-or-later
// UDP on loopback: a shared port where both sockets hear a broadcast to 127.255.255.255,
// truncated datagrams, and the error of broadcasting without SO_BROADCAST.

#include "netcore/udp.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace netcore {
namespace {

using test::LoopTest;

struct Inbox
{
    std::vector<std::string> datagrams;
    std::vector<bool> truncated;
    std::vector<SocketAddress> senders;
    std::unique_ptr<UdpSocket> socket;
};

class UdpTest : public LoopTest
{
protected:
    // Loop thread.
    std::unique_ptr<UdpSocket> openInbox(const std::shared_ptr<Inbox>& inbox, UdpOptions options,
                                         NetError* error)
    {
        return UdpSocket::open(
            *loop, options,
            [inbox](UdpSocket&, std::string_view data, const SocketAddress& from, bool truncated) {
                inbox->datagrams.emplace_back(data);
                inbox->truncated.push_back(truncated);
                inbox->senders.push_back(from);
            },
            nullptr, error);
    }
};

TEST_P(UdpTest, TwoSocketsSharingAPortBothHearALoopbackBroadcast)
{
    auto a = make<Inbox>();
    auto b = make<Inbox>();
    auto sender = make<Inbox>();
    std::uint16_t port = 0;
    loop->invoke([&] {
        NetError error;
        UdpOptions options;
        // Presence listens on INADDR_ANY with address sharing; the broadcast stays on loopback.
        options.bindAddress = SocketAddress::anyIPv4(0);
        a->socket = openInbox(a, options, &error);
        ASSERT_TRUE(a->socket) << error.describe();
        port = a->socket->localAddress().port();
        options.bindAddress = SocketAddress::anyIPv4(port);
        b->socket = openInbox(b, options, &error);
        ASSERT_TRUE(b->socket) << "second socket on the shared port: " << error.describe();

        UdpOptions sendOptions;
        sendOptions.bindAddress = SocketAddress::fromNumeric("127.0.0.1", 0);
        sendOptions.broadcast = true;
        sender->socket = openInbox(sender, sendOptions, &error);
        ASSERT_TRUE(sender->socket) << error.describe();
        const NetError sent = sender->socket->sendTo(
            SocketAddress::fromNumeric("127.255.255.255", port), "LANCHAT hello");
        EXPECT_FALSE(sent) << sent.describe();
    });
    ASSERT_NE(port, 0);
    ASSERT_TRUE(test::waitUntil(
        *loop, [&] { return a->datagrams.size() == 1 && b->datagrams.size() == 1; }))
        << "a heard " << *loop->invoke([&] { return a->datagrams.size(); }) << ", b heard "
        << *loop->invoke([&] { return b->datagrams.size(); });
    loop->invoke([&] {
        EXPECT_EQ(a->datagrams[0], "LANCHAT hello");
        EXPECT_EQ(b->datagrams[0], "LANCHAT hello");
        EXPECT_EQ(a->senders[0].ip(), "127.0.0.1");
        EXPECT_FALSE(a->truncated[0]);
        EXPECT_EQ(a->socket->stats().datagramsIn, 1u);
        EXPECT_EQ(a->socket->state(), SocketState::Bound);
        a->socket->close();
        EXPECT_EQ(a->socket->state(), SocketState::Closed);
        EXPECT_EQ(sender->socket->stats().datagramsOut, 1u);
    });
}

TEST_P(UdpTest, BroadcastWithoutSoBroadcastIsRefusedByName)
{
    auto inbox = make<Inbox>();
    loop->invoke([&] {
        NetError error;
        UdpOptions options;
        options.bindAddress = SocketAddress::fromNumeric("127.0.0.1", 0);
        options.broadcast = false;
        inbox->socket = openInbox(inbox, options, &error);
        ASSERT_TRUE(inbox->socket) << error.describe();
        const NetError sent = inbox->socket->sendTo(
            SocketAddress::fromNumeric("127.255.255.255", 9), "should not go");
        ASSERT_TRUE(sent) << "sendto to a broadcast address needs SO_BROADCAST";
        EXPECT_EQ(errorName(sent.code), test::platformErrorName("EACCES")) << sent.describe();
        EXPECT_EQ(sent.operation, "sendto");
    });
}

TEST_P(UdpTest, TruncatedDatagramIsDetected)
{
    auto receiver = make<Inbox>();
    auto sender = make<Inbox>();
    loop->invoke([&] {
        NetError error;
        UdpOptions options;
        options.bindAddress = SocketAddress::fromNumeric("127.0.0.1", 0);
        options.maxDatagram = 16;
        receiver->socket = openInbox(receiver, options, &error);
        ASSERT_TRUE(receiver->socket) << error.describe();
        options.maxDatagram = 64 * 1024;
        sender->socket = openInbox(sender, options, &error);
        ASSERT_TRUE(sender->socket) << error.describe();
        const SocketAddress to = receiver->socket->localAddress();
        EXPECT_FALSE(sender->socket->sendTo(to, "0123456789abcdefTHE REST IS LOST"));
        EXPECT_FALSE(sender->socket->sendTo(to, "short"));
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return receiver->datagrams.size() == 2; }));
    loop->invoke([&] {
        EXPECT_EQ(receiver->datagrams[0], "0123456789abcdef");
        EXPECT_TRUE(receiver->truncated[0]);
        EXPECT_EQ(receiver->datagrams[1], "short");
        EXPECT_FALSE(receiver->truncated[1]);
        EXPECT_EQ(receiver->socket->stats().truncated, 1u);
    });
}

INSTANTIATE_TEST_SUITE_P(Loops, UdpTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore
