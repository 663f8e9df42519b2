// SPDX-License-Identifier: GPL-3.0-or-later
// The OS's TCP table on Windows: GetExtendedTcpTable (IP Helper), IPv4 and IPv6, every state.
// It gives no queue sizes.

#include "netcore/tcp_states.h"

#include "netcore/address.h"
#include "platform/platform.h"

#include <iphlpapi.h>

#include <vector>

namespace netcore {
namespace {

// MIB_TCP_STATE (tcpmib.h).
TcpState fromMib(DWORD state)
{
    switch (state) {
    case MIB_TCP_STATE_CLOSED:
    case MIB_TCP_STATE_DELETE_TCB:
        return TcpState::Closed;
    case MIB_TCP_STATE_LISTEN:
        return TcpState::Listen;
    case MIB_TCP_STATE_SYN_SENT:
        return TcpState::SynSent;
    case MIB_TCP_STATE_SYN_RCVD:
        return TcpState::SynReceived;
    case MIB_TCP_STATE_ESTAB:
        return TcpState::Established;
    case MIB_TCP_STATE_FIN_WAIT1:
        return TcpState::FinWait1;
    case MIB_TCP_STATE_FIN_WAIT2:
        return TcpState::FinWait2;
    case MIB_TCP_STATE_CLOSE_WAIT:
        return TcpState::CloseWait;
    case MIB_TCP_STATE_CLOSING:
        return TcpState::Closing;
    case MIB_TCP_STATE_LAST_ACK:
        return TcpState::LastAck;
    case MIB_TCP_STATE_TIME_WAIT:
        return TcpState::TimeWait;
    default:
        return TcpState::Unknown;
    }
}

// The port fields hold a port in network order in their low 16 bits.
std::string addressText(int family, const void* raw, DWORD port)
{
    return SocketAddress::fromBytes(family == AF_INET ? AddressFamily::IPv4 : AddressFamily::IPv6,
                                    raw, ntohs(static_cast<u_short>(port & 0xffff)))
        .toString();
}

// The table of one family into `buffer`; a Win32 error code (NO_ERROR when it was read).
DWORD readTable(ULONG family, std::vector<unsigned char>& buffer)
{
    for (int attempt = 0; attempt < 4; ++attempt) {
        DWORD size = static_cast<DWORD>(buffer.size());
        const DWORD rc = GetExtendedTcpTable(buffer.empty() ? nullptr : buffer.data(), &size, FALSE,
                                             family, TCP_TABLE_OWNER_PID_ALL, 0);
        if (rc != ERROR_INSUFFICIENT_BUFFER)
            return rc;
        buffer.resize(size + 1024); // the table may grow between the two calls
    }
    return ERROR_INSUFFICIENT_BUFFER;
}

} // namespace

OsTcpTable readOsTcpTable()
{
    OsTcpTable table;
    table.source = "GetExtendedTcpTable";
    std::vector<unsigned char> buffer;
    DWORD rc = readTable(AF_INET, buffer);
    if (rc == NO_ERROR) {
        const auto* v4 = reinterpret_cast<const MIB_TCPTABLE_OWNER_PID*>(buffer.data());
        for (DWORD i = 0; i < v4->dwNumEntries; ++i) {
            const MIB_TCPROW_OWNER_PID& row = v4->table[i];
            OsTcpEntry entry;
            entry.state = fromMib(row.dwState);
            entry.localAddress = addressText(AF_INET, &row.dwLocalAddr, row.dwLocalPort);
            entry.peerAddress = addressText(AF_INET, &row.dwRemoteAddr,
                                            entry.state == TcpState::Listen ? 0 : row.dwRemotePort);
            table.entries.push_back(std::move(entry));
        }
        buffer.clear();
        // IPv6 may be missing (ERROR_NOT_SUPPORTED): the IPv4 table still stands.
        if (readTable(AF_INET6, buffer) == NO_ERROR) {
            const auto* v6 = reinterpret_cast<const MIB_TCP6TABLE_OWNER_PID*>(buffer.data());
            for (DWORD i = 0; i < v6->dwNumEntries; ++i) {
                const MIB_TCP6ROW_OWNER_PID& row = v6->table[i];
                OsTcpEntry entry;
                entry.state = fromMib(row.dwState);
                entry.localAddress = addressText(AF_INET6, row.ucLocalAddr, row.dwLocalPort);
                entry.peerAddress =
                    addressText(AF_INET6, row.ucRemoteAddr,
                                entry.state == TcpState::Listen ? 0 : row.dwRemotePort);
                table.entries.push_back(std::move(entry));
            }
        }
        return table;
    }
    table.error = static_cast<int>(rc);
    table.errorName = platform::errorName(static_cast<int>(rc));
    return table;
}

} // namespace netcore
