// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// For the tests of the OS's TCP table: an entry by its addresses, and the entries of one port
// for a failure message.

#include "netcore/tcp_states.h"

#include <string>

namespace netcore::test {

inline std::string describe(const OsTcpTable& table, std::uint16_t port)
{
    std::string text =
        "OS table (" + table.source + "), entries with port " + std::to_string(port) + ":\n";
    const std::string suffix = ":" + std::to_string(port);
    for (const OsTcpEntry& e : table.entries) {
        if (e.localAddress.ends_with(suffix) || e.peerAddress.ends_with(suffix))
            text += "  " + e.localAddress + " " + e.peerAddress + " " +
                    std::string(tcpStateName(e.state)) + "\n";
    }
    return text;
}

inline const OsTcpEntry* findEntry(const OsTcpTable& table, const std::string& local,
                                   const std::string& peer)
{
    for (const OsTcpEntry& e : table.entries)
        if (e.localAddress == local && (peer.empty() || e.peerAddress == peer))
            return &e;
    return nullptr;
}

} // namespace netcore::test
