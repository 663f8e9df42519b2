// SPDX-License-Identifier: GPL-3.0-or-later
#include "sockets/tcp_impl.h"

namespace netcore {

// One connect attempt's socket, watched for the result of the non-blocking connect: on POSIX
// it becomes writable either way and SO_ERROR tells; on Windows select() puts a failure in the
// except set, and asyncselect posts FD_CONNECT with the error.
class AttemptChannel final : public Channel
{
public:
    AttemptChannel(TcpConnector::Impl& owner, SocketId id, platform::NativeSocket handle,
                   SocketRole role)
        : Channel(id, Protocol::Tcp, role, handle, ChannelKind::Connecting)
        , m_owner(owner)
    {
        setWantWrite(true);
    }
    void handleEvent(unsigned readiness, int notifiedError) override;
    void handleLoopStopping() override;

private:
    TcpConnector::Impl& m_owner;
};

class TcpConnector::Impl
{
public:
    Impl(EventLoop& loop, ConnectOptions options, Handler handler)
        : m_loop(loop)
        , m_options(std::move(options))
        , m_handler(std::move(handler))
    {}

    ~Impl() { abandonAttempt(); }

    void begin()
    {
        if (m_done)
            return;
        const ResolveResult resolved = m_options.resolver
                                           ? m_options.resolver(m_options.host, m_options.port)
                                           : resolve(m_options.host, m_options.port);
        if (resolved.error) {
            finish(nullptr, resolved.error);
            return;
        }
        m_addresses = resolved.addresses;
        tryNext();
    }

    void tryNext()
    {
        while (!m_done) {
            if (m_next >= m_addresses.size()) {
                finish(nullptr, everyAttemptFailed());
                return;
            }
            const SocketAddress address = m_addresses[m_next++];
            const SocketId id = allocateSocketId();
            int code = 0;
            const platform::NativeSocket s =
                ops::openSocket(id, Protocol::Tcp, m_options.role, address.family(), &code);
            if (s == platform::kInvalidSocket) {
                record(address, id, {makeSocketError(code), "socket", address.toString()});
                continue;
            }
            const ops::Ref r{id, Protocol::Tcp, s, m_options.role};
            if (const auto st = ops::setNonBlocking(r); !st.ok()) {
                record(address, id,
                       {makeSocketError(st.error), platform::nonBlockingCallName(),
                        address.toString()});
                ops::close(r);
                continue;
            }
            // Watch the socket before connect(), as WSAAsyncSelect wants: a refused connect
            // can complete at once, and its FD_CONNECT must not be missed.
            m_current = address;
            m_attempt = std::make_unique<AttemptChannel>(*this, id, s, m_options.role);
            if (const std::error_code ec = m_loop.addChannel(*m_attempt)) {
                record(address, id, {ec, "watch", address.toString()});
                m_attempt.reset();
                ops::close(r);
                continue;
            }
            const ops::Status st = ops::connect(r, address);
            if (st.ok()) {
                // Connected at once (it happens on loopback).
                m_loop.removeChannel(*m_attempt);
                m_attempt.reset();
                connected(address, id, s);
                return;
            }
            if (!platform::isConnectInProgress(st.error)) {
                failAttempt({makeSocketError(st.error), "connect", address.toString()});
                return;
            }
            m_attemptTimer = m_loop.runAfter(m_options.attemptTimeout, [this] {
                m_attemptTimer.reset();
                // The result may be known without a notification having come: ask for it.
                const ops::Status pending = ops::pendingError(attemptRef());
                const int error = pending.ok() ? static_cast<int>(pending.value) : 0;
                failAttempt({error ? makeSocketError(error) : make_error_code(Errc::timedOut),
                             "connect", m_current.toString()});
            });
            return;
        }
    }

    void handleResult(unsigned readiness, int notifiedError)
    {
        const ops::Ref r = attemptRef();
        int error = notifiedError;
        if (!error) {
            const ops::Status st = ops::pendingError(r);
            error = st.ok() ? static_cast<int>(st.value) : st.error;
        }
        if (!error && !(readiness & Writable)) {
            // Only readable or exceptional without an error: not decided yet.
            return;
        }
        if (error) {
            failAttempt({makeSocketError(error), "connect", m_current.toString()});
            return;
        }
        const SocketId id = m_attempt->id();
        const platform::NativeSocket s = m_attempt->handle();
        cancelTimer();
        m_loop.removeChannel(*m_attempt);
        m_attempt.reset();
        connected(m_current, id, s);
    }

