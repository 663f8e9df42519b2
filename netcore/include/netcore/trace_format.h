// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One formatter for trace events, used by lanchat-cli --trace and the Inspector's text export,
// and the JSON Lines form written by --trace-file and read back by the Inspector.

#include "netcore/trace.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netcore {

struct TraceFormatOptions
{
    bool showWinsockCounterpart = true; // "close() ≙ closesocket()" for POSIX events
    bool showData = true;               // the first bytes of data calls, escaped
    // At most this many of them (a line stays readable whatever the capture cap); "..." follows
    // when more bytes were moved than are shown.
    std::size_t maxDataShown = kDefaultTracePayloadCap;
};

// One readable line (no newline), e.g.
//   "    2.314 ms  T2  #4 TCP  connect(fd 7, 127.0.0.1:6667) = -1  EINPROGRESS (115)  ≙
//   WSAEWOULDBLOCK"
std::string formatTraceEvent(const TraceEvent& event, const TraceFormatOptions& options = {});
// Bytes as printable text: CR, LF, tab and non-printables escaped ("\r\n", "\x00").
std::string escapeBytes(std::string_view bytes);

// One JSON object (no newline). Data bytes are stored base16 so any byte survives; "bytes" is
// the full count moved, and "data_cut": true says fewer were captured (older files, without the
// key, are read as cut whenever bytes > the captured length).
std::string traceEventToJson(const TraceEvent& event);
// Parses one line written by traceEventToJson; std::nullopt and *error set if it is not one.
std::optional<TraceEvent> traceEventFromJson(std::string_view line, std::string* error = nullptr);

// A recording from before the structured fields (role, local, peer, accepted, so_error: no event
// of a socket names its role) is upgraded once, when a reader has all of its events: the fields
// are worked out from the argument text netcore wrote then, and each socket's role from its
// calls (listen: listener; named by an accept: accepted; connect: outgoing; UDP with SO_BROADCAST
// or presence datagrams: presence, by the port it bound). Returns true if it upgraded; a
// recording with the fields is left alone. Only this reads argument text, and only for such
// files: netcore::SocketRegistry never does.
bool upgradeLegacyTrace(std::vector<TraceEvent>& events);

} // namespace netcore
