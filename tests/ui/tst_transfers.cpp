// SPDX-License-Identifier: GPL-3.0-or-later
// Files in the window (issue 17): an offer shows in the private chat with its sender and in the
// Transfers list, and nothing is written until Accept (or the sender is in Settings' auto-accept
// list); the file arrives whole in the download folder; Decline tells the sender; the window
// sends by /dcc send, by files dropped on a private chat; a peer's file name is shown as text.
// The other person is a ChatSession of the test's own (the bridge the window uses), through a
// real host on loopback.

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "bridge/tracefeed.h"
#include "chat/chatpage.h"
#include "inspector/inspectordock.h"
#include "inspector/socketwords.h"
#include "transfers/transferspanel.h"
#include "widget_test_support.h"
#include "window_test_support.h"

#include <QDesktopServices>
#include <QDockWidget>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QSet>
#include <QTextBlock>
#include <QTreeWidget>
#include <QUrl>

using namespace uitest;

namespace {

QByteArray someBytes(int size, int seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    quint32 x = static_cast<quint32>(seed) * 2654435761u + 1;
    for (char& c : bytes) {
        x = x * 1103515245u + 12345u;
        c = static_cast<char>(x >> 24);
    }
    return bytes;
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(cannot read)");
}

// The other person: a chat session of the test's own, with every transfer event it had.
struct Peer
{
    explicit Peer(quint16 port)
    {
        bridge::SessionSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = port;
        s.nick = QStringLiteral("ada");
        session = std::make_unique<bridge::ChatSession>(s);
        QObject::connect(session.get(), &bridge::ChatSession::transferChanged, session.get(),
                         [this](bridge::TransferChange c, const bridge::TransferInfo& info,
                                const QString& text) {
                             changes.append({c, info});
                             if (c == bridge::TransferChange::Problem)
                                 problems.append(text);
                             if (c == bridge::TransferChange::Offered && !takeInto.isEmpty())
                                 session->acceptTransfer(info.id, takeInto);
                         });
        session->start();
    }
    bool registered() const
    {
        return QTest::qWaitFor([&] { return session->state() == bridge::SessionState::Registered; },
                               Timeout);
    }
    // The last state of the first transfer that ended.
    std::optional<bridge::TransferInfo> finished() const
    {
        for (const auto& [change, info] : changes)
            if (info.finished())
                return info;
        return std::nullopt;
    }
    bool waitFinished() const
    {
        return QTest::qWaitFor([&] { return finished().has_value(); }, Timeout);
    }

    std::unique_ptr<bridge::ChatSession> session;
    QList<QPair<bridge::TransferChange, bridge::TransferInfo>> changes;
    QStringList problems;
    QString takeInto; // offers are taken into this folder when set
};

// The target of the last link in a chat whose text is `text` ("" when there is none).
QString lastLink(ui::ChatPage* page, const QString& text)
{
    page->view()->flush();
    QString href;
    for (QTextBlock b = page->view()->document()->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isAnchor() && it.fragment().text() == text)
                href = it.fragment().charFormat().anchorHref();
    return href;
}

// The window's row for the first transfer, once it is in `state`.
bool waitRow(const Window& w, bridge::TransferInfo::State state)
{
    return QTest::qWaitFor(
        [&] {
            QTreeWidgetItem* item = w->transfers()->list()->topLevelItem(0);
            return item && w->transfers()->info(item).state == state;
        },
        Timeout);
}

QString rowState(const Window& w)
{
    QTreeWidgetItem* item = w->transfers()->list()->topLevelItem(0);
    if (!item)
        return QStringLiteral("(no row)");
    const auto info = w->transfers()->info(item);
    return bridge::transferStateText(info.state) + QLatin1Char(' ') + info.error;
}

} // namespace

class TestTransfers : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void offerIsAskedThenSaved();
    void declineTellsTheSender();
    void autoAcceptedNickNeedsNoClick();
    void windowSendsByCommandAndByDrop();

private:
    bridge::HostService host;
    QTemporaryDir files;
};

