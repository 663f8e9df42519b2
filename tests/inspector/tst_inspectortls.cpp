// SPDX-License-Identifier: GPL-3.0-or-later
// The Inspector on a TLS chat (issue 16): a real host with TLS and a client pinned to its
// fingerprint on 127.0.0.1 (the bridge's HostService and ChatSession), followed through the
// dock. The Sockets table names the version, cipher and fingerprint; the Lifecycle has the
// handshake as steps between connect (accept) and send/recv, on both ends; the Bytes view shows
// the records on the wire with the IRC lines they carried beneath; a refused certificate is a
// failed step that says why.

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "bridge/tracefeed.h"
#include "inspector/bytesmodel.h"
#include "inspector/inspectordock.h"
#include "inspector/lifecyclemodel.h"
#include "inspector/socketsmodel.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using bridge::SocketRole;
using bridge::TraceFeed;
using Status = ui::LifecycleModel::Status;

namespace {

constexpr int Timeout = 30000;

// The TLS socket of that role, the latest.
quint64 tlsSocket(const TraceFeed& feed, SocketRole role)
{
    quint64 found = 0;
    for (const quint64 id : feed.socketIds()) {
        const bridge::SocketInfo* s = feed.socket(id);
        if (s->role == role && s->tls)
            found = id;
    }
    return found;
}

QStringList stepNames(const ui::LifecycleModel& m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.append(m.stepName(r));
    return out;
}

QString describe(const ui::LifecycleModel& m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.append(m.index(r, 0).data().toString() + QLatin1String(" | ") +
                   m.index(r, ui::LifecycleModel::ResultColumn).data().toString() +
                   QLatin1String(" | ") +
                   m.index(r, ui::LifecycleModel::NoteColumn).data().toString());
    return out.join(QLatin1Char('\n'));
}

// Each of `wanted` in `all`, in that order.
bool inOrder(const QStringList& all, const QStringList& wanted)
{
    qsizetype at = 0;
    for (const QString& step : wanted) {
        at = all.indexOf(step, at);
        if (at < 0)
            return false;
        ++at;
    }
    return true;
}

// The Bytes view's rows, as "chunk | offset | hex | text".
QStringList rows(const ui::BytesModel& m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < ui::BytesModel::ColumnCount; ++c)
            cells.append(m.index(r, c).data().toString());
        out.append(cells.join(QLatin1String(" | ")));
    }
    return out;
}

struct TlsChat
{
    QTemporaryDir dir;
    std::unique_ptr<bridge::HostService> host;
    std::unique_ptr<bridge::ChatSession> session;
    bool joined = false;
};

} // namespace

class TestInspectorTls : public QObject
{
    Q_OBJECT

private slots:
    void aPinnedChatShowsBothLayers();
    void aRefusedCertificateIsAFailedStep();

private:
    // A host with TLS on any free port, and a client joining it over TLS pinned to `pin`
    // (its own fingerprint when empty).
    std::unique_ptr<TlsChat> chat(const QString& pin = {});
};

std::unique_ptr<TlsChat> TestInspectorTls::chat(const QString& pin)
{
    auto c = std::make_unique<TlsChat>();
    c->host = std::make_unique<bridge::HostService>();
    QSignalSpy started(c->host.get(), &bridge::HostService::started);
    QSignalSpy failed(c->host.get(), &bridge::HostService::failed);
    bridge::HostSettings hs;
    hs.bind = QStringLiteral("127.0.0.1");
    hs.port = 0;
    hs.tls = true;
    hs.tlsPort = 0;
    hs.tlsDirectory = c->dir.path();
    hs.presenceMode.clear();
    c->host->start(hs);
    if (!QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, Timeout) ||
        !failed.isEmpty() || !c->host->tlsPort()) {
        qWarning() << "the host did not start with TLS:" << failed;
        return nullptr;
    }
    bridge::SessionSettings ss;
    ss.host = QStringLiteral("127.0.0.1");
    ss.port = c->host->tlsPort();
    ss.nick = QStringLiteral("alice");
    ss.reconnect = false;
    ss.tls = true;
    ss.tlsFingerprint = pin.isEmpty() ? c->host->tlsFingerprint() : pin;
    c->session = std::make_unique<bridge::ChatSession>(ss);
    TlsChat* raw = c.get();
    connect(c->session.get(), &bridge::ChatSession::event, this, [raw](const bridge::ChatEvent& e) {
        if (e.kind == bridge::ChatEvent::Kind::Join)
            raw->joined = true;
    });
    c->session->start();
    return c;
}

