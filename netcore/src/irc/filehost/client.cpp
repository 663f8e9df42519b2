// SPDX-License-Identifier: GPL-3.0-or-later
// The FILEHOST client (netcore/irc/filehost_client.h): one connection a request, in the loop's
// thread. A request goes: connect (every address), TLS for https, the request line and headers,
// an upload's body as the connection drains (at most kHighWater queued, kPumpPerTurn in one
// turn of the loop), then the answer, read by client_response.cpp's parser.
//
// Nothing is finished from inside a connection's own callback: its handlers only note what
// happened, and finish() moves the connection aside (lingering, closed gracefully or cut off)
// before the request goes. The caller's handlers run in a task of their own, so they may
// destroy the client.

#include "irc/filehost/client_impl.h"
#include "irc/filehost/response.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>

namespace netcore::irc {

namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kHighWater = 256 * 1024;
constexpr std::size_t kPumpPerTurn = 1024 * 1024;
// What is kept of an answer that is not the file asked for (an error's text, the 201's body).
constexpr std::size_t kMaxAnswerText = 4096;
constexpr std::chrono::milliseconds kMinCheck{20};
constexpr std::chrono::milliseconds kMaxCheck{1000};
constexpr std::chrono::milliseconds kMaxConnectAttempt{10000};

NetError fileHostError(FileHostErrc e, std::string what, std::string detail = {})
{
    return {make_error_code(e), "filehost", std::move(what), std::move(detail)};
}

std::string base64(std::string_view in)
{
    static constexpr char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const auto v = (std::uint32_t(std::uint8_t(in[i])) << 16) |
                       (std::uint32_t(std::uint8_t(in[i + 1])) << 8) | std::uint8_t(in[i + 2]);
        out += {digits[v >> 18], digits[(v >> 12) & 63], digits[(v >> 6) & 63], digits[v & 63]};
    }
    if (i + 1 == in.size()) {
        const auto v = std::uint32_t(std::uint8_t(in[i])) << 16;
        out += {digits[v >> 18], digits[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const auto v = (std::uint32_t(std::uint8_t(in[i])) << 16) |
                       (std::uint32_t(std::uint8_t(in[i + 1])) << 8);
        out += {digits[v >> 18], digits[(v >> 12) & 63], digits[(v >> 6) & 63], '='};
    }
    return out;
}

// A header value we write: printable ASCII only (nothing that could end the header).
bool isSafeHeaderValue(std::string_view value)
{
    return std::all_of(value.begin(), value.end(), [](char ch) {
        const auto byte = static_cast<unsigned char>(ch);
        return byte >= 0x20 && byte < 0x7f;
    });
}

// "404 Not Found: no such file (it may have expired)": the status and the server's first line.
std::string statusDetail(const filehost::HttpResponse& response, const std::string& body)
{
    std::string text = std::to_string(response.status);
    if (!response.reason.empty())
        text += " " + response.reason.substr(0, 100);
    std::string line = body.substr(0, body.find_first_of("\r\n"));
    line.erase(std::remove_if(line.begin(), line.end(),
                              [](char ch) { return static_cast<unsigned char>(ch) < 0x20; }),
               line.end());
    if (!line.empty())
        text += ": " + line.substr(0, 300);
    return text;
}

} // namespace

bool fileHostClientAvailable()
{
    return true;
}

FileHostClient::Impl::~Impl()
{
    alive.reset();
    auto cutOff = [](const std::shared_ptr<TcpConnection>& c) {
        c->setDataHandler(nullptr);
        c->setPeerShutdownHandler(nullptr);
        c->setDrainedHandler(nullptr);
        c->setTlsReadyHandler(nullptr);
        c->setCloseHandler(nullptr);
        c->abort();
    };
    for (auto& [id, x] : requests) {
        if (x->timer)
            loop.cancelTimer(*x->timer);
        if (x->connector)
            x->connector->cancel();
        if (x->connection)
            cutOff(x->connection);
    }
    for (auto& [socket, c] : lingering)
        cutOff(c);
}

FileHostClient::Id FileHostClient::Impl::add(std::unique_ptr<Request> x)
{
    const Id id = x->id = nextId++;
    x->startedAt = x->lastActivity = Clock::now();
    requests.emplace(id, std::move(x));
    return id;
}

void FileHostClient::Impl::begin(Request& x)
{
    const Id id = x.id;
    ConnectOptions options;
    options.host = x.url.host;
    options.port = x.url.port;
    options.attemptTimeout = std::min(x.timeout, kMaxConnectAttempt);
    x.connector =
        TcpConnector::connect(loop, options,
                              [this, id, weak = std::weak_ptr<int>(alive)](
                                  std::shared_ptr<TcpConnection> connection, const NetError& error,
                                  const std::vector<ConnectAttempt>&) {
                                  if (weak.lock())
                                      connected(id, std::move(connection), error);
                              });
    const auto shortest = std::min(x.timeout, x.stallTimeout);
    const auto interval = std::clamp<std::chrono::milliseconds>(shortest / 4, kMinCheck, kMaxCheck);
    x.timer = loop.runEvery(interval, guarded([this, id] { check(id); }));
}

void FileHostClient::Impl::connected(Id id, std::shared_ptr<TcpConnection> connection,
                                     const NetError& error)
{
    Request* x = find(id);
    if (!x)
        return; // dropped by the destructor (a cancelled connector does not call)
    x->connector.reset();
    if (!connection) {
        finish(id, error);
        return;
    }
    x->connection = connection;
    x->lastActivity = Clock::now();
    x->parser = std::make_unique<filehost::ResponseParser>(parserHandlers(id), x->headOnly);
    if (x->url.tls) {
        NetError tlsError;
        if (!tlsContext)
            tlsContext = TlsContext::client(&tlsError);
        if (!tlsContext) {
            finish(id, tlsError);
            return;
        }
        TlsClientOptions options = tls;
        if (options.serverName.empty())
            options.serverName = x->url.host;
        connection->useTls(tlsContext->clientSession(options));
        connection->setTlsReadyHandler([this, id](TcpConnection&) {
            // The body waits for the handshake: the session would keep it all until then.
            if (Request* r = find(id)) {
                r->canSend = true;
                r->lastActivity = Clock::now();
                pump(*r);
            }
        });
    } else {
        x->canSend = true;
    }
    const SocketId socket = connection->id();
    connection->setDataHandler([this, id](TcpConnection&, std::string_view data) {
        if (Request* r = find(id))
            received(*r, data);
    });
    connection->setPeerShutdownHandler([this, id](TcpConnection& c) {
        if (Request* r = find(id))
            peerFinished(*r);
        else
            c.close();
    });
    connection->setDrainedHandler([this, id](TcpConnection&) {
        if (Request* r = find(id)) {
            r->lastActivity = Clock::now();
            pump(*r);
        }
    });
    connection->setCloseHandler(
        [this, id, socket](TcpConnection&, const NetError& e) { closed(id, socket, e); });
    connection->start();
    connection->send(x->head);
    pump(*x);
}

filehost::ResponseParser::Handlers FileHostClient::Impl::parserHandlers(Id id)
{
    // Only noting what came: conclude() acts once the parser has returned.
    return {
        [this, id](const filehost::HttpResponse& response) {
            Request* x = find(id);
            if (!x)
                return false;
            x->response = response;
            if (!x->upload && !x->headOnly && response.status == 200 && response.contentLength &&
                *response.contentLength > x->maxBytes) {
                x->stopped = fileHostError(FileHostErrc::tooLarge, x->url.toString(),
                                           std::to_string(*response.contentLength) +
                                               " bytes, more than the " +
                                               std::to_string(x->maxBytes) + " allowed");
                return false;
            }
            return true;
        },
        [this, id](std::string_view data) {
            Request* x = find(id);
            if (!x)
                return false;
            x->lastActivity = Clock::now();
            const bool wanted = !x->upload && x->response.status == 200;
            if (!wanted) { // an answer's text: only its start is kept
                x->body.append(
                    data.substr(0, kMaxAnswerText - std::min(kMaxAnswerText, x->body.size())));
                return true;
            }
            if (x->body.size() + data.size() > x->maxBytes) {
                x->stopped = fileHostError(FileHostErrc::tooLarge, x->url.toString(),
                                           "more than the " + std::to_string(x->maxBytes) +
                                               " bytes allowed");
                return false;
            }
            x->body.append(data);
            return true;
        },
        [] {},
    };
}

void FileHostClient::Impl::received(Request& x, std::string_view data)
{
    x.lastActivity = Clock::now();
    if (x.parser->feed(data) != filehost::ResponseParser::State::Reading)
        conclude(x);
}

void FileHostClient::Impl::peerFinished(Request& x)
{
    // The server closed its side: a body that runs until the close ends here, else the
    // answer was cut short.
    x.parser->finish();
    conclude(x);
}

void FileHostClient::Impl::closed(Id id, SocketId socket, const NetError& error)
{
    // The connection may be closing from inside one of its own calls: forget it next turn.
    loop.post(guarded([this, socket] { lingering.erase(socket); }));
    Request* x = find(id);
    if (!x || !x->connection || x->connection->id() != socket)
        return;
    if (error) {
        // A refused certificate, a reset: the socket's or TLS's own error says it best, unless
        // a whole answer came before it.
        if (x->parser->complete())
            conclude(*x);
        else
            finish(id, error);
        return;
    }
    x->parser->finish();
    conclude(*x);
}

void FileHostClient::Impl::pump(Request& x)
{
    if (!x.upload || !x.canSend || !x.connection ||
        x.parser->state() != filehost::ResponseParser::State::Reading)
        return;
    std::string chunk;
    std::size_t sentThisTurn = 0;
    const Id id = x.id;
    while (x.handed < x.total && x.connection->outboundBytes() < kHighWater) {
        if (sentThisTurn >= kPumpPerTurn) {
            // The socket takes it as fast as it comes: go on in the next turn.
            loop.post(guarded([this, id] {
                if (Request* r = find(id))
                    pump(*r);
            }));
            break;
        }
        const auto size =
            static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, x.total - x.handed));
        std::string_view piece;
        if (x.file) {
            chunk.resize(size);
            const std::size_t n = std::fread(chunk.data(), 1, size, x.file);
            if (n == 0) {
                const int code = std::ferror(x.file) ? errno : 0;
                finish(id, code ? NetError(makeFileError(code), "fread", x.url.toString())
                                : fileHostError(FileHostErrc::badResponse, x.url.toString(),
                                                "the file became shorter while it was sent"));
                return;
            }
            piece = std::string_view(chunk.data(), n);
        } else {
            piece = std::string_view(x.bytes).substr(static_cast<std::size_t>(x.handed), size);
        }
        x.handed += piece.size();
        sentThisTurn += piece.size();
        if (!x.connection->send(piece))
            return; // closing: the close handler says why
    }
    if (x.handed == x.total && x.file) {
        std::fclose(x.file);
        x.file = nullptr;
    }
    const std::uint64_t queued = std::min<std::uint64_t>(x.connection->outboundBytes(), x.handed);
    const std::uint64_t sent = x.handed - queued;
    if (x.progress && sent != x.lastProgress) {
        x.lastProgress = sent;
        loop.post(guarded(
            [progress = x.progress, id, sent, total = x.total] { progress(id, sent, total); }));
    }
}

