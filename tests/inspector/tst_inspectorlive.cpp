// SPDX-License-Identifier: GPL-3.0-or-later
// The Inspector on a live program: a real host and client on 127.0.0.1 (the bridge's
// HostService and ChatSession, and netcore directly for a large transfer), followed through
// the dock's Lifecycle, Sockets and Bytes views.

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "bridge/tracefeed.h"
#include "inspector/bytesmodel.h"
#include "inspector/inspectordock.h"
#include "inspector/inspectorroles.h"
#include "inspector/lifecyclemodel.h"
#include "inspector/loopmodel.h"
#include "inspector/socketsmodel.h"

#include "netcore/address.h"
#include "netcore/event_loop.h"
#include "netcore/tcp.h"

#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <atomic>
#include <mutex>

using bridge::SocketRole;
using bridge::TraceFeed;
using Status = ui::LifecycleModel::Status;

namespace {

constexpr int Timeout = 30000;

quint64 findSocket(const TraceFeed& feed, SocketRole role, bool closed = false)
{
    quint64 found = 0;
    for (const quint64 id : feed.socketIds()) {
        const bridge::SocketInfo* s = feed.socket(id);
        if (s->role == role && (!closed || s->closed))
            found = id; // the latest
    }
    return found;
}

QString steps(const ui::LifecycleModel& m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.append(m.index(r, 0).data().toString() + QLatin1String(" | ") +
                   m.index(r, ui::LifecycleModel::ResultColumn).data().toString());
    return out.join(QLatin1String("\n"));
}

// Each reached step is done (none failed) and their times do not go back.
void verifyInOrder(const ui::LifecycleModel& m, int reached)
{
    double last = -1;
    for (int r = 0; r < reached; ++r) {
        QVERIFY2(m.status(r) == Status::Done || m.status(r) == Status::Current,
                 qPrintable(steps(m)));
        const double t = double(m.index(r, ui::LifecycleModel::TimeColumn)
                                    .data(ui::inspector::TimeNsRole)
                                    .toLongLong());
        QVERIFY2(t >= last, qPrintable(steps(m)));
        last = t;
    }
}

} // namespace

class TestInspectorLive : public QObject
{
    Q_OBJECT

private slots:
    void hostAndClientSequencesInOrder();
    void refusedConnectShowsTheErrorOnConnect();
    void bytesViewShowsTheBytesAndRecvChunks();
    void peerResetShowsOnTheSocket();
    void connectTryingEachAddressIsOneClientSequence();
    void selectSocketJumpsEveryView();
    void hostingOnAPortInUseShowsTheListenersFailedBind();
};

