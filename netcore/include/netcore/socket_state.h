// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace netcore {

// The life of a socket, as the Inspector shows it.
enum class SocketState : std::uint8_t
{
    Created,
    Bound,
    Listening,
    Connecting,
    Connected,
    HalfClosed, // one direction has been shut down (a FIN sent or received)
    Closed,
};
const char* socketStateName(SocketState state);

} // namespace netcore