void FileHostClient::Impl::check(Id id)
{
    Request* x = find(id);
    if (!x)
        return;
    const auto now = Clock::now();
    if (now - x->startedAt > x->timeout)
        finish(id, fileHostError(FileHostErrc::timedOut, x->url.toString(),
                                 "no whole answer within " + std::to_string(x->timeout.count()) +
                                     " ms"));
    else if (now - x->lastActivity > x->stallTimeout)
        finish(id, fileHostError(FileHostErrc::timedOut, x->url.toString(),
                                 "nothing moved for " + std::to_string(x->stallTimeout.count()) +
                                     " ms"));
}

void FileHostClient::Impl::conclude(Request& x)
{
    using State = filehost::ResponseParser::State;
    const Id id = x.id;
    const std::string where = x.url.toString();
    if (x.stopped) {
        finish(id, x.stopped);
        return;
    }
    if (x.parser->state() == State::Failed) {
        finish(id, fileHostError(FileHostErrc::badResponse, where, x.parser->error()));
        return;
    }
    if (!x.parser->complete())
        return;
    const int status = x.response.status;
    const bool ok = x.upload ? status == 200 || status == 201 : status == 200;
    if (!ok) {
        finish(id, fileHostError(FileHostErrc::httpStatus, where, statusDetail(x.response, x.body)),
               true);
        return;
    }
    if (x.upload) {
        const std::string* location = x.response.header("location");
        if (!location || resolveLocation(x.url, *location).empty()) {
            finish(id,
                   fileHostError(FileHostErrc::badResponse, where,
                                 location ? "an unusable Location: " + location->substr(0, 200)
                                          : std::to_string(status) + " without a Location"),
                   true);
            return;
        }
    }
    finish(id, {}, true);
}

