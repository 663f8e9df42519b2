// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The lines `lanchat-cli join` shows for the engine's collected answers (WHOIS, WHO), and its
// /help. Pure: text in, text out.

#include "netcore/irc/client.h"

#include <string>
#include <vector>

namespace cli {

extern const char* const JoinHelpText;

// "-!- bob is ~bob@10.0.0.2 (Bob)", "-!- bob is in @#lan", ...; nothing when not found (the
// server's error said it).
std::vector<std::string> whoisLines(const netcore::irc::WhoisReply& w);

// One line a person ("-!- bob (~bob@10.0.0.2) in #lan: Bob [away]"), then the count.
std::vector<std::string> whoLines(const netcore::irc::ClientEvent& e);

} // namespace cli
