// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Every socket call netcore makes goes through these wrappers, which make the call and publish
// it as a trace event (only when someone subscribes: otherwise the trace costs one relaxed
// atomic load, and no argument text is built). Each returns what the call returned and the error
// number (0 on success), so callers never read errno or WSAGetLastError themselves.

#include "netcore/address.h"
#include "netcore/trace.h"
#include "platform/platform.h"

#include <cstddef>
#include <string>

namespace netcore::ops {

using platform::NativeSocket;

struct Status
{
    long long value = 0; // the call's return value
    int error = 0;       // 0, or the platform error number
    bool ok() const { return error == 0; }
};

// Identifies the socket in the trace, with what it is for (every event carries the role).
struct Ref
{
    SocketId id;
    Protocol protocol;
    NativeSocket handle;
    SocketRole role = SocketRole::Unknown;
};

NativeSocket openSocket(SocketId id, Protocol protocol, SocketRole role, AddressFamily family,
                        int* error);
Status setOption(const Ref& s, int level, int name, int value, const char* text);
Status setNonBlocking(const Ref& s);
Status bind(const Ref& s, const SocketAddress& address);
Status listen(const Ref& s, int backlog);
// The new socket or kInvalidSocket; *peer gets the peer's address. The event names `newId` (the
// id the caller gives the new socket) and the peer.
NativeSocket accept(const Ref& listener, SocketId newId, SocketAddress* peer, int* error);
Status connect(const Ref& s, const SocketAddress& address);
// getsockopt(SO_ERROR): the pending error (e.g. of a non-blocking connect) in .value.
Status pendingError(const Ref& s);
SocketAddress localAddress(const Ref& s);
Status send(const Ref& s, const char* data, std::size_t length);
Status recv(const Ref& s, char* buffer, std::size_t capacity);
Status sendTo(const Ref& s, const SocketAddress& to, const char* data, std::size_t length);
// recvfrom; *truncated says whether the datagram did not fit.
Status recvFrom(const Ref& s, char* buffer, std::size_t capacity, SocketAddress* from,
                bool* truncated);
Status shutdown(const Ref& s, int how);
Status close(const Ref& s);
// SO_LINGER {on, 0}: the next close sends RST (an abortive close).
Status setLingerZero(const Ref& s);

// Publishes an event built by the caller (loops use this for their wake-ups).
void publish(TraceEvent&& event);

// Sockets open right now (opened and accepted minus closed), for leak checks.
std::size_t openSocketCount();

// Short argument texts for the trace.
std::string handleText(NativeSocket s);

} // namespace netcore::ops
