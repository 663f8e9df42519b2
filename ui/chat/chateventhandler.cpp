// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/chateventhandler.h"

#include "appsettings.h"
#include "bridge/chatsession.h"
#include "chat/chathistory.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"
#include "chat/eventtext.h"
#include "chat/messageview.h"
#include "history/historytypes.h"

#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace ui {

using Kind = bridge::ChatEvent::Kind;

ChatEventHandler::ChatEventHandler(ChatRouter* router, ChatHistory* history,
                                   const AppSettings* settings, QObject* parent)
    : QObject(parent)
    , m_router(router)
    , m_history(history)
    , m_settings(settings)
{
    // A new room tab shows the room as the session knows it, and every new chat tab its
    // stored lines.
    connect(m_router, &ChatRouter::pageAdded, this, [this](ChatPage* p) {
        bridge::ChatSession* session = p->session();
        if (p->kind() == ChatPage::Kind::Room && session) {
            p->setTopic(session->topic(p->target()));
            p->setMembers(session->members(p->target()));
        }
        if (p->kind() != ChatPage::Kind::Server)
            m_history->restore(p, m_settings->historyLines);
    });
}

void ChatEventHandler::watch(bridge::ChatSession* session)
{
    using S = bridge::ChatSession;
    connect(session, &S::event, this,
            [this, session](const bridge::ChatEvent& e) { handle(session, e); });
    connect(session, &S::membersChanged, this,
            [this, session](const QString& room) { handleMembersChanged(session, room); });
    connect(session, &S::nickRefused, this,
            [this, session](const bridge::NickRefusalInfo& r) { handleNickRefused(session, r); });
    connect(session, &S::passwordRefused, this,
            [this, session](const QString& text) { handlePasswordRefused(session, text); });
    connect(session, &S::awayReply, this,
            [this, session](const QString& nick, const QString& text) {
                handleAwayReply(session, nick, text);
            });
    connect(session, &S::whoisReceived, this,
            [this, session](const bridge::WhoisInfo& info) { handleWhois(session, info); });
    connect(session, &S::whoListReceived, this,
            [this, session](const bridge::WhoListInfo& list) { handleWhoList(session, list); });
    connect(session, &S::operatorGranted, this,
            [this, session](const QString& text) { handleOperator(session, true, text); });
    connect(session, &S::operatorRefused, this,
            [this, session](const QString& text) { handleOperator(session, false, text); });
    connect(session, &S::watchedChanged, this,
            [this, session](const QString& nick, bool online, const QString&) {
                handleWatched(session, nick, online);
            });
    connect(session, &QObject::destroyed, this, [this, session] { forgetWatched(session); });
    connect(session, &S::historyReplayed, this, [this, session](const QString& target, int count) {
        handleHistoryReplayed(session, target, count);
    });
    connect(session, &S::awayChanged, this, [this, session](bool away, const QString&) {
        bridge::ChatEvent e;
        e.time = QDateTime::currentDateTimeUtc();
        e.text = away ? session->awayText() : QString();
        handleSelfAway(session, e);
    });
}

void ChatEventHandler::handle(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    if (!m_router->serverPage(session))
        return; // the session is closing
    switch (e.kind) {
    case Kind::StateChanged:
        if (e.state != bridge::SessionState::Registered)
            forgetWatched(session);
        emit stateChanged(session, e);
        return;
    case Kind::Registered:
        return handleRegistered(session, e);
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
        return; // awayChanged and the members' away marks (membersChanged) say it
    case Kind::Invite:
        return handleInvite(session, e);
    case Kind::Lag:
        emit lagChanged(session);
        return;
    case Kind::ServerText:
        return handleServerText(session, e);
    case Kind::Motd:
        m_router->serverPage(session)->view()->addNotice(e.time, tr("Message of the day"), e.text);
        return;
    case Kind::Error:
        return handleError(session, e);
    }
}

void ChatEventHandler::handleMembersChanged(bridge::ChatSession* session, const QString& room)
{
    if (ChatPage* p = m_router->page(session, room))
        p->setMembers(session->members(room));
}

void ChatEventHandler::ignore(const QString& nick)
{
    if (!m_ignored.contains(nick, Qt::CaseInsensitive))
        m_ignored.append(nick);
}

bool ChatEventHandler::unignore(const QString& nick)
{
    return m_ignored.removeIf(
               [&](const QString& n) { return n.compare(nick, Qt::CaseInsensitive) == 0; }) > 0;
}

