// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Who is away, per chat connection. Each host has its own people and its own idea of whether
// we are away: marking ourselves away on one host must not show us away on another (issue 13),
// and a "bob" away on one host is not the "bob" of another.

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace bridge {
class ChatSession;
} // namespace bridge

namespace ui {

class AwayState
{
public:
    // Our own away flag on `session`; `nick` is our nick there (marked in its user lists).
    void setSelfAway(const bridge::ChatSession* session, const QString& nick, bool away);
    bool isSelfAway(const bridge::ChatSession* session) const;
    // True when we are away on every one of `sessions` (and there is one): what presence
    // announces to the LAN, where we are one person whatever the hosts.
    bool isSelfAwayOnAll(const QList<bridge::ChatSession*>& sessions) const;

    // Someone else on `session`; true if that changed their mark.
    bool setAway(const bridge::ChatSession* session, const QString& nick, bool away);
    // A nick change keeps the mark; a quit drops it.
    void rename(const bridge::ChatSession* session, const QString& from, const QString& to);
    void remove(const bridge::ChatSession* session, const QString& nick);
    // The folded nicks marked away on `session` (for ChatPage::setMembers).
    QSet<QString> away(const bridge::ChatSession* session) const;
    // The session is closed.
    void forget(const bridge::ChatSession* session);

private:
    struct Marks
    {
        QSet<QString> away; // folded nicks
        bool self = false;
    };
    QHash<const bridge::ChatSession*, Marks> m_sessions;
};

} // namespace ui