void TestInspectorLive::hostAndClientSequencesInOrder()
{
    ui::InspectorDock dock;
    TraceFeed* feed = dock.feed();
    QVERIFY(feed->isLive());
    {
        bridge::HostService host;
        QSignalSpy started(&host, &bridge::HostService::started);
        QSignalSpy failed(&host, &bridge::HostService::failed);
        bridge::HostSettings hs;
        hs.bind = QStringLiteral("127.0.0.1");
        hs.port = 0;
        hs.presenceMode.clear();
        host.start(hs);
        QVERIFY2(
            QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, Timeout) &&
                failed.isEmpty(),
            failed.isEmpty() ? "no started()" : qPrintable(failed.first().at(0).toString()));
        bridge::SessionSettings ss;
        ss.host = QStringLiteral("127.0.0.1");
        ss.port = host.port();
        ss.nick = QStringLiteral("alice");
        ss.reconnect = false;
        auto* session = new bridge::ChatSession(ss);
        bool joined = false;
        connect(session, &bridge::ChatSession::event, this, [&](const bridge::ChatEvent& e) {
            if (e.kind == bridge::ChatEvent::Kind::Join)
                joined = true;
        });
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(joined, Timeout);
        session->sendMessage(QStringLiteral("#lan"), QStringLiteral("hello"));
        session->quit(QStringLiteral("bye"));
        QTRY_VERIFY_WITH_TIMEOUT(session->state() == bridge::SessionState::Disconnected, Timeout);
        delete session;
    }
    feed->flush();
    QTest::qWait(100);
    feed->flush();

    ui::LifecycleModel* life = dock.lifecycleModel();
    const quint64 listener = findSocket(*feed, SocketRole::Listener);
    QVERIFY(listener);
    dock.selectSocket(listener);
    QCOMPARE(life->stepName(0), QStringLiteral("socket"));
    QCOMPARE(life->stepName(3), QStringLiteral("accept"));
    verifyInOrder(*life, 5);
    QVERIFY(life->index(1, ui::LifecycleModel::CallColumn)
                .data()
                .toString()
                .contains(QLatin1String("127.0.0.1")));

    const quint64 accepted = findSocket(*feed, SocketRole::Accepted);
    QVERIFY(accepted);
    dock.selectSocket(accepted);
    QCOMPARE(life->stepName(0), QStringLiteral("accept"));
    QVERIFY(life->status(1) == Status::Done); // recv/send
    QVERIFY(life->status(3) == Status::Done); // closesocket
    verifyInOrder(*life, 2);

    const quint64 client = findSocket(*feed, SocketRole::Outgoing);
    QVERIFY(client);
    dock.selectSocket(client);
    QStringList names;
    for (int r = 0; r < life->rowCount(); ++r)
        names.append(life->stepName(r));
    QCOMPARE(names, (QStringList{QStringLiteral("getaddrinfo"), QStringLiteral("socket"),
                                 QStringLiteral("connect"), QStringLiteral("send/recv"),
                                 QStringLiteral("shutdown"), QStringLiteral("closesocket")}));
    verifyInOrder(*life, 4);
    QVERIFY2(life->status(5) == Status::Done, qPrintable(steps(*life)));
    QVERIFY(life->index(2, ui::LifecycleModel::CallColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("connect(")));
    // The Sockets table knows all three, closed now (greyed).
    ui::SocketsModel* sockets = dock.socketsModel();
    const int row = sockets->rowOf(client);
    QVERIFY(row >= 0);
    QCOMPARE(sockets->index(row, ui::SocketsModel::StateColumn).data().toString(),
             QStringLiteral("closed"));
    QVERIFY(sockets->index(row, 0).data(Qt::ForegroundRole).isValid());
    QVERIFY(sockets->index(row, ui::SocketsModel::BytesOutColumn).data().toULongLong() > 0);
}

void TestInspectorLive::refusedConnectShowsTheErrorOnConnect()
{
    // A port nobody listens on: bind one, note it, close it.
    quint16 port = 0;
    {
        bridge::HostService probe;
        QSignalSpy started(&probe, &bridge::HostService::started);
        QSignalSpy failed(&probe, &bridge::HostService::failed);
        bridge::HostSettings hs;
        hs.bind = QStringLiteral("127.0.0.1");
        hs.port = 0;
        hs.presenceMode.clear();
        probe.start(hs);
        QVERIFY2(
            QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, Timeout) &&
                failed.isEmpty(),
            failed.isEmpty() ? "no started()" : qPrintable(failed.first().at(0).toString()));
        port = probe.port();
    }
    ui::InspectorDock dock;
    bridge::SessionSettings ss;
    ss.host = QStringLiteral("127.0.0.1");
    ss.port = port;
    ss.nick = QStringLiteral("bob");
    ss.reconnect = false;
    bridge::ChatSession session(ss);
    session.start();
    TraceFeed* feed = dock.feed();
    QTRY_VERIFY_WITH_TIMEOUT(findSocket(*feed, SocketRole::Outgoing, true) != 0, Timeout);
    const quint64 client = findSocket(*feed, SocketRole::Outgoing, true);
    dock.selectSocket(client);
    ui::LifecycleModel* life = dock.lifecycleModel();
    QCOMPARE(life->stepName(2), QStringLiteral("connect"));
    QVERIFY2(life->status(2) == Status::Failed, qPrintable(steps(*life)));
    QVERIFY2(life->index(2, ui::LifecycleModel::ResultColumn)
                 .data()
                 .toString()
                 .contains(QLatin1String("ECONNREFUSED")),
             qPrintable(steps(*life)));
    QVERIFY(feed->socket(client)->lastError.contains(QLatin1String("ECONNREFUSED")));
}