void ChatEventHandler::handleRegistered(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    m_router->serverPage(session)->view()->addEvent(e.time,
                                                    tr("Connected as %1: %2").arg(e.nick, e.text));
    // Private chats catch up on what was said while we were away (rooms do as they are
    // joined).
    for (ChatPage* page : m_router->pages(session)) {
        if (page->kind() == ChatPage::Kind::Private)
            m_history->catchUp(page);
    }
    emit registered(session, e.nick);
}

void ChatEventHandler::handleWatched(bridge::ChatSession* session, const QString& nick, bool online)
{
    const auto key = qMakePair(session, session->fold(nick));
    const auto before = m_watched.constFind(key);
    const bool change = before != m_watched.cend() && before->online != online;
    m_watched.insert(key, {nick, session->address(), online});
    emit favouriteSeen(session->address(), nick, online);
    if (!change)
        return; // the first report, when the chat starts: no news
    const QString text = online ? tr("%1 is online (%2).").arg(nick, session->address())
                                : tr("%1 has left (%2).").arg(nick, session->address());
    ChatPage* server = m_router->serverPage(session);
    server->view()->addEvent(QDateTime::currentDateTimeUtc(), text);
    emit notification(server, tr("Favourite people"), text);
}

void ChatEventHandler::forgetWatched(bridge::ChatSession* session)
{
    for (auto it = m_watched.begin(); it != m_watched.end();) {
        if (it.key().first != session) {
            ++it;
            continue;
        }
        if (it->online)
            emit favouriteSeen(it->chat, it->nick, false);
        it = m_watched.erase(it);
    }
}

void ChatEventHandler::handleHistoryReplayed(bridge::ChatSession* session, const QString& target,
                                             int count)
{
    if (!m_replaying.remove({session, session->fold(target)}))
        return;
    ChatPage* p = m_router->page(session, target);
    if (!p)
        return;
    const QString text = count == 1 ? tr("End of the earlier messages (1 line).")
                                    : tr("End of the earlier messages (%1 lines).").arg(count);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Through the hold-back, so that it comes after the earlier lines still being stored.
    m_history->holdBack()->add(p, 0, text, [=](MessageView* v) { v->addEvent(now, text); });
}

void ChatEventHandler::handleText(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    if (!e.self && std::any_of(m_ignored.cbegin(), m_ignored.cend(), [&](const QString& n) {
            return session->fold(n) == session->fold(e.nick);
        }))
        return;
    ChatPage* p = nullptr;
    if (!e.room.isEmpty())
        p = m_router->open(session, e.room, false);
    else if (e.nick.isEmpty() || (e.kind == Kind::Notice && !m_router->page(session, e.nick)))
        p = m_router->serverPage(session); // server notices; notices from people without a tab
    else
        p = m_router->open(session, e.self ? e.target : e.nick, false);
    if (e.history) {
        // A line from the server's history: once only (it may have been shown live), under a
        // heading that says these are earlier messages, and without a notification.
        if (m_history->known(p, e.msgId))
            return;
        const auto replaying = qMakePair(session, session->fold(p->target()));
        if (!m_replaying.contains(replaying)) {
            m_replaying.insert(replaying);
            const QString heading = tr("Earlier messages, from while you were away:");
            const QDateTime now = QDateTime::currentDateTimeUtc();
            m_history->holdBack()->add(p, 0, heading,
                                       [=](MessageView* v) { v->addEvent(now, heading); });
        }
    }
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
    if (!e.self && e.kind != Kind::Notice && !e.history)
        notifyIfNeeded(session, p, e, mention);
}

void ChatEventHandler::handleJoin(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    if (e.self) {
        ChatPage* p = m_router->open(session, e.room, true);
        // Under another nick than asked for (it was taken): said in the room, not only in the
        // server tab.
        const QString asked = session->settings().nick;
        p->view()->addEvent(
            e.time,
            session->fold(session->nick()) == session->fold(asked)
                ? tr("You joined %1.").arg(e.room)
                : tr("You joined %1 as %2, not as %3.").arg(e.room, session->nick(), asked));
        m_history->catchUp(p); // what was said while we were away, if the server kept it
    } else if (ChatPage* p = m_router->page(session, e.room)) {
        presentEvent(p, e, history::Kind::Join, e.nick, {});
    }
}

void ChatEventHandler::handlePart(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    ChatPage* p = m_router->page(session, e.room);
    if (!p)
        return;
    if (e.self) {
        m_router->close(p);
        return;
    }
    presentEvent(p, e, history::Kind::Part, e.nick, e.text);
}

void ChatEventHandler::handleKick(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    if (ChatPage* p = m_router->page(session, e.room))
        presentEvent(p, e, history::Kind::Kick, e.nick, EventText::kickText(e.target, e.text));
}

