// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A trace subscriber that keeps every event, for the trace and registry tests.

#include "netcore/trace.h"
#include "netcore/trace_format.h"

#include <mutex>
#include <string>
#include <vector>

namespace netcore::test {

class Recorder
{
public:
    explicit Recorder(std::size_t payloadCap = 0)
        : m_subscription(
              [this](const TraceEvent& e) {
                  std::lock_guard lock(m_mutex);
                  m_events.push_back(e);
              },
              payloadCap)
    {}
    std::vector<TraceEvent> events()
    {
        std::lock_guard lock(m_mutex);
        return m_events;
    }

private:
    std::mutex m_mutex;
    std::vector<TraceEvent> m_events;
    TraceSubscription m_subscription;
};

// The events as lines, for a failure message.
inline std::string describe(const std::vector<TraceEvent>& events)
{
    std::string text;
    for (const auto& e : events)
        text += formatTraceEvent(e) + "\n";
    return text;
}

} // namespace netcore::test
