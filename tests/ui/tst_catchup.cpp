// SPDX-License-Identifier: GPL-3.0-or-later
// Catching up (issue 15): a room joined in the window brings what was said there before, from
// the host's history (draft/chathistory), under a heading that says these are earlier messages,
// with their own times; they are stored in the local history; a line the window already has
// (shown live, or brought before) is not shown twice; the end is said with the count.

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "chat/chathistory.h"
#include "chat/chatpage.h"
#include "history/historystore.h"
#include "widget_test_support.h"
#include "window_test_support.h"

#include <QTabWidget>

using namespace uitest;

class TestCatchUp : public QObject
{
    Q_OBJECT

private slots:
    void roomBringsEarlierMessagesOnce();
};

void TestCatchUp::roomBringsEarlierMessagesOnce()
{
    bridge::HostService host;
    const QString error = startHost(host, loopbackHost());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const quint16 presencePort = freeUdpPort();
    CliPeer bob;
    bob.join(host.port(), QStringLiteral("bob"), presencePort);
    QVERIFY2(bob.waitFor(QStringLiteral("you joined")), qPrintable(bob.tail()));
    bob.send(QStringLiteral("said before ada came"));
    bob.send(QStringLiteral("and once more"));
    QVERIFY2(bob.waitFor(QStringLiteral("<bob> and once more")), qPrintable(bob.tail()));

    Window w(QStringLiteral("ada"), presencePort);
    QVERIFY(w.show());
    QVERIFY(w->joinHost(QStringLiteral("127.0.0.1:%1").arg(host.port())));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")), qPrintable(tail(w.serverPage())));
    ui::ChatPage* lan = w.page(QStringLiteral("#lan"));
    QVERIFY(lan);
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return viewText(lan).contains(
                         QLatin1String("End of the earlier messages (2 lines)."));
                 },
                 Timeout),
             qPrintable(tail(lan)));
    const QString text = viewText(lan);
    const qsizetype heading =
        text.indexOf(QLatin1String("Earlier messages, from while you were away:"));
    const qsizetype first = text.indexOf(QLatin1String("<bob> said before ada came"));
    const qsizetype second = text.indexOf(QLatin1String("<bob> and once more"));
    QVERIFY2(heading >= 0 && heading < first && first < second, qPrintable(text));

    // Stored in the local history, with the host's msgids.
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     const history::Page stored =
                         w->historyStore()->loadLast(ui::ChatHistory::chatKey(lan), 10).result();
                     return std::count_if(stored.messages.cbegin(), stored.messages.cend(),
                                          [](const history::StoredMessage& m) {
                                              return m.record.sender == QLatin1String("bob") &&
                                                     !m.record.msgId.isEmpty();
                                          }) == 2;
                 },
                 Timeout),
             "the earlier messages were not stored");

    // A line said live, then the history asked for again from the start: nothing twice.
    bob.send(QStringLiteral("said live"));
    QVERIFY2(QTest::qWaitFor(
                 [&] { return viewText(lan).contains(QLatin1String("<bob> said live")); }, Timeout),
             qPrintable(tail(lan)));
    lan->session()->requestHistory(QStringLiteral("#lan"));
    QTest::qWait(500);
    const QString again = viewText(lan);
    QCOMPARE(again.count(QLatin1String("<bob> said before ada came")), 1);
    QCOMPARE(again.count(QLatin1String("<bob> said live")), 1);
    QCOMPARE(again.count(QLatin1String("Earlier messages, from while you were away:")), 1);
}

QTEST_MAIN(TestCatchUp)
#include "tst_catchup.moc"
