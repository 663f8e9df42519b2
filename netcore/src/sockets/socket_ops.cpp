// SPDX-License-Identifier: GPL-3.0-or-later
#include "sockets/socket_ops.h"

#include <algorithm>
#include <atomic>
#include <utility>

namespace netcore::ops {

namespace {

std::atomic<long long> g_openSockets{0};

int familyValue(AddressFamily family)
{
    return family == AddressFamily::IPv6 ? AF_INET6 : AF_INET;
}

const char* familyText(AddressFamily family)
{
    return family == AddressFamily::IPv6 ? "AF_INET6" : "AF_INET";
}

const char* levelText(int level)
{
    if (level == SOL_SOCKET)
        return "SOL_SOCKET";
    if (level == IPPROTO_TCP)
        return "IPPROTO_TCP";
    if (level == IPPROTO_IPV6)
        return "IPPROTO_IPV6";
    if (level == IPPROTO_IP)
        return "IPPROTO_IP";
    return "level";
}

const char* shutdownText(int how)
{
    if (platform::kIsWindows) {
        return how == platform::kShutWrite  ? "SD_SEND"
               : how == platform::kShutRead ? "SD_RECEIVE"
                                            : "SD_BOTH";
    }
    return how == platform::kShutWrite  ? "SHUT_WR"
           : how == platform::kShutRead ? "SHUT_RD"
                                        : "SHUT_RDWR";
}

// Builds and publishes one event; does nothing but one relaxed load when nobody listens.
// `fill` adds what only this call says (its argument text, addresses): it runs only then, so
// no text is built for a trace nobody reads.
template <typename Fill>
void trace(const Ref& s, Call call, long long result, int error, Fill&& fill,
           const char* data = nullptr, std::size_t bytes = 0)
{
    if (!Trace::enabled())
        return;
    TraceEvent event;
    event.socket = s.id;
    event.protocol = s.protocol;
    event.role = s.role;
    event.call = call;
    event.result = result;
    event.error = error;
    if (error)
        event.errorName = platform::errorName(error);
    if (data && bytes > 0) {
        event.bytes = bytes;
        event.data.assign(data, std::min(bytes, Trace::payloadCap()));
    }
    fill(event);
    Trace::publish(std::move(event));
}

std::size_t moved(const Status& status)
{
    return status.value > 0 ? static_cast<std::size_t>(status.value) : 0;
}

Status fromResult(long long value)
{
    Status status;
    status.value = value;
    if (value < 0)
        status.error = platform::lastError();
    return status;
}

} // namespace

std::string handleText(NativeSocket s)
{
    return (platform::kIsWindows ? "s=" : "fd ") + std::to_string(platform::handleValue(s));
}

NativeSocket openSocket(SocketId id, Protocol protocol, SocketRole role, AddressFamily family,
                        int* error)
{
    const bool tcp = protocol == Protocol::Tcp;
    const NativeSocket s = ::socket(familyValue(family), tcp ? SOCK_STREAM : SOCK_DGRAM,
                                    tcp ? IPPROTO_TCP : IPPROTO_UDP);
    *error = s == platform::kInvalidSocket ? platform::lastError() : 0;
    if (s != platform::kInvalidSocket)
        g_openSockets.fetch_add(1, std::memory_order_relaxed);
    trace({id, protocol, s, role}, Call::Socket,
          s == platform::kInvalidSocket ? -1 : static_cast<long long>(platform::handleValue(s)),
          *error, [&](TraceEvent& e) {
              e.args = familyText(family);
              e.args += tcp ? ", SOCK_STREAM, IPPROTO_TCP" : ", SOCK_DGRAM, IPPROTO_UDP";
          });
    return s;
}

Status setOption(const Ref& s, int level, int name, int value, const char* text)
{
    // Windows takes const char* and BOOL/DWORD-sized values; an int fits both.
    const Status status = fromResult(
        ::setsockopt(s.handle, level, name, reinterpret_cast<const char*>(&value), sizeof value));
    trace(s, Call::Setsockopt, status.value, status.error, [&](TraceEvent& e) {
        e.args = handleText(s.handle) + ", " + levelText(level) + ", " + text + ", " +
                 std::to_string(value);
    });
    return status;
}

Status setNonBlocking(const Ref& s)
{
    const Status status = fromResult(platform::setNonBlocking(s.handle));
    trace(s, Call::SetNonBlocking, status.value, status.error, [&](TraceEvent& e) {
        e.args = handleText(s.handle) +
                 (platform::kIsWindows ? ", FIONBIO, 1" : ", F_SETFL, O_NONBLOCK");
    });
    return status;
}

Status bind(const Ref& s, const SocketAddress& address)
{
    const Status status = fromResult(::bind(s.handle, static_cast<const sockaddr*>(address.data()),
                                            static_cast<platform::SockLen>(address.length())));
    trace(s, Call::Bind, status.value, status.error, [&](TraceEvent& e) {
        e.localAddress = address.toString();
        e.args = handleText(s.handle) + ", " + e.localAddress;
    });
    return status;
}

Status listen(const Ref& s, int backlog)
{
    const Status status = fromResult(::listen(s.handle, backlog));
    trace(s, Call::Listen, status.value, status.error, [&](TraceEvent& e) {
        e.args = handleText(s.handle) + ", backlog " + std::to_string(backlog);
    });
    return status;
}

NativeSocket accept(const Ref& listener, SocketId newId, SocketAddress* peer, int* error)
{
    platform::SockLen length = static_cast<platform::SockLen>(SocketAddress::capacity());
    const NativeSocket s = ::accept(listener.handle, static_cast<sockaddr*>(peer->data()), &length);
    if (s == platform::kInvalidSocket) {
        *error = platform::lastError();
        peer->setLength(0);
        trace(listener, Call::Accept, -1, *error,
              [&](TraceEvent& e) { e.args = handleText(listener.handle); });
        return s;
    }
    *error = 0;
    g_openSockets.fetch_add(1, std::memory_order_relaxed);
    peer->setLength(static_cast<std::uint32_t>(length));
    trace(listener, Call::Accept, static_cast<long long>(platform::handleValue(s)), 0,
          [&](TraceEvent& e) {
              e.acceptedSocket = newId;
              e.peerAddress = peer->toString();
              e.args = handleText(listener.handle) + " -> #" + std::to_string(newId) + " from " +
                       e.peerAddress;
          });
    return s;
}

Status connect(const Ref& s, const SocketAddress& address)
{
    const Status status =
        fromResult(::connect(s.handle, static_cast<const sockaddr*>(address.data()),
                             static_cast<platform::SockLen>(address.length())));
    trace(s, Call::Connect, status.value, status.error, [&](TraceEvent& e) {
        e.peerAddress = address.toString();
        e.args = handleText(s.handle) + ", " + e.peerAddress;
    });
    return status;
}

Status pendingError(const Ref& s)
{
    int value = 0;
    platform::SockLen length = sizeof value;
    Status status = fromResult(
        ::getsockopt(s.handle, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&value), &length));
    trace(s, Call::Getsockopt, status.value, status.error, [&](TraceEvent& e) {
        e.args = handleText(s.handle) + ", SOL_SOCKET, SO_ERROR";
        if (!status.ok())
            return;
        PendingError pending;
        pending.code = value;
        if (value)
            pending.name = platform::errorName(value);
        e.args += " -> " + std::to_string(value) + (value ? " " + pending.name : std::string());
        e.soError = std::move(pending);
    });
    if (status.ok())
        status.value = value;
    return status;
}

