// SPDX-License-Identifier: GPL-3.0-or-later
#include "host_command.h"

#include "cli_support.h"

#include "netcore/event_loop.h"
#include "netcore/irc/host.h"

#include <toml++/toml.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <iomanip>
#include <random>
#include <sstream>
#include <thread>

namespace {

using namespace std::chrono_literals;

std::string timestamp()
{
    return clockTime(std::chrono::system_clock::now());
}

void say(const std::string& line)
{
    std::printf("%s %s\n", timestamp().c_str(), line.c_str());
    std::fflush(stdout);
}

// The host's stable id: made once, then read from the state directory.
std::string loadOrMakeHostId(const std::filesystem::path& dir)
{
    const auto file = dir / "host-id";
    std::ifstream in(file);
    std::string id;
    if (in >> id && id.size() >= 16)
        return id;
    std::random_device random;
    std::ostringstream made;
    for (int i = 0; i < 4; ++i)
        made << std::hex << std::uppercase << std::setw(8) << std::setfill('0') << random();
    id = made.str();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::ofstream out(file);
    if (!(out << id << '\n'))
        std::fprintf(stderr,
                     "lanchat-cli: cannot keep the host id in %s; it will change next time\n",
                     file.string().c_str());
    return id;
}

bool readLines(const std::string& path, std::vector<std::string>* lines)
{
    std::ifstream in(path);
    if (!in)
        return false;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines->push_back(line);
    }
    return true;
}

// The TOML configuration: every HostConfig field, with the command line's names.
bool applyConfigFile(const std::string& path, netcore::irc::HostConfig* config,
                     HostOptions* options, std::string* error)
{
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        std::ostringstream text;
        text << path << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
             << e.description();
        *error = text.str();
        return false;
    }
    auto str = [&](const char* key, std::string* out) {
        if (auto v = table[key].value<std::string>())
            *out = *v;
    };
    if (auto v = table["port"].value<std::int64_t>(); v && !options->port) {
        if (*v < 0 || *v > 65535) {
            *error = path + ": port must be 0..65535";
            return false;
        }
        options->port = static_cast<std::uint16_t>(*v);
    }
    if (auto v = table["bind"].value<std::string>(); v && !options->bind)
        options->bind = *v;
    if (auto v = table["tls_port"].value<std::int64_t>(); v && !options->tlsPort)
        options->tlsPort = std::to_string(*v);
    if (auto v = table["tls_port"].value<std::string>(); v && !options->tlsPort)
        options->tlsPort = *v;
    if (auto v = table["plain"].value<bool>(); v && !*v)
        options->noPlain = true;
    if (auto v = table["tls_cert"].value<std::string>(); v && !options->tlsCert)
        options->tlsCert = *v;
    if (auto v = table["tls_key"].value<std::string>(); v && !options->tlsKey)
        options->tlsKey = *v;
    str("name", &config->networkName);
    str("server_name", &config->serverName);
    str("password", &config->password);
    str("host_id", &config->hostId);
    str("default_room", &config->defaultRoom);
    str("admin_name", &config->adminName);
    str("history_file", &config->historyFile);
    if (auto v = table["history_lines"].value<std::int64_t>(); v && *v >= 0)
        config->historyLines = static_cast<std::size_t>(*v);
    if (auto v = table["history_days"].value<double>(); v && *v >= 0)
        config->historyAge = std::chrono::seconds(static_cast<long long>(*v * 86400));
    str("admin_email", &config->adminEmail);
    if (auto motd = table["motd"].as_array()) {
        config->motd.clear();
        for (const auto& line : *motd)
            config->motd.push_back(line.value_or(std::string()));
    }
    if (auto opers = table["operators"].as_array()) {
        for (const auto& entry : *opers) {
            const auto* t = entry.as_table();
            if (!t)
                continue;
            config->operators.push_back(
                {(*t)["name"].value_or(std::string()), (*t)["password"].value_or(std::string())});
        }
    }
    if (toml::table* limits = table["limits"].as_table()) {
        toml::table& l = *limits;
        auto lnum = [&](const char* key, auto* out) {
            if (auto v = l[key].value<double>())
                *out = static_cast<std::remove_pointer_t<decltype(out)>>(*v);
        };
        auto lms = [&](const char* key, std::chrono::milliseconds* out) {
            if (auto v = l[key].value<double>())
                *out = std::chrono::milliseconds(static_cast<long long>(*v * 1000));
        };
        lnum("line_bytes", &config->maxLine);
        lnum("unterminated_bytes", &config->maxUnterminated);
        lnum("nick_length", &config->nickLength);
        lnum("room_length", &config->roomLength);
        lnum("topic_length", &config->topicLength);
        lms("registration_timeout_s", &config->registrationTimeout);
        lms("tls_handshake_timeout_s", &config->tlsHandshakeTimeout);
        lms("ping_interval_s", &config->pingInterval);
        lms("pong_timeout_s", &config->pongTimeout);
        lnum("flood_burst", &config->floodBurst);
        lnum("flood_lines_per_second", &config->floodLinesPerSecond);
        lnum("flood_backlog_lines", &config->floodBacklogLines);
        lnum("flood_backlog_bytes", &config->floodBacklogBytes);
        lnum("sendq_hard_bytes", &config->sendQueueHard);
        lnum("sendq_soft_bytes", &config->sendQueueSoft);
        lms("sendq_soft_s", &config->sendQueueSoftTime);
        lnum("max_clients", &config->maxClients);
        lnum("max_clients_per_address", &config->maxClientsPerAddress);
        lnum("monitor_nicks", &config->monitorLimit);
        lnum("whowas_entries", &config->whowasLimit);
    }
    if (!applyFileHostConfig(table, &options->fileHost, error)) {
        *error = path + ": " + *error;
        return false;
    }
    return true;
}

