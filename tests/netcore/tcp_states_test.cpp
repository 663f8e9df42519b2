// SPDX-License-Identifier: GPL-3.0-or-later
// What the OS says about TCP sockets (issue 18): readOsTcpTable() on real loopback connections,
// on every loop, lists the listener in LISTEN, both ends ESTABLISHED (with the kernel's queues on
// Linux), and after the client closes first its connection in TIME_WAIT, which outlives the
// socket; SocketRegistry::applyOsTable puts those states on the sockets a trace showed, keeps a
// closed socket's lingering state and marks it gone when the OS drops it. Then the matching
// rules on tables made by hand: a wildcard listener's accepted socket, a closed socket never
// taking a new connection's entry, a table that could not be read.

#include "netcore/socket_registry.h"
#include "netcore/tcp_states.h"
#include "tcp_states_support.h"
#include "test_support.h"
#include "trace_recorder.h"

#include <gtest/gtest.h>

namespace netcore {
namespace {

using test::describe;
using test::findEntry;
using test::LoopTest;
using test::Recorder;

class TcpStatesTest : public LoopTest
{};

TEST_P(TcpStatesTest, TheOsTableFollowsAConnectionToTimeWait)
{
    Recorder recorder;
    auto server = make<test::EchoServer>();
    ASSERT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
    const std::uint16_t port = server->port();
    const std::string serverAddress = "127.0.0.1:" + std::to_string(port);

    OsTcpTable table = readOsTcpTable();
    ASSERT_EQ(table.error, 0) << table.errorName;
    const OsTcpEntry* listening = findEntry(table, serverAddress, "");
    ASSERT_TRUE(listening) << describe(table, port);
    EXPECT_EQ(listening->state, TcpState::Listen);

    auto result = connect(test::localhost(port));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return result->done; }));
    ASSERT_TRUE(result->connection) << result->error.describe();
    auto echoed = make<std::string>();
    loop->invoke([&] {
        result->connection->setDataHandler(
            [echoed](TcpConnection&, std::string_view d) { *echoed += d; });
        result->connection->start();
        result->connection->send("hello\r\n");
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return *echoed == "hello\r\n"; }));
    const std::string clientAddress = result->connection->localAddress().toString();

    table = readOsTcpTable();
    ASSERT_EQ(table.error, 0) << table.errorName;
    const OsTcpEntry* client = findEntry(table, clientAddress, serverAddress);
    const OsTcpEntry* accepted = findEntry(table, serverAddress, clientAddress);
    ASSERT_TRUE(client && accepted) << describe(table, port);
    EXPECT_EQ(client->state, TcpState::Established);
    EXPECT_EQ(accepted->state, TcpState::Established);
    if (table.source == "GetExtendedTcpTable") {
        EXPECT_FALSE(client->sendQueue) << "GetExtendedTcpTable gives no queues";
    } else {
        ASSERT_TRUE(client->sendQueue && client->receiveQueue) << table.source;
        EXPECT_EQ(*client->receiveQueue, 0u) << "the echo was read";
    }

    // The registry, fed the trace so far and this table.
    SocketRegistry registry;
    for (const TraceEvent& e : recorder.events())
        registry.apply(e);
    registry.applyOsTable(table);
    const SocketId listenerId = *loop->invoke([&] { return server->listener->id(); });
    const SocketId clientId = result->connection->id();
    const SocketId acceptedId = *loop->invoke([&] { return server->clients.at(0)->id(); });
    ASSERT_TRUE(registry.find(listenerId) && registry.find(clientId) && registry.find(acceptedId));
    EXPECT_EQ(registry.find(listenerId)->osState, TcpState::Listen);
    EXPECT_EQ(registry.find(clientId)->osState, TcpState::Established);
    EXPECT_EQ(registry.find(acceptedId)->osState, TcpState::Established);

    // The client closes first: its side goes to TIME_WAIT, which the OS keeps after close().
    loop->invoke([&] { result->connection->close(); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] {
        return server->closed == 1 && result->connection->state() == SocketState::Closed;
    }));
    table = readOsTcpTable();
    ASSERT_EQ(table.error, 0) << table.errorName;
    const OsTcpEntry* closing = findEntry(table, clientAddress, serverAddress);
    ASSERT_TRUE(closing) << "the client's side should linger after close()\n"
                         << describe(table, port);
    EXPECT_EQ(closing->state, TcpState::TimeWait) << describe(table, port);

    for (const TraceEvent& e : recorder.events())
        registry.apply(e);
    std::vector<SocketId> changed;
    registry.applyOsTable(table, &changed);
    const SocketInfo* c = registry.find(clientId);
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->closed);
    EXPECT_EQ(c->osState, TcpState::TimeWait) << describe(recorder.events());
    EXPECT_FALSE(c->osGone);
    EXPECT_NE(std::find(changed.begin(), changed.end(), clientId), changed.end());
    EXPECT_EQ(registry.find(listenerId)->osState, TcpState::Listen);

    // The listener closed: the OS drops it, and the registry says so.
    loop->invoke([&] { server->listener->close(); });
    table = readOsTcpTable();
    for (const TraceEvent& e : recorder.events())
        registry.apply(e);
    registry.applyOsTable(table);
    EXPECT_TRUE(registry.find(listenerId)->osGone);
    EXPECT_EQ(registry.find(listenerId)->osState, TcpState::Unknown);
}

