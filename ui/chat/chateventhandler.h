// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What a chat session's events show: one handler for each kind of event (a message, a join, a
// nick change, ...), each finding its tab through the ChatRouter and storing what history
// keeps through ChatHistory. The connection's own state (connecting, lost, closed) is the
// SessionList's: it comes out as stateChanged().

#include "bridge/chatevent.h"

#include <QObject>
#include <QRegularExpression>
#include <QSet>

namespace bridge {
class ChatSession;
} // namespace bridge

namespace ui {

class AwayState;
class ChatHistory;
class ChatPage;
class ChatRouter;
struct AppSettings;

class ChatEventHandler : public QObject
{
    Q_OBJECT

public:
    // None owned; all outlive the handler.
    ChatEventHandler(ChatRouter* router, ChatHistory* history, AwayState* away,
                     const AppSettings* settings, QObject* parent = nullptr);

    void handle(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleMembersChanged(bridge::ChatSession* session, const QString& room);
    // The user lists of a session's rooms again (its away marks changed).
    void refreshMembers(bridge::ChatSession* session);

    // /ignore: lines from these nicks are not shown (any host).
    void ignore(const QString& nick);
    bool unignore(const QString& nick);

signals:
    void stateChanged(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void registered(bridge::ChatSession* session, const QString& nick);
    // Our own nick, away flag or lag on `session` changed (the status line, presence).
    void ownNickChanged(bridge::ChatSession* session, const QString& nick);
    void ownAwayChanged(bridge::ChatSession* session);
    void lagChanged(bridge::ChatSession* session);
    // Someone wrote to us or mentioned us (the window shows it unless it is in view).
    void notification(ui::ChatPage* page, const QString& title, const QString& text);

private:
    void handleRegistered(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleNickInUse(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleText(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleJoin(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handlePart(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleKick(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleQuit(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleNickChange(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleTopic(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleMode(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleSelfAway(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handlePeerAway(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleInvite(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleServerText(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleError(bridge::ChatSession* session, const bridge::ChatEvent& e);

    // A line that history keeps (messages, joins, quits, topics): stored, then drawn.
    void presentEvent(ChatPage* page, const bridge::ChatEvent& e, const QString& line);
    bool isMention(const bridge::ChatSession* session, const QString& text);
    void notifyIfNeeded(bridge::ChatSession* session, ChatPage* page, const bridge::ChatEvent& e,
                        bool mention);

    ChatRouter* m_router;
    ChatHistory* m_history;
    AwayState* m_away;
    const AppSettings* m_settings;
    QSet<QString> m_ignored; // folded nicks
    // The mention pattern and the nick and words it was made for.
    QRegularExpression m_mention;
    QStringList m_mentionWords;
};

} // namespace ui