void FileHostClient::Impl::finish(Id id, const NetError& error, bool graceful)
{
    const auto it = requests.find(id);
    if (it == requests.end())
        return;
    std::unique_ptr<Request> x = std::move(it->second);
    requests.erase(it);
    if (x->timer)
        loop.cancelTimer(*x->timer);
    if (x->connector)
        x->connector->cancel();
    if (x->connection) {
        // Set aside until it has closed: this may run inside one of its own calls.
        lingering.emplace(x->connection->id(), x->connection);
        // An answer that came whole: a graceful close (the server closes too); anything
        // else is cut off.
        if (graceful)
            x->connection->close();
        else
            x->connection->abort();
    }
    if (x->upload) {
        FileUploadResult result;
        result.status = x->response.status;
        result.size = x->total;
        result.error = error;
        if (!error) {
            result.location = resolveLocation(x->url, *x->response.header("location"));
            if (x->progress && x->lastProgress != x->total)
                loop.post(guarded([progress = x->progress, id, total = x->total] {
                    progress(id, total, total);
                }));
        }
        if (x->uploadDone)
            loop.post(guarded([done = std::move(x->uploadDone), id, result] { done(id, result); }));
    } else {
        FileFetchResult result;
        result.status = x->response.status;
        result.error = error;
        if (const std::string* type = x->response.header("content-type"))
            result.contentType = *type;
        if (!error) {
            result.bytes = std::move(x->body);
            result.size = x->headOnly ? x->response.contentLength
                                      : std::optional<std::uint64_t>(result.bytes.size());
        }
        if (x->fetchDone)
            loop.post(guarded([done = std::move(x->fetchDone), id, result = std::move(result)] {
                done(id, result);
            }));
    }
}

