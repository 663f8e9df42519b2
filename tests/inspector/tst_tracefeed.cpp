// SPDX-License-Identifier: GPL-3.0-or-later
// TraceFeed and the Inspector's models on injected events and the Wine fixture: the ring's
// bound, batching, filters, export and re-read, CSV columns, the FD_* messages of the Loop
// view, and peer text shown as text.

#include "bridge/tracefeed.h"
#include "inspector/bytesmodel.h"
#include "inspector/errorexplanations.h"
#include "inspector/inspectordock.h"
#include "inspector/inspectorroles.h"
#include "inspector/lifecyclemodel.h"
#include "inspector/loopmodel.h"
#include "inspector/socketsmodel.h"
#include "inspector/socketwords.h"
#include "inspector/timelinefilter.h"
#include "inspector/timelinemodel.h"

#include <QFile>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using bridge::TraceCall;
using bridge::TraceFeed;
using bridge::TraceRecord;

namespace {

TraceRecord makeRecord(quint64 seq, quint64 socket, TraceCall call, const QString& args,
                       qint64 result = 0, int error = 0, const QString& errorName = {})
{
    TraceRecord r;
    r.seq = seq;
    r.timeNs = qint64(seq) * 1000;
    r.thread = 1;
    r.socket = socket;
    r.protocol = QStringLiteral("TCP");
    r.call = call;
    r.callName = call == TraceCall::Close ? QStringLiteral("close") : QStringLiteral("recv");
    r.args = args;
    r.result = result;
    r.error = error;
    r.errorName = errorName;
    return r;
}

// The feed's sockets with this role, lowest id first.
QList<quint64> socketsWithRole(const TraceFeed& feed, bridge::SocketRole role)
{
    QList<quint64> ids;
    for (const quint64 id : feed.socketIds()) {
        if (feed.socket(id)->role == role)
            ids.append(id);
    }
    return ids;
}

// A feed that has read back what `feed` exported as JSON Lines (null, with a failure, if not).
std::unique_ptr<TraceFeed> exportedAndReadBack(const TraceFeed& feed)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.jsonl"));
    QString error;
    if (!feed.exportJsonLines(path, &error)) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return nullptr;
    }
    auto again = std::make_unique<TraceFeed>();
    if (!again->loadJsonLines(path, &error)) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return nullptr;
    }
    return again;
}

} // namespace

class TestTraceFeed : public QObject
{
    Q_OBJECT

private slots:
    void ringIsBoundedAndCountsWhatItOverwrote();
    void batchesComeAtMostThirtyTimesASecond();
    void payloadCapMarksTheCut();
    void payloadBudgetTakesTheOldestBytesFirst();
    void filtersBySocketCallErrorsAndText();
    void exportAndReadBackGiveTheSameEvents();
    void csvHasTheColumns();
    void wineFixtureShowsFdMessagesInTheLoopView();
    void peerTextIsShownAsText();
    void pauseHoldsEventsBackUntilResume();
    void autoScrollStopsWhileTheUserLooksBack();
    void loopAndLifecycleClicksSelectTheSocketEverywhere();
    void socketsAreLabelledByTheRoleNetcoreGives();
    void aFailedBindIsShownAsTheListenersFailedStep();
    void legacyRecordingsAreUpgradedWhenOpened();
    void roleAndStateWordsAreTranslated();
    void loopViewShowsTheLoopEventsStillInTheRing();
    void selectSetsArePackedAndReadBack();
};

void TestTraceFeed::ringIsBoundedAndCountsWhatItOverwrote()
{
    TraceFeed feed;
    QCOMPARE_GE(feed.capacity(), 100000);
    feed.setCapacity(100);
    for (quint64 i = 1; i <= 250; ++i)
        feed.inject(makeRecord(i, 1, TraceCall::Recv, QStringLiteral("fd 5, 16"), 0));
    feed.flush();
    QCOMPARE(feed.size(), 100);
    QCOMPARE(feed.overwritten(), quint64(150));
    QCOMPARE(feed.at(0).seq, quint64(151));
    QCOMPARE(feed.at(99).seq, quint64(250));
    // Across batches too, with the Timeline following the drops.
    ui::TimelineModel model(&feed);
    for (quint64 i = 251; i <= 300; ++i)
        feed.inject(makeRecord(i, 1, TraceCall::Recv, QStringLiteral("fd 5, 16")));
    feed.flush();
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.index(99, 0).data(ui::inspector::SeqRole).toULongLong(), quint64(300));
    QCOMPARE(feed.overwritten(), quint64(200));
    // The registry still knows the socket whose events were overwritten.
    QVERIFY(feed.socket(1));
    QCOMPARE(feed.socket(1)->callsIn, quint64(300));
}