void TestInspectorLive::bytesViewShowsTheBytesAndRecvChunks()
{
    ui::InspectorDock dock;
    TraceFeed* feed = dock.feed();
    netcore::NetError error;
    auto loop = netcore::EventLoop::start("select", &error);
    QVERIFY(loop);
    // 300 KB of a known pattern: more than one recv() of 64 KiB can take.
    QByteArray payload;
    for (int i = 0; payload.size() < 300000; ++i)
        payload += QByteArray::number(i) + ' ';
    std::mutex mutex;
    std::string received;
    std::shared_ptr<netcore::TcpConnection> server;
    std::shared_ptr<netcore::TcpConnection> client;
    std::unique_ptr<netcore::TcpListener> listener;
    std::atomic<quint16> port{0};
    loop->invoke([&] {
        netcore::ListenOptions options;
        options.host = "127.0.0.1";
        listener = netcore::TcpListener::open(
            *loop, options,
            [&](std::shared_ptr<netcore::TcpConnection> c) {
                server = c;
                c->setDataHandler([&](netcore::TcpConnection&, std::string_view data) {
                    std::lock_guard lock(mutex);
                    received.append(data);
                });
                c->start();
            },
            [](const netcore::NetError&) {}, &error);
        if (listener)
            port = listener->localAddress().port();
    });
    QVERIFY(port != 0);
    std::atomic<bool> connected{false};
    loop->invoke([&] {
        netcore::ConnectOptions options;
        options.host = "127.0.0.1";
        options.port = port;
        netcore::TcpConnector::connect(
            *loop, options,
            [&](std::shared_ptr<netcore::TcpConnection> c, const netcore::NetError&,
                const std::vector<netcore::ConnectAttempt>&) {
                client = c;
                if (c) {
                    c->start();
                    c->send(std::string_view(payload.constData(), std::size_t(payload.size())));
                }
                connected = true;
            });
    });
    QTRY_VERIFY_WITH_TIMEOUT(connected.load(), Timeout);
    QVERIFY(client);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            std::lock_guard lock(mutex);
            return received.size() == std::size_t(payload.size());
        }(),
        Timeout);
    const quint64 serverId = server->id();
    const quint64 clientId = client->id();
    loop->invoke([&] {
        client->abort();
        server->abort();
        listener->close();
    });
    loop->stop();
    feed->flush();
    QTest::qWait(100);
    feed->flush();

    // The receiving side: the chunks as recv() returned them, summing to the payload, each
    // starting with the payload's bytes at its offset.
    dock.selectSocket(serverId);
    ui::BytesModel* bytes = dock.bytesModel();
    const QList<ui::BytesModel::Chunk>& chunks = bytes->chunks();
    QVERIFY2(chunks.size() > 1, "the transfer was not split: nothing to show");
    // Every byte is there (a recv() moves at most 64 KiB, the feed's capture cap): the chunks
    // put together are the payload, byte for byte.
    QCOMPARE(feed->payloadCap(), 64 * 1024);
    quint64 total = 0;
    QByteArray joined;
    for (const ui::BytesModel::Chunk& chunk : chunks) {
        QCOMPARE(chunk.offset, total);
        QCOMPARE(quint64(chunk.data.size()), std::min<quint64>(chunk.bytes, 64 * 1024));
        QCOMPARE(chunk.data, payload.mid(qsizetype(chunk.offset), chunk.data.size()));
        joined += chunk.data;
        total += chunk.bytes;
    }
    QCOMPARE(total, quint64(payload.size()));
    if (joined.size() == payload.size())
        QCOMPARE(joined, payload);
    // The rows: each chunk starts a row of its own (the boundary), 16 bytes a row inside it.
    {
        int chunkOfPrevious = -1;
        qsizetype bytesSeen = 0;
        for (int r = 0; r < bytes->rowCount(); ++r) {
            const int chunk = bytes->index(r, 0).data(ui::inspector::ChunkRole).toInt();
            const QString head = bytes->index(r, ui::BytesModel::ChunkColumn).data().toString();
            QCOMPARE(!head.isEmpty(), chunk != chunkOfPrevious);
            if (chunk != chunkOfPrevious) {
                QVERIFY2(head.startsWith(QLatin1String("recv #")), qPrintable(head));
                QVERIFY(head.contains(QString::number(chunks[chunk].bytes)));
            }
            chunkOfPrevious = chunk;
            const QString hex = bytes->index(r, ui::BytesModel::HexColumn).data().toString();
            if (!hex.startsWith(QChar(u'\u2026')))
                bytesSeen += (hex.size() + 1) / 3;
        }
        QCOMPARE(bytesSeen, joined.size());
    }
    // Each chunk begins a row of its own and names itself.
    int heads = 0;
    for (int r = 0; r < bytes->rowCount(); ++r) {
        if (!bytes->index(r, ui::BytesModel::ChunkColumn).data().toString().isEmpty())
            ++heads;
    }
    QCOMPARE(heads, int(chunks.size()));
    QCOMPARE(bytes->index(0, ui::BytesModel::TextColumn).data().toString(),
             QString::fromLatin1(payload.left(16)));
    // The sending side shows what was sent; a send() of more than the cap says how many bytes
    // it did not capture, in a row of its own.
    dock.selectSocket(clientId);
    QVERIFY(!bytes->chunks().isEmpty());
    quint64 sentOffset = 0;
    bool sawCut = false;
    for (const ui::BytesModel::Chunk& chunk : bytes->chunks()) {
        QCOMPARE(chunk.data, payload.mid(qsizetype(sentOffset), chunk.data.size()));
        sawCut = sawCut || chunk.bytes > quint64(chunk.data.size());
        sentOffset += chunk.bytes;
    }
    QCOMPARE(sentOffset, quint64(payload.size()));
    if (sawCut) {
        bool cutRow = false;
        for (int r = 0; r < bytes->rowCount(); ++r)
            cutRow = cutRow || bytes->index(r, ui::BytesModel::HexColumn)
                                   .data()
                                   .toString()
                                   .contains(QLatin1String("not captured"));
        QVERIFY(cutRow);
    }
}

