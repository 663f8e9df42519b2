// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the tests need to know about where they run (platform_test_posix.cpp / _win.cpp).

namespace netcore::test {

// True for the Windows build running under Wine, where a few WinSock behaviours are not
// emulated (winsock-notes.md 1.11): such tests are skipped there with the reason.
bool runningUnderWine();

} // namespace netcore::test
