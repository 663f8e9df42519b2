// SPDX-License-Identifier: GPL-3.0-or-later
#include "platform_test.h"

#include <windows.h>

namespace netcore::test {

bool runningUnderWine()
{
    // Wine's ntdll exports wine_get_version; Windows' does not.
    const HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

} // namespace netcore::test
