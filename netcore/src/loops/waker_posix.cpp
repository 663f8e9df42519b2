// SPDX-License-Identifier: GPL-3.0-or-later
#include "loops/waker.h"

#include "netcore/error.h"

#include <fcntl.h>
#include <unistd.h>

namespace netcore {

std::error_code Waker::open()
{
    int fds[2];
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
        return makeSocketError(platform::lastError());
    m_read = fds[0];
    m_write = fds[1];
    return {};
}

void Waker::close()
{
    if (m_read != platform::kInvalidSocket)
        ::close(m_read);
    if (m_write != platform::kInvalidSocket)
        ::close(m_write);
    m_read = m_write = platform::kInvalidSocket;
}

void Waker::wake()
{
    if (m_pending.exchange(true))
        return;
    const char byte = 1;
    // A full pipe already wakes the reader, so EAGAIN is fine.
    [[maybe_unused]] const ssize_t n = ::write(m_write, &byte, 1);
}

void Waker::drain()
{
    char buffer[64];
    while (::read(m_read, buffer, sizeof buffer) > 0) {
    }
    // Cleared after reading: a wake() that saw the flag still set and wrote nothing had queued
    // its work before, and the loop runs queued work after this drain.
    m_pending = false;
}

} // namespace netcore
