// SPDX-License-Identifier: GPL-3.0-or-later
// Sharing with a room and pictures in the chat (issue 17): a picture pasted into a room's input
// line is uploaded to the host (FILEHOST) and its link posted, and the room shows it as a
// thumbnail; a file dropped on a room is shared the same way; a broken picture gets a line
// instead; a link to a picture anywhere else is never fetched; a picture received by DCC is
// shown in the private chat; pictures are decoded within limits. A real host with shared files
// on loopback (the window's own HostService), the real window.

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "chat/chatpage.h"
#include "chat/inputline.h"
#include "transfers/sharing.h"
#include "widget_test_support.h"
#include "window_test_support.h"

#include "netcore/irc/filehost.h"

#include <QBuffer>
#include <QClipboard>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QPainter>
#include <QTextBlock>
#include <QTextImageFormat>

using namespace uitest;

namespace {

// The pictures a view shows: their links.
QStringList pictures(ui::ChatPage* page)
{
    page->view()->flush();
    QStringList links;
    for (QTextBlock b = page->view()->document()->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isImageFormat())
                links.append(it.fragment().charFormat().toImageFormat().anchorHref());
    return links;
}

QImage drawing(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.fillRect(width / 4, height / 4, width / 2, height / 2, Qt::darkGreen);
    return image;
}

// PNG's CRC-32 (ISO 3309), for a chunk made by hand.
quint32 crc32(const QByteArray& bytes)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char byte : bytes) {
        crc ^= static_cast<quint8>(byte);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

QByteArray png(const QImage& image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace

class TestSharing : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pastedPictureIsSharedAndShown();
    void droppedFileIsShared();
    void brokenPictureGetsALineAndForeignLinksStayLinks();
    void dccPictureIsShownInThePrivateChat();
    void thumbnailsStayWithinLimits();

private:
    bool joinedWindow(Window& w);
    bridge::HostService host;
    QTemporaryDir files;
};

void TestSharing::initTestCase()
{
    if (!netcore::irc::fileHostAvailable())
        QSKIP("this build has no file host (no http-parser)");
    QVERIFY(files.isValid());
    bridge::HostSettings s = loopbackHost();
    s.fileHost = true;
    s.fileHostDirectory = files.path() + QStringLiteral("/host-files");
    const QString error = startHost(host, s);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!host.fileHostUrl().isEmpty());
}

bool TestSharing::joinedWindow(Window& w)
{
    if (!w.show() || !w->joinHost(QStringLiteral("127.0.0.1:%1").arg(host.port())))
        return false;
    return w.waitInRoom(QStringLiteral("#lan")) &&
           QTest::qWaitFor([&] { return !w.session()->fileHostUrl().isEmpty(); }, Timeout);
}

void TestSharing::pastedPictureIsSharedAndShown()
{
    Window w(QStringLiteral("ada"), freeUdpPort());
    QVERIFY(joinedWindow(w));
    ui::ChatPage* room = w.page(QStringLiteral("#lan"));
    QMimeData* data = new QMimeData;
    data->setImageData(drawing(800, 600));
    QApplication::clipboard()->setMimeData(data);
    room->input()->setFocus();
    QTest::keySequence(room->input(), QKeySequence::Paste);
    // The link is said in the room, and the room shows the picture under it.
    QVERIFY2(QTest::qWaitFor([&] { return pictures(room).size() == 1; }, Timeout),
             qPrintable(tail(room)));
    const QString link = pictures(room).first();
    QVERIFY2(link.startsWith(QUrl(host.fileHostUrl()).adjusted(QUrl::RemovePath).toString() +
                             QStringLiteral("/files/")),
             qPrintable(link));
    QVERIFY2(QTest::qWaitFor([&] { return viewText(room).contains(link); }, Timeout),
             qPrintable(tail(room)));
    // The picture comes under its line.
    const QString text = viewText(room);
    QVERIFY2(text.indexOf(QChar(QChar::ObjectReplacementCharacter)) > text.indexOf(link),
             qPrintable(text));
    QVERIFY(room->input()->text().isEmpty());
    // The thumbnail is small, whatever the picture's size.
    const QVariant resource = room->view()->document()->resource(
        QTextDocument::ImageResource, QUrl(QStringLiteral("lanchat-picture:1")));
    const QImage thumb = qvariant_cast<QImage>(resource);
    QVERIFY(!thumb.isNull());
    QVERIFY(thumb.width() <= ui::Sharing::ThumbnailWidth);
    QVERIFY(thumb.height() <= ui::Sharing::ThumbnailHeight);
}

