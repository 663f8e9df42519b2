// SPDX-License-Identifier: GPL-3.0-or-later
// PresenceService in loopback mode, on a UDP port of this test's own (never 6667, never a real
// interface): members and a HostService's announce find each other, changes and byes are seen,
// and the diagnostics say where announces go.

#include "bridge_test_support.h"

#include "bridge/hostservice.h"
#include "bridge/presenceservice.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace bridgetest;
using bridge::HostService;
using bridge::PeerInfo;
using bridge::PresenceDiagnostics;
using bridge::PresenceService;
using bridge::PresenceSettings;

namespace {

// Every peerChanged and peerGone of one service, in order.
class PeerLog : public QObject
{
public:
    explicit PeerLog(PresenceService* service)
    {
        connect(service, &PresenceService::peerChanged, this,
                [this](const PeerInfo& p) { changed.append(p); });
        connect(service, &PresenceService::peerGone, this,
                [this](quint64 instance, const QString& why) {
                    gone.append({instance, why});
                });
    }

    // The latest news of the peer called `name`, if any.
    const PeerInfo* latest(const QString& name) const
    {
        for (qsizetype i = changed.size() - 1; i >= 0; --i)
            if (changed[i].name == name)
                return &changed[i];
        return nullptr;
    }

    template <typename P> bool waitFor(const QString& name, P predicate) const
    {
        return QTest::qWaitFor(
            [&] {
                const PeerInfo* p = latest(name);
                return p && predicate(*p);
            },
            Timeout);
    }

    QString text() const
    {
        QString s =
            QStringLiteral("%1 peerChanged, %2 peerGone:").arg(changed.size()).arg(gone.size());
        for (qsizetype i = std::max<qsizetype>(0, changed.size() - 8); i < changed.size(); ++i) {
            const PeerInfo& p = changed[i];
            s += QStringLiteral("\n  %1 %2 %3 chat=%4 at %5 tcp=%6 users=%7 rtt=%8%9")
                     .arg(p.instance)
                     .arg(p.host ? QStringLiteral("host") : QStringLiteral("member"), p.name,
                          p.chat, p.address)
                     .arg(p.tcpPort)
                     .arg(p.users)
                     .arg(p.roundTripMs)
                     .arg(p.away ? QStringLiteral(" away") : QString());
        }
        for (const auto& [instance, why] : gone)
            s += QStringLiteral("\n  gone %1: %2").arg(instance).arg(why);
        return s;
    }

    QList<PeerInfo> changed;
    QList<QPair<quint64, QString>> gone;
};

} // namespace

class TestPresenceService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup()
    {
        const QString leaked = m_leaks.end();
        QVERIFY2(leaked.isEmpty(), qPrintable(leaked));
    }

    void diagnostics();
    void membersSeeEachOther();
    void hostIsSeen();
    void changesAreSeen();
    void byeOnDestroy();
    void invalidMode_data();
    void invalidMode();
    void modeOff();

private:
    PresenceSettings settings(const QString& name) const
    {
        PresenceSettings s;
        s.mode = QStringLiteral("loopback");
        s.port = m_port;
        s.name = name;
        s.chat = QStringLiteral("127.0.0.1:1");
        s.announceIntervalMs = 1000;
        return s;
    }

    LeakCheck m_leaks;
    quint16 m_port = 0;
};

void TestPresenceService::init()
{
    m_leaks.begin();
    m_port = freeUdpPort();
    QVERIFY2(m_port != 0 && m_port != 6667, "no UDP port of our own");
}

void TestPresenceService::diagnostics()
{
    PresenceService service;
    QSignalSpy diagnostics(&service, &PresenceService::diagnosticsChanged);
    QSignalSpy failed(&service, &PresenceService::failed);
    service.start(settings(QStringLiteral("alice")));
    QVERIFY2(diagnostics.wait(Timeout) || !diagnostics.isEmpty(), "no diagnosticsChanged()");
    QVERIFY(failed.isEmpty());
    const auto d = diagnostics.first().at(0).value<PresenceDiagnostics>();
    QCOMPARE(d.mode, QStringLiteral("loopback"));
    QCOMPARE(d.port, m_port);
    QVERIFY2(d.listening, qPrintable(QStringLiteral("not listening: ") + d.bindError));
    QVERIFY2(d.bindError.isEmpty(), qPrintable(d.bindError));
    QVERIFY2(!d.targets.isEmpty() &&
                 d.targets.first().startsWith(QStringLiteral("127.255.255.255")),
             qPrintable(QStringLiteral("targets: ") + d.targets.join(QStringLiteral("; "))));
    QCOMPARE(d.targets.size(), 1); // loopback only: no real interface
    QCOMPARE(service.diagnostics().mode, d.mode);

    // They come again every two seconds, with the announces counted.
    QVERIFY2(diagnostics.wait(Timeout), "diagnosticsChanged() did not repeat");
    const auto again = diagnostics.last().at(0).value<PresenceDiagnostics>();
    QVERIFY2(!again.targets.first().contains(QStringLiteral(": 0 sent")),
             qPrintable(again.targets.first()));
}

