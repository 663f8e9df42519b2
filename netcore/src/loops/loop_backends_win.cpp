// SPDX-License-Identifier: GPL-3.0-or-later
// The Windows-only loops.

#include "loops/loop_asyncselect_win.h"
#include "loops/loop_factory.h"

namespace netcore {

std::vector<std::string> platformLoopNames()
{
    return {"asyncselect"};
}

std::unique_ptr<EventLoop> createPlatformLoop(std::string_view name)
{
    if (name == "asyncselect")
        return std::make_unique<AsyncSelectLoop>();
    return nullptr;
}

} // namespace netcore