void TestSharing::droppedFileIsShared()
{
    Window w(QStringLiteral("bob"), freeUdpPort());
    QVERIFY(joinedWindow(w));
    typeLine(w.page(QStringLiteral("#lan")), QStringLiteral("/join #minutes"));
    QVERIFY(w.waitInRoom(QStringLiteral("#minutes")));
    ui::ChatPage* room = w.page(QStringLiteral("#minutes"));
    const QString path = files.path() + QStringLiteral("/minutes.txt");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("the minutes of the meeting\n");
    f.close();
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(path)});
    QWidget* target = room->view()->viewport();
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY2(QTest::qWaitFor([&] { return viewText(room).contains(QLatin1String("/minutes.txt")); },
                             Timeout),
             qPrintable(tail(room)));
    // Not a picture: a file line with its name, its size (as the host said it) and a Download
    // link.
    const QString line = QStringLiteral("Shared file: minutes.txt, %1 Download")
                             .arg(QLocale().formattedDataSize(27));
    QVERIFY2(QTest::qWaitFor([&] { return viewText(room).contains(line); }, Timeout),
             qPrintable(tail(room)));
    QVERIFY(pictures(room).isEmpty());
}

void TestSharing::brokenPictureGetsALineAndForeignLinksStayLinks()
{
    Window w(QStringLiteral("carol"), freeUdpPort());
    QVERIFY(joinedWindow(w));
    typeLine(w.page(QStringLiteral("#lan")), QStringLiteral("/join #broken"));
    QVERIFY(w.waitInRoom(QStringLiteral("#broken")));
    ui::ChatPage* room = w.page(QStringLiteral("#broken"));
    // Bytes that are no picture, under a picture's name.
    const quint64 id =
        w.session()->uploadData(QByteArray("not a picture at all"), QStringLiteral("broken.png"),
                                QStringLiteral("image/png"));
    QSignalSpy uploaded(w.session(), &bridge::ChatSession::uploadFinished);
    QVERIFY(QTest::qWaitFor([&] { return !uploaded.isEmpty(); }, Timeout));
    QCOMPARE(uploaded.first().at(0).toULongLong(), id);
    const QString link = uploaded.first().at(1).toString();
    QVERIFY2(!link.isEmpty(), qPrintable(uploaded.first().at(2).toString()));
    w.session()->sendMessage(QStringLiteral("#broken"), link);
    // Still a file: its line, with its size and why it is not shown.
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return viewText(room).contains(
                         QStringLiteral("Shared file: broken.png, %1 (the picture cannot be shown")
                             .arg(QLocale().formattedDataSize(20)));
                 },
                 Timeout),
             qPrintable(tail(room)));

    // A picture too large to show: its line says so, and its bytes are not fetched.
    QSignalSpy fetched(w.session(), &bridge::ChatSession::imageFetched);
    QSignalSpy asked(w.session(), &bridge::ChatSession::fileInfoFetched);
    const qint64 hugeSize = ui::Sharing::MaxPictureBytes + 1024;
    w.session()->uploadData(QByteArray(hugeSize, 'x'), QStringLiteral("huge.png"),
                            QStringLiteral("image/png"));
    QVERIFY(QTest::qWaitFor([&] { return uploaded.size() == 2; }, Timeout));
    w.session()->sendMessage(QStringLiteral("#broken"), uploaded.at(1).at(1).toString());
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return viewText(room).contains(
                         QStringLiteral("Shared file: huge.png, %1 (too large to show here")
                             .arg(QLocale().formattedDataSize(hugeSize)));
                 },
                 Timeout),
             qPrintable(tail(room)));
    QVERIFY(fetched.isEmpty());
    asked.clear();

    // A link to a picture on another machine: shown as a link, never fetched, nothing asked.
    w.session()->sendMessage(QStringLiteral("#broken"),
                             QStringLiteral("look http://192.0.2.9:8080/files/abc/cat.png"));
    QVERIFY(QTest::qWaitFor(
        [&] { return viewText(room).contains(QLatin1String("192.0.2.9:8080/files/abc/cat.png")); },
        Timeout));
    QTest::qWait(300);
    QVERIFY(fetched.isEmpty());
    QVERIFY(asked.isEmpty());
    QVERIFY(pictures(room).isEmpty());
}

