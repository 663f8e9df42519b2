// SPDX-License-Identifier: GPL-3.0-or-later
// The trace tells each socket's story in order: the lecture's server sequence (socket, bind,
// listen, accept, recv/send, shutdown, close) and client sequence (getaddrinfo, socket, connect,
// send/recv, shutdown, close), with results and byte counts; and it round-trips through JSON.

#include "netcore/presence.h"
#include "netcore/trace.h"
#include "netcore/trace_format.h"
#include "netcore/udp.h"
#include "test_support.h"
#include "trace_recorder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>

namespace netcore {
namespace {

using test::describe;
using test::LoopTest;
using test::Recorder;

std::vector<TraceEvent> ofSocket(const std::vector<TraceEvent>& all, SocketId id)
{
    std::vector<TraceEvent> out;
    for (const auto& e : all)
        if (e.socket == id && e.call != Call::Select && e.call != Call::AsyncMessage &&
            e.call != Call::WSAAsyncSelect && e.call != Call::EpollCtl)
            out.push_back(e);
    return out;
}

// A call, and optionally the result it must have had.
struct Step
{
    Call call;
    std::optional<long long> result;
    Step(Call c)
        : call(c)
    {} // NOLINT: a plain call converts
    Step(Call c, long long r)
        : call(c)
        , result(r)
    {}
};

// Positions of `wanted` steps appearing in order in `events`; -1 where one is missing.
std::vector<int> subsequence(const std::vector<TraceEvent>& events, const std::vector<Step>& wanted)
{
    std::vector<int> positions;
    std::size_t from = 0;
    for (const Step& step : wanted) {
        int found = -1;
        for (std::size_t i = from; i < events.size(); ++i) {
            if (events[i].call == step.call && (!step.result || events[i].result == *step.result)) {
                found = static_cast<int>(i);
                from = i + 1;
                break;
            }
        }
        positions.push_back(found);
        if (found < 0)
            break;
    }
    return positions;
}

class TraceTest : public LoopTest
{};

TEST_P(TraceTest, ServerAndClientSequencesAreCompleteAndInOrder)
{
    Recorder recorder;
    auto server = make<test::EchoServer>();
    ASSERT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
    const SocketId listenerId = *loop->invoke([&] { return server->listener->id(); });

    auto result = connect(test::localhost(server->port()));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return result->done; }));
    ASSERT_TRUE(result->connection) << result->error.describe();
    auto received = make<std::string>();
    auto closed = make<bool>(false);
    loop->invoke([&] {
        result->connection->setDataHandler(
            [received](TcpConnection&, std::string_view d) { *received += d; });
        result->connection->setCloseHandler(
            [closed](TcpConnection&, const NetError&) { *closed = true; });
        result->connection->start();
        result->connection->send("PING :lecture\r\n");
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return *received == "PING :lecture\r\n"; }));
    loop->invoke([&] { result->connection->close(); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return *closed && server->closed == 1; }));
    loop->invoke([&] { server->listener->close(); });

    const auto all = recorder.events();
    const SocketId clientId = result->connection->id();
    const SocketId acceptedId = *loop->invoke([&] { return server->clients.at(0)->id(); });

    // Sequence numbers increase: one order across threads.
    for (std::size_t i = 1; i < all.size(); ++i)
        ASSERT_LT(all[i - 1].seq, all[i].seq);

    // The listening socket: socket, setsockopt, bind, listen, accept, close.
    const auto listener = ofSocket(all, listenerId);
    const auto lp = subsequence(listener, {Call::Socket, Call::Setsockopt, Call::Bind, Call::Listen,
                                           Call::Accept, Call::Close});
    ASSERT_EQ(lp.back(), static_cast<int>(listener.size()) - 1) << describe(listener);
    for (const int p : lp)
        ASSERT_GE(p, 0) << describe(listener);
    EXPECT_EQ(listener[lp[2]].result, 0); // bind
    EXPECT_EQ(listener[lp[3]].result, 0); // listen
    EXPECT_EQ(listener[lp[4]].acceptedSocket, acceptedId)
        << "accept names the new socket: " << formatTraceEvent(listener[lp[4]]);

    // The accepted socket: recv (the ping), send (the echo), recv 0 (the FIN), shutdown, close.
    const auto accepted = ofSocket(all, acceptedId);
    const auto ap = subsequence(
        accepted, {Call::Recv, Call::Send, {Call::Recv, 0}, Call::Shutdown, Call::Close});
    for (const int p : ap)
        ASSERT_GE(p, 0) << describe(accepted);
    EXPECT_EQ(accepted[ap[0]].result, 15);
    EXPECT_EQ(accepted[ap[0]].bytes, 15u);
    EXPECT_EQ(accepted[ap[0]].data, "PING :lecture\r\n");
    EXPECT_EQ(accepted[ap[1]].result, 15);
    EXPECT_EQ(accepted[ap[1]].bytes, 15u);
    EXPECT_EQ(accepted[ap[2]].result, 0) << "the client's FIN reads as 0 bytes";
    EXPECT_EQ(accepted[ap[3]].result, 0);
    EXPECT_EQ(accepted[ap[4]].call, Call::Close);
    EXPECT_EQ(ap.back(), static_cast<int>(accepted.size()) - 1) << "close is the last word";

    // The client: getaddrinfo (before its socket exists), socket, connect, send, recv,
    // shutdown, close.
    const auto gai = std::find_if(all.begin(), all.end(),
                                  [](const TraceEvent& e) { return e.call == Call::Getaddrinfo; });
    ASSERT_NE(gai, all.end());
    EXPECT_EQ(gai->result, 0);
    const auto client = ofSocket(all, clientId);
    ASSERT_FALSE(client.empty());
    EXPECT_LT(gai->seq, client.front().seq);
    const auto cp = subsequence(
        client, {Call::Socket, Call::Connect, Call::Send, Call::Recv, Call::Shutdown, Call::Close});
    for (const int p : cp)
        ASSERT_GE(p, 0) << describe(client);
    // A non-blocking connect: in progress, or done at once on loopback.
    const TraceEvent& connect = client[cp[1]];
    EXPECT_TRUE(connect.result == 0 || platform::isConnectInProgress(connect.error))
        << formatTraceEvent(connect);
    EXPECT_EQ(client[cp[2]].bytes, 15u);
    EXPECT_EQ(client[cp[3]].bytes, 15u);
    EXPECT_EQ(client[cp[5]].result, 0);
    EXPECT_EQ(cp.back(), static_cast<int>(client.size()) - 1) << describe(client);

    // Every event knows its thread, and loop wake-ups were traced.
    EXPECT_TRUE(std::all_of(all.begin(), all.end(), [](const TraceEvent& e) { return e.thread; }));
    const bool sawLoop = std::any_of(all.begin(), all.end(), [](const TraceEvent& e) {
        return e.call == Call::Select || e.call == Call::AsyncMessage || e.call == Call::Epoll;
    });
    EXPECT_TRUE(sawLoop);
}

