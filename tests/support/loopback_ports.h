// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Free loopback ports for the Qt suites (the bridge's, the widgets', the Inspector's): a port
// bound on 127.0.0.1 and closed again, so nobody here listens on it. A test that needs a port
// nothing answers on (a refused connect) uses the same: bound without listen(), then closed.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

namespace testsupport {

// type: SOCK_STREAM or SOCK_DGRAM. 0 if the machine gave none.
inline std::uint16_t freePort(int type)
{
    const int fd = ::socket(AF_INET, type, 0);
    if (fd < 0)
        return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof a;
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

inline std::uint16_t freeTcpPort()
{
    return freePort(SOCK_STREAM);
}

inline std::uint16_t freeUdpPort()
{
    return freePort(SOCK_DGRAM);
}

} // namespace testsupport
