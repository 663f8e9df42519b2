// SPDX-License-Identifier: GPL-3.0-or-later
#include "transfer_commands.h"

#include "cli_support.h"
#include "join_command.h"

#include "netcore/address.h"
#include "netcore/event_loop.h"
#include "netcore/irc/client.h"
#include "netcore/irc/dcc_transfer.h"
#include "netcore/irc/host.h"
#include "netcore/tcp.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;
using netcore::irc::ClientEvent;
using netcore::irc::ClientState;
namespace dcc = netcore::irc::dcc;
using dcc::sizeText;

void say(const std::string& line)
{
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
}

// "photo.jpg: 45% (12.3 MiB of 27.0 MiB), 5.1 MiB/s, 3 s left"
std::string progressText(const dcc::TransferInfo& t)
{
    std::string text = terminalSafe(t.offeredName) + ": ";
    if (t.size && *t.size > 0) {
        text += std::to_string(t.position * 100 / *t.size) + "% (" + sizeText(t.position) + " of " +
                sizeText(*t.size) + ")";
    } else {
        text += sizeText(t.position);
    }
    if (t.bytesPerSecond > 0)
        text += ", " + sizeText(static_cast<std::uint64_t>(t.bytesPerSecond)) + "/s";
    if (const auto left = t.timeLeft())
        text += ", " + std::to_string(left->count()) + " s left";
    return text;
}

// Lives in the loop thread.
struct TransferSession
{
    TransferSession(const TransferOptions& o, bool send)
        : options(o)
        , sending(send)
    {}

    const TransferOptions& options;
    const bool sending;
    std::unique_ptr<netcore::irc::IrcClient> client;
    std::unique_ptr<dcc::DccManager> dcc;
    int ended = 0;
    int failed = 0;
    std::set<dcc::TransferId> declined; // offers from others: not ours to count
    std::chrono::steady_clock::time_point lastProgress;
    std::promise<int> finished;
    bool finishedSet = false;

    void finish(int code)
    {
        if (finishedSet)
            return;
        finishedSet = true;
        finished.set_value(code);
    }

    bool fromWanted(const std::string& nick) const
    {
        return options.from == "*" || client->fold(nick) == client->fold(options.from);
    }

    void onEvent(const ClientEvent& e)
    {
        if (finishedSet)
            return; // leaving: the QUIT's answer is no news
        switch (e.kind) {
        case ClientEvent::Kind::Registered:
            registered();
            return;
        case ClientEvent::Kind::Dcc:
            dcc->handleRequest(e);
            return;
        case ClientEvent::Kind::StateChanged:
            if (e.state == ClientState::Disconnected || e.state == ClientState::Waiting) {
                say("!! the connection to the host ended" +
                    (e.error ? ": " + e.error.describe() : std::string()));
                finish(1);
            }
            return;
        case ClientEvent::Kind::NickRefused:
        case ClientEvent::Kind::PasswordRefused:
            say("!! " + terminalSafe(e.text));
            finish(1);
            return;
        case ClientEvent::Kind::Error:
            say("!! " + (e.target.empty() ? std::string() : terminalSafe(e.target) + ": ") +
                terminalSafe(e.text));
            // ERR_NOSUCHNICK for the one we send to: nobody to take the file.
            if (sending && e.numeric == 401 && client->fold(e.target) == client->fold(options.peer))
                finish(1);
            return;
        default:
            return;
        }
    }

    void registered()
    {
        if (!sending) {
            say("ready: " + client->nick() + " takes " +
                (options.from == "*" ? std::string("every offer") : "offers from " + options.from) +
                " into " + options.into);
            return;
        }
        netcore::NetError error;
        if (dcc->sendFile(options.peer, options.file, options.passive, &error) == 0) {
            say("!! " + error.describe());
            finish(1);
        }
    }

    void onTransfer(const dcc::TransferEvent& t)
    {
        const dcc::TransferInfo& info = t.info;
        const std::string name = terminalSafe(info.offeredName);
        switch (t.kind) {
        case dcc::TransferEvent::Kind::Offered:
            say("offer: " + name + " (" + (info.size ? sizeText(*info.size) : "size unknown") +
                ") from " + info.nick + (info.passive ? ", passive" : " at " + info.peerAddress));
            if (fromWanted(info.nick)) {
                netcore::NetError error;
                if (!dcc->accept(info.id, options.into, &error))
                    say("!! " + name + ": " + error.describe());
            } else {
                // Declined (DCC REJECT), so the sender learns it at once.
                say("   declined: only offers from " + options.from + " are taken");
                declined.insert(info.id);
                dcc->decline(info.id);
            }
            return;
        case dcc::TransferEvent::Kind::Refused:
            say("!! refused " + name + " from " + info.nick + ": " + info.error.describe());
            return;
        case dcc::TransferEvent::Kind::Problem:
            say("!! " + terminalSafe(t.text));
            return;
        case dcc::TransferEvent::Kind::Progress:
            if (std::chrono::steady_clock::now() - lastProgress >= 1s) {
                lastProgress = std::chrono::steady_clock::now();
                say("progress: " + progressText(info));
            }
            return;
        case dcc::TransferEvent::Kind::Changed:
            changed(info);
            return;
        }
    }

