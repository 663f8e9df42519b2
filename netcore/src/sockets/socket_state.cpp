// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/socket_state.h"

namespace netcore {

namespace {

// Indexed by SocketRole.
constexpr std::string_view kRoleNames[kSocketRoleCount] = {
    "", "listener", "accepted", "outgoing", "presence-listener", "presence-sender", "udp",
    "dcc-listener", "dcc-send", "dcc-receive",
};

} // namespace

const char* socketStateName(SocketState state)
{
    switch (state) {
    case SocketState::Created:
        return "created";
    case SocketState::Bound:
        return "bound";
    case SocketState::Listening:
        return "listening";
    case SocketState::Connecting:
        return "connecting";
    case SocketState::Connected:
        return "connected";
    case SocketState::HalfClosed:
        return "half-closed";
    case SocketState::Closed:
        return "closed";
    }
    return "?";
}

std::string_view socketRoleName(SocketRole role)
{
    const int index = static_cast<int>(role);
    return index >= 0 && index < kSocketRoleCount ? kRoleNames[index] : std::string_view();
}

bool socketRoleFromName(std::string_view name, SocketRole* role)
{
    for (int i = 1; i < kSocketRoleCount; ++i) {
        if (kRoleNames[i] == name) {
            *role = static_cast<SocketRole>(i);
            return true;
        }
    }
    *role = SocketRole::Unknown;
    return false;
}

} // namespace netcore
