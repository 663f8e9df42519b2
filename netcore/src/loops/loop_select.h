// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "netcore/event_loop.h"
#include "loops/waker.h"

namespace netcore {

// select() on both platforms. The fd_sets are rebuilt before every call (select() overwrites
// them with the ready sockets, and Linux also decrements the timeout), a socket that does not
// fit an fd_set is refused when it is added, and the wake-up handle is always in the read set,
// so the sets are never empty (Windows rejects empty sets with WSAEINVAL).
class SelectLoop final : public EventLoop
{
public:
    SelectLoop();
    ~SelectLoop() override;

protected:
    std::error_code backendSetup() override;
    void backendTeardown() override;
    void backendWait(std::optional<std::chrono::nanoseconds> timeout) override;
    void backendWakeup() override;
    std::error_code backendAdd(Channel& channel) override;
    void backendUpdate(Channel& channel) override;
    void backendRemove(Channel& channel) override;

private:
    Waker m_waker;
    std::vector<Channel*> m_watched; // in registration order
    int m_consecutiveFailures = 0;
};

} // namespace netcore
