// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the operating system says about this machine's TCP sockets: each connection's state as
// the kernel keeps it (LISTEN, SYN_SENT, ESTABLISHED, FIN_WAIT_1, ..., TIME_WAIT) and, where the
// OS gives them, the bytes waiting in its send and receive queues. A lecture needs these because
// they are not the program's view: a socket the program has closed lives on in TIME_WAIT, and a
// send() that returned has only put bytes in the send queue.
//
// Linux reads them with sock_diag (NETLINK_SOCK_DIAG, the interface `ss` uses), or from
// /proc/net/tcp and tcp6 where netlink is not allowed (tcp_states_linux.cpp); Windows with
// GetExtendedTcpTable, which has no queue sizes (tcp_states_win.cpp). Addresses are in
// SocketAddress::toString() form, as the trace and the SocketRegistry write them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netcore {

enum class TcpState : std::uint8_t
{
    Unknown,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
    Closed,
};

// "LISTEN", "SYN_SENT", "ESTABLISHED", "TIME_WAIT", ... (the names of RFC 793 and netstat).
std::string_view tcpStateName(TcpState state);

struct OsTcpEntry
{
    std::string localAddress; // "127.0.0.1:6667", "[::1]:40000"
    std::string peerAddress;  // "0.0.0.0:0" / "[::]:0" for a listener
    TcpState state = TcpState::Unknown;
    // Bytes in the kernel's queues: not yet acknowledged by the peer (send) and not yet read by
    // the program (receive); for a listener the connections waiting for accept() (receive) and
    // the backlog (send). Unset where the OS does not say (Windows).
    std::optional<std::uint32_t> sendQueue;
    std::optional<std::uint32_t> receiveQueue;
};

struct OsTcpTable
{
    std::vector<OsTcpEntry> entries;
    // How they were read ("sock_diag", "/proc/net/tcp", "GetExtendedTcpTable"), and the error
    // if they could not be (its symbolic name and number), the entries then empty.
    std::string source;
    int error = 0;
    std::string errorName;
};

// Every TCP socket of this machine, IPv4 and IPv6, in every state. Safe from any thread; takes
// about a millisecond for a few hundred sockets. Makes no traced socket calls.
OsTcpTable readOsTcpTable();

} // namespace netcore