void TestInspectorTls::aPinnedChatShowsBothLayers()
{
    ui::InspectorDock dock;
    TraceFeed* feed = dock.feed();
    auto c = chat();
    QVERIFY(c);
    const QString fingerprint = c->host->tlsFingerprint();
    QTRY_VERIFY_WITH_TIMEOUT(c->joined, Timeout);
    const QString words = QStringLiteral("hello from inside the records");
    c->session->sendMessage(QStringLiteral("#lan"), words);
    QTest::qWait(300);
    feed->flush();

    // The Sockets table: the client's connection says what its handshake agreed.
    const quint64 client = tlsSocket(*feed, SocketRole::Outgoing);
    const quint64 accepted = tlsSocket(*feed, SocketRole::Accepted);
    QVERIFY(client && accepted);
    ui::SocketsModel sockets(feed);
    const int row = sockets.rowOf(client);
    QVERIFY(row >= 0);
    const QString tls = sockets.index(row, ui::SocketsModel::TlsColumn).data().toString();
    QVERIFY2(tls.startsWith(QLatin1String("TLSv1.3, TLS_")), qPrintable(tls));
    QVERIFY2(tls.contains(fingerprint.left(8)), qPrintable(tls));
    QVERIFY(sockets.index(row, ui::SocketsModel::TlsColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(fingerprint));
    QCOMPARE(sockets.index(sockets.rowOf(accepted), ui::SocketsModel::TlsColumn).data(), tls);
    QVERIFY(sockets.index(row, ui::SocketsModel::BytesOutColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QLatin1String("plaintext")));
    // The listener carries no TLS of its own.
    const int listenerRow = sockets.rowOf([&] {
        quint64 id = 0;
        for (const quint64 s : feed->socketIds())
            if (feed->socket(s)->role == SocketRole::Listener)
                id = s;
        return id;
    }());
    QCOMPARE(sockets.index(listenerRow, ui::SocketsModel::TlsColumn).data().toString(), QString());

    // The Lifecycle: the handshake between connect and send/recv, each step done.
    ui::LifecycleModel* life = dock.lifecycleModel();
    dock.selectSocket(client);
    const QStringList mine = stepNames(*life);
    QVERIFY2(inOrder(mine, {QStringLiteral("connect"), QStringLiteral("TLS: ClientHello sent"),
                            QStringLiteral("TLS: ServerHello received"),
                            QStringLiteral("TLS: Certificate received"),
                            QStringLiteral("TLS: Finished received"),
                            QStringLiteral("TLS: Finished sent"), QStringLiteral("TLS established"),
                            QStringLiteral("send/recv")}),
             qPrintable(describe(*life)));
    QVERIFY(life->sequenceName().contains(QLatin1String("TLS")));
    const int established = int(mine.indexOf(QStringLiteral("TLS established")));
    for (int r = 0; r <= established; ++r)
        QVERIFY2(life->status(r) == Status::Done, qPrintable(describe(*life)));
    QVERIFY(life->index(established, ui::LifecycleModel::ResultColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("TLSv1.3, TLS_")));
    QVERIFY(life->index(established, ui::LifecycleModel::NoteColumn)
                .data()
                .toString()
                .contains(fingerprint));
    // The host's end: the same messages the other way round, after accept.
    dock.selectSocket(accepted);
    QVERIFY2(inOrder(stepNames(*life),
                     {QStringLiteral("accept"), QStringLiteral("TLS: ClientHello received"),
                      QStringLiteral("TLS: ServerHello sent"), QStringLiteral("TLS: Finished sent"),
                      QStringLiteral("TLS established"), QStringLiteral("recv/send")}),
             qPrintable(describe(*life)));

    // The Bytes view: what the client sent is records (the first a handshake record in the
    // clear), and beneath the chunks the IRC lines they carried; the words are never in the
    // bytes themselves.
    ui::BytesModel* bytes = dock.bytesModel();
    bytes->setSocket(client);
    bytes->setIncoming(false);
    QVERIFY(bytes->tls());
    const QStringList sent = rows(*bytes);
    const QString all = sent.join(QLatin1Char('\n'));
    QVERIFY2(sent.size() > 2 && sent[0].contains(QLatin1String("TLS record: handshake (22)")),
             qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("TLS record: application_data (23)")), qPrintable(all));
    int lineRow = -1;
    for (int r = 0; r < sent.size(); ++r) {
        // The rows of bytes on the wire (with an offset, not a record's header) never show them.
        const bool wire =
            !bytes->index(r, ui::BytesModel::OffsetColumn).data().toString().isEmpty() &&
            !bytes->index(r, ui::BytesModel::HexColumn)
                 .data()
                 .toString()
                 .startsWith(QLatin1String("TLS record"));
        const QString text = bytes->index(r, ui::BytesModel::TextColumn).data().toString();
        QVERIFY2(!wire || !text.contains(QLatin1String("hello")), qPrintable(all));
        if (sent[r].contains(QLatin1String("PRIVMSG #lan :") + words))
            lineRow = r;
    }
    QVERIFY2(lineRow >= 0, qPrintable(all));
    QVERIFY(all.contains(QLatin1String("NICK alice\\r\\n")));
    // What came back: the welcome, decrypted beneath the records that brought it.
    bytes->setIncoming(true);
    const QString received = rows(*bytes).join(QLatin1Char('\n'));
    QVERIFY2(received.contains(QLatin1String(" 001 alice ")), qPrintable(received));
    QVERIFY2(received.contains(QLatin1String("SSL_read")) ||
                 received.contains(QLatin1String("DecryptMessage")),
             qPrintable(received));

    // Choosing the SSL_write of the words in the Timeline shows the send that carried them.
    quint64 writeSeq = 0;
    for (int i = 0; i < feed->size(); ++i) {
        const bridge::TraceRecord& r = feed->at(i);
        if (r.socket == client && r.call == bridge::TraceCall::TlsEncrypt &&
            r.data.contains(words.toUtf8()))
            writeSeq = r.seq;
    }
    QVERIFY(writeSeq);
    bytes->setEvent(writeSeq);
    QVERIFY(!bytes->incoming());
    QVERIFY(bytes->selectedRow() >= 0);
    const QStringList carried = rows(*bytes);
    bool found = false;
    for (int r = bytes->selectedRow() + 1; r < carried.size() && !found; ++r) {
        if (!carried[r].split(QLatin1String(" | "))[0].isEmpty() &&
            !carried[r].contains(QStringLiteral("\u21b3")))
            break; // the next chunk
        found = carried[r].contains(words);
    }
    QVERIFY2(found, qPrintable(carried.join(QLatin1Char('\n'))));
    c->session->quit(QStringLiteral("bye"));
    QTRY_VERIFY_WITH_TIMEOUT(c->session->state() == bridge::SessionState::Disconnected, Timeout);
}