    // Every address failed: the last one's error, naming each address tried (with its error
    // when it differs), so "localhost" refused on ::1 and on 127.0.0.1 says both.
    NetError everyAttemptFailed() const
    {
        if (m_attempts.empty())
            return {make_error_code(Errc::noAddresses), "connect", m_options.host};
        NetError error = m_attempts.back().error;
        if (m_attempts.size() == 1)
            return error;
        std::string tried;
        for (std::size_t i = 0; i < m_attempts.size(); ++i) {
            const ConnectAttempt& a = m_attempts[i];
            tried += (i ? ", " : "") + a.address.toString();
            if (i + 1 < m_attempts.size() && a.error.code != error.code)
                tried += " (" + errorName(a.error.code) + ")";
        }
        error.target = tried;
        return error;
    }

    void failAttempt(const NetError& error)
    {
        record(m_current, m_attempt->id(), error);
        abandonAttempt();
        tryNext();
    }

    void abandonAttempt()
    {
        cancelTimer();
        if (!m_attempt)
            return;
        m_loop.removeChannel(*m_attempt);
        ops::close(attemptRef());
        m_attempt.reset();
    }

    ops::Ref attemptRef() const
    {
        return {m_attempt->id(), Protocol::Tcp, m_attempt->handle(), m_options.role};
    }

    void cancelTimer()
    {
        if (m_attemptTimer)
            m_loop.cancelTimer(*m_attemptTimer);
        m_attemptTimer.reset();
    }

    void connected(const SocketAddress& address, SocketId id, platform::NativeSocket s)
    {
        NetError error;
        auto connection =
            TcpConnection::Impl::adopt(m_loop, id, s, m_options.role, address, true, &error);
        if (!connection) {
            record(address, id, error);
            tryNext();
            return;
        }
        record(address, id, {});
        finish(std::move(connection), {});
    }

    void record(const SocketAddress& address, SocketId id, const NetError& error)
    {
        m_attempts.push_back({address, id, error});
    }

    void finish(std::shared_ptr<TcpConnection> connection, const NetError& error)
    {
        if (m_done)
            return;
        m_done = true;
        Handler handler = std::move(m_handler);
        // Release the self-reference last: the handler may drop the caller's reference too.
        auto self = std::move(m_self);
        if (handler)
            handler(std::move(connection), error, m_attempts);
    }

    EventLoop& m_loop;
    ConnectOptions m_options;
    Handler m_handler;
    std::shared_ptr<TcpConnector> m_self;
    std::vector<SocketAddress> m_addresses;
    std::size_t m_next = 0;
    std::vector<ConnectAttempt> m_attempts;
    SocketAddress m_current;
    std::unique_ptr<AttemptChannel> m_attempt;
    std::optional<EventLoop::TimerId> m_attemptTimer;
    bool m_done = false;
};

void AttemptChannel::handleEvent(unsigned readiness, int notifiedError)
{
    auto guard = m_owner.m_self; // the result may finish the connector
    m_owner.handleResult(readiness, notifiedError);
}

void AttemptChannel::handleLoopStopping()
{
    auto guard = m_owner.m_self;
    m_owner.abandonAttempt();
    m_owner.finish(
        nullptr, {make_error_code(Errc::loopNotRunning), "connect", m_owner.m_current.toString()});
}

TcpConnector::TcpConnector(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{}

TcpConnector::~TcpConnector() = default;

std::shared_ptr<TcpConnector> TcpConnector::connect(EventLoop& loop, ConnectOptions options,
                                                    Handler handler)
{
    loop.assertInLoopThread("TcpConnector::connect");
    auto connector = std::make_shared<TcpConnector>(
        std::make_unique<Impl>(loop, std::move(options), std::move(handler)));
    connector->m_impl->m_self = connector;
    std::weak_ptr<TcpConnector> weak = connector;
    // Never call the handler inside connect(): start on the next turn of the loop.
    if (!loop.post([weak] {
            if (auto self = weak.lock())
                self->m_impl->begin();
        }))
        connector->m_impl->finish(nullptr, {make_error_code(Errc::loopNotRunning), "connect",
                                            connector->m_impl->m_options.host});
    return connector;
}

void TcpConnector::cancel()
{
    m_impl->m_loop.assertInLoopThread("TcpConnector::cancel");
    m_impl->m_handler = nullptr;
    m_impl->abandonAttempt();
    m_impl->m_done = true;
    m_impl->m_self.reset();
}

} // namespace netcore
