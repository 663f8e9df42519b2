// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What a chat session's events show: one handler for each kind of event (a message, a join, a
// nick change, ...) and for each typed answer of the session (a refused nick, a WHOIS reply,
// ...), each finding its tab through the ChatRouter and storing what history keeps through
// ChatHistory. The connection's own state (connecting, lost, closed) is the SessionList's: it
// comes out as stateChanged().

#include "bridge/chatevent.h"
#include "history/historytypes.h"

#include <QObject>
#include <QRegularExpression>
#include <QSet>

namespace bridge {
class ChatSession;
} // namespace bridge

namespace ui {

class ChatHistory;
class ChatPage;
class ChatRouter;
struct AppSettings;

class ChatEventHandler : public QObject
{
    Q_OBJECT

public:
    // None owned; all outlive the handler.
    ChatEventHandler(ChatRouter* router, ChatHistory* history, const AppSettings* settings,
                     QObject* parent = nullptr);

    // Shows what `session` says from now on (its events and typed answers).
    void watch(bridge::ChatSession* session);
    void handle(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleMembersChanged(bridge::ChatSession* session, const QString& room);

    // /ignore: lines from these nicks are not shown (any host; each host compares nicks its
    // own way).
    void ignore(const QString& nick);
    bool unignore(const QString& nick);

signals:
    void stateChanged(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void registered(bridge::ChatSession* session, const QString& nick);
    // Our own nick, away flag or lag on `session` changed (the status line, presence).
    void ownNickChanged(bridge::ChatSession* session, const QString& nick);
    void ownAwayChanged(bridge::ChatSession* session);
    void lagChanged(bridge::ChatSession* session);
    // A refusal worth the status bar as well as the chat (a nick refused, a wrong password).
    void statusMessage(const QString& text);
    // Someone wrote to us or mentioned us (the window shows it unless it is in view).
    void notification(ui::ChatPage* page, const QString& title, const QString& text);
    // A favourite person is online in the chat at `chat` ("host:port"), or no longer.
    void favouriteSeen(const QString& chat, const QString& nick, bool online);

private:
    void handleRegistered(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleText(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleJoin(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handlePart(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleKick(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleQuit(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleNickChange(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleTopic(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleMode(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleSelfAway(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleInvite(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleServerText(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleError(bridge::ChatSession* session, const bridge::ChatEvent& e);
    // The session's typed answers.
    void handleNickRefused(bridge::ChatSession* session, const bridge::NickRefusalInfo& r);
    void handlePasswordRefused(bridge::ChatSession* session, const QString& text);
    void handleAwayReply(bridge::ChatSession* session, const QString& nick, const QString& text);
    void handleWhois(bridge::ChatSession* session, const bridge::WhoisInfo& info);
    void handleWhoList(bridge::ChatSession* session, const bridge::WhoListInfo& list);
    void handleOperator(bridge::ChatSession* session, bool granted, const QString& text);
    void handleHistoryReplayed(bridge::ChatSession* session, const QString& target, int count);
    void handleWatched(bridge::ChatSession* session, const QString& nick, bool online);
    // The session is not in its chat now: its favourites are not seen there any more.
    void forgetWatched(bridge::ChatSession* session);
    // The tab a reply to the user belongs in: the chat in view when it is this session's,
    // else the session's server tab.
    ChatPage* replyPage(bridge::ChatSession* session) const;

    // A line that history keeps (messages, joins, quits, topics): stored, then drawn.
    // Shows an event's line and stores it as `kind` by `nick` with `text` (see EventText): the
    // line shown is EventText's unless `line` says otherwise ("You are now known as ...").
    void presentEvent(ChatPage* page, const bridge::ChatEvent& e, history::Kind kind,
                      const QString& nick, const QString& text, const QString& line = {});
    bool isMention(const bridge::ChatSession* session, const QString& text);
    void notifyIfNeeded(bridge::ChatSession* session, ChatPage* page, const bridge::ChatEvent& e,
                        bool mention);

    ChatRouter* m_router;
    ChatHistory* m_history;
    const AppSettings* m_settings;
    QStringList m_ignored; // as typed; compared with each session's fold()
    // The chats whose earlier messages are coming in (draft/chathistory), by session and
    // folded name: their first line is preceded by a heading, and their end said.
    QSet<QPair<bridge::ChatSession*, QString>> m_replaying;
    // What each chat last said of each favourite person (by folded nick): online or not. A
    // change after the first report is said in the server tab and notified.
    struct Watched
    {
        QString nick;
        QString chat; // the session's address, kept: the session may be going
        bool online = false;
    };
    QHash<QPair<bridge::ChatSession*, QString>, Watched> m_watched;
    // The mention pattern and the nick and words it was made for.
    QRegularExpression m_mention;
    QStringList m_mentionWords;
};

} // namespace ui
