// SPDX-License-Identifier: GPL-3.0-or-later
// The presence engine: one UDP socket on the presence port, announces to the targets of the
// mode, peers kept by instance id (peer_table.cpp), rate limits, round-trip probes to hosts.

#include "presence/presence_impl.h"

#include "netcore/interfaces.h"

#include <algorithm>

namespace netcore::presence {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

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

Presence::Impl::Impl(EventLoop& l, Config c, Events e)
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

std::uint16_t Presence::Impl::intervalDs() const
{
    const auto ds = config.announceInterval.count() / 100;
    return static_cast<std::uint16_t>(std::clamp<long long>(ds, 1, 6000));
}

Datagram Presence::Impl::self(Type type)
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

// --- targets ----------------------------------------------------------------------------

void Presence::Impl::refreshTargets()
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
                                      (n.up ? " up" : " down") + (n.loopback ? " loopback" : "") +
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
                diag.interfaceError = {make_error_code(Errc::invalidAddress), "presence interface",
                                       item + " (not found or down)"};
        }
        break;
    case Mode::Kind::Off:
        break;
    }
    diag.targets = std::move(next);
}

// --- sending ----------------------------------------------------------------------------

void Presence::Impl::sendTo(Target& t, const std::string& bytes)
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

void Presence::Impl::broadcast(const Datagram& d)
{
    if (!sender)
        return;
    const std::string bytes = encode(d);
    for (auto& t : diag.targets)
        sendTo(t, bytes);
}

void Presence::Impl::announce()
{
    announcePending = false;
    lastAnnounce = Clock::now();
    broadcast(self(Type::Announce));
}

void Presence::Impl::scheduleAnnounce()
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
void Presence::Impl::announceSoon()
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

// --- receiving --------------------------------------------------------------------------

// Which target's network a datagram came from: the interface whose subnet holds the
// source, else the first target without one (255.255.255.255, explicit addresses).
void Presence::Impl::countFor(const std::string& ip)
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

bool Presence::Impl::sourceAllowed(const std::string& ip, Clock::time_point now)
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
        it =
            sources.emplace(ip, TokenBucket(config.sourceBurst, config.sourcePerSecond, now)).first;
    }
    return it->second.tryTake(now);
}

void Presence::Impl::received(std::string_view data, const SocketAddress& from, bool truncated)
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
        left(d->instance);
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
        probeReplied(*d, now);
        break;
    }
}

void Presence::Impl::stopTimers()
{
    for (auto* timer : {&announceTimer, &houseTimer, &refreshTimer, &soonTimer}) {
        if (*timer != 0)
            loop.cancelTimer(*timer);
        *timer = 0;
    }
}

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

Diagnostics Presence::diagnostics() const
{
    return m_impl->diag;
}

std::uint64_t Presence::instance() const
{
    return m_impl->instance;
}

} // namespace netcore::presence
