// SPDX-License-Identifier: GPL-3.0-or-later
// FileHost's connections: listening (plain and TLS), accepting within the limits, reading the
// request, the deadlines, answering and closing. What a request does is in exchange.cpp.

#include "irc/filehost/server.h"

#include <algorithm>

namespace netcore::irc {

using filehost::Response;

namespace {

// How often the deadlines are looked at: a quarter of the shortest, within these bounds.
constexpr std::chrono::milliseconds MinCheckInterval{20};
constexpr std::chrono::milliseconds MaxCheckInterval{1000};

std::string millis(std::chrono::milliseconds ms)
{
    return std::to_string(ms.count()) + " ms";
}

} // namespace

FileHost::Impl::Impl(EventLoop& l, FileHostConfig c, Events e)
    : loop(l)
    , config(std::move(c))
    , events(std::move(e))
    , store(config.directory,
            {config.maxFileBytes, config.maxTotalBytes,
             std::chrono::duration_cast<std::chrono::milliseconds>(config.expiry)},
            [this](const std::string& line) { log("filehost: " + line); })
{}

FileHost::Impl::~Impl()
{
    alive.reset();
    stop();
}

std::unique_ptr<TcpListener> FileHost::Impl::listen(const ListenOptions& options, bool tls,
                                                    NetError* error)
{
    return TcpListener::open(
        loop, options, [this, tls](std::shared_ptr<TcpConnection> c) { accept(std::move(c), tls); },
        [this](const NetError& e) { log("filehost: accept: " + e.describe()); }, error);
}

NetError FileHost::Impl::start(const std::optional<ListenOptions>& plain,
                               const std::optional<TlsListen>& tls)
{
    if (!plain && !tls)
        return {make_error_code(Errc::invalidAddress), "listen", "neither a plain nor a TLS port"};
    if (config.directory.empty())
        return {make_error_code(Errc::invalidAddress), "filehost", "no directory for the files"};
    NetError error;
    if (tls) {
        tlsContext = tls->context ? tls->context : TlsContext::server(tls->identity, &error);
        if (!tlsContext)
            return error;
    }
    if (NetError e = store.open())
        return e;
    if (plain) {
        listener = listen(*plain, false, &error);
        if (!listener)
            return error;
    }
    if (tls) {
        tlsListener = listen(tls->listen, true, &error);
        if (!tlsListener) {
            listener.reset();
            return error;
        }
    }
    running = true;
    const auto shortest = std::min(config.headerTimeout, config.idleTimeout);
    const auto interval = std::clamp(shortest / 4, MinCheckInterval, MaxCheckInterval);
    housekeeping = loop.runEvery(interval, guarded([this] { housekeep(); }));
    sweeping = loop.runEvery(std::max(config.sweepInterval, MinCheckInterval),
                             guarded([this] { store.sweep(); }));
    if (listener)
        log("filehost: serving HTTP on " + listener->localAddress().toString() + ", files in " +
            config.directory + " (" + std::to_string(store.count()) + " kept)");
    if (tlsListener)
        log("filehost: serving HTTPS on " + tlsListener->localAddress().toString());
    return {};
}

void FileHost::Impl::stop()
{
    running = false;
    if (housekeeping)
        loop.cancelTimer(*housekeeping);
    if (sweeping)
        loop.cancelTimer(*sweeping);
    housekeeping.reset();
    sweeping.reset();
    listener.reset();
    tlsListener.reset();
    // Every connection is cut off: no handler runs again, unfinished uploads are removed.
    auto gone = std::move(exchanges);
    exchanges.clear();
    for (auto& [id, x] : gone) {
        if (x->upload)
            log("filehost: upload from " + x->where + " cut off: the file host stopped");
        if (x->connection) {
            x->connection->setDataHandler(nullptr);
            x->connection->setCloseHandler(nullptr);
            x->connection->setDrainedHandler(nullptr);
            x->connection->setPeerShutdownHandler(nullptr);
            x->connection->abort();
        }
    }
    perAddress.clear();
}

void FileHost::Impl::accept(std::shared_ptr<TcpConnection> connection, bool tls)
{
    if (!running) {
        connection->abort();
        return;
    }
    const SocketId id = connection->id();
    auto owned = std::make_unique<Exchange>(filehost::RequestParser::Handlers{
        [this, id](const filehost::Request& request) {
            auto it = exchanges.find(id);
            return it != exchanges.end() && onHeaders(*it->second, request);
        },
        [this, id](std::string_view data) {
            auto it = exchanges.find(id);
            return it != exchanges.end() && onBody(*it->second, data);
        },
        [this, id] {
            auto it = exchanges.find(id);
            if (it != exchanges.end())
                onComplete(*it->second);
        }});
    Exchange& x = *owned;
    x.connection = connection;
    x.id = id;
    x.ip = connection->peerAddress().ip();
    x.where = connection->peerAddress().toString();
    x.tls = tls;
    x.startedAt = x.lastActivity = Clock::now();
    if (tls) // before anything is sent: a refusal, too, goes inside TLS
        connection->useTls(tlsContext->serverSession(filehost::formatResponse(
            filehost::textResponse(400, "this port speaks HTTPS: use an https:// URL"))));
    exchanges.emplace(id, std::move(owned));
    ++perAddress[x.ip];

    connection->setDataHandler([this, id](TcpConnection&, std::string_view data) {
        auto it = exchanges.find(id);
        if (it != exchanges.end())
            received(*it->second, data);
    });
    connection->setPeerShutdownHandler([this, id](TcpConnection& c) {
        auto it = exchanges.find(id);
        if (it != exchanges.end())
            peerFinished(*it->second);
        else
            c.close();
    });
    connection->setDrainedHandler([this, id](TcpConnection&) {
        auto it = exchanges.find(id);
        if (it != exchanges.end() && it->second->phase == Exchange::Phase::Sending) {
            it->second->lastActivity = Clock::now();
            pump(*it->second);
        }
    });
    connection->setCloseHandler(
        [this, id](TcpConnection&, const NetError& error) { closed(id, error); });
    connection->start();

    if (exchanges.size() > config.maxConnections) {
        refuse(x, 503,
               "too many connections: the file host allows " +
                   std::to_string(config.maxConnections),
               {{"Retry-After", "10"}});
    } else if (perAddress[x.ip] > config.maxConnectionsPerAddress) {
        refuse(x, 429,
               "too many connections from your address (" +
                   std::to_string(config.maxConnectionsPerAddress) + ")",
               {{"Retry-After", "10"}});
    }
}

void FileHost::Impl::received(Exchange& x, std::string_view data)
{
    if (x.phase == Exchange::Phase::Closing || x.phase == Exchange::Phase::Sending)
        return; // one request a connection: what follows it is not read
    x.lastActivity = Clock::now();
    const SocketId id = x.id;
    if (x.parser.feed(data) == filehost::RequestParser::State::Failed) {
        auto it = exchanges.find(id);
        if (it != exchanges.end())
            onParseError(*it->second);
    }
}

void FileHost::Impl::peerFinished(Exchange& x)
{
    // The peer sent FIN. Before the request ended that is the end of it (an upload is cut
    // short); once answered, the graceful close goes on.
    if (x.phase == Exchange::Phase::Headers || x.phase == Exchange::Phase::Body) {
        if (x.upload)
            abandonUpload(x, "the peer closed the connection after " +
                                 std::to_string(x.upload->written()) + " of " +
                                 std::to_string(x.upload->expected()) + " bytes");
        x.phase = Exchange::Phase::Closing;
        x.connection->close();
    } else if (x.phase == Exchange::Phase::Closing) {
        x.connection->close();
    }
    // Sending: the peer may half-close and still read; the download goes on.
}

void FileHost::Impl::closed(SocketId id, const NetError& error)
{
    auto it = exchanges.find(id);
    if (it == exchanges.end())
        return;
    Exchange& x = *it->second;
    x.closed = true;
    if (x.upload)
        abandonUpload(x, "the connection was lost after " + std::to_string(x.upload->written()) +
                             " of " + std::to_string(x.upload->expected()) + " bytes" +
                             (error ? ": " + errorLabel(error.code) : std::string()));
    else if (x.phase == Exchange::Phase::Sending && error)
        log("filehost: download by " + x.where + " cut off: " + error.describe());
    else if (error && error.code.category() == tlsCategory())
        log("filehost: TLS refused for " + x.where + ": " + error.describe());
    // The connection may be closing from inside one of its own calls: forget it on the next
    // turn.
    loop.post(guarded([this, id] {
        auto gone = exchanges.find(id);
        if (gone == exchanges.end() || !gone->second->closed)
            return;
        const std::string ip = gone->second->ip;
        exchanges.erase(gone);
        if (--perAddress[ip] == 0)
            perAddress.erase(ip);
    }));
}

void FileHost::Impl::abandonUpload(Exchange& x, const std::string& why)
{
    if (!x.upload)
        return;
    log("filehost: upload from " + x.where + " abandoned, nothing kept: " + why);
    x.upload.reset(); // removes the .part file
}

void FileHost::Impl::housekeep()
{
    const auto now = Clock::now();
    std::vector<std::pair<SocketId, std::string>> late;
    for (const auto& [id, owned] : exchanges) {
        const Exchange& x = *owned;
        if (x.closed)
            continue;
        switch (x.phase) {
        case Exchange::Phase::Headers:
            if (now - x.startedAt > config.headerTimeout)
                late.emplace_back(id, "no complete request headers within " +
                                          millis(config.headerTimeout));
            break;
        case Exchange::Phase::Body:
            if (now - x.lastActivity > config.idleTimeout)
                late.emplace_back(id,
                                  "the upload stalled: nothing for " + millis(config.idleTimeout));
            else if (now - x.startedAt > config.requestTimeout)
                late.emplace_back(id,
                                  "the upload took longer than " + millis(config.requestTimeout));
            break;
        case Exchange::Phase::Sending:
            if (now - x.lastActivity > config.idleTimeout)
                late.emplace_back(id, "the download stalled: nothing taken for " +
                                          millis(config.idleTimeout));
            break;
        case Exchange::Phase::Closing:
            break;
        }
    }
    for (const auto& [id, why] : late) {
        auto it = exchanges.find(id);
        if (it == exchanges.end())
            continue;
        Exchange& x = *it->second;
        if (x.phase == Exchange::Phase::Sending) {
            log("filehost: " + x.where + ": " + why + "; closed");
            x.phase = Exchange::Phase::Closing;
            x.connection->abort();
            continue;
        }
        abandonUpload(x, why);
        refuse(x, 408, why);
    }
    // Buckets that have refilled are the same as none.
    for (auto it = uploadBuckets.begin(); it != uploadBuckets.end();) {
        if (it->second.available(now) >= it->second.burst())
            it = uploadBuckets.erase(it);
        else
            ++it;
    }
}

void FileHost::Impl::respond(Exchange& x, const Response& response, bool headOnly)
{
    x.phase = Exchange::Phase::Closing; // nothing more is read
    x.connection->send(filehost::formatResponse(response, headOnly));
    x.connection->close();
}

void FileHost::Impl::refuse(Exchange& x, int status, const std::string& why,
                            std::vector<std::pair<std::string, std::string>> headers)
{
    log("filehost: " + x.where + (x.what.empty() ? "" : " " + x.what) + ": " +
        std::to_string(status) + " " + filehost::statusText(status) + ": " + why);
    Response response = filehost::textResponse(status, why);
    for (auto& header : headers)
        response.headers.push_back(std::move(header));
    respond(x, response, x.what.rfind("HEAD ", 0) == 0);
}

} // namespace netcore::irc
