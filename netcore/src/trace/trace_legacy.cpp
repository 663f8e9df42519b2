// SPDX-License-Identifier: GPL-3.0-or-later
// Reading recordings made before trace events had structured fields (see upgradeLegacyTrace).
// The argument texts parsed here are the ones socket_ops wrote then; they are still written the
// same way, but nothing else reads them.

#include "netcore/trace_format.h"

#include <cstdlib>
#include <map>
#include <set>

namespace netcore {

namespace {

// The word after the last `marker` in `args` ("fd 7, 127.0.0.1:6667" after ", ").
std::string wordAfter(const std::string& args, std::string_view marker)
{
    const auto at = args.rfind(marker);
    if (at == std::string::npos)
        return {};
    const auto start = at + marker.size();
    const auto end = args.find(' ', start);
    return args.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool succeeded(const TraceEvent& e)
{
    return e.result >= 0 && e.error == 0;
}

// The fields one event's own text gives.
void upgradeFields(TraceEvent& e)
{
    switch (e.call) {
    case Call::Accept:
        // "fd 5 -> #2 from 127.0.0.1:44769"
        if (succeeded(e)) {
            e.acceptedSocket = std::strtoull(wordAfter(e.args, "-> #").c_str(), nullptr, 10);
            e.peerAddress = wordAfter(e.args, " from ");
        }
        break;
    case Call::Bind:
        e.localAddress = wordAfter(e.args, ", ");
        break;
    case Call::Getsockname:
        e.localAddress = wordAfter(e.args, " -> ");
        break;
    case Call::Connect:
    case Call::Sendto:
        e.peerAddress = wordAfter(e.args, ", ");
        break;
    case Call::Recvfrom:
        e.peerAddress = wordAfter(e.args, " <- ");
        break;
    case Call::Getsockopt: {
        // "fd 7, SOL_SOCKET, SO_ERROR -> 111 ECONNREFUSED"
        constexpr std::string_view marker = "SO_ERROR -> ";
        const auto at = e.args.find(marker);
        if (at == std::string::npos)
            break;
        const std::string rest = e.args.substr(at + marker.size());
        PendingError pending;
        pending.code = std::atoi(rest.c_str());
        if (const auto space = rest.find(' '); space != std::string::npos)
            pending.name = rest.substr(space + 1);
        e.soError = std::move(pending);
        break;
    }
    default:
        break;
    }
}

bool endsWith(const std::string& text, std::string_view tail)
{
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

} // namespace

bool upgradeLegacyTrace(std::vector<TraceEvent>& events)
{
    bool anySocket = false;
    for (const TraceEvent& e : events) {
        if (e.socket && e.role != SocketRole::Unknown)
            return false; // written with the fields
        anySocket = anySocket || e.socket;
    }
    if (!anySocket)
        return false;

    std::set<SocketId> accepted, listening, connecting, broadcast, presence;
    std::map<SocketId, std::string> boundTo;
    for (TraceEvent& e : events) {
        upgradeFields(e);
        if (e.acceptedSocket)
            accepted.insert(e.acceptedSocket);
        if (e.call == Call::Listen && succeeded(e))
            listening.insert(e.socket);
        if (e.call == Call::Connect)
            connecting.insert(e.socket);
        if (e.call == Call::Bind && succeeded(e))
            boundTo[e.socket] = e.localAddress;
        // What the Inspector used to go by for UDP: SO_BROADCAST set, or a presence datagram
        // (they start with "LNCH", docs/protocol.md) through the socket.
        if (e.call == Call::Setsockopt && e.args.find("SO_BROADCAST") != std::string::npos &&
            !endsWith(e.args, ", 0"))
            broadcast.insert(e.socket);
        if ((e.call == Call::Sendto || e.call == Call::Recvfrom) && e.result > 0 &&
            e.data.rfind("LNCH", 0) == 0)
            presence.insert(e.socket);
    }
    auto roleOf = [&](const TraceEvent& e) {
        const SocketId id = e.socket;
        if (e.protocol == Protocol::Udp) {
            if (!broadcast.count(id) && !presence.count(id))
                return SocketRole::Udp;
            const std::string& local = boundTo[id];
            const auto colon = local.rfind(':');
            const bool fixedPort =
                colon != std::string::npos && std::atoi(local.c_str() + colon + 1) != 0;
            return fixedPort ? SocketRole::PresenceListener : SocketRole::PresenceSender;
        }
        if (accepted.count(id))
            return SocketRole::Accepted;
        if (listening.count(id))
            return SocketRole::Listener;
        if (connecting.count(id))
            return SocketRole::Outgoing;
        return SocketRole::Unknown;
    };
    for (TraceEvent& e : events) {
        if (e.socket)
            e.role = roleOf(e);
    }
    return true;
}

} // namespace netcore
