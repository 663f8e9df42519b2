// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat-irc-bench: a load generator for any IRC server (a LanChat host, ngircd, ...).
//
// It opens N clients, registers them and has them all join one room; then S of them send M
// messages each (at R messages/s each, or as fast as the server takes them with R = 0). Every
// message carries its sender, sequence number and send time, so each receiver measures the
// delivery latency. It prints the connect time, deliveries per second, latency p50/p99/p99.9/max
// and the losses and errors. A program, not a test: figures depend on the machine.
//
//   lanchat-irc-bench --target 127.0.0.1:6667 --clients 50 --senders 5 --messages 2000 --rate 0

#include "netcore/address.h"
#include "netcore/event_loop.h"
#include "netcore/irc/message.h"
#include "netcore/tcp.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Options
{
    std::string target = "127.0.0.1:6667";
    int clients = 50;
    int senders = 5;
    int messages = 1000;
    double rate = 0; // messages/s per sender; 0 = as fast as the server takes them
    std::string room = "#bench";
    std::string loop = "select";
    double idleTimeout = 10; // s without a delivery before giving up on the rest
};

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

struct Client;

// All state lives in the loop thread.
struct Bench
{
    Options options;
    netcore::EventLoop* loop = nullptr;
    std::vector<std::unique_ptr<Client>> clients;
    int joined = 0;
    int errors = 0;
    std::vector<std::string> errorTexts;
    std::int64_t connectStart = 0;
    std::int64_t connectEnd = 0;
    std::int64_t firstSend = 0;
    std::int64_t lastDelivery = 0;
    std::uint64_t delivered = 0;
    std::vector<std::int64_t> latencies; // ns
    bool sending = false;
    std::promise<void> allJoined;
    bool joinedSignalled = false;
};

struct Client
{
    Bench* bench = nullptr;
    int index = 0;
    std::shared_ptr<netcore::TcpConnection> connection;
    netcore::irc::LineReader reader{netcore::irc::Limits{}, 1 << 20};
    bool isJoined = false;
    int sent = 0;
    std::string nick;

    void onLine(std::string_view line)
    {
        const auto parsed = netcore::irc::parse(line);
        if (!parsed.message)
            return;
        const auto& m = *parsed.message;
        if (m.command == "PING") {
            connection->send("PONG :" + m.param(0) + "\r\n");
        } else if (m.command == "001") {
            connection->send("JOIN " + bench->options.room + "\r\n");
        } else if (m.command == "366" && !isJoined) {
            isJoined = true;
            if (++bench->joined == bench->options.clients) {
                bench->connectEnd = nowNs();
                if (!bench->joinedSignalled) {
                    bench->joinedSignalled = true;
                    bench->allJoined.set_value();
                }
            }
        } else if (m.command == "PRIVMSG") {
            // "b <sender> <seq> <send-ns> <padding>"
            const std::string& text = m.param(1);
            const auto lastSpace = text.find(' ', text.find(' ', text.find(' ') + 1) + 1);
            const auto tsStart = text.find(' ', text.find(' ') + 1);
            if (tsStart == std::string::npos || lastSpace == std::string::npos)
                return;
            std::int64_t sentAt = 0;
            std::from_chars(text.data() + tsStart + 1, text.data() + lastSpace, sentAt);
            const std::int64_t now = nowNs();
            bench->latencies.push_back(now - sentAt);
            ++bench->delivered;
            bench->lastDelivery = now;
        } else if (m.command == "ERROR" ||
                   (m.isNumeric() && m.command[0] >= '4' && m.command != "422")) {
            ++bench->errors;
            if (bench->errorTexts.size() < 5)
                bench->errorTexts.emplace_back(line);
        }
    }

    std::string nextMessage()
    {
        return "PRIVMSG " + bench->options.room + " :b " + std::to_string(index) + " " +
               std::to_string(nowNs()) + " " + std::to_string(sent++) + " load-test-padding\r\n";
    }

