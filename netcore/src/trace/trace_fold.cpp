// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/trace_fold.h"

#include <algorithm>
#include <cstdio>

namespace netcore {

bool isIdleWakeup(const TraceEvent& event)
{
    return (event.call == Call::Select || event.call == Call::Epoll) && event.result == 0 &&
           event.error == 0;
}

void IdleFolder::flush(Run& run, std::vector<std::string>& lines) const
{
    if (run.count == 0)
        return;
    std::string line = formatTraceEvent(run.first, m_format);
    if (run.count > 1) {
        char folded[96];
        std::snprintf(folded, sizeof folded, "  x%llu in %.1f s (idle wake-ups)",
                      static_cast<unsigned long long>(run.count),
                      static_cast<double>(run.lastNs - run.first.timeNs) / 1e9);
        line += folded;
    }
    lines.push_back(std::move(line));
    run.count = 0;
}

void IdleFolder::add(const TraceEvent& event, std::vector<std::string>& lines)
{
    Run& run = m_runs[event.thread];
    if (!isIdleWakeup(event)) {
        flush(run, lines);
        run.windowNs = kFirstWindowNs; // the thread is busy again: show its next tick soon
        lines.push_back(formatTraceEvent(event, m_format));
        return;
    }
    if (run.count == 0)
        run.first = event;
    ++run.count;
    run.lastNs = event.timeNs;
    if (run.count > 1 && event.timeNs - run.first.timeNs >= run.windowNs) {
        flush(run, lines);
        run.windowNs = std::min(run.windowNs * 2, kLongestWindowNs);
    }
}

void IdleFolder::finish(std::vector<std::string>& lines)
{
    std::vector<Run*> pending;
    for (auto& [thread, run] : m_runs)
        if (run.count)
            pending.push_back(&run);
    std::sort(pending.begin(), pending.end(),
              [](const Run* a, const Run* b) { return a->first.seq < b->first.seq; });
    for (Run* run : pending)
        flush(*run, lines);
}

} // namespace netcore
