// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Who gets in and how long they stay: the listener and accept, the limits on clients overall
// and per address, reading lines under flood control (a token bucket per client: lines beyond
// it wait unread, a backlog beyond the bound is "Excess Flood"), the registration, ping and
// send-queue timers, dropping a client, and stopping the host.

#include "irc/host/state.h"
#include "netcore/error.h"
#include "netcore/event_loop.h"
#include "netcore/irc/host.h"
#include "netcore/tcp.h"
#include "netcore/tls.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace netcore::irc::hostimpl {

struct Engine;

class Admission
{
public:
    explicit Admission(Engine& engine)
        : m_engine(engine)
    {}

    // Listens (plain, TLS or both), creates the default room and starts the timers.
    NetError start(const std::optional<ListenOptions>& plain,
                   const std::optional<IrcHost::TlsListen>& tls);
    // Every client gets "ERROR :Closing Link: ... (reason)" and a graceful close; the listener
    // closes at once; Events::stopped follows when all are gone.
    void stop(const std::string& reason);
    // The host is being destroyed: every connection is cut off now, no handler runs again.
    void abortAll();

    // Removes a client: QUIT to those who shared a room (once each), out of every room, and a
    // graceful close (after an ERROR line if `tellClient`; abortive if `abortive`).
    void drop(Client& c, const std::string& reason, bool tellClient, bool abortive = false);

    SocketAddress localAddress() const;
    SocketAddress tlsAddress() const;
    const std::string& tlsFingerprint() const { return m_tlsFingerprint; }
    bool isRunning() const { return m_running; }
    bool isStopping() const { return m_stopping; }

private:
    std::unique_ptr<TcpListener> listen(const ListenOptions& options, bool tls, NetError* error);
    void accept(std::shared_ptr<TcpConnection> connection, bool tls);
    void refuse(const std::shared_ptr<TcpConnection>& connection, const std::string& why);
    void received(Client& c, std::string_view data);
    void processLines(Client& c);
    void housekeep();
    void finishStop();

    Engine& m_engine;
    std::unique_ptr<TcpListener> m_listener;
    std::unique_ptr<TcpListener> m_tlsListener;
    std::shared_ptr<TlsContext> m_tlsContext;
    std::string m_tlsFingerprint;
    std::unordered_map<std::string, std::size_t> m_perAddress;
    // Connections closing gracefully after their client was removed: kept until closed.
    std::unordered_map<SocketId, std::shared_ptr<TcpConnection>> m_leaving;
    std::optional<EventLoop::TimerId> m_housekeeping;
    bool m_running = false;
    bool m_stopping = false;
    bool m_destroying = false;
    std::string m_stopReason;
};

} // namespace netcore::irc::hostimpl
