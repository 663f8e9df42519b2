// SPDX-License-Identifier: GPL-3.0-or-later
#include "loops/loop_select.h"

#include "loops/channel.h"
#include "sockets/socket_ops.h"

#include <algorithm>
#include <thread>

namespace netcore {

namespace {

std::string setText(const char* label, const std::vector<SocketId>& ids)
{
    std::string text = label;
    text += '{';
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i)
            text += ' ';
        text += ids[i] == 0 ? std::string("wake") : '#' + std::to_string(ids[i]);
    }
    text += '}';
    return text;
}

} // namespace

SelectLoop::SelectLoop()
    : EventLoop("select")
{}

SelectLoop::~SelectLoop()
{
    stop();
}

std::error_code SelectLoop::backendSetup()
{
    return m_waker.open();
}

void SelectLoop::backendTeardown()
{
    m_watched.clear();
    m_waker.close();
}

void SelectLoop::backendWakeup()
{
    m_waker.wake();
}

std::error_code SelectLoop::backendAdd(Channel& channel)
{
    // The wake-up handle takes one place in the read set.
    if (!platform::fdSetCanHold(channel.handle(), m_watched.size() + 1))
        return make_error_code(Errc::fdSetFull);
    m_watched.push_back(&channel);
    return {};
}

void SelectLoop::backendUpdate(Channel&)
{
    // The sets are rebuilt from the channels before every select().
}

void SelectLoop::backendRemove(Channel& channel)
{
    m_watched.erase(std::remove(m_watched.begin(), m_watched.end(), &channel), m_watched.end());
}

void SelectLoop::backendWait(std::optional<std::chrono::nanoseconds> timeout)
{
    fd_set sets[3];
    for (auto& set : sets)
        FD_ZERO(&set);
    const bool tracing = Trace::enabled();
    TraceEvent event;

    const platform::NativeSocket wake = m_waker.readHandle();
    FD_SET(wake, &sets[0]);
    platform::NativeSocket maxHandle = wake;
    if (tracing)
        event.setsIn[0].push_back(0);

    // Remember what was asked, by id: a handler may remove or destroy other channels.
    struct Entry
    {
        SocketId id;
        platform::NativeSocket handle;
    };
    std::vector<Entry> entries;
    entries.reserve(m_watched.size());
    for (Channel* channel : m_watched) {
        const bool r = channel->wantsRead();
        const bool w = channel->wantsWrite();
        const bool e = channel->wantsExcept();
        if (!r && !w && !e)
            continue;
        const platform::NativeSocket h = channel->handle();
        if (r)
            FD_SET(h, &sets[0]);
        if (w)
            FD_SET(h, &sets[1]);
        if (e)
            FD_SET(h, &sets[2]);
        maxHandle = std::max(maxHandle, h);
        entries.push_back({channel->id(), h});
        if (tracing) {
            if (r)
                event.setsIn[0].push_back(channel->id());
            if (w)
                event.setsIn[1].push_back(channel->id());
            if (e)
                event.setsIn[2].push_back(channel->id());
        }
    }

    // A fresh timeval every call: Linux decrements it, Windows leaves it alone.
    timeval tv{};
    timeval* tvp = nullptr;
    if (timeout) {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(*timeout).count() + 1;
        tv.tv_sec = static_cast<decltype(tv.tv_sec)>(us / 1000000);
        tv.tv_usec = static_cast<decltype(tv.tv_usec)>(us % 1000000);
        tvp = &tv;
    }

    const int ready = ::select(platform::selectNfds(maxHandle), &sets[0], &sets[1], &sets[2], tvp);
    const int error = ready < 0 ? platform::lastError() : 0;

    if (tracing) {
        event.call = Call::Select;
        event.result = ready;
        event.error = error;
        if (error)
            event.errorName = platform::errorName(error);
        if (ready > 0) {
            if (FD_ISSET(wake, &sets[0]))
                event.setsOut[0].push_back(0);
            for (const auto& entry : entries) {
                for (int i = 0; i < 3; ++i) {
                    if (FD_ISSET(entry.handle, &sets[i]))
                        event.setsOut[i].push_back(entry.id);
                }
            }
        }
        event.args =
            "nfds=" + std::to_string(platform::selectNfds(maxHandle)) + ", " +
            setText("R", event.setsIn[0]) + ' ' + setText("W", event.setsIn[1]) + ' ' +
            setText("E", event.setsIn[2]) + ", timeout=" +
            (timeout
                 ? std::to_string(
                       std::chrono::duration_cast<std::chrono::milliseconds>(*timeout).count()) +
                       "ms"
                 : std::string("none"));
        if (ready > 0)
            event.args += " -> " + setText("R", event.setsOut[0]) + ' ' +
                          setText("W", event.setsOut[1]) + ' ' + setText("E", event.setsOut[2]);
        ops::publish(std::move(event));
    }

    if (ready < 0) {
        if (platform::isInterrupted(error))
            return;
        // Should not happen (a socket closed while watched would be a netcore bug); report it
        // and back off rather than spin.
        reportError({makeSocketError(error), "select", {}});
        if (++m_consecutiveFailures > 1)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return;
    }
    m_consecutiveFailures = 0;
    if (ready == 0)
        return;
    if (FD_ISSET(wake, &sets[0]))
        m_waker.drain();
    for (const auto& entry : entries) {
        unsigned readiness = 0;
        if (FD_ISSET(entry.handle, &sets[0]))
            readiness |= Readable;
        if (FD_ISSET(entry.handle, &sets[1]))
            readiness |= Writable;
        if (FD_ISSET(entry.handle, &sets[2]))
            readiness |= Exceptional;
        if (!readiness)
            continue;
        // The channel may have gone while an earlier one was handled.
        if (Channel* channel = findChannel(entry.id))
            channel->handleEvent(readiness, 0);
    }
}

} // namespace netcore
