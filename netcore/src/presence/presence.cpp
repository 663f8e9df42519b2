// SPDX-License-Identifier: GPL-3.0-or-later
// The presence engine: one UDP socket on the presence port, announces to the targets of the
// mode, peers kept by instance id, rate limits, expiry, round-trip probes to hosts.

#include "netcore/presence.h"

#include "netcore/event_loop.h"
#include "netcore/interfaces.h"
#include "netcore/token_bucket.h"
#include "netcore/udp.h"

#include <algorithm>
#include <random>
#include <unordered_map>

namespace netcore::presence {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr milliseconds Housekeeping{100};
constexpr milliseconds MinAnnounceGap{1000}; // changes go out at once, but at most once a second
constexpr const char* Broadcast = "255.255.255.255";
constexpr const char* LoopbackBroadcast = "127.255.255.255";

// "192.168.1.20" as a number in host order; 0 for anything else.
std::uint32_t ipv4Number(const std::string& text)
{
    std::uint32_t value = 0;
    int parts = 0;
    std::size_t at = 0;
    while (parts < 4) {
        std::size_t end = text.find('.', at);
        const std::string part = text.substr(at, end == std::string::npos ? end : end - at);
        if (part.empty() || part.size() > 3 ||
            part.find_first_not_of("0123456789") != std::string::npos)
            return 0;
        const int n = std::stoi(part);
        if (n > 255)
            return 0;
        value = (value << 8) | static_cast<std::uint32_t>(n);
        ++parts;
        if (end == std::string::npos)
            break;
        at = end + 1;
    }
    return parts == 4 ? value : 0;
}

bool isIPv4Literal(const std::string& text)
{
    bool ok = false;
    const SocketAddress a = SocketAddress::fromNumeric(text, 0, &ok);
    return ok && a.family() == AddressFamily::IPv4;
}

} // namespace

struct Presence::Impl
{
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

    Impl(EventLoop& l, Config c, Events e)
        : loop(l)
        , config(std::move(c))
        , events(std::move(e))
        , random(std::random_device{}())
    {
        while (instance == 0)
            instance = random();
        diag.mode = config.mode.text();
        diag.port = config.port;
        answers = TokenBucket(config.answersPerSecond, config.answersPerSecond);
    }

    std::uint16_t intervalDs() const
    {
        const auto ds = config.announceInterval.count() / 100;
        return static_cast<std::uint16_t>(std::clamp<long long>(ds, 1, 6000));
    }

    Datagram self(Type type)
    {
        Datagram d;
        d.type = type;
        d.role = config.role;
        d.status = config.status;
        d.instance = instance;
        d.intervalDs = intervalDs();
        d.token = ++sequence;
        d.name = config.name;
        d.chat = config.chat;
        if (config.role == Role::Host) {
            d.tcpPort = config.tcpPort;
            d.tlsPort = config.tlsPort;
            d.tlsFingerprint = config.tlsFingerprint;
            d.users = hostUsers;
            d.rooms = hostRooms;
        }
        return d;
    }
    std::uint16_t hostUsers = 0;
    std::uint16_t hostRooms = 0;

    // --- targets ----------------------------------------------------------------------------

    void refreshTargets()
    {
        std::vector<Target> next;
        auto add = [&](const std::string& address, const std::string& interface,
                       const std::string& ip = {}, const std::string& netmask = {}) {
            for (const auto& t : next)
                if (t.address == address)
                    return;
            Target t;
            t.address = address;
            t.interface = interface;
            // Keep the counters of a target that stays.
            for (const auto& old : diag.targets)
                if (old.address == address)
                    t = old;
            const std::uint32_t a = ipv4Number(ip);
            t.mask = ipv4Number(netmask);
            t.network = a & t.mask;
            next.push_back(t);
        };
        diag.interfaces.clear();
        diag.interfaceError = {};
        std::vector<NetworkInterface> interfaces;
        if (config.mode.kind == Mode::Kind::Auto || config.mode.kind == Mode::Kind::List) {
            interfaces = listIPv4Interfaces(&diag.interfaceError);
            for (const auto& n : interfaces)
                diag.interfaces.push_back(n.name + " " + n.address + "/" + n.netmask +
                                          (n.up ? " up" : " down") +
                                          (n.loopback ? " loopback" : "") +
                                          (n.canBroadcast ? " broadcast " + n.broadcast : ""));
        }
        switch (config.mode.kind) {
        case Mode::Kind::Auto:
            for (const auto& n : interfaces)
                if (n.up && n.canBroadcast && !n.loopback && !n.broadcast.empty())
                    add(n.broadcast, n.name, n.address, n.netmask);
            add(Broadcast, "");
            break;
        case Mode::Kind::Loopback:
            add(LoopbackBroadcast, "lo", "127.0.0.1", "255.0.0.0");
            break;
        case Mode::Kind::List:
            for (const auto& item : config.mode.items) {
                if (isIPv4Literal(item)) {
                    add(item, "");
                    continue;
                }
                bool found = false;
                for (const auto& n : interfaces) {
                    if (n.name == item && n.up && !n.broadcast.empty()) {
                        add(n.broadcast, n.name, n.address, n.netmask);
                        found = true;
                    }
                }
                if (!found && !diag.interfaceError)
                    diag.interfaceError = {make_error_code(Errc::invalidAddress),
                                           "presence interface", item + " (not found or down)"};
            }
            break;
        case Mode::Kind::Off:
            break;
        }
        diag.targets = std::move(next);
    }

