// SPDX-License-Identifier: GPL-3.0-or-later
// Ordered shutdown, many times over: hosts, sessions and presence created and destroyed in
// every order while their loop threads still have events on the way to this thread. Meant for
// the sanitizer trees (TSan above all) as much as for the plain run: a race, a use after free
// or a socket or thread left behind shows up here first. LANCHAT_BRIDGE_ROUNDS sets the rounds
// per row (default 50).

#include "bridge_test_support.h"

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "bridge/presenceservice.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace bridgetest;
using bridge::ChatEvent;
using bridge::ChatSession;
using bridge::HostService;
using bridge::PresenceService;
using bridge::SessionState;
using Kind = bridge::ChatEvent::Kind;

namespace {

int rounds()
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("LANCHAT_BRIDGE_ROUNDS", &ok);
    return ok && n > 0 ? n : 50;
}

// When in its life a round tears everything down.
enum class Moment
{
    Connecting,  // right after start(): connects and registrations under way
    Chatting,    // both registered, lines flowing both ways
    HostStopping // as Chatting, and the host's stop() already posted
};

// Who goes first.
enum class Order
{
    SessionsFirst,
    HostFirst,
    PresenceFirst,
};

} // namespace

class TestShutdown : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_leaks.begin(); }
    void cleanup()
    {
        const QString leaked = m_leaks.end();
        QVERIFY2(leaked.isEmpty(), qPrintable(leaked));
    }

    void churn_data();
    void churn();
    void deleteLaterFromOwnEvent();
    void hostStopThenDestroyAtOnce();

private:
    LeakCheck m_leaks;
};

void TestShutdown::churn_data()
{
    QTest::addColumn<int>("order");
    QTest::addColumn<bool>("presence");
    QTest::newRow("sessions first") << static_cast<int>(Order::SessionsFirst) << false;
    QTest::newRow("host first") << static_cast<int>(Order::HostFirst) << false;
    QTest::newRow("host with presence first") << static_cast<int>(Order::HostFirst) << true;
    QTest::newRow("presence first") << static_cast<int>(Order::PresenceFirst) << true;
}

void TestShutdown::churn()
{
    QFETCH(int, order);
    QFETCH(bool, presence);
    const int n = rounds();
    const quint16 presencePort = freeUdpPort();
    QVERIFY2(presencePort != 0, "no UDP port of our own");

    for (int round = 0; round < n; ++round) {
        const auto moment = static_cast<Moment>(round % 3);
        const std::size_t socketsBefore = netcore::openSocketCount();

        auto host = std::make_unique<HostService>();
        auto hostSettings = loopbackHost();
        // epoll on every other round: both of Linux's loops go through the same teardown.
        hostSettings.loop = round % 2 ? QStringLiteral("epoll") : QStringLiteral("select");
        if (presence) {
            hostSettings.presenceMode = QStringLiteral("loopback");
            hostSettings.presencePort = presencePort;
        }
        const QString why = startHost(*host, hostSettings);
        QVERIFY2(why.isEmpty(), qPrintable(QStringLiteral("round %1: %2").arg(round).arg(why)));

        std::unique_ptr<PresenceService> member;
        if (presence) {
            member = std::make_unique<PresenceService>();
            bridge::PresenceSettings p;
            p.mode = QStringLiteral("loopback");
            p.port = presencePort;
            p.name = QStringLiteral("watcher");
            p.announceIntervalMs = 200;
            member->start(p);
        }
        auto aliceSettings = sessionTo(host->port(), QStringLiteral("alice"));
        aliceSettings.reconnect = true; // a host that goes makes it wait to retry
        aliceSettings.loop = round % 2 ? QStringLiteral("select") : QStringLiteral("epoll");
        auto alice = std::make_unique<Client>(aliceSettings);
        auto bob = std::make_unique<Client>(sessionTo(host->port(), QStringLiteral("bob")));

        if (moment != Moment::Connecting) {
            QVERIFY2(alice->log->waitJoined(QStringLiteral("#lan")),
                     qPrintable(QStringLiteral("round %1: ").arg(round) + alice->log->text()));
            QVERIFY2(bob->log->waitJoined(QStringLiteral("#lan")),
                     qPrintable(QStringLiteral("round %1: ").arg(round) + bob->log->text()));
            for (int i = 0; i < 10; ++i) {
                (*alice)->sendMessage(QStringLiteral("#lan"), QStringLiteral("a%1").arg(i));
                (*bob)->sendAction(QStringLiteral("#lan"), QStringLiteral("b%1").arg(i));
                (*bob)->sendMessage(QStringLiteral("alice"), QStringLiteral("p%1").arg(i));
            }
            (*alice)->setNick(QStringLiteral("alice%1").arg(round));
            (*bob)->join(QStringLiteral("#r%1").arg(round));
            if (member)
                member->setAway(round % 2 == 0);
            // Let some of it arrive, so that some is delivered and some is still queued.
            QTest::qWait(round % 5);
        }
        if (moment == Moment::HostStopping)
            host->stop(QStringLiteral("round over"));

        switch (static_cast<Order>(order)) {
        case Order::SessionsFirst:
            alice.reset();
            bob.reset();
            member.reset();
            host.reset();
            break;
        case Order::HostFirst:
            host.reset();
            member.reset();
            bob.reset();
            alice.reset();
            break;
        case Order::PresenceFirst:
            member.reset();
            host.reset();
            alice.reset();
            bob.reset();
            break;
        }
        // Everything each round opened is closed when its objects are gone: nothing to wait for.
        QVERIFY2(netcore::openSocketCount() == socketsBefore,
                 qPrintable(QStringLiteral("round %1: %2 sockets open, %3 before")
                                .arg(round)
                                .arg(netcore::openSocketCount())
                                .arg(socketsBefore)));
        // Events queued to objects that are gone are dropped with them; let any stray ones run.
        QCoreApplication::processEvents();
    }
}

