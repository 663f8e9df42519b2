// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Linux only (tcp_states_linux.cpp): the fallback of readOsTcpTable alone, /proc/net/tcp and
// tcp6, which it uses where sock_diag is refused; apart, so that a test compares the two.

#include "netcore/tcp_states.h"

namespace netcore {

OsTcpTable readProcTcpTable();

} // namespace netcore
