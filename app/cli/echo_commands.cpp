// SPDX-License-Identifier: GPL-3.0-or-later
#include "echo_commands.h"

#include "cli_support.h"
#include "trace_output.h"

#include "netcore/address.h"
#include "netcore/event_loop.h"
#include "netcore/tcp.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;

std::string closeText(const netcore::NetError& error)
{
    return error ? error.describe() : std::string("closed in order");
}

} // namespace

int runEchoServer(const EchoServerOptions& options)
{
    installStopSignals();
    auto loop = startLoop(options.loop);
    if (!loop)
        return 1;

    // Lives in the loop thread: the listener and the open connections.
    struct State
    {
        std::unique_ptr<netcore::TcpListener> listener;
        std::map<netcore::SocketId, std::shared_ptr<netcore::TcpConnection>> clients;
    };
    auto state = std::make_shared<State>();
    netcore::EventLoop* loopPtr = loop.get();

    const auto opened = loop->invoke([&]() -> std::string {
        netcore::NetError openError;
        netcore::ListenOptions listen;
        listen.host = options.bind;
        listen.port = options.port;
        state->listener = netcore::TcpListener::open(
            *loopPtr, listen,
            [state](std::shared_ptr<netcore::TcpConnection> connection) {
                std::printf("client #%llu connected from %s\n",
                            static_cast<unsigned long long>(connection->id()),
                            connection->peerAddress().toString().c_str());
                std::fflush(stdout);
                connection->setDataHandler(
                    [](netcore::TcpConnection& c, std::string_view data) { c.send(data); });
                connection->setCloseHandler([state](netcore::TcpConnection& c,
                                                    const netcore::NetError& error) {
                    std::printf("client #%llu: %s (%llu bytes echoed)\n",
                                static_cast<unsigned long long>(c.id()), closeText(error).c_str(),
                                static_cast<unsigned long long>(c.stats().bytesOut));
                    std::fflush(stdout);
                    state->clients.erase(c.id());
                });
                state->clients[connection->id()] = connection;
                connection->start();
            },
            [](const netcore::NetError& error) {
                std::fprintf(stderr, "lanchat-cli: %s\n", error.describe().c_str());
            },
            &openError);
        if (!state->listener)
            return openError.describe();
        std::printf("echo server listening on %s%s with the %s loop (Ctrl+C stops it)\n",
                    state->listener->localAddress().toString().c_str(),
                    state->listener->isDualStack() ? " (IPv6 and IPv4)" : "",
                    loopPtr->name().c_str());
        std::fflush(stdout);
        return {};
    });
    if (!opened || !opened->empty()) {
        std::fprintf(stderr, "lanchat-cli: %s\n", opened ? opened->c_str() : "loop stopped");
        loop->stop();
        return 1;
    }

    while (!stopRequested())
        std::this_thread::sleep_for(100ms);

    // Stop in order: no new clients, close the others gracefully, give them a moment.
    std::printf("stopping\n");
    std::fflush(stdout);
    loop->invoke([&] {
        state->listener->close();
        auto clients = state->clients;
        for (auto& [id, connection] : clients)
            connection->close();
    });
    for (int i = 0; i < 20; ++i) {
        const auto open = loop->invoke([&] { return state->clients.size(); });
        if (!open || *open == 0)
            break;
        std::this_thread::sleep_for(100ms);
    }
    loop->invoke([&] {
        state->clients.clear();
        state->listener.reset();
    });
    loop->stop();
    return 0;
}

int runEchoClient(const EchoClientOptions& options)
{
    netcore::HostPort target;
    if (netcore::parseHostPort(options.target, 6667, &target)) {
        std::fprintf(stderr, "lanchat-cli: \"%s\" is not HOST[:PORT] (IPv6: [::1]:6667)\n",
                     options.target.c_str());
        return 2;
    }
    installStopSignals();
    auto loop = startLoop(options.loop);
    if (!loop)
        return 1;

    struct State
    {
        std::shared_ptr<netcore::TcpConnection> connection;
        std::promise<int> done; // the exit code
        bool finished = false;
        void finish(int code)
        {
            if (!finished) {
                finished = true;
                done.set_value(code);
            }
        }
    };
    auto state = std::make_shared<State>();
    std::future<int> done = state->done.get_future();
    std::promise<bool> connected;
    std::future<bool> connectedFuture = connected.get_future();

    loop->invoke([&] {
        netcore::ConnectOptions connect;
        connect.host = target.host;
        connect.port = target.port;
        netcore::TcpConnector::connect(
            *loop, connect,
            [state, &connected](std::shared_ptr<netcore::TcpConnection> connection,
                                const netcore::NetError& error,
                                const std::vector<netcore::ConnectAttempt>& attempts) {
                for (const auto& attempt : attempts)
                    std::fprintf(stderr, "connect %s: %s\n", attempt.address.toString().c_str(),
                                 attempt.error ? attempt.error.code.message().c_str()
                                               : "connected");
                if (!connection) {
                    std::fprintf(stderr, "lanchat-cli: %s\n", error.describe().c_str());
                    connected.set_value(false);
                    state->finish(1);
                    return;
                }
                state->connection = connection;
                connection->setDataHandler([](netcore::TcpConnection&, std::string_view data) {
                    std::fwrite(data.data(), 1, data.size(), stdout);
                    std::fflush(stdout);
                });
                connection->setCloseHandler([state](netcore::TcpConnection&,
                                                    const netcore::NetError& closeError) {
                    if (closeError)
                        std::fprintf(stderr, "lanchat-cli: %s\n", closeError.describe().c_str());
                    state->connection.reset();
                    state->finish(closeError ? 1 : 0);
                });
                connection->start();
                connected.set_value(true);
            });
    });

    if (!connectedFuture.get()) {
        loop->stop();
        return done.get();
    }

    auto sendLine = [&](std::string line) {
        line += '\n';
        loop->post([state, line] {
            if (state->connection)
                state->connection->send(line);
        });
    };
    auto finishSending = [&] {
        // Half-close: the server sees our FIN after the last line, echoes, and closes.
        loop->post([state] {
            if (state->connection)
                state->connection->shutdownSend();
        });
    };

    if (!options.messages.empty()) {
        // All the lines and the half-close in one turn of the loop, so a traced run always
        // shows the same sequence: the lines go out (in one send() or more), then the FIN.
        std::string lines;
        for (const auto& message : options.messages)
            lines += message + '\n';
        loop->post([state, lines] {
            if (state->connection) {
                state->connection->send(lines);
                state->connection->shutdownSend();
            }
        });
    } else {
        // Standard input is read on its own thread, which may stay blocked in a read when the
        // server goes away first; it then ends with the process.
        auto reader = std::thread([sendLine, finishSending] {
            std::string line;
            while (std::getline(std::cin, line))
                sendLine(line);
            finishSending();
        });
        reader.detach();
    }

    int code = 0;
    for (;;) {
        if (done.wait_for(100ms) == std::future_status::ready) {
            code = done.get();
            break;
        }
        if (stopRequested()) {
            loop->invoke([state] {
                if (state->connection)
                    state->connection->close();
            });
            code = done.wait_for(2s) == std::future_status::ready ? done.get() : 130;
            break;
        }
    }
    loop->stop();
    std::fflush(stdout);
    TraceOutput::finishActive(); // the sockets' table, which no destructor will print
    // The stdin reader may still hold the loop: leave without running destructors under it.
    std::_Exit(code);
}