TEST_P(TraceTest, LoopWakeUpsShowTheirSetsOrMessages)
{
    Recorder recorder;
    auto server = make<test::EchoServer>();
    ASSERT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
    const SocketId listenerId = *loop->invoke([&] { return server->listener->id(); });
    auto result = connect(test::localhost(server->port()));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return result->done && server->accepted == 1; }));
    loop->invoke([&] { result->connection->close(); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return server->closed == 1; }));

    const auto all = recorder.events();
    if (GetParam() == "select") {
        // Some select() had the listener in its read set and returned it readable.
        const bool found = std::any_of(all.begin(), all.end(), [&](const TraceEvent& e) {
            auto has = [&](const std::vector<SocketId>& s) {
                return std::find(s.begin(), s.end(), listenerId) != s.end();
            };
            return e.call == Call::Select && has(e.setsIn[0]) && has(e.setsOut[0]);
        });
        EXPECT_TRUE(found) << describe(all);
    } else if (GetParam() == "epoll") {
        // The listener was registered with epoll_ctl, and some epoll_wait returned it readable.
        const bool registered = std::any_of(all.begin(), all.end(), [&](const TraceEvent& e) {
            return e.call == Call::EpollCtl && e.socket == listenerId &&
                   e.args.find("EPOLL_CTL_ADD") != std::string::npos;
        });
        EXPECT_TRUE(registered) << describe(all);
        const bool found = std::any_of(all.begin(), all.end(), [&](const TraceEvent& e) {
            const auto& r = e.setsOut[0];
            return e.call == Call::Epoll && std::find(r.begin(), r.end(), listenerId) != r.end();
        });
        EXPECT_TRUE(found) << describe(all);
    } else {
        const bool found = std::any_of(all.begin(), all.end(), [&](const TraceEvent& e) {
            return e.call == Call::AsyncMessage && e.socket == listenerId &&
                   (e.asyncEvents & FdAccept);
        });
        EXPECT_TRUE(found) << describe(all);
    }
}

