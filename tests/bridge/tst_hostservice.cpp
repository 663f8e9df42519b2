// SPDX-License-Identifier: GPL-3.0-or-later
// HostService: the IRC host on its own loop thread, seen only through its queued signals. Every
// host listens on 127.0.0.1 at a port the system chooses; clients are ChatSessions in this
// process, over real loopback sockets.

#include "bridge_test_support.h"

#include "bridge/hostservice.h"

#include "netcore/irc/filehost.h"

#include <QDir>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace bridgetest;
using bridge::ChatEvent;
using bridge::HostService;
using bridge::SessionState;

class TestHostService : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_leaks.begin(); }
    void cleanup()
    {
        const QString leaked = m_leaks.end();
        QVERIFY2(leaked.isEmpty(), qPrintable(leaked));
    }

    void startsOnLoopback_data();
    void startsOnLoopback();
    void portInUseFails();
    void unknownLoopFails();
    void stopSaysWhy_data();
    void stopSaysWhy();
    void restartsAfterStop();
    void figuresFollowClients();
    void logsJoins();
    void sharesFiles();
    void destroyWithClientConnected();
    void destroyNeverStarted();

private:
    LeakCheck m_leaks;
};

void TestHostService::startsOnLoopback_data()
{
    QTest::addColumn<QString>("loop");
    QTest::newRow("select") << QStringLiteral("select");
    QTest::newRow("epoll") << QStringLiteral("epoll");
}

void TestHostService::startsOnLoopback()
{
    QFETCH(QString, loop);
    HostService host;
    QSignalSpy started(&host, &HostService::started);
    QSignalSpy failed(&host, &HostService::failed);
    auto settings = loopbackHost();
    settings.loop = loop;
    host.start(settings);
    QVERIFY2(QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, Timeout),
             "neither started() nor failed() came");
    QVERIFY2(failed.isEmpty(),
             qPrintable(QStringLiteral("failed: ") +
                        (failed.isEmpty() ? QString() : failed.first().at(0).toString())));
    QCOMPARE(started.size(), 1);
    const QString address = started.first().at(0).toString();
    const auto port = started.first().at(1).value<quint16>();
    QVERIFY2(address.startsWith(QStringLiteral("127.0.0.1")),
             qPrintable(QStringLiteral("bound to %1, not 127.0.0.1").arg(address)));
    QVERIFY2(port != 0, "port 0 was asked for: the system chooses one, reported in started()");
    QVERIFY(host.isRunning());
    QCOMPARE(host.port(), port);
    QCOMPARE(host.address(), address);
    QCOMPARE(host.settings().loop, loop);

    // And it serves: a client registers on that port.
    Client alice(sessionTo(port, QStringLiteral("alice")));
    QVERIFY2(alice.log->waitJoined(QStringLiteral("#lan")), qPrintable(alice.log->text()));
}

void TestHostService::portInUseFails()
{
    HostService first;
    QString why = startHost(first, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(why));

    HostService second;
    QSignalSpy started(&second, &HostService::started);
    QSignalSpy failed(&second, &HostService::failed);
    auto settings = loopbackHost();
    settings.port = first.port();
    second.start(settings);
    QVERIFY2(QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, Timeout),
             "neither started() nor failed() came");
    QVERIFY2(started.isEmpty(), "a second host started on a port already listened on");
    QCOMPARE(failed.size(), 1);
    const QString error = failed.first().at(0).toString();
    const QString errorName = failed.first().at(1).toString();
    QCOMPARE(errorName, QStringLiteral("EADDRINUSE"));
    QVERIFY2(error.contains(QStringLiteral("bind")) &&
                 error.contains(QString::number(first.port())),
             qPrintable(QStringLiteral("the error should name the call and port: ") + error));
    QVERIFY(!second.isRunning());
    QVERIFY2(first.isRunning(), "the first host must be unaffected");

    // The failed service can start again elsewhere.
    why = startHost(second, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(second.port() != first.port());
}

