// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The dispatcher (ngircd's parse.c): one line from a client, parsed and handed to its command's
// handler, after the checks the command table states (registration, enough parameters).

#include "irc/host/state.h"

#include <string_view>

namespace netcore::irc::hostimpl {

struct Engine;

// `truncated`: the line was cut at the line limit (ERR_INPUTTOOLONG, then handled as cut).
void dispatch(Engine& engine, Client& c, std::string_view line, bool truncated);

} // namespace netcore::irc::hostimpl
