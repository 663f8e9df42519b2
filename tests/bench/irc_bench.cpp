// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat-irc-bench: a load generator for any IRC server (a LanChat host, ngircd, ...).
//
// It opens N clients (at most --connect-window at a time still registering), registers them and
// has them all join one room; then S of them send M messages each (at R messages/s each, or as
// fast as the server takes them with R = 0). Every message carries its sender, send time and
// sequence number, so each receiver measures the delivery latency. It prints the connect time,
// deliveries per second, latency p50/p99/p99.9/max, the losses and errors, and how many clients
// the server refused (closed or answered ERROR before welcoming them).
//
// With --tls the clients speak IRC inside TLS (netcore's TLS, as lanchat-cli join --tls does),
// the host's certificate pinned by --tls-fingerprint or else trusted on first use.
//
// With --idle it only connects and registers the N clients (joining the room with --join), prints
// "ready: registered=N refused=R ..." and holds them, answering PINGs, for --hold seconds or until
// SIGINT/SIGTERM: the memory benchmark reads the server's RSS meanwhile.
//
// A program, not a test: figures depend on the machine. The generator must cost much less per
// delivery than the server it measures (both share the machine), so received lines are scanned
// in place and only the rare ones that matter are parsed in full.
//
//   lanchat-irc-bench --target 127.0.0.1:6667 --clients 50 --senders 5 --messages 2000 --rate 0
//   lanchat-irc-bench --target 127.0.0.1:6667 --clients 10000 --idle --loop epoll
//   lanchat-irc-bench --target 127.0.0.1:6697 --tls --tls-fingerprint AB:CD:...

#include "netcore/address.h"
#include "netcore/event_loop.h"
#include "netcore/irc/message.h"
#include "netcore/tcp.h"
#include "netcore/tls.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <string_view>
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
    double idleTimeout = 10;     // s without a delivery before giving up on the rest
    double connectTimeout = 120; // s for every client to be joined (or refused)
    // Clients connecting or registering at the same time. Small: ngircd listens with a backlog
    // of about 10, and a SYN beyond it waits for the client's retransmission (1 s, 2 s, 4 s...).
    int connectWindow = 8;
    std::string nickPrefix = "b";
    bool idle = false;          // connect, register, hold
    bool join = false;          // --idle: join the room too
    double hold = 0;            // --idle: seconds to hold; 0 = until SIGINT/SIGTERM
    bool allowRefused = false;  // refusals do not fail the run
    double settle = 1;          // s between the last join and the first message
    bool tls = false;           // IRC inside TLS
    std::string tlsFingerprint; // pinned; "" trusts the host's certificate on first use
};

std::atomic<bool> g_interrupted{false};

void onSignal(int)
{
    g_interrupted = true;
}

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

std::string_view nextWord(std::string_view& rest)
{
    const auto space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    return word;
}

struct Client;

// All state lives in the loop thread.
struct Bench
{
    Options options;
    netcore::HostPort target;
    netcore::EventLoop* loop = nullptr;
    std::shared_ptr<netcore::TlsContext> tls; // with --tls
    netcore::TlsClientOptions tlsOptions;
    std::vector<std::unique_ptr<Client>> clients;
    std::vector<Client*> members; // joined (or registered, for --idle without --join), in order
    int nextToConnect = 0;
    int inFlight = 0; // connecting or registering
    int settled = 0;  // joined, refused or failed: the connect phase ends when all are
    int refused = 0;
    int connectFailures = 0;
    int errors = 0;
    std::vector<std::string> errorTexts;
    std::string firstRefusal;
    std::int64_t connectStart = 0;
    std::int64_t connectEnd = 0;
    std::int64_t firstSend = 0;
    std::int64_t lastDelivery = 0;
    std::uint64_t delivered = 0;
    std::vector<std::int64_t> latencies; // ns
    bool sending = false;
    bool stopping = false;
    std::promise<void> allSettled;
    bool settledSignalled = false;

    void noteError(std::string text)
    {
        ++errors;
        if (errorTexts.size() < 5)
            errorTexts.push_back(std::move(text));
    }
    void settle();
    void connectMore();
};

