// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/event_loop.h"

#include "loops/channel.h"
#include "loops/loop_factory.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace netcore {

namespace {

constexpr std::size_t kScratchSize = 64 * 1024;

// Loops whose thread did not come up in time are parked here rather than destroyed under a
// thread that may still touch them: a loud, bounded leak instead of a hang or a crash.
std::mutex g_abandonedMutex;
std::vector<std::unique_ptr<EventLoop>> g_abandoned;

} // namespace

std::vector<std::string> EventLoop::available()
{
    std::vector<std::string> names{"select"};
    for (auto& name : platformLoopNames())
        names.push_back(std::move(name));
    return names;
}

std::string EventLoop::defaultName()
{
    return "select";
}

std::unique_ptr<EventLoop> EventLoop::start(std::string_view name, NetError* error)
{
    std::unique_ptr<EventLoop> loop = createLoop(name);
    if (!loop) {
        if (error)
            *error = {make_error_code(Errc::loopUnavailable), "start event loop",
                      std::string(name)};
        return nullptr;
    }
    if (const auto ec = loop->m_runtime.error()) {
        if (error)
            *error = {ec, "WSAStartup", {}};
        return nullptr;
    }
    if (const auto ec = loop->startThread()) {
        if (error)
            *error = {ec, "start event loop", std::string(name)};
        if (ec == Errc::loopStartTimeout) {
            std::lock_guard lock(g_abandonedMutex);
            g_abandoned.push_back(std::move(loop));
        }
        return nullptr;
    }
    return loop;
}

EventLoop::EventLoop(std::string name)
    : m_name(std::move(name))
    , m_scratch(kScratchSize)
{}

EventLoop::~EventLoop()
{
    // Derived destructors call stop() first, while the backend still exists; this is a
    // safety net for a loop that never started.
    if (m_thread.joinable())
        std::fprintf(stderr, "netcore: EventLoop destroyed while running; call stop() first\n");
}

std::error_code EventLoop::startThread()
{
    auto started = std::make_shared<std::promise<std::error_code>>();
    auto future = started->get_future();
    m_accepting = true;
    m_thread = std::thread([this, started] { threadMain(started.get()); });
    if (future.wait_for(StartTimeout) != std::future_status::ready) {
        std::fprintf(stderr, "netcore: the %s loop's thread did not start within %lld s\n",
                     m_name.c_str(), static_cast<long long>(StartTimeout.count()));
        m_accepting = false;
        m_thread.detach();
        return make_error_code(Errc::loopStartTimeout);
    }
    const std::error_code ec = future.get();
    if (ec) {
        m_accepting = false;
        m_thread.join();
    }
    return ec;
}

void EventLoop::threadMain(std::promise<std::error_code>* started)
{
    m_threadId = std::this_thread::get_id();
    if (const std::error_code ec = backendSetup()) {
        started->set_value(ec);
        return;
    }
    started->set_value({});

    while (!m_quit) {
        runPendingTasks();
        const auto timeout = runDueTimers();
        runDeferred();
        if (m_quit)
            break;
        {
            // Do not sleep if a task arrived while timers ran.
            std::lock_guard lock(m_taskMutex);
            if (!m_tasks.empty())
                continue;
        }
        backendWait(timeout);
    }

    // Tasks accepted before stop() run (and what they send goes out); then every socket still
    // registered is closed.
    runPendingTasks();
    runDeferred();
    std::vector<std::uint64_t> ids;
    ids.reserve(m_channels.size());
    for (const auto& entry : m_channels)
        ids.push_back(entry.first);
    std::sort(ids.begin(), ids.end());
    for (const auto id : ids) {
        if (Channel* channel = findChannel(id))
            channel->handleLoopStopping();
    }
    // Closing may have posted or deferred more work (callbacks); it runs here, still in the
    // loop thread, so nothing holding a socket outlives the loop.
    runPendingTasks();
    runDeferred();
    m_channels.clear();
    {
        std::lock_guard lock(m_timerMutex);
        m_timers.clear();
        m_timerDeadlines.clear();
    }
    backendTeardown();
}

void EventLoop::stop()
{
    if (isInLoopThread()) {
        std::fprintf(stderr, "netcore: EventLoop::stop() called in its own thread\n");
        std::abort();
    }
    std::lock_guard stopLock(m_stopMutex);
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_taskMutex);
        m_accepting = false;
        // The quit flag is set by a task, so it is read only in the loop thread.
        m_tasks.emplace_back([this] { m_quit = true; });
        backendWakeup();
    }
    m_thread.join();
}

bool EventLoop::post(Task task)
{
    std::lock_guard lock(m_taskMutex);
    if (!m_accepting)
        return false;
    m_tasks.push_back(std::move(task));
    // Woken under the lock: stop() clears m_accepting under it too, so no wake-up can reach the
    // backend after its teardown (a closed, perhaps reused, descriptor or a destroyed window).
    backendWakeup();
    return true;
}