FileHostClient::FileHostClient(EventLoop& loop, TlsClientOptions tls)
    : m_impl(std::make_unique<Impl>(loop, std::move(tls)))
{}

FileHostClient::~FileHostClient()
{
    m_impl->loop.assertInLoopThread("destroying a FileHostClient");
}

void FileHostClient::setTlsOptions(TlsClientOptions tls)
{
    m_impl->tls = std::move(tls);
}

FileHostClient::Id FileHostClient::upload(FileUploadRequest request, UploadHandler done,
                                          ProgressHandler progress)
{
    m_impl->loop.assertInLoopThread("FileHostClient::upload");
    auto x = std::make_unique<Impl::Request>();
    x->upload = true;
    x->uploadDone = std::move(done);
    x->progress = std::move(progress);
    x->timeout = request.timeout;
    x->stallTimeout = request.stallTimeout;
    Impl::Request& r = *x;
    const Id id = m_impl->add(std::move(x));
    auto refuse = [&](const NetError& error) {
        m_impl->finish(id, error);
        return id;
    };
    NetError error;
    const auto url = parseHttpUrl(request.url, &error);
    if (!url)
        return refuse(error);
    r.url = *url;
    std::string name = request.fileName;
    if (!request.localPath.empty()) {
        r.file = std::fopen(request.localPath.c_str(), "rb");
        if (!r.file)
            return refuse(NetError(makeFileError(errno), "fopen", request.localPath));
        std::error_code ec;
        r.total = std::filesystem::file_size(request.localPath, ec);
        if (ec)
            return refuse(NetError(makeFileError(ec.value()), "stat", request.localPath));
        if (name.empty())
            name = std::filesystem::path(request.localPath).filename().string();
    } else {
        r.bytes = std::move(request.bytes);
        r.total = r.bytes.size();
    }
    if (request.maxBytes && r.total > request.maxBytes)
        return refuse(fileHostError(FileHostErrc::tooLarge, request.localPath,
                                    std::to_string(r.total) + " bytes, more than the " +
                                        std::to_string(request.maxBytes) + " allowed"));
    const std::string type = !request.contentType.empty() && isSafeHeaderValue(request.contentType)
                                 ? request.contentType
                                 : std::string("application/octet-stream");
    r.head = "POST " + r.url.target + " HTTP/1.1\r\nHost: " + r.url.hostHeader() +
             "\r\nUser-Agent: LanChat\r\nConnection: close\r\nContent-Type: " + type +
             "\r\nContent-Length: " + std::to_string(r.total) + "\r\n";
    if (!name.empty())
        r.head +=
            "Content-Disposition: " + filehost::contentDisposition("attachment", name) + "\r\n";
    if (!request.password.empty())
        r.head += "Authorization: Basic " + base64(request.user + ":" + request.password) + "\r\n";
    r.head += "\r\n";
    m_impl->begin(r);
    return id;
}

