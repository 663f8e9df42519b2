// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Handlers often capture their socket's owner while the owner holds the socket: a reference
// cycle. A socket breaks it by dropping its handlers when it closes, but never while one of them
// may be running (a handler that closes its own socket would destroy the lambda it is running
// in): the drop waits until the outermost call into the socket's handlers has returned.

#include <functional>
#include <utility>

namespace netcore {

class DeferredDrop
{
public:
    explicit DeferredDrop(std::function<void()> clear)
        : m_clear(std::move(clear))
    {}

    // Marks a stretch of code that may call the socket's handlers.
    class Scope
    {
    public:
        explicit Scope(DeferredDrop& drop)
            : m_drop(drop)
        {
            ++m_drop.m_depth;
        }
        ~Scope()
        {
            if (--m_drop.m_depth == 0 && m_drop.m_pending) {
                m_drop.m_pending = false;
                m_drop.m_clear();
            }
        }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        DeferredDrop& m_drop;
    };

    // Drops the handlers now, or when the outermost Scope ends.
    void request()
    {
        if (m_depth > 0)
            m_pending = true;
        else
            m_clear();
    }

private:
    std::function<void()> m_clear;
    int m_depth = 0;
    bool m_pending = false;
};

} // namespace netcore
