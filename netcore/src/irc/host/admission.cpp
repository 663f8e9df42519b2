// SPDX-License-Identifier: GPL-3.0-or-later
#include "irc/host/admission.h"

#include "irc/host/dispatch.h"
#include "irc/host/engine.h"
#include "irc/host/monitor.h"

#include <algorithm>
#include <vector>

namespace netcore::irc::hostimpl {

namespace {

// How often the host looks at every client's ping and send-queue timers.
constexpr std::chrono::milliseconds HousekeepingInterval{1000};
// After stop(), clients get this long to take their ERROR line before they are cut off.
constexpr std::chrono::milliseconds StopGrace{2000};

} // namespace

std::unique_ptr<TcpListener> Admission::listen(const ListenOptions& options, bool tls,
                                               NetError* error)
{
    return TcpListener::open(
        m_engine.loop, options,
        [this, tls](std::shared_ptr<TcpConnection> c) { accept(std::move(c), tls); },
        [this](const NetError& e) { m_engine.log("accept: " + e.describe()); }, error);
}

NetError Admission::start(const std::optional<ListenOptions>& plain,
                          const std::optional<IrcHost::TlsListen>& tls)
{
    NetError error;
    if (!plain && !tls)
        return {make_error_code(Errc::invalidAddress), "listen", "neither a plain nor a TLS port"};
    if (tls) {
        m_tlsContext = tls->context ? tls->context : TlsContext::server(tls->identity, &error);
        if (!m_tlsContext)
            return error;
        m_tlsFingerprint = certificateFingerprint(tls->identity.certificatePem);
    }
    if (plain) {
        m_listener = listen(*plain, false, &error);
        if (!m_listener)
            return error;
    }
    if (tls) {
        m_tlsListener = listen(tls->listen, true, &error);
        if (!m_tlsListener) {
            m_listener.reset();
            return error;
        }
    }
    m_running = true;
    m_stopping = false;
    m_engine.createdText = isoTimeNow();
    m_engine.history.load();
    if (!m_engine.config.defaultRoom.empty()) // "": no standing room, as on other servers
        m_engine.world.createRoom(m_engine.config.defaultRoom);
    m_housekeeping =
        m_engine.loop.runEvery(HousekeepingInterval, m_engine.guarded([this] { housekeep(); }));
    if (m_listener)
        m_engine.log("listening on " + m_listener->localAddress().toString());
    if (m_tlsListener)
        m_engine.log("listening for TLS on " + m_tlsListener->localAddress().toString());
    return {};
}

SocketAddress Admission::localAddress() const
{
    return m_listener ? m_listener->localAddress() : SocketAddress();
}

SocketAddress Admission::tlsAddress() const
{
    return m_tlsListener ? m_tlsListener->localAddress() : SocketAddress();
}

void Admission::refuse(const std::shared_ptr<TcpConnection>& connection, const std::string& why)
{
    m_engine.log("refused " + connection->peerAddress().toString() + ": " + why);
    connection->start();
    connection->send(m_engine.sender.errorLine("Closing Link: " + connection->peerAddress().ip() +
                                               " (" + why + ")"));
    connection->close();
    const SocketId id = connection->id();
    m_leaving[id] = connection;
    connection->setCloseHandler([this, id](TcpConnection&, const NetError&) {
        if (!m_destroying)
            m_leaving.erase(id);
    });
}

void Admission::accept(std::shared_ptr<TcpConnection> connection, bool tls)
{
    if (m_stopping) {
        connection->abort();
        return;
    }
    const HostConfig& config = m_engine.config;
    const std::string address = connection->peerAddress().ip();
    if (tls) // before anything is sent: a refusal, too, goes inside TLS
        connection->useTls(m_tlsContext->serverSession(m_engine.sender.errorLine(
            "Closing Link: " + address +
            " (This port speaks TLS: use a TLS client, or the host's plain port)")));
    if (m_engine.world.clients.size() >= config.maxClients) {
        refuse(connection,
               "Too many clients: the host allows " + std::to_string(config.maxClients));
        return;
    }
    if (m_perAddress[address] >= config.maxClientsPerAddress) {
        refuse(connection, "Too many connections from your address (" +
                               std::to_string(config.maxClientsPerAddress) + ")");
        return;
    }
    auto owned = std::make_unique<Client>(m_engine.limits, config.maxUnterminated);
    Client* c = owned.get();
    c->tls = tls;
    c->id = connection->id();
    c->connection = connection;
    c->host = address;
    c->connectedAt = c->lastActivity = Clock::now();
    c->flood = TokenBucket(config.floodBurst, config.floodLinesPerSecond, c->connectedAt);
    ++m_perAddress[address];
    m_engine.world.clients.emplace(c->id, std::move(owned));

    const SocketId id = c->id;
    connection->setDataHandler([this, id](TcpConnection&, std::string_view data) {
        if (Client* client = m_engine.world.find(id))
            received(*client, data);
    });
    connection->setPeerShutdownHandler([this, id](TcpConnection& conn) {
        if (Client* client = m_engine.world.find(id))
            drop(*client, "Client closed the connection", false);
        else
            conn.close();
    });
    if (tls)
        connection->setTlsReadyHandler([this](TcpConnection& conn) {
            const TlsInfo& info = conn.tls()->info();
            m_engine.log("TLS from " + conn.peerAddress().toString() + ": " + info.version + ", " +
                         info.cipher);
        });
    connection->setCloseHandler([this, id](TcpConnection&, const NetError& error) {
        if (m_destroying)
            return;
        m_leaving.erase(id);
        Client* client = m_engine.world.find(id);
        if (!client)
            return;
        if (error.code.category() == tlsCategory())
            m_engine.log("TLS refused for " + client->host + ": " + error.describe());
        // A send to this client can fail in the middle of a broadcast (the member list is being
        // walked): never drop it from here; mark it and drop it on the next turn.
        client->doomed = true;
        const std::string reason =
            error ? "Connection lost: " + errorLabel(error.code) : "Connection closed";
        m_engine.loop.post(m_engine.guarded([this, id, reason] {
            if (Client* gone = m_engine.world.find(id))
                drop(*gone, reason, false);
        }));
    });
    connection->start();
    m_engine.log("connection from " + connection->peerAddress().toString());
}

void Admission::drop(Client& c, const std::string& reason, bool tellClient, bool abortive)
{
    if (c.leaving)
        return;
    m_engine.sender.flushResponse(c); // a labelled response goes before the ERROR line
    c.leaving = true;
    if (tellClient && c.connection)
        c.connection->send(
            m_engine.sender.errorLine("Closing Link: " + c.host + " (" + reason + ")"));
    World& world = m_engine.world;
    if (c.registered) {
        Message quit;
        quit.source = c.mask();
        quit.command = "QUIT";
        quit.params = {reason};
        quit.trailing = true;
        m_engine.sender.toAudience(c, std::move(quit), false);
        m_engine.log(c.nick + " left (" + reason + ")");
        world.remember(c, m_engine.config.whowasLimit);
    }
    for (Room* r : std::vector<Room*>(c.rooms))
        world.removeMember(*r, c);
    monitor::forget(m_engine, c);
    world.releaseNick(c);
    if (c.registered && !world.findNick(c.nick))
        monitor::offline(m_engine, c.nick);
    if (--m_perAddress[c.host] == 0)
        m_perAddress.erase(c.host);
    std::shared_ptr<TcpConnection> connection = std::move(c.connection);
    const SocketId id = c.id;
    world.clients.erase(id); // c is gone from here on
    if (connection && connection->state() != SocketState::Closed) {
        m_leaving[id] = connection;
        if (abortive)
            connection->abort(); // a client that does not read would not take a FIN either
        else
            connection->close();
    }
    if (m_stopping && world.clients.empty())
        finishStop();
}

void Admission::received(Client& c, std::string_view data)
{
    if (!c.tls && !c.spoke && looksLikeTlsHandshake(data)) {
        // A TLS client on the plain port: it cannot read an IRC line, so it is just closed.
        m_engine.log("a TLS client on the plain port from " +
                     c.connection->peerAddress().toString() + ": closed (TLS is on " +
                     (m_tlsListener ? "port " + std::to_string(tlsAddress().port())
                                    : std::string("no port of this host")) +
                     ")");
        drop(c, "TLS client on the plain port", false);
        return;
    }
    c.spoke = true;
    c.lastActivity = Clock::now();
    if (!c.reader.feed(data)) {
        drop(c,
             "Line too long: more than " + std::to_string(m_engine.config.maxUnterminated) +
                 " bytes without a line end",
             true);
        return;
    }
    processLines(c);
}

void Admission::processLines(Client& c)
{
    const HostConfig& config = m_engine.config;
    const SocketId id = c.id;
    const bool limited = c.flood.limited();
    const auto now = Clock::now();
    for (;;) {
        if (limited && c.flood.available(now) < 1)
            break;
        auto line = c.reader.next();
        if (!line)
            break;
        c.flood.tryTake(now);
        // The line's text lives in the reader until the next call.
        dispatch(m_engine, c, line->text, line->truncated);
        if (!m_engine.world.find(id))
            return; // the client is gone (QUIT, an error)
    }
    if (!limited)
        return;
    const std::size_t backlog = c.reader.completeLines();
    if (backlog == 0) {
        if (c.floodPaused) {
            c.floodPaused = false;
            c.connection->setReading(true);
        }
        return;
    }
    // Lines wait for tokens: stop reading (the rest waits in the kernel) and resume later.
    if (backlog > config.floodBacklogLines || c.reader.pending() > config.floodBacklogBytes) {
        drop(c, "Excess Flood", true);
        return;
    }
    if (!c.floodPaused) {
        c.floodPaused = true;
        c.connection->setReading(false);
    }
    m_engine.loop.runAfter(c.flood.waitForToken(now) + std::chrono::milliseconds(1),
                           m_engine.guarded([this, id] {
                               if (Client* client = m_engine.world.find(id))
                                   processLines(*client);
                           }));
}

void Admission::housekeep()
{
    const HostConfig& config = m_engine.config;
    const auto now = Clock::now();
    std::vector<std::pair<SocketId, std::string>> toDrop;
    std::vector<SocketId> toPing;
    for (const auto& [id, client] : m_engine.world.clients) {
        const Client& c = *client;
        if (c.tls && c.connection && !c.connection->tls()->handshakeDone() &&
            now - c.connectedAt > config.tlsHandshakeTimeout) {
            const auto waited =
                std::chrono::duration_cast<std::chrono::milliseconds>(config.tlsHandshakeTimeout);
            m_engine.log("TLS handshake from " + c.connection->peerAddress().toString() +
                         " did not end in " + std::to_string(waited.count()) +
                         " ms: TLS_HANDSHAKE_TIMEOUT");
            toDrop.emplace_back(id, "TLS handshake timeout");
        } else if (!c.registered && now - c.connectedAt > config.registrationTimeout) {
            toDrop.emplace_back(id, "Registration timeout");
        } else if (c.pingPending && now - c.pingSentAt > config.pongTimeout) {
            const auto waited =
                std::chrono::duration_cast<std::chrono::seconds>(now - c.pingSentAt).count();
            toDrop.emplace_back(id, "Ping timeout: " + std::to_string(waited) + " seconds");
        } else if (c.overSoftSince && now - *c.overSoftSince > config.sendQueueSoftTime) {
            toDrop.emplace_back(id, "SendQ exceeded (not reading)");
        } else if (c.registered && !c.pingPending && now - c.lastActivity > config.pingInterval) {
            toPing.push_back(id);
        }
    }
    for (const auto& [id, reason] : toDrop) {
        if (Client* c = m_engine.world.find(id))
            drop(*c, reason, true);
    }
    for (const SocketId id : toPing) {
        if (Client* c = m_engine.world.find(id)) {
            c->pingPending = true;
            c->pingSentAt = now;
            Message ping;
            ping.command = "PING";
            ping.params = {config.serverName};
            ping.trailing = true;
            m_engine.sender.send(*c, std::move(ping));
        }
    }
}

void Admission::stop(const std::string& reason)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_stopReason = reason;
    m_engine.log("stopping: " + reason);
    if (m_listener)
        m_listener->close();
    if (m_tlsListener)
        m_tlsListener->close();
    if (m_housekeeping)
        m_engine.loop.cancelTimer(*m_housekeeping);
    m_housekeeping.reset();
    std::vector<SocketId> ids;
    for (const auto& [id, client] : m_engine.world.clients)
        ids.push_back(id);
    for (const SocketId id : ids) {
        if (Client* c = m_engine.world.find(id))
            drop(*c, reason, true);
    }
    if (m_engine.world.clients.empty())
        finishStop();
}

void Admission::finishStop()
{
    if (!m_running)
        return;
    m_running = false;
    // Give the ERROR lines a moment to leave, then cut off whoever is still there.
    m_engine.loop.runAfter(StopGrace, m_engine.guarded([this] {
        for (auto& [id, connection] :
             std::unordered_map<SocketId, std::shared_ptr<TcpConnection>>(m_leaving))
            connection->abort();
        m_leaving.clear();
    }));
    if (m_engine.events.stopped)
        m_engine.events.stopped(m_stopReason);
}

void Admission::abortAll()
{
    m_destroying = true;
    m_engine.invalidateGuards();
    if (m_housekeeping)
        m_engine.loop.cancelTimer(*m_housekeeping);
    m_listener.reset();
    m_tlsListener.reset();
    std::vector<std::shared_ptr<TcpConnection>> connections;
    for (auto& [id, client] : m_engine.world.clients) {
        if (client->connection)
            connections.push_back(client->connection);
    }
    for (auto& [id, connection] : m_leaving)
        connections.push_back(connection);
    for (auto& connection : connections)
        connection->abort();
}

} // namespace netcore::irc::hostimpl