namespace {

// A loop, a listener on 127.0.0.1 and what it accepted; torn down in order.
struct Loopback
{
    std::unique_ptr<netcore::EventLoop> loop;
    std::unique_ptr<netcore::TcpListener> listener;
    std::shared_ptr<netcore::TcpConnection> server;
    std::shared_ptr<netcore::TcpConnection> client;
    std::atomic<quint16> port{0};
    std::atomic<bool> connected{false};
    std::atomic<bool> clientClosed{false};
    std::atomic<bool> accepted{false};

    bool open()
    {
        netcore::NetError error;
        loop = netcore::EventLoop::start("select", &error);
        if (!loop)
            return false;
        loop->invoke([&] {
            netcore::ListenOptions options;
            options.host = "127.0.0.1";
            listener = netcore::TcpListener::open(
                *loop, options,
                [this](std::shared_ptr<netcore::TcpConnection> c) {
                    server = c;
                    c->start();
                    accepted = true;
                },
                [](const netcore::NetError&) {}, &error);
            if (listener)
                port = listener->localAddress().port();
        });
        return port != 0;
    }
    void connect(netcore::ConnectOptions options)
    {
        loop->invoke([this, options] {
            netcore::TcpConnector::connect(
                *loop, options,
                [this](std::shared_ptr<netcore::TcpConnection> c, const netcore::NetError&,
                       const std::vector<netcore::ConnectAttempt>&) {
                    client = c;
                    if (c) {
                        c->setCloseHandler(
                            [this](netcore::TcpConnection&, const netcore::NetError&) {
                                clientClosed = true;
                            });
                        c->start();
                    }
                    connected = true;
                });
        });
    }
    ~Loopback()
    {
        if (loop) {
            loop->invoke([this] {
                if (client)
                    client->abort();
                if (server)
                    server->abort();
                if (listener)
                    listener->close();
            });
            loop->stop();
        }
    }
};

quint16 unusedPort()
{
    // A port nobody listens on: bind one, note it, close it.
    Loopback probe;
    return probe.open() ? probe.port.load() : 0;
}

} // namespace

