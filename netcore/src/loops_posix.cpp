// SPDX-License-Identifier: GPL-3.0-or-later
// The POSIX-only loops. (The epoll loop is added here by a later change.)

#include "loop_factory.h"

namespace netcore {

std::vector<std::string> platformLoopNames()
{
    return {};
}

std::unique_ptr<EventLoop> createPlatformLoop(std::string_view)
{
    return nullptr;
}

} // namespace netcore
