// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// lanchat-cli join: a line-mode chat client for any IRC server. Lines typed go to the current
// room; slash commands do the rest (/help lists them). Usable from a script: standard input
// need not be a terminal, and its end quits cleanly once everything typed has been sent.

#include "cli_support.h"

#include <optional>
#include <string>
#include <vector>

struct JoinOptions
{
    std::string target; // HOST[:PORT], [v6]:PORT, ircs://HOST[:PORT]; port 6667 (TLS: 6697)
    std::optional<std::string> nick; // default: the user's login name
    std::string room = "#lan";       // joined once connected
    std::string password;            // PASS
    std::string loop = "select";
    bool reconnect = true;           // after a lost connection (never after a refusal)
    bool tls = false;                // IRC inside TLS (also with an ircs:// target)
    std::string tlsFingerprint;      // the host's SHA-256 fingerprint, pinned
    bool tlsTrustOnFirstUse = false; // accept an unknown certificate, and remember it
    std::vector<std::string> watch;  // nicks to be told about (MONITOR): online, offline
    PresenceOptions presence;        // announced as a member, with the chat it is in
};

int runJoin(const JoinOptions& options);

// The nick for a login name: characters IRC does not allow become '_', a leading digit or '-'
// gets a '_' before it, and it is cut to 30 bytes; "lanchat" if nothing is left.
std::string nickFromUserName(const std::string& name);
// Peer text made safe for a terminal: IRC formatting codes removed, other control characters
// (C0, DEL, C1, ESC in particular) shown as U+FFFD, tabs as spaces.
std::string terminalSafe(const std::string& text);
