// SPDX-License-Identifier: GPL-3.0-or-later
// FILEHOST's responses and the header values it reads.

#include "irc/filehost/response.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace netcore::irc::filehost {

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return out;
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool isTokenChar(char ch)
{
    return std::isalnum(static_cast<unsigned char>(ch)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
}

// Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's IMF-fixdate), without gmtime.
std::string httpDateNow()
{
    using namespace std::chrono;
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto now = floor<seconds>(system_clock::now());
    const auto day = floor<std::chrono::days>(now);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> time{now - day};
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02u %s %04d %02d:%02d:%02d GMT",
                  days[weekday{day}.c_encoding()], unsigned(ymd.day()),
                  months[unsigned(ymd.month()) - 1], int(ymd.year()), int(time.hours().count()),
                  int(time.minutes().count()), int(time.seconds().count()));
    return text;
}

// Parameters after a value's first ';': name (lower case) and value (unquoted). False if
// malformed.
bool parseParameters(std::string_view text, std::vector<std::pair<std::string, std::string>>* out)
{
    while (true) {
        text = trim(text);
        if (text.empty())
            return true;
        if (text.front() != ';')
            return false;
        text.remove_prefix(1);
        text = trim(text);
        if (text.empty())
            return true; // a trailing ';'
        std::size_t n = 0;
        while (n < text.size() && isTokenChar(text[n]))
            ++n;
        if (n == 0 || n >= text.size() || text[n] != '=')
            return false;
        std::string name = lower(text.substr(0, n));
        text.remove_prefix(n + 1);
        std::string value;
        if (!text.empty() && text.front() == '"') {
            std::size_t i = 1;
            for (; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\' && i + 1 < text.size())
                    ++i;
                value += text[i];
            }
            if (i >= text.size())
                return false; // unclosed quote
            text.remove_prefix(i + 1);
        } else {
            std::size_t end = 0;
            while (end < text.size() && text[end] != ';')
                ++end;
            value = std::string(trim(text.substr(0, end)));
            text.remove_prefix(end);
        }
        out->emplace_back(std::move(name), std::move(value));
    }
}

// The allowlist: what may be served with its own type. Only the images are shown inline.
struct ServedType
{
    std::string_view type;
    bool inlined;
};
constexpr std::array kServed = {
    ServedType{"image/png", true},
    ServedType{"image/jpeg", true},
    ServedType{"image/gif", true},
    ServedType{"image/webp", true},
    ServedType{"text/plain", false},
    ServedType{"application/pdf", false},
    ServedType{"application/zip", false},
    ServedType{"application/gzip", false},
    ServedType{"application/x-tar", false},
    ServedType{"application/x-7z-compressed", false},
    ServedType{"audio/mpeg", false},
    ServedType{"audio/ogg", false},
    ServedType{"video/mp4", false},
    ServedType{"video/webm", false},
    ServedType{"application/octet-stream", false},
};

const ServedType* findServed(const std::string& type)
{
    for (const ServedType& served : kServed) {
        if (served.type == type)
            return &served;
    }
    return nullptr;
}

} // namespace

const char* statusText(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    case 507:
        return "Insufficient Storage";
    default:
        return "Unknown";
    }
}

std::string formatResponse(const Response& response, bool headOnly)
{
    std::string out =
        "HTTP/1.1 " + std::to_string(response.status) + " " + statusText(response.status) + "\r\n";
    out += "Date: " + httpDateNow() + "\r\n";
    out += "Server: LanChat\r\n";
    for (const auto& [name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (response.status != 204 && response.status >= 200) {
        const std::uint64_t length =
            response.contentLength ? *response.contentLength : response.body.size();
        out += "Content-Length: " + std::to_string(length) + "\r\n";
    }
    out += "X-Content-Type-Options: nosniff\r\n";
    out += "Connection: close\r\n\r\n";
    if (!headOnly && response.status != 204)
        out += response.body;
    return out;
}

Response textResponse(int status, const std::string& text)
{
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = std::to_string(status) + " " + statusText(status) + ": " + text + "\n";
    return r;
}

std::string servedType(const std::string& storedType)
{
    const ServedType* served = findServed(storedType);
    if (!served)
        return "application/octet-stream";
    if (served->type == "text/plain")
        return "text/plain; charset=utf-8";
    return std::string(served->type);
}

bool servedInline(const std::string& storedType)
{
    const ServedType* served = findServed(storedType);
    return served && served->inlined;
}

std::string contentDisposition(std::string_view disposition, std::string_view fileName)
{
    std::string out(disposition);
    if (fileName.empty())
        return out;
    std::string fallback;
    bool ascii = true;
    for (const char ch : fileName) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte >= 0x80 || byte < 0x20) {
            ascii = false;
            fallback += '_';
        } else if (ch == '"' || ch == '\\') {
            fallback += '_';
        } else {
            fallback += ch;
        }
    }
    out += "; filename=\"" + fallback + "\"";
    if (!ascii)
        out += "; filename*=UTF-8''" + percentEncode(fileName);
    return out;
}

