// SPDX-License-Identifier: GPL-3.0-or-later
// What both platforms' interface lists share.

#include "netcore/interfaces.h"

#include "platform/platform.h"

#include <cstdint>

namespace netcore {

std::string directedBroadcast(const std::string& address, const std::string& netmask)
{
    in_addr a{};
    in_addr m{};
    if (inet_pton(AF_INET, address.c_str(), &a) != 1 ||
        inet_pton(AF_INET, netmask.c_str(), &m) != 1)
        return {};
    in_addr b{};
    b.s_addr = a.s_addr | ~m.s_addr;
    char text[INET_ADDRSTRLEN] = "";
    inet_ntop(AF_INET, &b, text, sizeof text);
    return text;
}

std::string reachableAddress(std::string_view bind)
{
    if (!bind.empty() && bind != "0.0.0.0" && bind != "::")
        return bind.find(':') != std::string_view::npos ? "[" + std::string(bind) + "]"
                                                        : std::string(bind);
    NetError ignored;
    for (const auto& nic : listIPv4Interfaces(&ignored)) {
        if (nic.up && !nic.loopback && !nic.address.empty())
            return nic.address;
    }
    return "127.0.0.1";
}

} // namespace netcore
