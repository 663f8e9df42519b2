// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Event loops: one interface, several implementations chosen at run time by name.
//
//   select       select() on both platforms (the default)
//   asyncselect  Windows only: WSAAsyncSelect on a message-only window owned by the loop thread
//   epoll        Linux only: the scalable loop, for hosts with many clients
//
// "One loop per thread" (muduo): each loop runs on its own worker thread. Every method says
// whether it must be called in the loop thread or is safe from any thread; debug builds assert
// it. Sockets (TcpListener, TcpConnection, UdpSocket) belong to one loop and are used only in
// its thread: other threads post() work to it.

#include "netcore/error.h"
#include "netcore/runtime.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace netcore {

class Channel;

class EventLoop
{
public:
    using Task = std::function<void()>;
    using Clock = std::chrono::steady_clock;
    using TimerId = std::uint64_t;

    // How long start() waits for the loop thread to come up (window creation for asyncselect).
    static constexpr std::chrono::seconds StartTimeout{10};

    // The loop names this build offers, the default first.
    static std::vector<std::string> available();
    static std::string defaultName();

    // Creates the loop named `name` and starts its thread. On failure returns nullptr and sets
    // *error (an unknown name, WSAStartup failing, the thread not coming up in time).
    // Safe from any thread.
    static std::unique_ptr<EventLoop> start(std::string_view name, NetError* error);

    // Stops the loop (see stop()). Must not run in the loop thread.
    virtual ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    const std::string& name() const { return m_name; }

    // Stops the loop: tasks already posted run, every socket still registered is closed
    // (its owner is told, see Channel::handleLoopStopping), then the thread is joined.
    // Idempotent. Safe from any thread except the loop thread.
    void stop();
    bool isRunning() const { return m_accepting.load(); }

    // Runs `task` in the loop thread, soon, and wakes the loop at once. Returns false if the loop
    // has stopped (the task is then dropped and destroyed in the calling thread).
    // Safe from any thread.
    bool post(Task task);

    // Runs `fn` in the loop thread and waits for its result. Called in the loop thread, runs it
    // directly. Returns std::nullopt (or false for void) if the loop has stopped.
    // Safe from any thread.
    template <typename F> auto invoke(F&& fn);

    // Timers, run in the loop thread in deadline order (equal deadlines in creation order).
    // Safe from any thread. A stopped loop takes no timers (the id is then 0).
    TimerId runAfter(std::chrono::nanoseconds delay, Task task);
    TimerId runEvery(std::chrono::nanoseconds interval, Task task);
    void cancelTimer(TimerId id);

    bool isInLoopThread() const { return std::this_thread::get_id() == m_threadId.load(); }
    // Aborts with a message naming `what` if not called in the loop thread (debug builds).
    void assertInLoopThread(const char* what) const;

    // Errors of the loop itself (select() failing, say), reported in the loop thread.
    // Set before start-up work is posted; safe from any thread.
    void setErrorHandler(std::function<void(const NetError&)> handler);

    // Runs `task` at the end of this turn of the loop, before it waits again: sockets use it to
    // coalesce everything sent to them in one turn into one send(). Loop thread only.
    void deferToEndOfTurn(Task task);

    // --- for netcore's sockets (loop thread only) -------------------------------------------
    // Watches a channel's socket. Fails with Errc::fdSetFull if the select loop cannot hold it.
    std::error_code addChannel(Channel& channel);
    // The channel changed what it wants (read/write); the loop picks it up.
    void updateChannel(Channel& channel);
    void removeChannel(Channel& channel);
    // How many recv() calls a socket may make per readiness event: asyncselect allows one per
    // FD_READ (more would post extra messages), the readiness loops several.
    virtual int readsPerEvent() const { return 8; }
    // A receive buffer shared by the loop's sockets (valid during one callback).
    std::vector<char>& scratchBuffer() { return m_scratch; }
    std::size_t channelCount() const { return m_channels.size(); }

protected:
    explicit EventLoop(std::string name);

    // Backends implement these, all called in the loop thread unless said otherwise.
    virtual std::error_code backendSetup() = 0;
    virtual void backendTeardown() = 0;
    // Wait up to `timeout` (forever if empty) for socket events or a wake-up; dispatch events.
    virtual void backendWait(std::optional<std::chrono::nanoseconds> timeout) = 0;
    // Interrupt backendWait. Safe from any thread.
    virtual void backendWakeup() = 0;
    virtual std::error_code backendAdd(Channel& channel) = 0;
    virtual void backendUpdate(Channel& channel) = 0;
    virtual void backendRemove(Channel& channel) = 0;

    // For backends: the channel registered under `id`, or nullptr if it went away meanwhile.
    Channel* findChannel(std::uint64_t id) const;
    void reportError(const NetError& error);

private:
    friend class LoopStarter;
    void threadMain(std::promise<std::error_code>* started);
    std::optional<std::chrono::nanoseconds> runDueTimers();
    void runPendingTasks();
    void runDeferred();
    TimerId addTimer(std::chrono::nanoseconds delay, std::chrono::nanoseconds interval, Task task);
    std::error_code startThread();

    std::string m_name;
    SocketRuntime m_runtime;
    std::thread m_thread;
    std::atomic<std::thread::id> m_threadId{};
    std::atomic<bool> m_accepting{false};
    bool m_quit = false; // loop thread only

    std::mutex m_taskMutex;
    std::vector<Task> m_tasks;
    std::vector<Task> m_deferred; // loop thread only

    struct Timer
    {
        Task task;
        std::chrono::nanoseconds interval{0};
    };
    std::mutex m_timerMutex;
    std::map<std::pair<Clock::time_point, TimerId>, Timer> m_timers;
    std::unordered_map<TimerId, Clock::time_point> m_timerDeadlines;
    TimerId m_nextTimerId = 1;

    std::mutex m_errorMutex;
    std::function<void(const NetError&)> m_errorHandler;

    std::unordered_map<std::uint64_t, Channel*> m_channels; // loop thread only
    std::vector<char> m_scratch;
    std::mutex m_stopMutex;
};

template <typename F> auto EventLoop::invoke(F&& fn)
{
    using R = std::invoke_result_t<F&>;
    if constexpr (std::is_void_v<R>) {
        if (isInLoopThread()) {
            fn();
            return true;
        }
        auto done = std::make_shared<std::promise<void>>();
        auto future = done->get_future();
        if (!post([&fn, done] {
                fn();
                done->set_value();
            }))
            return false;
        // A loop that stops before running the task destroys it, breaking the promise.
        try {
            future.get();
            return true;
        } catch (const std::future_error&) {
            return false;
        }
    } else {
        if (isInLoopThread())
            return std::optional<R>(fn());
        auto done = std::make_shared<std::promise<R>>();
        auto future = done->get_future();
        if (!post([&fn, done] { done->set_value(fn()); }))
            return std::optional<R>();
        try {
            return std::optional<R>(future.get());
        } catch (const std::future_error&) {
            return std::optional<R>();
        }
    }
}

} // namespace netcore