void TestTraceFeed::batchesComeAtMostThirtyTimesASecond()
{
    TraceFeed feed;
    QSignalSpy batches(&feed, &TraceFeed::batchDelivered);
    QElapsedTimer clock;
    clock.start();
    quint64 seq = 0;
    // Events keep coming for a second; the GUI thread must not see more than ~30 batches.
    while (clock.elapsed() < 1000) {
        for (int i = 0; i < 50; ++i)
            feed.inject(makeRecord(++seq, 2, TraceCall::Recv, QStringLiteral("fd 6, 16")));
        QTest::qWait(1);
    }
    QTRY_COMPARE(feed.delivered(), seq);
    // At most ~30 batches a second over the time it took, plus the one in flight at each end.
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(batches.size() <= elapsed * 30 / 1000 + 2,
             qPrintable(QStringLiteral("%1 batches in %2 ms").arg(batches.size()).arg(elapsed)));
    QVERIFY(batches.size() >= 10);
}

void TestTraceFeed::payloadCapMarksTheCut()
{
    TraceFeed feed;
    feed.setPayloadCap(8);
    TraceRecord r = makeRecord(1, 3, TraceCall::Recv, QStringLiteral("fd 7, 65536"), 20);
    r.bytes = 20;
    r.data = QByteArray("0123456789abcdefghij");
    feed.inject(r);
    feed.flush();
    QCOMPARE(feed.at(0).data, QByteArray("01234567"));
    QVERIFY(feed.at(0).isCut());
    ui::BytesModel bytes(&feed);
    bytes.setSocket(3);
    QCOMPARE(bytes.rowCount(), 2); // 8 bytes, then the "not captured" row
    QVERIFY(bytes.index(1, ui::BytesModel::HexColumn)
                .data()
                .toString()
                .contains(QLatin1String("12 bytes not captured")));
}

void TestTraceFeed::payloadBudgetTakesTheOldestBytesFirst()
{
    TraceFeed feed;
    feed.setPayloadBudget(1000);
    quint64 seq = 0;
    auto recv100 = [&] {
        TraceRecord r = makeRecord(++seq, 3, TraceCall::Recv, QStringLiteral("fd 7, 65536"), 100);
        r.bytes = 100;
        r.data = QByteArray(100, char('a' + seq % 26));
        feed.inject(r);
    };
    // 30 events of 100 bytes, in three batches: the events all stay, the bytes of the oldest
    // 20 go, and each says so.
    for (int batch = 0; batch < 3; ++batch) {
        for (int i = 0; i < 10; ++i)
            recv100();
        feed.flush();
    }
    QCOMPARE(feed.size(), 30);
    QVERIFY2(feed.payloadBytes() <= 1000, qPrintable(QString::number(feed.payloadBytes())));
    QCOMPARE(feed.payloadsDropped(), 20u);
    // The Inspector's status line says so.
    ui::InspectorDock dock(nullptr, &feed);
    QVERIFY2(dock.statusText().contains(QLatin1String("bytes of 20 older events dropped")),
             qPrintable(dock.statusText()));
    for (int i = 0; i < 20; ++i) {
        QVERIFY(feed.at(i).data.isEmpty());
        QVERIFY(feed.at(i).isCut());
    }
    for (int i = 20; i < 30; ++i)
        QCOMPARE(feed.at(i).data.size(), 100);

    // Paused: new events past the budget arrive without their bytes (the history's are gone
    // already); the events themselves are all kept.
    feed.setPaused(true);
    for (int i = 0; i < 15; ++i)
        recv100();
    QTRY_VERIFY2(feed.payloadBytes() <= 1000, qPrintable(QString::number(feed.payloadBytes())));
    QCOMPARE(feed.size(), 30);
    feed.setPaused(false);
    feed.flush();
    QCOMPARE(feed.size(), 45);
    QVERIFY2(feed.payloadBytes() <= 1000, qPrintable(QString::number(feed.payloadBytes())));
    QCOMPARE(feed.at(39).data.size(), 100); // the 10th while paused: within the budget
    QCOMPARE(feed.at(44).data.size(), 0);   // the 15th: past it

    // The ring overwriting events gives their bytes back.
    feed.setCapacity(5);
    QCOMPARE(feed.size(), 5);
    qint64 kept = 0;
    for (int i = 0; i < feed.size(); ++i)
        kept += feed.at(i).data.size();
    QCOMPARE(feed.payloadBytes(), kept);
    feed.clear();
    QCOMPARE(feed.payloadBytes(), 0);
}

