// SPDX-License-Identifier: GPL-3.0-or-later
#include "sockets/deferred_drop.h"
#include "sockets/tcp_impl.h"

namespace netcore {

class TcpListener::Impl final : public Channel
{
public:
    // After EMFILE/ENFILE the listener stays readable; pausing avoids a busy loop.
    static constexpr std::chrono::milliseconds AcceptPause{100};
    // Connections taken per readiness event, so one busy listener cannot starve the rest.
    static constexpr int AcceptsPerEvent = 64;

    Impl(EventLoop& loop, SocketId id, platform::NativeSocket handle, SocketRole role,
         SocketRole acceptedRole)
        : Channel(id, Protocol::Tcp, role, handle, ChannelKind::Listener)
        , m_loop(loop)
        , m_acceptedRole(acceptedRole)
    {}

    ops::Ref ref() const { return {id(), Protocol::Tcp, handle(), role()}; }

    void handleEvent(unsigned, int notifiedError) override
    {
        const DeferredDrop::Scope scope(m_handlers);
        if (notifiedError) {
            report({makeSocketError(notifiedError), "FD_ACCEPT", m_local.toString()});
            return;
        }
        for (int i = 0; i < AcceptsPerEvent && m_open; ++i) {
            const SocketId newId = allocateSocketId();
            SocketAddress peer;
            int error = 0;
            const platform::NativeSocket s = ops::accept(ref(), newId, &peer, &error);
            if (s == platform::kInvalidSocket) {
                if (platform::isInterrupted(error))
                    continue;
                if (platform::isAcceptRetriable(error))
                    return;
                // EMFILE and the like: the listener stays readable, so pause instead of spinning.
                report({makeSocketError(error), "accept", m_local.toString()});
                pause();
                return;
            }
            NetError adoptError;
            auto connection = TcpConnection::Impl::adopt(m_loop, newId, s, m_acceptedRole,
                                                         peer, false, &adoptError);
            if (!connection) {
                // The socket was closed; say why and go on serving the others.
                adoptError.operation = "accept (refused)";
                report(adoptError);
                continue;
            }
            if (m_onAccept)
                m_onAccept(std::move(connection));
        }
    }

    void handleLoopStopping() override { close(); }

    void pause()
    {
        setWantRead(false);
        m_loop.updateChannel(*this);
        m_resumeTimer = m_loop.runAfter(AcceptPause, [this] {
            m_resumeTimer.reset();
            if (!m_open)
                return;
            setWantRead(true);
            m_loop.updateChannel(*this);
        });
    }

    void report(const NetError& error)
    {
        if (m_onError)
            m_onError(error);
    }

    void close()
    {
        if (!m_open)
            return;
        m_open = false;
        if (m_resumeTimer)
            m_loop.cancelTimer(*m_resumeTimer);
        m_resumeTimer.reset();
        if (m_registered)
            m_loop.removeChannel(*this);
        m_registered = false;
        ops::close(ref());
        m_handlers.request();
    }

