// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The dispatcher (ngircd's parse.c): one line from a client, parsed and handed to its command's
// handler, after the checks the command table states (registration, enough parameters).

#include "irc/host/state.h"

#include <cstddef>
#include <span>
#include <string_view>

namespace netcore::irc::hostimpl {

struct Engine;

// A command's handler. The checks its table row states have passed when it is called.
using Handler = void(Engine&, Client&, const Message&);

enum class Allowed
{
    Always,             // before and after registration
    Registered,         // before registration: ERR_NOTREGISTERED
    BeforeRegistration, // after registration: ERR_ALREADYREGISTERED
};

// One row of the command table.
struct Command
{
    std::string_view name;
    Handler* handler;
    Allowed allowed;
    // Fewer parameters: ERR_NEEDMOREPARAMS, answered by the dispatcher.
    std::size_t minParams = 0;
    // An empty first parameter counts as a missing one ("MODE :").
    bool firstNonEmpty = false;
};

// Every command the host knows (dispatch.cpp), for the dispatcher and for tests.
std::span<const Command> commands();

// `truncated`: the line was cut at the line limit (ERR_INPUTTOOLONG, then handled as cut).
void dispatch(Engine& engine, Client& c, std::string_view line, bool truncated);

} // namespace netcore::irc::hostimpl