void TestTraceFeed::filtersBySocketCallErrorsAndText()
{
    TraceFeed feed;
    feed.inject(makeRecord(1, 1, TraceCall::Recv, QStringLiteral("fd 5, 16"), -1, 11,
                           QStringLiteral("EAGAIN")));
    feed.inject(makeRecord(2, 2, TraceCall::Recv, QStringLiteral("fd 6, 16"), 4));
    feed.inject(makeRecord(3, 2, TraceCall::Close, QStringLiteral("fd 6")));
    feed.inject(makeRecord(4, 1, TraceCall::Recv, QStringLiteral("fd 5, 16"), -1, 104,
                           QStringLiteral("ECONNRESET")));
    feed.flush();
    ui::TimelineModel model(&feed);
    ui::TimelineFilter filter;
    filter.setSourceTimeline(&model);
    QCOMPARE(filter.rowCount(), 4);
    filter.setSocket(2);
    QCOMPARE(filter.rowCount(), 2);
    filter.setCall(int(TraceCall::Close));
    QCOMPARE(filter.rowCount(), 1);
    filter.setSocket(0);
    filter.setCall(-1);
    filter.setErrorsOnly(true);
    QCOMPARE(filter.rowCount(), 2);
    filter.setText(QStringLiteral("connreset"));
    QCOMPARE(filter.rowCount(), 1);
    // The error column names the error, its number, its WinSock twin and what it means.
    const QString error = model.index(0, ui::TimelineModel::ErrorColumn).data().toString();
    QVERIFY2(error.startsWith(QLatin1String("EAGAIN (11)")), qPrintable(error));
    QVERIFY(error.contains(QLatin1String("nothing to read yet")));
    QVERIFY2(error.contains(QStringLiteral("\u2259 WSAEWOULDBLOCK")), qPrintable(error));
    QVERIFY(model.index(3, ui::TimelineModel::ErrorColumn)
                .data()
                .toString()
                .contains(QStringLiteral("\u2259 WSAECONNRESET")));
    // A POSIX call shows its WinSock counterpart, which the text filter finds too.
    QCOMPARE(model.index(2, ui::TimelineModel::CallColumn).data().toString(),
             QStringLiteral("close() \u2259 closesocket()"));
    QCOMPARE(model.index(1, ui::TimelineModel::CallColumn).data().toString(),
             QStringLiteral("recv()"));
    filter.setErrorsOnly(false);
    filter.setText(QStringLiteral("closesocket"));
    QCOMPARE(filter.rowCount(), 1);
    filter.setText(QStringLiteral("connreset"));
    filter.setErrorsOnly(true);
    QVERIFY(model.index(3, 0).data(ui::inspector::HardErrorRole).toBool());
    QVERIFY(!model.index(0, 0).data(ui::inspector::HardErrorRole).toBool());
    QVERIFY(feed.socket(1)->lastError.startsWith(QLatin1String("ECONNRESET")));
}

void TestTraceFeed::exportAndReadBackGiveTheSameEvents()
{
    TraceFeed feed;
    QVERIFY(
        feed.loadJsonLines(QStringLiteral(LANCHAT_FIXTURE_DIR "/trace-asyncselect-wine.jsonl")));
    QVERIFY(feed.size() > 50);
    const auto again = exportedAndReadBack(feed);
    QVERIFY(again);
    QCOMPARE(again->size(), feed.size());
    for (int i = 0; i < feed.size(); ++i)
        QCOMPARE(TraceFeed::toJsonLine(again->at(i)), TraceFeed::toJsonLine(feed.at(i)));
    // And the text export is netcore's one formatter.
    QVERIFY(TraceFeed::formatText(feed.at(1)).contains(QLatin1String("socket(AF_INET")));
}

