// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// lanchat-cli host: a headless IRC host on the LAN.

#include "cli_support.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct HostOptions
{
    std::optional<std::uint16_t> port; // default 6667 (or the config file's)
    std::optional<std::string> bind;   // default: every interface
    std::optional<std::string> name;   // the chat's name (ISUPPORT NETWORK)
    std::optional<std::string> serverName;
    std::optional<std::string> password;
    std::vector<std::string> opers; // USER:PASSWORD
    std::optional<std::string> motdFile;
    std::string loop = "select";
    std::string configFile;
    std::string stateDir; // where the stable host id is kept
    PresenceOptions presence;
};

int runHost(const HostOptions& options);
