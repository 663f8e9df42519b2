// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/trace.h"

#include "platform/platform.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <utility>

namespace netcore {

namespace {

struct CallNames
{
    std::string_view posix;
    std::string_view windows;
};

// Indexed by Call. Where the calls differ, the POSIX name comes first.
constexpr CallNames kCallNames[kCallCount] = {
    {"WSAStartup", "WSAStartup"},
    {"WSACleanup", "WSACleanup"},
    {"getaddrinfo", "getaddrinfo"},
    {"socket", "socket"},
    {"setsockopt", "setsockopt"},
    {"getsockopt", "getsockopt"},
    {"fcntl", "ioctlsocket"},
    {"ioctl", "WSAIoctl"},
    {"bind", "bind"},
    {"listen", "listen"},
    {"accept", "accept"},
    {"connect", "connect"},
    {"getsockname", "getsockname"},
    {"send", "send"},
    {"recv", "recv"},
    {"sendto", "sendto"},
    {"recvfrom", "recvfrom"},
    {"shutdown", "shutdown"},
    {"close", "closesocket"},
    {"select", "select"},
    {"WSAAsyncSelect", "WSAAsyncSelect"},
    {"FD message", "FD message"},
    {"epoll_wait", "epoll_wait"},
    {"epoll_ctl", "epoll_ctl"},
    // The library's calls: OpenSSL on Linux, Schannel (SSPI) on Windows.
    {"TLS handshake", "TLS handshake"},
    {"SSL_write", "EncryptMessage"},
    {"SSL_read", "DecryptMessage"},
};

// The trace's subscribers. A plain mutex: publishing is rare unless somebody listens, and the
// lock also keeps delivery in sequence order across threads.
struct Hub
{
    std::mutex mutex;
    struct Entry
    {
        int token;
        Trace::Subscriber subscriber;
        std::size_t payloadCap;
    };
    std::vector<Entry> subscribers;
    std::size_t baseCap = kDefaultTracePayloadCap;
    int nextToken = 1;
    std::uint64_t nextSeq = 1;
};

Hub& hub()
{
    static Hub instance;
    return instance;
}

std::atomic<int> g_subscriberCount{0};
std::atomic<std::size_t> g_payloadCap{kDefaultTracePayloadCap};

// Under the hub's lock.
void updatePayloadCap(const Hub& h)
{
    std::size_t cap = h.baseCap;
    for (const auto& entry : h.subscribers)
        cap = std::max(cap, entry.payloadCap);
    g_payloadCap.store(cap, std::memory_order_relaxed);
}
std::atomic<SocketId> g_nextSocketId{1};

std::chrono::steady_clock::time_point epoch()
{
    static const auto start = std::chrono::steady_clock::now();
    return start;
}

std::uint64_t currentThreadNumber()
{
    static std::atomic<std::uint64_t> next{1};
    thread_local const std::uint64_t number = next.fetch_add(1, std::memory_order_relaxed);
    return number;
}

} // namespace

SocketId allocateSocketId()
{
    return g_nextSocketId.fetch_add(1, std::memory_order_relaxed);
}

std::string_view callName(Call call, TraceOs os)
{
    const auto& names = kCallNames[static_cast<int>(call)];
    return os == TraceOs::Windows ? names.windows : names.posix;
}

std::string_view winsockCounterpart(Call call)
{
    const auto& names = kCallNames[static_cast<int>(call)];
    return names.posix == names.windows ? std::string_view() : names.windows;
}

bool callFromName(std::string_view name, Call* call)
{
    for (int i = 0; i < kCallCount; ++i) {
        if (kCallNames[i].posix == name || kCallNames[i].windows == name) {
            *call = static_cast<Call>(i);
            return true;
        }
    }
    return false;
}

std::string asyncEventNames(unsigned bits)
{
    static constexpr std::pair<unsigned, const char*> kNames[] = {
        {FdRead, "FD_READ"},     {FdWrite, "FD_WRITE"},     {FdOob, "FD_OOB"},
        {FdAccept, "FD_ACCEPT"}, {FdConnect, "FD_CONNECT"}, {FdClose, "FD_CLOSE"},
    };
    std::string text;
    for (const auto& [bit, name] : kNames) {
        if (bits & bit) {
            if (!text.empty())
                text += '|';
            text += name;
        }
    }
    return text.empty() ? std::string("0") : text;
}

int Trace::subscribe(Subscriber subscriber, std::size_t payloadCap)
{
    epoch(); // fix the epoch before the first event
    Hub& h = hub();
    std::lock_guard lock(h.mutex);
    const int token = h.nextToken++;
    h.subscribers.push_back({token, std::move(subscriber), payloadCap});
    updatePayloadCap(h);
    g_subscriberCount.fetch_add(1, std::memory_order_relaxed);
    return token;
}

void Trace::setSubscriberPayloadCap(int token, std::size_t payloadCap)
{
    Hub& h = hub();
    std::lock_guard lock(h.mutex);
    for (auto& entry : h.subscribers) {
        if (entry.token == token)
            entry.payloadCap = payloadCap;
    }
    updatePayloadCap(h);
}

void Trace::setPayloadCap(std::size_t bytes)
{
    Hub& h = hub();
    std::lock_guard lock(h.mutex);
    h.baseCap = bytes;
    updatePayloadCap(h);
}

std::size_t Trace::payloadCap() noexcept
{
    return g_payloadCap.load(std::memory_order_relaxed);
}

void Trace::unsubscribe(int token)
{
    Hub& h = hub();
    std::lock_guard lock(h.mutex);
    for (auto it = h.subscribers.begin(); it != h.subscribers.end(); ++it) {
        if (it->token == token) {
            h.subscribers.erase(it);
            updatePayloadCap(h);
            g_subscriberCount.fetch_sub(1, std::memory_order_relaxed);
            return;
        }
    }
}

bool Trace::enabled() noexcept
{
    return g_subscriberCount.load(std::memory_order_relaxed) > 0;
}

std::int64_t Trace::nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                epoch())
        .count();
}

void Trace::publish(TraceEvent event)
{
    event.thread = currentThreadNumber();
    event.os = platform::kIsWindows ? TraceOs::Windows : TraceOs::Posix;
    // Call sites copy at most the cap already; an event built elsewhere is cut here. Either
    // way the full count stays in `bytes` and the cut is said, never silent.
    const std::size_t cap = payloadCap();
    if (event.data.size() > cap)
        event.data.resize(cap);
    if (event.bytes < event.data.size())
        event.bytes = event.data.size();
    event.dataCut = event.bytes > event.data.size();
    Hub& h = hub();
    std::lock_guard lock(h.mutex);
    event.seq = h.nextSeq++;
    event.timeNs = nowNs();
    for (const auto& entry : h.subscribers)
        entry.subscriber(event);
}

TraceSubscription::TraceSubscription(Trace::Subscriber subscriber, std::size_t payloadCap)
    : m_token(Trace::subscribe(std::move(subscriber), payloadCap))
{}

TraceSubscription::~TraceSubscription()
{
    Trace::unsubscribe(m_token);
}

} // namespace netcore
