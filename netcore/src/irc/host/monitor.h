// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// MONITOR (IRCv3): each client's list of nicks it wants to hear about; the host tells it when
// one comes online (RPL_MONONLINE) or goes (RPL_MONOFFLINE).

#include <string>

namespace netcore::irc::hostimpl {

struct Engine;
struct Client;

namespace monitor {
// `c` is online under its nick (registered, or a new nick): its watchers are told.
void online(Engine& host, Client& c);
// Nobody is `nick` any more (a quit or a nick change): its watchers are told.
void offline(Engine& host, const std::string& nick);
// `c` is leaving: its own list goes.
void forget(Engine& host, Client& c);
} // namespace monitor

} // namespace netcore::irc::hostimpl