void TestTransfers::init()
{
    if (!host.isRunning()) {
        const QString error = startHost(host, loopbackHost());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    QVERIFY(files.isValid());
}

void TestTransfers::offerIsAskedThenSaved()
{
    Window w(QStringLiteral("bob"), freeUdpPort());
    const QString downloads = files.path() + QStringLiteral("/bob-downloads");
    w.store->setValue(QStringLiteral("files/folder"), downloads);
    w->appSettings().downloadFolder = downloads;
    QVERIFY(w.show());
    QVERIFY(w->joinHost(QStringLiteral("127.0.0.1:%1").arg(host.port())));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")), qPrintable(tail(w.serverPage())));
    Peer ada(host.port());
    QVERIFY(ada.registered());

    const QString name = QStringLiteral("holiday photo.jpg");
    const QByteArray bytes = someBytes(1500000, 1);
    QVERIFY(writeFile(files.path() + QLatin1Char('/') + name, bytes));
    ada.session->sendFile(QStringLiteral("bob"), files.path() + QLatin1Char('/') + name);

    QVERIFY2(waitRow(w, bridge::TransferInfo::State::Offered), qPrintable(rowState(w)));
    ui::ChatPage* chat = w.page(QStringLiteral("ada"));
    QVERIFY(chat);
    QVERIFY2(viewText(chat).contains(QLatin1String("offers you the file holiday photo.jpg (")),
             qPrintable(tail(chat)));
    QVERIFY(w->findChild<QDockWidget*>(QStringLiteral("transfersDock"))->isVisible());
    QTreeWidgetItem* row = w->transfers()->list()->topLevelItem(0);
    QCOMPARE(row->text(ui::TransfersPanel::PersonColumn), QStringLiteral("ada"));
    QVERIFY(row->text(ui::TransfersPanel::FileColumn).endsWith(name));
    // Nothing written before the user says yes.
    QTest::qWait(200);
    QVERIFY(!QDir(downloads).exists() || QDir(downloads).isEmpty());

    // The answers are on the offer's line: Accept, Save as..., Decline. Yes, from the chat.
    QVERIFY(!lastLink(chat, QStringLiteral("Save as...")).isEmpty());
    QVERIFY(!lastLink(chat, QStringLiteral("Decline")).isEmpty());
    const QString accept = lastLink(chat, QStringLiteral("Accept"));
    QVERIFY2(accept.startsWith(QLatin1String("lanchat:transfer?")), qPrintable(tail(chat)));
    QVERIFY(QDesktopServices::openUrl(QUrl(accept)));
    QVERIFY2(waitRow(w, bridge::TransferInfo::State::Done), qPrintable(rowState(w)));
    QCOMPARE(readFile(downloads + QStringLiteral("/holiday photo.jpg")), bytes);
    QVERIFY(ada.waitFinished());
    QCOMPARE(ada.finished()->state, bridge::TransferInfo::State::Done);
    QVERIFY2(QTest::qWaitFor([&] { return viewText(chat).contains(QLatin1String("Received")); },
                             Timeout),
             qPrintable(tail(chat)));
    // A link of an offer already answered changes nothing, and says so.
    QVERIFY(QDesktopServices::openUrl(QUrl(lastLink(chat, QStringLiteral("Decline")))));
    QVERIFY2(viewText(chat).contains(QLatin1String("no longer waiting")), qPrintable(tail(chat)));
    QCOMPARE(w->transfers()->info(row).state, bridge::TransferInfo::State::Done);

    // The Socket Inspector knows the transfer's sockets by their roles: ada's listener (a
    // client program running the server sequence) and the connection each side had.
    bridge::TraceFeed* feed = w->inspector()->feed();
    feed->flush();
    QSet<bridge::SocketRole> roles;
    for (const quint64 id : feed->socketIds())
        if (const bridge::SocketInfo* s = feed->socket(id))
            roles.insert(s->role);
    QVERIFY(roles.contains(bridge::SocketRole::DccListener));
    QVERIFY(roles.contains(bridge::SocketRole::DccSend));
    QVERIFY(roles.contains(bridge::SocketRole::DccReceive));
    QCOMPARE(ui::SocketWords::role(bridge::SocketRole::DccListener),
             QStringLiteral("DCC listener"));
}

void TestTransfers::declineTellsTheSender()
{
    Window w(QStringLiteral("bob"), freeUdpPort());
    QVERIFY(w.show());
    QVERIFY(w->joinHost(QStringLiteral("127.0.0.1:%1").arg(host.port())));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")), qPrintable(tail(w.serverPage())));
    Peer ada(host.port());
    QVERIFY(ada.registered());
    // A peer's name with markup in it (as another client may send it): shown as text.
    ada.session->sendRaw(QStringLiteral("PRIVMSG bob :\x01"
                                        "DCC SEND \"<b>bold</b>.txt\" 2130706433 1 10\x01"));
    QVERIFY2(waitRow(w, bridge::TransferInfo::State::Offered), qPrintable(rowState(w)));
    ui::ChatPage* chat = w.page(QStringLiteral("ada"));
    QVERIFY(chat);
    QVERIFY2(viewText(chat).contains(QLatin1String("the file <b>bold</b>.txt")),
             qPrintable(tail(chat)));
    QVERIFY(w->transfers()
                ->list()
                ->topLevelItem(0)
                ->text(ui::TransfersPanel::FileColumn)
                .endsWith(QLatin1String("<b>bold</b>.txt")));
    // The name Save as suggests is netcore's safe one (no path, no character Windows forbids).
    QCOMPARE(w->transfers()->info(w->transfers()->list()->topLevelItem(0)).safeName,
             QStringLiteral("b_.txt")); // its last part after the "/"
    w->transfers()->list()->setCurrentItem(w->transfers()->list()->topLevelItem(0));
    w->transfers()->decline();
    QVERIFY2(waitRow(w, bridge::TransferInfo::State::Failed), qPrintable(rowState(w)));

    QVERIFY(writeFile(files.path() + QStringLiteral("/unwanted.exe"), someBytes(1000, 2)));
    ada.session->sendFile(QStringLiteral("bob"), files.path() + QStringLiteral("/unwanted.exe"));
    QVERIFY2(QTest::qWaitFor([&] { return w->transfers()->count() == 2; }, Timeout),
             qPrintable(rowState(w)));
    QVERIFY2(waitRow(w, bridge::TransferInfo::State::Offered), qPrintable(rowState(w)));
    w->transfers()->list()->setCurrentItem(w->transfers()->list()->topLevelItem(0));
    w->transfers()->decline();
    QVERIFY(ada.waitFinished());
    QCOMPARE(ada.finished()->state, bridge::TransferInfo::State::Failed);
    QCOMPARE(ada.finished()->errorName, QStringLiteral("DCC_DECLINED"));
    QVERIFY2(waitRow(w, bridge::TransferInfo::State::Failed), qPrintable(rowState(w)));
}

void TestTransfers::autoAcceptedNickNeedsNoClick()
{
    Window w(QStringLiteral("bob"), freeUdpPort());
    const QString downloads = files.path() + QStringLiteral("/auto");
    w->appSettings().downloadFolder = downloads;
    w->appSettings().autoAcceptFrom = {QStringLiteral("ADA")}; // folded as the host folds
    QVERIFY(w.show());
    QVERIFY(w->joinHost(QStringLiteral("127.0.0.1:%1").arg(host.port())));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")), qPrintable(tail(w.serverPage())));
    Peer ada(host.port());
    QVERIFY(ada.registered());
    const QByteArray bytes = someBytes(300000, 3);
    QVERIFY(writeFile(files.path() + QStringLiteral("/notes.txt"), bytes));
    ada.session->sendFile(QStringLiteral("bob"), files.path() + QStringLiteral("/notes.txt"),
                          true); // passive: the window listens
    QVERIFY2(waitRow(w, bridge::TransferInfo::State::Done), qPrintable(rowState(w)));
    QCOMPARE(readFile(downloads + QStringLiteral("/notes.txt")), bytes);
}

void TestTransfers::windowSendsByCommandAndByDrop()
{
    Window w(QStringLiteral("bob"), freeUdpPort());
    QVERIFY(w.show());
    QVERIFY(w->joinHost(QStringLiteral("127.0.0.1:%1").arg(host.port())));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")), qPrintable(tail(w.serverPage())));
    Peer ada(host.port());
    QVERIFY(ada.registered());
    ada.takeInto = files.path() + QStringLiteral("/ada");
    QVERIFY(QDir().mkpath(ada.takeInto));

    const QByteArray first = someBytes(200000, 4);
    QVERIFY(writeFile(files.path() + QStringLiteral("/by command.bin"), first));
    typeLine(w.page(QStringLiteral("#lan")),
             QStringLiteral("/dcc send ada ") + files.path() + QStringLiteral("/by command.bin"));
    QVERIFY(ada.waitFinished());
    QCOMPARE(ada.finished()->state, bridge::TransferInfo::State::Done);
    QCOMPARE(readFile(ada.takeInto + QStringLiteral("/by command.bin")), first);
    QVERIFY2(waitRow(w, bridge::TransferInfo::State::Done), qPrintable(rowState(w)));
    ui::ChatPage* chat = w.page(QStringLiteral("ada"));
    QVERIFY(chat);
    QVERIFY2(
        QTest::qWaitFor([&] { return viewText(chat).contains(QLatin1String("Sent")); }, Timeout),
        qPrintable(tail(chat)));

    // A file dropped on the private chat goes to its person.
    ada.changes.clear();
    const QByteArray second = someBytes(100000, 5);
    QVERIFY(writeFile(files.path() + QStringLiteral("/dropped.png"), second));
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(files.path() + QStringLiteral("/dropped.png"))});
    QWidget* target = chat->view()->viewport();
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(ada.waitFinished());
    QCOMPARE(ada.finished()->state, bridge::TransferInfo::State::Done);
    QCOMPARE(readFile(ada.takeInto + QStringLiteral("/dropped.png")), second);
}

QTEST_MAIN(TestTransfers)
#include "tst_transfers.moc"
