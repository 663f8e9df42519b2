// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The private halves of TcpConnection and friends: they are the Channels the loop calls.

#include "loops/channel.h"
#include "netcore/event_loop.h"
#include "netcore/tcp.h"
#include "sockets/buffer.h"
#include "sockets/deferred_drop.h"
#include "sockets/socket_ops.h"

#include "netcore/tls.h"

#include <optional>

namespace netcore {

class TcpConnection::Impl final : public Channel
{
public:
    // Bytes queued in one turn beyond which send() does not wait for the end of the turn.
    static constexpr std::size_t EagerSendBytes = 64 * 1024;

    // Takes over a connected socket (accepted, or connected by TcpConnector) and registers it
    // with the loop (not reading yet). Sets TCP_NODELAY (chat lines are small) and reads the
    // local address. On failure (the loop cannot hold it) the socket is closed and *error set.
    // `nonBlocking`: the socket is non-blocking already (a connector's socket is; an accepted
    // one does not inherit it on Linux).
    // `role`: Accepted or Outgoing (the trace says it on every call of the socket).
    static std::shared_ptr<TcpConnection> adopt(EventLoop& loop, SocketId id,
                                                platform::NativeSocket handle, SocketRole role,
                                                const SocketAddress& peer, bool nonBlocking,
                                                NetError* error);

    Impl(EventLoop& loop, SocketId id, SocketRole role, platform::NativeSocket handle);
    ~Impl() override;

    void handleEvent(unsigned readiness, int notifiedError) override;
    void handleLoopStopping() override;

    bool send(std::string_view data);
    // Bytes for the socket as they are (TLS records, or plain TCP's data).
    void queue(std::string_view data);
    void shutdownSend();
    void close();
    void abort();
    void start();
    void setReading(bool on);
    // Closes the socket now and reports `error` (empty for an orderly close) once.
    void closeNow(const NetError& error);

    ops::Ref ref() const { return {id(), Protocol::Tcp, handle(), role()}; }

    EventLoop& m_loop;
    TcpConnection* m_owner = nullptr;
    SocketState m_state = SocketState::Connected;
    SocketAddress m_local;
    SocketAddress m_peer;
    ConnectionStats m_stats;
    OutputBuffer m_out;
    bool m_registered = false;
    bool m_started = false;
    bool m_reading = true;  // the owner's wish (flow control)
    bool m_closing = false; // close() asked for: discard input, FIN after the queue
    bool m_sentFin = false;
    bool m_receivedFin = false;
    bool m_shutdownPending = false; // FIN once the queue is empty
    bool m_waitedForWrite = false;
    bool m_pendingPeerClosed = false; // FD_CLOSE seen while not reading
    bool m_flushScheduled = false;    // a flush waits for the end of this turn of the loop
    int m_sendError = 0; // an eager send() failed: the flush at the end of the turn reports it
    std::optional<EventLoop::TimerId> m_closeTimer;

    // TLS (tcp_tls.cpp): the session, and the error it ended with (reported at the close).
    std::unique_ptr<TlsSession> m_tls;
    NetError m_tlsError;
    bool m_tlsReadyReported = false;
    EventHandler m_onTlsReady;
    void tlsStart();
    void tlsReceived(std::string_view records);
    bool tlsSend(std::string_view plain); // gathered for the end of the turn
    bool tlsEncrypt();                    // what was gathered, into records (queued)
    std::string m_tlsPlain;               // plaintext sent this turn, not yet encrypted
    std::string m_tlsWire;                // its records, on their way into m_out
    bool m_encryptingInFlush = false;     // flush() encrypts: it sends what is queued itself
    // A TLS record's worth of plaintext (2^14 bytes): encrypted at once, not at the turn's end.
    static constexpr std::size_t TlsRecordPlain = 16 * 1024;
    void tlsClose();  // our close_notify, before the FIN
    void tlsFailed(); // the session failed: its alert goes, then a graceful close
    // The trace: the handshake's steps so far (and "Established" once), and at the close, a
    // handshake that never ended.
    void tlsTraceSteps();
    void tlsTraceEnd(const NetError& why);
    bool m_tlsEstablishedTraced = false;
    bool m_tlsEndTraced = false;

    DataHandler m_onData;
    EventHandler m_onPeerShutdown;
    CloseHandler m_onClose;
    EventHandler m_onDrained;
    DeferredDrop m_handlers{[this] {
        m_onData = nullptr;
        m_onPeerShutdown = nullptr;
        m_onClose = nullptr;
        m_onDrained = nullptr;
        m_onTlsReady = nullptr;
    }};

private:
    bool canRead() const;
    void readSome(int budget);
    void flush();
    // Reads what the peer sent before it went, then fails (`operation`: send, shutdown).
    void failSend(int error, const char* operation);
    void sendEagerly();
    int sendQueued(); // 0, or the error of a failed send()
    void scheduleFlush();
    void handlePeerFin();
    void sendFin();
    void updateInterest();
    void fail(int error, const char* operation);
};

} // namespace netcore
