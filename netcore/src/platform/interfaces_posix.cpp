// SPDX-License-Identifier: GPL-3.0-or-later
// The IPv4 interface list on Linux: getifaddrs().

#include "netcore/interfaces.h"

#include "platform/platform.h"

#include <cerrno>
#include <ifaddrs.h>
#include <net/if.h>

namespace netcore {

namespace {

std::string ipText(const sockaddr* address)
{
    if (!address || address->sa_family != AF_INET)
        return {};
    char text[INET_ADDRSTRLEN] = "";
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
    return text;
}

} // namespace

std::vector<NetworkInterface> listIPv4Interfaces(NetError* error)
{
    std::vector<NetworkInterface> list;
    ifaddrs* all = nullptr;
    if (getifaddrs(&all) != 0) {
        if (error)
            *error = {makeSocketError(errno), "getifaddrs", {}};
        return list;
    }
    for (const ifaddrs* i = all; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
            continue;
        NetworkInterface n;
        n.name = i->ifa_name ? i->ifa_name : "";
        n.address = ipText(i->ifa_addr);
        n.netmask = ipText(i->ifa_netmask);
        n.up = (i->ifa_flags & IFF_UP) && (i->ifa_flags & IFF_RUNNING);
        n.loopback = (i->ifa_flags & IFF_LOOPBACK) != 0;
        n.canBroadcast = (i->ifa_flags & IFF_BROADCAST) != 0;
        if (n.canBroadcast)
            n.broadcast = i->ifa_broadaddr ? ipText(i->ifa_broadaddr)
                                           : directedBroadcast(n.address, n.netmask);
        list.push_back(std::move(n));
    }
    freeifaddrs(all);
    return list;
}

} // namespace netcore
