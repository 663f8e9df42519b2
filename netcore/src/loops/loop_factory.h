// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "netcore/event_loop.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace netcore {

// The loop named `name`, not started, or nullptr if this platform has no such loop.
std::unique_ptr<EventLoop> createLoop(std::string_view name);

// Implemented per platform (loops_posix.cpp / loops_win.cpp): the loops besides "select".
std::vector<std::string> platformLoopNames();
std::unique_ptr<EventLoop> createPlatformLoop(std::string_view name);

} // namespace netcore
