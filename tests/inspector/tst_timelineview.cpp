// SPDX-License-Identifier: GPL-3.0-or-later
// The Inspector read as a lecturer reads it (issue 14): the Timeline's times are the wall
// clock, as the chat's timestamps (with milliseconds); idle waits (select()/epoll_wait() that
// timed out) are folded away until asked for; a data call's result is not repeated beside its
// bytes; the Error column comes last; the Bytes view says which stream it shows, and switches.

#include "bridge/tracefeed.h"
#include "inspector/bytesmodel.h"
#include "inspector/inspectordock.h"
#include "inspector/timelinefilter.h"
#include "inspector/timelinemodel.h"

#include <QCheckBox>
#include <QRegularExpression>
#include <QTest>

using bridge::TraceCall;
using bridge::TraceFeed;
using bridge::TraceRecord;

namespace {

TraceRecord record(quint64 seq, TraceCall call, const QString& name, qint64 result,
                   quint64 bytes = 0, const QByteArray& data = {})
{
    TraceRecord r;
    r.seq = seq;
    r.timeNs = qint64(seq) * 1'000'000; // a millisecond apart
    r.thread = 1;
    r.socket = name == QLatin1String("select") ? 0 : 7;
    r.protocol = QStringLiteral("TCP");
    r.call = call;
    r.callName = name;
    r.args = QStringLiteral("fd 9");
    r.result = result;
    r.bytes = bytes;
    r.data = data;
    return r;
}

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private slots:
    void timesAreTheWallClock();
    void idleWaitsAreFoldedUntilAskedFor();
    void aDataCallsResultIsNotRepeated();
    void bytesViewSaysWhichStreamAndSwitches();
};

void TestTimelineView::timesAreTheWallClock()
{
    TraceFeed feed;
    feed.inject(record(1, TraceCall::Recv, QStringLiteral("recv"), 5, 5, "hello"));
    feed.flush();
    ui::TimelineModel model(&feed);
    QCOMPARE(model.headerData(ui::TimelineModel::TimeColumn, Qt::Horizontal).toString(),
             QStringLiteral("Time"));
    const QString shown = model.index(0, ui::TimelineModel::TimeColumn).data().toString();
    QVERIFY2(
        QRegularExpression(QStringLiteral(R"(^\d\d:\d\d:\d\d\.\d\d\d$)")).match(shown).hasMatch(),
        qPrintable(shown));
    const QDateTime wall = feed.wallTime(feed.at(0));
    QCOMPARE(shown, wall.toString(QStringLiteral("HH:mm:ss.zzz")));
    // The trace's epoch is this process's first trace use: not long ago, not in the future.
    QVERIFY(qAbs(wall.secsTo(QDateTime::currentDateTime())) < 600);
    QVERIFY(model.index(0, ui::TimelineModel::TimeColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QLatin1String("+1.000 ms")));
}

void TestTimelineView::idleWaitsAreFoldedUntilAskedFor()
{
    TraceFeed feed;
    feed.inject(record(1, TraceCall::Select, QStringLiteral("select"), 0)); // timed out
    feed.inject(record(2, TraceCall::Select, QStringLiteral("select"), 1)); // woke up
    feed.inject(record(3, TraceCall::Recv, QStringLiteral("recv"), 5, 5, "hello"));
    feed.inject(record(4, TraceCall::Epoll, QStringLiteral("epoll_wait"), 0));
    feed.flush();
    ui::TimelineModel model(&feed);
    ui::TimelineFilter filter;
    filter.setSourceTimeline(&model);
    QVERIFY(!filter.showIdleWaits());
    QCOMPARE(filter.rowCount(), 2);
    QCOMPARE(filter.index(0, ui::TimelineModel::ResultColumn).data().toString(),
             QStringLiteral("1"));
    filter.setShowIdleWaits(true);
    QCOMPARE(filter.rowCount(), 4);

    // In the dock: a checkbox, off by default.
    ui::InspectorDock dock(nullptr, &feed);
    QList<QCheckBox*> boxes = dock.findChildren<QCheckBox*>();
    QCheckBox* idle = nullptr;
    for (QCheckBox* b : boxes)
        if (b->text() == QLatin1String("Idle waits"))
            idle = b;
    QVERIFY(idle);
    QVERIFY(!idle->isChecked());
}

void TestTimelineView::aDataCallsResultIsNotRepeated()
{
    TraceFeed feed;
    feed.inject(record(1, TraceCall::Recv, QStringLiteral("recv"), 5, 5, "hello"));
    TraceRecord failed = record(2, TraceCall::Recv, QStringLiteral("recv"), -1);
    failed.error = 11;
    failed.errorName = QStringLiteral("EAGAIN");
    feed.inject(failed);
    feed.flush();
    ui::TimelineModel model(&feed);
    QCOMPARE(model.index(0, ui::TimelineModel::ResultColumn).data().toString(), QString());
    QCOMPARE(model.index(0, ui::TimelineModel::BytesColumn).data().toString(), QStringLiteral("5"));
    QCOMPARE(model.index(1, ui::TimelineModel::ResultColumn).data().toString(),
             QStringLiteral("-1"));
    // The Error column is the last: it takes the room left.
    QCOMPARE(int(ui::TimelineModel::ErrorColumn), ui::TimelineModel::ColumnCount - 1);
}

void TestTimelineView::bytesViewSaysWhichStreamAndSwitches()
{
    TraceFeed feed;
    TraceRecord in = record(1, TraceCall::Recv, QStringLiteral("recv"), 5, 5, "hello");
    TraceRecord out = record(2, TraceCall::Send, QStringLiteral("send"), 3, 3, "hi!");
    feed.inject(in);
    feed.inject(out);
    feed.flush();
    ui::InspectorDock dock(nullptr, &feed);
    ui::BytesModel* bytes = dock.bytesModel();
    dock.selectSocket(7); // its latest data call: the send
    QVERIFY(!bytes->incoming());
    QVERIFY2(dock.bytesTitle().contains(QLatin1String("sent")), qPrintable(dock.bytesTitle()));
    QCOMPARE(bytes->chunks().size(), 1);
    QCOMPARE(bytes->chunks().first().data, QByteArray("hi!"));
    bytes->setIncoming(true);
    QVERIFY2(dock.bytesTitle().contains(QLatin1String("received")), qPrintable(dock.bytesTitle()));
    QCOMPARE(bytes->chunks().size(), 1);
    QCOMPARE(bytes->chunks().first().data, QByteArray("hello"));
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