TEST_P(TraceTest, PayloadCapCapturesUpToItAndMarksTheRestAsCut)
{
    // A subscriber asking for 64 KiB gets every byte of a large transfer up to that per call;
    // a call that moved more is marked cut and still counts all of its bytes.
    constexpr std::size_t kCap = 64 * 1024;
    Recorder recorder(kCap);
    EXPECT_EQ(Trace::payloadCap(), kCap);
    auto server = make<test::EchoServer>();
    ASSERT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
    auto result = connect(test::localhost(server->port()));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return result->done; }));
    ASSERT_TRUE(result->connection) << result->error.describe();
    std::string payload;
    for (int i = 0; payload.size() < 300000; ++i)
        payload += std::to_string(i) + ' ';
    auto received = make<std::string>();
    loop->invoke([&] {
        result->connection->setDataHandler(
            [received](TcpConnection&, std::string_view d) { *received += d; });
        result->connection->start();
        result->connection->send(payload);
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return received->size() == payload.size(); }));
    loop->invoke([&] { result->connection->close(); });
    const SocketId clientId = result->connection->id();

    std::uint64_t sentOffset = 0;
    int cut = 0;
    for (const TraceEvent& e : recorder.events()) {
        if (e.socket != clientId || e.call != Call::Send || e.result <= 0)
            continue;
        ASSERT_EQ(e.bytes, static_cast<std::uint64_t>(e.result));
        ASSERT_EQ(e.data.size(), std::min<std::size_t>(e.bytes, kCap));
        ASSERT_EQ(e.dataCut, e.bytes > kCap);
        ASSERT_EQ(e.data, payload.substr(sentOffset, e.data.size())) << "at " << sentOffset;
        cut += e.dataCut;
        sentOffset += e.bytes;
        // The JSON form keeps the cut.
        const auto back = traceEventFromJson(traceEventToJson(e));
        ASSERT_TRUE(back);
        EXPECT_EQ(back->dataCut, e.dataCut);
        EXPECT_EQ(back->data, e.data);
    }
    EXPECT_EQ(sentOffset, payload.size());
    RecordProperty("sends_cut", cut); // how many send() calls moved more than the cap
}

// Every event of a socket says what the socket is for, and the calls that concern an address
// or another socket say so in fields of their own (the Inspector never reads the argument text).
TEST_P(TraceTest, EventsSayEachSocketsRoleAndAddresses)
{
    Recorder recorder;
    auto server = make<test::EchoServer>();
    ASSERT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
    const SocketId listenerId = *loop->invoke([&] { return server->listener->id(); });
    const std::string serverAddress = "127.0.0.1:" + std::to_string(server->port());
    auto result = connect(test::localhost(server->port()));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return result->done && server->accepted == 1; }));
    ASSERT_TRUE(result->connection) << result->error.describe();
    loop->invoke([&] { result->connection->close(); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return server->closed == 1; }));
    const SocketId clientId = result->connection->id();
    const SocketId acceptedId = *loop->invoke([&] { return server->clients.at(0)->id(); });
    const std::string clientAddress = result->connection->localAddress().toString();
    const auto all = recorder.events();

    // Each socket's events, loop wake-ups for it included, carry its role.
    const std::pair<SocketId, SocketRole> roles[] = {{listenerId, SocketRole::Listener},
                                                     {acceptedId, SocketRole::Accepted},
                                                     {clientId, SocketRole::Outgoing}};
    for (const auto& [id, role] : roles) {
        int seen = 0;
        for (const TraceEvent& e : all) {
            if (e.socket != id)
                continue;
            ++seen;
            EXPECT_EQ(e.role, role) << formatTraceEvent(e);
        }
        EXPECT_GT(seen, 0) << "socket #" << id;
    }
    auto find = [&](SocketId id, Call call) -> const TraceEvent* {
        for (const TraceEvent& e : all)
            if (e.socket == id && e.call == call && e.error == 0)
                return &e;
        return nullptr;
    };
    // The listener: the address asked for in bind(), the one given by getsockname().
    const TraceEvent* bind = find(listenerId, Call::Bind);
    ASSERT_TRUE(bind);
    EXPECT_EQ(bind->localAddress, "127.0.0.1:0");
    const TraceEvent* name = find(listenerId, Call::Getsockname);
    ASSERT_TRUE(name);
    EXPECT_EQ(name->localAddress, serverAddress);
    // accept(): the new socket's id and its peer, the client's own address.
    const TraceEvent* accept = find(listenerId, Call::Accept);
    ASSERT_TRUE(accept);
    EXPECT_EQ(accept->acceptedSocket, acceptedId);
    EXPECT_EQ(accept->peerAddress, clientAddress);
    EXPECT_EQ(find(acceptedId, Call::Getsockname)->localAddress, serverAddress);
    // The client: connect() names the peer; a connect in progress is completed by SO_ERROR = 0.
    const TraceEvent* connect = nullptr;
    for (const TraceEvent& e : all)
        if (e.socket == clientId && e.call == Call::Connect)
            connect = &e;
    ASSERT_TRUE(connect);
    EXPECT_EQ(connect->peerAddress, serverAddress);
    if (connect->result != 0) {
        const TraceEvent* soError = find(clientId, Call::Getsockopt);
        ASSERT_TRUE(soError) << describe(all);
        ASSERT_TRUE(soError->soError) << formatTraceEvent(*soError);
        EXPECT_EQ(soError->soError->code, 0);
        EXPECT_GT(soError->seq, connect->seq);
    }
    // Only those calls carry those fields.
    for (const TraceEvent& e : all) {
        if (e.call != Call::Getsockopt) {
            EXPECT_FALSE(e.soError) << formatTraceEvent(e);
        }
        if (e.call != Call::Accept) {
            EXPECT_EQ(e.acceptedSocket, 0u) << formatTraceEvent(e);
        }
        if (e.call != Call::Bind && e.call != Call::Getsockname) {
            EXPECT_EQ(e.localAddress, "") << formatTraceEvent(e);
        }
    }
}

