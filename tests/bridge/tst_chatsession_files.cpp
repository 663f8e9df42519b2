// SPDX-License-Identifier: GPL-3.0-or-later
// ChatSession's FILEHOST (chatsession_files.cpp) against a LanChat host with shared files on:
// netcore's IrcHost and FileHost on a loop of this test's own, over real loopback sockets. The
// session learns the upload URL, uploads a file and a pasted picture, fetches the picture back,
// and refuses to fetch from anywhere but its host.

#include "bridge_test_support.h"

#include "bridge/chatsession.h"

#include "netcore/event_loop.h"
#include "netcore/irc/filehost.h"
#include "netcore/irc/host.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace bridgetest;
using bridge::ChatSession;

namespace {

// An IRC host advertising its file host, both on one netcore loop.
struct FileSharingHost
{
    QString start(const QString& directory)
    {
        netcore::NetError error;
        loop = netcore::EventLoop::start("select", &error);
        if (!loop)
            return QString::fromStdString(error.describe());
        const auto started = loop->invoke([&]() -> std::string {
            netcore::irc::FileHostConfig files;
            files.directory = directory.toStdString();
            fileHost = std::make_unique<netcore::irc::FileHost>(*loop, files);
            netcore::ListenOptions listen;
            listen.host = "127.0.0.1";
            if (netcore::NetError e = fileHost->start(listen))
                return e.describe();
            uploadUrl =
                "http://127.0.0.1:" + std::to_string(fileHost->localAddress().port()) + "/upload";
            netcore::irc::HostConfig config;
            config.serverName = "files.test";
            config.fileHostUrl = uploadUrl;
            host = std::make_unique<netcore::irc::IrcHost>(*loop, config);
            if (netcore::NetError e = host->start(listen))
                return e.describe();
            port = host->localAddress().port();
            fileHost->setUploaderCheck([this](const netcore::SocketAddress& peer) {
                return host && host->hasRegisteredClientFrom(peer);
            });
            return {};
        });
        if (!started)
            return QStringLiteral("the loop stopped");
        return QString::fromStdString(*started);
    }

    ~FileSharingHost()
    {
        if (loop) {
            loop->invoke([&] {
                fileHost.reset();
                host.reset();
            });
            loop->stop();
        }
    }

    std::size_t fileCount()
    {
        return loop->invoke([&] { return fileHost->fileCount(); }).value_or(0);
    }

    std::unique_ptr<netcore::EventLoop> loop;
    std::unique_ptr<netcore::irc::FileHost> fileHost;
    std::unique_ptr<netcore::irc::IrcHost> host;
    std::string uploadUrl;
    quint16 port = 0;
};

} // namespace

class TestChatSessionFiles : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void sharesFilesAndFetchesPictures();
    void fetchesOnlyFromItsHost();
    void beforeStartAnUploadIsRefused();

private:
    LeakCheck m_leaks;
    QTemporaryDir m_dir;
    std::unique_ptr<FileSharingHost> m_host;
    std::unique_ptr<Client> m_ada;
};

void TestChatSessionFiles::init()
{
    m_leaks.begin();
    QVERIFY(m_dir.isValid());
    m_host = std::make_unique<FileSharingHost>();
    const QString why = m_host->start(m_dir.filePath(QStringLiteral("store")));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    m_ada = std::make_unique<Client>(sessionTo(m_host->port, QStringLiteral("ada")));
}

void TestChatSessionFiles::cleanup()
{
    m_ada.reset();
    m_host.reset();
    const QString leaked = m_leaks.end();
    QVERIFY2(leaked.isEmpty(), qPrintable(leaked));
}