void TestPresenceService::membersSeeEachOther()
{
    PresenceService alice;
    PresenceService bob;
    PeerLog aliceSees(&alice);
    PeerLog bobSees(&bob);
    alice.start(settings(QStringLiteral("alice")));
    auto b = settings(QStringLiteral("bob"));
    b.chat = QStringLiteral("127.0.0.1:2");
    bob.start(b);

    QVERIFY2(aliceSees.waitFor(QStringLiteral("bob"), [](const PeerInfo&) { return true; }),
             qPrintable(aliceSees.text()));
    QVERIFY2(bobSees.waitFor(QStringLiteral("alice"), [](const PeerInfo&) { return true; }),
             qPrintable(bobSees.text()));
    const PeerInfo seen = *aliceSees.latest(QStringLiteral("bob"));
    QVERIFY(!seen.host);
    QVERIFY(!seen.away);
    QCOMPARE(seen.chat, QStringLiteral("127.0.0.1:2"));
    QVERIFY2(seen.address.startsWith(QStringLiteral("127.")), qPrintable(seen.address));
    QVERIFY(seen.instance != 0);
    QVERIFY2(seen.instance != bobSees.latest(QStringLiteral("alice"))->instance,
             "each service is its own instance");
    // Neither lists itself.
    QVERIFY2(!aliceSees.latest(QStringLiteral("alice")), qPrintable(aliceSees.text()));
    const auto peers = alice.peers();
    QVERIFY2(peers.size() == 1 && peers.first().name == QStringLiteral("bob"),
             qPrintable(aliceSees.text()));
}

void TestPresenceService::hostIsSeen()
{
    HostService host;
    auto hostSettings = loopbackHost();
    hostSettings.presenceMode = QStringLiteral("loopback");
    hostSettings.presencePort = m_port;
    const QString why = startHost(host, hostSettings);
    QVERIFY2(why.isEmpty(), qPrintable(why));

    PresenceService member;
    PeerLog sees(&member);
    member.start(settings(QStringLiteral("alice")));
    QVERIFY2(sees.waitFor(QStringLiteral("TestNet"), [](const PeerInfo&) { return true; }),
             qPrintable(sees.text()));
    const PeerInfo found = *sees.latest(QStringLiteral("TestNet"));
    QVERIFY(found.host);
    QCOMPARE(found.chat, QStringLiteral("test.local"));
    QCOMPARE(found.tcpPort, host.port());
    QVERIFY2(found.address.startsWith(QStringLiteral("127.")), qPrintable(found.address));

    // The round trip to a host is measured (a unicast probe).
    QVERIFY2(sees.waitFor(QStringLiteral("TestNet"),
                          [](const PeerInfo& p) { return p.roundTripMs >= 0; }),
             qPrintable(sees.text()));

    // The host's figures follow its clients.
    Client alice(sessionTo(host.port(), QStringLiteral("alice")));
    QVERIFY2(alice.log->waitJoined(QStringLiteral("#lan")), qPrintable(alice.log->text()));
    QVERIFY2(sees.waitFor(QStringLiteral("TestNet"),
                          [](const PeerInfo& p) { return p.users == 1 && p.rooms >= 1; }),
             qPrintable(sees.text()));
}

