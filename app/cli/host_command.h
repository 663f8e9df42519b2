// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// lanchat-cli host: a headless IRC host on the LAN.

#include "cli_support.h"
#include "host_filehost.h"

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
    std::string stateDir; // where the stable host id (and the host's own certificate) is kept
    // TLS (RFC 7194): "N" or "off"; default 6697, or any free port with --port 0.
    std::optional<std::string> tlsPort;
    bool noPlain = false;               // TLS only
    std::optional<std::string> tlsCert; // PEM files; default: the host's own certificate
    std::optional<std::string> tlsKey;
    PresenceOptions presence;
    FileHostOptions fileHost; // FILEHOST: off unless a port is given
};

int runHost(const HostOptions& options);