void TestChatSessionFiles::sharesFilesAndFetchesPictures()
{
    ChatSession& ada = *m_ada->session;
    QSignalSpy changed(&ada, &ChatSession::fileHostChanged);
    QVERIFY2(m_ada->log->waitJoined(QStringLiteral("#lan")), qPrintable(m_ada->log->text()));
    const QString uploadUrl = QString::fromStdString(m_host->uploadUrl);
    QTRY_COMPARE_WITH_TIMEOUT(ada.fileHostUrl(), uploadUrl, Timeout);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toString(), uploadUrl);

    // A pasted picture.
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    for (int i = 0; i < 5000; ++i)
        png.append(char(i * 7));
    QSignalSpy finished(&ada, &ChatSession::uploadFinished);
    QSignalSpy progress(&ada, &ChatSession::uploadProgress);
    const quint64 pasted =
        ada.uploadData(png, QStringLiteral("pasted.png"), QStringLiteral("image/png"));
    QVERIFY(pasted != 0);
    QVERIFY(finished.wait(Timeout));
    QCOMPARE(finished.first().at(0).toULongLong(), pasted);
    QCOMPARE(finished.first().at(2).toString(), QString());
    const QString link = finished.first().at(1).toString();
    const QRegularExpression shape(
        QStringLiteral("^http://127\\.0\\.0\\.1:\\d+/files/[0-9a-f]{32}/pasted\\.png$"));
    QVERIFY2(shape.match(link).hasMatch(), qPrintable(link));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(1).toLongLong(), qint64(png.size()));
    QCOMPARE(progress.last().at(2).toLongLong(), qint64(png.size()));

    // A file from disk.
    const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(200 * 1024, 'n'));
    file.close();
    finished.clear();
    const quint64 shared = ada.uploadFile(path);
    QVERIFY(shared != pasted);
    QVERIFY(finished.wait(Timeout));
    QCOMPARE(finished.first().at(0).toULongLong(), shared);
    QVERIFY2(finished.first().at(1).toString().endsWith(QStringLiteral("/notes.txt")),
             qPrintable(finished.first().at(2).toString()));
    QCOMPARE(m_host->fileCount(), std::size_t(2));

    // The picture back, for its thumbnail.
    QSignalSpy fetched(&ada, &ChatSession::imageFetched);
    const quint64 fetch = ada.fetchImage(link);
    QVERIFY(fetched.wait(Timeout));
    const QList<QVariant> answer = fetched.first();
    QCOMPARE(answer.at(0).toULongLong(), fetch);
    QCOMPARE(answer.at(1).toString(), link);
    QCOMPARE(answer.at(4).toString(), QString());
    QCOMPARE(answer.at(2).toByteArray(), png);
    QCOMPARE(answer.at(3).toString(), QStringLiteral("image/png"));

    // A file that is not there: the host's answer in words.
    fetched.clear();
    ada.fetchImage(uploadUrl.chopped(int(qstrlen("upload"))) + QStringLiteral("files/") +
                   QString(32, QLatin1Char('0')));
    QVERIFY(fetched.wait(Timeout));
    QVERIFY2(fetched.first().at(4).toString().contains(QStringLiteral("404")),
             qPrintable(fetched.first().at(4).toString()));
    QVERIFY(fetched.first().at(2).toByteArray().isEmpty());

    // A file's size and type without its bytes (HEAD), for the line that shows a shared file.
    QSignalSpy info(&ada, &ChatSession::fileInfoFetched);
    const QString notes = finished.first().at(1).toString();
    const quint64 asked = ada.fetchFileInfo(notes);
    QVERIFY(info.wait(Timeout));
    QCOMPARE(info.first().at(0).toULongLong(), asked);
    QCOMPARE(info.first().at(1).toString(), notes);
    QCOMPARE(info.first().at(4).toString(), QString());
    QCOMPARE(info.first().at(2).toLongLong(), qint64(200 * 1024));
    QVERIFY2(info.first().at(3).toString().startsWith(QStringLiteral("text/plain")),
             qPrintable(info.first().at(3).toString()));
    info.clear();
    ada.fetchFileInfo(uploadUrl.chopped(int(qstrlen("upload"))) + QStringLiteral("files/") +
                      QString(32, QLatin1Char('0')));
    QVERIFY(info.wait(Timeout));
    QVERIFY2(info.first().at(4).toString().contains(QStringLiteral("404")),
             qPrintable(info.first().at(4).toString()));
    QCOMPARE(info.first().at(2).toLongLong(), qint64(-1));
}

void TestChatSessionFiles::fetchesOnlyFromItsHost()
{
    ChatSession& ada = *m_ada->session;
    QVERIFY2(m_ada->log->waitJoined(QStringLiteral("#lan")), qPrintable(m_ada->log->text()));
    QTRY_VERIFY_WITH_TIMEOUT(!ada.fileHostUrl().isEmpty(), Timeout);
    QSignalSpy fetched(&ada, &ChatSession::imageFetched);
    // Another port on the same machine (the chat's own), and the web: refused, not connected.
    const QString chatPort = QStringLiteral("http://127.0.0.1:%1/files/x.png").arg(m_host->port);
    ada.fetchImage(chatPort);
    ada.fetchImage(QStringLiteral("https://example.com/cat.png"));
    QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 2, Timeout);
    for (const auto& answer : fetched) {
        QVERIFY2(answer.at(4).toString().contains(QStringLiteral("not on the chat's file host")),
                 qPrintable(answer.at(4).toString()));
        QVERIFY(answer.at(2).toByteArray().isEmpty());
    }
    QCOMPARE(fetched.at(0).at(1).toString(), chatPort);

    // Nor is a file's size asked anywhere else.
    QSignalSpy info(&ada, &ChatSession::fileInfoFetched);
    ada.fetchFileInfo(QStringLiteral("https://example.com/report.pdf"));
    QVERIFY(info.wait(Timeout));
    QVERIFY2(info.first().at(4).toString().contains(QStringLiteral("not on the chat's file host")),
             qPrintable(info.first().at(4).toString()));
}

void TestChatSessionFiles::beforeStartAnUploadIsRefused()
{
    // A session that has not started: answered at once, in words.
    ChatSession idle(sessionTo(m_host->port, QStringLiteral("idle")));
    QSignalSpy finished(&idle, &ChatSession::uploadFinished);
    idle.uploadData("x", QStringLiteral("x.txt"), QStringLiteral("text/plain"));
    QVERIFY(finished.wait(Timeout));
    QVERIFY(!finished.first().at(2).toString().isEmpty());
    QCOMPARE(idle.fileHostUrl(), QString());
}

QTEST_GUILESS_MAIN(TestChatSessionFiles)
#include "tst_chatsession_files.moc"
