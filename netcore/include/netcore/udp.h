// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A UDP socket on an EventLoop (loop thread only, like the TCP classes). Datagrams are not
// queued: a send that would block is reported and dropped, as UDP itself would.

#include "netcore/address.h"
#include "netcore/error.h"
#include "netcore/socket_state.h"
#include "netcore/trace.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace netcore {

class EventLoop;

struct UdpOptions
{
    SocketAddress bindAddress = SocketAddress::anyIPv4(0);
    // SO_REUSEADDR, so several processes on one machine can share the port (presence).
    bool shareAddress = true;
    // SO_BROADCAST: needed to send to a broadcast address (else EACCES / WSAEACCES).
    bool broadcast = false;
    // The receive buffer; a longer datagram is reported as truncated.
    std::size_t maxDatagram = 64 * 1024;
    // What the socket is for, as the trace says it (presence names its two sockets).
    SocketRole role = SocketRole::Udp;
};

struct UdpStats
{
    std::uint64_t datagramsIn = 0;
    std::uint64_t datagramsOut = 0;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t truncated = 0;
    std::uint64_t errors = 0;
};

class UdpSocket
{
public:
    class Impl;
    explicit UdpSocket(std::unique_ptr<Impl> impl);
    ~UdpSocket();
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;

    using DatagramHandler = std::function<void(UdpSocket&, std::string_view data,
                                               const SocketAddress& from, bool truncated)>;
    // A receive error that is not fatal to the socket (it keeps receiving), e.g. WSAECONNRESET
    // from an ICMP port unreachable on Windows.
    using ErrorHandler = std::function<void(UdpSocket&, const NetError&)>;

    // Loop thread: socket, [WSAIoctl SIO_UDP_CONNRESET off], setsockopt, bind, non-blocking.
    static std::unique_ptr<UdpSocket> open(EventLoop& loop, const UdpOptions& options,
                                           DatagramHandler onDatagram, ErrorHandler onError,
                                           NetError* error);

    SocketId id() const;
    SocketState state() const; // Bound, then Closed
    const SocketAddress& localAddress() const;
    const UdpStats& stats() const;
    // Loop thread. Returns the error of sendto, if any (EACCES without SO_BROADCAST, say).
    NetError sendTo(const SocketAddress& to, std::string_view data);
    void close();

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace netcore