void TestHostService::unknownLoopFails()
{
    HostService host;
    QSignalSpy started(&host, &HostService::started);
    QSignalSpy failed(&host, &HostService::failed);
    auto settings = loopbackHost();
    settings.loop = QStringLiteral("nosuchloop");
    host.start(settings);
    QVERIFY2(QTest::qWaitFor([&] { return !failed.isEmpty(); }, Timeout), "no failed()");
    QVERIFY(started.isEmpty());
    QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("nosuchloop")),
             qPrintable(failed.first().at(0).toString()));
    QVERIFY(!host.isRunning());
}

void TestHostService::stopSaysWhy_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default") << QString() << QStringLiteral("Host shutting down");
    QTest::newRow("given") << QStringLiteral("Back after lunch")
                           << QStringLiteral("Back after lunch");
}

void TestHostService::stopSaysWhy()
{
    QFETCH(QString, reason);
    QFETCH(QString, expected);
    HostService host;
    const QString why = startHost(host, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(why));
    Client alice(sessionTo(host.port(), QStringLiteral("alice")));
    QVERIFY2(alice.log->waitJoined(QStringLiteral("#lan")), qPrintable(alice.log->text()));

    QSignalSpy stopped(&host, &HostService::stopped);
    host.stop(reason);
    QVERIFY2(stopped.wait(Timeout) || !stopped.isEmpty(), "no stopped()");
    QCOMPARE(stopped.size(), 1);
    QVERIFY2(stopped.first().at(0).toString().contains(expected),
             qPrintable(QStringLiteral("stopped(\"%1\"), expected \"%2\"")
                            .arg(stopped.first().at(0).toString(), expected)));
    QVERIFY(!host.isRunning());
    QCOMPARE(host.clients(), 0);

    // The client was told why and let go.
    QVERIFY2(alice.log->waitFor([&](const ChatEvent& e) {
        return e.kind == ChatEvent::Kind::Error && e.text.contains(expected);
    }),
             qPrintable(alice.log->text()));
    QVERIFY2(alice.log->waitForState(SessionState::Disconnected), qPrintable(alice.log->text()));

    // stop() on a stopped host does nothing.
    host.stop();
    QTest::qWait(50);
    QCOMPARE(stopped.size(), 1);
}

