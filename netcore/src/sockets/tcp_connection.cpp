// SPDX-License-Identifier: GPL-3.0-or-later
#include "sockets/tcp_impl.h"

#include <limits>
#include <memory>
#include <vector>

namespace netcore {

// --- TcpConnection (the public face) -------------------------------------------------------------

TcpConnection::TcpConnection(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
    m_impl->m_owner = this;
}

TcpConnection::~TcpConnection()
{
    if (m_impl->m_state != SocketState::Closed) {
        // Dropped while open: close abortively, without calling back into a dying owner.
        m_impl->m_loop.assertInLoopThread("destroying an open TcpConnection");
        m_impl->m_onClose = nullptr;
        m_impl->abort();
    }
}

SocketId TcpConnection::id() const
{
    return m_impl->id();
}

EventLoop& TcpConnection::loop() const
{
    return m_impl->m_loop;
}

SocketState TcpConnection::state() const
{
    return m_impl->m_state;
}

const SocketAddress& TcpConnection::localAddress() const
{
    return m_impl->m_local;
}

const SocketAddress& TcpConnection::peerAddress() const
{
    return m_impl->m_peer;
}

const ConnectionStats& TcpConnection::stats() const
{
    return m_impl->m_stats;
}

std::size_t TcpConnection::outboundBytes() const
{
    return m_impl->m_out.size();
}

bool TcpConnection::peerShutDown() const
{
    return m_impl->m_receivedFin;
}

bool TcpConnection::shutDownSent() const
{
    return m_impl->m_sentFin;
}

void TcpConnection::setDataHandler(DataHandler handler)
{
    m_impl->m_onData = std::move(handler);
}

void TcpConnection::setPeerShutdownHandler(EventHandler handler)
{
    m_impl->m_onPeerShutdown = std::move(handler);
}

void TcpConnection::setCloseHandler(CloseHandler handler)
{
    m_impl->m_onClose = std::move(handler);
}

void TcpConnection::setDrainedHandler(EventHandler handler)
{
    m_impl->m_onDrained = std::move(handler);
}

void TcpConnection::useTls(std::unique_ptr<TlsSession> session)
{
    m_impl->m_tls = std::move(session);
}

const TlsSession* TcpConnection::tls() const
{
    return m_impl->m_tls.get();
}

void TcpConnection::setTlsReadyHandler(EventHandler handler)
{
    m_impl->m_onTlsReady = std::move(handler);
}

void TcpConnection::start()
{
    m_impl->start();
}

bool TcpConnection::send(std::string_view data)
{
    return m_impl->send(data);
}

void TcpConnection::shutdownSend()
{
    m_impl->shutdownSend();
}

void TcpConnection::close()
{
    m_impl->close();
}

void TcpConnection::abort()
{
    m_impl->abort();
}

void TcpConnection::setReading(bool on)
{
    m_impl->setReading(on);
}

// --- the implementation --------------------------------------------------------------------------

std::shared_ptr<TcpConnection> TcpConnection::Impl::adopt(EventLoop& loop, SocketId id,
                                                          platform::NativeSocket handle,
                                                          SocketRole role,
                                                          const SocketAddress& peer,
                                                          bool nonBlocking, NetError* error)
{
    auto impl = std::make_unique<Impl>(loop, id, role, handle);
    impl->m_peer = peer;
    const ops::Ref r = impl->ref();
    if (!nonBlocking) {
        if (const auto st = ops::setNonBlocking(r); !st.ok()) {
            *error = {makeSocketError(st.error), platform::nonBlockingCallName(),
                      "#" + std::to_string(id) + " " + peer.toString()};
            ops::close(r);
            impl->m_state = SocketState::Closed;
            return nullptr;
        }
    }
    ops::setOption(r, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
    impl->m_local = ops::localAddress(r);
    if (const std::error_code ec = loop.addChannel(*impl)) {
        *error = {ec, "watch", "#" + std::to_string(id) + " " + peer.toString()};
        ops::close(r);
        impl->m_state = SocketState::Closed;
        return nullptr;
    }
    impl->m_registered = true;
    return std::make_shared<TcpConnection>(std::move(impl));
}

TcpConnection::Impl::Impl(EventLoop& loop, SocketId id, SocketRole role,
                          platform::NativeSocket handle)
    : Channel(id, Protocol::Tcp, role, handle, ChannelKind::Stream)
    , m_loop(loop)
{}

TcpConnection::Impl::~Impl() = default;

void TcpConnection::Impl::start()
{
    m_loop.assertInLoopThread("TcpConnection::start");
    if (m_started || m_state == SocketState::Closed)
        return;
    m_started = true;
    updateInterest();
    if (m_tls)
        tlsStart();
}

bool TcpConnection::Impl::canRead() const
{
    // While closing, read (and discard) until the peer's FIN even if the owner paused reading.
    return m_started && !m_receivedFin && (m_reading || m_closing) &&
           m_state != SocketState::Closed;
}

void TcpConnection::Impl::updateInterest()
{
    if (!m_registered)
        return;
    const bool read = canRead();
    // A flush already scheduled for this turn needs no writability event.
    const bool write = !m_out.empty() && !m_flushScheduled;
    if (read != wantsRead() || write != wantsWrite()) {
        setWantRead(read);
        setWantWrite(write);
        m_loop.updateChannel(*this);
    }
    if (read && m_pendingPeerClosed) {
        // An FD_CLOSE arrived while we were not reading: handle it now, on the next turn.
        m_pendingPeerClosed = false;
        std::weak_ptr<TcpConnection> weak =
            m_owner ? m_owner->weak_from_this() : std::weak_ptr<TcpConnection>();
        m_loop.post([weak] {
            if (const auto self = weak.lock())
                self->impl().handleEvent(PeerClosed, 0);
        });
    }
}

void TcpConnection::Impl::setReading(bool on)
{
    m_loop.assertInLoopThread("TcpConnection::setReading");
    m_reading = on;
    updateInterest();
}

void TcpConnection::Impl::handleEvent(unsigned readiness, int notifiedError)
{
    // The owner may drop its last reference inside a handler; stay alive until we return.
    const std::shared_ptr<TcpConnection> guard =
        m_owner ? m_owner->weak_from_this().lock() : nullptr;
    const DeferredDrop::Scope scope(m_handlers);
    if (m_state == SocketState::Closed)
        return;
    if (notifiedError) {
        fail(notifiedError, (readiness & PeerClosed) ? "FD_CLOSE" : "network event");
        return;
    }
    if ((readiness & PeerClosed) && !canRead()) {
        // FD_CLOSE is posted once: remember it until the owner reads (start, setReading).
        m_pendingPeerClosed = true;
        readiness &= ~PeerClosed;
    }
    if ((readiness & (Readable | PeerClosed | Exceptional)) && canRead()) {
        // FD_CLOSE: drain everything, then the FIN; otherwise as many reads as the loop allows.
        readSome((readiness & PeerClosed) ? std::numeric_limits<int>::max()
                                          : m_loop.readsPerEvent());
        if (m_state == SocketState::Closed)
            return;
        if ((readiness & PeerClosed) && !m_receivedFin) {
            handlePeerFin();
            if (m_state == SocketState::Closed)
                return;
        }
    }
    if (readiness & Writable)
        flush();
}

void TcpConnection::Impl::readSome(int budget)
{
    std::vector<char>& buffer = m_loop.scratchBuffer();
    const bool drain = budget == std::numeric_limits<int>::max();
    while (budget-- > 0 && canRead()) {
        const ops::Status st = ops::recv(ref(), buffer.data(), buffer.size());
        if (st.value > 0) {
            ++m_stats.recvCalls;
            m_stats.bytesIn += static_cast<std::uint64_t>(st.value);
            const std::string_view data(buffer.data(), std::size_t(st.value));
            if (m_tls)
                tlsReceived(data);
            else if (!m_closing && m_onData && m_owner)
                m_onData(*m_owner, data);
            if (m_state == SocketState::Closed)
                return;
            // A short read emptied the socket: the loop's next wait reports what comes later
            // (select and epoll are level-triggered), so do not spend a recv() on would-block.
            // Draining after FD_CLOSE reads on to the end of the stream.
            if (!drain && std::size_t(st.value) < buffer.size())
                return;
            continue;
        }
        if (st.value == 0) {
            ++m_stats.recvCalls;
            handlePeerFin();
            return;
        }
        if (platform::isWouldBlock(st.error)) {
            ++m_stats.wouldBlocks;
            return;
        }
        if (platform::isInterrupted(st.error))
            continue;
        fail(st.error, "recv");
        return;
    }
}

void TcpConnection::Impl::handlePeerFin()
{
    m_receivedFin = true;
    if (m_tls && !m_tls->handshakeDone() && !m_tlsError)
        m_tlsError = {make_error_code(TlsErrc::closedInHandshake), "TLS handshake",
                      m_peer.toString()};
    if (m_sentFin) {
        // Both directions are done: an orderly close.
        closeNow({});
        return;
    }
    m_state = SocketState::HalfClosed;
    updateInterest();
    if (m_closing) {
        if (!m_shutdownPending)
            sendFin();
        return;
    }
    if (m_onPeerShutdown && m_owner)
        m_onPeerShutdown(*m_owner);
    else
        close();
}

bool TcpConnection::Impl::send(std::string_view data)
{
    m_loop.assertInLoopThread("TcpConnection::send");
    if (m_state == SocketState::Closed || m_closing || m_sentFin || m_shutdownPending)
        return false;
    if (data.empty())
        return true;
    if (m_tls)
        return tlsSend(data);
    queue(data);
    return true;
}

void TcpConnection::Impl::queue(std::string_view data)
{
    if (data.empty() || m_state == SocketState::Closed)
        return;
    // Queued, and sent at the end of this turn of the loop: everything sent to this connection
    // in one turn goes out in one send(), and a failing send() reports the error from there,
    // never from inside the caller's send() (a broadcast walking a member list, say).
    const bool wasEmpty = m_out.empty();
    m_out.append(data);
    if (wasEmpty && !wantsWrite() && !m_encryptingInFlush)
        scheduleFlush();
    // A queue that grows large within one turn (a fast sender's lines to every member) goes out
    // now, in big chunks: waiting for the end of the turn would only grow the buffer, a fresh
    // block of memory to fault in, and delay the receiver.
    if (m_out.size() >= EagerSendBytes && !m_waitedForWrite && !m_sendError)
        sendEagerly();
}

// Sends until the queue is empty or the socket says would-block (then the loop is asked for
// writability at the end of the turn). Going on after a partial send matters for asyncselect:
// FD_WRITE only follows a send that failed with WSAEWOULDBLOCK. Returns 0, or the error of a
// send() that failed.
int TcpConnection::Impl::sendQueued()
{
    while (!m_out.empty()) {
        const ops::Status st = ops::send(ref(), m_out.data(), m_out.size());
        if (st.value >= 0) {
            ++m_stats.sendCalls;
            const auto n = static_cast<std::size_t>(st.value);
            if (n < m_out.size())
                ++m_stats.partialSends;
            m_stats.bytesOut += n;
            m_out.consume(n);
            continue;
        }
        if (platform::isWouldBlock(st.error)) {
            ++m_stats.wouldBlocks;
            m_waitedForWrite = true;
            return 0;
        }
        if (!platform::isInterrupted(st.error))
            return st.error;
    }
    return 0;
}

void TcpConnection::Impl::sendEagerly()
{
    // Never fail inside the caller's send(): the flush at the end of the turn reports it.
    if (const int error = sendQueued()) {
        m_sendError = error;
        scheduleFlush();
    }
}

namespace {

// The connections that queued bytes in this turn of the loop, flushed together by one task at
// its end: one deferred task (and allocation) per turn rather than one per connection, which
// matters when a line goes to a thousand members. A loop runs on one thread and only that
// thread queues bytes, so the batch being filled is found through a thread_local pointer (a
// plain pointer: thread_local objects with destructors are fragile on MinGW).
struct FlushBatch
{
    std::vector<std::weak_ptr<TcpConnection>> connections;
};
thread_local FlushBatch* t_flushBatch = nullptr;

} // namespace

void TcpConnection::Impl::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    if (!t_flushBatch) {
        auto batch = std::make_shared<FlushBatch>();
        t_flushBatch = batch.get();
        m_loop.deferToEndOfTurn([batch] {
            // From here on, sends start the next batch (flushing may call handlers that send).
            if (t_flushBatch == batch.get())
                t_flushBatch = nullptr;
            for (const auto& weak : batch->connections) {
                const auto self = weak.lock();
                if (!self)
                    continue;
                Impl& impl = self->impl();
                impl.m_flushScheduled = false;
                if (impl.m_state == SocketState::Closed)
                    continue;
                const DeferredDrop::Scope scope(impl.m_handlers); // flushing may call handlers
                impl.flush();
            }
        });
    }
    t_flushBatch->connections.push_back(m_owner ? m_owner->weak_from_this()
                                                : std::weak_ptr<TcpConnection>());
}

void TcpConnection::Impl::flush()
{
    if (m_tls && !m_tlsPlain.empty()) {
        // The records are sent just below: queueing them must not schedule another flush (a
        // second batch, and a second pass over every member, each turn).
        m_encryptingInFlush = true;
        tlsEncrypt();
        m_encryptingInFlush = false;
        if (m_state == SocketState::Closed)
            return;
    }
    if (m_sendError) {
        failSend(m_sendError, "send");
        return;
    }
    if (const int error = sendQueued()) {
        failSend(error, "send");
        return;
    }
    updateInterest();
    if (!m_out.empty())
        return;
    if (m_shutdownPending) {
        m_shutdownPending = false;
        sendFin();
        if (m_state == SocketState::Closed)
            return;
    }
    if (m_waitedForWrite) {
        m_waitedForWrite = false;
        if (m_onDrained && m_owner && !m_closing)
            m_onDrained(*m_owner);
    }
}

void TcpConnection::Impl::sendFin()
{
    if (m_sentFin || m_state == SocketState::Closed)
        return;
    const ops::Status st = ops::shutdown(ref(), platform::kShutWrite);
    m_sentFin = true;
    if (!st.ok()) {
        // ENOTCONN or a reset: the peer is gone already (it closed with our last bytes, a TLS
        // close_notify say, unread). What it said before it went is read first.
        failSend(st.error, "shutdown");
        return;
    }
    m_state = SocketState::HalfClosed;
    if (m_receivedFin)
        closeNow({});
}

void TcpConnection::Impl::shutdownSend()
{
    m_loop.assertInLoopThread("TcpConnection::shutdownSend");
    if (m_state == SocketState::Closed || m_sentFin)
        return;
    if (m_tls)
        tlsClose();
    if (m_out.empty())
        sendFin();
    else
        m_shutdownPending = true;
}

void TcpConnection::Impl::close()
{
    m_loop.assertInLoopThread("TcpConnection::close");
    if (m_state == SocketState::Closed || m_closing)
        return;
    m_closing = true;
    if (m_tls && !m_sentFin)
        tlsClose();
    if (m_sentFin && m_receivedFin) {
        closeNow({});
        return;
    }
    if (!m_sentFin) {
        if (m_out.empty())
            sendFin();
        else
            m_shutdownPending = true;
    }
    if (m_state == SocketState::Closed)
        return;
    updateInterest();
    // The peer gets a bounded time to send its FIN; a peer that never does is closed anyway.
    std::weak_ptr<TcpConnection> weak =
        m_owner ? m_owner->weak_from_this() : std::weak_ptr<TcpConnection>();
    m_closeTimer = m_loop.runAfter(GracefulCloseTimeout, [weak] {
        if (const auto self = weak.lock()) {
            self->impl().m_closeTimer.reset();
            self->impl().closeNow({make_error_code(Errc::timedOut), "graceful close",
                                   self->peerAddress().toString()});
        }
    });
}

void TcpConnection::Impl::abort()
{
    m_loop.assertInLoopThread("TcpConnection::abort");
    if (m_state == SocketState::Closed)
        return;
    ops::setLingerZero(ref());
    m_out.clear();
    closeNow({});
}

void TcpConnection::Impl::failSend(int error, const char* operation)
{
    // The peer is gone (EPIPE, ECONNRESET), but what it sent before it went may still wait in
    // our receive queue: its last words (a server's ERROR line with the reason, a client's
    // QUIT). They are delivered first, then the error.
    if (canRead()) {
        readSome(std::numeric_limits<int>::max());
        if (m_state == SocketState::Closed)
            return;
    }
    fail(error, operation);
}

void TcpConnection::Impl::fail(int error, const char* operation)
{
    closeNow({makeSocketError(error), operation, m_peer.toString()});
}

void TcpConnection::Impl::closeNow(const NetError& error)
{
    if (m_state == SocketState::Closed)
        return;
    if (m_closeTimer) {
        m_loop.cancelTimer(*m_closeTimer);
        m_closeTimer.reset();
    }
    if (m_registered) {
        m_loop.removeChannel(*this);
        m_registered = false;
    }
    // A TLS failure is why the connection ended, whatever the close itself said.
    const NetError& why = m_tlsError ? m_tlsError : error;
    if (m_tls)
        tlsTraceEnd(why);
    ops::close(ref());
    m_state = SocketState::Closed;
    m_out.clear();
    CloseHandler handler = std::move(m_onClose);
    m_onClose = nullptr;
    if (handler && m_owner)
        handler(*m_owner, why);
    // Closed for good: let go of what the handlers captured (often this connection's owner).
    m_handlers.request();
}

void TcpConnection::Impl::handleLoopStopping()
{
    const std::shared_ptr<TcpConnection> guard =
        m_owner ? m_owner->weak_from_this().lock() : nullptr;
    closeNow({make_error_code(Errc::loopNotRunning), "loop stopped", m_peer.toString()});
}

} // namespace netcore
