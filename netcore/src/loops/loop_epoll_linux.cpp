// SPDX-License-Identifier: GPL-3.0-or-later
#include "loops/loop_epoll_linux.h"

#include "loops/channel.h"
#include "sockets/socket_ops.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace netcore {

namespace {

// The loop's wake-up pipe is registered under id 0 (no socket has it).
constexpr std::uint64_t WakeId = 0;

unsigned interest(const Channel& channel)
{
    unsigned events = 0;
    if (channel.wantsRead())
        events |= EPOLLIN;
    // A connecting socket becomes writable when connect() is done, either way.
    if (channel.wantsWrite() || channel.wantsExcept())
        events |= EPOLLOUT;
    return events; // EPOLLERR and EPOLLHUP are always reported
}

std::string eventsText(unsigned events)
{
    std::string text;
    auto add = [&](unsigned bit, const char* name) {
        if (events & bit)
            text += (text.empty() ? "" : "|") + std::string(name);
    };
    add(EPOLLIN, "EPOLLIN");
    add(EPOLLOUT, "EPOLLOUT");
    add(EPOLLERR, "EPOLLERR");
    add(EPOLLHUP, "EPOLLHUP");
    add(EPOLLRDHUP, "EPOLLRDHUP");
    return text.empty() ? std::string("0") : text;
}

const char* opText(int op)
{
    return op == EPOLL_CTL_ADD   ? "EPOLL_CTL_ADD"
           : op == EPOLL_CTL_MOD ? "EPOLL_CTL_MOD"
                                 : "EPOLL_CTL_DEL";
}

} // namespace

EpollLoop::EpollLoop()
    : EventLoop("epoll")
    , m_events(MaxEventsPerWait)
{}

EpollLoop::~EpollLoop()
{
    stop();
}

std::error_code EpollLoop::backendSetup()
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0)
        return makeSocketError(errno);
    if (const std::error_code ec = m_waker.open()) {
        ::close(m_epoll);
        m_epoll = -1;
        return ec;
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = WakeId;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_waker.readHandle(), &event) != 0) {
        const int error = errno;
        m_waker.close();
        ::close(m_epoll);
        m_epoll = -1;
        return makeSocketError(error);
    }
    return {};
}

void EpollLoop::backendTeardown()
{
    m_waker.close();
    if (m_epoll >= 0)
        ::close(m_epoll);
    m_epoll = -1;
}

void EpollLoop::backendWakeup()
{
    m_waker.wake();
}

int EpollLoop::control(int op, Channel& channel, unsigned events)
{
    epoll_event event{};
    event.events = events;
    event.data.u64 = channel.id();
    const int rc =
        ::epoll_ctl(m_epoll, op, channel.handle(), op == EPOLL_CTL_DEL ? nullptr : &event);
    const int error = rc == 0 ? 0 : errno;
    if (Trace::enabled()) {
        TraceEvent trace;
        trace.call = Call::EpollCtl;
        trace.socket = channel.id();
        trace.protocol = channel.protocol();
        trace.role = channel.role();
        trace.args = std::string("epfd ") + std::to_string(m_epoll) + ", " + opText(op) + ", " +
                     ops::handleText(channel.handle()) +
                     (op == EPOLL_CTL_DEL ? std::string() : ", " + eventsText(events));
        trace.result = rc;
        trace.error = error;
        if (error)
            trace.errorName = platform::errorName(error);
        ops::publish(std::move(trace));
    }
    if (rc == 0)
        channel.backendState = events;
    return error;
}

std::error_code EpollLoop::backendAdd(Channel& channel)
{
    if (const int error = control(EPOLL_CTL_ADD, channel, interest(channel)))
        return makeSocketError(error);
    return {};
}

void EpollLoop::backendUpdate(Channel& channel)
{
    const unsigned events = interest(channel);
    if (events == channel.backendState)
        return;
    if (const int error = control(EPOLL_CTL_MOD, channel, events))
        reportError({makeSocketError(error), "epoll_ctl", "#" + std::to_string(channel.id())});
}

void EpollLoop::backendRemove(Channel& channel)
{
    // Before the socket is closed: a closed descriptor leaves epoll by itself only when no
    // duplicate of it is open, so removal is explicit.
    control(EPOLL_CTL_DEL, channel, 0);
}

void EpollLoop::backendWait(std::optional<std::chrono::nanoseconds> timeout)
{
    int timeoutMs = -1;
    if (timeout) {
        // Rounded up, so a timer is never woken for too early and waited for again in a spin.
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*timeout).count();
        timeoutMs = ms > 24 * 3600 * 1000 ? 24 * 3600 * 1000 : static_cast<int>(ms);
    }
    const int ready = ::epoll_wait(m_epoll, m_events.data(), MaxEventsPerWait, timeoutMs);
    const int error = ready < 0 ? errno : 0;

    if (Trace::enabled()) {
        TraceEvent trace;
        trace.call = Call::Epoll;
        trace.result = ready;
        trace.error = error;
        if (error)
            trace.errorName = platform::errorName(error);
        for (int i = 0; i < ready; ++i) {
            const epoll_event& e = m_events[static_cast<std::size_t>(i)];
            if (e.events & (EPOLLIN | EPOLLHUP))
                trace.setsOut[0].push_back(e.data.u64);
            if (e.events & EPOLLOUT)
                trace.setsOut[1].push_back(e.data.u64);
            if (e.events & EPOLLERR)
                trace.setsOut[2].push_back(e.data.u64);
        }
        std::string readyText;
        for (int i = 0; i < ready; ++i) {
            const epoll_event& e = m_events[static_cast<std::size_t>(i)];
            readyText +=
                (i ? " " : "") +
                (e.data.u64 == WakeId ? std::string("wake") : "#" + std::to_string(e.data.u64)) +
                ":" + eventsText(e.events);
        }
        trace.args = "epfd " + std::to_string(m_epoll) + ", " + std::to_string(MaxEventsPerWait) +
                     ", timeout=" +
                     (timeoutMs < 0 ? std::string("none") : std::to_string(timeoutMs) + "ms") +
                     (ready > 0 ? " -> " + readyText : std::string());
        ops::publish(std::move(trace));
    }

    if (ready < 0) {
        if (error != EINTR) {
            reportError({makeSocketError(error), "epoll_wait", {}});
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return;
    }
    for (int i = 0; i < ready; ++i) {
        const epoll_event& e = m_events[static_cast<std::size_t>(i)];
        if (e.data.u64 == WakeId) {
            m_waker.drain();
            continue;
        }
        unsigned readiness = 0;
        // Hang-up and error are reported as readable (recv then says 0 or the error) and, for a
        // socket that waits to write or connect, as writable (send or SO_ERROR says why).
        if (e.events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            readiness |= Readable;
        if (e.events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            readiness |= Writable;
        // The channel may have gone while an earlier event was handled.
        if (Channel* channel = findChannel(e.data.u64)) {
            if (!channel->wantsRead())
                readiness &= ~Readable;
            if (!channel->wantsWrite() && !channel->wantsExcept())
                readiness &= ~Writable;
            if (readiness)
                channel->handleEvent(readiness, 0);
        }
    }
}

} // namespace netcore
