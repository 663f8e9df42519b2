// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// --trace and --trace-file for every lanchat-cli command: subscribes to netcore's trace and
// prints each event as a readable line (stderr, so stdout stays the command's own output, or
// --trace-to a file or file descriptor of its own, so a chat's text and its trace need not share
// the terminal) and/or appends it to a JSON Lines file that the window's Socket Inspector can
// open. A loop's idle wake-ups are folded into one line (netcore::IdleFolder) unless --trace-idle
// asks for each; --trace-payload says how much of each call's data is shown. When the command
// ends, a table of every socket the trace showed follows, from netcore's SocketRegistry.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "netcore/socket_registry.h"
#include "netcore/trace.h"
#include "netcore/trace_fold.h"

struct TraceOutputOptions
{
    bool print = false;
    std::string file; // JSON Lines
    // Where the readable lines go instead of stderr (implies print): a file, or "fd:N".
    std::string to;
    bool idleEach = false; // print every idle wake-up instead of folding them
    // Bytes of data shown per send/recv line: a number, "none" or "all" (default 64).
    std::string payload;
};

// Reads --trace-payload's value: the bytes to show (SIZE_MAX for "all"); nullopt if it is none
// of the forms.
std::optional<std::size_t> parseTracePayload(const std::string& text);

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
    std::FILE* m_lines = nullptr;      // the readable lines: stderr or --trace-to's
    bool m_closeLines = false;         // m_lines was opened here
    netcore::SocketRegistry m_sockets; // fed under the trace's lock, read after unsubscribing
    std::optional<netcore::IdleFolder> m_folder; // likewise
    std::vector<std::string> m_pending;          // likewise
    std::optional<netcore::TraceSubscription> m_subscription;
};

// The table, one socket a line under a heading:
//   socket  proto  role      state   local            peer             bytes in/out   calls in/out
//   open s  last error  TCP (OS)
// (the last: the state the OS gave in the table applied last, e.g. TIME_WAIT after close()).
std::string formatSocketTable(const netcore::SocketRegistry& sockets);
