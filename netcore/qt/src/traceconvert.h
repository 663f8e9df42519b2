// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// netcore's trace values to the bridge's Qt ones and back (private to the bridge): the feed's
// subscriber, its file reader and writer, and the socket registry's copy for the views use them.

#include "bridge/tracerecord.h"

#include "netcore/socket_registry.h"
#include "netcore/trace.h"

#include <string_view>

namespace bridge {

// A call's or an error's name as a QString shared by every record that names it.
QString sharedName(std::string_view text);

TraceRecord fromEvent(const netcore::TraceEvent& event, int payloadCap);
netcore::TraceEvent toEvent(const TraceRecord& record);
// Only what netcore::SocketRegistry reads (no argument text, no bytes, no sets): cheap enough
// for every injected record.
netcore::TraceEvent registryEvent(const TraceRecord& record);
SocketInfo toSocketInfo(const netcore::SocketInfo& socket);

} // namespace bridge
