// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety: a child process stores a burst of 1,000 lines and reports each commit; it is
// killed with SIGKILL mid-burst, and the file then holds every line it had reported committed,
// in order, with nothing else missing before it.

#include "history/historystore.h"
#include "history_test_support.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace history;
using namespace historytest;

class TestHistoryCrash : public QObject
{
    Q_OBJECT

private slots:
    void killedMidBurstLosesNothingCommitted();
};

void TestHistoryCrash::killedMidBurstLosesNothingCommitted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("crash.sqlite"));
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QStringLiteral(HISTORY_HELPER_PATH),
                {QStringLiteral("burst"), path, QStringLiteral("1000")});
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));

    qint64 reported = 0;
    QByteArray pending;
    const auto readReports = [&] {
        pending += child.readAllStandardOutput();
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QByteArray lineText = pending.left(nl);
            pending.remove(0, nl + 1);
            if (lineText.startsWith("committed "))
                reported = std::max(reported, lineText.mid(10).toLongLong());
        }
    };
    // Kill it once a third of the burst is reported committed, while it is still storing.
    QVERIFY(QTest::qWaitFor(
        [&] {
            child.waitForReadyRead(10);
            readReports();
            return reported >= 300 || child.state() == QProcess::NotRunning;
        },
        20000));
    QCOMPARE(child.state(), QProcess::Running);
    child.kill(); // SIGKILL
    QVERIFY(child.waitForFinished(5000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    readReports(); // what it printed before it died counts too
    QVERIFY2(reported >= 300 && reported < 1000,
             qPrintable(QStringLiteral("reported %1 committed").arg(reported)));

    HistoryStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    const Page page = result(store.loadLast(room(), 2000));
    QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
    QVERIFY2(page.messages.size() >= reported,
             qPrintable(QStringLiteral("%1 stored, %2 reported committed")
                            .arg(page.messages.size())
                            .arg(reported)));
    for (qint64 i = 0; i < reported; ++i) {
        QCOMPARE(page.messages.at(i).id, i + 1);
        QCOMPARE(page.messages.at(i).record.text, QStringLiteral("burst line %1").arg(i + 1));
    }
    qInfo("%lld reported committed before SIGKILL, %lld found", static_cast<long long>(reported),
          static_cast<long long>(page.messages.size()));
}

QTEST_GUILESS_MAIN(TestHistoryCrash)
#include "tst_historycrash.moc"
