// SPDX-License-Identifier: GPL-3.0-or-later
// netcore::SocketRegistry: the sockets a trace has shown, from the events' structured fields
// alone. A real connection's life on every loop, and events whose argument text lies.

#include "netcore/socket_registry.h"
#include "netcore/trace_format.h"
#include "test_support.h"
#include "trace_recorder.h"

#include <gtest/gtest.h>

#include <map>

namespace netcore {
namespace {

using test::describe;
using test::LoopTest;
using test::Recorder;

// The states each socket went through, in order, as the registry saw them event by event.
std::map<SocketId, std::vector<SocketState>> statesSeen(const std::vector<TraceEvent>& events,
                                                        SocketRegistry* registry)
{
    std::map<SocketId, std::vector<SocketState>> states;
    for (const TraceEvent& e : events) {
        std::vector<SocketId> changed;
        registry->apply(e, &changed);
        for (const SocketId id : changed) {
            auto& seen = states[id];
            const SocketState now = registry->find(id)->state;
            if (seen.empty() || seen.back() != now)
                seen.push_back(now);
        }
    }
    return states;
}

class SocketRegistryTest : public LoopTest
{};

TEST_P(SocketRegistryTest, FollowsAConnectionThroughItsStates)
{
    Recorder recorder;
    auto server = make<test::EchoServer>();
    ASSERT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
    const SocketId listenerId = *loop->invoke([&] { return server->listener->id(); });
    auto result = connect(test::localhost(server->port()));
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
    loop->invoke([&] { result->connection->close(); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] {
        return server->closed == 1 && result->connection->state() == SocketState::Closed;
    }));
    loop->invoke([&] { server->listener->close(); });
    const SocketId clientId = result->connection->id();
    const SocketId acceptedId = *loop->invoke([&] { return server->clients.at(0)->id(); });
    const auto events = recorder.events();

    SocketRegistry registry;
    const auto states = statesSeen(events, &registry);
    using S = SocketState;
    EXPECT_EQ(states.at(listenerId),
              (std::vector<S>{S::Created, S::Bound, S::Listening, S::Closed}))
        << describe(events);
    // The accepted socket: connected from its accept(), the client's FIN or its own first.
    const auto& accepted = states.at(acceptedId);
    EXPECT_EQ(accepted, (std::vector<S>{S::Connected, S::HalfClosed, S::Closed}))
        << describe(events);
    // The client: connecting (unless loopback connected at once), connected, closing, closed.
    auto client = states.at(clientId);
    if (client.size() > 1 && client[1] == S::Connecting)
        client.erase(client.begin() + 1);
    EXPECT_EQ(client, (std::vector<S>{S::Created, S::Connected, S::HalfClosed, S::Closed}))
        << describe(events);

    const SocketInfo* l = registry.find(listenerId);
    const SocketInfo* a = registry.find(acceptedId);
    const SocketInfo* c = registry.find(clientId);
    ASSERT_TRUE(l && a && c);
    const std::string serverAddress = "127.0.0.1:" + std::to_string(server->port());
    EXPECT_EQ(l->role, SocketRole::Listener);
    EXPECT_EQ(l->localAddress, serverAddress);
    EXPECT_EQ(a->role, SocketRole::Accepted);
    EXPECT_EQ(a->listener, listenerId);
    EXPECT_EQ(a->localAddress, serverAddress);
    EXPECT_EQ(a->peerAddress, result->connection->localAddress().toString());
    EXPECT_EQ(c->role, SocketRole::Outgoing);
    EXPECT_EQ(c->protocol, Protocol::Tcp);
    EXPECT_EQ(c->peerAddress, serverAddress);
    EXPECT_EQ(c->localAddress, result->connection->localAddress().toString());
    EXPECT_EQ(c->bytesOut, 7u);
    EXPECT_EQ(c->bytesIn, 7u);
    EXPECT_EQ(a->bytesIn, 7u);
    EXPECT_EQ(a->bytesOut, 7u);
    EXPECT_GE(c->callsIn, 2u); // the echo and the end of the stream
    for (const SocketInfo* s : {l, a, c}) {
        EXPECT_TRUE(s->closed);
        EXPECT_EQ(s->lastError, 0) << s->id << " " << s->lastErrorName;
        EXPECT_LE(s->openedNs, s->closedNs);
    }
    // Every socket ever seen stays until closed ones are forgotten.
    std::vector<SocketId> gone;
    registry.forgetClosed(&gone);
    EXPECT_GE(gone.size(), 3u);
    EXPECT_EQ(registry.size(), 0u);
}

// Nothing comes from the argument text: the same events with their text scrambled (the old
// markers the Inspector used to look for, pointing elsewhere) and their bytes gone give the same
// registry.
TEST_P(SocketRegistryTest, NeverReadsArgumentTextOrPayloads)
{
    Recorder recorder;
    auto server = make<test::EchoServer>();
    ASSERT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
    auto result = connect(test::localhost(server->port()));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return result->done && server->accepted == 1; }));
    ASSERT_TRUE(result->connection);
    loop->invoke([&] {
        result->connection->start();
        result->connection->send("LNCH and more");
        result->connection->close();
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return server->closed == 1; }));
    auto events = recorder.events();
    SocketRegistry honest;
    for (const TraceEvent& e : events)
        honest.apply(e);
    SocketRegistry lied;
    for (TraceEvent e : events) {
        e.args = "fd 1 -> #999 from 10.9.8.7:6 -> 1.2.3.4:5, SO_ERROR -> 111 ECONNREFUSED, "
                 "SO_BROADCAST, 9.9.9.9:9";
        e.data = "LNCH";
        honest.find(e.socket); // (no effect)
        lied.apply(e);
    }
    ASSERT_EQ(lied.size(), honest.size());
    EXPECT_FALSE(lied.find(999));
    for (const auto& [id, s] : honest.sockets()) {
        const SocketInfo* t = lied.find(id);
        ASSERT_TRUE(t) << id;
        EXPECT_EQ(t->role, s.role) << id;
        EXPECT_EQ(t->state, s.state) << id;
        EXPECT_EQ(t->localAddress, s.localAddress) << id;
        EXPECT_EQ(t->peerAddress, s.peerAddress) << id;
        EXPECT_EQ(t->lastError, s.lastError) << id;
        EXPECT_EQ(t->bytesIn, s.bytesIn) << id;
        EXPECT_EQ(t->bytesOut, s.bytesOut) << id;
    }
}

