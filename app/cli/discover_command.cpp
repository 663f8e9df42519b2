// SPDX-License-Identifier: GPL-3.0-or-later
#include "discover_command.h"

#include "netcore/presence.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

namespace {

using netcore::presence::Peer;
using netcore::presence::Role;
using netcore::presence::Status;

std::string roundTripText(const Peer& p)
{
    if (!p.roundTrip)
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f ms", static_cast<double>(p.roundTrip->count()) / 1000);
    return text;
}

nlohmann::json toJson(const std::vector<Peer>& peers, const netcore::presence::Diagnostics& diag)
{
    auto hosts = nlohmann::json::array();
    auto people = nlohmann::json::array();
    for (const auto& p : peers) {
        nlohmann::json entry = {{"name", p.name},
                                {"address", p.address},
                                {"addresses", p.addresses},
                                {"status", p.status == Status::Away ? "away" : "available"}};
        if (p.role == Role::Host) {
            entry["port"] = p.tcpPort; // 0: TLS only
            if (p.tlsPort != 0) {
                entry["tls_port"] = p.tlsPort;
                entry["tls_fingerprint"] = p.tlsFingerprint;
            }
            entry["server_name"] = p.chat;
            entry["users"] = p.users;
            entry["rooms"] = p.rooms;
            entry["rtt_ms"] =
                p.roundTrip ? nlohmann::json(static_cast<double>(p.roundTrip->count()) / 1000.0)
                            : nlohmann::json(nullptr);
            hosts.push_back(entry);
        } else {
            entry["chat"] = p.chat;
            people.push_back(entry);
        }
    }
    auto targets = nlohmann::json::array();
    for (const auto& t : diag.targets)
        targets.push_back({{"address", t.address},
                           {"interface", t.interface},
                           {"sent", t.sent},
                           {"received", t.received},
                           {"errors", t.errors},
                           {"last_error", t.lastError ? t.lastError.describe() : ""}});
    nlohmann::json dropped = nlohmann::json::object();
    for (const auto& [reason, count] : diag.dropped)
        dropped[reason] = count;
    return {{"hosts", hosts},
            {"people", people},
            {"presence",
             {{"mode", diag.mode},
              {"port", diag.port},
              {"listening", diag.listening},
              {"bind_error", diag.bindError ? diag.bindError.describe() : ""},
              {"interfaces", diag.interfaces},
              {"targets", targets},
              {"received", diag.received},
              {"dropped", dropped}}}};
}

} // namespace

int runDiscover(const DiscoverOptions& options)
{
    auto settings = presenceConfig(options.presence);
    if (!settings)
        return 2;
    if (settings->mode.kind == netcore::presence::Mode::Kind::Off) {
        std::fprintf(stderr, "lanchat-cli: presence is off; nothing to discover "
                             "(--presence auto, loopback or a list of addresses)\n");
        return 2;
    }
    auto loop = startLoop(options.loop);
    if (!loop)
        return 1;
    settings->role = Role::Observer;
    settings->name = "discover";
    std::unique_ptr<netcore::presence::Presence> presence;
    const auto error = *loop->invoke([&] {
        presence = std::make_unique<netcore::presence::Presence>(*loop, *settings);
        return presence->start();
    });
    if (error && !options.json)
        std::fprintf(stderr, "lanchat-cli: %s\n",
                     (*loop->invoke([&] { return presenceSummary(*presence); })).c_str());

    std::this_thread::sleep_for(std::chrono::duration<double>(options.timeout));

    const auto [peers, diag] = *loop->invoke([&] {
        auto result = std::make_pair(presence->peers(), presence->diagnostics());
        presence.reset();
        return result;
    });
    loop->stop();

    if (options.json) {
        std::printf("%s\n", toJson(peers, diag).dump(2).c_str());
        return 0;
    }
    std::size_t hosts = 0;
    for (const auto& p : peers)
        hosts += p.role == Role::Host;
    std::printf("Hosts (%zu):\n", hosts);
    for (const auto& p : peers) {
        if (p.role != Role::Host)
            continue;
        const std::string where = p.tcpPort != 0
                                      ? p.address + ":" + std::to_string(p.tcpPort)
                                      : "ircs://" + p.address + ":" + std::to_string(p.tlsPort);
        std::printf("  %-24s %-22s %u user%s, %u room%s, round trip %s\n", p.name.c_str(),
                    where.c_str(), p.users, p.users == 1 ? "" : "s", p.rooms,
                    p.rooms == 1 ? "" : "s", roundTripText(p).c_str());
        if (p.tlsPort != 0)
            std::printf("  %-24s TLS on port %u, certificate SHA-256 %s\n", "",
                        static_cast<unsigned>(p.tlsPort), p.tlsFingerprint.c_str());
    }
    std::printf("People (%zu):\n", peers.size() - hosts);
    for (const auto& p : peers) {
        if (p.role == Role::Host)
            continue;
        std::printf("  %-24s %-10s %s%s\n", p.name.c_str(),
                    p.status == Status::Away ? "away" : "available", p.address.c_str(),
                    p.chat.empty() ? "" : ("  in " + p.chat).c_str());
    }
    if (peers.empty())
        std::printf("Nothing found in %.1f s (%s). Routers and Wi-Fi often drop broadcast: "
                    "join by address instead (lanchat-cli join HOST:PORT).\n",
                    options.timeout, diag.mode.c_str());
    return 0;
}
