// SPDX-License-Identifier: GPL-3.0-or-later
// The Network panel as a user meets it: the presence diagnostics stay where the reader scrolled
// while they refresh every second, and double-clicking a person found by presence opens a
// private chat with them: on the host we share with them, or on theirs once we have joined it.
// People are real lanchat-cli processes announcing themselves on loopback presence.

#include "bridge/chatevent.h"
#include "bridge/hostservice.h"
#include "chat/chatpage.h"
#include "widget_test_support.h"
#include "window/networkpanel.h"
#include "window_test_support.h"

#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

using namespace uitest;
using ui::ChatPage;

namespace {

bridge::PresenceDiagnostics manyLines(quint64 received)
{
    bridge::PresenceDiagnostics d;
    d.mode = QStringLiteral("loopback");
    d.port = 5353;
    d.listening = true;
    for (int i = 0; i < 40; ++i)
        d.interfaces << QStringLiteral("if%1 127.0.0.%2/8").arg(i).arg(i + 1);
    d.targets << QStringLiteral("127.255.255.255 (lo): 12 sent, 0 received, 0 errors");
    d.received = received;
    return d;
}

// The People row of `nick`, nullptr while presence has not found them.
QTreeWidgetItem* personRow(ui::NetworkPanel* panel, const QString& nick)
{
    QTreeWidgetItem* people = panel->tree()->topLevelItem(1);
    for (int i = 0; i < people->childCount(); ++i)
        if (people->child(i)->text(0) == nick)
            return people->child(i);
    return nullptr;
}

// Activates a row as a double-click does (itemActivated; synthetic mouse events do not reach
// the offscreen tree, see tst_mainwindow's joinHostFoundByPresence): select it, Return.
void activate(QTreeWidget* tree, QTreeWidgetItem* item)
{
    tree->scrollToItem(item);
    tree->setFocus();
    tree->setCurrentItem(item);
    QTest::keyClick(tree, Qt::Key_Return);
}

} // namespace

class TestNetworkPanel : public QObject
{
    Q_OBJECT

private slots:
    void diagnosticsKeepTheirScroll();
    void personOnOurHostOpensPrivateChat();
    void personOnAnotherHostJoinsItFirst();
    void recentEntryCanBeRemoved();
};

// Issue 14, bug 12: the diagnostics came every second and jumped back to their top.
void TestNetworkPanel::diagnosticsKeepTheirScroll()
{
    ui::NetworkPanel panel;
    panel.resize(320, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QPlainTextEdit* box = panel.diagnostics();
    QScrollBar* bar = box->verticalScrollBar();

    panel.setDiagnostics(manyLines(1));
    QCoreApplication::processEvents();
    QVERIFY2(bar->maximum() > 0, "the diagnostics fit without scrolling: the test needs more");

    // Read to the end: the next refresh keeps the end in view.
    bar->setValue(bar->maximum());
    panel.setDiagnostics(manyLines(2));
    QCoreApplication::processEvents();
    QVERIFY2(box->toPlainText().contains(QLatin1String("Received: 2")), "not refreshed");
    QCOMPARE(bar->value(), bar->maximum());

    // Somewhere in the middle: it stays there.
    const int middle = bar->maximum() / 2;
    QVERIFY(middle > 0);
    bar->setValue(middle);
    panel.setDiagnostics(manyLines(3));
    QCoreApplication::processEvents();
    QCOMPARE(bar->value(), middle);

    // Nothing changed: nothing is rewritten (a selection being copied survives).
    QTextCursor cursor = box->textCursor();
    cursor.setPosition(0);
    cursor.setPosition(10, QTextCursor::KeepAnchor);
    box->setTextCursor(cursor);
    panel.setDiagnostics(manyLines(3));
    QCOMPARE(box->textCursor().selectedText().size(), 10);
}

// Issue 14, bug 12: double-clicking a person did nothing. bob is in our own host's #lan.
void TestNetworkPanel::personOnOurHostOpensPrivateChat()
{
    const quint16 presencePort = freeUdpPort();
    Window w(QStringLiteral("ada"), presencePort);
    QVERIFY(w.show());
    w->hostChat(0, QStringLiteral("Lab"), {}, QStringLiteral("select"),
                QStringLiteral("127.0.0.1"));
    QVERIFY2(QTest::qWaitFor([&] { return w.ownSession() != nullptr; }, Timeout),
             "the window did not join its own host");
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan"), w.ownSession()),
             qPrintable(tail(w.serverPage(w.ownSession()))));

    CliPeer bob;
    bob.join(w->host()->port(), QStringLiteral("bob"), presencePort);
    QVERIFY2(bob.waitFor(QStringLiteral("you joined")), qPrintable(bob.tail()));
    ui::NetworkPanel* panel = w->networkPanel();
    QVERIFY2(QTest::qWaitFor([&] { return personRow(panel, QStringLiteral("bob")) != nullptr; },
                             Timeout),
             qPrintable(panel->peopleRows().join(QLatin1Char('|'))));
    QTreeWidgetItem* row = personRow(panel, QStringLiteral("bob"));
    QVERIFY2(rendered(row->toolTip(0)).contains(QLatin1String("double-click")),
             qPrintable(rendered(row->toolTip(0))));

    const int sessionsBefore = w->sessions().size();
    activate(panel->tree(), row);
    QVERIFY2(
        QTest::qWaitFor([&] { return w.page(QStringLiteral("bob"), w.ownSession()); }, Timeout),
        "no private tab with bob opened");
    ChatPage* bobPage = w.page(QStringLiteral("bob"), w.ownSession());
    QCOMPARE(bobPage->kind(), ChatPage::Kind::Private);
    QVERIFY2(w->tabs()->currentWidget() == bobPage, "the private tab is not the one shown");
    QCOMPARE(w->sessions().size(), sessionsBefore); // no second connection to our own host

    typeLine(bobPage, QStringLiteral("just between us"));
    QVERIFY2(bob.waitFor(QStringLiteral("*ada* just between us")), qPrintable(bob.tail()));
    w->close();
}