// The TLS side of the host as the options say: nullopt without TLS (turned off, or not
// available when nobody asked for it: *note says so); false on an error worth stopping for.
bool tlsListen(const HostOptions& options, const std::filesystem::path& stateDir,
               const std::string& name, std::optional<netcore::irc::IrcHost::TlsListen>* tls,
               std::string* note)
{
    const bool asked = options.tlsPort || options.noPlain || options.tlsCert || options.tlsKey;
    if (options.tlsPort && *options.tlsPort == "off") {
        if (options.noPlain) {
            std::fprintf(stderr, "lanchat-cli: --no-plain needs TLS (not --tls-port off)\n");
            return false;
        }
        return true;
    }
    std::uint16_t port = options.port && *options.port == 0 ? 0 : 6697;
    if (options.tlsPort) {
        char* end = nullptr;
        const unsigned long value = std::strtoul(options.tlsPort->c_str(), &end, 10);
        if (options.tlsPort->empty() || *end || value > 65535) {
            std::fprintf(stderr, "lanchat-cli: --tls-port wants 0..65535 or off, not \"%s\"\n",
                         options.tlsPort->c_str());
            return false;
        }
        port = static_cast<std::uint16_t>(value);
    }
    if (options.tlsCert.has_value() != options.tlsKey.has_value()) {
        std::fprintf(stderr, "lanchat-cli: --tls-cert and --tls-key go together\n");
        return false;
    }
    netcore::NetError error;
    bool made = false;
    auto identity = options.tlsCert
                        ? netcore::loadIdentity(*options.tlsCert, *options.tlsKey, &error)
                        : netcore::loadOrMakeIdentity(stateDir.string(), name, &error, &made);
    // The system must be able to serve TLS with it (Wine's Schannel cannot): else TLS is off,
    // said, rather than a TLS port no handshake can cross.
    std::shared_ptr<netcore::TlsContext> context;
    if (identity && !(context = netcore::TlsContext::server(*identity, &error)))
        identity.reset();
    if (!identity) {
        if (asked) {
            std::fprintf(stderr, "lanchat-cli: no TLS: %s\n", error.describe().c_str());
            return false;
        }
        *note = "TLS is off: " + error.describe();
        return true;
    }
    netcore::ListenOptions listen;
    listen.host = options.bind.value_or(std::string());
    listen.port = port;
    *tls = netcore::irc::IrcHost::TlsListen{listen, *identity, std::move(context)};
    if (made)
        *note = "made the host's own TLS certificate, kept in " + stateDir.string();
    return true;
}

} // namespace