INSTANTIATE_TEST_SUITE_P(Loops, SocketRegistryTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

TraceEvent event(SocketId socket, Call call, SocketRole role, long long result = 0, int error = 0,
                 const char* errorName = "")
{
    TraceEvent e;
    e.socket = socket;
    e.protocol = Protocol::Tcp;
    e.call = call;
    e.role = role;
    e.result = result;
    e.error = error;
    e.errorName = errorName;
    return e;
}

TEST(SocketRegistry, FailuresAreKeptButNotYetIsNotAFailure)
{
    SocketRegistry registry;
    registry.apply(event(1, Call::Socket, SocketRole::Outgoing, 5));
    TraceEvent connect = event(1, Call::Connect, SocketRole::Outgoing, -1, 10035, "WSAEWOULDBLOCK");
    connect.peerAddress = "127.0.0.1:1";
    registry.apply(connect);
    EXPECT_EQ(registry.find(1)->state, SocketState::Connecting);
    EXPECT_EQ(registry.find(1)->lastError, 0) << "would-block is not a failure";
    TraceEvent so = event(1, Call::Getsockopt, SocketRole::Outgoing);
    so.soError = PendingError{10061, "WSAECONNREFUSED"};
    registry.apply(so);
    EXPECT_EQ(registry.find(1)->lastError, 10061);
    EXPECT_EQ(registry.find(1)->lastErrorName, "WSAECONNREFUSED");
    EXPECT_EQ(registry.find(1)->state, SocketState::Connecting);
    registry.apply(event(1, Call::Close, SocketRole::Outgoing));
    EXPECT_EQ(registry.find(1)->state, SocketState::Closed);
    EXPECT_EQ(registry.find(1)->peerAddress, "127.0.0.1:1");

    // A listener whose bind fails: its role and the address it wanted, and why.
    registry.apply(event(2, Call::Socket, SocketRole::Listener, 6));
    TraceEvent bind = event(2, Call::Bind, SocketRole::Listener, -1, 98, "EADDRINUSE");
    bind.localAddress = "[::]:6667";
    registry.apply(bind);
    registry.apply(event(2, Call::Close, SocketRole::Listener));
    const SocketInfo* l = registry.find(2);
    EXPECT_EQ(l->role, SocketRole::Listener);
    EXPECT_EQ(l->localAddress, "[::]:6667");
    EXPECT_EQ(l->lastErrorName, "EADDRINUSE");
    EXPECT_EQ(l->state, SocketState::Closed);

    // An accept names the new socket: two sockets change.
    registry.apply(event(3, Call::Socket, SocketRole::Listener, 7));
    TraceEvent accept = event(3, Call::Accept, SocketRole::Listener, 8);
    accept.acceptedSocket = 4;
    accept.peerAddress = "127.0.0.1:5555";
    std::vector<SocketId> changed;
    registry.apply(accept, &changed);
    EXPECT_EQ(changed, (std::vector<SocketId>{4, 3}));
    EXPECT_EQ(registry.find(4)->role, SocketRole::Accepted);
    EXPECT_EQ(registry.find(4)->state, SocketState::Connected);
    EXPECT_EQ(registry.find(4)->listener, 3u);
    // A would-block accept names nobody.
    changed.clear();
    registry.apply(event(3, Call::Accept, SocketRole::Listener, -1, 11, "EAGAIN"), &changed);
    EXPECT_EQ(changed, (std::vector<SocketId>{3}));
    EXPECT_EQ(registry.find(3)->lastError, 0);
    EXPECT_TRUE(isTransientError("WSAEINPROGRESS"));
    EXPECT_FALSE(isTransientError("WSAECONNRESET"));
}

} // namespace
} // namespace netcore