void TestPresenceService::changesAreSeen()
{
    PresenceService alice;
    PresenceService bob;
    PeerLog aliceSees(&alice);
    alice.start(settings(QStringLiteral("alice")));
    bob.start(settings(QStringLiteral("bob")));
    QVERIFY2(aliceSees.waitFor(QStringLiteral("bob"), [](const PeerInfo& p) { return !p.away; }),
             qPrintable(aliceSees.text()));
    const quint64 instance = aliceSees.latest(QStringLiteral("bob"))->instance;

    bob.setAway(true);
    QVERIFY2(aliceSees.waitFor(QStringLiteral("bob"), [](const PeerInfo& p) { return p.away; }),
             qPrintable(aliceSees.text()));
    bob.setAway(false);
    QVERIFY2(aliceSees.waitFor(QStringLiteral("bob"), [](const PeerInfo& p) { return !p.away; }),
             qPrintable(aliceSees.text()));

    // A new name and chat: the same instance, so the same entry.
    bob.setName(QStringLiteral("robert"));
    bob.setChat(QStringLiteral("127.0.0.1:3"));
    QVERIFY2(aliceSees.waitFor(
                 QStringLiteral("robert"),
                 [](const PeerInfo& p) { return p.chat == QStringLiteral("127.0.0.1:3"); }),
             qPrintable(aliceSees.text()));
    QCOMPARE(aliceSees.latest(QStringLiteral("robert"))->instance, instance);
    QCOMPARE(alice.peers().size(), 1);
}

void TestPresenceService::byeOnDestroy()
{
    PresenceService alice;
    PeerLog aliceSees(&alice);
    alice.start(settings(QStringLiteral("alice")));
    auto bob = std::make_unique<PresenceService>();
    bob->start(settings(QStringLiteral("bob")));
    QVERIFY2(aliceSees.waitFor(QStringLiteral("bob"), [](const PeerInfo&) { return true; }),
             qPrintable(aliceSees.text()));
    const quint64 instance = aliceSees.latest(QStringLiteral("bob"))->instance;

    bob.reset();
    QTRY_VERIFY2_WITH_TIMEOUT(!aliceSees.gone.isEmpty(), qPrintable(aliceSees.text()), Timeout);
    QCOMPARE(aliceSees.gone.first().first, instance);
    QCOMPARE(aliceSees.gone.first().second, QStringLiteral("bye"));
    QVERIFY2(alice.peers().isEmpty(), qPrintable(aliceSees.text()));
}

void TestPresenceService::invalidMode_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("space in an item") << QStringLiteral("eth0 eth1");
    QTest::newRow("a network, not an address") << QStringLiteral("10.0.0.0/8");
    QTest::newRow("an empty item") << QStringLiteral("127.0.0.1,,127.0.0.2");
    QTest::newRow("only a comma") << QStringLiteral(",");
}

void TestPresenceService::invalidMode()
{
    QFETCH(QString, mode);
    PresenceService service;
    QSignalSpy failed(&service, &PresenceService::failed);
    QSignalSpy diagnostics(&service, &PresenceService::diagnosticsChanged);
    auto s = settings(QStringLiteral("alice"));
    s.mode = mode;
    service.start(s);
    QVERIFY2(QTest::qWaitFor([&] { return !failed.isEmpty(); }, Timeout), "no failed()");
    QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("presence")),
             qPrintable(failed.first().at(0).toString()));
    QTest::qWait(50);
    QVERIFY2(diagnostics.isEmpty(), "a service that failed reports no diagnostics");
    // It can be started again with a good mode.
    service.start(settings(QStringLiteral("alice")));
    QVERIFY2(diagnostics.wait(Timeout) || !diagnostics.isEmpty(),
             "no diagnosticsChanged() after a good start");
}

void TestPresenceService::modeOff()
{
    PresenceService service;
    QSignalSpy diagnostics(&service, &PresenceService::diagnosticsChanged);
    QSignalSpy failed(&service, &PresenceService::failed);
    auto s = settings(QStringLiteral("alice"));
    s.mode = QStringLiteral("off");
    service.start(s);
    QVERIFY2(diagnostics.wait(Timeout) || !diagnostics.isEmpty(), "no diagnosticsChanged()");
    QVERIFY(failed.isEmpty());
    const auto d = diagnostics.first().at(0).value<PresenceDiagnostics>();
    QCOMPARE(d.mode, QStringLiteral("off"));
    QVERIFY2(!d.listening, "mode off opens nothing");
    QVERIFY2(d.targets.isEmpty(), qPrintable(d.targets.join(QStringLiteral("; "))));
}

QTEST_GUILESS_MAIN(TestPresenceService)
#include "tst_presenceservice.moc"
