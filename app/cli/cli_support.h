// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What lanchat-cli's commands share: Ctrl-C/SIGTERM as a flag to poll, and starting a loop with
// its error printed.

#include "netcore/event_loop.h"
#include "netcore/presence.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

// Installs handlers for SIGINT and SIGTERM that only set a flag.
void installStopSignals();
// True once SIGINT or SIGTERM arrived.
bool stopRequested();

// Starts the named loop; prints "lanchat-cli: <error>" and returns nullptr on failure.
std::unique_ptr<netcore::EventLoop> startLoop(const std::string& name);

// Where lanchat-cli keeps state (the host id, its certificate, the TLS fingerprints it has
// accepted): $XDG_STATE_HOME/lanchat, %LOCALAPPDATA%\LanChat, ~/.local/state/lanchat.
std::filesystem::path defaultStateDir();

// "HH:MM:SS" in local time.
std::string clockTime(std::chrono::system_clock::time_point time);

// --presence and --presence-port, shared by host, join and discover.
struct PresenceOptions
{
    std::optional<std::string> mode; // else LANCHAT_PRESENCE, else auto
    std::uint16_t port = netcore::presence::DefaultPort;
};

// The presence configuration for these options (mode chosen as design.md says: option, then
// environment, then auto); prints "lanchat-cli: <why>" and returns nullopt for a bad mode.
std::optional<netcore::presence::Config> presenceConfig(const PresenceOptions& options);

// One line about presence for the console: "presence: loopback, UDP 6667", with the bind
// error's name when the port could not be had.
std::string presenceSummary(const netcore::presence::Presence& presence);
