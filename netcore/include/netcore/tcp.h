// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// TCP: a listener, a connector and the connection both produce. All of them belong to one
// EventLoop and must be used in its thread (post() to it from elsewhere), and destroyed there or
// after the loop has stopped. Errors reach the handlers as NetError values; nothing throws.

#include "netcore/address.h"
#include "netcore/error.h"
#include "netcore/socket_state.h"
#include "netcore/trace.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace netcore {

class EventLoop;
class TlsSession;

struct ConnectionStats
{
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t recvCalls = 0;
    std::uint64_t sendCalls = 0;
    std::uint64_t partialSends = 0; // send() took fewer bytes than offered
    std::uint64_t wouldBlocks = 0;  // send() or recv() said "not now"
};

class TcpConnection : public std::enable_shared_from_this<TcpConnection>
{
public:
    class Impl; // netcore-private
    explicit TcpConnection(std::unique_ptr<Impl> impl);
    ~TcpConnection();
    TcpConnection(const TcpConnection&) = delete;
    TcpConnection& operator=(const TcpConnection&) = delete;

    using DataHandler = std::function<void(TcpConnection&, std::string_view)>;
    using EventHandler = std::function<void(TcpConnection&)>;
    // Called once, when the socket has been closed. An empty error means an orderly close (by
    // either side); otherwise what went wrong, e.g. ECONNRESET from recv.
    using CloseHandler = std::function<void(TcpConnection&, const NetError&)>;

    // How long close() waits for the peer's FIN after sending its own before closing anyway.
    static constexpr std::chrono::seconds GracefulCloseTimeout{5};

    // --- any thread -------------------------------------------------------------------------
    SocketId id() const;
    EventLoop& loop() const;

    // --- loop thread only -------------------------------------------------------------------
    SocketState state() const;
    const SocketAddress& localAddress() const;
    const SocketAddress& peerAddress() const;
    const ConnectionStats& stats() const;
    std::size_t outboundBytes() const; // queued, not yet accepted by send()
    bool peerShutDown() const;         // we received the peer's FIN (recv returned 0)
    bool shutDownSent() const;         // we sent our FIN

    void setDataHandler(DataHandler handler);
    // The peer sent FIN (recv returned 0) while we may still send: a half-close. Without a
    // handler the connection flushes what is queued and closes gracefully.
    void setPeerShutdownHandler(EventHandler handler);
    void setCloseHandler(CloseHandler handler);
    // The outbound buffer became empty after having had to wait.
    void setDrainedHandler(EventHandler handler);

    // TLS between the socket and this connection's user (netcore/tls.h), set before start():
    // the data handler then gets plaintext and send() takes plaintext, while the socket (and
    // the trace) carries the records. A client session's ClientHello goes at start(). A failed
    // session sends its alert (or, to a plain peer on a TLS port, its reply in the clear), and
    // the connection closes gracefully with the TLS error (TlsErrc), as does a peer that closes
    // during the handshake (TlsErrc::closedInHandshake).
    void useTls(std::unique_ptr<TlsSession> session);
    // The session (nullptr: plain TCP); its info() once the handshake has ended.
    const TlsSession* tls() const;
    // The handshake has ended (before the first plaintext of the peer is delivered).
    void setTlsReadyHandler(EventHandler handler);

    // Starts reading. Call once, after setting the handlers.
    void start();
    // Queues bytes; they go out at the end of this turn of the loop (all that was queued in
    // one turn in one send(); more than 64 KiB queued in one turn goes out as it passes that
    // mark, so no buffer grows to megabytes), and what the socket does not take then goes out
    // as it becomes writable (partial sends are normal). False if the connection is closing or
    // closed.
    bool send(std::string_view data);
    // Half-close: once the queue is flushed, shutdown(send) (FIN); reading goes on.
    void shutdownSend();
    // Graceful close: flush, shutdown(send), read until the peer's FIN (at most
    // GracefulCloseTimeout), then close.
    void close();
    // Abortive close: SO_LINGER 0 and close, so the peer gets a reset; queued bytes are lost.
    void abort();
    // Flow control: stop or resume reading (unread input then stays in the kernel).
    void setReading(bool on);