enum class Phase
{
    Connecting,
    Registering,
    Member, // joined (or registered, for --idle without --join)
    Gone,
};

struct Client
{
    Bench* bench = nullptr;
    int index = 0;
    std::shared_ptr<netcore::TcpConnection> connection;
    std::string partial; // an incomplete line from the last read
    Phase phase = Phase::Connecting;
    int sent = 0;
    std::string nick;

    // Out of the connect phase (joined, refused or failed): the next client may start.
    void leavePhase(Phase next)
    {
        const bool wasConnecting = phase == Phase::Connecting || phase == Phase::Registering;
        phase = next;
        if (wasConnecting) {
            --bench->inFlight;
            bench->settle();
            bench->connectMore();
        }
    }

    void onData(std::string_view data)
    {
        const std::int64_t now = nowNs(); // one clock read per read, not per line
        if (!partial.empty()) {
            const auto end = data.find('\n');
            if (end == std::string_view::npos) {
                partial.append(data);
                return;
            }
            partial.append(data.substr(0, end));
            data.remove_prefix(end + 1);
            const std::string line = std::move(partial);
            partial.clear();
            onLine(line, now);
        }
        for (;;) {
            const auto end = data.find('\n');
            if (end == std::string_view::npos)
                break;
            onLine(data.substr(0, end), now);
            data.remove_prefix(end + 1);
        }
        partial.assign(data);
    }

    void onLine(std::string_view line, std::int64_t now)
    {
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        std::string_view rest = line;
        if (!rest.empty() && rest.front() == '@')
            nextWord(rest);
        if (!rest.empty() && rest.front() == ':')
            nextWord(rest);
        const std::string_view command = nextWord(rest);
        if (command == "PRIVMSG") {
            // ":src PRIVMSG #room :b <sender> <send-ns> <seq> <padding>"
            nextWord(rest); // the room
            if (rest.starts_with(':'))
                rest.remove_prefix(1);
            if (nextWord(rest) != "b")
                return;
            nextWord(rest); // the sender
            const std::string_view sentText = nextWord(rest);
            std::int64_t sentAt = 0;
            std::from_chars(sentText.data(), sentText.data() + sentText.size(), sentAt);
            if (bench->sending) {
                bench->latencies.push_back(now - sentAt);
                ++bench->delivered;
                bench->lastDelivery = now;
            }
        } else if (command == "PING") {
            const auto parsed = netcore::irc::parse(line);
            if (parsed.message && connection)
                connection->send("PONG :" + parsed.message->param(0) + "\r\n");
        } else if (command == "001") {
            if (bench->options.idle && !bench->options.join)
                becomeMember();
            else if (connection)
                connection->send("JOIN " + bench->options.room + "\r\n");
        } else if (command == "366") {
            if (phase == Phase::Registering)
                becomeMember();
        } else if (command == "ERROR" || (command.size() == 3 && command[0] >= '4' &&
                                          command[0] <= '5' && command != "422")) {
            if (phase == Phase::Registering) {
                // Not welcomed: the server refused us (too many clients, say).
                ++bench->refused;
                if (bench->firstRefusal.empty())
                    bench->firstRefusal = std::string(line);
                leavePhase(Phase::Gone);
                return;
            }
            bench->noteError(std::string(line));
        }
    }

    void becomeMember()
    {
        bench->members.push_back(this);
        leavePhase(Phase::Member);
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
        if (sent < bench->options.messages && connection)
            bench->loop->runAfter(1ms, [this] { pump(); });
    }