// A connect that is refused: SO_ERROR's answer is in the event, by number and name (the
// asyncselect loop hears it in FD_CONNECT instead and asks no SO_ERROR).
TEST_P(TraceTest, ARefusedConnectSaysWhatSoErrorRead)
{
    const std::uint16_t port = *loop->invoke([&] {
        ListenOptions options;
        options.host = "127.0.0.1";
        auto probe = TcpListener::open(*loop, options, nullptr, nullptr, nullptr);
        const std::uint16_t free = probe ? probe->localAddress().port() : 0;
        if (probe)
            probe->close();
        return free;
    });
    ASSERT_NE(port, 0);
    Recorder recorder;
    auto result = connectAndWait(test::localhost(port));
    ASSERT_FALSE(result->connection);
    ASSERT_EQ(result->attempts.size(), 1u);
    const SocketId id = result->attempts[0].socket;
    const std::string refused = test::platformErrorName("ECONNREFUSED");
    bool said = false;
    for (const TraceEvent& e : recorder.events()) {
        if (e.socket != id)
            continue;
        EXPECT_EQ(e.role, SocketRole::Outgoing) << formatTraceEvent(e);
        if (e.call == Call::Connect && e.error && e.errorName == refused)
            said = true; // refused at once
        if (e.call == Call::AsyncMessage && e.errorName == refused)
            said = true; // FD_CONNECT with the error
        if (e.call == Call::Getsockopt && e.soError && e.soError->code) {
            EXPECT_EQ(e.soError->name, refused) << formatTraceEvent(e);
            EXPECT_EQ(e.result, 0) << "getsockopt itself succeeded";
            said = true;
        }
    }
    EXPECT_TRUE(said) << describe(recorder.events());
}

// Hosting on a port in use: the bind() that fails is the listener's, with the address it asked
// for (issue 14, bug 5: it used to look like a client socket with no address).
TEST_P(TraceTest, AFailedBindIsTheListenersAndNamesItsAddress)
{
    auto server = make<test::EchoServer>();
    ASSERT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
    const std::string taken = "127.0.0.1:" + std::to_string(server->port());
    Recorder recorder;
    NetError error;
    const bool opened = *loop->invoke([&] {
        ListenOptions options;
        options.host = "127.0.0.1";
        options.port = server->port();
        return TcpListener::open(*loop, options, nullptr, nullptr, &error) != nullptr;
    });
    ASSERT_FALSE(opened);
    EXPECT_EQ(error.operation, "bind");
    const auto all = recorder.events();
    const auto bind = std::find_if(all.begin(), all.end(), [](const TraceEvent& e) {
        return e.call == Call::Bind && e.error != 0;
    });
    ASSERT_NE(bind, all.end()) << describe(all);
    EXPECT_EQ(bind->role, SocketRole::Listener);
    EXPECT_EQ(bind->localAddress, taken);
    for (const TraceEvent& e : ofSocket(all, bind->socket))
        EXPECT_EQ(e.role, SocketRole::Listener) << formatTraceEvent(e);
}

