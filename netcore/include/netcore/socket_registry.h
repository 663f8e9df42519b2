// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The sockets a trace has shown: every socket ever seen (until forgotten), with its role, state,
// addresses, counters and last error, worked out from the trace events' structured fields alone
// (never from their argument text). The Socket Inspector's Sockets table and lanchat-cli's
// summary at the end of --trace both read it.
//
// Not thread-safe: its owner feeds it from one place at a time (a trace subscriber runs under
// the trace's lock; the Inspector's feed holds its own mutex).

#include "netcore/socket_state.h"
#include "netcore/tcp_states.h"
#include "netcore/trace.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace netcore {

struct SocketInfo
{
    SocketId id = 0;
    Protocol protocol = Protocol::None;
    SocketRole role = SocketRole::Unknown;
    SocketState state = SocketState::Created;
    std::string localAddress;
    std::string peerAddress;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t callsIn = 0;  // recv, recvfrom
    std::uint64_t callsOut = 0; // send, sendto
    std::int64_t openedNs = 0;  // the first event seen (socket(), or accept() for an accepted one)
    std::int64_t closedNs = 0;  // close(), if closed
    std::int64_t lastNs = 0;    // the last event seen
    bool closed = false;
    SocketId listener = 0; // Accepted: the listener that accepted it
    // The last failure (not "would block" or "in progress"): a call's error, or the pending
    // error SO_ERROR read after a non-blocking connect. 0 and "" if none.
    int lastError = 0;
    std::string lastErrorName;
    // TLS over the socket: seen (a handshake step), what the handshake agreed when it ended,
    // and the plaintext the TLS layer carried (bytesIn/Out count the records on the wire).
    bool tls = false;
    std::string tlsVersion;     // "TLSv1.3"; "" while the handshake runs (or failed)
    std::string tlsCipher;      // "TLS_AES_256_GCM_SHA384"
    std::string tlsFingerprint; // the server's certificate, "AB:CD:..."
    std::uint64_t plainIn = 0;
    std::uint64_t plainOut = 0;
    // What the operating system says about the TCP connection (applyOsTable): its state, also
    // after close() (TIME_WAIT outlives the socket), and the kernel's queues where the OS gives
    // them. Unknown until a table was applied, or while the OS does not list the socket (not yet
    // bound or connected); osGone once a closed socket has left the OS's table.
    TcpState osState = TcpState::Unknown;
    bool osGone = false;
    std::optional<std::uint32_t> osSendQueue;
    std::optional<std::uint32_t> osReceiveQueue;
};

class SocketRegistry
{
public:
    // Takes in one event. The ids of the sockets it changed (none, one, or two for an accept:
    // the listener and the new socket) are appended to *changed, if given.
    void apply(const TraceEvent& event, std::vector<SocketId>* changed = nullptr);

    const SocketInfo* find(SocketId id) const;
    const std::map<SocketId, SocketInfo>& sockets() const { return m_sockets; }
    std::size_t size() const { return m_sockets.size(); }

    // Takes in the OS's TCP table (readOsTcpTable()): each TCP socket is found in it by its
    // addresses (a listener by its local address; a connection by its peer and local address,
    // a wildcard local address matching by port), a closed one only among the states a closed
    // socket lingers in. The ids whose OS fields changed are appended to *changed, if given. A
    // table that could not be read (error set) changes nothing.
    void applyOsTable(const OsTcpTable& table, std::vector<SocketId>* changed = nullptr);

    // Forgets closed sockets; their ids are appended to *gone, if given.
    void forgetClosed(std::vector<SocketId>* gone = nullptr);
    void clear() { m_sockets.clear(); }

private:
    SocketInfo& touch(SocketId id, const TraceEvent& event, std::vector<SocketId>* changed);

    std::map<SocketId, SocketInfo> m_sockets;
};

// True for the errors that mean "not yet" rather than a failure: would-block, a connect in
// progress, an interrupted call (by name, with or without WinSock's "WSA").
bool isTransientError(std::string_view errorName);

} // namespace netcore
