// SPDX-License-Identifier: GPL-3.0-or-later
// The FILEHOST client's URLs and errors (netcore/irc/filehost_client.h): pure functions, built
// in every build (the Windows build too, which has no HTTP client).
//
//   URL = scheme "://" [ userinfo "@" ] host [ ":" port ] [ target ] [ "#" fragment ]
//   scheme = "http" / "https" (any case); host = name / IPv4 / "[" IPv6 "]"

#include "netcore/irc/filehost_client.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace netcore::irc {

namespace {

class FileHostCategory final : public NamedErrorCategory
{
public:
    const char* name() const noexcept override { return "filehost"; }
    const char* symbolicName(int code) const noexcept override
    {
        return fileHostErrorName(static_cast<FileHostErrc>(code));
    }
    std::string message(int code) const override
    {
        switch (static_cast<FileHostErrc>(code)) {
        case FileHostErrc::badUrl:
            return "not an http:// or https:// URL that can be used";
        case FileHostErrc::foreignOrigin:
            return "the URL is not on the chat's file host: not fetched";
        case FileHostErrc::httpStatus:
            return "the file host refused the request";
        case FileHostErrc::tooLarge:
            return "the file is larger than allowed";
        case FileHostErrc::timedOut:
            return "the file host did not answer in time";
        case FileHostErrc::badResponse:
            return "the file host's answer is not usable";
        case FileHostErrc::cancelled:
            return "cancelled";
        case FileHostErrc::unavailable:
            return "this build has no file host client (it needs http-parser)";
        }
        return "unknown file host error";
    }
};

NetError badUrl(std::string_view url, std::string why)
{
    // The URL in the message, cut short: it may be long, and it is the peer's text.
    return {make_error_code(FileHostErrc::badUrl), "parse URL", std::string(url.substr(0, 200)),
            std::move(why)};
}

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return out;
}

bool isNameChar(char ch)
{
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.' || ch == '_';
}

bool isIpv6Char(char ch)
{
    return std::isxdigit(static_cast<unsigned char>(ch)) || ch == ':' || ch == '.';
}

std::uint16_t defaultPort(bool tls)
{
    return tls ? 443 : 80;
}

std::string bracketed(const std::string& host)
{
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

} // namespace

const std::error_category& fileHostCategory()
{
    static const FileHostCategory category;
    return category;
}

std::error_code make_error_code(FileHostErrc e)
{
    return {static_cast<int>(e), fileHostCategory()};
}

const char* fileHostErrorName(FileHostErrc e)
{
    switch (e) {
    case FileHostErrc::badUrl:
        return "FILEHOST_BAD_URL";
    case FileHostErrc::foreignOrigin:
        return "FILEHOST_FOREIGN_ORIGIN";
    case FileHostErrc::httpStatus:
        return "FILEHOST_HTTP_STATUS";
    case FileHostErrc::tooLarge:
        return "FILEHOST_TOO_LARGE";
    case FileHostErrc::timedOut:
        return "FILEHOST_TIMED_OUT";
    case FileHostErrc::badResponse:
        return "FILEHOST_BAD_RESPONSE";
    case FileHostErrc::cancelled:
        return "FILEHOST_CANCELLED";
    case FileHostErrc::unavailable:
        return "FILEHOST_UNAVAILABLE";
    }
    return "FILEHOST_UNKNOWN";
}

std::string HttpUrl::origin() const
{
    return std::string(tls ? "https://" : "http://") + bracketed(lower(host)) + ":" +
           std::to_string(port);
}

std::string HttpUrl::hostHeader() const
{
    std::string out = bracketed(host);
    if (port != defaultPort(tls))
        out += ":" + std::to_string(port);
    return out;
}

std::string HttpUrl::toString() const
{
    return std::string(tls ? "https://" : "http://") + hostHeader() + target;
}

std::optional<HttpUrl> parseHttpUrl(std::string_view url, NetError* error)
{
    auto fail = [&](std::string why) -> std::optional<HttpUrl> {
        if (error)
            *error = badUrl(url, std::move(why));
        return std::nullopt;
    };
    if (url.empty())
        return fail("the URL is empty");
    if (url.size() > 8192)
        return fail("the URL is longer than 8192 characters");
    for (const char ch : url) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte <= 0x20 || byte == 0x7f)
            return fail("the URL has a space or a control character");
    }
    const auto schemeEnd = url.find("://");
    if (schemeEnd == std::string_view::npos)
        return fail("not an absolute URL (no scheme://)");
    HttpUrl out;
    const std::string scheme = lower(url.substr(0, schemeEnd));
    if (scheme == "https")
        out.tls = true;
    else if (scheme != "http")
        return fail("the scheme \"" + scheme.substr(0, 20) + "\" is not http or https");
    std::string_view rest = url.substr(schemeEnd + 3);
    const auto authorityEnd = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authorityEnd);
    std::string_view target =
        authorityEnd == std::string_view::npos ? std::string_view() : rest.substr(authorityEnd);
    target = target.substr(0, target.find('#'));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        out.userInfo = std::string(authority.substr(0, at));
        authority.remove_prefix(at + 1);
    }
    std::string_view portText;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return fail("an IPv6 address without its closing ']'");
        const std::string_view v6 = authority.substr(1, close - 1);
        if (v6.empty() || v6.find(':') == std::string_view::npos ||
            !std::all_of(v6.begin(), v6.end(), isIpv6Char))
            return fail("\"" + std::string(v6.substr(0, 60)) + "\" is not an IPv6 address");
        out.host = std::string(v6);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                return fail("characters after the IPv6 address's ']'");
            portText = after.substr(1);
            out.explicitPort = true;
        }
    } else {
        const auto colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            portText = authority.substr(colon + 1);
            out.explicitPort = true;
        }
        if (!std::all_of(out.host.begin(), out.host.end(), isNameChar))
            return fail("\"" + out.host.substr(0, 60) + "\" is not a host name or address");
    }
    if (out.host.empty())
        return fail("the URL has no host");
    if (out.explicitPort) {
        unsigned value = 0;
        const auto [end, ec] =
            std::from_chars(portText.data(), portText.data() + portText.size(), value);
        if (portText.empty() || ec != std::errc() || end != portText.data() + portText.size() ||
            value == 0 || value > 65535)
            return fail("the port \"" + std::string(portText.substr(0, 20)) +
                        "\" is not a number from 1 to 65535");
        out.port = static_cast<std::uint16_t>(value);
    } else {
        out.port = defaultPort(out.tls);
    }
    out.target =
        target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
    return out;
}

bool sameOrigin(const HttpUrl& a, const HttpUrl& b)
{
    return a.tls == b.tls && a.port == b.port && lower(a.host) == lower(b.host);
}

std::string resolveLocation(const HttpUrl& base, std::string_view location)
{
    if (location.empty())
        return {};
    if (location.find("://") != std::string_view::npos)
        return parseHttpUrl(location) ? std::string(location) : std::string();
    const std::string scheme = base.tls ? "https:" : "http:";
    std::string absolute;
    if (location.starts_with("//")) {
        absolute = scheme + std::string(location);
    } else if (location.front() == '/') {
        absolute = scheme + "//" + base.hostHeader() + std::string(location);
    } else {
        std::string directory = base.target.substr(0, base.target.find('?'));
        directory = directory.substr(0, directory.rfind('/') + 1);
        absolute = scheme + "//" + base.hostHeader() + directory + std::string(location);
    }
    return parseHttpUrl(absolute) ? absolute : std::string();
}

} // namespace netcore::irc