// Presence names its two UDP sockets; any other UDP socket is plain "udp".
TEST_P(TraceTest, PresenceAndOtherUdpSocketsSayTheirRoles)
{
    Recorder recorder;
    const auto plain = loop->invoke([&] {
        UdpOptions options;
        options.bindAddress = SocketAddress::fromNumeric("127.0.0.1", 0);
        options.shareAddress = false;
        auto socket = UdpSocket::open(*loop, options, nullptr, nullptr, nullptr);
        const std::uint16_t port = socket ? socket->localAddress().port() : 0;
        const SocketId id = socket ? socket->id() : 0;
        socket.reset();
        return std::make_pair(id, port);
    });
    ASSERT_TRUE(plain && plain->first);
    auto presence = make<std::unique_ptr<presence::Presence>>();
    const auto started = loop->invoke([&] {
        presence::Config config;
        config.mode = *presence::parseMode("loopback");
        config.port = plain->second; // free a moment ago: nobody else's presence
        config.name = "roles";
        *presence =
            std::make_unique<presence::Presence>(*loop, config, presence::Presence::Events{});
        return (*presence)->start();
    });
    ASSERT_TRUE(started && !*started) << (started ? started->describe() : "");
    auto sentSomething = [&] {
        const auto all = recorder.events();
        return std::any_of(all.begin(), all.end(), [](const TraceEvent& e) {
            return e.call == Call::Sendto && e.role == SocketRole::PresenceSender && e.result > 0;
        });
    };
    ASSERT_TRUE(test::waitUntil(*loop, sentSomething)) << describe(recorder.events());
    loop->invoke([&] { presence->reset(); });

    std::map<SocketId, SocketRole> roles;
    for (const TraceEvent& e : recorder.events()) {
        if (e.protocol != Protocol::Udp || !e.socket)
            continue;
        const auto [it, added] = roles.emplace(e.socket, e.role);
        EXPECT_EQ(it->second, e.role) << "one role per socket: " << formatTraceEvent(e);
        if (e.call == Call::Sendto) {
            EXPECT_FALSE(e.peerAddress.empty()) << formatTraceEvent(e);
        }
        if (e.call == Call::Bind && e.role == SocketRole::PresenceListener) {
            EXPECT_EQ(e.localAddress, "0.0.0.0:" + std::to_string(plain->second));
        }
    }
    EXPECT_EQ(roles[plain->first], SocketRole::Udp);
    auto count = [&](SocketRole role) {
        return std::count_if(roles.begin(), roles.end(),
                             [&](const auto& entry) { return entry.second == role; });
    };
    EXPECT_EQ(count(SocketRole::PresenceListener), 1);
    EXPECT_EQ(count(SocketRole::PresenceSender), 1);
}

