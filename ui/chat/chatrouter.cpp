// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/chatrouter.h"

#include "bridge/chatsession.h"
#include "chat/chatnames.h"
#include "chat/chatpage.h"

#include <QTabWidget>

#include <algorithm>

namespace ui {

ChatRouter::ChatRouter(QTabWidget* tabs, QObject* parent)
    : QObject(parent)
    , m_tabs(tabs)
{}

ChatPage* ChatRouter::page(const bridge::ChatSession* session, const QString& target) const
{
    const auto it = m_sessions.constFind(session);
    return it == m_sessions.constEnd() ? nullptr : it->byName.value(session->fold(target));
}

ChatPage* ChatRouter::serverPage(const bridge::ChatSession* session) const
{
    const auto it = m_sessions.constFind(session);
    return it == m_sessions.constEnd() ? nullptr : it->server.data();
}

ChatPage* ChatRouter::open(bridge::ChatSession* session, const QString& target, bool select)
{
    ChatPage* p = target.isEmpty() ? serverPage(session) : page(session, target);
    if (!p) {
        const auto kind = target.isEmpty()     ? ChatPage::Kind::Server
                          : isRoomName(target) ? ChatPage::Kind::Room
                                               : ChatPage::Kind::Private;
        // After the session's last tab, so each host's chats stay together.
        int at = m_tabs->count();
        if (const QList<ChatPage*> own = pages(session); !own.isEmpty()) {
            at = 0;
            for (ChatPage* other : own)
                at = std::max(at, m_tabs->indexOf(other) + 1);
        }
        p = new ChatPage(session, kind, target, m_tabs);
        Chats& chats = m_sessions[session];
        if (kind == ChatPage::Kind::Server)
            chats.server = p;
        else
            chats.byName.insert(session->fold(target), p);
        m_owner.insert(p, session);
        // A page deleted by someone else leaves the map too (its pointer is only compared).
        connect(p, &QObject::destroyed, this, [this, p] { forget(p); });
        m_tabs->insertTab(at, p, p->title());
        emit pageAdded(p);
    }
    if (select)
        m_tabs->setCurrentWidget(p);
    return p;
}

ChatPage* ChatRouter::current() const
{
    return qobject_cast<ChatPage*>(m_tabs->currentWidget());
}

QList<ChatPage*> ChatRouter::pages(const bridge::ChatSession* session) const
{
    QList<ChatPage*> list;
    const auto it = m_sessions.constFind(session);
    if (it == m_sessions.constEnd())
        return list;
    if (it->server)
        list.append(it->server.data());
    for (ChatPage* p : it->byName)
        list.append(p);
    return list;
}

QList<ChatPage*> ChatRouter::rooms(const bridge::ChatSession* session) const
{
    QList<ChatPage*> list;
    const auto it = m_sessions.constFind(session);
    if (it != m_sessions.constEnd())
        for (ChatPage* p : it->byName)
            if (p->kind() == ChatPage::Kind::Room)
                list.append(p);
    // In the order of their tabs (as saved for the next start).
    std::sort(list.begin(), list.end(),
              [this](ChatPage* a, ChatPage* b) { return m_tabs->indexOf(a) < m_tabs->indexOf(b); });
    return list;
}

QList<ChatPage*> ChatRouter::allPages() const
{
    QList<ChatPage*> list;
    for (auto it = m_owner.constBegin(); it != m_owner.constEnd(); ++it)
        list.append(it.key());
    return list;
}

void ChatRouter::rename(const bridge::ChatSession* session, const QString& from, const QString& to)
{
    const auto it = m_sessions.find(session);
    if (it == m_sessions.end())
        return;
    ChatPage* p = it->byName.value(session->fold(from));
    if (!p || p->kind() != ChatPage::Kind::Private)
        return;
    it->byName.remove(session->fold(from));
    it->byName.insert(session->fold(to), p);
    p->setTarget(to);
    emit pageRenamed(p);
}

void ChatRouter::close(ChatPage* page)
{
    if (!page)
        return;
    forget(page);
    m_tabs->removeTab(m_tabs->indexOf(page));
    page->deleteLater();
}

void ChatRouter::closeAll(const bridge::ChatSession* session)
{
    for (ChatPage* p : pages(session))
        close(p);
    m_sessions.remove(session);
}

void ChatRouter::forget(ChatPage* page)
{
    const auto owner = m_owner.constFind(page);
    if (owner == m_owner.constEnd())
        return;
    const auto it = m_sessions.find(owner.value());
    m_owner.erase(owner);
    if (it == m_sessions.end())
        return;
    if (it->server == page)
        it->server.clear();
    for (auto name = it->byName.begin(); name != it->byName.end();)
        name = name.value() == page ? it->byName.erase(name) : std::next(name);
}

} // namespace ui
