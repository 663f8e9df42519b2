// SPDX-License-Identifier: GPL-3.0-or-later
#include "loops/loop_asyncselect_win.h"

#include "loops/channel.h"
#include "sockets/socket_ops.h"

#include <mutex>

namespace netcore {

namespace {

constexpr UINT kSocketMessage = WM_APP + 1;
constexpr UINT kWakeMessage = WM_APP + 2;
constexpr wchar_t kWindowClass[] = L"LanChatAsyncSelectWindow";

std::string maskText(long mask)
{
    return asyncEventNames(static_cast<unsigned>(mask));
}

std::error_code registerWindowClass()
{
    static std::once_flag once;
    static DWORD error = 0;
    std::call_once(once, [] {
        WNDCLASSEXW wc{};
        wc.cbSize = sizeof wc;
        wc.lpfnWndProc = DefWindowProcW; // replaced per window with SetWindowLongPtr below
        wc.hInstance = GetModuleHandleW(nullptr);
        wc.lpszClassName = kWindowClass;
        if (!RegisterClassExW(&wc))
            error = GetLastError();
    });
    return error ? std::error_code(static_cast<int>(error), std::system_category())
                 : std::error_code();
}

} // namespace

AsyncSelectLoop::AsyncSelectLoop()
    : EventLoop("asyncselect")
{}

AsyncSelectLoop::~AsyncSelectLoop()
{
    stop();
}

std::error_code AsyncSelectLoop::backendSetup()
{
    if (const auto ec = registerWindowClass())
        return ec;
    // HWND_MESSAGE: a message-only window, invisible, needs no display (Wine's null driver too).
    HWND window = CreateWindowExW(0, kWindowClass, L"LanChat netcore", 0, 0, 0, 0, 0, HWND_MESSAGE,
                                  nullptr, GetModuleHandleW(nullptr), nullptr);
    if (!window)
        return {static_cast<int>(GetLastError()), std::system_category()};
    SetWindowLongPtrW(window, GWLP_USERDATA, reinterpret_cast<LONG_PTR>(this));
    SetWindowLongPtrW(window, GWLP_WNDPROC, reinterpret_cast<LONG_PTR>(&windowProc));
    m_window = window;
    return {};
}

void AsyncSelectLoop::backendTeardown()
{
    HWND window = m_window.exchange(nullptr);
    if (window)
        DestroyWindow(window);
    m_bySocket.clear();
}

void AsyncSelectLoop::backendWakeup()
{
    if (m_wakePending.exchange(true))
        return;
    if (HWND window = m_window.load())
        PostMessageW(window, kWakeMessage, 0, 0);
}

void AsyncSelectLoop::backendWait(std::optional<std::chrono::nanoseconds> timeout)
{
    DWORD ms = INFINITE;
    if (timeout) {
        const auto count =
            std::chrono::duration_cast<std::chrono::milliseconds>(*timeout).count() + 1;
        ms = count >= static_cast<long long>(INFINITE) ? INFINITE - 1 : static_cast<DWORD>(count);
    }
    // MWMO_INPUTAVAILABLE: return at once if messages are already queued.
    MsgWaitForMultipleObjectsEx(0, nullptr, ms, QS_ALLINPUT, MWMO_INPUTAVAILABLE);
    MSG msg;
    // Bounded, so that a flood of socket messages cannot starve posted tasks and timers.
    for (int i = 0; i < 256 && PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE); ++i) {
        if (msg.message == WM_QUIT)
            continue;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
}

LRESULT CALLBACK AsyncSelectLoop::windowProc(HWND hwnd, UINT message, WPARAM wParam, LPARAM lParam)
{
    auto* self = reinterpret_cast<AsyncSelectLoop*>(GetWindowLongPtrW(hwnd, GWLP_USERDATA));
    if (self) {
        if (message == kSocketMessage) {
            self->handleSocketMessage(static_cast<SOCKET>(wParam), lParam);
            return 0;
        }
        if (message == kWakeMessage) {
            // Tasks run in the loop's main cycle; the message only ends the wait.
            self->m_wakePending = false;
            return 0;
        }
    }
    return DefWindowProcW(hwnd, message, wParam, lParam);
}

void AsyncSelectLoop::handleSocketMessage(SOCKET s, LPARAM lParam)
{
    const unsigned events = WSAGETSELECTEVENT(lParam);
    const int error = WSAGETSELECTERROR(lParam);
    const auto it = m_bySocket.find(s);
    Channel* channel = it == m_bySocket.end() ? nullptr : findChannel(it->second);

    if (Trace::enabled()) {
        TraceEvent event;
        event.call = Call::AsyncMessage;
        event.socket = channel ? channel->id() : 0;
        event.protocol = channel ? channel->protocol() : Protocol::None;
        event.role = channel ? channel->role() : SocketRole::Unknown;
        event.asyncEvents = events;
        event.args = ops::handleText(s) + ", " + asyncEventNames(events);
        if (!channel)
            event.args += " (stale: socket no longer watched, ignored)";
        event.result = 0;
        event.error = error;
        if (error)
            event.errorName = platform::errorName(error);
        ops::publish(std::move(event));
    }
    if (!channel)
        return;

    unsigned readiness = 0;
    if (events & (FD_READ | FD_ACCEPT | FD_OOB))
        readiness |= Readable;
    if (events & (FD_WRITE | FD_CONNECT))
        readiness |= Writable;
    if (events & FD_CLOSE)
        readiness |= PeerClosed;
    // FD_WRITE for a socket with nothing to send is only remembered by WinSock: the next send
    // succeeds or fails with WSAEWOULDBLOCK and another FD_WRITE follows.
    if ((events & FD_WRITE) && !channel->wantsWrite() && !(events & ~FD_WRITE))
        return;
    channel->handleEvent(readiness, error);
}

long AsyncSelectLoop::eventMask(const Channel& channel) const
{
    switch (channel.kind()) {
    case ChannelKind::Listener:
        return channel.wantsRead() ? FD_ACCEPT : 0;
    case ChannelKind::Connecting:
        return FD_CONNECT | FD_READ | FD_WRITE | FD_CLOSE;
    case ChannelKind::Stream:
        // Not reading (flow control) is done by leaving FD_READ out; registering it again
        // posts FD_READ at once if data is waiting.
        return (channel.wantsRead() ? FD_READ : 0) | FD_WRITE | FD_CLOSE;
    case ChannelKind::Datagram:
        return (channel.wantsRead() ? FD_READ : 0) | FD_WRITE;
    }
    return 0;
}

std::error_code AsyncSelectLoop::registerChannel(Channel& channel, long mask)
{
    HWND window = m_window.load();
    const int rc = WSAAsyncSelect(channel.handle(), window, mask ? kSocketMessage : 0, mask);
    const int error = rc == SOCKET_ERROR ? WSAGetLastError() : 0;
    if (Trace::enabled()) {
        TraceEvent event;
        event.call = Call::WSAAsyncSelect;
        event.socket = channel.id();
        event.protocol = channel.protocol();
        event.role = channel.role();
        event.asyncEvents = static_cast<unsigned>(mask);
        event.args = ops::handleText(channel.handle()) + ", hwnd, " +
                     (mask ? "WM_APP+1, " + maskText(mask) : std::string("0, 0 (cancel)"));
        event.result = rc;
        event.error = error;
        if (error)
            event.errorName = platform::errorName(error);
        ops::publish(std::move(event));
    }
    if (error)
        return makeSocketError(error);
    channel.backendState = static_cast<unsigned>(mask);
    return {};
}

std::error_code AsyncSelectLoop::backendAdd(Channel& channel)
{
    if (const auto ec = registerChannel(channel, eventMask(channel)))
        return ec;
    m_bySocket[channel.handle()] = channel.id();
    return {};
}

void AsyncSelectLoop::backendUpdate(Channel& channel)
{
    const long mask = eventMask(channel);
    if (static_cast<unsigned>(mask) != channel.backendState) {
        if (const auto ec = registerChannel(channel, mask))
            reportError({ec, "WSAAsyncSelect", "#" + std::to_string(channel.id())});
    }
}

void AsyncSelectLoop::backendRemove(Channel& channel)
{
    // Cancel, so no further messages are posted; messages already queued are stale and dropped.
    registerChannel(channel, 0);
    const auto it = m_bySocket.find(channel.handle());
    if (it != m_bySocket.end() && it->second == channel.id())
        m_bySocket.erase(it);
}

} // namespace netcore