    void start()
    {
        netcore::ConnectOptions connect;
        connect.host = bench->target.host;
        connect.port = bench->target.port;
        Bench* b = bench;
        netcore::TcpConnector::connect(
            *b->loop, connect,
            [this, b](std::shared_ptr<netcore::TcpConnection> conn, const netcore::NetError& e,
                      const std::vector<netcore::ConnectAttempt>&) {
                if (!conn) {
                    ++b->connectFailures;
                    if (b->errorTexts.size() < 5)
                        b->errorTexts.push_back("connect: " + e.describe());
                    leavePhase(Phase::Gone);
                    return;
                }
                connection = conn;
                phase = Phase::Registering;
                if (b->tls) // a refused certificate closes it: counted as refused, with why
                    conn->useTls(b->tls->clientSession(b->tlsOptions));
                conn->setDataHandler(
                    [this](netcore::TcpConnection&, std::string_view data) { onData(data); });
                conn->setCloseHandler(
                    [this, b](netcore::TcpConnection&, const netcore::NetError& closeError) {
                        const std::string why =
                            closeError ? closeError.describe() : std::string("by the server");
                        if (phase == Phase::Registering) {
                            ++b->refused;
                            if (b->firstRefusal.empty())
                                b->firstRefusal = "closed before the welcome: " + why;
                            leavePhase(Phase::Gone);
                        } else if (phase == Phase::Member && b->sending) {
                            b->noteError("closed: " + why);
                        }
                        // Keep the connection: its handlers must not be freed while they run.
                    });
                conn->setPeerShutdownHandler([](netcore::TcpConnection& c) { c.close(); });
                conn->start();
                conn->send("NICK " + nick + "\r\nUSER bench 0 * :LanChat bench\r\n");
            });
    }
};

void Bench::settle()
{
    ++settled;
    if (settled == options.clients && !settledSignalled) {
        settledSignalled = true;
        connectEnd = nowNs();
        allSettled.set_value();
    }
}

void Bench::connectMore()
{
    while (!stopping && nextToConnect < options.clients && inFlight < options.connectWindow) {
        ++inFlight;
        clients[static_cast<std::size_t>(nextToConnect++)]->start();
    }
}

std::int64_t percentile(const std::vector<std::int64_t>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
    return sorted[rank];
}

double ms(std::int64_t ns)
{
    return static_cast<double>(ns) / 1e6;
}

