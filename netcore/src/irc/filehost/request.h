// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An HTTP/1.x request as it arrives, parsed by http-parser (Debian's libhttp-parser, the parser
// Node.js used before llhttp): the request line and headers, then the body in pieces as they
// come (never gathered whole), then its end. Bounds: the request line and headers together at
// most kMaxHeaderBytes, at most kMaxHeaders fields; beyond them, or for anything http-parser
// refuses (a malformed line, a bad Content-Length, Content-Length together with chunked), the
// parser stops with the status to answer.

#include "irc/filehost/http_fields.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct http_parser; // http_parser.h, included by request.cpp only

namespace netcore::irc::filehost {

struct Request
{
    std::string method; // "GET", "POST", ...
    std::string target; // the request target as sent, "/upload"
    unsigned httpMajor = 1;
    unsigned httpMinor = 1;
    HttpFields headers; // names in lower case
    std::optional<std::uint64_t> contentLength;
    bool chunked = false;

    // The first field of that name (lower case), or nullptr.
    const std::string* header(std::string_view name) const;
    // The target's path without the query.
    std::string path() const;
};

class RequestParser
{
public:
    static constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
    static constexpr std::size_t kMaxHeaders = 64;

    struct Handlers
    {
        // The request line and headers are in. False: stop here (the caller has answered).
        std::function<bool(const Request&)> headers;
        // A piece of the body. False: stop here.
        std::function<bool(std::string_view)> body;
        // The body has ended (or there was none): the request is complete.
        std::function<void()> complete;
    };

    enum class State
    {
        Reading, // wants more bytes
        Stopped, // a handler said stop, or the request is complete; later bytes are not read
        Failed,  // the request is malformed: errorStatus() and error() say how
    };

    explicit RequestParser(Handlers handlers);
    ~RequestParser();
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;

    State feed(std::string_view data);
    State state() const { return m_state; }
    bool complete() const { return m_complete; }
    // For Failed: 400, 414 (URI too long) or 431 (headers too large), and why in words.
    int errorStatus() const { return m_errorStatus; }
    const std::string& error() const { return m_error; }

    struct Glue; // the http-parser callbacks

private:
    void stop();
    void fail(int status, std::string why);

    Handlers m_handlers;
    std::unique_ptr<::http_parser> m_parser;
    Request m_request;
    FieldCollector m_fields;
    std::size_t m_headerBytes = 0;
    bool m_complete = false;
    State m_state = State::Reading;
    int m_errorStatus = 0;
    std::string m_error;
};

} // namespace netcore::irc::filehost