    void changed(const dcc::TransferInfo& info)
    {
        const std::string name = terminalSafe(info.offeredName);
        if (declined.count(info.id))
            return;
        switch (info.state) {
        case dcc::TransferState::Offered:
            return;
        case dcc::TransferState::Waiting:
            if (info.direction == dcc::Direction::Send)
                say("offered " + name + " (" + sizeText(info.size.value_or(0)) + ") to " +
                    info.nick + (info.passive ? ", passive: " : ": ") + "waiting for them");
            else
                say("waiting for " + info.nick + " to answer" +
                    (info.passive ? " (passive: we listen)" : " (resume)"));
            return;
        case dcc::TransferState::Connecting:
            say("connecting to " + info.peerAddress);
            return;
        case dcc::TransferState::Transferring:
            say((info.direction == dcc::Direction::Send ? "sending " : "receiving ") + name +
                (info.direction == dcc::Direction::Send ? " to " : " from ") + info.nick + " (" +
                info.peerAddress + ")" +
                (info.resumedFrom > 0 ? ", resuming at " + sizeText(info.resumedFrom) : ""));
            return;
        case dcc::TransferState::Done:
            say(info.direction == dcc::Direction::Send
                    ? "sent " + name + " to " + info.nick + " (" + sizeText(info.position) + ")"
                    : "received " + name + " -> " + terminalSafe(info.path) + " (" +
                          sizeText(info.position) + ")");
            break;
        case dcc::TransferState::Failed:
            say("!! " + name + ": " + info.error.describe() +
                (info.direction == dcc::Direction::Receive && !info.path.empty()
                     ? " (kept: " + terminalSafe(info.path) + ")"
                     : ""));
            ++failed;
            break;
        }
        ++ended;
        if (sending || ended >= options.count)
            finish(failed > 0 ? 1 : 0);
    }
};

int run(const TransferOptions& options, bool sending)
{
    netcore::HostPort where;
    if (const auto ec = netcore::parseHostPort(options.target, 6667, &where)) {
        std::fprintf(stderr, "lanchat-cli: %s: %s\n", options.target.c_str(), ec.message().c_str());
        return 2;
    }
    netcore::irc::ClientConfig config;
    config.host = where.host;
    config.port = where.port;
    config.nick = options.nick.value_or(nickFromUserName("lanchat-send"));
    if (!netcore::irc::isValidNick(config.nick)) {
        std::fprintf(stderr, "lanchat-cli: '%s' is not a valid nick\n", config.nick.c_str());
        return 2;
    }
    config.alternativeNicks = !options.nick.has_value();
    config.password = options.password;
    config.rooms = {};
    config.reconnect = false;

    dcc::DccOptions dccOptions;
    dccOptions.offerTimeout =
        std::chrono::milliseconds(static_cast<long long>(options.timeout * 1000));
    dccOptions.stallTimeout =
        std::chrono::milliseconds(static_cast<long long>(options.stall * 1000));

    auto loop = startLoop(options.loop);
    if (!loop)
        return 1;
    installStopSignals();
    auto session = std::make_unique<TransferSession>(options, sending);
    std::future<int> finished = session->finished.get_future();
    loop->invoke([&] {
        TransferSession* s = session.get();
        s->client = std::make_unique<netcore::irc::IrcClient>(
            *loop, config, [s](const ClientEvent& e) { s->onEvent(e); });
        s->dcc = std::make_unique<dcc::DccManager>(
            *loop, *s->client, dccOptions, [s](const dcc::TransferEvent& t) { s->onTransfer(t); });
        s->client->connect();
    });
    int code = 130;
    while (finished.wait_for(100ms) != std::future_status::ready) {
        if (stopRequested()) {
            loop->invoke([&] { session->finish(130); });
            break;
        }
    }
    code = finished.get();
    // A finished transfer's last acknowledgement and FIN go out before the manager goes: it
    // resets the connections it still holds (at most the graceful close's own bound).
    const auto until =
        std::chrono::steady_clock::now() + netcore::TcpConnection::GracefulCloseTimeout;
    while (std::chrono::steady_clock::now() < until &&
           loop->invoke([&] { return session->dcc && session->dcc->closing(); }).value_or(false))
        std::this_thread::sleep_for(20ms);
    loop->invoke([&] {
        session->dcc.reset(); // a .part stays for a resume
        if (session->client)
            session->client->disconnect(code == 0 ? "done" : "");
    });
    // A moment for the QUIT to go out.
    for (int i = 0; i < 20; ++i) {
        const bool closed =
            loop->invoke([&] { return session->client->state() == ClientState::Disconnected; })
                .value_or(true);
        if (closed)
            break;
        std::this_thread::sleep_for(50ms);
    }
    loop->invoke([&] { session->client.reset(); });
    loop->stop();
    return code;
}

} // namespace

int runSend(const TransferOptions& options)
{
    return run(options, true);
}

int runReceive(const TransferOptions& options)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(options.into, ec)) {
        std::fprintf(stderr, "lanchat-cli: --into %s: not a folder\n", options.into.c_str());
        return 2;
    }
    return run(options, false);
}
