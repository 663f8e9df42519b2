// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The checks most room commands share (rooms.cpp, modes.cpp). Each answers the error itself
// (ERR_NOSUCHCHANNEL, ERR_NOTONCHANNEL, ERR_CHANOPRIVSNEEDED) and returns nullptr.

#include <string>

namespace netcore::irc::hostimpl {

struct Engine;
struct Client;
struct Room;
struct Member;

namespace rooms {
Room* roomOrError(Engine& host, Client& c, const std::string& name);
const Member* memberOrError(Engine& host, Client& c, Room& r);
const Member* operatorOrError(Engine& host, Client& c, Room& r);
} // namespace rooms

} // namespace netcore::irc::hostimpl