// Closes every connection in the loop thread, then stops the loop (which ends the connects still
// under way). The clients outlive the loop: a connector's handler may still name one.
void shutdown(netcore::EventLoop& loop, Bench& bench)
{
    loop.invoke([&] {
        bench.sending = false;
        bench.stopping = true;
        for (auto& client : bench.clients) {
            if (client->connection)
                client->connection->abort();
        }
    });
    loop.stop();
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
    app.add_option("--loop", o.loop, "event loop (epoll holds more than FD_SETSIZE clients)")
        ->check(CLI::IsMember(netcore::EventLoop::available()))
        ->capture_default_str();
    app.add_option("--idle-timeout", o.idleTimeout, "seconds without deliveries before giving up")
        ->capture_default_str();
    app.add_option("--connect-timeout", o.connectTimeout,
                   "seconds for all clients to be joined or refused")
        ->capture_default_str();
    app.add_option("--connect-window", o.connectWindow,
                   "clients connecting or registering at the same time")
        ->capture_default_str();
    app.add_option("--nick-prefix", o.nickPrefix, "nicks are PREFIX0, PREFIX1, ...")
        ->capture_default_str();
    app.add_flag("--idle", o.idle, "only connect and register the clients, then hold them");
    app.add_flag("--join", o.join, "--idle: have the clients join the room too");
    app.add_option("--hold", o.hold, "--idle: seconds to hold them (0: until SIGINT/SIGTERM)")
        ->capture_default_str();
    app.add_option("--settle", o.settle, "seconds between the last join and the first message")
        ->capture_default_str();
    app.add_flag("--allow-refused", o.allowRefused,
                 "clients the server refuses do not fail the run (the rest go on)");
    app.add_flag("--tls", o.tls, "connect over TLS (trusting the certificate on first use)");
    app.add_option("--tls-fingerprint", o.tlsFingerprint,
                   "--tls with the host's SHA-256 certificate fingerprint pinned");
    CLI11_PARSE(app, argc, argv);
    o.senders = std::min(o.senders, o.clients);
    o.connectWindow = std::max(1, o.connectWindow);

    netcore::HostPort target;
    if (netcore::parseHostPort(o.target, 6667, &target)) {
        std::fprintf(stderr, "lanchat-irc-bench: \"%s\" is not HOST:PORT\n", o.target.c_str());
        return 2;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    netcore::NetError error;
    auto loop = netcore::EventLoop::start(o.loop, &error);
    if (!loop) {
        std::fprintf(stderr, "lanchat-irc-bench: %s\n", error.describe().c_str());
        return 1;
    }
    Bench bench;
    bench.options = o;
    bench.target = target;
    bench.loop = loop.get();
    if (o.tls || !o.tlsFingerprint.empty()) {
        if (!o.tlsFingerprint.empty() && netcore::normalizeFingerprint(o.tlsFingerprint).empty()) {
            std::fprintf(stderr, "lanchat-irc-bench: --tls-fingerprint wants 64 hex digits\n");
            return 2;
        }
        bench.tls = netcore::TlsContext::client(&error);
        if (!bench.tls) {
            std::fprintf(stderr, "lanchat-irc-bench: %s\n", error.describe().c_str());
            return 1;
        }
        bench.tlsOptions.serverName = target.host;
        bench.tlsOptions.pinnedFingerprint = o.tlsFingerprint;
        bench.tlsOptions.trustOnFirstUse = o.tlsFingerprint.empty();
    }
    auto settledFuture = bench.allSettled.get_future();

    loop->invoke([&] {
        bench.connectStart = nowNs();
        for (int i = 0; i < o.clients; ++i) {
            auto client = std::make_unique<Client>();
            client->bench = &bench;
            client->index = i;
            client->nick = o.nickPrefix + std::to_string(i);
            bench.clients.push_back(std::move(client));
        }
        bench.connectMore();
    });

    const auto connectDeadline = Clock::now() + std::chrono::duration<double>(o.connectTimeout);
    while (settledFuture.wait_for(100ms) != std::future_status::ready) {
        if (g_interrupted || Clock::now() > connectDeadline) {
            const auto members = loop->invoke([&] { return bench.members.size(); });
            std::fprintf(stderr, "lanchat-irc-bench: only %zu of %d clients %s within %.0f s\n",
                         members.value_or(0), o.clients,
                         o.idle && !o.join ? "registered" : ("joined " + o.room).c_str(),
                         o.connectTimeout);
            for (const auto& text : bench.errorTexts)
                std::fprintf(stderr, "  %s\n", text.c_str());
            shutdown(*loop, bench);
            return 1;
        }
    }

    int members = 0, refused = 0, connectFailures = 0;
    std::int64_t connectNs = 0;
    std::string firstRefusal, tlsText = bench.tls ? "yes, but no client got in" : "no (plain)";
    loop->invoke([&] {
        if (const auto* tls = bench.members.empty() ? nullptr : bench.members[0]->connection->tls())
            tlsText = tls->info().version + " " + tls->info().cipher +
                      (tls->info().pinned ? ", pinned" : ", trusted on first use");
        members = static_cast<int>(bench.members.size());
        refused = bench.refused;
        connectFailures = bench.connectFailures;
        firstRefusal = bench.firstRefusal;
        connectNs = bench.connectEnd - bench.connectStart;
    });
    auto printAdmission = [&] {
        std::printf("target:          %s (%s loop in the generator)\n", o.target.c_str(),
                    o.loop.c_str());
        std::printf("tls:             %s\n", tlsText.c_str());
        std::printf("connect time:    %.1f ms (%d of %d %s)\n", ms(connectNs), members, o.clients,
                    o.idle && !o.join ? "registered" : "registered and joined");
        std::printf("refused:         %d%s%s\n", refused,
                    firstRefusal.empty() ? "" : "  first: ", firstRefusal.c_str());
        if (connectFailures)
            std::printf("connect errors:  %d\n", connectFailures);
    };

    if (o.idle) {
        printAdmission();
        std::printf("ready: registered=%d refused=%d connect_errors=%d\n", members, refused,
                    connectFailures);
        std::fflush(stdout);
        const auto until = Clock::now() + std::chrono::duration<double>(o.hold);
        while (!g_interrupted && (o.hold <= 0 || Clock::now() < until))
            std::this_thread::sleep_for(50ms);
        int lost = 0;
        loop->invoke([&] {
            for (const Client* c : bench.members)
                lost += c->connection && c->connection->state() == netcore::SocketState::Closed;
        });
        std::printf("held:            %d of %d still connected\n", members - lost, members);
        shutdown(*loop, bench);
        return lost == 0 && connectFailures == 0 && (refused == 0 || o.allowRefused) ? 0 : 1;
    }

    // Let the join traffic (every JOIN goes to every member) drain before measuring.
    std::this_thread::sleep_for(std::chrono::duration<double>(o.settle));
    const int senders = std::min(o.senders, members);
    const std::uint64_t expected = members > 0 ? static_cast<std::uint64_t>(senders) *
                                                     static_cast<std::uint64_t>(o.messages) *
                                                     static_cast<std::uint64_t>(members - 1)
                                               : 0;
    loop->invoke([&] {
        bench.latencies.reserve(std::min<std::uint64_t>(expected, 64u << 20));
        bench.sending = true;
        bench.firstSend = nowNs();
        for (int i = 0; i < senders; ++i) {
            Client* c = bench.members[static_cast<std::size_t>(i)];
            if (o.rate <= 0) {
                c->pump();
            } else {
                // Senders are spread evenly over the interval, as independent people would be,
                // not all at the same instant.
                const auto interval =
                    std::chrono::nanoseconds(static_cast<long long>(1e9 / o.rate));
                const auto offset = interval * i / senders;
                loop->runAfter(offset, [c, interval, &bench] {
                    auto timer = std::make_shared<netcore::EventLoop::TimerId>();
                    *timer = bench.loop->runEvery(interval, [c, timer, &bench] {
                        if (c->sent >= bench.options.messages) {
                            bench.loop->cancelTimer(*timer);
                            return;
                        }
                        if (c->connection)
                            c->connection->send(c->nextMessage());
                    });
                });
            }
        }
    });

    std::uint64_t lastCount = 0;
    auto lastProgress = Clock::now();
    while (!g_interrupted) {
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
    std::int64_t spanNs = 0;
    int errors = 0;
    std::vector<std::string> errorTexts;
    loop->invoke([&] {
        bench.sending = false;
        latencies = std::move(bench.latencies);
        delivered = bench.delivered;
        spanNs = bench.lastDelivery - bench.firstSend;
        errors = bench.errors;
        errorTexts = bench.errorTexts;
    });
    shutdown(*loop, bench);

    std::sort(latencies.begin(), latencies.end());
    const double seconds = spanNs > 0 ? static_cast<double>(spanNs) / 1e9 : 0;
    const double perSecond = seconds > 0 ? static_cast<double>(delivered) / seconds : 0.0;
    const std::uint64_t losses = expected - std::min(expected, delivered);
    printAdmission();
    std::printf("clients:         %d in %s, %d senders x %d messages at %s\n", members,
                o.room.c_str(), senders, o.messages,
                o.rate > 0 ? (std::to_string(o.rate) + "/s each").c_str() : "full speed");
    std::printf("deliveries:      %llu of %llu expected\n",
                static_cast<unsigned long long>(delivered),
                static_cast<unsigned long long>(expected));
    std::printf("deliveries/s:    %.0f\n", perSecond);
    std::printf("latency ms:      p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n",
                ms(percentile(latencies, 50)), ms(percentile(latencies, 99)),
                ms(percentile(latencies, 99.9)), latencies.empty() ? 0.0 : ms(latencies.back()));
    std::printf("losses:          %llu\n", static_cast<unsigned long long>(losses));
    std::printf("errors:          %d\n", errors);
    for (const auto& text : errorTexts)
        std::printf("  %s\n", text.c_str());
    // One line for scripts.
    std::printf("result: members=%d refused=%d deliveries_per_s=%.0f p50_ms=%.3f p99_ms=%.3f "
                "p999_ms=%.3f max_ms=%.3f losses=%llu errors=%d\n",
                members, refused, perSecond, ms(percentile(latencies, 50)),
                ms(percentile(latencies, 99)), ms(percentile(latencies, 99.9)),
                latencies.empty() ? 0.0 : ms(latencies.back()),
                static_cast<unsigned long long>(losses), errors);
    const bool admitted = (refused == 0 && connectFailures == 0) || o.allowRefused;
    return members > 0 && delivered == expected && errors == 0 && admitted ? 0 : 1;
}
