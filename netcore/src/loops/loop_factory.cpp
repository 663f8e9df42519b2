// SPDX-License-Identifier: GPL-3.0-or-later
#include "loops/loop_factory.h"

#include "loops/loop_select.h"

namespace netcore {

std::unique_ptr<EventLoop> createLoop(std::string_view name)
{
    if (name == "select")
        return std::make_unique<SelectLoop>();
    return createPlatformLoop(name);
}

} // namespace netcore