    EventLoop& m_loop;
    SocketRole m_acceptedRole;
    SocketAddress m_local;
    bool m_dualStack = false;
    bool m_open = true;
    bool m_registered = false;
    std::optional<EventLoop::TimerId> m_resumeTimer;
    AcceptHandler m_onAccept;
    ErrorHandler m_onError;
    DeferredDrop m_handlers{[this] {
        m_onAccept = nullptr;
        m_onError = nullptr;
    }};
};

namespace {

// One try at socket/setsockopt/bind/listen on `address`. Returns the listener or sets *error.
std::unique_ptr<TcpListener::Impl> tryListen(EventLoop& loop, const SocketAddress& address,
                                             bool dualStack, const ListenOptions& options,
                                             NetError* error)
{
    const SocketId id = allocateSocketId();
    int code = 0;
    const platform::NativeSocket s =
        ops::openSocket(id, Protocol::Tcp, options.role, address.family(), &code);
    if (s == platform::kInvalidSocket) {
        *error = {makeSocketError(code), "socket", address.toString()};
        return nullptr;
    }
    auto impl =
        std::make_unique<TcpListener::Impl>(loop, id, s, options.role, options.acceptedRole);
    const ops::Ref r = impl->ref();
    auto failWith = [&](const ops::Status& st, const char* operation) {
        *error = {makeSocketError(st.error), operation, address.toString()};
        impl->m_registered = false;
        impl->close();
        return nullptr;
    };

    const platform::SocketOption reuse = platform::listenerAddressOption();
    if (const auto st = ops::setOption(r, reuse.level, reuse.name, 1, reuse.text); !st.ok())
        return failWith(st, "setsockopt");
    if (address.family() == AddressFamily::IPv6) {
        // Set explicitly: the default differs (Windows 1, Linux usually 0).
        const auto st =
            ops::setOption(r, IPPROTO_IPV6, IPV6_V6ONLY, dualStack ? 0 : 1, "IPV6_V6ONLY");
        if (!st.ok())
            return failWith(st, "setsockopt");
        impl->m_dualStack = dualStack;
    }
    if (const auto st = ops::bind(r, address); !st.ok())
        return failWith(st, "bind");
    if (const auto st = ops::listen(r, options.backlog); !st.ok())
        return failWith(st, "listen");
    if (const auto st = ops::setNonBlocking(r); !st.ok())
        return failWith(st, platform::nonBlockingCallName());
    impl->m_local = ops::localAddress(r);
    impl->setWantRead(true);
    if (const std::error_code ec = loop.addChannel(*impl)) {
        *error = {ec, "watch", address.toString()};
        impl->close();
        return nullptr;
    }
    impl->m_registered = true;
    return impl;
}

} // namespace

TcpListener::TcpListener(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{}

TcpListener::~TcpListener()
{
    if (m_impl->m_open) {
        m_impl->m_loop.assertInLoopThread("destroying an open TcpListener");
        m_impl->close();
    }
}

std::unique_ptr<TcpListener> TcpListener::open(EventLoop& loop, const ListenOptions& options,
                                               AcceptHandler onAccept, ErrorHandler onError,
                                               NetError* error)
{
    loop.assertInLoopThread("TcpListener::open");
    NetError ignored;
    NetError& err = error ? *error : ignored;
    std::unique_ptr<Impl> impl;
    if (options.host.empty()) {
        // Every interface: one dual-stack IPv6 socket; IPv4 alone where there is no IPv6.
        impl = tryListen(loop, SocketAddress::anyIPv6(options.port), true, options, &err);
        if (!impl)
            impl =
                tryListen(loop, SocketAddress::anyIPv4(options.port), false, options, &err);
    } else {
        bool numeric = false;
        SocketAddress address = SocketAddress::fromNumeric(options.host, options.port, &numeric);
        if (!numeric) {
            ResolveResult resolved = resolve(options.host, options.port);
            if (resolved.error) {
                err = resolved.error;
                return nullptr;
            }
            address = resolved.addresses.front();
        }
        impl = tryListen(loop, address, false, options, &err);
    }
    if (!impl)
        return nullptr;
    err = {};
    impl->m_onAccept = std::move(onAccept);
    impl->m_onError = std::move(onError);
    return std::make_unique<TcpListener>(std::move(impl));
}

SocketId TcpListener::id() const
{
    return m_impl->id();
}

SocketState TcpListener::state() const
{
    return m_impl->m_open ? SocketState::Listening : SocketState::Closed;
}

const SocketAddress& TcpListener::localAddress() const
{
    return m_impl->m_local;
}

bool TcpListener::isDualStack() const
{
    return m_impl->m_dualStack;
}

void TcpListener::close()
{
    m_impl->m_loop.assertInLoopThread("TcpListener::close");
    m_impl->close();
}

} // namespace netcore
