// SPDX-License-Identifier: GPL-3.0-or-later
#include "trace_output.h"

#include "netcore/trace_format.h"

#include <cerrno>
#include <cstring>

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
    // Called under the trace's lock, in sequence order, from whichever thread made the call.
    m_subscription.emplace([print, file](const netcore::TraceEvent& event) {
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

TraceOutput::~TraceOutput()
{
    m_subscription.reset();
    if (m_file)
        std::fclose(m_file);
}
