// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The query replies that the welcome burst (registration.cpp) also sends.

namespace netcore::irc::hostimpl {

struct Engine;
struct Client;

namespace queries {
// RPL_LUSERCLIENT .. RPL_LUSERME.
void sendLusers(Engine& host, Client& c);
// RPL_MOTDSTART, RPL_MOTD lines, RPL_ENDOFMOTD; or ERR_NOMOTD.
void sendMotd(Engine& host, Client& c);
// RPL_ISUPPORT lines: what the host supports (info.cpp; VERSION sends them too).
void sendIsupport(Engine& host, Client& c);
// away-notify: tells those who share a room with `c` (and asked) that it is away or back.
void notifyAway(Engine& host, Client& c);
} // namespace queries

} // namespace netcore::irc::hostimpl
