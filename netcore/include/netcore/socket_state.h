// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string_view>

namespace netcore {

// The life of a socket, as the Inspector shows it.
enum class SocketState : std::uint8_t
{
    Created,
    Bound,
    Listening,
    Connecting,
    Connected,
    HalfClosed, // one direction has been shut down (a FIN sent or received)
    Closed,
};
// "created", "half-closed": a stable word (the console's summary table), not for translation.
const char* socketStateName(SocketState state);

// What a socket is for, said by the code that opens it (every trace event of the socket carries
// it), never guessed from what passes through it.
enum class SocketRole : std::uint8_t
{
    Unknown,
    Listener,         // TcpListener: socket, bind, listen, accept
    Accepted,         // a connection accept() gave a listener
    Outgoing,         // TcpConnector: one connect attempt, then the connection
    PresenceListener, // UDP presence: bound to the presence port, receives announces
    PresenceSender,   // UDP presence: bound to port 0, sends announces and queries
    Udp,              // any other UDP socket
    // DCC file transfers (netcore/irc/dcc_transfer.h): a client program runs the server
    // sequence. Whether a DccSend/DccReceive socket was accepted or connected is in its
    // accept event (SocketInfo::listener).
    DccListener, // listens for the other side of one transfer
    DccSend,     // carries a file we send
    DccReceive,  // carries a file we receive
};
inline constexpr int kSocketRoleCount = static_cast<int>(SocketRole::DccReceive) + 1;
// Listener or DccListener: a socket that listens.
inline bool isListenerRole(SocketRole role)
{
    return role == SocketRole::Listener || role == SocketRole::DccListener;
}
// "listener", "presence-sender"; "" for Unknown. Stable: the trace's JSON Lines use them.
std::string_view socketRoleName(SocketRole role);
// Parses a name from socketRoleName; false (and Unknown) if it is not one.
bool socketRoleFromName(std::string_view name, SocketRole* role);

} // namespace netcore
