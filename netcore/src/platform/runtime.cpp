// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/runtime.h"

#include "netcore/error.h"
#include "netcore/trace.h"
#include "platform/platform.h"
#include "sockets/socket_ops.h"

#include <mutex>

namespace netcore {

namespace {

std::mutex g_mutex;
int g_users = 0;
int g_startupError = 0;

void traceRuntime(Call call, int rc)
{
    if (!Trace::enabled())
        return;
    TraceEvent event;
    event.call = call;
    event.args = call == Call::WSAStartup ? "MAKEWORD(2, 2)" : "";
    event.result = rc;
    event.error = rc;
    if (rc)
        event.errorName = platform::errorName(rc);
    Trace::publish(std::move(event));
}

} // namespace

SocketRuntime::SocketRuntime()
{
    std::lock_guard lock(g_mutex);
    if (g_users++ == 0 && platform::runtimeNeedsStartup()) {
        g_startupError = platform::runtimeStartup();
        traceRuntime(Call::WSAStartup, g_startupError);
    }
    if (g_startupError)
        m_error = makeSocketError(g_startupError);
}

SocketRuntime::~SocketRuntime()
{
    std::lock_guard lock(g_mutex);
    if (--g_users == 0 && platform::runtimeNeedsStartup() && g_startupError == 0) {
        platform::runtimeCleanup();
        traceRuntime(Call::WSACleanup, 0);
    }
}

std::size_t openSocketCount()
{
    return ops::openSocketCount();
}

} // namespace netcore