    // --- sending ----------------------------------------------------------------------------

    void sendTo(Target& t, const std::string& bytes)
    {
        const SocketAddress to = SocketAddress::fromNumeric(t.address, config.port);
        const NetError error = sender->sendTo(to, bytes);
        if (error) {
            ++t.errors;
            t.lastError = error;
        } else {
            ++t.sent;
        }
    }

    void broadcast(const Datagram& d)
    {
        if (!sender)
            return;
        const std::string bytes = encode(d);
        for (auto& t : diag.targets)
            sendTo(t, bytes);
    }

    void announce()
    {
        announcePending = false;
        lastAnnounce = Clock::now();
        broadcast(self(Type::Announce));
    }

    void scheduleAnnounce()
    {
        if (announceTimer != 0)
            loop.cancelTimer(announceTimer);
        // The interval with +-20% jitter, so that instances started together drift apart.
        std::uniform_real_distribution<double> jitter(0.8, 1.2);
        const auto delay = duration_cast<milliseconds>(config.announceInterval * jitter(random));
        announceTimer = loop.runAfter(delay, [this] {
            announceTimer = 0;
            announce();
            scheduleAnnounce();
        });
    }

    // A change: announce now, or as soon as a second has passed since the last announce.
    void announceSoon()
    {
        if (!running || announcePending || config.role == Role::Observer)
            return;
        const auto since = Clock::now() - lastAnnounce;
        if (since >= MinAnnounceGap) {
            announce();
            return;
        }
        announcePending = true;
        soonTimer = loop.runAfter(MinAnnounceGap - since, [this] {
            soonTimer = 0;
            if (announcePending && running)
                announce();
        });
    }

    bool answerBudget(Clock::time_point now) { return answers.tryTake(now); }

    // --- receiving --------------------------------------------------------------------------

    void drop(DropReason reason) { ++diag.dropped[dropReasonName(reason)]; }

    // Which target's network a datagram came from: the interface whose subnet holds the
    // source, else the first target without one (255.255.255.255, explicit addresses).
    void countFor(const std::string& ip)
    {
        const std::uint32_t a = ipv4Number(ip);
        Target* fallback = nullptr;
        for (auto& t : diag.targets) {
            if (t.mask != 0 && (a & t.mask) == t.network) {
                ++t.received;
                return;
            }
            if (t.mask == 0 && !fallback)
                fallback = &t;
        }
        if (fallback)
            ++fallback->received;
    }

    bool sourceAllowed(const std::string& ip, Clock::time_point now)
    {
        auto it = sources.find(ip);
        if (it == sources.end()) {
            if (sources.size() >= config.maxSources) {
                // Forget sources quiet for a while; a flood from spoofed addresses cannot
                // grow the table beyond its bound.
                std::erase_if(sources, [&](const auto& entry) {
                    return now - entry.second.updatedAt() > std::chrono::seconds(10);
                });
                if (sources.size() >= config.maxSources)
                    return false;
            }
            it = sources.emplace(ip, TokenBucket(config.sourceBurst, config.sourcePerSecond, now))
                     .first;
        }
        return it->second.tryTake(now);
    }

    void received(std::string_view data, const SocketAddress& from, bool truncated)
    {
        ++diag.received;
        const auto now = Clock::now();
        const std::string ip = from.ip();
        // Our own broadcasts, heard back, are recognised before the rate limit, so they never
        // use up the allowance of this address (other instances on this machine share it).
        if (data.size() >= 16 && !truncated) {
            std::uint64_t id = 0;
            for (std::size_t i = 8; i < 16; ++i)
                id = (id << 8) | static_cast<unsigned char>(data[i]);
            if (id == instance && data.substr(0, 4) == "LNCH") {
                drop(DropReason::Own);
                return;
            }
        }
        // Each instance sends from a port of its own: the limit is per address and port.
        if (!sourceAllowed(from.toString(), now)) {
            drop(DropReason::RateLimited);
            return;
        }
        if (truncated) {
            drop(DropReason::TooLong);
            return;
        }
        DropReason why{};
        const auto d = decode(data, &why);
        if (!d) {
            drop(why);
            return;
        }
        if (d->instance == instance) {
            drop(DropReason::Own);
            return;
        }
        ++diag.accepted;
        countFor(ip);
        switch (d->type) {
        case Type::Announce:
        case Type::Query:
            heard(*d, ip, from, now);
            if (d->type == Type::Query && config.role != Role::Observer && sender &&
                answerBudget(now)) {
                // The answer is an announce, to the asker only.
                ++diag.answers;
                sender->sendTo(from, encode(self(Type::Announce)));
            }
            break;
        case Type::Bye:
            if (const auto it = peerMap.find(d->instance); it != peerMap.end()) {
                const Peer gone = it->second;
                peerMap.erase(it);
                forget(d->instance);
                if (events.peerGone)
                    events.peerGone(gone, "bye");
            }
            break;
        case Type::Probe:
            // Only hosts answer probes; the reply is the probe itself, so it is never larger.
            if (config.role == Role::Host && sender && answerBudget(now)) {
                ++diag.answers;
                Datagram reply = *d;
                reply.type = Type::ProbeReply;
                reply.instance = instance;
                sender->sendTo(from, encode(reply));
            }
            break;
        case Type::ProbeReply:
            if (const auto it = probes.find(d->instance);
                it != probes.end() && it->second.token == d->token) {
                const auto rtt = duration_cast<std::chrono::microseconds>(now - it->second.sent);
                probes.erase(it);
                if (const auto p = peerMap.find(d->instance); p != peerMap.end()) {
                    p->second.roundTrip = rtt;
                    if (events.peerChanged)
                        events.peerChanged(p->second);
                }
            }
            break;
        }
    }