void TestShutdown::deleteLaterFromOwnEvent()
{
    // What a chat tab does: close itself when its session ends, from the session's own signal.
    HostService host;
    const QString why = startHost(host, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(why));
    for (int round = 0; round < 10; ++round) {
        QPointer<ChatSession> session =
            new ChatSession(sessionTo(host.port(), QStringLiteral("alice")));
        bool registered = false;
        connect(session, &ChatSession::event, session, [&, s = session.data()](const ChatEvent& e) {
            if (e.kind == Kind::Registered) {
                registered = true;
                s->quit(QStringLiteral("done"));
            }
            if (e.kind == Kind::StateChanged && e.state == SessionState::Disconnected)
                s->deleteLater();
        });
        session->start();
        QTRY_VERIFY2_WITH_TIMEOUT(session.isNull(),
                                  qPrintable(QStringLiteral("round %1: the session is still there "
                                                            "(registered: %2)")
                                                 .arg(round)
                                                 .arg(registered)),
                                  Timeout);
        QVERIFY2(registered, "it registered before it quit");
    }
    QTRY_VERIFY2_WITH_TIMEOUT(
        host.clients() == 0, qPrintable(QStringLiteral("%1 clients").arg(host.clients())), Timeout);
}

void TestShutdown::hostStopThenDestroyAtOnce()
{
    // stop() posts the stop; the destructor comes before stopped() is delivered and stops again.
    for (int round = 0; round < 20; ++round) {
        auto host = std::make_unique<HostService>();
        const QString why = startHost(*host, loopbackHost());
        QVERIFY2(why.isEmpty(), qPrintable(why));
        Client alice(sessionTo(host->port(), QStringLiteral("alice")));
        if (round % 2)
            QVERIFY2(alice.log->waitJoined(QStringLiteral("#lan")), qPrintable(alice.log->text()));
        host->stop();
        host.reset();
        QVERIFY2(alice.log->waitForState(SessionState::Disconnected),
                 qPrintable(QStringLiteral("round %1: ").arg(round) + alice.log->text()));
    }
}

QTEST_GUILESS_MAIN(TestShutdown)
#include "tst_shutdown.moc"
