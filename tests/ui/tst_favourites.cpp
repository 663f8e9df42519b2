// SPDX-License-Identifier: GPL-3.0-or-later
// Favourite people (issue 15): a person made a favourite in the Network panel is watched in
// every chat (MONITOR); the panel says where they are online, and their coming and leaving is
// said in the chat's server tab; the list is kept in the settings.

#include "bridge/hostservice.h"
#include "chat/chatpage.h"
#include "widget_test_support.h"
#include "window/networkpanel.h"
#include "window_test_support.h"

#include <QTabWidget>

using namespace uitest;

class TestFavourites : public QObject
{
    Q_OBJECT

private slots:
    void favouriteComesAndGoes();
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

QTEST_MAIN(TestFavourites)
#include "tst_favourites.moc"