SocketAddress localAddress(const Ref& s)
{
    SocketAddress address;
    platform::SockLen length = static_cast<platform::SockLen>(SocketAddress::capacity());
    const Status status =
        fromResult(::getsockname(s.handle, static_cast<sockaddr*>(address.data()), &length));
    if (status.ok())
        address.setLength(static_cast<std::uint32_t>(length));
    trace(s, Call::Getsockname, status.value, status.error, [&](TraceEvent& e) {
        e.args = handleText(s.handle);
        if (status.ok()) {
            e.localAddress = address.toString();
            e.args += " -> " + e.localAddress;
        }
    });
    return address;
}

Status send(const Ref& s, const char* data, std::size_t length)
{
    const Status status = fromResult(
        ::send(s.handle, data, static_cast<platform::IoSize>(length), platform::kSendFlags));
    trace(
        s, Call::Send, status.value, status.error,
        [&](TraceEvent& e) {
            e.args = handleText(s.handle) + ", " + std::to_string(length) + " bytes";
        },
        data, moved(status));
    return status;
}

Status recv(const Ref& s, char* buffer, std::size_t capacity)
{
    const Status status =
        fromResult(::recv(s.handle, buffer, static_cast<platform::IoSize>(capacity), 0));
    trace(
        s, Call::Recv, status.value, status.error,
        [&](TraceEvent& e) { e.args = handleText(s.handle) + ", " + std::to_string(capacity); },
        buffer, moved(status));
    return status;
}

