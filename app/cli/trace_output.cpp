// SPDX-License-Identifier: GPL-3.0-or-later
#include "trace_output.h"

#include "netcore/trace_format.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace {

TraceOutput* g_active = nullptr; // set and cleared on the main thread

} // namespace

bool TraceOutput::start(const TraceOutputOptions& options)
{
    if (!options.file.empty()) {
        // Binary: JSON Lines end in LF on every platform (text mode would write CRLF on Windows).
        m_file = std::fopen(options.file.c_str(), "wb");
        if (!m_file) {
            std::fprintf(stderr, "lanchat-cli: cannot write the trace file %s: %s\n",
                         options.file.c_str(), std::strerror(errno));
            return false;
        }
    }
    if (!options.print && !m_file)
        return true;
    const bool print = options.print;
    std::FILE* file = m_file;
    netcore::SocketRegistry* sockets = &m_sockets;
    // Called under the trace's lock, in sequence order, from whichever thread made the call.
    g_active = this;
    m_subscription.emplace([print, file, sockets](const netcore::TraceEvent& event) {
        sockets->apply(event);
        if (print) {
            const std::string line = netcore::formatTraceEvent(event);
            std::fprintf(stderr, "trace %s\n", line.c_str());
        }
        if (file) {
            const std::string json = netcore::traceEventToJson(event);
            std::fputs(json.c_str(), file);
            std::fputc('\n', file);
            std::fflush(file); // a trace of a run that is killed is still readable
        }
    });
    return true;
}

void TraceOutput::finishActive()
{
    if (g_active)
        g_active->finish();
}

void TraceOutput::finish()
{
    if (g_active == this)
        g_active = nullptr;
    if (!m_subscription)
        return;
    m_subscription.reset();
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
    const std::string table = formatSocketTable(m_sockets);
    std::fputs(table.c_str(), stderr);
    std::fflush(stderr);
}

TraceOutput::~TraceOutput()
{
    finish();
    if (m_file)
        std::fclose(m_file);
}

namespace {

std::string orDash(const std::string& text)
{
    return text.empty() ? std::string("-") : text;
}

std::string pair(std::uint64_t in, std::uint64_t out)
{
    return std::to_string(in) + "/" + std::to_string(out);
}

} // namespace

std::string formatSocketTable(const netcore::SocketRegistry& sockets)
{
    using netcore::SocketInfo;
    const std::vector<std::string> heading = {"socket", "proto",     "role",         "state",
                                              "local",  "peer",      "bytes in/out", "calls in/out",
                                              "open s", "last error"};
    std::vector<std::vector<std::string>> rows;
    for (const auto& [id, s] : sockets.sockets()) {
        char open[32];
        const std::int64_t end = s.closed ? s.closedNs : s.lastNs;
        std::snprintf(open, sizeof open, "%.3f", static_cast<double>(end - s.openedNs) / 1e9);
        std::string error;
        if (s.lastError)
            error = (s.lastErrorName.empty() ? std::string("error") : s.lastErrorName) + " (" +
                    std::to_string(s.lastError) + ")";
        rows.push_back(
            {"#" + std::to_string(id), s.protocol == netcore::Protocol::Udp ? "UDP" : "TCP",
             orDash(std::string(netcore::socketRoleName(s.role))),
             netcore::socketStateName(s.state), orDash(s.localAddress), orDash(s.peerAddress),
             pair(s.bytesIn, s.bytesOut), pair(s.callsIn, s.callsOut), open, orDash(error)});
    }
    std::vector<std::size_t> widths(heading.size());
    for (std::size_t c = 0; c < heading.size(); ++c) {
        widths[c] = heading[c].size();
        for (const auto& row : rows)
            widths[c] = std::max(widths[c], row[c].size());
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text = "  ";
        for (std::size_t c = 0; c < cells.size(); ++c) {
            text += cells[c];
            if (c + 1 < cells.size())
                text += std::string(widths[c] - cells[c].size() + 2, ' ');
        }
        return text + "\n";
    };
    std::string text = "sockets seen by the trace: " + std::to_string(rows.size()) + "\n";
    if (rows.empty())
        return text;
    text += line(heading);
    for (const auto& row : rows)
        text += line(row);
    return text;
}
