// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Inside the presence engine: Presence::Impl, whose work is in two files:
//
//   presence.cpp    the sockets, the targets of the mode, announcing, what arrives (rate
//                   limits, decoding, answers to queries and probes), the public face
//   peer_table.cpp  the peers: added and updated from what they announce, gone on bye or
//                   expiry, hosts probed for the round trip; the list for peers()
//
// Everything here runs in the loop thread.

#include "netcore/presence.h"

#include "netcore/event_loop.h"
#include "netcore/token_bucket.h"
#include "netcore/udp.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>

namespace netcore::presence {

inline constexpr std::chrono::milliseconds Housekeeping{100};

struct Presence::Impl
{
    using Clock = std::chrono::steady_clock;

    EventLoop& loop;
    Config config;
    Events events;
    std::uint64_t instance = 0;
    std::mt19937_64 random;

    // Two sockets: the listener on the shared presence port hears broadcasts (every instance on
    // a machine binds it, with address reuse); the sender, on a port of its own, sends
    // everything and hears the unicast replies. A unicast to the shared port would reach just
    // one of the instances there, so answers and probes go to the sender's own port.
    std::unique_ptr<UdpSocket> listener;
    std::unique_ptr<UdpSocket> sender;
    std::map<std::uint64_t, SocketAddress> replyTo; // peers' senders
    bool running = false;
    std::uint32_t sequence = 0;
    Clock::time_point lastAnnounce;
    bool announcePending = false;

    Diagnostics diag;
    std::map<std::uint64_t, Peer> peerMap;
    struct Probe
    {
        std::uint32_t token = 0;
        Clock::time_point sent;
    };
    std::map<std::uint64_t, Probe> probes;
    std::map<std::uint64_t, Clock::time_point> probedAt;
    std::unordered_map<std::string, TokenBucket> sources;
    TokenBucket answers;

    EventLoop::TimerId announceTimer = 0;
    EventLoop::TimerId houseTimer = 0;
    EventLoop::TimerId refreshTimer = 0;
    EventLoop::TimerId soonTimer = 0;

    Impl(EventLoop& l, Config c, Events e);

    std::uint16_t intervalDs() const;
    Datagram self(Type type);
    std::uint16_t hostUsers = 0;
    std::uint16_t hostRooms = 0;

    // presence.cpp: targets, sending, receiving.
    void refreshTargets();
    void sendTo(Target& t, const std::string& bytes);
    void broadcast(const Datagram& d);
    void announce();
    void scheduleAnnounce();
    void announceSoon();
    bool answerBudget(Clock::time_point now) { return answers.tryTake(now); }
    void drop(DropReason reason) { ++diag.dropped[dropReasonName(reason)]; }
    void countFor(const std::string& ip);
    bool sourceAllowed(const std::string& ip, Clock::time_point now);
    void received(std::string_view data, const SocketAddress& from, bool truncated);
    void stopTimers();

    // peer_table.cpp: the peers.
    void heard(const Datagram& d, const std::string& ip, const SocketAddress& from,
               Clock::time_point now);
    void left(std::uint64_t id);
    void probeReplied(const Datagram& d, Clock::time_point now);
    void forget(std::uint64_t id);
    void probe(const Peer& p, Clock::time_point now);
    void housekeeping();
};

} // namespace netcore::presence