    void forget(std::uint64_t id)
    {
        probes.erase(id);
        probedAt.erase(id);
        replyTo.erase(id);
    }

    void heard(const Datagram& d, const std::string& ip, const SocketAddress& from,
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

    void probe(const Peer& p, Clock::time_point now)
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

    void housekeeping()
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

    void stopTimers()
    {
        for (auto* timer : {&announceTimer, &houseTimer, &refreshTimer, &soonTimer}) {
            if (*timer != 0)
                loop.cancelTimer(*timer);
            *timer = 0;
        }
    }
};

Presence::Presence(EventLoop& loop, Config config, Events events)
    : m_impl(std::make_unique<Impl>(loop, std::move(config), std::move(events)))
{}

Presence::~Presence()
{
    stop();
}

NetError Presence::start()
{
    Impl& d = *m_impl;
    d.loop.assertInLoopThread("Presence::start");
    if (d.running || d.config.mode.kind == Mode::Kind::Off)
        return {};
    UdpOptions options;
    options.bindAddress = SocketAddress::anyIPv4(d.config.port);
    options.shareAddress = true;
    options.broadcast = true;
    options.role = SocketRole::PresenceListener;
    auto onDatagram = [&d](UdpSocket&, std::string_view data, const SocketAddress& from,
                           bool truncated) { d.received(data, from, truncated); };
    auto onError = [&d](UdpSocket&, const NetError&) { ++d.diag.dropped["receive error"]; };
    d.listener = UdpSocket::open(d.loop, options, onDatagram, onError, &d.diag.bindError);
    options.bindAddress = SocketAddress::anyIPv4(0);
    options.shareAddress = false;
    options.role = SocketRole::PresenceSender;
    NetError senderError;
    d.sender = UdpSocket::open(d.loop, options, onDatagram, onError, &senderError);
    if (!d.sender && !d.diag.bindError)
        d.diag.bindError = senderError;
    d.diag.listening = d.listener != nullptr;
    d.running = true;
    d.refreshTargets();
    if (d.config.role == Role::Observer) {
        // Asks twice (a datagram can be lost), announces never.
        d.broadcast(d.self(Type::Query));
        d.announceTimer = d.loop.runAfter(std::chrono::milliseconds(300), [&d] {
            d.announceTimer = 0;
            d.broadcast(d.self(Type::Query));
        });
    } else {
        d.announce();
        d.broadcast(d.self(Type::Query));
        d.scheduleAnnounce();
    }
    d.houseTimer = d.loop.runEvery(Housekeeping, [&d] { d.housekeeping(); });
    d.refreshTimer = d.loop.runEvery(d.config.interfaceRefresh, [&d] { d.refreshTargets(); });
    return d.diag.bindError;
}

void Presence::stop()
{
    Impl& d = *m_impl;
    if (!d.running)
        return;
    d.running = false;
    d.stopTimers();
    if (d.loop.isRunning()) {
        if (d.config.role != Role::Observer)
            d.broadcast(d.self(Type::Bye));
        for (auto* socket : {&d.listener, &d.sender})
            if (*socket)
                (*socket)->close();
    }
    d.listener.reset();
    d.sender.reset();
}

void Presence::setStatus(Status status)
{
    if (m_impl->config.status == status)
        return;
    m_impl->config.status = status;
    m_impl->announceSoon();
}

void Presence::setName(const std::string& name)
{
    if (m_impl->config.name == name)
        return;
    m_impl->config.name = name;
    m_impl->announceSoon();
}

void Presence::setHostFigures(std::uint16_t users, std::uint16_t rooms)
{
    Impl& d = *m_impl;
    if (d.hostUsers == users && d.hostRooms == rooms)
        return;
    d.hostUsers = users;
    d.hostRooms = rooms;
    d.announceSoon();
}

void Presence::setChat(const std::string& chat)
{
    if (m_impl->config.chat == chat)
        return;
    m_impl->config.chat = chat;
    m_impl->announceSoon();
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

Diagnostics Presence::diagnostics() const
{
    return m_impl->diag;
}

std::uint64_t Presence::instance() const
{
    return m_impl->instance;
}

} // namespace netcore::presence
