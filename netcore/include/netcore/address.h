// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Socket addresses without the system headers: SocketAddress holds a sockaddr_storage's bytes.

#include "netcore/error.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace netcore {

enum class AddressFamily : std::uint8_t
{
    Unspecified,
    IPv4,
    IPv6,
};

class SocketAddress
{
public:
    SocketAddress() = default;

    // Numeric addresses only ("127.0.0.1", "::1", "0.0.0.0", "::"); no name lookup.
    static SocketAddress fromNumeric(std::string_view ip, std::uint16_t port, bool* ok = nullptr);
    // From an address's raw bytes as the OS keeps them (4 for IPv4, 16 for IPv6, network
    // order) and a port in host order; invalid for any other family.
    static SocketAddress fromBytes(AddressFamily family, const void* bytes, std::uint16_t port);
    static SocketAddress anyIPv4(std::uint16_t port);
    static SocketAddress anyIPv6(std::uint16_t port);

    bool isValid() const { return m_length != 0; }
    AddressFamily family() const;
    std::uint16_t port() const;
    void setPort(std::uint16_t port);
    // The IP without port; an IPv4-mapped IPv6 address ("::ffff:1.2.3.4") shows as "1.2.3.4".
    std::string ip() const;
    // "127.0.0.1:6667" or "[::1]:6667".
    std::string toString() const;

    // Raw access for netcore's socket code (a sockaddr* and its length).
    const void* data() const { return m_storage.data(); }
    void* data() { return m_storage.data(); }
    std::uint32_t length() const { return m_length; }
    void setLength(std::uint32_t length) { m_length = length; }
    static constexpr std::size_t capacity() { return kCapacity; }

    friend bool operator==(const SocketAddress& a, const SocketAddress& b);

private:
    static constexpr std::size_t kCapacity = 128; // sizeof(sockaddr_storage) on both platforms
    alignas(8) std::array<unsigned char, kCapacity> m_storage{};
    std::uint32_t m_length = 0;
};

// "host", "host:port", "[v6]:port", "v6" (bare IPv6 without port) → host and port.
struct HostPort
{
    std::string host;
    std::uint16_t port = 0;
};
// Returns Errc::invalidAddress for an empty host, a bad port, or an unclosed '['.
std::error_code parseHostPort(std::string_view text, std::uint16_t defaultPort, HostPort* out);

// getaddrinfo(host, port, AF_UNSPEC, SOCK_STREAM or SOCK_DGRAM), traced, every address in the
// order the system gives. Blocking: call it where a short wait is acceptable. `numericOnly`
// (AI_NUMERICHOST) never asks a name server.
struct ResolveResult
{
    std::vector<SocketAddress> addresses;
    NetError error;
};
ResolveResult resolve(std::string_view host, std::uint16_t port, bool datagram = false,
                      bool numericOnly = false);

} // namespace netcore
