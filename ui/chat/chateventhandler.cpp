// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/chateventhandler.h"

#include "appsettings.h"
#include "bridge/chatsession.h"
#include "chat/awaystate.h"
#include "chat/chathistory.h"
#include "chat/chatnames.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"
#include "chat/messageview.h"
#include "chat/sessioncommands.h"
#include "history/historytypes.h"

namespace ui {

using Kind = bridge::ChatEvent::Kind;

ChatEventHandler::ChatEventHandler(ChatRouter* router, ChatHistory* history, AwayState* away,
                                   const AppSettings* settings, QObject* parent)
    : QObject(parent)
    , m_router(router)
    , m_history(history)
    , m_away(away)
    , m_settings(settings)
{
    // A new room tab shows the room as the session knows it, and every new chat tab its
    // stored lines.
    connect(m_router, &ChatRouter::pageAdded, this, [this](ChatPage* p) {
        bridge::ChatSession* session = p->session();
        if (p->kind() == ChatPage::Kind::Room && session) {
            p->setTopic(session->topic(p->target()));
            p->setMembers(session->members(p->target()), m_away->away(session));
        }
        if (p->kind() != ChatPage::Kind::Server)
            m_history->restore(p, m_settings->historyLines);
    });
}

void ChatEventHandler::handle(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    if (!m_router->serverPage(session))
        return; // the session is closing
    switch (e.kind) {
    case Kind::StateChanged:
        emit stateChanged(session, e);
        return;
    case Kind::Registered:
        return handleRegistered(session, e);
    case Kind::NickInUse:
        return handleNickInUse(session, e);
    case Kind::Message:
    case Kind::Action:
    case Kind::Notice:
        return handleText(session, e);
    case Kind::Join:
        return handleJoin(session, e);
    case Kind::Part:
        return handlePart(session, e);
    case Kind::Kick:
        return handleKick(session, e);
    case Kind::Quit:
        return handleQuit(session, e);
    case Kind::NickChange:
        return handleNickChange(session, e);
    case Kind::Topic:
        return handleTopic(session, e);
    case Kind::Names:
        return; // the member list follows with membersChanged
    case Kind::Mode:
        return handleMode(session, e);
    case Kind::Away:
        return e.self ? handleSelfAway(session, e) : handlePeerAway(session, e);
    case Kind::Invite:
        return handleInvite(session, e);
    case Kind::Lag:
        emit lagChanged(session);
        return;
    case Kind::ServerText:
        return handleServerText(session, e);
    case Kind::Error:
        return handleError(session, e);
    }
}

void ChatEventHandler::handleMembersChanged(bridge::ChatSession* session, const QString& room)
{
    if (ChatPage* p = m_router->page(session, room))
        p->setMembers(session->members(room), m_away->away(session));
}

void ChatEventHandler::refreshMembers(bridge::ChatSession* session)
{
    const QSet<QString> away = m_away->away(session);
    for (ChatPage* p : m_router->rooms(session))
        p->setMembers(session->members(p->target()), away);
}

void ChatEventHandler::ignore(const QString& nick)
{
    m_ignored.insert(foldName(nick));
}

bool ChatEventHandler::unignore(const QString& nick)
{
    return m_ignored.remove(foldName(nick));
}

void ChatEventHandler::handleRegistered(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    m_router->serverPage(session)->view()->addEvent(e.time,
                                                    tr("Connected as %1: %2").arg(e.nick, e.text));
    emit registered(session, e.nick);
}

void ChatEventHandler::handleNickInUse(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    m_router->serverPage(session)->view()->addEvent(
        e.time, tr("The nick %1 is taken; trying %2.").arg(e.nick, e.target));
}

void ChatEventHandler::handleText(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    if (!e.self && m_ignored.contains(foldName(e.nick)))
        return;
    ChatPage* p = nullptr;
    if (!e.room.isEmpty())
        p = m_router->open(session, e.room, false);
    else if (e.nick.isEmpty() || (e.kind == Kind::Notice && !m_router->page(session, e.nick)))
        p = m_router->serverPage(session); // server notices; notices from people without a tab
    else
        p = m_router->open(session, e.self ? e.target : e.nick, false);
    const bool mention = !e.self && e.kind != Kind::Notice && isMention(session, e.text);
    const QString from = e.nick.isEmpty() ? session->address() : e.nick;
    const QDateTime t = e.time;
    const bool self = e.self;
    const QString text = e.text;
    if (e.kind == Kind::Message)
        m_history->present(p, history::Kind::Message, e, from, text,
                           [=](MessageView* v) { v->addMessage(t, from, text, self, mention); });
    else if (e.kind == Kind::Action)
        m_history->present(p, history::Kind::Action, e, from, text,
                           [=](MessageView* v) { v->addAction(t, from, text, self); });
    else
        m_history->present(p, history::Kind::Notice, e, from, text,
                           [=](MessageView* v) { v->addNotice(t, from, text); });
    if (!e.self && e.kind != Kind::Notice)
        notifyIfNeeded(session, p, e, mention);
}

void ChatEventHandler::handleJoin(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    if (e.self) {
        ChatPage* p = m_router->open(session, e.room, true);
        p->view()->addEvent(e.time, tr("You joined %1.").arg(e.room));
    } else if (ChatPage* p = m_router->page(session, e.room)) {
        presentEvent(p, e, tr("--> %1 joined").arg(e.nick));
    }
}

void ChatEventHandler::handlePart(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    ChatPage* p = m_router->page(session, e.room);
    if (!p)
        return;
    p->view()->addEvent(e.time, e.text.isEmpty() ? tr("<-- %1 left").arg(e.nick)
                                                 : tr("<-- %1 left (%2)").arg(e.nick, e.text));
    if (e.self)
        m_router->close(p);
}

void ChatEventHandler::handleKick(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    if (ChatPage* p = m_router->page(session, e.room))
        p->view()->addEvent(e.time,
                            tr("<-- %1 was kicked by %2 (%3)").arg(e.target, e.nick, e.text));
}

void ChatEventHandler::handleQuit(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    const QString line = e.text.isEmpty() ? tr("<-- %1 quit").arg(e.nick)
                                          : tr("<-- %1 quit (%2)").arg(e.nick, e.text);
    for (const auto& room : e.rooms)
        if (ChatPage* p = m_router->page(session, room))
            presentEvent(p, e, line);
    if (ChatPage* p = m_router->page(session, e.nick))
        p->view()->addEvent(e.time, tr("<-- %1 quit (%2)").arg(e.nick, e.text));
    m_away->remove(session, e.nick);
}

void ChatEventHandler::handleNickChange(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    const QString line = e.self ? tr("You are now known as %1").arg(e.target)
                                : tr("%1 is now known as %2").arg(e.nick, e.target);
    for (const auto& room : e.rooms)
        if (ChatPage* p = m_router->page(session, room))
            p->view()->addEvent(e.time, line);
    if (ChatPage* p = m_router->page(session, e.nick)) {
        m_router->rename(session, e.nick, e.target);
        p->view()->addEvent(e.time, line);
    }
    m_away->rename(session, e.nick, e.target);
    if (e.self) {
        m_router->serverPage(session)->view()->addEvent(e.time, line);
        emit ownNickChanged(session, e.target);
    }
}

void ChatEventHandler::handleTopic(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    ChatPage* p = m_router->page(session, e.room);
    if (!p)
        return;
    p->setTopic(e.text);
    if (!e.nick.isEmpty())
        presentEvent(p, e, tr("%1 set the topic: %2").arg(e.nick, e.text));
    else if (!e.text.isEmpty())
        p->view()->addEvent(e.time, tr("Topic: %1").arg(e.text));
}

void ChatEventHandler::handleMode(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    if (ChatPage* p = m_router->page(session, e.room))
        p->view()->addEvent(
            e.time,
            tr("%1 sets mode %2").arg(e.nick.isEmpty() ? session->address() : e.nick, e.text));
}

void ChatEventHandler::handleSelfAway(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    const bool away = !e.text.isEmpty();
    m_away->setSelfAway(session, session->nick(), away);
    refreshMembers(session);
    m_router->serverPage(session)->view()->addEvent(e.time, away ? tr("You are marked as away.")
                                                                 : tr("You are back."));
    emit ownAwayChanged(session);
}

void ChatEventHandler::handlePeerAway(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    const bool changed = m_away->setAway(session, e.nick, !e.text.isEmpty());
    if (SessionCommands::isAwayReply(e)) { // the answer to a message to someone away
        ChatPage* p = m_router->page(session, e.nick);
        if (!p)
            p = m_router->current();
        if (p)
            p->view()->addEvent(e.time, tr("%1 is away: %2").arg(e.nick, e.text));
    }
    if (changed) // the user lists' away marks
        refreshMembers(session);
}

void ChatEventHandler::handleInvite(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    m_router->serverPage(session)->view()->addEvent(
        e.time, tr("%1 invites you to %2 (/join %2)").arg(e.nick, e.room));
}

void ChatEventHandler::handleServerText(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    m_router->serverPage(session)->view()->addEvent(e.time, e.text);
}

void ChatEventHandler::handleError(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    ChatPage* p = m_router->serverPage(session);
    if (ChatPage* room = e.room.isEmpty() ? nullptr : m_router->page(session, e.room))
        p = room;
    else if (ChatPage* chat = e.target.isEmpty() ? nullptr : m_router->page(session, e.target))
        p = chat;
    else if (ChatPage* current = m_router->current(); current && current->session() == session)
        p = current;
    QString text = e.text;
    if (!e.target.isEmpty())
        text = e.target + QStringLiteral(": ") + text;
    if (SessionCommands::isNickRefused(e))
        text += QLatin1Char(' ') + tr("Choose another nick with /nick.");
    if (SessionCommands::isPasswordWrong(e)) {
        text = tr("Wrong password for this host (%1).").arg(e.text);
        session->setProperty("needsPassword", true);
    }
    p->view()->addError(e.time, text);
}

void ChatEventHandler::presentEvent(ChatPage* page, const bridge::ChatEvent& e, const QString& line)
{
    const history::Kind kind = e.kind == Kind::Join   ? history::Kind::Join
                               : e.kind == Kind::Quit ? history::Kind::Quit
                                                      : history::Kind::Topic;
    const QDateTime t = e.time;
    m_history->present(page, kind, e, e.nick, line,
                       [t, line](MessageView* v) { v->addEvent(t, line); });
}

bool ChatEventHandler::isMention(const bridge::ChatSession* session, const QString& text)
{
    QStringList words;
    words.reserve(m_settings->highlightWords.size() + 1);
    for (const QString& word : QStringList{session->nick()} + m_settings->highlightWords)
        if (!word.isEmpty())
            words.append(word);
    if (words.isEmpty())
        return false;
    // One pattern for the nick and the highlight words, made again only when they change.
    if (words != m_mentionWords) {
        QStringList escaped;
        for (const QString& word : words)
            escaped.append(QRegularExpression::escape(word));
        m_mention =
            QRegularExpression(QStringLiteral("(^|\\W)(?:") + escaped.join(QLatin1Char('|')) +
                                   QStringLiteral(")($|\\W)"),
                               QRegularExpression::CaseInsensitiveOption);
        m_mentionWords = words;
    }
    return m_mention.match(text).hasMatch();
}

void ChatEventHandler::notifyIfNeeded(bridge::ChatSession* session, ChatPage* page,
                                      const bridge::ChatEvent& e, bool mention)
{
    const bool isPrivate = e.room.isEmpty();
    if (!(mention && m_settings->notifyMentions) && !(isPrivate && m_settings->notifyPrivate))
        return;
    if (m_away->isSelfAway(session) && m_settings->quietWhileAway)
        return;
    emit notification(
        page, isPrivate ? tr("%1 (private)").arg(e.nick) : tr("%1 in %2").arg(e.nick, e.room),
        e.text);
}

} // namespace ui