bool parseContentDisposition(std::string_view value, std::optional<std::string>* fileName)
{
    fileName->reset();
    value = trim(value);
    std::size_t n = 0;
    while (n < value.size() && isTokenChar(value[n]))
        ++n;
    if (n == 0)
        return false;
    std::vector<std::pair<std::string, std::string>> params;
    if (!parseParameters(value.substr(n), &params))
        return false;
    for (const auto& [name, text] : params) {
        if (name != "filename*")
            continue;
        // RFC 8187: charset'language'percent-encoded; only UTF-8 (and ASCII) are taken.
        const auto first = text.find('\'');
        const auto second = first == std::string::npos ? first : text.find('\'', first + 1);
        if (second == std::string::npos)
            return false;
        const std::string charset = lower(text.substr(0, first));
        if (charset != "utf-8" && charset != "us-ascii")
            continue;
        auto decoded = percentDecode(std::string_view(text).substr(second + 1));
        if (!decoded)
            return false;
        *fileName = std::move(*decoded);
        return true;
    }
    for (const auto& [name, text] : params) {
        if (name == "filename") {
            *fileName = text;
            return true;
        }
    }
    return true;
}

bool parseMediaType(std::string_view value, std::string* type, std::string* charset)
{
    value = trim(value);
    const auto slash = value.find('/');
    if (slash == std::string_view::npos || slash == 0)
        return false;
    std::size_t end = slash + 1;
    while (end < value.size() && isTokenChar(value[end]))
        ++end;
    if (end == slash + 1)
        return false;
    for (std::size_t i = 0; i < slash; ++i) {
        if (!isTokenChar(value[i]))
            return false;
    }
    *type = lower(value.substr(0, end));
    std::vector<std::pair<std::string, std::string>> params;
    if (!parseParameters(value.substr(end), &params))
        return false;
    charset->clear();
    for (const auto& [name, text] : params) {
        if (name == "charset")
            *charset = lower(text);
    }
    return true;
}

std::string authScheme(std::string_view authorization)
{
    authorization = trim(authorization);
    return lower(authorization.substr(0, authorization.find(' ')));
}

std::optional<BasicCredentials> parseBasic(std::string_view authorization)
{
    authorization = trim(authorization);
    const auto space = authorization.find(' ');
    if (space == std::string_view::npos || lower(authorization.substr(0, space)) != "basic")
        return std::nullopt;
    const std::string_view encoded = trim(authorization.substr(space + 1));
    std::string decoded;
    std::uint32_t bits = 0;
    int count = 0;
    std::size_t padding = 0;
    for (const char ch : encoded) {
        int v;
        if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z')
            v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9')
            v = ch - '0' + 52;
        else if (ch == '+')
            v = 62;
        else if (ch == '/')
            v = 63;
        else if (ch == '=') {
            ++padding;
            continue;
        } else
            return std::nullopt;
        if (padding)
            return std::nullopt; // data after padding
        bits = (bits << 6) | static_cast<std::uint32_t>(v);
        if (++count == 4) {
            decoded += static_cast<char>((bits >> 16) & 0xff);
            decoded += static_cast<char>((bits >> 8) & 0xff);
            decoded += static_cast<char>(bits & 0xff);
            bits = 0;
            count = 0;
        }
    }
    if (count == 1 || padding > 2)
        return std::nullopt;
    if (count == 2) {
        decoded += static_cast<char>((bits >> 4) & 0xff);
    } else if (count == 3) {
        decoded += static_cast<char>((bits >> 10) & 0xff);
        decoded += static_cast<char>((bits >> 2) & 0xff);
    }
    const auto colon = decoded.find(':');
    if (colon == std::string::npos)
        return std::nullopt;
    return BasicCredentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

std::string percentEncode(std::string_view text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto byte = static_cast<unsigned char>(ch);
        if (std::isalnum(byte) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        }
    }
    return out;
}

std::optional<std::string> percentDecode(std::string_view text)
{
    auto digit = [](char ch) -> int {
        if (ch >= '0' && ch <= '9')
            return ch - '0';
        if (ch >= 'a' && ch <= 'f')
            return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F')
            return ch - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        const int high = digit(text[i + 1]);
        const int low = digit(text[i + 2]);
        if (high < 0 || low < 0)
            return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

bool sameSecret(std::string_view a, std::string_view b)
{
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
    return difference == 0;
}

} // namespace netcore::irc::filehost
