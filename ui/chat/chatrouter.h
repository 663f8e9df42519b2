// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Which tab shows which chat: a map from (session, folded chat name) to its page, and each
// session's server page. Events find their page here in one lookup; the tab widget only shows
// the pages (nothing scans it). Names fold as the session's server folds them
// (ChatSession::fold: its CASEMAPPING).

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

class QTabWidget;

namespace bridge {
class ChatSession;
} // namespace bridge

namespace ui {

class ChatPage;

class ChatRouter : public QObject
{
    Q_OBJECT

public:
    // The pages go into `tabs`, a session's chats kept together.
    explicit ChatRouter(QTabWidget* tabs, QObject* parent = nullptr);

    // The room or private chat `target` of `session`, nullptr if it has no tab.
    ChatPage* page(const bridge::ChatSession* session, const QString& target) const;
    // The session's server tab (its host's messages), nullptr once the session is closed.
    ChatPage* serverPage(const bridge::ChatSession* session) const;
    // The page of `target` ("" for the server tab), opened after the session's other tabs if
    // it has none yet (pageAdded then); `select` shows it.
    ChatPage* open(bridge::ChatSession* session, const QString& target, bool select);
    // The tab shown, nullptr for none.
    ChatPage* current() const;

    // A session's pages (server tab first), its room pages; every page.
    QList<ChatPage*> pages(const bridge::ChatSession* session) const;
    QList<ChatPage*> rooms(const bridge::ChatSession* session) const;
    QList<ChatPage*> allPages() const;

    // A private chat's partner is now known as `to`: the page follows.
    void rename(const bridge::ChatSession* session, const QString& from, const QString& to);
    // Closes a page (its tab goes; the page is deleted later), or every page of a session.
    void close(ChatPage* page);
    void closeAll(const bridge::ChatSession* session);

signals:
    // A page was made and put in its tab (before it is selected).
    void pageAdded(ui::ChatPage* page);
    // A private chat's page now has another title (its partner's new nick).
    void pageRenamed(ui::ChatPage* page);

private:
    struct Chats
    {
        QPointer<ChatPage> server;
        QHash<QString, ChatPage*> byName; // folded name -> room or private page
    };
    void forget(ChatPage* page);

    QTabWidget* m_tabs;
    QHash<const bridge::ChatSession*, Chats> m_sessions;
    QHash<ChatPage*, const bridge::ChatSession*> m_owner; // each page's session
};

} // namespace ui
