// SPDX-License-Identifier: GPL-3.0-or-later
// Favourite people (issue 15): a person made a favourite in the Network panel is watched in
// every chat (MONITOR); the panel says where they are online, and their coming and leaving is
// said in the chat's server tab; the list is kept in the settings. And the other ways to know
// who is there: an invitation with a Join link, and /who.

#include "bridge/hostservice.h"
#include "chat/chatpage.h"
#include "widget_test_support.h"
#include "window/networkpanel.h"
#include "window_test_support.h"

#include <QDesktopServices>
#include <QTabWidget>
#include <QTextBlock>

using namespace uitest;

class TestFavourites : public QObject
{
    Q_OBJECT

private slots:
    void favouriteComesAndGoes();
    void invitationHasAJoinLink();
    void whoListsThePeople();
};

void TestFavourites::favouriteComesAndGoes()
{
    bridge::HostService host;
    const QString error = startHost(host, loopbackHost());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const quint16 presencePort = freeUdpPort();
    const QString address = QStringLiteral("127.0.0.1:%1").arg(host.port());

    Window w(QStringLiteral("ada"), presencePort);
    QVERIFY(w.show());
    QVERIFY(w->joinHost(address));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")), qPrintable(tail(w.serverPage())));
    ui::NetworkPanel* panel = w->networkPanel();

    // bob made a favourite (as the panel's menu does): watched at once, not known, then
    // offline as the chat says.
    emit panel->favouritePersonChanged(QStringLiteral("bob"), true);
    QCOMPARE(panel->favouritePeopleRows(), QStringList{QStringLiteral("bob -  - not known")});
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return panel->favouritePeopleRows() ==
                            QStringList{QStringLiteral("bob -  - offline")};
                 },
                 Timeout),
             qPrintable(panel->favouritePeopleRows().join(QLatin1Char('|'))));
    QCOMPARE(w.store->value(QStringLiteral("people/favourites")).toStringList(),
             QStringList{QStringLiteral("bob")});

    // bob comes: online in this chat, and said in its server tab.
    CliPeer bob;
    bob.join(host.port(), QStringLiteral("bob"), presencePort);
    QVERIFY2(bob.waitFor(QStringLiteral("you joined")), qPrintable(bob.tail()));
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return panel->favouritePeopleRows() ==
                            QStringList{QStringLiteral("bob - ") + address +
                                        QStringLiteral(" - online")};
                 },
                 Timeout),
             qPrintable(panel->favouritePeopleRows().join(QLatin1Char('|')) + QLatin1Char('\n') +
                        tail(w.serverPage())));
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return viewText(w.serverPage())
                         .contains(QStringLiteral("bob is online (%1).").arg(address));
                 },
                 Timeout),
             qPrintable(tail(w.serverPage())));

    // bob leaves: offline again, and said.
    bob.send(QStringLiteral("/quit"));
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return viewText(w.serverPage())
                         .contains(QStringLiteral("bob has left (%1).").arg(address));
                 },
                 Timeout),
             qPrintable(tail(w.serverPage())));
    QCOMPARE(panel->favouritePeopleRows(), QStringList{QStringLiteral("bob -  - offline")});

    // No longer a favourite: gone from the panel and the settings.
    emit panel->favouritePersonChanged(QStringLiteral("BOB"), false);
    QVERIFY(panel->favouritePeopleRows().isEmpty());
    QVERIFY(w.store->value(QStringLiteral("people/favourites")).toStringList().isEmpty());
}

// ada (the window) and bob (lanchat-cli) in #lan of a host of their own.
struct AdaAndBob
{
    bridge::HostService host;
    quint16 presencePort = freeUdpPort();
    Window w{QStringLiteral("ada"), presencePort};
    CliPeer bob;

    // "", or what went wrong.
    QString start()
    {
        if (const QString error = startHost(host, loopbackHost()); !error.isEmpty())
            return error;
        if (!w.show())
            return QStringLiteral("the window did not show");
        if (!w->joinHost(QStringLiteral("127.0.0.1:%1").arg(host.port())))
            return QStringLiteral("the window did not join");
        if (!w.waitInRoom(QStringLiteral("#lan")))
            return QStringLiteral("ada is not in #lan: ") + tail(w.serverPage());
        bob.join(host.port(), QStringLiteral("bob"), presencePort);
        if (!bob.waitFor(QStringLiteral("you joined")))
            return QStringLiteral("bob is not in #lan: ") + bob.tail();
        return {};
    }
};

// An invitation (issue 15): said with a Join link; opening it joins the room.
void TestFavourites::invitationHasAJoinLink()
{
    AdaAndBob chat;
    const QString why = chat.start();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    Window& w = chat.w;
    CliPeer& bob = chat.bob;
    bob.send(QStringLiteral("/join #dev"));
    QVERIFY2(bob.waitFor(QStringLiteral("#dev --> you joined")), qPrintable(bob.tail()));
    bob.send(QStringLiteral("/invite ada #dev"));
    ui::ChatPage* server = w.serverPage();
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return viewText(server).contains(
                         QLatin1String("bob invites you to #dev. Join"));
                 },
                 Timeout),
             qPrintable(tail(server)));
    QString href;
    for (QTextBlock b = server->view()->document()->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isAnchor() &&
                it.fragment().text() == QLatin1String("Join"))
                href = it.fragment().charFormat().anchorHref();
    QVERIFY2(href.startsWith(QLatin1String("lanchat:join?")), qPrintable(href));
    QVERIFY(QDesktopServices::openUrl(QUrl(href))); // what a click on the link does
    QVERIFY2(w.waitInRoom(QStringLiteral("#dev")), qPrintable(tail(server)));
}

// "/who" in a room: one line a person, with their address, real name and marks, then how many;
// the session's own WHO after joining showed nothing.
void TestFavourites::whoListsThePeople()
{
    AdaAndBob chat;
    const QString why = chat.start();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    Window& w = chat.w;
    CliPeer& bob = chat.bob;
    bob.send(QStringLiteral("/away lunch"));
    QVERIFY2(bob.waitFor(QStringLiteral("you are away")), qPrintable(bob.tail()));
    ui::ChatPage* room = w.page(QStringLiteral("#lan"));
    QVERIFY(room);
    QVERIFY2(!viewText(room).contains(QLatin1String("~bob@")), qPrintable(tail(room)));
    typeLine(room, QStringLiteral("/who"));
    QVERIFY2(
        QTest::qWaitFor(
            [&] { return viewText(room).contains(QLatin1String("Who #lan: 2 found.")); }, Timeout),
        qPrintable(tail(room)));
    const QString text = viewText(room);
    QVERIFY2(text.contains(QLatin1String("ada (~ada@127.0.0.1) in #lan")), qPrintable(tail(room)));
    QVERIFY2(text.contains(QLatin1String("(room operator)")), qPrintable(tail(room)));
    QVERIFY2(text.contains(QLatin1String("bob (~bob@127.0.0.1) in #lan: bob (away)")),
             qPrintable(tail(room)));
    typeLine(room, QStringLiteral("/who nobody"));
    QVERIFY2(QTest::qWaitFor(
                 [&] { return viewText(room).contains(QLatin1String("Nobody matches nobody.")); },
                 Timeout),
             qPrintable(tail(room)));
}

QTEST_MAIN(TestFavourites)
#include "tst_favourites.moc"
