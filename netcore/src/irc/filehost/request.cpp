// SPDX-License-Identifier: GPL-3.0-or-later
// http-parser's callbacks, turned into a Request and the body's pieces.

#include "irc/filehost/request.h"

#include <http_parser.h>

namespace netcore::irc::filehost {

const std::string* Request::header(std::string_view name) const
{
    return findField(headers, name);
}

std::string Request::path() const
{
    const auto end = target.find_first_of("?#");
    return target.substr(0, end);
}

struct RequestParser::Glue
{
    static RequestParser& self(http_parser* p) { return *static_cast<RequestParser*>(p->data); }

    // Counts the request line and headers against the bound; false when it is passed.
    // `status`: 414 while in the request target, else 431.
    static bool count(RequestParser& r, std::size_t length, int status = 431)
    {
        r.m_headerBytes += length;
        if (r.m_headerBytes <= kMaxHeaderBytes)
            return true;
        r.fail(status, status == 414 ? "the request target is longer than " +
                                           std::to_string(kMaxHeaderBytes) + " bytes"
                                     : "the request line and headers are longer than " +
                                           std::to_string(kMaxHeaderBytes) + " bytes");
        return false;
    }

    static int onUrl(http_parser* p, const char* at, std::size_t length)
    {
        RequestParser& r = self(p);
        if (!count(r, length, 414))
            return -1;
        r.m_request.target.append(at, length);
        return 0;
    }

    static int onHeaderField(http_parser* p, const char* at, std::size_t length)
    {
        RequestParser& r = self(p);
        if (!count(r, length))
            return -1;
        r.m_fields.name({at, length});
        return 0;
    }

    static int onHeaderValue(http_parser* p, const char* at, std::size_t length)
    {
        RequestParser& r = self(p);
        if (!count(r, length))
            return -1;
        if (!r.m_fields.value(r.m_request.headers, {at, length}, kMaxHeaders)) {
            r.fail(431, "more than " + std::to_string(kMaxHeaders) + " header fields");
            return -1;
        }
        return 0;
    }

    static int onHeadersComplete(http_parser* p)
    {
        RequestParser& r = self(p);
        Request& q = r.m_request;
        q.method = http_method_str(static_cast<http_method>(p->method));
        q.httpMajor = p->http_major;
        q.httpMinor = p->http_minor;
        q.chunked = (p->flags & F_CHUNKED) != 0;
        if (p->flags & F_CONTENTLENGTH)
            q.contentLength = p->content_length;
        if (r.m_handlers.headers && !r.m_handlers.headers(q))
            r.stop();
        return 0;
    }

    static int onBody(http_parser* p, const char* at, std::size_t length)
    {
        RequestParser& r = self(p);
        if (r.m_handlers.body && !r.m_handlers.body(std::string_view(at, length)))
            r.stop();
        return 0;
    }

    static int onMessageComplete(http_parser* p)
    {
        RequestParser& r = self(p);
        r.m_complete = true;
        r.stop(); // one request a connection: what follows is not read
        if (r.m_handlers.complete)
            r.m_handlers.complete();
        return 0;
    }
};

RequestParser::RequestParser(Handlers handlers)
    : m_handlers(std::move(handlers))
    , m_parser(std::make_unique<http_parser>())
{
    http_parser_init(m_parser.get(), HTTP_REQUEST);
    m_parser->data = this;
}

RequestParser::~RequestParser() = default;

void RequestParser::stop()
{
    if (m_state == State::Reading)
        m_state = State::Stopped;
    http_parser_pause(m_parser.get(), 1);
}

void RequestParser::fail(int status, std::string why)
{
    if (m_state == State::Failed)
        return;
    m_state = State::Failed;
    m_errorStatus = status;
    m_error = std::move(why);
}

RequestParser::State RequestParser::feed(std::string_view data)
{
    if (m_state != State::Reading || data.empty())
        return m_state;
    static const http_parser_settings settings = [] {
        http_parser_settings s{};
        s.on_url = &Glue::onUrl;
        s.on_header_field = &Glue::onHeaderField;
        s.on_header_value = &Glue::onHeaderValue;
        s.on_headers_complete = &Glue::onHeadersComplete;
        s.on_body = &Glue::onBody;
        s.on_message_complete = &Glue::onMessageComplete;
        return s;
    }();
    http_parser_execute(m_parser.get(), &settings, data.data(), data.size());
    const auto error = static_cast<http_errno>(m_parser->http_errno);
    if (error != HPE_OK && error != HPE_PAUSED && m_state != State::Failed)
        fail(400, std::string("malformed HTTP request: ") + http_errno_name(error) + " (" +
                      http_errno_description(error) + ")");
    return m_state;
}

} // namespace netcore::irc::filehost
