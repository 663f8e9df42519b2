// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/commandrunner.h"

#include "bridge/chatsession.h"
#include "chat/chatcommand.h"
#include "chat/chateventhandler.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"
#include "chat/messageview.h"

namespace ui {

namespace {

// Whether a command goes to the server (and so needs a connection).
bool needsConnection(ChatCommand::Kind kind)
{
    using K = ChatCommand::Kind;
    switch (kind) {
    case K::Help:
    case K::Error:
    case K::Ignore:
    case K::Unignore:
    case K::Quit:
    case K::Query:
        return false;
    default:
        return true;
    }
}

} // namespace

CommandRunner::CommandRunner(ChatRouter* router, ChatEventHandler* events, QObject* parent)
    : QObject(parent)
    , m_router(router)
    , m_events(events)
{}

void CommandRunner::handleLine(ChatPage* page, const QString& line)
{
    run(page, ChatCommands::parse(line, page->kind() == ChatPage::Kind::Server ? QString()
                                                                               : page->target()));
}

void CommandRunner::run(ChatPage* p, const ChatCommand& c)
{
    using K = ChatCommand::Kind;
    bridge::ChatSession* session = p->session();
    const QDateTime now = QDateTime::currentDateTime();
    if (!session && c.kind != K::Help && c.kind != K::Error) {
        p->view()->addError(now, tr("This chat is closed."));
        return;
    }
    if (session && session->state() == bridge::SessionState::Disconnected &&
        needsConnection(c.kind)) {
        // The session has ended (refused, lost for good, or left): nothing would be sent.
        if (c.kind == K::Join) {
            p->view()->addEvent(
                now, tr("Connecting to %1 again to join %2...").arg(session->address(), c.target));
            emit reconnectRequested(session, c.target);
            return;
        }
        p->view()->addError(now, tr("Not connected to %1, so nothing was sent. Type /join #room "
                                    "to connect again.")
                                     .arg(session->address()));
        return;
    }
    switch (c.kind) {
    case K::Say:
    case K::Msg:
        session->sendMessage(c.target, c.text);
        return;
    case K::Me:
        session->sendAction(c.target, c.text);
        return;
    case K::Join:
        session->join(c.target, c.key);
        return;
    case K::Part:
        session->part(c.target, c.text);
        return;
    case K::Query: {
        ChatPage* q = m_router->open(session, c.target, true);
        if (!c.text.isEmpty())
            session->sendMessage(c.target, c.text);
        q->setFocus();
        return;
    }
    case K::Nick:
        session->setNick(c.target);
        return;
    case K::Topic:
        if (c.text.isEmpty())
            session->requestTopic(c.target);
        else
            session->setTopic(c.target, c.text);
        return;
    case K::Away:
        session->setAway(c.text);
        return;
    case K::Back:
        session->setAway({});
        return;
    case K::Whois:
        session->whois(c.target);
        return;
    case K::Who:
        session->who(c.target);
        return;
    case K::Kick:
        session->kick(c.key, c.target, c.text);
        return;
    case K::Ban:
        session->ban(c.key, c.target);
        return;
    case K::Mode: {
        // "/mode #room +o bob": the modes, then their arguments.
        QStringList words = c.text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const QString modes = words.isEmpty() ? QString() : words.takeFirst();
        session->setMode(c.target, modes, words);
        return;
    }
    case K::Ignore:
        m_events->ignore(c.target);
        p->view()->addEvent(now, tr("Ignoring %1 (/unignore %1 to stop).").arg(c.target));
        return;
    case K::Unignore:
        if (m_events->unignore(c.target))
            p->view()->addEvent(now, tr("No longer ignoring %1.").arg(c.target));
        else
            p->view()->addError(now, tr("%1 was not ignored.").arg(c.target));
        return;
    case K::Quit:
        emit quitRequested(session, c.text);
        return;
    case K::Help:
        for (const auto& line : ChatCommands::help())
            p->view()->addEvent(now, line);
        return;
    case K::Raw:
        session->sendRaw(c.text); // /quote: the line as the user typed it
        return;
    case K::SendFile:
        emit sendFileRequested(session, c.target, c.text);
        return;
    case K::Error:
        p->view()->addError(now, c.text);
        return;
    }
}

} // namespace ui
