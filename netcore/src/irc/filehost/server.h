// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// FileHost's inside: the listeners (plain and TLS), one Exchange per connection (its single
// request and response), the limits on connections and uploads per address, and the deadlines.
// server.cpp holds the connections' life; exchange.cpp what is done with a request. All of it
// runs in the loop's thread.

#include "irc/filehost/request.h"
#include "irc/filehost/response.h"
#include "irc/filehost/store.h"
#include "netcore/event_loop.h"
#include "netcore/irc/filehost.h"
#include "netcore/tcp.h"
#include "netcore/token_bucket.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace netcore::irc {

struct FileHost::Impl
{
    using Clock = std::chrono::steady_clock;

    // One connection and its one request.
    struct Exchange
    {
        enum class Phase
        {
            Headers, // reading the request line and headers (a TLS handshake first)
            Body,    // an upload's bytes are coming
            Sending, // a file is going out as the connection drains
            Closing, // answered; closing gracefully
        };

        explicit Exchange(filehost::RequestParser::Handlers handlers)
            : parser(std::move(handlers))
        {}
        ~Exchange()
        {
            if (download)
                std::fclose(download);
        }

        std::shared_ptr<TcpConnection> connection;
        SocketId id = 0;
        std::string ip;    // the peer's, for limits and the log
        std::string where; // ip:port, for the log
        bool tls = false;
        filehost::RequestParser parser;
        Phase phase = Phase::Headers;
        Clock::time_point startedAt;
        Clock::time_point lastActivity;
        std::string what; // "POST /upload", for the log
        std::string base; // what an upload's Location starts with: scheme://host:port
        std::unique_ptr<filehost::FileStore::Upload> upload;
        std::FILE* download = nullptr;
        std::uint64_t remaining = 0; // of the download
        bool closed = false;
    };

    Impl(EventLoop& l, FileHostConfig c, Events e);
    ~Impl();

    NetError start(const std::optional<ListenOptions>& plain, const std::optional<TlsListen>& tls);
    void stop();

    // server.cpp: connections.
    std::unique_ptr<TcpListener> listen(const ListenOptions& options, bool tls, NetError* error);
    void accept(std::shared_ptr<TcpConnection> connection, bool tls);
    void received(Exchange& x, std::string_view data);
    void peerFinished(Exchange& x);
    void closed(SocketId id, const NetError& error);
    void housekeep();
    // Answers (the body unless `headOnly`) and closes gracefully.
    void respond(Exchange& x, const filehost::Response& response, bool headOnly = false);
    void refuse(Exchange& x, int status, const std::string& why,
                std::vector<std::pair<std::string, std::string>> headers = {});
    // Drops an unfinished upload (its .part file goes) and says why in the log.
    void abandonUpload(Exchange& x, const std::string& why);
    void log(const std::string& line) const
    {
        if (events.log)
            events.log(line);
    }

    // exchange.cpp: requests.
    bool onHeaders(Exchange& x, const filehost::Request& request);
    bool onBody(Exchange& x, std::string_view data);
    void onComplete(Exchange& x);
    void onParseError(Exchange& x);
    bool beginUpload(Exchange& x, const filehost::Request& request);
    void serveFile(Exchange& x, const filehost::Request& request, const std::string& id);
    void pump(Exchange& x); // more of a download, as far as the connection takes it
    // Who may upload: "" when allowed, else *status (400, 401, 403) and the reason.
    std::string authorize(const Exchange& x, const filehost::Request& request, int* status,
                          bool* challenge) const;
    std::string baseUrl(const Exchange& x, const filehost::Request& request) const;

    template <typename F> auto guarded(F f)
    {
        return [weak = std::weak_ptr<int>(alive), f = std::move(f)]() mutable {
            if (weak.lock())
                f();
        };
    }

    EventLoop& loop;
    const FileHostConfig config;
    Events events;
    UploaderCheck uploaderCheck;
    filehost::FileStore store; // before the exchanges: their uploads point into it
    std::unique_ptr<TcpListener> listener;
    std::unique_ptr<TcpListener> tlsListener;
    std::shared_ptr<TlsContext> tlsContext;
    std::unordered_map<SocketId, std::unique_ptr<Exchange>> exchanges;
    std::unordered_map<std::string, std::size_t> perAddress;
    std::unordered_map<std::string, TokenBucket> uploadBuckets;
    std::optional<EventLoop::TimerId> housekeeping;
    std::optional<EventLoop::TimerId> sweeping;
    bool running = false;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
};

} // namespace netcore::irc
