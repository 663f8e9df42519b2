// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_support.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>

namespace {

std::atomic<bool> g_stopRequested{false};

extern "C" void handleStopSignal(int)
{
    g_stopRequested = true;
}

} // namespace

void installStopSignals()
{
    std::signal(SIGINT, handleStopSignal);
    std::signal(SIGTERM, handleStopSignal);
}

bool stopRequested()
{
    return g_stopRequested;
}

std::unique_ptr<netcore::EventLoop> startLoop(const std::string& name)
{
    netcore::NetError error;
    auto loop = netcore::EventLoop::start(name, &error);
    if (!loop)
        std::fprintf(stderr, "lanchat-cli: %s\n", error.describe().c_str());
    return loop;
}

std::string clockTime(std::chrono::system_clock::time_point time)
{
    // std::localtime shares one buffer between threads: take turns (portable, unlike
    // localtime_r/localtime_s).
    static std::mutex mutex;
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    char text[16] = "";
    const std::lock_guard lock(mutex);
    if (const std::tm* local = std::localtime(&t))
        std::strftime(text, sizeof text, "%H:%M:%S", local);
    return text;
}

std::optional<netcore::presence::Config> presenceConfig(const PresenceOptions& options)
{
    const std::string text = netcore::presence::chooseMode(options.mode);
    std::string error;
    const auto mode = netcore::presence::parseMode(text, &error);
    if (!mode) {
        std::fprintf(stderr, "lanchat-cli: %s\n", error.c_str());
        return std::nullopt;
    }
    netcore::presence::Config config;
    config.mode = *mode;
    config.port = options.port;
    return config;
}

std::string presenceSummary(const netcore::presence::Presence& presence)
{
    const auto diag = presence.diagnostics();
    if (diag.mode == "off")
        return "presence: off";
    std::string line = "presence: " + diag.mode + ", UDP " + std::to_string(diag.port);
    std::string targets;
    for (const auto& t : diag.targets)
        targets += (targets.empty() ? "" : ", ") + t.address;
    line += targets.empty() ? "; no broadcast address found" : "; announcing to " + targets;
    if (diag.bindError)
        line += "; not listening: " + diag.bindError.describe();
    if (diag.interfaceError)
        line += "; " + diag.interfaceError.describe();
    return line;
}

// Where state such as the host id lives: XDG on Linux, %LOCALAPPDATA% on Windows.
std::filesystem::path defaultStateDir()
{
    if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "lanchat";
    if (const char* local = std::getenv("LOCALAPPDATA"); local && *local)
        return std::filesystem::path(local) / "LanChat";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "state" / "lanchat";
    return std::filesystem::current_path() / ".lanchat";
}
