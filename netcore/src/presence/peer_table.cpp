// SPDX-License-Identifier: GPL-3.0-or-later
// The presence engine's peers: kept by instance id, added and updated from what they announce,
// gone on bye or when silent too long; hosts probed for the round trip.

#include "presence/presence_impl.h"

#include <algorithm>

namespace netcore::presence {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

} // namespace

void Presence::Impl::forget(std::uint64_t id)
{
    probes.erase(id);
    probedAt.erase(id);
    replyTo.erase(id);
}

void Presence::Impl::heard(const Datagram& d, const std::string& ip, const SocketAddress& from,
                           Clock::time_point now)
{
    if (d.role == Role::Observer)
        return; // it only looks: answered, never listed
    auto it = peerMap.find(d.instance);
    const bool isNew = it == peerMap.end();
    if (isNew) {
        if (peerMap.size() >= config.maxPeers) {
            drop(DropReason::RateLimited);
            return;
        }
        it = peerMap.emplace(d.instance, Peer{}).first;
        it->second.instance = d.instance;
    }
    Peer& p = it->second;
    const Peer before = p;
    replyTo[d.instance] = from;
    p.role = d.role;
    p.status = d.status;
    p.name = d.name;
    p.chat = d.chat;
    p.tcpPort = d.tcpPort;
    p.tlsPort = d.tlsPort;
    p.tlsFingerprint = d.tlsFingerprint;
    p.users = d.users;
    p.rooms = d.rooms;
    p.address = ip;
    if (std::find(p.addresses.begin(), p.addresses.end(), ip) == p.addresses.end())
        p.addresses.push_back(ip);
    p.lastSeen = now;
    p.interval = milliseconds(d.intervalDs * 100);
    const bool changed = isNew || before.role != p.role || before.status != p.status ||
                         before.name != p.name || before.chat != p.chat ||
                         before.tcpPort != p.tcpPort || before.tlsPort != p.tlsPort ||
                         before.tlsFingerprint != p.tlsFingerprint || before.users != p.users ||
                         before.rooms != p.rooms || before.addresses != p.addresses;
    if (changed && events.peerChanged)
        events.peerChanged(p);
    if (isNew && p.role == Role::Host)
        probe(p, now);
}

void Presence::Impl::probe(const Peer& p, Clock::time_point now)
{
    const auto to = replyTo.find(p.instance);
    if (!sender || to == replyTo.end())
        return;
    Datagram d;
    d.type = Type::Probe;
    d.role = config.role;
    d.instance = instance;
    d.intervalDs = intervalDs();
    d.token = static_cast<std::uint32_t>(random());
    probes[p.instance] = {d.token, now};
    probedAt[p.instance] = now;
    sender->sendTo(to->second, encode(d));
}

void Presence::Impl::housekeeping()
{
    const auto now = Clock::now();
    for (auto it = peerMap.begin(); it != peerMap.end();) {
        // Three missed announces: gone within three of its intervals after its last
        // announce (a live peer's gap is at most 1.2 intervals, with the jitter).
        const auto limit = std::max<std::chrono::nanoseconds>(
            it->second.interval * 3 - Housekeeping, it->second.interval * 2);
        if (now - it->second.lastSeen > limit) {
            const Peer gone = it->second;
            forget(it->first);
            it = peerMap.erase(it);
            if (events.peerGone)
                events.peerGone(gone, "expired");
        } else {
            ++it;
        }
    }
    for (const auto& [id, p] : peerMap)
        if (p.role == Role::Host && now - probedAt[id] > config.probeInterval)
            probe(p, now);
}

void Presence::Impl::left(std::uint64_t id)
{
    if (const auto it = peerMap.find(id); it != peerMap.end()) {
        const Peer gone = it->second;
        peerMap.erase(it);
        forget(id);
        if (events.peerGone)
            events.peerGone(gone, "bye");
    }
}

void Presence::Impl::probeReplied(const Datagram& d, Clock::time_point now)
{
    if (const auto it = probes.find(d.instance);
        it != probes.end() && it->second.token == d.token) {
        const auto rtt = duration_cast<std::chrono::microseconds>(now - it->second.sent);
        probes.erase(it);
        if (const auto p = peerMap.find(d.instance); p != peerMap.end()) {
            p->second.roundTrip = rtt;
            if (events.peerChanged)
                events.peerChanged(p->second);
        }
    }
}

std::vector<Peer> Presence::peers() const
{
    std::vector<Peer> list;
    for (const auto& [id, p] : m_impl->peerMap)
        list.push_back(p);
    std::sort(list.begin(), list.end(), [](const Peer& a, const Peer& b) {
        if (a.role != b.role)
            return a.role == Role::Host;
        return a.name < b.name;
    });
    return list;
}

} // namespace netcore::presence
