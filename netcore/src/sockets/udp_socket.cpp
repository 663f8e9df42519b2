// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/udp.h"

#include "loops/channel.h"
#include "netcore/event_loop.h"
#include "sockets/deferred_drop.h"
#include "sockets/socket_ops.h"

#include <vector>

namespace netcore {

class UdpSocket::Impl final : public Channel
{
public:
    Impl(EventLoop& loop, SocketId id, SocketRole role, platform::NativeSocket handle,
         std::size_t bufferSize)
        : Channel(id, Protocol::Udp, role, handle, ChannelKind::Datagram)
        , m_loop(loop)
        , m_buffer(bufferSize)
    {}

    ops::Ref ref() const { return {id(), Protocol::Udp, handle(), role()}; }

    void handleEvent(unsigned, int notifiedError) override
    {
        const DeferredDrop::Scope scope(m_handlers);
        if (notifiedError) {
            ++m_stats.errors;
            report({makeSocketError(notifiedError), "FD_READ", m_local.toString()});
        }
        for (int budget = m_loop.readsPerEvent(); budget > 0 && m_open; --budget) {
            SocketAddress from;
            bool truncated = false;
            const ops::Status st =
                ops::recvFrom(ref(), m_buffer.data(), m_buffer.size(), &from, &truncated);
            if (st.ok()) {
                ++m_stats.datagramsIn;
                m_stats.bytesIn += static_cast<std::uint64_t>(st.value);
                if (truncated)
                    ++m_stats.truncated;
                if (m_onDatagram && m_owner)
                    m_onDatagram(*m_owner, std::string_view(m_buffer.data(), std::size_t(st.value)),
                                 from, truncated);
                continue;
            }
            if (platform::isWouldBlock(st.error))
                return;
            if (platform::isInterrupted(st.error))
                continue;
            // WSAECONNRESET after an ICMP port unreachable and the like: not fatal for UDP.
            ++m_stats.errors;
            report({makeSocketError(st.error), "recvfrom", m_local.toString()});
            if (!platform::isConnReset(st.error))
                return;
        }
    }

    void handleLoopStopping() override { close(); }

    void report(const NetError& error)
    {
        if (m_onError && m_owner)
            m_onError(*m_owner, error);
    }

    void close()
    {
        if (!m_open)
            return;
        m_open = false;
        if (m_registered)
            m_loop.removeChannel(*this);
        m_registered = false;
        ops::close(ref());
        m_handlers.request();
    }

    EventLoop& m_loop;
    UdpSocket* m_owner = nullptr;
    std::vector<char> m_buffer;
    SocketAddress m_local;
    UdpStats m_stats;
    bool m_open = true;
    bool m_registered = false;
    DatagramHandler m_onDatagram;
    ErrorHandler m_onError;
    DeferredDrop m_handlers{[this] {
        m_onDatagram = nullptr;
        m_onError = nullptr;
    }};
};

UdpSocket::UdpSocket(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
    m_impl->m_owner = this;
}

UdpSocket::~UdpSocket()
{
    if (m_impl->m_open) {
        m_impl->m_loop.assertInLoopThread("destroying an open UdpSocket");
        m_impl->close();
    }
}

std::unique_ptr<UdpSocket> UdpSocket::open(EventLoop& loop, const UdpOptions& options,
                                           DatagramHandler onDatagram, ErrorHandler onError,
                                           NetError* error)
{
    loop.assertInLoopThread("UdpSocket::open");
    NetError ignored;
    NetError& err = error ? *error : ignored;
    const SocketAddress& address = options.bindAddress;
    const SocketId id = allocateSocketId();
    int code = 0;
    const platform::NativeSocket s =
        ops::openSocket(id, Protocol::Udp, options.role, address.family(), &code);
    if (s == platform::kInvalidSocket) {
        err = {makeSocketError(code), "socket", address.toString()};
        return nullptr;
    }
    auto impl = std::make_unique<Impl>(loop, id, options.role, s, options.maxDatagram);
    const ops::Ref r = impl->ref();
    auto failWith = [&](int errorCode, const char* operation) {
        err = {makeSocketError(errorCode), operation, address.toString()};
        impl->close();
        return nullptr;
    };

    if (platform::hasUdpConnResetOption()) {
        const int rc = platform::disableUdpConnReset(s);
        if (Trace::enabled()) {
            TraceEvent event;
            event.socket = id;
            event.protocol = Protocol::Udp;
            event.role = options.role;
            event.call = Call::Ioctl;
            event.args = ops::handleText(s) + ", SIO_UDP_CONNRESET, FALSE";
            event.result = rc ? -1 : 0;
            event.error = rc;
            if (rc)
                event.errorName = platform::errorName(rc);
            ops::publish(std::move(event));
        }
        // Not fatal: recvfrom treats WSAECONNRESET as a report, not an end.
    }
    if (options.shareAddress) {
        const platform::SocketOption share = platform::datagramShareOption();
        if (const auto st = ops::setOption(r, share.level, share.name, 1, share.text); !st.ok())
            return failWith(st.error, "setsockopt");
    }
    if (options.broadcast) {
        if (const auto st = ops::setOption(r, SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST");
            !st.ok())
            return failWith(st.error, "setsockopt");
    }
    if (const auto st = ops::bind(r, address); !st.ok())
        return failWith(st.error, "bind");
    if (const auto st = ops::setNonBlocking(r); !st.ok())
        return failWith(st.error, platform::nonBlockingCallName());
    impl->m_local = ops::localAddress(r);
    impl->setWantRead(true);
    if (const std::error_code ec = loop.addChannel(*impl)) {
        err = {ec, "watch", address.toString()};
        impl->close();
        return nullptr;
    }
    impl->m_registered = true;
    impl->m_onDatagram = std::move(onDatagram);
    impl->m_onError = std::move(onError);
    err = {};
    return std::make_unique<UdpSocket>(std::move(impl));
}

SocketId UdpSocket::id() const
{
    return m_impl->id();
}

SocketState UdpSocket::state() const
{
    return m_impl->m_open ? SocketState::Bound : SocketState::Closed;
}

const SocketAddress& UdpSocket::localAddress() const
{
    return m_impl->m_local;
}

const UdpStats& UdpSocket::stats() const
{
    return m_impl->m_stats;
}

NetError UdpSocket::sendTo(const SocketAddress& to, std::string_view data)
{
    m_impl->m_loop.assertInLoopThread("UdpSocket::sendTo");
    if (!m_impl->m_open)
        return {make_error_code(Errc::socketClosed), "sendto", to.toString()};
    const ops::Status st = ops::sendTo(m_impl->ref(), to, data.data(), data.size());
    if (!st.ok()) {
        ++m_impl->m_stats.errors;
        return {makeSocketError(st.error), "sendto", to.toString()};
    }
    ++m_impl->m_stats.datagramsOut;
    m_impl->m_stats.bytesOut += static_cast<std::uint64_t>(st.value);
    return {};
}

void UdpSocket::close()
{
    m_impl->m_loop.assertInLoopThread("UdpSocket::close");
    m_impl->close();
}

} // namespace netcore
