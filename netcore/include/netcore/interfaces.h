// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The machine's IPv4 network interfaces, for presence: which are up, which can broadcast, and
// each one's directed broadcast address. getifaddrs() on Linux (interfaces_posix.cpp),
// GetAdaptersAddresses() on Windows (interfaces_win.cpp).

#include "netcore/error.h"

#include <string>
#include <string_view>
#include <vector>

namespace netcore {

struct NetworkInterface
{
    std::string name;      // "eth0", "lo"; on Windows the adapter's friendly name
    std::string address;   // "192.168.1.20"
    std::string netmask;   // "255.255.255.0"
    std::string broadcast; // the directed broadcast address, "192.168.1.255" ("" if none)
    bool up = false;
    bool loopback = false;
    bool canBroadcast = false;

    friend bool operator==(const NetworkInterface&, const NetworkInterface&) = default;
};

// Every IPv4 address of every interface (an interface with two addresses appears twice). On
// failure the list is empty and *error says why.
std::vector<NetworkInterface> listIPv4Interfaces(NetError* error);

// The directed broadcast address of address/netmask: "192.168.1.20", "255.255.255.0" ->
// "192.168.1.255". "" when either is not a numeric IPv4 address.
std::string directedBroadcast(const std::string& address, const std::string& netmask);

// The address others on the LAN reach a server at that listens on `bind`: `bind` itself when
// it names one address ("[v6]" in brackets), else this machine's first IPv4 address that is
// up and not loopback, else 127.0.0.1. For links a server hands out (FILEHOST's URL).
std::string reachableAddress(std::string_view bind);

} // namespace netcore
