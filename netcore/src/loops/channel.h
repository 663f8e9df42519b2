// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A Channel is one socket as an event loop sees it: the handle, what the owner wants to hear
// about, and the handler the loop calls. Sockets own their Channel; the loop only points to it
// between addChannel() and removeChannel(). Everything here runs in the loop thread.

#include "netcore/trace.h"
#include "platform/platform.h"

#include <cstdint>

namespace netcore {

// What the loop saw. The readiness loops report Readable/Writable/Exceptional; asyncselect maps
// FD_ACCEPT/FD_READ to Readable, FD_WRITE to Writable, FD_CONNECT to Writable (or an error) and
// FD_CLOSE to PeerClosed.
enum Readiness : unsigned
{
    Readable = 1u << 0,
    Writable = 1u << 1,
    Exceptional = 1u << 2, // select()'s except set: on Windows, a failed non-blocking connect
    PeerClosed = 1u << 3,  // FD_CLOSE: drain with recv until it returns 0
};

// What kind of socket, so asyncselect knows which FD_* events to register.
enum class ChannelKind : std::uint8_t
{
    Listener,   // FD_ACCEPT
    Connecting, // FD_CONNECT (then switches to Stream)
    Stream,     // FD_READ | FD_WRITE | FD_CLOSE
    Datagram,   // FD_READ | FD_WRITE
};

class Channel
{
public:
    Channel(SocketId id, Protocol protocol, SocketRole role, platform::NativeSocket handle,
            ChannelKind kind)
        : m_id(id)
        , m_protocol(protocol)
        , m_role(role)
        , m_handle(handle)
        , m_kind(kind)
    {}
    virtual ~Channel() = default;
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    SocketId id() const { return m_id; }
    Protocol protocol() const { return m_protocol; }
    // What the socket is for; the loops put it on the trace events they publish for it.
    SocketRole role() const { return m_role; }
    platform::NativeSocket handle() const { return m_handle; }
    ChannelKind kind() const { return m_kind; }
    void setKind(ChannelKind kind) { m_kind = kind; }

    bool wantsRead() const { return m_wantRead; }
    bool wantsWrite() const { return m_wantWrite; }
    // Connecting sockets also watch the except set: Windows reports a failed connect there.
    bool wantsExcept() const { return m_kind == ChannelKind::Connecting; }
    void setWantRead(bool on) { m_wantRead = on; }
    void setWantWrite(bool on) { m_wantWrite = on; }

    // The loop saw `readiness` (Readiness bits). `notifiedError` is the error carried by the
    // notification itself (WSAGETSELECTERROR for asyncselect), 0 otherwise.
    virtual void handleEvent(unsigned readiness, int notifiedError) = 0;
    // The loop is stopping with this channel still registered: remove it and close the socket.
    virtual void handleLoopStopping() = 0;

    // Backend bookkeeping (asyncselect keeps the last registered mask).
    unsigned backendState = 0;

private:
    SocketId m_id;
    Protocol m_protocol;
    SocketRole m_role;
    platform::NativeSocket m_handle;
    ChannelKind m_kind;
    bool m_wantRead = false;
    bool m_wantWrite = false;
};

} // namespace netcore