INSTANTIATE_TEST_SUITE_P(Loops, TraceTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

TEST(TraceFormat, JsonRoundTripKeepsEveryField)
{
    TraceEvent e;
    e.seq = 42;
    e.timeNs = 123456789;
    e.thread = 3;
    e.socket = 7;
    e.protocol = Protocol::Tcp;
    e.call = Call::Recv;
    e.os = TraceOs::Windows;
    e.args = "s=212, 65536";
    e.result = 5;
    e.bytes = 5;
    e.data = std::string("a\0\r\n\xff", 5);
    const std::string json = traceEventToJson(e);
    EXPECT_EQ(json.find('\n'), std::string::npos) << "one line per event";
    std::string error;
    const auto back = traceEventFromJson(json, &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(back->seq, e.seq);
    EXPECT_EQ(back->timeNs, e.timeNs);
    EXPECT_EQ(back->socket, e.socket);
    EXPECT_EQ(back->protocol, e.protocol);
    EXPECT_EQ(back->call, e.call);
    EXPECT_EQ(back->os, TraceOs::Windows);
    EXPECT_EQ(back->args, e.args);
    EXPECT_EQ(back->data, e.data);
    EXPECT_EQ(back->bytes, e.bytes);

    TraceEvent sel;
    sel.call = Call::Select;
    sel.setsIn[0] = {0, 4, 9};
    sel.setsOut[0] = {9};
    sel.error = 10022;
    sel.errorName = "WSAEINVAL";
    const auto selBack = traceEventFromJson(traceEventToJson(sel));
    ASSERT_TRUE(selBack);
    EXPECT_EQ(selBack->setsIn[0], sel.setsIn[0]);
    EXPECT_EQ(selBack->setsOut[0], sel.setsOut[0]);
    EXPECT_EQ(selBack->errorName, "WSAEINVAL");
}

TEST(TraceFormat, RejectsWhatIsNotAnEvent)
{
    std::string error;
    EXPECT_FALSE(traceEventFromJson("not json", &error));
    EXPECT_FALSE(error.empty());
    EXPECT_FALSE(traceEventFromJson("{\"seq\":1,\"t_ns\":0,\"call\":\"frobnicate\"}", &error));
    EXPECT_NE(error.find("frobnicate"), std::string::npos);
    EXPECT_FALSE(traceEventFromJson("{\"seq\":\"x\"}", &error));
}

TEST(TraceFormat, ReadableLineShowsCallResultErrorAndCounterpart)
{
    TraceEvent e;
    e.socket = 4;
    e.protocol = Protocol::Tcp;
    e.call = Call::Recv;
    e.os = TraceOs::Posix;
    e.args = "fd 7, 65536";
    e.result = -1;
    e.error = 11;
    e.errorName = "EAGAIN";
    const std::string line = formatTraceEvent(e);
    EXPECT_NE(line.find("#4"), std::string::npos) << line;
    EXPECT_NE(line.find("recv(fd 7, 65536) = -1"), std::string::npos) << line;
    EXPECT_NE(line.find("EAGAIN (11)"), std::string::npos) << line;
    EXPECT_NE(line.find("WSAEWOULDBLOCK"), std::string::npos) << line;

    TraceEvent c;
    c.call = Call::Close;
    c.os = TraceOs::Posix;
    EXPECT_NE(formatTraceEvent(c).find("closesocket()"), std::string::npos);
    c.os = TraceOs::Windows;
    EXPECT_NE(formatTraceEvent(c).find("closesocket("), std::string::npos);
    EXPECT_EQ(formatTraceEvent(c).find("WinSock:"), std::string::npos);

    TraceEvent d;
    d.call = Call::Send;
    d.bytes = 4;
    d.result = 4;
    d.data = "a\r\n\x01";
    EXPECT_NE(formatTraceEvent(d).find("\"a\\r\\n\\x01\""), std::string::npos)
        << formatTraceEvent(d);
}

TEST(TraceHub, PayloadCapIsTheLargestAskedForAndCutsAreSaid)
{
    EXPECT_EQ(Trace::payloadCap(), kDefaultTracePayloadCap);
    std::vector<TraceEvent> seen;
    auto publishRecv = [](std::size_t size) {
        TraceEvent e;
        e.call = Call::Recv;
        e.result = static_cast<long long>(size);
        e.bytes = size;
        e.data.assign(size, 'x');
        Trace::publish(std::move(e));
    };
    {
        TraceSubscription small([&](const TraceEvent& e) { seen.push_back(e); });
        EXPECT_EQ(Trace::payloadCap(), kDefaultTracePayloadCap);
        publishRecv(1000);
        ASSERT_EQ(seen.size(), 1u);
        EXPECT_EQ(seen[0].data.size(), kDefaultTracePayloadCap);
        EXPECT_EQ(seen[0].bytes, 1000u);
        EXPECT_TRUE(seen[0].dataCut);
        {
            TraceSubscription big([](const TraceEvent&) {}, 512);
            EXPECT_EQ(Trace::payloadCap(), 512u);
            Trace::setSubscriberPayloadCap(big.token(), 2048);
            EXPECT_EQ(Trace::payloadCap(), 2048u);
            publishRecv(1000);
            EXPECT_EQ(seen[1].data.size(), 1000u);
            EXPECT_FALSE(seen[1].dataCut);
        }
        EXPECT_EQ(Trace::payloadCap(), kDefaultTracePayloadCap);
        Trace::setPayloadCap(10);
        publishRecv(10);
        EXPECT_FALSE(seen[2].dataCut);
        publishRecv(11);
        EXPECT_EQ(seen[3].data, std::string(10, 'x'));
        EXPECT_TRUE(seen[3].dataCut);
        Trace::setPayloadCap(kDefaultTracePayloadCap);
    }
    EXPECT_EQ(Trace::payloadCap(), kDefaultTracePayloadCap);
}

TEST(TraceFormat, CutPayloadsInJsonAndText)
{
    TraceEvent e;
    e.call = Call::Recv;
    e.result = 70000;
    e.bytes = 70000;
    e.data.assign(65536, 'a');
    e.dataCut = true;
    const std::string json = traceEventToJson(e);
    EXPECT_NE(json.find("\"data_cut\":true"), std::string::npos) << json.substr(0, 80);
    const auto back = traceEventFromJson(json);
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->dataCut);
    EXPECT_EQ(back->bytes, 70000u);
    EXPECT_EQ(back->data.size(), 65536u);
    // Not cut: no key.
    TraceEvent whole;
    whole.call = Call::Send;
    whole.result = 3;
    whole.bytes = 3;
    whole.data = "abc";
    EXPECT_EQ(traceEventToJson(whole).find("data_cut"), std::string::npos);
    EXPECT_FALSE(traceEventFromJson(traceEventToJson(whole))->dataCut);
    // A file from before the key: cut when fewer bytes were captured than moved.
    const auto old = traceEventFromJson(
        R"({"seq":1,"t_ns":0,"call":"recv","result":100,"bytes":100,"data_hex":"6162"})");
    ASSERT_TRUE(old);
    EXPECT_TRUE(old->dataCut);
    EXPECT_EQ(old->data, "ab");
    // The readable line shows a short prefix of a long payload, then "...".
    const std::string line = formatTraceEvent(e);
    EXPECT_NE(line.find('"' + std::string(kDefaultTracePayloadCap, 'a') + "\"..."),
              std::string::npos);
    EXPECT_LT(line.size(), 300u);
}

TEST(TraceHub, NoSubscriberMeansDisabled)
{
    EXPECT_FALSE(Trace::enabled());
    {
        TraceSubscription subscription([](const TraceEvent&) {});
        EXPECT_TRUE(Trace::enabled());
    }
    EXPECT_FALSE(Trace::enabled());
}

TEST(TraceHub, SocketIdsAreNeverReused)
{
    const SocketId a = allocateSocketId();
    const SocketId b = allocateSocketId();
    EXPECT_NE(a, 0u);
    EXPECT_GT(b, a);
}

TEST(TraceFormat, JsonKeepsTheStructuredFields)
{
    TraceEvent accept;
    accept.seq = 9;
    accept.socket = 1;
    accept.protocol = Protocol::Tcp;
    accept.call = Call::Accept;
    accept.role = SocketRole::Listener;
    accept.result = 7;
    accept.acceptedSocket = 5;
    accept.peerAddress = "[::1]:40000";
    const std::string json = traceEventToJson(accept);
    EXPECT_NE(json.find("\"role\":\"listener\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"accepted\":5"), std::string::npos) << json;
    const auto back = traceEventFromJson(json);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->role, SocketRole::Listener);
    EXPECT_EQ(back->acceptedSocket, 5u);
    EXPECT_EQ(back->peerAddress, "[::1]:40000");
    EXPECT_EQ(back->localAddress, "");
    EXPECT_FALSE(back->soError);

    TraceEvent so;
    so.call = Call::Getsockopt;
    so.socket = 3;
    so.role = SocketRole::Outgoing;
    so.soError = PendingError{10061, "WSAECONNREFUSED"};
    const auto soBack = traceEventFromJson(traceEventToJson(so));
    ASSERT_TRUE(soBack && soBack->soError);
    EXPECT_EQ(soBack->soError->code, 10061);
    EXPECT_EQ(soBack->soError->name, "WSAECONNREFUSED");
    EXPECT_EQ(soBack->role, SocketRole::Outgoing);
    so.soError = PendingError{0, ""};
    const auto zero = traceEventFromJson(traceEventToJson(so));
    ASSERT_TRUE(zero && zero->soError) << "SO_ERROR 0 (connected) is said too";
    EXPECT_EQ(zero->soError->code, 0);

    for (int i = 0; i < kSocketRoleCount; ++i) {
        TraceEvent e;
        e.socket = 1;
        e.role = static_cast<SocketRole>(i);
        const auto again = traceEventFromJson(traceEventToJson(e));
        ASSERT_TRUE(again);
        EXPECT_EQ(again->role, e.role) << socketRoleName(e.role);
    }
    std::string error;
    EXPECT_FALSE(traceEventFromJson(
        R"({"seq":1,"t_ns":0,"call":"bind","socket":1,"role":"juggler"})", &error));
    EXPECT_NE(error.find("juggler"), std::string::npos);
}