void TestTraceFeed::csvHasTheColumns()
{
    TraceFeed feed;
    TraceRecord r = makeRecord(1, 1, TraceCall::Recv, QStringLiteral("fd 5, \"quoted\", 16"), 3);
    r.bytes = 3;
    r.data = QByteArray("a,b");
    feed.inject(r);
    feed.flush();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    QVERIFY(feed.exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(QString::fromUtf8(lines[0].trimmed()),
             QStringLiteral("seq,time_ms,thread,socket,protocol,call,winsock,args,result,error,"
                            "error_name,bytes,data"));
    QCOMPARE(QString::fromUtf8(lines[1].trimmed()),
             QStringLiteral("1,0.001,1,1,TCP,recv,,\"fd 5, \"\"quoted\"\", 16\",3,,,3,\"a,b\""));
}

void TestTraceFeed::wineFixtureShowsFdMessagesInTheLoopView()
{
    ui::InspectorDock dock;
    QVERIFY(
        dock.openTraceFile(QStringLiteral(LANCHAT_FIXTURE_DIR "/trace-asyncselect-wine.jsonl")));
    QVERIFY(!dock.feed()->isLive());
    ui::LoopModel* loop = dock.loopModel();
    QStringList delivered;
    for (int r = 0; r < loop->rowCount(); ++r) {
        if (loop->index(r, ui::LoopModel::CallColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("FD message")))
            delivered.append(loop->index(r, ui::LoopModel::OutColumn).data().toString());
    }
    for (const char* name : {"FD_ACCEPT", "FD_READ", "FD_WRITE", "FD_CLOSE"})
        QVERIFY2(delivered.filter(QLatin1String(name)).size() > 0, name);
    // Each FD_* message shows its error word.
    for (int r = 0; r < loop->rowCount(); ++r) {
        if (loop->index(r, ui::LoopModel::CallColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("FD message")))
            QVERIFY(loop->index(r, ui::LoopModel::ErrorColumn)
                        .data()
                        .toString()
                        .startsWith(QLatin1String("error word 0")));
    }
    // Every view has it: sockets with their roles, and the listener's server sequence.
    ui::SocketsModel* sockets = dock.socketsModel();
    QVERIFY(sockets->rowCount() >= 3);
    QCOMPARE(sockets->index(0, ui::SocketsModel::RoleColumn).data().toString(),
             QStringLiteral("listener"));
    const QList<quint64> accepted = socketsWithRole(*dock.feed(), bridge::SocketRole::Accepted);
    QCOMPARE(accepted.size(), 2);
    QCOMPARE(
        sockets->index(sockets->rowOf(accepted[0]), ui::SocketsModel::RoleColumn).data().toString(),
        QStringLiteral("accepted"));
    // The host's presence sockets, recorded under Wine in loopback mode.
    QCOMPARE(socketsWithRole(*dock.feed(), bridge::SocketRole::PresenceListener).size(), 1);
    QCOMPARE(socketsWithRole(*dock.feed(), bridge::SocketRole::PresenceSender).size(), 1);
    dock.selectSocket(1);
    ui::LifecycleModel* life = dock.lifecycleModel();
    QCOMPARE(life->rowCount(), 5);
    for (int r = 0; r < 5; ++r)
        QVERIFY2(life->status(r) == ui::LifecycleModel::Status::Done,
                 qPrintable(life->stepName(r)));
    QVERIFY(life->index(0, ui::LifecycleModel::CallColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("socket(AF_INET")));
    // Selecting the socket selected it in the Sockets table too.
    QCOMPARE(dock.socketsView()->currentIndex().row(), 0);
    dock.selectSocket(accepted[0]);
    QVERIFY(dock.bytesModel()->rowCount() > 0);
    QVERIFY(dock.bytesModel()
                ->index(0, ui::BytesModel::TextColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("NICK alice")));
}

void TestTraceFeed::peerTextIsShownAsText()
{
    TraceFeed feed;
    ui::InspectorDock dock(nullptr, &feed);
    const QByteArray markup("<b>bold</b><img src=x>");
    TraceRecord r =
        makeRecord(1, 9, TraceCall::Recv, QStringLiteral("fd 5, 65536"), qint64(markup.size()));
    r.bytes = quint64(markup.size());
    r.data = markup;
    dock.feed()->inject(r);
    dock.feed()->flush();
    dock.selectSocket(9);
    ui::BytesModel* bytes = dock.bytesModel();
    QString text;
    for (int row = 0; row < bytes->rowCount(); ++row)
        text += bytes->index(row, ui::BytesModel::TextColumn).data().toString();
    QCOMPARE(text, QString::fromLatin1(markup));
    // The views paint with the plain-text delegate (no rich text anywhere).
    QVERIFY(qobject_cast<QStyledItemDelegate*>(dock.bytesView()->itemDelegate()));
    const QString copied = TraceFeed::formatText(dock.feed()->at(0));
    QVERIFY(copied.contains(QLatin1String("<b>bold</b>")));
}

void TestTraceFeed::pauseHoldsEventsBackUntilResume()
{
    // What the feed does: while paused, events collect (bounded) and none reach the views; on
    // resume they all arrive, in order; beyond the capacity the oldest are counted overwritten.
    TraceFeed feed;
    ui::InspectorDock dock(nullptr, &feed);
    feed.inject(makeRecord(1, 1, TraceCall::Recv, QStringLiteral("fd 5, 16")));
    feed.flush();
    QCOMPARE(dock.timelineModel()->rowCount(), 1);
    dock.setPaused(true);
    QVERIFY(feed.isPaused());
    for (quint64 i = 2; i <= 11; ++i)
        feed.inject(makeRecord(i, 1, TraceCall::Recv, QStringLiteral("fd 5, 16")));
    feed.flush();
    QTest::qWait(200); // more than a batch interval
    QCOMPARE(feed.size(), 1);
    QCOMPARE(dock.timelineModel()->rowCount(), 1);
    QCOMPARE(feed.received(), quint64(11));
    dock.setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(dock.timelineModel()->rowCount(), 11, 5000);
    for (int i = 0; i < 11; ++i)
        QCOMPARE(feed.at(i).seq, quint64(i + 1));
    QCOMPARE(feed.overwritten(), quint64(0));
    // Paused past the capacity: the newest stay, the rest are counted, not silently lost.
    feed.setCapacity(20);
    dock.setPaused(true);
    for (quint64 i = 12; i <= 61; ++i)
        feed.inject(makeRecord(i, 1, TraceCall::Recv, QStringLiteral("fd 5, 16")));
    dock.setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(feed.at(feed.size() - 1).seq, quint64(61), 5000);
    QCOMPARE(feed.size(), 20);
    QCOMPARE(feed.overwritten(), quint64(61 - 20));
}

void TestTraceFeed::autoScrollStopsWhileTheUserLooksBack()
{
    TraceFeed feed;
    ui::InspectorDock dock(nullptr, &feed);
    dock.resize(900, 500);
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    quint64 seq = 0;
    auto addEvents = [&](int count) {
        for (int i = 0; i < count; ++i)
            feed.inject(makeRecord(++seq, 1, TraceCall::Recv, QStringLiteral("fd 5, 16")));
        feed.flush();
        QCoreApplication::processEvents();
    };
    addEvents(300);
    QScrollBar* bar = dock.timelineView()->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(dock.isFollowing());
    // The user scrolls back: the view stays where they are as events come.
    bar->triggerAction(QAbstractSlider::SliderToMinimum);
    QTRY_VERIFY(!dock.isFollowing());
    const int maxBefore = bar->maximum();
    addEvents(200);
    QTest::qWait(50);
    QVERIFY(bar->maximum() > maxBefore);
    QCOMPARE(bar->value(), 0);
    // Back at the bottom: it follows again.
    bar->triggerAction(QAbstractSlider::SliderToMaximum);
    QTRY_VERIFY(dock.isFollowing());
    addEvents(200);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QCOMPARE(dock.timelineModel()->rowCount(), 700);
}

void TestTraceFeed::loopAndLifecycleClicksSelectTheSocketEverywhere()
{
    ui::InspectorDock dock;
    QVERIFY(
        dock.openTraceFile(QStringLiteral(LANCHAT_FIXTURE_DIR "/trace-asyncselect-wine.jsonl")));
    ui::LoopModel* loop = dock.loopModel();
    // A click on an FD message of the first accepted socket in the Loop view.
    const quint64 accepted = socketsWithRole(*dock.feed(), bridge::SocketRole::Accepted).value(0);
    QVERIFY(accepted);
    int row = -1;
    for (int r = 0; r < loop->rowCount() && row < 0; ++r) {
        if (loop->index(r, 0).data(ui::inspector::SocketIdRole).toULongLong() == accepted)
            row = r;
    }
    QVERIFY(row >= 0);
    dock.loopView()->setCurrentIndex(loop->index(row, 0));
    QTRY_COMPARE(dock.currentSocket(), accepted);
    QCOMPARE(dock.socketsView()->currentIndex().row(), dock.socketsModel()->rowOf(accepted));
    QCOMPARE(dock.lifecycleModel()->socket(), accepted);
    QCOMPARE(dock.timelineView()->currentIndex().data(ui::inspector::SocketIdRole).toULongLong(),
             accepted);
    QCOMPARE(dock.bytesModel()->socket(), accepted);
    // The Loop highlights the socket's wake-ups.
    QVERIFY(loop->index(row, 0).data(Qt::BackgroundRole).isValid());
    // Selecting from elsewhere (a chat tab's jump) moves the Loop's current row to the socket.
    dock.selectSocket(1);
    QVERIFY(loop->mentions(dock.loopView()->currentIndex().row(), 1));
    QCOMPARE(dock.socketsView()->currentIndex().row(), dock.socketsModel()->rowOf(1));
    // A click on a Lifecycle step shows its call in the Timeline.
    ui::LifecycleModel* life = dock.lifecycleModel();
    const quint64 listenSeq = life->index(2, 0).data(ui::inspector::SeqRole).toULongLong();
    QVERIFY(listenSeq);
    dock.lifecycleView()->setCurrentIndex(life->index(2, 0));
    QTRY_COMPARE(dock.timelineView()->currentIndex().data(ui::inspector::SeqRole).toULongLong(),
                 listenSeq);
    QCOMPARE(dock.currentSocket(), quint64(1));
}

void TestTraceFeed::socketsAreLabelledByTheRoleNetcoreGives()
{
    TraceFeed feed;
    auto udp = [](quint64 seq, quint64 socket, bridge::SocketRole role, TraceCall call,
                  const QString& args) {
        TraceRecord r = makeRecord(seq, socket, call, args);
        r.protocol = QStringLiteral("UDP");
        r.role = role;
        return r;
    };
    using bridge::SocketRole;
    // The roles come with the events: no SO_BROADCAST, no presence datagram, no port needed.
    feed.inject(udp(1, 1, SocketRole::PresenceListener, TraceCall::Socket,
                    QStringLiteral("AF_INET, SOCK_DGRAM, IPPROTO_UDP")));
    TraceRecord bind = udp(2, 1, SocketRole::PresenceListener, TraceCall::Bind, {});
    bind.editDetails().local = QStringLiteral("0.0.0.0:6667");
    feed.inject(bind);
    feed.inject(udp(3, 2, SocketRole::PresenceSender, TraceCall::Socket, {}));
    // A datagram that looks like presence does not make a plain UDP socket one.
    TraceRecord other = udp(4, 3, SocketRole::Udp, TraceCall::Recvfrom,
                            QStringLiteral("fd 7, 65536, SO_BROADCAST"));
    other.result = 4;
    other.bytes = 4;
    other.data = QByteArray("LNCH");
    feed.inject(other);
    feed.flush();
    QCOMPARE(feed.socket(1)->role, SocketRole::PresenceListener);
    QCOMPARE(feed.socket(1)->local, QStringLiteral("0.0.0.0:6667"));
    QCOMPARE(feed.socket(1)->state, bridge::SocketState::Bound);
    QCOMPARE(feed.socket(2)->role, SocketRole::PresenceSender);
    QCOMPARE(feed.socket(3)->role, SocketRole::Udp);
    QCOMPARE(feed.socket(3)->state, bridge::SocketState::Bound);
    ui::SocketsModel sockets(&feed);
    auto cell = [&](quint64 id, int column) {
        return sockets.index(sockets.rowOf(id), column).data().toString();
    };
    QCOMPARE(cell(1, ui::SocketsModel::RoleColumn), QStringLiteral("presence listener"));
    QCOMPARE(cell(2, ui::SocketsModel::RoleColumn), QStringLiteral("presence sender"));
    QCOMPARE(cell(3, ui::SocketsModel::RoleColumn), QStringLiteral("udp"));
    QCOMPARE(cell(1, ui::SocketsModel::StateColumn), QStringLiteral("bound"));
    QCOMPARE(cell(2, ui::SocketsModel::StateColumn), QStringLiteral("created"));
}

// Issue 14, bug 5: hosting on a port in use. The listener's socket() and failed bind() are the
// server sequence with the bind failed, and the Sockets table names the role and the address.
void TestTraceFeed::aFailedBindIsShownAsTheListenersFailedStep()
{
    TraceFeed feed;
    const QString taken = QStringLiteral("[::]:6667");
    TraceRecord gai = makeRecord(1, 0, TraceCall::Getaddrinfo, QStringLiteral("\"lanchat\""));
    gai.callName = QStringLiteral("getaddrinfo");
    feed.inject(gai);
    auto listener = [&](quint64 seq, TraceCall call, const QString& name, qint64 result = 0,
                        int error = 0, const QString& errorName = {}) {
        TraceRecord r = makeRecord(seq, 7, call, QStringLiteral("fd 9"), result, error, errorName);
        r.callName = name;
        r.role = bridge::SocketRole::Listener;
        return r;
    };
    feed.inject(listener(2, TraceCall::Socket, QStringLiteral("socket"), 9));
    feed.inject(listener(3, TraceCall::Setsockopt, QStringLiteral("setsockopt")));
    TraceRecord bind =
        listener(4, TraceCall::Bind, QStringLiteral("bind"), -1, 98, QStringLiteral("EADDRINUSE"));
    bind.editDetails().local = taken;
    feed.inject(bind);
    feed.inject(listener(5, TraceCall::Close, QStringLiteral("close")));
    feed.flush();

    ui::InspectorDock dock(nullptr, &feed);
    dock.selectSocket(7);
    ui::LifecycleModel* life = dock.lifecycleModel();
    QCOMPARE(life->sequenceName(), QStringLiteral("server (listener)"));
    QStringList steps;
    for (int r = 0; r < life->rowCount(); ++r)
        steps.append(life->stepName(r));
    QCOMPARE(steps, (QStringList{QStringLiteral("socket"), QStringLiteral("bind"),
                                 QStringLiteral("listen"), QStringLiteral("accept"),
                                 QStringLiteral("closesocket")}));
    QCOMPARE(life->status(0), ui::LifecycleModel::Status::Done);
    QCOMPARE(life->status(1), ui::LifecycleModel::Status::Failed);
    QCOMPARE(life->status(2), ui::LifecycleModel::Status::Pending);
    QCOMPARE(life->status(4), ui::LifecycleModel::Status::Done);
    const QString note = life->index(1, ui::LifecycleModel::NoteColumn).data().toString();
    QVERIFY2(note.contains(QLatin1String("EADDRINUSE")) &&
                 note.contains(QLatin1String("already uses this address")),
             qPrintable(note));
    ui::SocketsModel* sockets = dock.socketsModel();
    const int row = sockets->rowOf(7);
    QCOMPARE(sockets->index(row, ui::SocketsModel::RoleColumn).data().toString(),
             QStringLiteral("listener"));
    QCOMPARE(sockets->index(row, ui::SocketsModel::LocalColumn).data().toString(), taken);
    QCOMPARE(sockets->index(row, ui::SocketsModel::StateColumn).data().toString(),
             QStringLiteral("closed"));
    QVERIFY(sockets->index(row, ui::SocketsModel::ErrorColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("EADDRINUSE (98)")));
}

// Recordings from before the structured fields (the Wine fixture as first recorded) are read as
// if they had them: the same sockets, roles and addresses as the new recording.
void TestTraceFeed::legacyRecordingsAreUpgradedWhenOpened()
{
    TraceFeed legacy;
    QString error;
    QVERIFY2(legacy.loadJsonLines(
                 QStringLiteral(LANCHAT_FIXTURE_DIR "/trace-asyncselect-wine-v1.jsonl"), &error),
             qPrintable(error));
    QCOMPARE(legacy.socketIds(), (QList<quint64>{1, 2, 4}));
    QCOMPARE(legacy.socket(1)->role, bridge::SocketRole::Listener);
    QCOMPARE(legacy.socket(1)->local, QStringLiteral("127.0.0.1:44767"));
    for (const quint64 id : {2, 4}) {
        const bridge::SocketInfo* s = legacy.socket(id);
        QCOMPARE(s->role, bridge::SocketRole::Accepted);
        QCOMPARE(s->listener, quint64(1));
        QCOMPARE(s->state, bridge::SocketState::Closed);
        QVERIFY(s->remote.startsWith(QLatin1String("127.0.0.1:")));
        QCOMPARE(s->local, QStringLiteral("127.0.0.1:44767"));
    }
    // The accept names its new socket in the record, as a new recording's does.
    bool named = false;
    for (int i = 0; i < legacy.size(); ++i)
        named = named || legacy.at(i).acceptedSocket() == 4;
    QVERIFY(named);
}

void TestTraceFeed::roleAndStateWordsAreTranslated()
{
    QTranslator german;
    QVERIFY2(german.load(QStringLiteral(":/i18n/lanchat_de.qm")),
             "the German catalogue is built in");
    QCoreApplication::installTranslator(&german);
    QCOMPARE(ui::SocketWords::role(bridge::SocketRole::Outgoing), QStringLiteral("ausgehend"));
    QCOMPARE(ui::SocketWords::state(bridge::SocketState::HalfClosed),
             QStringLiteral("halb geschlossen"));
    QVERIFY(ui::ErrorExplanations::explain(QStringLiteral("WSAECONNREFUSED"), TraceCall::Connect)
                .startsWith(QLatin1String("niemand")));
    // Every role and state has a word of its own.
    QSet<QString> words;
    for (int i = 1; i <= int(bridge::SocketRole::Udp); ++i)
        words.insert(ui::SocketWords::role(bridge::SocketRole(i)));
    for (int i = 0; i <= int(bridge::SocketState::Closed); ++i)
        words.insert(ui::SocketWords::state(bridge::SocketState(i)));
    QCOMPARE(words.size(), int(bridge::SocketRole::Udp) + int(bridge::SocketState::Closed) + 1);
    QCoreApplication::removeTranslator(&german);
    QCOMPARE(ui::SocketWords::role(bridge::SocketRole::Outgoing), QStringLiteral("outgoing"));
}

QTEST_MAIN(TestTraceFeed)
#include "tst_tracefeed.moc"

void TestTraceFeed::loopViewShowsTheLoopEventsStillInTheRing()
{
    TraceFeed feed;
    feed.setCapacity(10);
    ui::LoopModel loop(&feed);
    QSignalSpy removed(&loop, &QAbstractItemModel::rowsRemoved);
    // Each wake-up: a select() that returns socket 1 readable, then its recv().
    auto wakeUp = [&feed](quint64 seq) {
        TraceRecord sel = makeRecord(seq, 0, TraceCall::Select, QStringLiteral("nfds 6"), 1);
        sel.callName = QStringLiteral("select");
        sel.setSets({QList<quint64>{1, 2}, {}, {}}, {QList<quint64>{1}, {}, {}});
        feed.inject(sel);
        feed.inject(makeRecord(seq + 1, 1, TraceCall::Recv, QStringLiteral("fd 5, 16"), 16));
    };
    quint64 seq = 0;
    for (int i = 0; i < 4; ++i, seq += 2)
        wakeUp(seq + 1);
    feed.flush();
    QCOMPARE(loop.rowCount(), 4);
    // Batches that wrap the ring, several times over: the Loop keeps exactly the select()s the
    // ring still holds (5 of its 10 records), in order, each row the feed's record.
    for (int batch = 0; batch < 7; ++batch) {
        for (int i = 0; i < 3; ++i, seq += 2)
            wakeUp(seq + 1);
        feed.flush();
        QCOMPARE(loop.rowCount(), 5);
        for (int row = 0; row < loop.rowCount(); ++row) {
            const quint64 rowSeq = loop.index(row, 0).data(ui::inspector::SeqRole).toULongLong();
            QCOMPARE(rowSeq, feed.at(2 * row).seq);
            QCOMPARE(loop.index(row, ui::LoopModel::InColumn).data().toString(),
                     QStringLiteral("R{#1, #2} W{} E{}"));
            QCOMPARE(loop.index(row, ui::LoopModel::OutColumn).data().toString(),
                     QStringLiteral("R{#1} W{} E{}"));
            QCOMPARE(loop.index(row, 0).data(ui::inspector::SocketIdRole).toULongLong(),
                     quint64(1));
        }
        QCOMPARE(loop.index(4, 0).data(ui::inspector::SeqRole).toULongLong(), seq - 1);
    }
    QVERIFY(!removed.isEmpty());
    // A reset (the feed cleared) empties it; new events fill it again.
    feed.clear();
    QCOMPARE(loop.rowCount(), 0);
    wakeUp(seq + 1);
    feed.flush();
    QCOMPARE(loop.rowCount(), 1);
    QCOMPARE(loop.index(0, 0).data(ui::inspector::SeqRole).toULongLong(), seq + 1);
}

void TestTraceFeed::selectSetsArePackedAndReadBack()
{
    TraceRecord r;
    // No sets: nothing stored, every set reads back empty.
    r.setSets({}, {});
    QVERIFY(r.sets.isEmpty());
    for (int i = 0; i < 3; ++i) {
        QVERIFY(r.setIn(i).empty());
        QVERIFY(r.setOut(i).empty());
    }
    r.setSets({QList<quint64>{4, 7}, {9}, {}}, {QList<quint64>{7}, {}, {0, 4}});
    auto list = [](std::span<const quint64> s) { return QList<quint64>(s.begin(), s.end()); };
    QCOMPARE(list(r.setIn(0)), (QList<quint64>{4, 7}));
    QCOMPARE(list(r.setIn(1)), (QList<quint64>{9}));
    QVERIFY(r.setIn(2).empty());
    QCOMPARE(list(r.setOut(0)), (QList<quint64>{7}));
    QVERIFY(r.setOut(1).empty());
    QCOMPARE(list(r.setOut(2)), (QList<quint64>{0, 4}));
    // A copy shares them; through JSON Lines they come back the same.
    const TraceRecord copy = r;
    QCOMPARE(copy.sets.constData(), r.sets.constData());
    r.seq = 1;
    r.call = TraceCall::Select;
    r.callName = QStringLiteral("select");
    TraceFeed feed;
    feed.inject(r);
    feed.flush();
    const auto again = exportedAndReadBack(feed);
    QVERIFY(again);
    QCOMPARE(again->size(), 1);
    QCOMPARE(again->at(0).sets, r.sets);
}
