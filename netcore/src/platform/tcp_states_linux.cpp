// SPDX-License-Identifier: GPL-3.0-or-later
// The OS's TCP table on Linux: sock_diag over netlink (as `ss` reads it), else /proc/net/tcp and
// /proc/net/tcp6 (a container may forbid NETLINK_SOCK_DIAG, or lack the tcp_diag module).

#include "platform/tcp_states_linux.h"

#include "netcore/address.h"
#include "platform/platform.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace netcore {
namespace {

// The kernel's numbers (include/net/tcp_states.h).
TcpState fromLinux(unsigned state)
{
    switch (state) {
    case 1:
        return TcpState::Established;
    case 2:
        return TcpState::SynSent;
    case 3:
    case 12: // TCP_NEW_SYN_RECV: a request not yet a full socket
        return TcpState::SynReceived;
    case 4:
        return TcpState::FinWait1;
    case 5:
        return TcpState::FinWait2;
    case 6:
        return TcpState::TimeWait;
    case 7:
        return TcpState::Closed;
    case 8:
        return TcpState::CloseWait;
    case 9:
        return TcpState::LastAck;
    case 10:
        return TcpState::Listen;
    case 11:
        return TcpState::Closing;
    default:
        return TcpState::Unknown;
    }
}

// An address from its raw bytes (network order) and port (host order).
std::string addressText(int family, const void* raw, std::uint16_t port)
{
    return SocketAddress::fromBytes(family == AF_INET ? AddressFamily::IPv4 : AddressFamily::IPv6,
                                    raw, port)
        .toString();
}

void fail(OsTcpTable& table, int error)
{
    table.entries.clear();
    table.error = error;
    table.errorName = platform::errorName(error);
}

// One family's dump; false (and errno) if netlink could not give it.
bool dumpFamily(int fd, int family, OsTcpTable& table)
{
    struct
    {
        nlmsghdr header;
        inet_diag_req_v2 request;
    } message{};
    message.header.nlmsg_len = sizeof message;
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    message.header.nlmsg_seq = static_cast<__u32>(family);
    message.request.sdiag_family = static_cast<__u8>(family);
    message.request.sdiag_protocol = IPPROTO_TCP;
    message.request.idiag_states = ~0u; // every state
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd, &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel),
                 sizeof kernel) < 0)
        return false;
    alignas(nlmsghdr) char buffer[32768];
    for (;;) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (got == 0) {
            errno = ECONNRESET;
            return false;
        }
        // The netlink macros cast in C style; the same walk, spelled out.
        std::size_t at = 0;
        const auto size = static_cast<std::size_t>(got);
        while (at + sizeof(nlmsghdr) <= size) {
            nlmsghdr header;
            std::memcpy(&header, buffer + at, sizeof header);
            if (header.nlmsg_len < sizeof(nlmsghdr) || header.nlmsg_len > size - at)
                break;
            const char* data = buffer + at + NLMSG_HDRLEN;
            const std::size_t dataSize = header.nlmsg_len - NLMSG_HDRLEN;
            at += NLMSG_ALIGN(header.nlmsg_len);
            if (header.nlmsg_type == NLMSG_DONE)
                return true;
            if (header.nlmsg_type == NLMSG_ERROR) {
                nlmsgerr error{};
                std::memcpy(&error, data, std::min(dataSize, sizeof error));
                errno = error.error ? -error.error : EPROTO;
                return false;
            }
            if (header.nlmsg_type != SOCK_DIAG_BY_FAMILY || dataSize < sizeof(inet_diag_msg))
                continue;
            inet_diag_msg diag;
            std::memcpy(&diag, data, sizeof diag);
            const inet_diag_msg* m = &diag;
            OsTcpEntry entry;
            entry.state = fromLinux(m->idiag_state);
            entry.localAddress =
                addressText(m->idiag_family, m->id.idiag_src, ntohs(m->id.idiag_sport));
            entry.peerAddress =
                addressText(m->idiag_family, m->id.idiag_dst, ntohs(m->id.idiag_dport));
            if (entry.state != TcpState::TimeWait && entry.state != TcpState::SynReceived) {
                // A TIME_WAIT or request entry has no queues (the fields hold other things).
                entry.receiveQueue = m->idiag_rqueue;
                entry.sendQueue = m->idiag_wqueue;
            }
            table.entries.push_back(std::move(entry));
        }
    }
}

bool readSockDiag(OsTcpTable& table)
{
    const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0)
        return false;
    const bool ok = dumpFamily(fd, AF_INET, table) && dumpFamily(fd, AF_INET6, table);
    const int error = errno;
    ::close(fd);
    errno = error;
    return ok;
}

// /proc/net/tcp{,6}: "sl local rem st tx_queue:rx_queue ...", addresses as the kernel's 32-bit
// words in hex (each in host order), ports in hex.
bool parseProcAddress(const std::string& text, int family, std::string* out)
{
    const auto colon = text.find(':');
    const std::size_t words = family == AF_INET ? 1 : 4;
    if (colon != words * 8)
        return false;
    std::uint32_t raw[4]{};
    for (std::size_t i = 0; i < words; ++i) {
        unsigned long word = 0;
        if (std::sscanf(text.substr(i * 8, 8).c_str(), "%lx", &word) != 1)
            return false;
        raw[i] = static_cast<std::uint32_t>(word);
    }
    unsigned long port = 0;
    if (std::sscanf(text.c_str() + colon + 1, "%lx", &port) != 1 || port > 65535)
        return false;
    *out = addressText(family, raw, static_cast<std::uint16_t>(port));
    return true;
}

bool readProcFile(const char* path, int family, OsTcpTable& table)
{
    std::ifstream in(path);
    if (!in) {
        errno = ENOENT;
        return false;
    }
    std::string line;
    std::getline(in, line); // the heading
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string slot, local, peer, state, queues;
        if (!(fields >> slot >> local >> peer >> state >> queues))
            continue;
        OsTcpEntry entry;
        unsigned long st = 0, tx = 0, rx = 0;
        if (std::sscanf(state.c_str(), "%lx", &st) != 1 ||
            std::sscanf(queues.c_str(), "%lx:%lx", &tx, &rx) != 2 ||
            !parseProcAddress(local, family, &entry.localAddress) ||
            !parseProcAddress(peer, family, &entry.peerAddress))
            continue;
        entry.state = fromLinux(static_cast<unsigned>(st));
        if (entry.state != TcpState::TimeWait && entry.state != TcpState::SynReceived) {
            entry.sendQueue = static_cast<std::uint32_t>(tx);
            entry.receiveQueue = static_cast<std::uint32_t>(rx);
        }
        table.entries.push_back(std::move(entry));
    }
    return true;
}

} // namespace

OsTcpTable readProcTcpTable()
{
    OsTcpTable table;
    table.source = "/proc/net/tcp";
    if (!readProcFile("/proc/net/tcp", AF_INET, table)) {
        fail(table, errno);
        return table;
    }
    readProcFile("/proc/net/tcp6", AF_INET6, table); // absent without IPv6
    return table;
}

OsTcpTable readOsTcpTable()
{
    OsTcpTable table;
    table.source = "sock_diag";
    if (readSockDiag(table))
        return table;
    const int netlinkError = errno;
    table = readProcTcpTable();
    if (table.error)
        fail(table, netlinkError);
    return table;
}

} // namespace netcore