Status sendTo(const Ref& s, const SocketAddress& to, const char* data, std::size_t length)
{
    const Status status = fromResult(::sendto(
        s.handle, data, static_cast<platform::IoSize>(length), platform::kSendFlags,
        static_cast<const sockaddr*>(to.data()), static_cast<platform::SockLen>(to.length())));
    trace(
        s, Call::Sendto, status.value, status.error,
        [&](TraceEvent& e) {
            e.peerAddress = to.toString();
            e.args =
                handleText(s.handle) + ", " + std::to_string(length) + " bytes, " + e.peerAddress;
        },
        data, moved(status));
    return status;
}

Status recvFrom(const Ref& s, char* buffer, std::size_t capacity, SocketAddress* from,
                bool* truncated)
{
    platform::SockLen length = static_cast<platform::SockLen>(SocketAddress::capacity());
    Status status;
    status.value =
        platform::receiveDatagram(s.handle, buffer, capacity, static_cast<sockaddr*>(from->data()),
                                  &length, truncated, &status.error);
    from->setLength(status.ok() ? static_cast<std::uint32_t>(length) : 0);
    trace(
        s, Call::Recvfrom, status.value, status.error,
        [&](TraceEvent& e) {
            e.args = handleText(s.handle) + ", " + std::to_string(capacity);
            if (status.ok()) {
                e.peerAddress = from->toString();
                e.args += " <- " + e.peerAddress;
            }
            if (*truncated)
                e.args += " (truncated)";
        },
        buffer, moved(status));
    return status;
}

Status shutdown(const Ref& s, int how)
{
    const Status status = fromResult(::shutdown(s.handle, how));
    trace(s, Call::Shutdown, status.value, status.error,
          [&](TraceEvent& e) { e.args = handleText(s.handle) + ", " + shutdownText(how); });
    return status;
}

Status close(const Ref& s)
{
    const Status status = fromResult(platform::closeSocket(s.handle));
    g_openSockets.fetch_sub(1, std::memory_order_relaxed);
    trace(s, Call::Close, status.value, status.error,
          [&](TraceEvent& e) { e.args = handleText(s.handle); });
    return status;
}

Status setLingerZero(const Ref& s)
{
    linger value{};
    value.l_onoff = 1;
    value.l_linger = 0;
    const Status status = fromResult(::setsockopt(
        s.handle, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&value), sizeof value));
    trace(s, Call::Setsockopt, status.value, status.error, [&](TraceEvent& e) {
        e.args = handleText(s.handle) + ", SOL_SOCKET, SO_LINGER, {on, 0 s}";
    });
    return status;
}

void publish(TraceEvent&& event)
{
    if (Trace::enabled())
        Trace::publish(std::move(event));
}

std::size_t openSocketCount()
{
    const long long n = g_openSockets.load(std::memory_order_relaxed);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
}

} // namespace netcore::ops