// A recording from before the structured fields: upgraded once from its argument text.
TEST(TraceFormat, LegacyRecordingsAreUpgradedOnceWhenRead)
{
    const char* lines[] = {
        R"({"args":"fd 5, SOL_SOCKET, SO_REUSEADDR, 1","call":"setsockopt","proto":"tcp","result":0,"seq":2,"socket":1,"t_ns":2})",
        R"({"args":"fd 5, 127.0.0.1:0","call":"bind","proto":"tcp","result":0,"seq":3,"socket":1,"t_ns":3})",
        R"({"args":"fd 5, backlog 1024","call":"listen","proto":"tcp","result":0,"seq":4,"socket":1,"t_ns":4})",
        R"({"args":"fd 5 -> 127.0.0.1:6667","call":"getsockname","proto":"tcp","result":0,"seq":5,"socket":1,"t_ns":5})",
        R"({"args":"fd 5 -> #2 from 127.0.0.1:44769","call":"accept","proto":"tcp","result":8,"seq":6,"socket":1,"t_ns":6})",
        R"({"args":"fd 8, 65536","call":"recv","proto":"tcp","result":0,"seq":7,"socket":2,"t_ns":7})",
        R"({"args":"fd 9, 127.0.0.1:1","call":"connect","error":115,"error_name":"EINPROGRESS","proto":"tcp","result":-1,"seq":8,"socket":3,"t_ns":8})",
        R"({"args":"fd 9, SOL_SOCKET, SO_ERROR -> 111 ECONNREFUSED","call":"getsockopt","proto":"tcp","result":0,"seq":9,"socket":3,"t_ns":9})",
        R"({"args":"fd 10, SOL_SOCKET, SO_BROADCAST, 1","call":"setsockopt","proto":"udp","result":0,"seq":10,"socket":4,"t_ns":10})",
        R"({"args":"fd 10, 0.0.0.0:6667","call":"bind","proto":"udp","result":0,"seq":11,"socket":4,"t_ns":11})",
        R"({"args":"fd 11, 0.0.0.0:0","call":"bind","proto":"udp","result":0,"seq":12,"socket":5,"t_ns":12})",
        R"({"args":"fd 11, 4 bytes, 127.0.0.1:6667","bytes":4,"data_hex":"4c4e4348","call":"sendto","proto":"udp","result":4,"seq":13,"socket":5,"t_ns":13})",
        R"({"args":"fd 12, 65536 <- 127.0.0.1:5000","bytes":2,"data_hex":"6869","call":"recvfrom","proto":"udp","result":2,"seq":14,"socket":6,"t_ns":14})",
    };
    std::vector<TraceEvent> events;
    for (const char* line : lines) {
        auto e = traceEventFromJson(line);
        ASSERT_TRUE(e) << line;
        events.push_back(*e);
    }
    ASSERT_TRUE(upgradeLegacyTrace(events));
    EXPECT_EQ(events[0].role, SocketRole::Listener);
    EXPECT_EQ(events[1].localAddress, "127.0.0.1:0");
    EXPECT_EQ(events[3].localAddress, "127.0.0.1:6667");
    EXPECT_EQ(events[4].acceptedSocket, 2u);
    EXPECT_EQ(events[4].peerAddress, "127.0.0.1:44769");
    EXPECT_EQ(events[5].role, SocketRole::Accepted);
    EXPECT_EQ(events[6].role, SocketRole::Outgoing);
    EXPECT_EQ(events[6].peerAddress, "127.0.0.1:1");
    ASSERT_TRUE(events[7].soError);
    EXPECT_EQ(events[7].soError->code, 111);
    EXPECT_EQ(events[7].soError->name, "ECONNREFUSED");
    EXPECT_EQ(events[8].role, SocketRole::PresenceListener);
    EXPECT_EQ(events[10].role, SocketRole::PresenceSender);
    EXPECT_EQ(events[11].peerAddress, "127.0.0.1:6667");
    EXPECT_EQ(events[12].role, SocketRole::Udp);
    EXPECT_EQ(events[12].peerAddress, "127.0.0.1:5000");
    // Once: upgraded (or new) events are left alone.
    const std::string before = traceEventToJson(events[4]);
    EXPECT_FALSE(upgradeLegacyTrace(events));
    EXPECT_EQ(traceEventToJson(events[4]), before);
}

} // namespace
} // namespace netcore
