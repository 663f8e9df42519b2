// SPDX-License-Identifier: GPL-3.0-or-later
#include "platform_test.h"

namespace netcore::test {

bool runningUnderWine()
{
    return false;
}

} // namespace netcore::test
