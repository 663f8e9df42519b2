// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/address.h"

#include "netcore/runtime.h"
#include "netcore/trace.h"
#include "platform/platform.h"

#include <charconv>
#include <cstring>
#include <memory>

namespace netcore {

static_assert(sizeof(sockaddr_storage) <= SocketAddress::capacity());

namespace {

const sockaddr_in* asV4(const SocketAddress& a)
{
    return static_cast<const sockaddr_in*>(a.data());
}

const sockaddr_in6* asV6(const SocketAddress& a)
{
    return static_cast<const sockaddr_in6*>(a.data());
}

int rawFamily(const SocketAddress& a)
{
    if (!a.isValid())
        return AF_UNSPEC;
    return static_cast<const sockaddr*>(a.data())->sa_family;
}

bool isV4Mapped(const in6_addr& address)
{
    static constexpr unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::memcmp(&address, prefix, sizeof prefix) == 0;
}

} // namespace

SocketAddress SocketAddress::fromNumeric(std::string_view ip, std::uint16_t port, bool* ok)
{
    SocketAddress result;
    const std::string text(ip);
    in_addr v4{};
    in6_addr v6{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1)
        result = fromBytes(AddressFamily::IPv4, &v4, port);
    else if (inet_pton(AF_INET6, text.c_str(), &v6) == 1)
        result = fromBytes(AddressFamily::IPv6, &v6, port);
    if (ok)
        *ok = result.isValid();
    return result;
}

SocketAddress SocketAddress::fromBytes(AddressFamily family, const void* bytes, std::uint16_t port)
{
    SocketAddress result;
    if (family == AddressFamily::IPv4) {
        sockaddr_in v4{};
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        std::memcpy(&v4.sin_addr, bytes, sizeof v4.sin_addr);
        std::memcpy(result.m_storage.data(), &v4, sizeof v4);
        result.m_length = sizeof v4;
    } else if (family == AddressFamily::IPv6) {
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        std::memcpy(&v6.sin6_addr, bytes, sizeof v6.sin6_addr);
        std::memcpy(result.m_storage.data(), &v6, sizeof v6);
        result.m_length = sizeof v6;
    }
    return result;
}

SocketAddress SocketAddress::anyIPv4(std::uint16_t port)
{
    return fromNumeric("0.0.0.0", port);
}

SocketAddress SocketAddress::anyIPv6(std::uint16_t port)
{
    return fromNumeric("::", port);
}

AddressFamily SocketAddress::family() const
{
    switch (rawFamily(*this)) {
    case AF_INET:
        return AddressFamily::IPv4;
    case AF_INET6:
        return AddressFamily::IPv6;
    default:
        return AddressFamily::Unspecified;
    }
}

std::uint16_t SocketAddress::port() const
{
    switch (rawFamily(*this)) {
    case AF_INET:
        return ntohs(asV4(*this)->sin_port);
    case AF_INET6:
        return ntohs(asV6(*this)->sin6_port);
    default:
        return 0;
    }
}

void SocketAddress::setPort(std::uint16_t port)
{
    switch (rawFamily(*this)) {
    case AF_INET:
        static_cast<sockaddr_in*>(data())->sin_port = htons(port);
        break;
    case AF_INET6:
        static_cast<sockaddr_in6*>(data())->sin6_port = htons(port);
        break;
    default:
        break;
    }
}

std::string SocketAddress::ip() const
{
    char buffer[INET6_ADDRSTRLEN] = {};
    switch (rawFamily(*this)) {
    case AF_INET:
        inet_ntop(AF_INET, &asV4(*this)->sin_addr, buffer, sizeof buffer);
        return buffer;
    case AF_INET6: {
        const in6_addr& address = asV6(*this)->sin6_addr;
        if (isV4Mapped(address)) {
            // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; show them as IPv4.
            in_addr v4{};
            std::memcpy(&v4, reinterpret_cast<const unsigned char*>(&address) + 12, 4);
            inet_ntop(AF_INET, &v4, buffer, sizeof buffer);
            return buffer;
        }
        inet_ntop(AF_INET6, &address, buffer, sizeof buffer);
        return buffer;
    }
    default:
        return "(none)";
    }
}

std::string SocketAddress::toString() const
{
    const std::string host = ip();
    if (family() == AddressFamily::IPv6 && host.find(':') != std::string::npos)
        return '[' + host + "]:" + std::to_string(port());
    if (!isValid())
        return host;
    return host + ':' + std::to_string(port());
}

bool operator==(const SocketAddress& a, const SocketAddress& b)
{
    return a.m_length == b.m_length &&
           std::memcmp(a.m_storage.data(), b.m_storage.data(), a.m_length) == 0;
}

std::error_code parseHostPort(std::string_view text, std::uint16_t defaultPort, HostPort* out)
{
    const auto invalid = make_error_code(Errc::invalidAddress);
    std::string_view host = text;
    std::string_view portText;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            return invalid;
        host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                return invalid;
            portText = rest.substr(1);
            if (portText.empty())
                return invalid;
        }
    } else {
        const auto colon = text.find(':');
        // More than one colon and no brackets: a bare IPv6 address without a port.
        if (colon != std::string_view::npos &&
            text.find(':', colon + 1) == std::string_view::npos) {
            host = text.substr(0, colon);
            portText = text.substr(colon + 1);
            if (portText.empty())
                return invalid;
        }
    }
    if (host.empty() || host.find_first_of(" \t\r\n") != std::string_view::npos)
        return invalid;
    unsigned port = defaultPort;
    if (!portText.empty()) {
        const auto [end, ec] =
            std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (ec != std::errc() || end != portText.data() + portText.size() || port == 0 ||
            port > 65535)
            return invalid;
    }
    out->host.assign(host);
    out->port = static_cast<std::uint16_t>(port);
    return {};
}

