// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A token bucket, the one rate limiter of netcore: the host's flood control per client, the
// client engine's pacing of what it sends, presence's limits per source and on answers. It
// holds up to `burst` tokens and gains `perSecond` of them each second; taking one is allowed
// when at least one is there. perSecond <= 0 turns the limit off (every take succeeds).

#include <algorithm>
#include <chrono>

namespace netcore {

class TokenBucket
{
public:
    using Clock = std::chrono::steady_clock;

    TokenBucket() = default;
    // Starts full.
    TokenBucket(double burst, double perSecond, Clock::time_point now = Clock::now())
        : m_burst(burst)
        , m_perSecond(perSecond)
        , m_tokens(burst)
        , m_at(now)
    {}

    bool limited() const { return m_perSecond > 0; }
    double burst() const { return m_burst; }
    double perSecond() const { return m_perSecond; }
    // When it was last refilled or taken from (presence forgets sources quiet since long ago).
    Clock::time_point updatedAt() const { return m_at; }

    // The tokens there now (after refilling up to `now`).
    double available(Clock::time_point now = Clock::now())
    {
        refill(now);
        return m_tokens;
    }

    // Takes one token if there is one; true if taken (always, when not limited).
    bool tryTake(Clock::time_point now = Clock::now())
    {
        if (!limited())
            return true;
        refill(now);
        if (m_tokens < 1)
            return false;
        m_tokens -= 1;
        return true;
    }

    // How long until a token is there (zero if one is, or when not limited).
    Clock::duration waitForToken(Clock::time_point now = Clock::now())
    {
        if (!limited())
            return Clock::duration::zero();
        refill(now);
        if (m_tokens >= 1)
            return Clock::duration::zero();
        return std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>((1.0 - m_tokens) / m_perSecond));
    }

    // Full again (a new connection).
    void reset(Clock::time_point now = Clock::now())
    {
        m_tokens = m_burst;
        m_at = now;
    }

    // Set the tokens there now (presence's answer bucket starts with one second's worth).
    void setTokens(double tokens, Clock::time_point now = Clock::now())
    {
        m_tokens = std::min(tokens, m_burst);
        m_at = now;
    }

private:
    void refill(Clock::time_point now)
    {
        if (now <= m_at)
            return;
        const double seconds = std::chrono::duration<double>(now - m_at).count();
        m_tokens = std::min(m_burst, m_tokens + seconds * m_perSecond);
        m_at = now;
    }

    double m_burst = 0;
    double m_perSecond = 0;
    double m_tokens = 0;
    Clock::time_point m_at{};
};

} // namespace netcore