void TestInspectorLive::peerResetShowsOnTheSocket()
{
    ui::InspectorDock dock;
    TraceFeed* feed = dock.feed();
    Loopback net;
    QVERIFY(net.open());
    netcore::ConnectOptions options;
    options.host = "127.0.0.1";
    options.port = net.port;
    net.connect(options);
    QTRY_VERIFY_WITH_TIMEOUT(net.connected && net.accepted, Timeout);
    QVERIFY(net.client);
    const quint64 clientId = net.client->id();
    // The peer resets the connection (SO_LINGER {1, 0} and close: an RST, not a FIN).
    net.loop->invoke([&] { net.server->abort(); });
    QTRY_VERIFY_WITH_TIMEOUT(net.clientClosed.load(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(feed->socket(clientId) && feed->socket(clientId)->closed, Timeout);
    feed->flush();

    dock.selectSocket(clientId);
    ui::SocketsModel* sockets = dock.socketsModel();
    const int row = sockets->rowOf(clientId);
    QVERIFY(row >= 0);
    const QString lastError = sockets->index(row, ui::SocketsModel::ErrorColumn).data().toString();
    QVERIFY2(lastError.startsWith(QLatin1String("ECONNRESET")), qPrintable(lastError));
    QCOMPARE(sockets->index(row, ui::SocketsModel::ErrorColumn).data(Qt::ForegroundRole).isValid(),
             true);
    // The Lifecycle marks the step where it happened (the recv) failed, and explains it.
    ui::LifecycleModel* life = dock.lifecycleModel();
    int failed = -1;
    for (int r = 0; r < life->rowCount(); ++r) {
        if (life->status(r) == Status::Failed)
            failed = r;
    }
    QVERIFY2(failed >= 0, qPrintable(steps(*life)));
    QCOMPARE(life->stepName(failed), QStringLiteral("send/recv"));
    QVERIFY2(life->index(failed, ui::LifecycleModel::ResultColumn)
                 .data()
                 .toString()
                 .contains(QLatin1String("ECONNRESET")),
             qPrintable(steps(*life)));
    QVERIFY(life->index(failed, ui::LifecycleModel::NoteColumn)
                .data()
                .toString()
                .contains(QLatin1String("reset")));
}

void TestInspectorLive::connectTryingEachAddressIsOneClientSequence()
{
    ui::InspectorDock dock;
    TraceFeed* feed = dock.feed();
    const quint16 dead = unusedPort();
    QVERIFY(dead);
    Loopback net;
    QVERIFY(net.open());
    // Two addresses in this order: nobody listens on the first, the host on the second.
    netcore::ConnectOptions options;
    options.host = "lanchat.test";
    options.port = net.port;
    const quint16 live = net.port;
    options.resolver = [dead, live](const std::string&, std::uint16_t) {
        netcore::ResolveResult result;
        result.addresses = {netcore::SocketAddress::fromNumeric("127.0.0.1", dead),
                            netcore::SocketAddress::fromNumeric("127.0.0.1", live)};
        return result;
    };
    net.connect(options);
    QTRY_VERIFY_WITH_TIMEOUT(net.connected.load(), Timeout);
    QVERIFY(net.client);
    const quint64 clientId = net.client->id();
    QTRY_VERIFY_WITH_TIMEOUT(feed->socket(clientId) != nullptr, Timeout);
    feed->flush();

    dock.selectSocket(clientId);
    ui::LifecycleModel* life = dock.lifecycleModel();
    QCOMPARE(life->attempts().size(), 2);
    QCOMPARE(life->attempts().last(), clientId);
    QVERIFY2(life->sequenceName().contains(QLatin1String("trying each address")),
             qPrintable(life->sequenceName()));
    QStringList names;
    for (int r = 0; r < life->rowCount(); ++r)
        names.append(life->stepName(r));
    QCOMPARE(names,
             (QStringList{QStringLiteral("getaddrinfo"), QStringLiteral("socket (address 1 of 2)"),
                          QStringLiteral("connect (address 1 of 2)"),
                          QStringLiteral("closesocket (address 1 of 2)"),
                          QStringLiteral("socket (address 2 of 2)"),
                          QStringLiteral("connect (address 2 of 2)"), QStringLiteral("send/recv"),
                          QStringLiteral("shutdown"), QStringLiteral("closesocket")}));
    QVERIFY2(life->status(2) == Status::Failed, qPrintable(steps(*life)));
    QVERIFY(life->index(2, ui::LifecycleModel::ResultColumn)
                .data()
                .toString()
                .contains(QLatin1String("ECONNREFUSED")));
    QVERIFY(life->index(2, ui::LifecycleModel::CallColumn)
                .data()
                .toString()
                .contains(QString::number(dead)));
    QVERIFY(life->status(3) == Status::Done);
    QVERIFY(life->status(4) == Status::Done);
    QVERIFY2(life->status(5) == Status::Done || life->status(5) == Status::Current,
             qPrintable(steps(*life)));
    QVERIFY(life->index(5, ui::LifecycleModel::CallColumn)
                .data()
                .toString()
                .contains(QString::number(live)));
    // Selecting the failed attempt's socket shows the same sequence.
    const quint64 first = life->attempts().first();
    dock.selectSocket(first);
    QCOMPARE(life->attempts(), (QList<quint64>{first, clientId}));
    QCOMPARE(life->rowCount(), 9);
}

void TestInspectorLive::selectSocketJumpsEveryView()
{
    // What a chat tab's "jump to its socket" calls: InspectorDock::selectSocket(id), right
    // after the connect (the feed may not have delivered the socket yet).
    ui::InspectorDock dock;
    dock.resize(1000, 600);
    dock.show();
    TraceFeed* feed = dock.feed();
    Loopback net;
    QVERIFY(net.open());
    netcore::ConnectOptions options;
    options.host = "127.0.0.1";
    options.port = net.port;
    net.connect(options);
    QTRY_VERIFY_WITH_TIMEOUT(net.connected && net.accepted, Timeout);
    const quint64 clientId = net.client->id();
    QSignalSpy selected(&dock, &ui::InspectorDock::socketSelected);
    dock.selectSocket(clientId);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().at(0).toULongLong(), clientId);
    QCOMPARE(dock.currentSocket(), clientId);
    QVERIFY(feed->socket(clientId));
    QCOMPARE(dock.socketsView()->currentIndex().row(), dock.socketsModel()->rowOf(clientId));
    QCOMPARE(dock.lifecycleModel()->socket(), clientId);
    QCOMPARE(dock.lifecycleModel()->stepName(2), QStringLiteral("connect"));
    QCOMPARE(dock.timelineView()->currentIndex().data(ui::inspector::SocketIdRole).toULongLong(),
             clientId);
    QVERIFY(dock.loopModel()->mentions(dock.loopView()->currentIndex().row(), clientId));
    QCOMPARE(dock.bytesModel()->socket(), clientId);
}

// Issue 14, bug 5: after hosting on a port in use, the socket whose bind() failed is shown as the
// listener it was (the server sequence with its bind failed, its role and the address it asked
// for), not as a client with getaddrinfo and connect.
void TestInspectorLive::hostingOnAPortInUseShowsTheListenersFailedBind()
{
    ui::InspectorDock dock;
    TraceFeed* feed = dock.feed();
    bridge::HostService first;
    QSignalSpy firstStarted(&first, &bridge::HostService::started);
    bridge::HostSettings hs;
    hs.bind = QStringLiteral("127.0.0.1");
    hs.port = 0;
    hs.presenceMode.clear();
    first.start(hs);
    QVERIFY(QTest::qWaitFor([&] { return !firstStarted.isEmpty(); }, Timeout));
    bridge::HostService second;
    QSignalSpy failed(&second, &bridge::HostService::failed);
    hs.port = first.port();
    second.start(hs);
    QVERIFY(QTest::qWaitFor([&] { return !failed.isEmpty(); }, Timeout));
    feed->flush();
    QTest::qWait(50);
    feed->flush();

    quint64 socket = 0;
    for (int i = 0; i < feed->size() && !socket; ++i) {
        const bridge::TraceRecord& r = feed->at(i);
        if (r.call == bridge::TraceCall::Bind && r.error)
            socket = r.socket;
    }
    QVERIFY2(socket, "no failed bind() in the trace");
    const QString taken = QStringLiteral("127.0.0.1:%1").arg(first.port());
    ui::SocketsModel* sockets = dock.socketsModel();
    const int row = sockets->rowOf(socket);
    QVERIFY(row >= 0);
    QCOMPARE(sockets->index(row, ui::SocketsModel::RoleColumn).data().toString(),
             QStringLiteral("listener"));
    QCOMPARE(sockets->index(row, ui::SocketsModel::LocalColumn).data().toString(), taken);
    QCOMPARE(sockets->index(row, ui::SocketsModel::StateColumn).data().toString(),
             QStringLiteral("closed"));
    QVERIFY(!sockets->index(row, ui::SocketsModel::ErrorColumn).data().toString().isEmpty());

    dock.selectSocket(socket);
    ui::LifecycleModel* life = dock.lifecycleModel();
    QCOMPARE(life->sequenceName(), QStringLiteral("server (listener)"));
    int bindRow = -1;
    for (int r = 0; r < life->rowCount(); ++r) {
        QVERIFY2(life->stepName(r) != QLatin1String("getaddrinfo") &&
                     life->stepName(r) != QLatin1String("connect"),
                 qPrintable(steps(*life)));
        if (life->stepName(r) == QLatin1String("bind"))
            bindRow = r;
    }
    QVERIFY2(bindRow >= 0, qPrintable(steps(*life)));
    QCOMPARE(life->status(bindRow), Status::Failed);
    QVERIFY2(life->index(bindRow, ui::LifecycleModel::CallColumn).data().toString().contains(taken),
             qPrintable(steps(*life)));
    QCOMPARE(life->status(bindRow + 1), Status::Pending); // never listened
}

QTEST_MAIN(TestInspectorLive)
#include "tst_inspectorlive.moc"