void ChatEventHandler::handleQuit(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    for (const auto& room : e.rooms)
        if (ChatPage* p = m_router->page(session, room))
            presentEvent(p, e, history::Kind::Quit, e.nick, e.text);
    if (ChatPage* p = m_router->page(session, e.nick))
        presentEvent(p, e, history::Kind::Quit, e.nick, e.text);
}

void ChatEventHandler::handleNickChange(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    const QString line = e.self ? tr("You are now known as %1").arg(e.target)
                                : EventText::line(history::Kind::Nick, e.nick, e.target);
    for (const auto& room : e.rooms)
        if (ChatPage* p = m_router->page(session, room))
            presentEvent(p, e, history::Kind::Nick, e.nick, e.target, line);
    if (ChatPage* p = m_router->page(session, e.nick)) {
        m_router->rename(session, e.nick, e.target);
        presentEvent(p, e, history::Kind::Nick, e.nick, e.target, line);
    }
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
        presentEvent(p, e, history::Kind::Topic, e.nick, e.text);
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
    const QString line = away ? tr("You are marked as away.") : tr("You are back.");
    ChatPage* server = m_router->serverPage(session);
    server->view()->addEvent(e.time, line);
    if (ChatPage* p = replyPage(session); p != server)
        p->view()->addEvent(e.time, line);
    emit ownAwayChanged(session);
}

