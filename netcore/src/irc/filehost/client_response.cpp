// SPDX-License-Identifier: GPL-3.0-or-later
// http-parser's callbacks in HTTP_RESPONSE mode, turned into an HttpResponse and the body's
// pieces (the client's side of request.cpp).

#include "irc/filehost/client_response.h"

#include <http_parser.h>

namespace netcore::irc::filehost {

const std::string* HttpResponse::header(std::string_view name) const
{
    return findField(headers, name);
}

struct ResponseParser::Glue
{
    static ResponseParser& self(http_parser* p) { return *static_cast<ResponseParser*>(p->data); }

    static bool count(ResponseParser& r, std::size_t length)
    {
        r.m_headerBytes += length;
        if (r.m_headerBytes <= kMaxHeaderBytes)
            return true;
        r.fail("the status line and headers are longer than " + std::to_string(kMaxHeaderBytes) +
               " bytes");
        return false;
    }

    static int onMessageBegin(http_parser* p)
    {
        ResponseParser& r = self(p);
        r.m_response = {};
        r.m_fields.reset();
        r.m_headerBytes = 0;
        return 0;
    }

    static int onStatus(http_parser* p, const char* at, std::size_t length)
    {
        ResponseParser& r = self(p);
        if (!count(r, length))
            return -1;
        r.m_response.reason.append(at, length);
        return 0;
    }

    static int onHeaderField(http_parser* p, const char* at, std::size_t length)
    {
        ResponseParser& r = self(p);
        if (!count(r, length))
            return -1;
        r.m_fields.name({at, length});
        return 0;
    }

    static int onHeaderValue(http_parser* p, const char* at, std::size_t length)
    {
        ResponseParser& r = self(p);
        if (!count(r, length))
            return -1;
        if (!r.m_fields.value(r.m_response.headers, {at, length}, kMaxHeaders)) {
            r.fail("more than " + std::to_string(kMaxHeaders) + " header fields");
            return -1;
        }
        return 0;
    }

    static int onHeadersComplete(http_parser* p)
    {
        ResponseParser& r = self(p);
        r.m_response.status = static_cast<int>(p->status_code);
        r.m_interim = r.m_response.status >= 100 && r.m_response.status < 200;
        if (r.m_interim)
            return 0; // 100 Continue and the like: the real answer follows
        r.m_headersDone = true;
        if (p->flags & F_CONTENTLENGTH)
            r.m_response.contentLength = p->content_length;
        if (r.m_handlers.headers && !r.m_handlers.headers(r.m_response))
            r.stop();
        return r.m_bodyless ? 1 : 0; // 1: http-parser expects no body
    }

    static int onBody(http_parser* p, const char* at, std::size_t length)
    {
        ResponseParser& r = self(p);
        if (r.m_state == State::Reading && r.m_handlers.body &&
            !r.m_handlers.body(std::string_view(at, length)))
            r.stop();
        return 0;
    }

    static int onMessageComplete(http_parser* p)
    {
        ResponseParser& r = self(p);
        if (r.m_interim) {
            r.m_interim = false;
            return 0;
        }
        if (r.m_state != State::Reading)
            return 0;
        r.m_complete = true;
        r.stop();
        if (r.m_handlers.complete)
            r.m_handlers.complete();
        return 0;
    }
};

ResponseParser::ResponseParser(Handlers handlers, bool bodyless)
    : m_handlers(std::move(handlers))
    , m_parser(std::make_unique<http_parser>())
    , m_bodyless(bodyless)
{
    http_parser_init(m_parser.get(), HTTP_RESPONSE);
    m_parser->data = this;
}

ResponseParser::~ResponseParser() = default;

void ResponseParser::stop()
{
    if (m_state == State::Reading)
        m_state = State::Stopped;
    http_parser_pause(m_parser.get(), 1);
}

void ResponseParser::fail(std::string why)
{
    if (m_state == State::Failed)
        return;
    m_state = State::Failed;
    m_error = std::move(why);
}

ResponseParser::State ResponseParser::execute(const char* data, std::size_t size)
{
    static const http_parser_settings settings = [] {
        http_parser_settings s{};
        s.on_message_begin = &Glue::onMessageBegin;
        s.on_status = &Glue::onStatus;
        s.on_header_field = &Glue::onHeaderField;
        s.on_header_value = &Glue::onHeaderValue;
        s.on_headers_complete = &Glue::onHeadersComplete;
        s.on_body = &Glue::onBody;
        s.on_message_complete = &Glue::onMessageComplete;
        return s;
    }();
    http_parser_execute(m_parser.get(), &settings, data, size);
    const auto error = static_cast<http_errno>(m_parser->http_errno);
    if (error != HPE_OK && error != HPE_PAUSED && m_state == State::Reading)
        fail(std::string("malformed HTTP response: ") + http_errno_name(error) + " (" +
             http_errno_description(error) + ")");
    return m_state;
}

ResponseParser::State ResponseParser::feed(std::string_view data)
{
    if (m_state != State::Reading || data.empty())
        return m_state;
    return execute(data.data(), data.size());
}

ResponseParser::State ResponseParser::finish()
{
    if (m_state != State::Reading)
        return m_state;
    execute(nullptr, 0); // EOF: ends a body that runs until the close
    if (m_state == State::Reading)
        fail(m_headersDone ? "the connection closed before the whole answer had come"
                           : "the connection closed before an answer came");
    return m_state;
}

} // namespace netcore::irc::filehost