int runHost(const HostOptions& cli)
{
    HostOptions options = cli;
    netcore::irc::HostConfig config;
    if (!options.configFile.empty()) {
        std::string error;
        if (!applyConfigFile(options.configFile, &config, &options, &error)) {
            std::fprintf(stderr, "lanchat-cli: %s\n", error.c_str());
            return 2;
        }
    }
    // The command line wins over the file.
    if (options.name)
        config.networkName = *options.name;
    if (options.serverName)
        config.serverName = *options.serverName;
    if (options.password)
        config.password = *options.password;
    for (const auto& oper : options.opers) {
        const auto colon = oper.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == oper.size()) {
            std::fprintf(stderr, "lanchat-cli: --oper wants USER:PASSWORD, not \"%s\"\n",
                         oper.c_str());
            return 2;
        }
        config.operators.push_back({oper.substr(0, colon), oper.substr(colon + 1)});
    }
    if (options.motdFile) {
        config.motd.clear();
        if (!readLines(*options.motdFile, &config.motd)) {
            std::fprintf(stderr, "lanchat-cli: cannot read the MOTD file %s\n",
                         options.motdFile->c_str());
            return 2;
        }
    }
    const auto stateDir =
        options.stateDir.empty() ? defaultStateDir() : std::filesystem::path(options.stateDir);
    if (config.hostId.empty())
        config.hostId = loadOrMakeHostId(stateDir);
    if (config.historyFile.empty() && config.historyLines > 0) {
        std::error_code ignored;
        std::filesystem::create_directories(stateDir, ignored);
        config.historyFile = (stateDir / "history.irc").string();
    }

    std::optional<netcore::irc::IrcHost::TlsListen> tls;
    std::string tlsNote;
    if (!tlsListen(options, stateDir, config.serverName, &tls, &tlsNote))
        return 2;

    auto presenceSettings = presenceConfig(options.presence);
    if (!presenceSettings)
        return 2;
    auto loop = startLoop(options.loop);
    if (!loop)
        return 1;
    installStopSignals();

    // The file host first: the IRC host advertises its upload URL.
    std::unique_ptr<netcore::irc::FileHost> fileHost;
    std::string fileHostLine;
    if (fileHostWanted(options.fileHost)) {
        std::string error;
        loop->invoke([&] {
            FileHostSetup setup{options.fileHost, options.bind, stateDir,
                                tls ? std::make_optional(tls->identity) : std::nullopt,
                                [](const std::string& line) { say(line); }};
            fileHost = startFileHost(*loop, setup, &config, &fileHostLine, &error);
        });
        if (!fileHost) {
            std::fprintf(stderr, "lanchat-cli: %s\n", error.c_str());
            loop->stop();
            return 1;
        }
    }

    auto stopped = std::make_shared<std::promise<std::string>>();
    std::future<std::string> stoppedFuture = stopped->get_future();
    std::unique_ptr<netcore::irc::IrcHost> host;
    const auto started = loop->invoke([&]() -> netcore::NetError {
        netcore::irc::IrcHost::Events events;
        events.log = [](const std::string& line) { say(line); };
        events.stopped = [stopped](const std::string& reason) {
            try {
                stopped->set_value(reason);
            } catch (const std::future_error&) {
            }
        };
        host = std::make_unique<netcore::irc::IrcHost>(*loop, config, events);
        if (fileHost) // who may upload: whoever is in the chat from the same address
            fileHost->setUploaderCheck([&host](const netcore::SocketAddress& peer) {
                return host && host->hasRegisteredClientFrom(peer);
            });
        netcore::ListenOptions listen;
        listen.host = options.bind.value_or(std::string());
        listen.port = options.port.value_or(6667);
        return host->start(options.noPlain ? std::nullopt : std::make_optional(listen), tls);
    });
    if (!started || *started) {
        std::fprintf(stderr, "lanchat-cli: cannot host: %s\n",
                     started ? started->describe().c_str() : "the event loop stopped");
        loop->invoke([&] {
            fileHost.reset();
            host.reset();
        });
        loop->stop();
        return 1;
    }
    const std::string plainWhere = *loop->invoke([&] { return host->localAddress().toString(); });
    const std::string tlsWhere = *loop->invoke([&] { return host->tlsAddress().toString(); });
    const std::string fingerprint = *loop->invoke([&] { return host->tlsFingerprint(); });
    const std::string where = options.noPlain ? tlsWhere + " (TLS)" : plainWhere;

    // Announce the host on the LAN; its user and room counts are kept current.
    std::unique_ptr<netcore::presence::Presence> presence;
    netcore::EventLoop::TimerId figuresTimer = 0;
    const std::string presenceLine = *loop->invoke([&] {
        presenceSettings->role = netcore::presence::Role::Host;
        presenceSettings->name = config.networkName;
        presenceSettings->chat = config.serverName;
        // The plain port (0 when there is none) and the TLS port with its fingerprint, so that
        // a client that finds the host can check the certificate before it connects.
        presenceSettings->tcpPort = options.noPlain ? 0 : host->localAddress().port();
        if (tls) {
            presenceSettings->tlsPort = host->tlsAddress().port();
            presenceSettings->tlsFingerprint = host->tlsFingerprint();
        }
        presence = std::make_unique<netcore::presence::Presence>(*loop, *presenceSettings);
        presence->start();
        figuresTimer = loop->runEvery(1s, [&] {
            presence->setHostFigures(static_cast<std::uint16_t>(host->clientCount()),
                                     static_cast<std::uint16_t>(host->roomCount()));
        });
        return presenceSummary(*presence);
    });
    const std::string roomText =
        config.defaultRoom.empty() ? "no standing room" : "room " + config.defaultRoom;
    std::printf("LanChat host \"%s\" (%s) listening on %s with the %s loop; %s; Ctrl+C stops it\n",
                config.networkName.c_str(), config.serverName.c_str(), where.c_str(),
                loop->name().c_str(), roomText.c_str());
    if (!tlsNote.empty())
        say(tlsNote);
    if (!fileHostLine.empty())
        say(fileHostLine);
    if (tls)
        say("TLS on " + tlsWhere +
            "; the certificate's SHA-256 fingerprint, for clients to check: " + fingerprint);
    say(presenceLine);
    std::fflush(stdout);

    // Wait for Ctrl+C/SIGTERM or for DIE.
    std::string reason;
    for (;;) {
        if (stoppedFuture.wait_for(100ms) == std::future_status::ready) {
            reason = stoppedFuture.get();
            break;
        }
        if (stopRequested()) {
            loop->invoke([&] { host->stop("Host shutting down"); });
            if (stoppedFuture.wait_for(5s) == std::future_status::ready)
                reason = stoppedFuture.get();
            break;
        }
    }
    // Let the ERROR lines and FINs leave before the loop closes what is left.
    std::this_thread::sleep_for(200ms);
    loop->invoke([&] {
        loop->cancelTimer(figuresTimer);
        presence.reset(); // says bye
        fileHost.reset();
        host.reset();
    });
    loop->stop();
    say("stopped" + (reason.empty() ? std::string() : ": " + reason));
    return 0;
}