void ChatEventHandler::handleInvite(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    const QString line = tr("%1 invites you to %2.").arg(e.nick, e.room);
    // A Join link: lanchat:join?chat=host:port&room=#room (MainWindow::openLanChatUrl).
    QUrl join(QStringLiteral("lanchat:join"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("chat"), session->address());
    query.addQueryItem(QStringLiteral("room"), e.room);
    join.setQuery(query);
    ChatPage* server = m_router->serverPage(session);
    server->view()->addEventLink(e.time, line, tr("Join"), join);
    if (ChatPage* p = replyPage(session); p != server)
        p->view()->addEventLink(e.time, line, tr("Join"), join);
    emit statusMessage(line + QLatin1Char(' ') + tr("(/join %1)").arg(e.room));
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
    p->view()->addError(e.time, text);
    emit statusMessage(text); // and where the eye falls when the tab is not the one shown
}

ChatPage* ChatEventHandler::replyPage(bridge::ChatSession* session) const
{
    if (ChatPage* current = m_router->current(); current && current->session() == session)
        return current;
    return m_router->serverPage(session);
}

void ChatEventHandler::handleNickRefused(bridge::ChatSession* session,
                                         const bridge::NickRefusalInfo& r)
{
    QString why;
    switch (r.reason) {
    case bridge::NickRefusal::InUse:
    case bridge::NickRefusal::Collision:
        why = tr("The nick %1 is taken").arg(r.nick);
        break;
    case bridge::NickRefusal::Erroneous:
        why = tr("The nick %1 is not allowed on this host").arg(r.nick);
        break;
    case bridge::NickRefusal::Unavailable:
        why = tr("The nick %1 is not available now").arg(r.nick);
        break;
    }
    ChatPage* server = m_router->serverPage(session);
    if (r.registering) {
        // While logging in another nick is tried by itself; the server tab says which.
        const QString line = r.trying.isEmpty()
                                 ? tr("%1, and no other nick is left to try.").arg(why)
                                 : tr("%1; trying %2.").arg(why, r.trying);
        server->view()->addEvent(r.time, line);
        emit statusMessage(tr("%1: %2").arg(session->address(), line));
        return;
    }
    // A /nick that was refused: said where the user is looking, and in the status bar.
    const QString line = tr("%1 (%2). You are still %3; choose another nick with /nick.")
                             .arg(why, r.text, session->nick());
    ChatPage* p = replyPage(session);
    p->view()->addError(r.time, line);
    if (p != server)
        server->view()->addError(r.time, line);
    emit statusMessage(tr("%1: %2.").arg(session->address(), why));
}

void ChatEventHandler::handlePasswordRefused(bridge::ChatSession* session, const QString& text)
{
    const QString line = tr("Wrong password for this host (%1).").arg(text);
    m_router->serverPage(session)->view()->addError(QDateTime::currentDateTimeUtc(), line);
    emit statusMessage(tr("%1: %2").arg(session->address(), line));
}

void ChatEventHandler::handleAwayReply(bridge::ChatSession* session, const QString& nick,
                                       const QString& text)
{
    // The answer to a message to someone away: in their private chat, else where we are.
    ChatPage* p = m_router->page(session, nick);
    if (!p)
        p = replyPage(session);
    p->view()->addEvent(QDateTime::currentDateTimeUtc(), tr("%1 is away: %2").arg(nick, text));
}

void ChatEventHandler::handleWhois(bridge::ChatSession* session, const bridge::WhoisInfo& info)
{
    ChatPage* p = replyPage(session);
    const QDateTime t = info.time.isValid() ? info.time : QDateTime::currentDateTimeUtc();
    if (!info.found) {
        p->view()->addError(t, tr("There is nobody called %1 on this host.").arg(info.nick));
        return;
    }
    QStringList lines;
    lines << (info.realName.isEmpty()
                  ? tr("%1 is %2@%3").arg(info.nick, info.user, info.host)
                  : tr("%1 is %2@%3 (%4)").arg(info.nick, info.user, info.host, info.realName));
    if (!info.rooms.isEmpty())
        lines << tr("%1 is in %2").arg(info.nick, info.rooms.join(QLatin1Char(' ')));
    if (!info.server.isEmpty())
        lines << (info.serverInfo.isEmpty()
                      ? tr("%1 is connected to %2").arg(info.nick, info.server)
                      : tr("%1 is connected to %2 (%3)")
                            .arg(info.nick, info.server, info.serverInfo));
    if (info.idleSeconds >= 0) {
        const QString idle = tr("%1 has been idle for %n minute(s)", nullptr,
                                static_cast<int>(info.idleSeconds / 60))
                                 .arg(info.nick);
        lines << (info.signOn.isValid() ? tr("%1, online since %2")
                                              .arg(idle, info.signOn.toLocalTime().toString(
                                                             QStringLiteral("yyyy-MM-dd HH:mm")))
                                        : idle);
    }
    if (info.away)
        lines << tr("%1 is away: %2").arg(info.nick, info.awayText);
    if (info.oper)
        lines << tr("%1 is an operator of this host").arg(info.nick);
    if (!info.account.isEmpty())
        lines << tr("%1 is logged in as %2").arg(info.nick, info.account);
    if (info.secure)
        lines << tr("%1 is connected with TLS").arg(info.nick);
    lines << info.other;
    for (const QString& line : lines)
        p->view()->addEvent(t, line);
}

void ChatEventHandler::handleWhoList(bridge::ChatSession* session, const bridge::WhoListInfo& list)
{
    ChatPage* p = replyPage(session);
    const QDateTime t = list.time.isValid() ? list.time : QDateTime::currentDateTimeUtc();
    for (const bridge::WhoPerson& who : list.people) {
        QStringList marks;
        if (who.prefixes.contains(QLatin1Char('@')))
            marks << tr("room operator");
        else if (who.prefixes.contains(QLatin1Char('+')))
            marks << tr("voiced");
        if (who.away)
            marks << tr("away");
        if (who.oper)
            marks << tr("host operator");
        if (who.bot)
            marks << tr("bot");
        QString line = tr("%1 (%2@%3)").arg(who.nick, who.user, who.host);
        if (!who.room.isEmpty())
            line = tr("%1 in %2").arg(line, who.room);
        if (!who.realName.isEmpty())
            line = tr("%1: %2").arg(line, who.realName);
        if (!marks.isEmpty())
            line = tr("%1 (%2)").arg(line, marks.join(tr(", ")));
        p->view()->addEvent(t, line);
    }
    if (list.people.isEmpty())
        p->view()->addEvent(t, tr("Nobody matches %1.").arg(list.mask));
    else if (list.more > 0)
        p->view()->addEvent(t, tr("Who %1: %2 listed, %3 more not shown.")
                                   .arg(list.mask)
                                   .arg(list.people.size())
                                   .arg(list.more));
    else
        p->view()->addEvent(t, tr("Who %1: %2 found.").arg(list.mask).arg(list.people.size()));
}

void ChatEventHandler::handleOperator(bridge::ChatSession* session, bool granted,
                                      const QString& text)
{
    const QDateTime t = QDateTime::currentDateTimeUtc();
    ChatPage* p = replyPage(session);
    if (granted)
        p->view()->addEvent(t, tr("You are now an operator of this host."));
    else
        p->view()->addError(t, tr("Not made an operator: %1").arg(text));
}

void ChatEventHandler::presentEvent(ChatPage* page, const bridge::ChatEvent& e, history::Kind kind,
                                    const QString& nick, const QString& text, const QString& line)
{
    const QDateTime t = e.time;
    const QString shown = line.isEmpty() ? EventText::line(kind, nick, text) : line;
    m_history->present(
        page, kind, e, nick, text, [t, shown](MessageView* v) { v->addEvent(t, shown); }, shown);
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
    if (session->isAway() && m_settings->quietWhileAway)
        return;
    emit notification(
        page, isPrivate ? tr("%1 (private)").arg(e.nick) : tr("%1 in %2").arg(e.nick, e.room),
        e.text);
}

} // namespace ui
