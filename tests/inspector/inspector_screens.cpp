// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat-inspector-screens: the pictures of the Socket Inspector in docs/. The real window
// hosts a chat on 127.0.0.1 (presence on loopback, at its own port), a lanchat-cli process
// ("bob") joins and both talk; then the dock is shown, an interesting socket and one of its
// recv() calls are selected, and the window is saved once per view:
//
//   lanchat-inspector-screens OUTDIR     -> OUTDIR/inspector-{timeline,sockets,lifecycle,
//                                           bytes,loop}.png
//
// and, for a second lanchat-cli ("carol") joining the window's host over TLS, the two layers of
// a TLS connection: OUTDIR/inspector-tls-{bytes,lifecycle}.png.
//
// scripts/inspector-screenshots.sh runs it under xvfb-run (any platform plugin works).

#include "bridge/chatsession.h"
#include "bridge/tracefeed.h"
#include "gui/application.h"
#include "inspector/inspectordock.h"
#include "inspector/inspectorroles.h"
#include "inspector/lifecyclemodel.h"
#include "inspector/socketsmodel.h"
#include "inspector/timelinemodel.h"
#include "widget_test_support.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QProcess>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>

#include <cstdio>

namespace {

using uitest::freePort;

int fail(const char* what)
{
    std::fprintf(stderr, "lanchat-inspector-screens: %s\n", what);
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc != 2)
        return fail("usage: lanchat-inspector-screens OUTDIR");
    const QString outDir = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(outDir);
    QTemporaryDir home;
    QSettings settings(home.filePath(QStringLiteral("lanchat.ini")), QSettings::IniFormat);
    const quint16 presencePort = freePort(SOCK_DGRAM);
    settings.setValue(QStringLiteral("identity/nick"), QStringLiteral("ada"));
    settings.setValue(QStringLiteral("network/presence"), QStringLiteral("loopback"));
    settings.setValue(QStringLiteral("network/presencePort"), presencePort);
    const quint16 tlsPort = freePort(SOCK_STREAM);
    settings.setValue(QStringLiteral("host/tls"), true);
    settings.setValue(QStringLiteral("host/tlsPort"), tlsPort);

    app::Application application(&settings); // the window as the program makes it
    ui::MainWindow& window = *application.window();
    window.resize(1600, 1000);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return fail("the window was not shown");
    auto* dock = window.findChild<ui::InspectorDock*>();
    if (!dock)
        return fail("no Socket Inspector dock in the window");
    dock->show();
    window.resizeDocks({dock}, {560}, Qt::Vertical); // below the chat, as it opens
    window.start(false);

    const quint16 port = freePort(SOCK_STREAM);
    window.hostChat(port, QStringLiteral("Lecture"), {}, QStringLiteral("select"),
                    QStringLiteral("127.0.0.1"));
    if (!QTest::qWaitFor([&] { return !window.sessions().isEmpty(); }, 30000))
        return fail("the window did not host");
    QTest::qWait(1500);

    QProcess bob;
    bob.setProcessChannelMode(QProcess::MergedChannels);
    bob.start(QStringLiteral(LANCHAT_CLI_PATH),
              {QStringLiteral("join"), QStringLiteral("127.0.0.1:%1").arg(port),
               QStringLiteral("--nick"), QStringLiteral("bob"), QStringLiteral("--presence"),
               QStringLiteral("loopback"), QStringLiteral("--presence-port"),
               QString::number(presencePort), QStringLiteral("--no-reconnect")});
    QString said;
    if (!QTest::qWaitFor(
            [&] {
                said += QString::fromUtf8(bob.readAll());
                return said.contains(QLatin1String("#lan"));
            },
            30000))
        return fail("bob did not join");
    bob.write("hello everyone, this is bob on loopback\n");
    QTest::qWait(400);
    bridge::ChatSession* ada = window.sessions().first();
    ada->sendMessage(QStringLiteral("#lan"), QStringLiteral("welcome bob: the Inspector shows "
                                                            "every socket call of this chat"));
    QTest::qWait(400);
    bob.write("two lines\n");
    bob.write("in one go?\n");
    QTest::qWait(1500);

    bridge::TraceFeed* feed = dock->feed();
    feed->flush();
    QCoreApplication::processEvents();

