// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A readable console trace of a loop that is mostly idle. An event loop wakes up on its timer
// tick even when nothing happens (`select() = 0` about 14 times a second on the select loop), and
// printed one a line these wake-ups bury the calls that matter. IdleFolder counts a thread's
// consecutive idle wake-ups and prints them as one line,
//   "  1012.345 ms  T2  -     select(R{#0,#3}, 100 ms) = 0  x14 in 1.0 s (idle wake-ups)"
// when that thread does something else, or when the run has lasted its window: 1 s at first,
// doubled each time the thread stays idle (up to a minute), so a quiet console grows quieter and
// the first second still shows the tick. A single idle wake-up prints as itself.

#include "netcore/trace.h"
#include "netcore/trace_format.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace netcore {

// A loop's wait that returned because its timeout passed: select() or epoll_wait() = 0.
bool isIdleWakeup(const TraceEvent& event);

class IdleFolder
{
public:
    static constexpr std::int64_t kFirstWindowNs = 1'000'000'000;
    static constexpr std::int64_t kLongestWindowNs = 60'000'000'000;

    explicit IdleFolder(TraceFormatOptions format = {})
        : m_format(format)
    {}

    // Appends the lines this event lets out, in order (none while it is being folded).
    void add(const TraceEvent& event, std::vector<std::string>& lines);
    // Appends the runs still being folded, oldest first (when the trace ends).
    void finish(std::vector<std::string>& lines);

private:
    struct Run
    {
        TraceEvent first;
        std::int64_t lastNs = 0;
        std::uint64_t count = 0;
        std::int64_t windowNs = kFirstWindowNs;
    };
    void flush(Run& run, std::vector<std::string>& lines) const;

    TraceFormatOptions m_format;
    std::map<std::uint64_t, Run> m_runs; // by thread
};

} // namespace netcore
