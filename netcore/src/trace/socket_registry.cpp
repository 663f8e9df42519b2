// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/socket_registry.h"

#include <algorithm>

namespace netcore {

namespace {

bool succeeded(const TraceEvent& e)
{
    return e.result >= 0 && e.error == 0;
}

bool isHardError(const TraceEvent& e)
{
    return e.error != 0 && !isTransientError(e.errorName);
}

// "127.0.0.1:6667" -> ("127.0.0.1", "6667"); "[::]:6667" -> ("[::]", "6667").
std::pair<std::string_view, std::string_view> splitEndpoint(std::string_view address)
{
    const auto colon = address.rfind(':');
    if (colon == std::string_view::npos)
        return {address, {}};
    return {address.substr(0, colon), address.substr(colon + 1)};
}

bool isWildcard(std::string_view host)
{
    return host == "0.0.0.0" || host == "[::]";
}

// The socket's local address as the trace knows it against the OS's: equal, or a wildcard one
// (a socket bound to any address) with the same port.
bool localMatches(const std::string& ours, const std::string& os)
{
    if (ours == os)
        return true;
    const auto [host, port] = splitEndpoint(ours);
    return isWildcard(host) && !port.empty() && port == splitEndpoint(os).second;
}

// The states a socket's connection can be in after the program closed it.
bool lingers(TcpState state)
{
    return state == TcpState::TimeWait || state == TcpState::FinWait1 ||
           state == TcpState::FinWait2 || state == TcpState::Closing || state == TcpState::LastAck;
}

const OsTcpEntry* findEntry(const SocketInfo& s,
                            const std::multimap<std::string_view, const OsTcpEntry*>& byPeer,
                            const OsTcpTable& table)
{
    if (s.localAddress.empty())
        return nullptr;
    if (s.state == SocketState::Listening) {
        for (const OsTcpEntry& entry : table.entries)
            if (entry.state == TcpState::Listen && entry.localAddress == s.localAddress)
                return &entry;
        return nullptr;
    }
    if (s.peerAddress.empty())
        return nullptr;
    const auto [first, last] = byPeer.equal_range(s.peerAddress);
    const OsTcpEntry* found = nullptr;
    for (auto it = first; it != last; ++it) {
        const OsTcpEntry& entry = *it->second;
        if (entry.state == TcpState::Listen || !localMatches(s.localAddress, entry.localAddress))
            continue;
        if (s.closed && !lingers(entry.state))
            continue;
        found = &entry;
        if (entry.localAddress == s.localAddress)
            break; // an exact match wins over a wildcard one
    }
    return found;
}

} // namespace

void SocketRegistry::applyOsTable(const OsTcpTable& table, std::vector<SocketId>* changed)
{
    if (table.error)
        return;
    std::multimap<std::string_view, const OsTcpEntry*> byPeer;
    for (const OsTcpEntry& entry : table.entries)
        byPeer.emplace(entry.peerAddress, &entry);
    for (auto& [id, s] : m_sockets) {
        if (s.protocol != Protocol::Tcp || s.osGone)
            continue;
        const OsTcpEntry* entry = findEntry(s, byPeer, table);
        const TcpState state = entry ? entry->state : TcpState::Unknown;
        const bool gone = !entry && s.closed;
        const std::optional<std::uint32_t> sendQueue = entry ? entry->sendQueue : std::nullopt;
        const std::optional<std::uint32_t> receiveQueue =
            entry ? entry->receiveQueue : std::nullopt;
        if (state == s.osState && gone == s.osGone && sendQueue == s.osSendQueue &&
            receiveQueue == s.osReceiveQueue)
            continue;
        s.osState = state;
        s.osGone = gone;
        s.osSendQueue = sendQueue;
        s.osReceiveQueue = receiveQueue;
        if (changed && std::find(changed->begin(), changed->end(), id) == changed->end())
            changed->push_back(id);
    }
}

bool isTransientError(std::string_view name)
{
    if (name.size() > 4 && name.substr(0, 4) == "WSAE")
        name.remove_prefix(3);
    return name == "EAGAIN" || name == "EWOULDBLOCK" || name == "EINPROGRESS" || name == "EINTR";
}

const SocketInfo* SocketRegistry::find(SocketId id) const
{
    const auto it = m_sockets.find(id);
    return it == m_sockets.end() ? nullptr : &it->second;
}

void SocketRegistry::forgetClosed(std::vector<SocketId>* gone)
{
    for (auto it = m_sockets.begin(); it != m_sockets.end();) {
        if (it->second.closed) {
            if (gone)
                gone->push_back(it->first);
            it = m_sockets.erase(it);
        } else {
            ++it;
        }
    }
}

SocketInfo& SocketRegistry::touch(SocketId id, const TraceEvent& e, std::vector<SocketId>* changed)
{
    auto [it, added] = m_sockets.try_emplace(id);
    SocketInfo& s = it->second;
    if (added) {
        s.id = id;
        s.openedNs = e.timeNs;
    }
    if (s.protocol == Protocol::None)
        s.protocol = e.protocol;
    s.lastNs = e.timeNs;
    if (changed && std::find(changed->begin(), changed->end(), id) == changed->end())
        changed->push_back(id);
    return s;
}

void SocketRegistry::apply(const TraceEvent& e, std::vector<SocketId>* changed)
{
    if (e.call == Call::Accept && e.acceptedSocket && succeeded(e)) {
        // The accepted socket starts here: it has no socket() of its own.
        SocketInfo& a = touch(e.acceptedSocket, e, changed);
        a.role = SocketRole::Accepted;
        a.state = SocketState::Connected;
        a.peerAddress = e.peerAddress;
        a.listener = e.socket;
    }
    if (!e.socket)
        return;
    SocketInfo& s = touch(e.socket, e, changed);
    if (e.role != SocketRole::Unknown)
        s.role = e.role;
    if (isHardError(e)) {
        s.lastError = e.error;
        s.lastErrorName = e.errorName;
    }
    const bool ok = succeeded(e);
    switch (e.call) {
    case Call::Socket:
        s.state = ok ? SocketState::Created : SocketState::Closed;
        s.closed = !ok;
        break;
    case Call::Bind:
        // The address asked for, also when bind fails: the table says which one was taken.
        if (!e.localAddress.empty())
            s.localAddress = e.localAddress;
        if (ok)
            s.state = SocketState::Bound;
        break;
    case Call::Listen:
        if (ok)
            s.state = SocketState::Listening;
        break;
    case Call::Connect:
        if (!e.peerAddress.empty())
            s.peerAddress = e.peerAddress;
        if (ok)
            s.state = SocketState::Connected;
        else if (!isHardError(e))
            s.state = SocketState::Connecting;
        break;
    case Call::Getsockopt:
        if (e.soError) {
            if (e.soError->code == 0) {
                if (s.state == SocketState::Connecting)
                    s.state = SocketState::Connected;
            } else {
                s.lastError = e.soError->code;
                s.lastErrorName = e.soError->name;
            }
        }
        break;
    case Call::Getsockname:
        if (ok && !e.localAddress.empty())
            s.localAddress = e.localAddress;
        break;
    case Call::Send:
    case Call::Sendto:
        ++s.callsOut;
        if (e.result > 0)
            s.bytesOut += static_cast<std::uint64_t>(e.result);
        break;
    case Call::Recv:
    case Call::Recvfrom:
        ++s.callsIn;
        if (e.result > 0)
            s.bytesIn += static_cast<std::uint64_t>(e.result);
        else if (e.result == 0 && ok && e.call == Call::Recv && !s.closed)
            s.state = SocketState::HalfClosed; // the peer's FIN
        break;
    case Call::Shutdown:
        if (ok)
            s.state = SocketState::HalfClosed;
        break;
    case Call::TlsHandshake:
        s.tls = true;
        if (e.tls && e.tls->step == "Established") {
            s.tlsVersion = e.tls->version;
            s.tlsCipher = e.tls->cipher;
            s.tlsFingerprint = e.tls->fingerprint;
        }
        break;
    case Call::TlsEncrypt:
        s.tls = true;
        s.plainOut += e.bytes;
        break;
    case Call::TlsDecrypt:
        s.tls = true;
        s.plainIn += e.bytes;
        break;
    case Call::Close:
        s.state = SocketState::Closed;
        s.closed = true;
        s.closedNs = e.timeNs;
        break;
    default:
        break;
    }
    // A socket first seen moving data (a trace that began after its socket() or accept()) is
    // evidently connected, or bound for UDP.
    if (s.state == SocketState::Created && ok &&
        (e.call == Call::Send || e.call == Call::Recv || e.call == Call::Sendto ||
         e.call == Call::Recvfrom))
        s.state = s.protocol == Protocol::Udp ? SocketState::Bound : SocketState::Connected;
}

} // namespace netcore
