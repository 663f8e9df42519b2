// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// MONITOR (IRCv3): each client's list of nicks it wants to hear about; the host tells it when
// one comes online (RPL_MONONLINE) or goes (RPL_MONOFFLINE).

#include <string>
#include <vector>

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
// Who hears of a change to `c` that capability `cap` announces: those who share a room with it
// (and `c` itself first if `self`), then those who MONITOR it with extended-monitor; each once,
// only those who have `cap`.
std::vector<Client*> interested(Engine& host, Client& c, bool self, unsigned cap);
} // namespace monitor

} // namespace netcore::irc::hostimpl
