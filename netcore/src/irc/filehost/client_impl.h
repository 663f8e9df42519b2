// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// FileHostClient's inside (client.cpp): the requests in progress, each with its connection and
// its answer's parser, and the connections of finished requests until they have closed. All of
// it lives in the loop's thread.

#include "irc/filehost/client_response.h"
#include "netcore/event_loop.h"
#include "netcore/irc/filehost_client.h"
#include "netcore/tcp.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace netcore::irc {

struct FileHostClient::Impl
{
    using Clock = std::chrono::steady_clock;

    struct Request
    {
        ~Request()
        {
            if (file)
                std::fclose(file);
        }

        Id id = 0;
        bool upload = false;
        bool headOnly = false; // a HEAD fetch
        HttpUrl url;
        std::string head; // the request line and headers
        // An upload's body: the file, or bytes in memory; how much was handed to the
        // connection.
        std::FILE* file = nullptr;
        std::string bytes;
        std::uint64_t total = 0;
        std::uint64_t handed = 0;
        std::uint64_t lastProgress = 0;
        std::uint64_t maxBytes = 0; // a fetch's limit
        std::chrono::milliseconds timeout{0};
        std::chrono::milliseconds stallTimeout{0};
        Clock::time_point startedAt;
        Clock::time_point lastActivity;
        std::shared_ptr<TcpConnector> connector;
        std::shared_ptr<TcpConnection> connection;
        bool canSend = false; // connected (and for TLS, the handshake ended)
        std::unique_ptr<filehost::ResponseParser> parser;
        filehost::HttpResponse response;
        std::string body;
        NetError stopped; // why a parser handler stopped reading (a limit)
        UploadHandler uploadDone;
        ProgressHandler progress;
        FetchHandler fetchDone;
        std::optional<EventLoop::TimerId> timer;
    };

    Impl(EventLoop& l, TlsClientOptions t)
        : loop(l)
        , tls(std::move(t))
    {}
    ~Impl();

    template <typename F> auto guarded(F f)
    {
        return [weak = std::weak_ptr<int>(alive), f = std::move(f)]() mutable {
            if (weak.lock())
                f();
        };
    }
    Request* find(Id id)
    {
        const auto it = requests.find(id);
        return it == requests.end() ? nullptr : it->second.get();
    }

    Id add(std::unique_ptr<Request> x);
    void begin(Request& x);
    void connected(Id id, std::shared_ptr<TcpConnection> connection, const NetError& error);
    void received(Request& x, std::string_view data);
    void peerFinished(Request& x);
    void closed(Id id, SocketId socket, const NetError& error);
    void pump(Request& x);
    void check(Id id);
    void conclude(Request& x);
    void finish(Id id, const NetError& error, bool graceful = false);
    filehost::ResponseParser::Handlers parserHandlers(Id id);

    EventLoop& loop;
    TlsClientOptions tls;
    std::shared_ptr<TlsContext> tlsContext;
    std::unordered_map<Id, std::unique_ptr<Request>> requests;
    // Connections of finished requests, until they have closed.
    std::unordered_map<SocketId, std::shared_ptr<TcpConnection>> lingering;
    Id nextId = 1;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
};

} // namespace netcore::irc
