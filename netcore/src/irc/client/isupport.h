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
    // The upload URL of the IRCv3 filehost extension (work in progress), under soju's name and
    // the draft's, unescaped; "" when not said (or taken back with -TOKEN).
    std::string fileHostSoju;  // soju.im/FILEHOST
    std::string fileHostDraft; // draft/FILEHOST
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

    // The upload URL: the draft's token, else soju's; "" when the server has none.
    const std::string& fileHost() const
    {
        return fileHostDraft.empty() ? fileHostSoju : fileHostDraft;
    }

    bool isRoomName(std::string_view target) const
    {
        return !target.empty() && roomTypes.find(target.front()) != std::string::npos;
    }
    // Whether a room mode takes a parameter in a MODE change (+ adding, - removing).
    bool takesParameter(char mode, bool adding) const;
};

// An ISUPPORT value with its escapes undone: \xHH is the byte HH (how a value carries a space,
// a backslash or '='); a backslash not followed by x and two hex digits stays as it is.
std::string unescapeIsupportValue(std::string_view value);

} // namespace netcore::irc::client