void TestInspectorTls::aRefusedCertificateIsAFailedStep()
{
    ui::InspectorDock dock;
    TraceFeed* feed = dock.feed();
    const QString other = QStringLiteral("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:"
                                         "01:23:45:67:89:AB:CD:EF:01:23:45:67:"
                                         "89");
    auto c = chat(other);
    QVERIFY(c);
    // The refused connection's socket, closed (not the session's state: it starts disconnected).
    quint64 client = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            feed->flush();
            client = tlsSocket(*feed, SocketRole::Outgoing);
            return client && feed->socket(client)->closed;
        }(),
        Timeout);
    ui::LifecycleModel* life = dock.lifecycleModel();
    dock.selectSocket(client);
    const QStringList names = stepNames(*life);
    const int failed = int(names.indexOf(QStringLiteral("TLS handshake failed")));
    QVERIFY2(failed > 0, qPrintable(describe(*life)));
    QCOMPARE(life->status(failed), Status::Failed);
    QVERIFY(!names.contains(QStringLiteral("TLS established")));
    const QString note = life->index(failed, ui::LifecycleModel::NoteColumn).data().toString();
    QVERIFY2(note.startsWith(QLatin1String("TLS_FINGERPRINT_CHANGED (4): ")), qPrintable(note));
    QVERIFY2(note.contains(QLatin1String("remembered")), qPrintable(note));
    ui::SocketsModel sockets(feed);
    const int row = sockets.rowOf(client);
    QCOMPARE(sockets.index(row, ui::SocketsModel::TlsColumn).data().toString(),
             QStringLiteral("TLS, no handshake"));
    QVERIFY(sockets.index(row, ui::SocketsModel::ErrorColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("TLS_FINGERPRINT_CHANGED")));
}

QTEST_MAIN(TestInspectorTls)
#include "tst_inspectortls.moc"
