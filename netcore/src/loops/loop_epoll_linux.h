// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "netcore/event_loop.h"
#include "loops/waker.h"

#include <vector>

struct epoll_event;

namespace netcore {

// The scalable Linux loop: epoll, level-triggered, one registration per socket (epoll_ctl ADD
// when watched, MOD when what it wants changes, DEL when it goes). Unlike select() it has no
// FD_SETSIZE: a host can hold as many clients as the process may open descriptors.
class EpollLoop final : public EventLoop
{
public:
    EpollLoop();
    ~EpollLoop() override;

protected:
    std::error_code backendSetup() override;
    void backendTeardown() override;
    void backendWait(std::optional<std::chrono::nanoseconds> timeout) override;
    void backendWakeup() override;
    std::error_code backendAdd(Channel& channel) override;
    void backendUpdate(Channel& channel) override;
    void backendRemove(Channel& channel) override;

private:
    static constexpr int MaxEventsPerWait = 256;

    int control(int op, Channel& channel, unsigned events);

    int m_epoll = -1;
    Waker m_waker;
    std::vector<epoll_event> m_events;
};

} // namespace netcore