FileHostClient::Id FileHostClient::fetch(FileFetchRequest request, FetchHandler done)
{
    m_impl->loop.assertInLoopThread("FileHostClient::fetch");
    auto x = std::make_unique<Impl::Request>();
    x->fetchDone = std::move(done);
    x->maxBytes = request.maxBytes;
    x->headOnly = request.headOnly;
    x->timeout = request.timeout;
    x->stallTimeout = request.stallTimeout;
    Impl::Request& r = *x;
    const Id id = m_impl->add(std::move(x));
    NetError error;
    const auto url = parseHttpUrl(request.url, &error);
    if (!url) {
        m_impl->finish(id, error);
        return id;
    }
    r.url = *url;
    // Only the file host: a link to anywhere else is never fetched (no socket is made).
    const auto allowed = parseHttpUrl(request.allowedOrigin);
    if (!allowed || !sameOrigin(*allowed, *url)) {
        m_impl->finish(id, fileHostError(FileHostErrc::foreignOrigin, url->origin(),
                                         allowed ? "only " + allowed->origin() + " is fetched from"
                                                 : "no file host to fetch from"));
        return id;
    }
    r.head = (r.headOnly ? "HEAD " : "GET ") + r.url.target +
             " HTTP/1.1\r\nHost: " + r.url.hostHeader() +
             "\r\nUser-Agent: LanChat\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    m_impl->begin(r);
    return id;
}

void FileHostClient::cancel(Id id)
{
    m_impl->loop.assertInLoopThread("FileHostClient::cancel");
    if (Impl::Request* x = m_impl->find(id)) {
        x->uploadDone = nullptr;
        x->fetchDone = nullptr;
        x->progress = nullptr;
        m_impl->finish(id, fileHostError(FileHostErrc::cancelled, x->url.toString()));
    }
}

std::size_t FileHostClient::activeRequests() const
{
    return m_impl->requests.size();
}

} // namespace netcore::irc