INSTANTIATE_TEST_SUITE_P(Loops, TcpStatesTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

TraceEvent event(SocketId socket, Call call, SocketRole role = SocketRole::Unknown)
{
    TraceEvent e;
    e.socket = socket;
    e.protocol = Protocol::Tcp;
    e.call = call;
    e.role = role;
    return e;
}

OsTcpEntry entry(std::string local, std::string peer, TcpState state)
{
    OsTcpEntry e;
    e.localAddress = std::move(local);
    e.peerAddress = std::move(peer);
    e.state = state;
    return e;
}

TEST(SocketRegistryOsTable, MatchesByAddressesAndKeepsClosedSocketsToLingeringStates)
{
    SocketRegistry registry;
    // A listener on every address, and a connection it accepted (local address as bound).
    TraceEvent bind = event(1, Call::Bind, SocketRole::Listener);
    bind.localAddress = "0.0.0.0:6667";
    registry.apply(event(1, Call::Socket, SocketRole::Listener));
    registry.apply(bind);
    registry.apply(event(1, Call::Listen, SocketRole::Listener));
    TraceEvent accept = event(1, Call::Accept, SocketRole::Listener);
    accept.acceptedSocket = 2;
    accept.result = 9;
    accept.peerAddress = "192.168.1.7:40000";
    registry.apply(accept);
    TraceEvent name = event(2, Call::Getsockname, SocketRole::Accepted);
    name.localAddress = "0.0.0.0:6667";
    registry.apply(name);

    OsTcpTable table;
    table.entries = {entry("0.0.0.0:6667", "0.0.0.0:0", TcpState::Listen),
                     entry("192.168.1.5:6667", "192.168.1.7:40000", TcpState::CloseWait),
                     entry("192.168.1.5:6667", "192.168.1.9:40000", TcpState::Established)};
    table.entries[1].receiveQueue = 3;
    table.entries[1].sendQueue = 0;
    std::vector<SocketId> changed;
    registry.applyOsTable(table, &changed);
    EXPECT_EQ(changed, (std::vector<SocketId>{1, 2}));
    EXPECT_EQ(registry.find(1)->osState, TcpState::Listen);
    EXPECT_EQ(registry.find(2)->osState, TcpState::CloseWait);
    EXPECT_EQ(registry.find(2)->osReceiveQueue, 3u);

    // The same table again changes nothing.
    changed.clear();
    registry.applyOsTable(table, &changed);
    EXPECT_TRUE(changed.empty());

    // Closed: the socket may linger (LAST_ACK here), but a new connection on the same
    // addresses (ESTABLISHED) is not its own.
    registry.apply(event(2, Call::Close, SocketRole::Accepted));
    table.entries[1].state = TcpState::LastAck;
    registry.applyOsTable(table);
    EXPECT_EQ(registry.find(2)->osState, TcpState::LastAck);
    table.entries[1].state = TcpState::Established;
    registry.applyOsTable(table);
    EXPECT_TRUE(registry.find(2)->osGone);
    EXPECT_EQ(registry.find(2)->osState, TcpState::Unknown);
    EXPECT_FALSE(registry.find(2)->osReceiveQueue);
    // Gone stays gone.
    table.entries[1].state = TcpState::TimeWait;
    registry.applyOsTable(table);
    EXPECT_TRUE(registry.find(2)->osGone);

    // A table that could not be read changes nothing.
    OsTcpTable failed;
    failed.error = 13;
    failed.errorName = "EACCES";
    changed.clear();
    registry.applyOsTable(failed, &changed);
    EXPECT_TRUE(changed.empty());
    EXPECT_EQ(registry.find(1)->osState, TcpState::Listen);
}

TEST(TcpStateNames, AreNetstats)
{
    EXPECT_EQ(tcpStateName(TcpState::TimeWait), "TIME_WAIT");
    EXPECT_EQ(tcpStateName(TcpState::FinWait1), "FIN_WAIT_1");
    EXPECT_EQ(tcpStateName(TcpState::Listen), "LISTEN");
    EXPECT_EQ(tcpStateName(TcpState::Unknown), "");
}

} // namespace
} // namespace netcore
