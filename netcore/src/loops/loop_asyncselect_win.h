// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "netcore/event_loop.h"
#include "netcore/trace.h"
#include "platform/platform.h"

#include <atomic>
#include <unordered_map>

namespace netcore {

// WSAAsyncSelect on a message-only window created by the loop's own thread (the model is Qt's
// QEventDispatcherWin32). WinSock posts one window message per network event; the thread waits
// in MsgWaitForMultipleObjectsEx (which also gives timers their timeout) and dispatches them.
//
// The rules this follows (winsock-notes.md 1.5):
// - one registration per socket, with every event it may need, redone on accepted sockets
//   (which inherit the listener's FD_ACCEPT registration);
// - one recv per FD_READ: readsPerEvent() is 1;
// - FD_WRITE comes only after a send failed with WSAEWOULDBLOCK, so sockets keep an outbound
//   buffer and flush on FD_WRITE;
// - the error of an event is WSAGETSELECTERROR(lParam), not WSAGetLastError();
// - messages can arrive after a socket was cancelled or closed, and handles are reused: each is
//   looked up in this loop's table and ignored (and traced as stale) if unknown.
// Microsoft calls WSAAsyncSelect legacy; it is here because it is what lectures teach.
class AsyncSelectLoop final : public EventLoop
{
public:
    AsyncSelectLoop();
    ~AsyncSelectLoop() override;

    int readsPerEvent() const override { return 1; }

protected:
    std::error_code backendSetup() override;
    void backendTeardown() override;
    void backendWait(std::optional<std::chrono::nanoseconds> timeout) override;
    void backendWakeup() override;
    std::error_code backendAdd(Channel& channel) override;
    void backendUpdate(Channel& channel) override;
    void backendRemove(Channel& channel) override;

private:
    static LRESULT CALLBACK windowProc(HWND hwnd, UINT message, WPARAM wParam, LPARAM lParam);
    void handleSocketMessage(SOCKET s, LPARAM lParam);
    long eventMask(const Channel& channel) const;
    std::error_code registerChannel(Channel& channel, long mask);

    std::atomic<HWND> m_window{nullptr};
    std::atomic<bool> m_wakePending{false};
    std::unordered_map<SOCKET, SocketId> m_bySocket;
};

} // namespace netcore