void EventLoop::deferToEndOfTurn(Task task)
{
    assertInLoopThread("EventLoop::deferToEndOfTurn");
    m_deferred.push_back(std::move(task));
}

void EventLoop::runDeferred()
{
    // Deferred work may defer more; it all runs before the loop waits.
    while (!m_deferred.empty()) {
        std::vector<Task> tasks;
        tasks.swap(m_deferred);
        for (auto& task : tasks)
            task();
    }
}

void EventLoop::runPendingTasks()
{
    std::vector<Task> tasks;
    {
        std::lock_guard lock(m_taskMutex);
        tasks.swap(m_tasks);
    }
    for (auto& task : tasks)
        task();
}

EventLoop::TimerId EventLoop::runAfter(std::chrono::nanoseconds delay, Task task)
{
    return addTimer(delay, std::chrono::nanoseconds(0), std::move(task));
}

EventLoop::TimerId EventLoop::runEvery(std::chrono::nanoseconds interval, Task task)
{
    return addTimer(interval, interval, std::move(task));
}

EventLoop::TimerId EventLoop::addTimer(std::chrono::nanoseconds delay,
                                       std::chrono::nanoseconds interval, Task task)
{
    // The task lock first (as in post()): a stopped loop takes no timers and is never woken.
    std::lock_guard taskLock(m_taskMutex);
    if (!m_accepting)
        return 0;
    TimerId id;
    bool earliest;
    {
        std::lock_guard lock(m_timerMutex);
        id = m_nextTimerId++;
        const auto deadline = Clock::now() + delay;
        earliest = m_timers.empty() || deadline < m_timers.begin()->first.first;
        m_timers.emplace(std::make_pair(deadline, id), Timer{std::move(task), interval});
        m_timerDeadlines.emplace(id, deadline);
    }
    // A new earliest deadline must shorten the wait that may be under way.
    if (earliest && !isInLoopThread())
        backendWakeup();
    return id;
}

void EventLoop::cancelTimer(TimerId id)
{
    std::lock_guard lock(m_timerMutex);
    const auto it = m_timerDeadlines.find(id);
    if (it == m_timerDeadlines.end())
        return;
    m_timers.erase(std::make_pair(it->second, id));
    m_timerDeadlines.erase(it);
}

std::optional<std::chrono::nanoseconds> EventLoop::runDueTimers()
{
    // One timer at a time, without holding the lock while it runs (it may add or cancel timers).
    for (;;) {
        Task task;
        {
            std::lock_guard lock(m_timerMutex);
            if (m_timers.empty())
                return std::nullopt;
            const auto now = Clock::now();
            auto it = m_timers.begin();
            if (it->first.first > now)
                return it->first.first - now;
            const TimerId id = it->first.second;
            Timer timer = std::move(it->second);
            m_timers.erase(it);
            if (timer.interval.count() > 0) {
                const auto next = now + timer.interval;
                task = timer.task;
                m_timers.emplace(std::make_pair(next, id), std::move(timer));
                m_timerDeadlines[id] = next;
            } else {
                task = std::move(timer.task);
                m_timerDeadlines.erase(id);
            }
        }
        task();
        if (m_quit)
            return std::nullopt;
    }
}

void EventLoop::assertInLoopThread([[maybe_unused]] const char* what) const
{
#ifndef NDEBUG
    if (!isInLoopThread()) {
        std::fprintf(stderr, "netcore: %s must be called in the %s loop's thread\n", what,
                     m_name.c_str());
        std::abort();
    }
#endif
}

void EventLoop::setErrorHandler(std::function<void(const NetError&)> handler)
{
    std::lock_guard lock(m_errorMutex);
    m_errorHandler = std::move(handler);
}

void EventLoop::reportError(const NetError& error)
{
    std::function<void(const NetError&)> handler;
    {
        std::lock_guard lock(m_errorMutex);
        handler = m_errorHandler;
    }
    if (handler)
        handler(error);
    else
        std::fprintf(stderr, "netcore: %s loop: %s\n", m_name.c_str(), error.describe().c_str());
}

std::error_code EventLoop::addChannel(Channel& channel)
{
    assertInLoopThread("EventLoop::addChannel");
    if (const std::error_code ec = backendAdd(channel))
        return ec;
    m_channels[channel.id()] = &channel;
    return {};
}

void EventLoop::updateChannel(Channel& channel)
{
    assertInLoopThread("EventLoop::updateChannel");
    if (m_channels.count(channel.id()))
        backendUpdate(channel);
}

void EventLoop::removeChannel(Channel& channel)
{
    assertInLoopThread("EventLoop::removeChannel");
    if (m_channels.erase(channel.id()))
        backendRemove(channel);
}

Channel* EventLoop::findChannel(std::uint64_t id) const
{
    const auto it = m_channels.find(id);
    return it == m_channels.end() ? nullptr : it->second;
}

} // namespace netcore
