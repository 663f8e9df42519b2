// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// --trace and --trace-file for every lanchat-cli command: subscribes to netcore's trace and
// prints each event as a readable line (stderr, so stdout stays the command's own output) and/or
// appends it to a JSON Lines file that the window's Socket Inspector can open.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

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
    ~TraceOutput();

private:
    std::FILE* m_file = nullptr;
    std::optional<netcore::TraceSubscription> m_subscription;
};
