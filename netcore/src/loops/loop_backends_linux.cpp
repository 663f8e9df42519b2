// SPDX-License-Identifier: GPL-3.0-or-later
// The Linux-only loops.

#include "loops/loop_epoll_linux.h"
#include "loops/loop_factory.h"

namespace netcore {

std::vector<std::string> platformLoopNames()
{
    return {"epoll"};
}

std::unique_ptr<EventLoop> createPlatformLoop(std::string_view name)
{
    if (name == "epoll")
        return std::make_unique<EpollLoop>();
    return nullptr;
}

} // namespace netcore