    Impl& impl() { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

struct ListenOptions
{
    std::string host;       // "" = every interface: IPv6 "::" dual-stack, else IPv4 0.0.0.0
    std::uint16_t port = 0; // 0 = an ephemeral port, see TcpListener::localAddress()
    // The accept queue. A storm of connections beyond it is not refused but stalled: Linux
    // drops the handshake's last ACK and retries with back-off (1, 2, 4, 8 s ...), so keep it
    // deep. The system caps it (somaxconn, 4096 here).
    int backlog = 1024;
    // What the trace calls the listener and the connections it accepts.
    SocketRole role = SocketRole::Listener;
    SocketRole acceptedRole = SocketRole::Accepted;
};

class TcpListener
{
public:
    class Impl;
    explicit TcpListener(std::unique_ptr<Impl> impl);
    ~TcpListener();
    TcpListener(const TcpListener&) = delete;
    TcpListener& operator=(const TcpListener&) = delete;

    // A new connection, registered with the loop but not reading yet: set its handlers, keep
    // the pointer, and call start(). Dropping it closes it.
    using AcceptHandler = std::function<void(std::shared_ptr<TcpConnection>)>;
    // accept() failed or a connection had to be refused (FD_SETSIZE, out of descriptors): the
    // listener goes on.
    using ErrorHandler = std::function<void(const NetError&)>;

    // Loop thread. socket, setsockopt (SO_REUSEADDR / SO_EXCLUSIVEADDRUSE, IPV6_V6ONLY off),
    // bind, listen, non-blocking, and watching for connections. nullptr and *error on failure,
    // e.g. "bind [::]:6667: EADDRINUSE (98): Address already in use".
    static std::unique_ptr<TcpListener> open(EventLoop& loop, const ListenOptions& options,
                                             AcceptHandler onAccept, ErrorHandler onError,
                                             NetError* error);

    SocketId id() const;
    SocketState state() const;                 // Listening, then Closed
    const SocketAddress& localAddress() const; // with the real port when 0 was asked
    bool isDualStack() const;                  // an IPv6 socket that also accepts IPv4
    void close();                              // loop thread

private:
    std::unique_ptr<Impl> m_impl;
};

struct ConnectAttempt
{
    SocketAddress address;
    SocketId socket = 0;
    NetError error; // empty: this attempt connected
};

struct ConnectOptions
{
    std::string host;
    std::uint16_t port = 0;
    std::chrono::milliseconds attemptTimeout{10000};
    SocketRole role = SocketRole::Outgoing; // what the trace calls the socket
    // Replaces getaddrinfo (tests give real results in a chosen order). Optional.
    std::function<ResolveResult(const std::string& host, std::uint16_t port)> resolver;
};

// getaddrinfo, then a non-blocking connect to each address in turn until one succeeds. Every
// attempt and its result is reported. The resolution runs in the loop thread and may block it
// briefly for names that are not numeric.
class TcpConnector : public std::enable_shared_from_this<TcpConnector>
{
public:
    class Impl;
    explicit TcpConnector(std::unique_ptr<Impl> impl);
    ~TcpConnector();

    // On success `connection` is registered but not reading (set handlers, then start());
    // on failure it is null and `error` is the last attempt's error (or the resolver's).
    using Handler =
        std::function<void(std::shared_ptr<TcpConnection> connection, const NetError& error,
                           const std::vector<ConnectAttempt>& attempts)>;

    // Loop thread. The handler runs later in the loop thread, never inside this call. The
    // connector keeps itself alive until it has called the handler or been cancelled.
    static std::shared_ptr<TcpConnector> connect(EventLoop& loop, ConnectOptions options,
                                                 Handler handler);
    // Loop thread: stop trying; the handler is not called.
    void cancel();

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace netcore
