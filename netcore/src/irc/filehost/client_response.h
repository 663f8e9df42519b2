// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An HTTP/1.x response as it arrives at the FILEHOST client, parsed by http-parser in
// HTTP_RESPONSE mode: the status line and headers, then the body in pieces as they come, then
// its end (by Content-Length, chunks, or the server's close: finish()). Interim answers (1xx)
// are skipped. Bounds: the status line and headers at most kMaxHeaderBytes, kMaxHeaders
// fields; beyond them, or for what http-parser refuses, the parser fails with why.

#include "irc/filehost/http_fields.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct http_parser; // http_parser.h, included by client_response.cpp only

namespace netcore::irc::filehost {

struct HttpResponse
{
    int status = 0;
    std::string reason;
    HttpFields headers; // names in lower case
    std::optional<std::uint64_t> contentLength;

    // The first field of that name (lower case), or nullptr.
    const std::string* header(std::string_view name) const;
};

class ResponseParser
{
public:
    static constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
    static constexpr std::size_t kMaxHeaders = 64;

    struct Handlers
    {
        // The status line and headers are in. False: stop here.
        std::function<bool(const HttpResponse&)> headers;
        // A piece of the body. False: stop here.
        std::function<bool(std::string_view)> body;
        // The body has ended: the response is complete.
        std::function<void()> complete;
    };

    enum class State
    {
        Reading, // wants more bytes
        Stopped, // a handler said stop, or the response is complete
        Failed,  // not a usable HTTP response: error() says why
    };

    // `bodyless`: the answer to a HEAD request, which has headers only (its Content-Length is
    // the size a GET would bring).
    explicit ResponseParser(Handlers handlers, bool bodyless = false);
    ~ResponseParser();
    ResponseParser(const ResponseParser&) = delete;
    ResponseParser& operator=(const ResponseParser&) = delete;

    State feed(std::string_view data);
    // The server closed the connection: ends a body that runs until the close, or fails.
    State finish();
    State state() const { return m_state; }
    bool complete() const { return m_complete; }
    bool headersDone() const { return m_headersDone; }
    const std::string& error() const { return m_error; }

    struct Glue; // the http-parser callbacks

private:
    State execute(const char* data, std::size_t size);
    void stop();
    void fail(std::string why);

    Handlers m_handlers;
    std::unique_ptr<::http_parser> m_parser;
    HttpResponse m_response;
    FieldCollector m_fields;
    bool m_bodyless = false;
    bool m_interim = false; // a 1xx answer is being read
    bool m_headersDone = false;
    std::size_t m_headerBytes = 0;
    bool m_complete = false;
    State m_state = State::Reading;
    std::string m_error;
};

} // namespace netcore::irc::filehost
