// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What a server says it supports in RPL_ISUPPORT (005), with IRC's defaults until it says:
//
//   :server 005 me CASEMAPPING=ascii CHANTYPES=# PREFIX=(ov)@+ CHANMODES=b,k,l,mnt ... :are ...
//
// Pure: no sockets, no events.

#include "netcore/irc/casemapping.h"
#include "netcore/irc/message.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace netcore::irc::client {

struct ServerSupport
{
    CaseMapping caseMapping = CaseMapping::Rfc1459;
    std::string network; // NETWORK
    std::string hostId;  // HOSTID (a LanChat host's stable id)
    std::size_t nickLength = 30;
    std::string roomTypes = "#&";
    // PREFIX=(ov)@+: member modes and their symbols, highest first.
    std::string prefixModes = "ov";
    std::string prefixSymbols = "@+";
    // CHANMODES=A,B,C,D: lists (a parameter always), keys (always), settings (when set),
    // flags (never).
    std::string listModes = "beI";
    std::string keyModes = "k";
    std::string settingModes = "l";
    std::size_t chathistoryLimit = 0; // CHATHISTORY=N: lines per answer; 0: not said
    std::size_t monitorLimit = 0;     // MONITOR[=N]: nicks one may watch; 0: no MONITOR
    char botFlag = '\0';              // BOT=B: the user mode (and WHO flag) of bots

    // Back to the defaults for a new connection. NETWORK and HOSTID are kept (the same server,
    // as far as anyone knows, until it says again), and so is the case mapping: the engine
    // changes that itself, since its maps are keyed by it (IrcClient::Impl::setCaseMapping).
    void reset();
    // Takes the tokens of one RPL_ISUPPORT line.
    void apply(const Message& m);

    bool isRoomName(std::string_view target) const
    {
        return !target.empty() && roomTypes.find(target.front()) != std::string::npos;
    }
    // Whether a room mode takes a parameter in a MODE change (+ adding, - removing).
    bool takesParameter(char mode, bool adding) const;
};

} // namespace netcore::irc::client
