// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// lanchat-cli host's file host (FILEHOST): its options, its configuration-file keys, and
// starting it beside the IRC host with the upload URL the IRC host advertises.

#include "netcore/irc/filehost.h"
#include "netcore/irc/host.h"

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

struct FileHostOptions
{
    std::optional<std::string> port;    // "N" or "off"; default off
    std::optional<std::string> tlsPort; // "N" or "off" (HTTPS, when the host has TLS); default off
    std::optional<std::string> dir;     // default: STATE_DIR/files
    std::optional<std::string> url;     // the base URL clients reach it at, "http://name:8080"
    std::optional<double> maxFileMb;    // default 25
    std::optional<double> maxTotalMb;   // default 500
    std::optional<double> expiryDays;   // default 7
};

// --filehost-port, --filehost-tls-port, --filehost-dir, --filehost-url,
// --filehost-max-file-mb, --filehost-max-total-mb, --filehost-expiry-days on `host`.
void addFileHostOptions(CLI::App* host, FileHostOptions* options);
// The same from the configuration file (filehost_port, ...); the command line wins. False and
// *error for a value out of range.
bool applyFileHostConfig(const toml::table& table, FileHostOptions* options, std::string* error);

// The file host as the options ask, made and started in the loop thread: nullptr when it is
// off. On success *config gets the upload URL(s) to advertise and *summary a line for the
// console; on failure *error says why (the caller stops).
struct FileHostSetup
{
    const FileHostOptions& options;
    std::optional<std::string> bind; // the host's --bind
    std::filesystem::path stateDir;
    std::optional<netcore::TlsIdentity> tlsIdentity; // the host's, when it has TLS
    std::function<void(const std::string&)> log;     // the file host's log lines
};
std::unique_ptr<netcore::irc::FileHost> startFileHost(netcore::EventLoop& loop,
                                                      const FileHostSetup& setup,
                                                      netcore::irc::HostConfig* config,
                                                      std::string* summary, std::string* error);
// Whether the options ask for a file host at all (checked before anything starts).
bool fileHostWanted(const FileHostOptions& options);
