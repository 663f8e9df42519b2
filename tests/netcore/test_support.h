// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared helpers for netcore's tests: a fixture that runs each test on every event loop this
// platform has, with a leak check on teardown, and polling helpers that read state only in the
// loop thread (so TSan sees no races).

#include "netcore/event_loop.h"
#include "netcore/runtime.h"
#include "netcore/tcp.h"
#include "netcore/trace_format.h"
#include "platform/platform.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace netcore::test {

using namespace std::chrono_literals;

inline std::string loopParamName(const ::testing::TestParamInfo<std::string>& info)
{
    return info.param;
}

// Polls `predicate` in the loop thread until it is true or `timeout` passes.
template <typename Predicate>
bool waitUntil(EventLoop& loop, Predicate predicate, std::chrono::milliseconds timeout = 20s)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto done = loop.invoke([&] { return static_cast<bool>(predicate()); });
        if (!done)
            return false;
        if (*done)
            return true;
        std::this_thread::sleep_for(2ms);
    }
    return false;
}

class LoopTest : public ::testing::TestWithParam<std::string>
{
protected:
    void SetUp() override
    {
        // LANCHAT_TEST_TRACE=1 prints every socket call, for finding out why a test failed.
        if (const char* trace = std::getenv("LANCHAT_TEST_TRACE"); trace && *trace == '1')
            m_trace.emplace([](const TraceEvent& e) {
                std::fprintf(stderr, "trace %s\n", formatTraceEvent(e).c_str());
            });
        m_socketsBefore = openSocketCount();
        NetError error;
        loop = EventLoop::start(GetParam(), &error);
        ASSERT_TRUE(loop) << error.describe();
    }

    void TearDown() override
    {
        if (loop)
            loop->stop();
        // Sockets belong to the loop thread: they are dropped only once it has stopped.
        m_kept.clear();
        loop.reset();
        // libuv's MAKE_VALGRIND_HAPPY: every socket a test opened is closed again.
        EXPECT_EQ(openSocketCount(), m_socketsBefore) << "sockets leaked by the test";
    }

    // Starts a connect; the result (and the connection) is kept until the loop has stopped.
    std::shared_ptr<struct ClientResult> connect(ConnectOptions options);
    // Starts a connect and waits for its result.
    std::shared_ptr<struct ClientResult> connectAndWait(ConnectOptions options);

    // Keeps test state that holds sockets until the loop has stopped (see TearDown).
    template <typename T, typename... Args> std::shared_ptr<T> make(Args&&... args)
    {
        auto object = std::make_shared<T>(std::forward<Args>(args)...);
        m_kept.push_back(object);
        return object;
    }

    std::unique_ptr<EventLoop> loop;

private:
    std::size_t m_socketsBefore = 0;
    std::vector<std::shared_ptr<void>> m_kept;
    std::optional<TraceSubscription> m_trace;
};

// An echo server on 127.0.0.1 (or `host`) whose state lives in the loop thread.
struct EchoServer
{
    std::unique_ptr<TcpListener> listener;
    std::vector<std::shared_ptr<TcpConnection>> clients;
    std::vector<NetError> errors;
    int accepted = 0;
    int closed = 0;

    // Loop thread.
    bool open(EventLoop& loop, const std::string& host = "127.0.0.1", std::uint16_t port = 0)
    {
        NetError error;
        ListenOptions options;
        options.host = host;
        options.port = port;
        listener = TcpListener::open(
            loop, options,
            [this](std::shared_ptr<TcpConnection> connection) {
                ++accepted;
                connection->setDataHandler(
                    [](TcpConnection& c, std::string_view data) { c.send(data); });
                connection->setCloseHandler([this](TcpConnection&, const NetError&) { ++closed; });
                connection->start();
                clients.push_back(std::move(connection));
            },
            [this](const NetError& e) { errors.push_back(e); }, &error);
        if (!listener)
            ADD_FAILURE() << error.describe();
        return listener != nullptr;
    }

    std::uint16_t port() const { return listener->localAddress().port(); }
};

// Connects from the loop thread; the result is stored for polling.
struct ClientResult
{
    bool done = false;
    std::shared_ptr<TcpConnection> connection;
    NetError error;
    std::vector<ConnectAttempt> attempts;
};

inline std::shared_ptr<ClientResult> connectTo(EventLoop& loop, ConnectOptions options,
                                               std::shared_ptr<ClientResult> result = nullptr)
{
    if (!result)
        result = std::make_shared<ClientResult>();
    loop.invoke([&] {
        TcpConnector::connect(loop, std::move(options),
                              [result](std::shared_ptr<TcpConnection> connection,
                                       const NetError& error,
                                       const std::vector<ConnectAttempt>& attempts) {
                                  result->connection = std::move(connection);
                                  result->error = error;
                                  result->attempts = attempts;
                                  result->done = true;
                              });
    });
    return result;
}

inline ConnectOptions localhost(std::uint16_t port, const std::string& host = "127.0.0.1")
{
    ConnectOptions options;
    options.host = host;
    options.port = port;
    return options;
}

inline std::shared_ptr<ClientResult> LoopTest::connect(ConnectOptions options)
{
    return connectTo(*loop, std::move(options), make<ClientResult>());
}

inline std::shared_ptr<ClientResult> LoopTest::connectAndWait(ConnectOptions options)
{
    auto result = connect(std::move(options));
    EXPECT_TRUE(waitUntil(*loop, [&] { return result->done; })) << "no connect result";
    return result;
}

// The error name this platform gives for a POSIX name: "ECONNREFUSED" or "WSAECONNREFUSED".
inline std::string platformErrorName(const std::string& posixName)
{
    if (!platform::kIsWindows)
        return posixName;
    if (posixName == "EAGAIN")
        return "WSAEWOULDBLOCK";
    return "WSA" + posixName;
}

} // namespace netcore::test