ResolveResult resolve(std::string_view host, std::uint16_t port, bool datagram, bool numericOnly)
{
    SocketRuntime runtime; // getaddrinfo needs WSAStartup on Windows
    ResolveResult result;
    const std::string name(host);
    const std::string service = std::to_string(port);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = datagram ? SOCK_DGRAM : SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | (numericOnly ? AI_NUMERICHOST : 0);
    addrinfo* list = nullptr;
    const int rc = ::getaddrinfo(name.c_str(), service.c_str(), &hints, &list);
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(list, &::freeaddrinfo);

    std::string found;
    if (rc == 0) {
        for (const addrinfo* ai = list; ai; ai = ai->ai_next) {
            if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
                ai->ai_addrlen > SocketAddress::capacity())
                continue;
            SocketAddress address;
            std::memcpy(address.data(), ai->ai_addr, ai->ai_addrlen);
            address.setLength(static_cast<std::uint32_t>(ai->ai_addrlen));
            if (!found.empty())
                found += ' ';
            found += address.toString();
            result.addresses.push_back(address);
        }
    }
    if (Trace::enabled()) {
        TraceEvent event;
        event.protocol = datagram ? Protocol::Udp : Protocol::Tcp;
        event.call = Call::Getaddrinfo;
        event.args = "\"" + name + "\", \"" + service + "\", AF_UNSPEC, " +
                     (datagram ? "SOCK_DGRAM" : "SOCK_STREAM");
        if (rc == 0)
            event.args += " -> " + (found.empty() ? std::string("(nothing usable)") : found);
        event.result = rc;
        event.error = rc;
        if (rc != 0)
            event.errorName = platform::resolverErrorName(rc);
        Trace::publish(std::move(event));
    }
    if (rc != 0)
        result.error = {makeResolverError(rc), "getaddrinfo", name};
    else if (result.addresses.empty())
        result.error = {make_error_code(Errc::noAddresses), "getaddrinfo", name};
    return result;
}

} // namespace netcore
