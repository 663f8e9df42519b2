// SPDX-License-Identifier: GPL-3.0-or-later
// The Inspector's TraceFeed on a live program, without widgets (so the sanitizer trees run it):
// netcore publishes from the loop threads while another thread injects and the GUI thread takes
// batches; the socket registry (netcore's, behind the feed) ends up knowing every socket by the
// role, state and addresses the trace gave.

#include "bridge_test_support.h"

#include "bridge/tracefeed.h"

#include <atomic>
#include <thread>

using namespace bridgetest;
using bridge::SocketRole;
using bridge::SocketState;
using bridge::TraceFeed;

class TestTraceFeedLive : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_leaks.begin(); }
    void cleanup() { QVERIFY2(m_leaks.end().isEmpty(), qPrintable(m_leaks.end())); }
    void registryFollowsALiveChatWhileRecordsAreInjected();

private:
    LeakCheck m_leaks;
};

void TestTraceFeedLive::registryFollowsALiveChatWhileRecordsAreInjected()
{
    TraceFeed feed;
    feed.setCapacity(2000); // wraps: the registry must not depend on the ring
    feed.setLive(true);
    std::atomic<bool> stop{false};
    std::atomic<int> injected{0};
    // Another thread's records, on a socket of their own, all the while.
    std::thread injector([&] {
        bridge::TraceRecord r;
        r.socket = 1u << 30;
        r.protocol = QStringLiteral("UDP");
        r.role = SocketRole::Udp;
        r.call = bridge::TraceCall::Recvfrom;
        r.callName = QStringLiteral("recvfrom");
        r.result = 4;
        r.bytes = 4;
        r.data = QByteArrayLiteral("ping");
        quint64 seq = 1ull << 40;
        while (!stop.load()) {
            r.seq = ++seq;
            feed.inject(r);
            injected.fetch_add(1);
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    });
    quint16 port = 0;
    {
        bridge::HostService host;
        const QString error = startHost(host, loopbackHost());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        port = host.port();
        Client alice(sessionTo(port, QStringLiteral("alice")));
        QVERIFY(alice.log->waitJoined(QStringLiteral("#lan")));
        for (int i = 0; i < 50; ++i)
            alice->sendMessage(QStringLiteral("#lan"), QStringLiteral("line %1").arg(i));
        alice->quit(QStringLiteral("bye"));
        QVERIFY(alice.log->waitForState(bridge::SessionState::Disconnected));
    }
    stop = true;
    injector.join();
    feed.setLive(false);
    feed.flush();

    QCOMPARE(feed.received(), quint64(feed.size()) + feed.overwritten());
    const bridge::SocketInfo* udp = feed.socket(1u << 30);
    QVERIFY(udp);
    QCOMPARE(udp->callsIn, quint64(injected.load()));
    QCOMPARE(udp->state, SocketState::Bound);
    // The host's listener, the connection it accepted and the session's own, all closed.
    const QString hostAddress = QStringLiteral("127.0.0.1:%1").arg(port);
    int listeners = 0, accepted = 0, outgoing = 0;
    for (const quint64 id : feed.socketIds()) {
        const bridge::SocketInfo* s = feed.socket(id);
        if (s->protocol != QLatin1String("TCP"))
            continue;
        QVERIFY2(s->closed && s->state == SocketState::Closed, qPrintable(QString::number(id)));
        switch (s->role) {
        case SocketRole::Listener:
            ++listeners;
            QCOMPARE(s->local, hostAddress);
            break;
        case SocketRole::Accepted:
            ++accepted;
            QCOMPARE(s->local, hostAddress);
            QVERIFY(s->listener);
            QVERIFY(s->bytesIn > 0 && s->bytesOut > 0);
            break;
        case SocketRole::Outgoing:
            ++outgoing;
            QCOMPARE(s->remote, hostAddress);
            QVERIFY(s->bytesIn > 0 && s->bytesOut > 0);
            break;
        default:
            QFAIL(qPrintable(QStringLiteral("TCP socket #%1 without a role").arg(id)));
        }
    }
    QCOMPARE(listeners, 1);
    QCOMPARE(accepted, 1);
    QCOMPARE(outgoing, 1);
}

QTEST_GUILESS_MAIN(TestTraceFeedLive)
#include "tst_tracefeed.moc"
