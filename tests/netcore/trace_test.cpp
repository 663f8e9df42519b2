// SPDX-License-Identifier: GPL-3.0-or-later
// The trace tells each socket's story in order: the lecture's server sequence (socket, bind,
// listen, accept, recv/send, shutdown, close) and client sequence (getaddrinfo, socket, connect,
// send/recv, shutdown, close), with results and byte counts; and it round-trips through JSON.

#include "netcore/trace.h"
#include "netcore/trace_format.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <mutex>
#include <optional>

namespace netcore {
namespace {

using test::LoopTest;

class Recorder
{
public:
    explicit Recorder(std::size_t payloadCap = 0)
        : m_subscription(
              [this](const TraceEvent& e) {
                  std::lock_guard lock(m_mutex);
                  m_events.push_back(e);
              },
              payloadCap)
    {}
    std::vector<TraceEvent> events()
    {
        std::lock_guard lock(m_mutex);
        return m_events;
    }

private:
    std::mutex m_mutex;
    std::vector<TraceEvent> m_events;
    TraceSubscription m_subscription;
};

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

std::string describe(const std::vector<TraceEvent>& events)
{
    std::string text;
    for (const auto& e : events)
        text += formatTraceEvent(e) + "\n";
    return text;
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
    EXPECT_NE(listener[lp[4]].args.find("#" + std::to_string(acceptedId)), std::string::npos)
        << "accept names the new socket: " << listener[lp[4]].args;

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

} // namespace
} // namespace netcore