void TestSharing::dccPictureIsShownInThePrivateChat()
{
    Window w(QStringLiteral("dave"), freeUdpPort());
    w->appSettings().downloadFolder = files.path() + QStringLiteral("/dave");
    w->appSettings().autoAcceptFrom = {QStringLiteral("erin")};
    QVERIFY(joinedWindow(w));
    bridge::SessionSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = host.port();
    s.nick = QStringLiteral("erin");
    bridge::ChatSession erin(s);
    erin.start();
    QVERIFY(
        QTest::qWaitFor([&] { return erin.state() == bridge::SessionState::Registered; }, Timeout));
    const QString path = files.path() + QStringLiteral("/holiday.png");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(png(drawing(640, 480)));
    f.close();
    erin.sendFile(QStringLiteral("dave"), path);
    QVERIFY(QTest::qWaitFor([&] { return w.page(QStringLiteral("erin")) != nullptr; }, Timeout));
    ui::ChatPage* chat = w.page(QStringLiteral("erin"));
    QVERIFY2(QTest::qWaitFor([&] { return pictures(chat).size() == 1; }, Timeout),
             qPrintable(tail(chat)));
    QVERIFY(pictures(chat).first().startsWith(QLatin1String("file:")));
    // Taken without asking: the chat says so, and where it came from.
    QVERIFY2(viewText(chat).contains(QLatin1String("saving it, as you accept files from erin")),
             qPrintable(tail(chat)));
    QVERIFY2(viewText(chat).contains(QLatin1String("from 127.0.0.1:")), qPrintable(tail(chat)));
}

void TestSharing::thumbnailsStayWithinLimits()
{
    QString why;
    const auto small = ui::Sharing::thumbnail(png(drawing(1000, 800)), &why);
    QVERIFY2(small, qPrintable(why));
    QCOMPARE(small->size(), QSize(300, 240));
    QVERIFY(!ui::Sharing::thumbnail(QByteArray("GIF89a nonsense"), &why));
    QVERIFY(!why.isEmpty());
    // A PNG that says it is 20000 x 20000: refused from its header, never decoded.
    QByteArray huge = png(drawing(2, 2));
    for (int at : {16, 20}) { // IHDR's width and height, big-endian
        huge[at] = 0;
        huge[at + 1] = 0;
        huge[at + 2] = char(0x4E);
        huge[at + 3] = char(0x20);
    }
    const quint32 crc = crc32(huge.mid(12, 17)); // IHDR's type and data
    for (int i = 0; i < 4; ++i)
        huge[29 + i] = char((crc >> (24 - 8 * i)) & 0xFF);
    QVERIFY(!ui::Sharing::thumbnail(huge, &why));
    QVERIFY2(why.contains(QLatin1String("20000")), qPrintable(why));
    QVERIFY(!ui::Sharing::thumbnail(QByteArray(ui::Sharing::MaxPictureBytes + 1, 'x'), &why));
}

QTEST_MAIN(TestSharing)
#include "tst_sharing.moc"
