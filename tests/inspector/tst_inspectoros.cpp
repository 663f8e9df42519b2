// SPDX-License-Identifier: GPL-3.0-or-later
// The Sockets table's columns for what the OS says (issue 18), on a live program: a real host
// and client on 127.0.0.1 (the bridge's HostService and ChatSession). While they chat the OS
// gives LISTEN for the listener and ESTABLISHED for both ends (with the queues on Linux); after
// the client quits, the side that closed first lingers in TIME_WAIT although the program has
// closed its socket, with a tooltip that says why; once the host stops, the OS drops its
// listener and the table says "gone".

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "bridge/tracefeed.h"
#include "inspector/inspectordock.h"
#include "inspector/socketsmodel.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using bridge::SocketRole;
using bridge::TraceFeed;
using ui::SocketsModel;

namespace {

constexpr int Timeout = 30000;

quint64 findSocket(const TraceFeed& feed, SocketRole role)
{
    quint64 found = 0;
    for (const quint64 id : feed.socketIds()) {
        if (feed.socket(id)->role == role)
            found = id; // the latest
    }
    return found;
}

QString cell(SocketsModel* model, quint64 socket, int column, int role = Qt::DisplayRole)
{
    const int row = model->rowOf(socket);
    return row < 0 ? QStringLiteral("(no row)") : model->index(row, column).data(role).toString();
}

} // namespace

class TestInspectorOs : public QObject
{
    Q_OBJECT

private slots:
    void theOsStatesFollowAConnectionToTimeWait();
};

void TestInspectorOs::theOsStatesFollowAConnectionToTimeWait()
{
    ui::InspectorDock dock;
    TraceFeed* feed = dock.feed();
    QVERIFY(feed->isLive());
    feed->setOsPollInterval(100);
    SocketsModel* sockets = dock.socketsModel();

    auto host = std::make_unique<bridge::HostService>();
    QSignalSpy started(host.get(), &bridge::HostService::started);
    QSignalSpy failed(host.get(), &bridge::HostService::failed);
    bridge::HostSettings hs;
    hs.bind = QStringLiteral("127.0.0.1");
    hs.port = 0;
    hs.presenceMode.clear();
    host->start(hs);
    QVERIFY2(QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, Timeout) &&
                 failed.isEmpty(),
             failed.isEmpty() ? "no started()" : qPrintable(failed.first().at(0).toString()));

    bridge::SessionSettings ss;
    ss.host = QStringLiteral("127.0.0.1");
    ss.port = host->port();
    ss.nick = QStringLiteral("alice");
    ss.reconnect = false;
    auto session = std::make_unique<bridge::ChatSession>(ss);
    bool joined = false;
    connect(session.get(), &bridge::ChatSession::event, this, [&](const bridge::ChatEvent& e) {
        if (e.kind == bridge::ChatEvent::Kind::Join)
            joined = true;
    });
    session->start();
    QTRY_VERIFY_WITH_TIMEOUT(joined, Timeout);
    feed->flush();

    const quint64 listener = findSocket(*feed, SocketRole::Listener);
    const quint64 accepted = findSocket(*feed, SocketRole::Accepted);
    const quint64 client = findSocket(*feed, SocketRole::Outgoing);
    QVERIFY(listener && accepted && client);
    QTRY_COMPARE_WITH_TIMEOUT(cell(sockets, listener, SocketsModel::OsStateColumn),
                              QStringLiteral("LISTEN"), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(cell(sockets, client, SocketsModel::OsStateColumn),
                              QStringLiteral("ESTABLISHED"), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(cell(sockets, accepted, SocketsModel::OsStateColumn),
                              QStringLiteral("ESTABLISHED"), Timeout);
    QVERIFY(feed->osStatesError().isEmpty());
    // The kernel's queues, "send / receive" (nothing waits on a quiet chat).
    QTRY_COMPARE_WITH_TIMEOUT(cell(sockets, client, SocketsModel::QueuesColumn),
                              QStringLiteral("0 / 0"), Timeout);
    QVERIFY(cell(sockets, client, SocketsModel::QueuesColumn, Qt::ToolTipRole)
                .contains(QLatin1String("not yet read")));
    QVERIFY(cell(sockets, client, SocketsModel::OsStateColumn, Qt::ToolTipRole)
                .contains(QLatin1String("handshake is complete")));

    // QUIT: the host closes the connection first, so its accepted socket's connection lingers
    // in TIME_WAIT after the program's close(); the client's side is gone.
    session->quit(QStringLiteral("bye"));
    QTRY_VERIFY_WITH_TIMEOUT(session->state() == bridge::SessionState::Disconnected, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(feed->socket(accepted)->closed && feed->socket(client)->closed,
                             Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(
        cell(sockets, accepted, SocketsModel::OsStateColumn) == QLatin1String("TIME_WAIT") ||
            cell(sockets, client, SocketsModel::OsStateColumn) == QLatin1String("TIME_WAIT"),
        Timeout);
    const quint64 lingering =
        cell(sockets, accepted, SocketsModel::OsStateColumn) == QLatin1String("TIME_WAIT")
            ? accepted
            : client;
    const quint64 other = lingering == accepted ? client : accepted;
    QCOMPARE(cell(sockets, lingering, SocketsModel::StateColumn), QStringLiteral("closed"));
    QVERIFY(cell(sockets, lingering, SocketsModel::OsStateColumn, Qt::ToolTipRole)
                .contains(QLatin1String("closed first")));
    QTRY_COMPARE_WITH_TIMEOUT(cell(sockets, other, SocketsModel::OsStateColumn),
                              QStringLiteral("gone"), Timeout);
    QCOMPARE(cell(sockets, listener, SocketsModel::OsStateColumn), QStringLiteral("LISTEN"));

    // The host stops: its listener leaves the OS's table.
    session.reset();
    host.reset();
    QTRY_COMPARE_WITH_TIMEOUT(cell(sockets, listener, SocketsModel::OsStateColumn),
                              QStringLiteral("gone"), Timeout);
    QCOMPARE(cell(sockets, lingering, SocketsModel::OsStateColumn), QStringLiteral("TIME_WAIT"));
}

QTEST_MAIN(TestInspectorOs)
#include "tst_inspectoros.moc"
