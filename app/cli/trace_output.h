// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// --trace and --trace-file for every lanchat-cli command: subscribes to netcore's trace and
// prints each event as a readable line (stderr, so stdout stays the command's own output) and/or
// appends it to a JSON Lines file that the window's Socket Inspector can open. When the command
// ends, a table of every socket the trace showed follows (stderr), from netcore's SocketRegistry.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "netcore/socket_registry.h"
#include "netcore/trace.h"

struct TraceOutputOptions
{
    bool print = false;
    std::string file;
};

class TraceOutput
{
public:
    // Returns false and prints why if the file cannot be opened.
    bool start(const TraceOutputOptions& options);
    // Stops tracing and prints the sockets' table; the destructor does it too, once.
    void finish();
    // Finishes the TraceOutput started last, if any: for a command that leaves with std::_Exit,
    // where no destructor runs.
    static void finishActive();
    ~TraceOutput();

private:
    std::FILE* m_file = nullptr;
    netcore::SocketRegistry m_sockets; // fed under the trace's lock, read after unsubscribing
    std::optional<netcore::TraceSubscription> m_subscription;
};

// The table, one socket a line under a heading:
//   socket  proto  role      state   local            peer             bytes in/out   calls in/out
//   open s  last error
std::string formatSocketTable(const netcore::SocketRegistry& sockets);