// dave is on a host we have not joined: double-clicking him joins it, then opens the chat.
void TestNetworkPanel::personOnAnotherHostJoinsItFirst()
{
    const quint16 presencePort = freeUdpPort();
    bridge::HostService host;
    const QString error = startHost(host, loopbackHost());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(host.port());

    CliPeer dave;
    dave.join(host.port(), QStringLiteral("dave"), presencePort);
    QVERIFY2(dave.waitFor(QStringLiteral("you joined")), qPrintable(dave.tail()));

    Window w(QStringLiteral("ada"), presencePort);
    QVERIFY(w.show(false));
    ui::NetworkPanel* panel = w->networkPanel();
    QVERIFY2(QTest::qWaitFor([&] { return personRow(panel, QStringLiteral("dave")) != nullptr; },
                             Timeout),
             qPrintable(panel->peopleRows().join(QLatin1Char('|'))));
    QVERIFY(w->sessions().isEmpty());

    activate(panel->tree(), personRow(panel, QStringLiteral("dave")));
    QVERIFY2(QTest::qWaitFor([&] { return w->sessions().size() == 1; }, Timeout),
             "double-clicking dave did not join his host");
    QCOMPARE(w.session()->address(), address);
    QVERIFY2(QTest::qWaitFor([&] { return w.page(QStringLiteral("dave")) != nullptr; }, Timeout),
             qPrintable(tail(w.serverPage())));
    ChatPage* davePage = w.page(QStringLiteral("dave"));
    QVERIFY2(w->tabs()->currentWidget() == davePage, "the private tab is not the one shown");
    typeLine(davePage, QStringLiteral("found you"));
    QVERIFY2(dave.waitFor(QStringLiteral("*ada* found you")), qPrintable(dave.tail()));
    w->close();
}

// Issue 14, bug 8: a Recent entry could not be removed. Delete on its row removes it, for good.
void TestNetworkPanel::recentEntryCanBeRemoved()
{
    Window w(QStringLiteral("ada"), freeUdpPort());
    const QStringList recent = {QStringLiteral("10.0.0.7:6667"), QStringLiteral("lab:6667")};
    w->appSettings().recentHosts = recent;
    QVERIFY(w.show());
    ui::NetworkPanel* panel = w->networkPanel();
    panel->setRecentHosts(recent);
    QTreeWidgetItem* recentTop = panel->tree()->topLevelItem(4);
    QCOMPARE(recentTop->text(0), QStringLiteral("Recent"));
    QCOMPARE(recentTop->childCount(), 2);

    QTreeWidgetItem* row = recentTop->child(0);
    QCOMPARE(row->text(0), recent.first());
    panel->tree()->setFocus();
    panel->tree()->setCurrentItem(row);
    QTest::keyClick(panel->tree(), Qt::Key_Delete);
    QCOMPARE(recentTop->childCount(), 1);
    QCOMPARE(recentTop->child(0)->text(0), recent.last());
    QCOMPARE(w->appSettings().recentHosts, QStringList{recent.last()});
    w.store->sync();
    QSettings file(w.path + QStringLiteral("/lanchat.ini"), QSettings::IniFormat);
    QCOMPARE(file.value(QStringLiteral("network/recent")).toStringList(),
             QStringList{recent.last()});

    // Delete elsewhere (a heading) removes nothing.
    panel->tree()->setCurrentItem(recentTop);
    QTest::keyClick(panel->tree(), Qt::Key_Delete);
    QCOMPARE(recentTop->childCount(), 1);
    w->close();
}

QTEST_MAIN(TestNetworkPanel)
#include "tst_networkpanel.moc"