    // The host's accepted socket for bob, and its recv() of bob's message.
    quint64 bobSocket = 0;
    quint64 recvSeq = 0;
    for (int i = 0; i < feed->size(); ++i) {
        const bridge::TraceRecord& r = feed->at(i);
        const bridge::SocketInfo* s = feed->socket(r.socket);
        if (r.call == bridge::TraceCall::Recv && r.result > 0 && s &&
            s->role == bridge::SocketRole::Accepted && r.data.contains("PRIVMSG #lan :hello")) {
            bobSocket = r.socket;
            recvSeq = r.seq;
        }
    }
    if (!recvSeq)
        return fail("no recv() of bob's message in the trace");
    // The window's own client socket (its loopback session to the host it runs).
    quint64 adaSocket = 0;
    for (const quint64 id : feed->socketIds()) {
        const bridge::SocketInfo* s = feed->socket(id);
        if (s->role == bridge::SocketRole::Outgoing && !s->closed)
            adaSocket = id;
    }

    auto save = [&](ui::InspectorDock::Tab tab, const char* name) {
        dock->tabs()->setCurrentIndex(tab);
        QTest::qWait(300);
        const QString path = outDir + QStringLiteral("/inspector-%1.png").arg(QLatin1String(name));
        if (!window.grab().save(path))
            return false;
        std::printf("%s\n", qPrintable(path));
        return true;
    };
    bool ok = true;
    dock->selectSocket(bobSocket);
    dock->selectEvent(recvSeq);
    dock->timelineView()->scrollTo(dock->timelineView()->currentIndex(),
                                   QAbstractItemView::PositionAtCenter);
    ok = ok && save(ui::InspectorDock::TimelineTab, "timeline");
    ok = ok && save(ui::InspectorDock::SocketsTab, "sockets");
    ok = ok && save(ui::InspectorDock::BytesTab, "bytes");
    ok = ok && save(ui::InspectorDock::LoopTab, "loop");
    dock->selectSocket(adaSocket ? adaSocket : bobSocket);
    ok = ok && save(ui::InspectorDock::LifecycleTab, "lifecycle");

    // Carol joins over TLS (trusting the host's certificate on first use, remembered in the
    // temporary home only) and says something: the host's socket for her shows both layers.
    QProcess carol;
    carol.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_STATE_HOME"), home.filePath(QStringLiteral("carol")));
    carol.setProcessEnvironment(env);
    carol.start(QStringLiteral(LANCHAT_CLI_PATH),
                {QStringLiteral("join"), QStringLiteral("ircs://127.0.0.1:%1").arg(tlsPort),
                 QStringLiteral("--tls-trust-on-first-use"), QStringLiteral("--nick"),
                 QStringLiteral("carol"), QStringLiteral("--presence"), QStringLiteral("off"),
                 QStringLiteral("--no-reconnect")});
    said.clear();
    if (!QTest::qWaitFor(
            [&] {
                said += QString::fromUtf8(carol.readAll());
                return said.contains(QLatin1String("#lan"));
            },
            30000))
        return fail("carol did not join over TLS");
    carol.write("hello over TLS: nobody on the LAN reads this\n");
    QTest::qWait(1500);
    feed->flush();
    QCoreApplication::processEvents();
    quint64 carolSocket = 0;
    quint64 carolRecv = 0;
    for (int i = 0; i < feed->size(); ++i) {
        const bridge::TraceRecord& r = feed->at(i);
        if (r.call == bridge::TraceCall::TlsDecrypt && r.data.contains("PRIVMSG #lan :hello over"))
            carolSocket = r.socket;
    }
    for (int i = 0; i < feed->size() && carolSocket; ++i) {
        const bridge::TraceRecord& r = feed->at(i);
        if (r.socket == carolSocket && r.call == bridge::TraceCall::TlsDecrypt &&
            r.data.contains("PRIVMSG #lan :hello over"))
            carolRecv = r.seq;
    }
    if (!carolRecv)
        return fail("no SSL_read of carol's message in the trace");
    dock->selectSocket(carolSocket);
    dock->selectEvent(carolRecv);
    ok = ok && save(ui::InspectorDock::BytesTab, "tls-bytes");
    ok = ok && save(ui::InspectorDock::LifecycleTab, "tls-lifecycle");
    ok = ok && save(ui::InspectorDock::SocketsTab, "tls-sockets");

    for (QProcess* p : {&bob, &carol}) {
        p->closeWriteChannel();
        if (!p->waitForFinished(5000))
            p->kill();
    }
    return ok ? 0 : fail("a picture could not be saved");
}