    // As fast as the server takes them: keep a modest amount queued.
    void pump()
    {
        while (sent < bench->options.messages && connection &&
               connection->state() == netcore::SocketState::Connected &&
               connection->outboundBytes() < 16 * 1024)
            connection->send(nextMessage());
        if (sent < bench->options.messages)
            bench->loop->runAfter(1ms, [this] { pump(); });
    }
};

std::int64_t percentile(std::vector<std::int64_t>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
    return sorted[rank];
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"IRC load generator: N clients in one room, S senders, latency and throughput"};
    Options o;
    app.add_option("--target", o.target, "HOST:PORT of the IRC server")->capture_default_str();
    app.add_option("--clients,-n", o.clients, "clients in the room")->capture_default_str();
    app.add_option("--senders,-s", o.senders, "clients that send")->capture_default_str();
    app.add_option("--messages,-m", o.messages, "messages per sender")->capture_default_str();
    app.add_option("--rate,-r", o.rate, "messages/s per sender (0: as fast as possible)")
        ->capture_default_str();
    app.add_option("--room", o.room, "the room")->capture_default_str();
    app.add_option("--loop", o.loop, "event loop")
        ->check(CLI::IsMember(netcore::EventLoop::available()))
        ->capture_default_str();
    app.add_option("--idle-timeout", o.idleTimeout, "seconds without deliveries before giving up")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    o.senders = std::min(o.senders, o.clients);

    netcore::HostPort target;
    if (netcore::parseHostPort(o.target, 6667, &target)) {
        std::fprintf(stderr, "lanchat-irc-bench: \"%s\" is not HOST:PORT\n", o.target.c_str());
        return 2;
    }
    netcore::NetError error;
    auto loop = netcore::EventLoop::start(o.loop, &error);
    if (!loop) {
        std::fprintf(stderr, "lanchat-irc-bench: %s\n", error.describe().c_str());
        return 1;
    }
    Bench bench;
    bench.options = o;
    bench.loop = loop.get();
    auto joinedFuture = bench.allJoined.get_future();

    loop->invoke([&] {
        bench.connectStart = nowNs();
        for (int i = 0; i < o.clients; ++i) {
            auto client = std::make_unique<Client>();
            client->bench = &bench;
            client->index = i;
            client->nick = "bench" + std::to_string(i);
            Client* c = client.get();
            bench.clients.push_back(std::move(client));
            netcore::ConnectOptions connect;
            connect.host = target.host;
            connect.port = target.port;
            netcore::TcpConnector::connect(
                *loop, connect,
                [&bench, c](std::shared_ptr<netcore::TcpConnection> connection,
                            const netcore::NetError& e,
                            const std::vector<netcore::ConnectAttempt>&) {
                    if (!connection) {
                        ++bench.errors;
                        if (bench.errorTexts.size() < 5)
                            bench.errorTexts.push_back(e.describe());
                        return;
                    }
                    c->connection = connection;
                    connection->setDataHandler([c](netcore::TcpConnection&, std::string_view data) {
                        c->reader.feed(data);
                        while (auto line = c->reader.next())
                            c->onLine(line->text);
                    });
                    connection->setCloseHandler([&bench](netcore::TcpConnection&,
                                                         const netcore::NetError& closeError) {
                        if (!bench.sending)
                            return;
                        ++bench.errors;
                        if (bench.errorTexts.size() < 5)
                            bench.errorTexts.push_back("closed: " +
                                                       (closeError ? closeError.describe()
                                                                   : std::string("by the server")));
                    });
                    connection->start();
                    connection->send("NICK " + c->nick + "\r\nUSER bench 0 * :LanChat bench\r\n");
                });
        }
    });

    if (joinedFuture.wait_for(std::chrono::seconds(120)) != std::future_status::ready) {
        const auto joined = loop->invoke([&] { return bench.joined; });
        std::fprintf(stderr, "lanchat-irc-bench: only %d of %d clients joined %s within 120 s\n",
                     joined.value_or(0), o.clients, o.room.c_str());
        for (const auto& text : bench.errorTexts)
            std::fprintf(stderr, "  %s\n", text.c_str());
        loop->invoke([&] { bench.clients.clear(); });
        loop->stop();
        return 1;
    }

    loop->invoke([&] {
        bench.sending = true;
        bench.firstSend = nowNs();
        for (int i = 0; i < o.senders; ++i) {
            Client* c = bench.clients[static_cast<std::size_t>(i)].get();
            if (o.rate <= 0) {
                c->pump();
            } else {
                const auto interval =
                    std::chrono::nanoseconds(static_cast<long long>(1e9 / o.rate));
                auto timer = std::make_shared<netcore::EventLoop::TimerId>();
                *timer = loop->runEvery(interval, [c, timer, &bench] {
                    if (c->sent >= bench.options.messages) {
                        bench.loop->cancelTimer(*timer);
                        return;
                    }
                    if (c->connection)
                        c->connection->send(c->nextMessage());
                });
            }
        }
    });

    const std::uint64_t expected = static_cast<std::uint64_t>(o.senders) *
                                   static_cast<std::uint64_t>(o.messages) *
                                   static_cast<std::uint64_t>(o.clients - 1);
    std::uint64_t lastCount = 0;
    auto lastProgress = Clock::now();
    for (;;) {
        std::this_thread::sleep_for(50ms);
        const std::uint64_t count = *loop->invoke([&] { return bench.delivered; });
        if (count >= expected)
            break;
        if (count != lastCount) {
            lastCount = count;
            lastProgress = Clock::now();
        } else if (Clock::now() - lastProgress > std::chrono::duration<double>(o.idleTimeout)) {
            break;
        }
    }

    std::vector<std::int64_t> latencies;
    std::uint64_t delivered = 0;
    std::int64_t connectNs = 0, spanNs = 0;
    int errors = 0;
    std::vector<std::string> errorTexts;
    loop->invoke([&] {
        bench.sending = false;
        latencies = std::move(bench.latencies);
        delivered = bench.delivered;
        connectNs = bench.connectEnd - bench.connectStart;
        spanNs = bench.lastDelivery - bench.firstSend;
        errors = bench.errors;
        errorTexts = bench.errorTexts;
        bench.clients.clear();
    });
    loop->stop();

    std::sort(latencies.begin(), latencies.end());
    auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
    const double seconds = spanNs > 0 ? static_cast<double>(spanNs) / 1e9 : 0;
    std::printf("target:          %s (%s loop in the generator)\n", o.target.c_str(),
                o.loop.c_str());
    std::printf("clients:         %d in %s, %d senders x %d messages at %s\n", o.clients,
                o.room.c_str(), o.senders, o.messages,
                o.rate > 0 ? (std::to_string(o.rate) + "/s each").c_str() : "full speed");
    std::printf("connect time:    %.1f ms (all registered and joined)\n", ms(connectNs));
    std::printf("deliveries:      %llu of %llu expected\n",
                static_cast<unsigned long long>(delivered),
                static_cast<unsigned long long>(expected));
    std::printf("deliveries/s:    %.0f\n",
                seconds > 0 ? static_cast<double>(delivered) / seconds : 0.0);
    std::printf("latency ms:      p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n",
                ms(percentile(latencies, 50)), ms(percentile(latencies, 99)),
                ms(percentile(latencies, 99.9)), latencies.empty() ? 0.0 : ms(latencies.back()));
    std::printf("losses:          %llu\n",
                static_cast<unsigned long long>(expected - std::min(expected, delivered)));
    std::printf("errors:          %d\n", errors);
    for (const auto& text : errorTexts)
        std::printf("  %s\n", text.c_str());
    return delivered == expected && errors == 0 ? 0 : 1;
}
