// SPDX-License-Identifier: GPL-3.0-or-later
#include "trace_output.h"

#include "netcore/trace_format.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

TraceOutput* g_active = nullptr; // set and cleared on the main thread

void writeLines(std::FILE* to, const std::vector<std::string>& lines)
{
    for (const std::string& line : lines)
        std::fprintf(to, "trace %s\n", line.c_str());
    if (!lines.empty())
        std::fflush(to); // a terminal or a file another window tails shows each call at once
}

} // namespace

std::optional<std::size_t> parseTracePayload(const std::string& text)
{
    if (text.empty())
        return netcore::kDefaultTracePayloadCap;
    if (text == "none")
        return 0;
    if (text == "all")
        return SIZE_MAX;
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

namespace {

// "fd:N" or a path; nullptr and errno set if it cannot be opened.
std::FILE* openLines(const std::string& to)
{
    if (to.rfind("fd:", 0) == 0) {
        int fd = -1;
        const char* first = to.c_str() + 3;
        const auto [end, ec] = std::from_chars(first, to.c_str() + to.size(), fd);
        if (ec != std::errc() || *end != '\0' || fd < 0) {
            errno = EINVAL;
            return nullptr;
        }
        return fdopen(fd, "w");
    }
    return std::fopen(to.c_str(), "w");
}

// Largest payload a subscription asks netcore to capture for --trace-payload all.
constexpr std::size_t kAllPayload = 64 * 1024;

} // namespace

bool TraceOutput::start(const TraceOutputOptions& options)
{
    const std::optional<std::size_t> payload = parseTracePayload(options.payload);
    if (!payload) {
        std::fprintf(stderr,
                     "lanchat-cli: --trace-payload %s: give a number of bytes, none or all\n",
                     options.payload.c_str());
        return false;
    }
    if (!options.file.empty()) {
        // Binary: JSON Lines end in LF on every platform (text mode would write CRLF on Windows).
        m_file = std::fopen(options.file.c_str(), "wb");
        if (!m_file) {
            std::fprintf(stderr, "lanchat-cli: cannot write the trace file %s: %s\n",
                         options.file.c_str(), std::strerror(errno));
            return false;
        }
    }
    if (!options.to.empty()) {
        m_lines = openLines(options.to);
        if (!m_lines) {
            std::fprintf(stderr, "lanchat-cli: cannot write the trace to %s: %s\n",
                         options.to.c_str(), std::strerror(errno));
            return false;
        }
        // The standard streams stay open (the command may still write to them): flushed only.
        m_closeLines = m_lines != stdout && m_lines != stderr && fileno(m_lines) > 2;
    } else if (options.print) {
        m_lines = stderr;
    }
    if (!m_lines && !m_file)
        return true;
    netcore::TraceFormatOptions format;
    format.showData = *payload > 0;
    format.maxDataShown = *payload;
    if (m_lines && !options.idleEach)
        m_folder.emplace(format);
    std::FILE* lines = m_lines;
    std::FILE* file = m_file;
    netcore::SocketRegistry* sockets = &m_sockets;
    netcore::IdleFolder* folder = m_folder ? &*m_folder : nullptr;
    std::vector<std::string>* pending = &m_pending; // the lines an event lets out, reused
    // Called under the trace's lock, in sequence order, from whichever thread made the call.
    g_active = this;
    m_subscription.emplace(
        [lines, file, sockets, folder, pending, format](const netcore::TraceEvent& event) {
            sockets->apply(event);
            if (lines) {
                pending->clear();
                if (folder)
                    folder->add(event, *pending);
                else
                    pending->push_back(netcore::formatTraceEvent(event, format));
                writeLines(lines, *pending);
            }
            if (file) {
                const std::string json = netcore::traceEventToJson(event);
                std::fputs(json.c_str(), file);
                std::fputc('\n', file);
                std::fflush(file); // a trace of a run that is killed is still readable
            }
        },
        *payload > netcore::kDefaultTracePayloadCap ? std::min(*payload, kAllPayload) : 0);
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
    std::FILE* out = m_lines ? m_lines : stderr;
    if (m_folder) {
        std::vector<std::string> rest;
        m_folder->finish(rest);
        writeLines(out, rest);
    }
    // What the OS says about them now: a connection this side closed first lingers in TIME_WAIT.
    const netcore::OsTcpTable osTable = netcore::readOsTcpTable();
    m_sockets.applyOsTable(osTable);
    std::string table = formatSocketTable(m_sockets);
    if (osTable.error)
        table += "  (the OS's TCP states could not be read: " + osTable.errorName + " (" +
                 std::to_string(osTable.error) + "))\n";
    std::fputs(table.c_str(), out);
    std::fflush(out);
    if (m_closeLines)
        std::fclose(m_lines);
    m_lines = nullptr;
    m_closeLines = false;
}

TraceOutput::~TraceOutput()
{
    finish();
    if (m_file)
        std::fclose(m_file);
    if (m_closeLines)
        std::fclose(m_lines);
}

namespace {

std::string orDash(const std::string& text)
{
    return text.empty() ? std::string("-") : text;
}

// The OS's word on a TCP socket: its state ("TIME_WAIT"), "gone" once a closed socket has left
// the OS's table, "-" for UDP or when the OS does not list it.
std::string osText(const netcore::SocketInfo& s)
{
    if (s.osGone)
        return "gone";
    return orDash(std::string(netcore::tcpStateName(s.osState)));
}

std::string pair(std::uint64_t in, std::uint64_t out)
{
    return std::to_string(in) + "/" + std::to_string(out);
}

} // namespace

std::string formatSocketTable(const netcore::SocketRegistry& sockets)
{
    using netcore::SocketInfo;
    const std::vector<std::string> heading = {
        "socket",       "proto",        "role",   "state",      "local",   "peer",
        "bytes in/out", "calls in/out", "open s", "last error", "TCP (OS)"};
    std::vector<std::vector<std::string>> rows;
    for (const auto& [id, s] : sockets.sockets()) {
        char open[32];
        const std::int64_t end = s.closed ? s.closedNs : s.lastNs;
        std::snprintf(open, sizeof open, "%.3f", static_cast<double>(end - s.openedNs) / 1e9);
        std::string error;
        if (s.lastError)
            error = (s.lastErrorName.empty() ? std::string("error") : s.lastErrorName) + " (" +
                    std::to_string(s.lastError) + ")";
        rows.push_back({"#" + std::to_string(id),
                        s.protocol == netcore::Protocol::Udp ? "UDP" : "TCP",
                        orDash(std::string(netcore::socketRoleName(s.role))),
                        netcore::socketStateName(s.state), orDash(s.localAddress),
                        orDash(s.peerAddress), pair(s.bytesIn, s.bytesOut),
                        pair(s.callsIn, s.callsOut), open, orDash(error), osText(s)});
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
