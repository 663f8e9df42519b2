// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Wakes a thread blocked in select(). Windows' select() takes only sockets, so there it is a
// connected loopback TCP pair (asio's socket_select_interrupter); on POSIX a non-blocking pipe.
// waker_posix.cpp / waker_win.cpp implement it. Its calls are plumbing and are not traced; the
// select trace shows its handle as socket id 0 ("wake").

#include "platform/platform.h"

#include <atomic>
#include <system_error>

namespace netcore {

class Waker
{
public:
    Waker() = default;
    ~Waker() { close(); }
    Waker(const Waker&) = delete;
    Waker& operator=(const Waker&) = delete;

    std::error_code open();
    void close();
    // Safe from any thread; coalesces wake-ups until drain().
    void wake();
    // Loop thread: consume the wake-ups.
    void drain();
    platform::NativeSocket readHandle() const { return m_read; }

private:
    platform::NativeSocket m_read = platform::kInvalidSocket;
    platform::NativeSocket m_write = platform::kInvalidSocket;
    std::atomic<bool> m_pending{false};
};

} // namespace netcore
