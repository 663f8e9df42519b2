// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The host engine's parts, put together: the model (World), the sender, admission and limits;
// what every command handler is given. Each part has its own file; the dispatcher
// (dispatch.cpp) maps commands to the handlers of the command families (registration.cpp,
// rooms.cpp, messages.cpp, queries.cpp, modes.cpp, operators.cpp). All of it runs in the loop's
// thread.

#include "irc/host/admission.h"
#include "irc/host/history.h"
#include "irc/host/sender.h"
#include "irc/host/state.h"
#include "netcore/event_loop.h"
#include "netcore/irc/host.h"

#include <memory>
#include <string>

namespace netcore::irc::hostimpl {

struct Engine
{
    Engine(EventLoop& l, HostConfig c, IrcHost::Events e);

    EventLoop& loop;
    const HostConfig config;
    IrcHost::Events events;
    Limits limits;
    World world;
    Sender sender{*this};
    Admission admission{*this};
    History history;
    std::string createdText; // when the host started (RPL_CREATED)

    // One readable line for whoever watches the host (lanchat-cli host prints them).
    void log(const std::string& text)
    {
        if (events.log)
            events.log(text);
    }

    // Timers and deferred work hold a weak reference: they do nothing once the host is gone.
    template <typename F> auto guarded(F f)
    {
        return [weak = std::weak_ptr<int>(m_alive), f = std::move(f)]() mutable {
            if (weak.lock())
                f();
        };
    }
    void invalidateGuards() { m_alive.reset(); }

private:
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

} // namespace netcore::irc::hostimpl
