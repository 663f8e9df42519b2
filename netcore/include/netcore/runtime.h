// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The socket runtime: WSAStartup(2.2) on the first SocketRuntime, WSACleanup when the last one
// goes (reference-counted; both traced). On POSIX it does nothing. Every EventLoop holds one, so
// code that uses loops need not care; code that calls netcore without a loop holds its own.

#include <cstddef>
#include <system_error>

namespace netcore {

class SocketRuntime
{
public:
    SocketRuntime(); // safe from any thread
    ~SocketRuntime();
    SocketRuntime(const SocketRuntime&) = delete;
    SocketRuntime& operator=(const SocketRuntime&) = delete;

    // The WSAStartup error, if it failed (then sockets cannot work).
    std::error_code error() const { return m_error; }

private:
    std::error_code m_error;
};

// Sockets netcore has open right now (created or accepted, not yet closed): leak checks use it.
std::size_t openSocketCount();

} // namespace netcore
