// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The lines waiting to go out, paced by a token bucket under the server's flood limits: the
// first `burst` lines at once, then `perSecond` a second. A line may carry the event that
// reports it once it has gone (our own message, when the server does not echo it) and may be
// the QUIT that ends the link.
//
//   front: next to go                                                        back: latest
//   +---------------+---------------+-----+---------------+
//   | JOIN (rejoin) | PRIVMSG ...   | ... | QUIT (closes) |
//   +---------------+---------------+-----+---------------+

#include "netcore/irc/client.h"
#include "netcore/token_bucket.h"

#include <cstddef>
#include <deque>
#include <optional>
#include <string>

namespace netcore::irc::client {

class SendQueue
{
public:
    struct Line
    {
        std::string text; // formatted, with CRLF
        std::optional<ClientEvent> echo;
        bool quit = false; // close once this has gone out
    };

    // The limits, and the bucket full (a new connection).
    void start(double burst, double perSecond,
               TokenBucket::Clock::time_point now = TokenBucket::Clock::now())
    {
        m_bucket = TokenBucket(burst, perSecond, now);
    }
    void push(Line line) { m_lines.push_back(std::move(line)); }
    void pushFront(Line line) { m_lines.push_front(std::move(line)); }
    // The next line, if the bucket has a token for it now.
    std::optional<Line> take(TokenBucket::Clock::time_point now = TokenBucket::Clock::now());
    // A lost session's QUIT goes (it only made sense in that session); the rest stays queued.
    void dropQuit();
    void clear() { m_lines.clear(); }
    std::size_t size() const { return m_lines.size(); }
    bool empty() const { return m_lines.empty(); }

private:
    std::deque<Line> m_lines;
    TokenBucket m_bucket;
};

} // namespace netcore::irc::client
