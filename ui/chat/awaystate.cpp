// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/awaystate.h"

#include "chat/chatnames.h"

#include <algorithm>

namespace ui {

void AwayState::setSelfAway(const bridge::ChatSession* session, const QString& nick, bool away)
{
    Marks& marks = m_sessions[session];
    marks.self = away;
    if (away)
        marks.away.insert(foldName(nick));
    else
        marks.away.remove(foldName(nick));
}

bool AwayState::isSelfAway(const bridge::ChatSession* session) const
{
    const auto it = m_sessions.constFind(session);
    return it != m_sessions.constEnd() && it->self;
}

bool AwayState::isSelfAwayOnAll(const QList<bridge::ChatSession*>& sessions) const
{
    return !sessions.isEmpty() && std::all_of(sessions.begin(), sessions.end(),
                                              [this](const auto* s) { return isSelfAway(s); });
}

bool AwayState::setAway(const bridge::ChatSession* session, const QString& nick, bool away)
{
    QSet<QString>& marks = m_sessions[session].away;
    const QString folded = foldName(nick);
    if (away == marks.contains(folded))
        return false;
    if (away)
        marks.insert(folded);
    else
        marks.remove(folded);
    return true;
}

void AwayState::rename(const bridge::ChatSession* session, const QString& from, const QString& to)
{
    const auto it = m_sessions.find(session);
    if (it != m_sessions.end() && it->away.remove(foldName(from)))
        it->away.insert(foldName(to));
}

void AwayState::remove(const bridge::ChatSession* session, const QString& nick)
{
    const auto it = m_sessions.find(session);
    if (it != m_sessions.end())
        it->away.remove(foldName(nick));
}

QSet<QString> AwayState::away(const bridge::ChatSession* session) const
{
    return m_sessions.value(session).away;
}

void AwayState::forget(const bridge::ChatSession* session)
{
    m_sessions.remove(session);
}

} // namespace ui
