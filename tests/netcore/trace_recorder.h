// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A trace subscriber that keeps every event, for the trace and registry tests.

#include "netcore/trace.h"

#include <mutex>
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

} // namespace netcore::test