void TestHostService::restartsAfterStop()
{
    HostService host;
    QString why = startHost(host, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QSignalSpy stopped(&host, &HostService::stopped);
    host.stop();
    QVERIFY2(stopped.wait(Timeout) || !stopped.isEmpty(), "no stopped()");

    why = startHost(host, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(QStringLiteral("second start: ") + why));
    QVERIFY(host.isRunning());
    Client bob(sessionTo(host.port(), QStringLiteral("bob")));
    QVERIFY2(bob.log->waitJoined(QStringLiteral("#lan")), qPrintable(bob.log->text()));
}

void TestHostService::figuresFollowClients()
{
    HostService host;
    const QString why = startHost(host, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(why));
    int clients = -1;
    int rooms = -1;
    connect(&host, &HostService::figures, this, [&](int c, int r) {
        clients = c;
        rooms = r;
    });

    Client alice(sessionTo(host.port(), QStringLiteral("alice")));
    Client bob(sessionTo(host.port(), QStringLiteral("bob"),
                         {QStringLiteral("#lan"), QStringLiteral("#games")}));
    QVERIFY2(alice.log->waitJoined(QStringLiteral("#lan")), qPrintable(alice.log->text()));
    QVERIFY2(bob.log->waitJoined(QStringLiteral("#games")), qPrintable(bob.log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT(
        clients == 2 && rooms == 2,
        qPrintable(QStringLiteral("figures(%1, %2), expected (2, 2)").arg(clients).arg(rooms)),
        Timeout);
    QCOMPARE(host.clients(), 2);

    // bob leaves: one client, and #games (empty now) is gone; #lan always exists.
    bob->quit(QStringLiteral("bye"));
    QVERIFY2(bob.log->waitForState(SessionState::Disconnected), qPrintable(bob.log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT(
        clients == 1 && rooms == 1,
        qPrintable(QStringLiteral("figures(%1, %2), expected (1, 1)").arg(clients).arg(rooms)),
        Timeout);
    QCOMPARE(host.clients(), 1);
}

void TestHostService::logsJoins()
{
    HostService host;
    QStringList lines;
    connect(&host, &HostService::log, this, [&](const QString& line) { lines.append(line); });
    const QString why = startHost(host, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(why));
    Client carol(sessionTo(host.port(), QStringLiteral("carol")));
    QVERIFY2(carol.log->waitJoined(QStringLiteral("#lan")), qPrintable(carol.log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT(
        !lines.filter(QStringLiteral("carol")).isEmpty(),
        qPrintable(QStringLiteral("no log line names carol:\n") + lines.join(QLatin1Char('\n'))),
        Timeout);
}

// Shared files (FILEHOST): the host's HTTP port starts with it, its upload URL is what the
// host advertises, it says so in its log, and it goes with the host.
void TestHostService::sharesFiles()
{
    if (!netcore::irc::fileHostAvailable())
        QSKIP("this build has no file host (no http-parser)");
    QTemporaryDir files;
    QVERIFY(files.isValid());
    HostService host;
    QStringList lines;
    connect(&host, &HostService::log, this, [&](const QString& line) { lines.append(line); });
    bridge::HostSettings s = loopbackHost();
    s.fileHost = true;
    s.fileHostDirectory = files.path() + QStringLiteral("/shared");
    const QString why = startHost(host, s);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QRegularExpression url(QStringLiteral("^http://127\\.0\\.0\\.1:(\\d+)/upload$"));
    const auto match = url.match(host.fileHostUrl());
    QVERIFY2(match.hasMatch(), qPrintable(host.fileHostUrl()));
    QVERIFY(match.captured(1).toInt() != host.port());
    QTRY_VERIFY2_WITH_TIMEOUT(
        !lines.filter(QStringLiteral("shared files: upload at ") + host.fileHostUrl()).isEmpty(),
        qPrintable(lines.join(QLatin1Char('\n'))), Timeout);
    QVERIFY(QDir(s.fileHostDirectory).exists());
    QSignalSpy stopped(&host, &HostService::stopped);
    host.stop();
    QVERIFY(stopped.wait(Timeout));
    QVERIFY(host.fileHostUrl().isEmpty());

    // Without a folder it cannot keep files: the chat is hosted anyway, the log says why.
    lines.clear();
    s.fileHostDirectory.clear();
    const QString again = startHost(host, s);
    QVERIFY2(again.isEmpty(), qPrintable(again));
    QVERIFY(host.fileHostUrl().isEmpty());
    QTRY_VERIFY2_WITH_TIMEOUT(
        !lines.filter(QStringLiteral("shared files are off")).isEmpty(),
        qPrintable(host.fileHostUrl() + QStringLiteral(" / ") + lines.join(QLatin1Char('\n'))),
        Timeout);
}

void TestHostService::destroyWithClientConnected()
{
    auto host = std::make_unique<HostService>();
    const QString why = startHost(*host, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QSignalSpy stopped(host.get(), &HostService::stopped);
    Client alice(sessionTo(host->port(), QStringLiteral("alice")));
    QVERIFY2(alice.log->waitJoined(QStringLiteral("#lan")), qPrintable(alice.log->text()));

    // Chatter in flight while the host goes.
    for (int i = 0; i < 5; ++i)
        alice->sendMessage(QStringLiteral("#lan"), QStringLiteral("line %1").arg(i));
    host.reset();

    // The client got the host's ERROR line (a graceful stop), then the connection ended.
    QVERIFY2(alice.log->waitFor([](const ChatEvent& e) {
        return e.kind == ChatEvent::Kind::Error && e.text.contains(QStringLiteral("Closing Link"));
    }),
             qPrintable(alice.log->text()));
    QVERIFY2(alice.log->waitForState(SessionState::Disconnected), qPrintable(alice.log->text()));
    QCOMPARE(alice->state(), SessionState::Disconnected);
    QVERIFY2(alice->members(QStringLiteral("#lan")).isEmpty(),
             "a disconnected session lists no members");
}

void TestHostService::destroyNeverStarted()
{
    // No loop was ever started: nothing to stop, nothing to wait for.
    auto host = std::make_unique<HostService>();
    QVERIFY(!host->isRunning());
    host->stop();
    host.reset();
}

QTEST_GUILESS_MAIN(TestHostService)
#include "tst_hostservice.moc"
