// SPDX-License-Identifier: GPL-3.0-or-later
// ChatRouter: the map from (session, chat name) to a chat's tab. Names fold (#LAN is #lan),
// each session has its own chats (#lan on one host is not #lan on another), a session's tabs
// stay together, a private chat follows its partner's new nick, and a closed or deleted page
// leaves the map. The sessions never connect: they only stand for two hosts.

#include "bridge/chatsession.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"

#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <memory>

using ui::ChatPage;
using ui::ChatRouter;

namespace {

std::unique_ptr<bridge::ChatSession> session(quint16 port)
{
    bridge::SessionSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = port;
    return std::make_unique<bridge::ChatSession>(s);
}

QStringList tabTitles(const QTabWidget& tabs)
{
    QStringList titles;
    for (int i = 0; i < tabs.count(); ++i)
        titles.append(tabs.tabText(i));
    return titles;
}

} // namespace

class TestChatRouter : public QObject
{
    Q_OBJECT

private slots:
    void findsByFoldedName_data();
    void findsByFoldedName();
    void sessionsHaveTheirOwnChats();
    void sessionTabsStayTogether();
    void privateChatFollowsNick();
    void closedPagesLeaveTheMap();
};

void TestChatRouter::findsByFoldedName_data()
{
    QTest::addColumn<QString>("opened");
    QTest::addColumn<QString>("asked");
    QTest::addColumn<bool>("same");
    QTest::newRow("same name") << "#lan"
                               << "#lan" << true;
    QTest::newRow("upper case") << "#lan"
                                << "#LAN" << true;
    QTest::newRow("mixed nick") << "Bob"
                                << "bOB" << true;
    QTest::newRow("another room") << "#lan"
                                  << "#lab" << false;
    QTest::newRow("room vs nick") << "#lan"
                                  << "lan" << false;
}

void TestChatRouter::findsByFoldedName()
{
    QFETCH(QString, opened);
    QFETCH(QString, asked);
    QFETCH(bool, same);
    QTabWidget tabs;
    ChatRouter router(&tabs);
    auto s = session(6667);
    QSignalSpy added(&router, &ChatRouter::pageAdded);
    ChatPage* server = router.open(s.get(), QString(), false);
    ChatPage* page = router.open(s.get(), opened, false);
    QCOMPARE(added.size(), 2);
    QCOMPARE(router.serverPage(s.get()), server);
    QCOMPARE(server->kind(), ChatPage::Kind::Server);
    QCOMPARE(page->kind(),
             opened.startsWith(QLatin1Char('#')) ? ChatPage::Kind::Room : ChatPage::Kind::Private);
    QCOMPARE(router.page(s.get(), asked) == page, same);
    // Opening it again finds it (no second tab) when the names are the same chat.
    ChatPage* again = router.open(s.get(), asked, true);
    QCOMPARE(again == page, same);
    QCOMPARE(added.size(), same ? 2 : 3);
    QCOMPARE(tabs.count(), same ? 2 : 3);
    QCOMPARE(router.current(), again); // selected
}

void TestChatRouter::sessionsHaveTheirOwnChats()
{
    QTabWidget tabs;
    ChatRouter router(&tabs);
    auto a = session(6667);
    auto b = session(6668);
    ChatPage* lanA = router.open(a.get(), QStringLiteral("#lan"), false);
    ChatPage* lanB = router.open(b.get(), QStringLiteral("#lan"), false);
    QVERIFY(lanA != lanB);
    QCOMPARE(router.page(a.get(), QStringLiteral("#lan")), lanA);
    QCOMPARE(router.page(b.get(), QStringLiteral("#lan")), lanB);
    QCOMPARE(router.serverPage(a.get()), nullptr); // none opened yet
    QCOMPARE(router.rooms(a.get()), QList<ChatPage*>{lanA});
    QCOMPARE(router.allPages().size(), 2);
}

void TestChatRouter::sessionTabsStayTogether()
{
    QTabWidget tabs;
    ChatRouter router(&tabs);
    auto a = session(6667);
    auto b = session(6668);
    router.open(a.get(), QString(), false);
    router.open(b.get(), QString(), false);
    router.open(b.get(), QStringLiteral("#lan"), false);
    router.open(a.get(), QStringLiteral("#lan"), false); // after a's tabs, before b's
    router.open(a.get(), QStringLiteral("#second"), false);
    QCOMPARE(tabTitles(tabs),
             (QStringList{QStringLiteral("127.0.0.1:6667"), QStringLiteral("#lan"),
                          QStringLiteral("#second"), QStringLiteral("127.0.0.1:6668"),
                          QStringLiteral("#lan")}));
    QCOMPARE(router.rooms(a.get()).size(), 2);
    QCOMPARE(router.rooms(a.get()).first()->target(), QStringLiteral("#lan")); // tab order
    QCOMPARE(router.pages(a.get()).first(), router.serverPage(a.get()));
}

void TestChatRouter::privateChatFollowsNick()
{
    QTabWidget tabs;
    ChatRouter router(&tabs);
    auto s = session(6667);
    ChatPage* bob = router.open(s.get(), QStringLiteral("bob"), false);
    QSignalSpy renamed(&router, &ChatRouter::pageRenamed);
    router.rename(s.get(), QStringLiteral("BOB"), QStringLiteral("bobby"));
    QCOMPARE(renamed.size(), 1);
    QCOMPARE(bob->target(), QStringLiteral("bobby"));
    QCOMPARE(router.page(s.get(), QStringLiteral("bobby")), bob);
    QCOMPARE(router.page(s.get(), QStringLiteral("bob")), nullptr);
    // A room is never renamed by a nick change.
    ChatPage* lan = router.open(s.get(), QStringLiteral("#lan"), false);
    router.rename(s.get(), QStringLiteral("#lan"), QStringLiteral("#other"));
    QCOMPARE(router.page(s.get(), QStringLiteral("#lan")), lan);
    QCOMPARE(renamed.size(), 1);
}

void TestChatRouter::closedPagesLeaveTheMap()
{
    QTabWidget tabs;
    ChatRouter router(&tabs);
    auto a = session(6667);
    auto b = session(6668);
    router.open(a.get(), QString(), false);
    ChatPage* lan = router.open(a.get(), QStringLiteral("#lan"), false);
    ChatPage* bob = router.open(a.get(), QStringLiteral("bob"), false);
    ChatPage* other = router.open(b.get(), QStringLiteral("#lan"), false);
    router.close(lan);
    QCOMPARE(router.page(a.get(), QStringLiteral("#lan")), nullptr);
    QCOMPARE(tabs.count(), 3);
    delete bob; // deleted by someone else: the map forgets it too
    QCOMPARE(router.page(a.get(), QStringLiteral("bob")), nullptr);
    QCOMPARE(router.allPages().size(), 2);
    router.closeAll(a.get());
    QCOMPARE(router.serverPage(a.get()), nullptr);
    QCOMPARE(router.pages(a.get()).size(), 0);
    QCOMPARE(router.page(b.get(), QStringLiteral("#lan")), other); // the other host's stays
    QCOMPARE(tabs.count(), 1);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(router.allPages(), QList<ChatPage*>{other});
}

QTEST_MAIN(TestChatRouter)
#include "tst_chatrouter.moc"
