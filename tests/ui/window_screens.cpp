// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat-window-screens: the pictures of the window in docs/, taken from the real window as the
// program makes it (app::Application), with real lanchat-cli processes as the other people, on
// 127.0.0.1 with presence on loopback:
//
//   lanchat-window-screens OUTDIR          first-start-nick.png, first-start.png,
//                                          chat-inspector.png, nick-refused.png, dark-theme.png,
//                                          tls-trust.png, tls-chat.png, files-room.png,
//                                          files-offer.png, lecture-projector.png
//   lanchat-window-screens OUTDIR --german settings-de.png, dialogs-de.png, inspector-de.png
//
// scripts/window-screenshots.sh runs both under xvfb-run.

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "bridge/loops.h"
#include "bridge/tracefeed.h"
#include "chat/chatpage.h"
#include "chat/inputline.h"
#include "dialogs/hostdialog.h"
#include "dialogs/joindialog.h"
#include "dialogs/nickdialog.h"
#include "dialogs/passworddialog.h"
#include "dialogs/searchdialog.h"
#include "dialogs/settingsdialog.h"
#include "gui/application.h"
#include "gui/commandline.h"
#include "inspector/inspectordock.h"
#include "widget_test_support.h"
#include "window/mainwindow.h"
#include "window/theme.h"

#include "transfers/transferspanel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QLinearGradient>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <cstdio>
#include <memory>

namespace {

using uitest::CliPeer;

constexpr int Wait = 30000;

int fail(const char* what)
{
    std::fprintf(stderr, "lanchat-window-screens: %s\n", what);
    return 1;
}

bool save(QWidget* widget, const QString& path)
{
    QTest::qWait(400); // the last layout and paint
    if (!widget->grab().save(path))
        return false;
    std::printf("%s\n", qPrintable(path));
    return true;
}

void type(ui::ChatPage* page, const QString& line)
{
    QTest::keyClicks(page->input(), line);
    QTest::keyClick(page->input(), Qt::Key_Return);
}

// A profile in a temporary folder: presence on loopback at `presencePort`; `nick` empty for a
// first start.
std::unique_ptr<QSettings> profile(const QTemporaryDir& dir, quint16 presencePort,
                                   const QString& nick)
{
    auto s = std::make_unique<QSettings>(dir.filePath(QStringLiteral("lanchat.ini")),
                                         QSettings::IniFormat);
    if (!nick.isEmpty())
        s->setValue(QStringLiteral("identity/nick"), nick);
    s->setValue(QStringLiteral("network/presence"), QStringLiteral("loopback"));
    s->setValue(QStringLiteral("network/presencePort"), presencePort);
    s->sync();
    return s;
}

// The window hosts "Lecture" on 127.0.0.1; bob and carol join and talk (carol privately too).
struct Chat
{
    quint16 port = 0;
    CliPeer bob;
    CliPeer carol;
};

bool startChat(ui::MainWindow& window, quint16 presencePort, Chat& chat)
{
    chat.port = uitest::freeTcpPort();
    window.hostChat(chat.port, QStringLiteral("Lecture"), {}, QStringLiteral("select"),
                    QStringLiteral("127.0.0.1"));
    if (!QTest::qWaitFor(
            [&] {
                const auto sessions = window.sessions();
                return !sessions.isEmpty() && window.page(sessions.first(), QStringLiteral("#lan"));
            },
            Wait))
        return false;
    chat.bob.join(chat.port, QStringLiteral("bob"), presencePort);
    chat.carol.join(chat.port, QStringLiteral("carol"), presencePort);
    if (!chat.bob.waitFor(QStringLiteral("you joined")) ||
        !chat.carol.waitFor(QStringLiteral("you joined")))
        return false;
    ui::ChatPage* lan = window.page(window.sessions().first(), QStringLiteral("#lan"));
    // The window as the user's active one (Xvfb has no window manager to make it so): the
    // lines are read as they come, no unread marker.
    window.tabs()->setCurrentWidget(lan);
    window.activateWindow();
    QApplication::setActiveWindow(&window);
    QTest::qWait(200);
    chat.bob.send(QStringLiteral("Hi ada! Is the build green?"));
    QTest::qWait(500);
    type(lan, QStringLiteral("Green since 10 o'clock. The notes: https://example.org/sockets"));
    QTest::qWait(500);
    chat.carol.send(QStringLiteral("/me waves from the lab"));
    QTest::qWait(500);
    chat.bob.send(QStringLiteral("ada: can you show us the sockets of this chat?"));
    QTest::qWait(500);
    type(lan, QStringLiteral("Sure: View, Socket Inspector. Every call is there."));
    QTest::qWait(1000);
    window.tabs()->setCurrentWidget(lan);
    return true;
}

int english(const QString& out)
{
    QTemporaryDir dir;
    const quint16 presencePort = uitest::freeUdpPort();
    // A host on the LAN (loopback here) for the welcome page to name.
    bridge::HostService lab;
    bridge::HostSettings labSettings;
    labSettings.bind = QStringLiteral("127.0.0.1");
    labSettings.port = 0;
    labSettings.name = QStringLiteral("Lab 3");
    labSettings.presenceMode = QStringLiteral("loopback");
    labSettings.presencePort = presencePort;
    labSettings.tls = true; // announced with its TLS port and fingerprint
    labSettings.tlsPort = 0;
    lab.start(labSettings);

    auto settings = profile(dir, presencePort, {});
    app::Application application(settings.get());
    ui::MainWindow& window = *application.window();
    window.resize(1280, 800);
    bool nickShot = false;
    QTimer answer;
    answer.setInterval(50);
    QObject::connect(&answer, &QTimer::timeout, [&] {
        auto* dialog = qobject_cast<ui::NickDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        answer.stop();
        dialog->nickEntry()->setText(QStringLiteral("ada"));
        nickShot = save(dialog, out + QStringLiteral("/first-start-nick.png"));
        dialog->accept();
    });
    answer.start();
    app::CommandLine options;
    options.restore = false;
    if (!application.launch(options) || !nickShot)
        return fail("the first start's question was not asked");
    if (!QTest::qWaitForWindowExposed(&window))
        return fail("the window was not shown");
    QTest::qWait(2500); // presence finds Lab 3
    if (!save(&window, out + QStringLiteral("/first-start.png")))
        return fail("first-start.png");

    Chat chat;
    if (!startChat(window, presencePort, chat))
        return fail("the chat did not start");
    ui::ChatPage* lan = window.page(window.sessions().first(), QStringLiteral("#lan"));

    // A failed nick change, said in the tab and the status bar.
    type(lan, QStringLiteral("/nick bob"));
    QTest::qWait(800);
    if (!save(&window, out + QStringLiteral("/nick-refused.png")))
        return fail("nick-refused.png");

    // The chat with the Inspector docked below it, bob's socket selected.
    auto* dock = window.inspector();
    dock->show();
    QTest::qWait(500);
    bridge::TraceFeed* feed = dock->feed();
    feed->flush();
    quint64 bobSocket = 0;
    quint64 recvSeq = 0;
    for (int i = 0; i < feed->size(); ++i) {
        const bridge::TraceRecord& r = feed->at(i);
        const bridge::SocketInfo* s = feed->socket(r.socket);
        if (r.call == bridge::TraceCall::Recv && r.result > 0 && s &&
            s->role == bridge::SocketRole::Accepted && r.data.contains("PRIVMSG #lan :ada:")) {
            bobSocket = r.socket;
            recvSeq = r.seq;
        }
    }
    if (bobSocket) {
        dock->selectSocket(bobSocket);
        dock->selectEvent(recvSeq);
        dock->timelineView()->scrollTo(dock->timelineView()->currentIndex(),
                                       QAbstractItemView::PositionAtCenter);
    }
    if (!save(&window, out + QStringLiteral("/chat-inspector.png")))
        return fail("chat-inspector.png");

    // A lecture (issue 18): projector mode, the chat hidden, the Sockets table with what the
    // OS says (read once a second).
    window.setProjectorMode(true);
    window.setChatHidden(true);
    dock->tabs()->setCurrentIndex(ui::InspectorDock::SocketsTab);
    QTest::qWait(1500);
    if (!save(&window, out + QStringLiteral("/lecture-projector.png")))
        return fail("lecture-projector.png");
    window.setChatHidden(false);
    window.setProjectorMode(false);
    dock->hide();

    ui::Theme::apply(QStringLiteral("dark"), {});
    QTest::qWait(300);
    if (!save(&window, out + QStringLiteral("/dark-theme.png")))
        return fail("dark-theme.png");
    ui::Theme::apply(QStringLiteral("system"), {});

    // Files and pictures (issue 17): a picture pasted into #lan, shared through the window's
    // own host and shown under its link; then dave offers a file by DCC, asked about in the
    // private chat and listed in Transfers.
    QImage board(900, 500, QImage::Format_RGB32);
    {
        QPainter p(&board);
        QLinearGradient sky(0, 0, 0, 500);
        sky.setColorAt(0, QColor(40, 90, 160));
        sky.setColorAt(1, QColor(230, 240, 250));
        p.fillRect(board.rect(), sky);
        p.setPen(QPen(Qt::white, 6));
        p.drawRect(140, 150, 220, 120);
        p.drawRect(540, 150, 220, 120);
        p.drawLine(360, 190, 540, 190);
        p.drawLine(540, 230, 360, 230);
        QFont font = p.font();
        font.setPixelSize(36);
        p.setFont(font);
        p.drawText(QRect(140, 150, 220, 120), Qt::AlignCenter, QStringLiteral("client"));
        p.drawText(QRect(540, 150, 220, 120), Qt::AlignCenter, QStringLiteral("server"));
        p.drawText(QRect(0, 330, 900, 60), Qt::AlignCenter, QStringLiteral("SYN, SYN-ACK, ACK"));
    }
    auto* clip = new QMimeData;
    clip->setImageData(board);
    QApplication::clipboard()->setMimeData(clip);
    window.tabs()->setCurrentWidget(lan);
    lan->input()->setFocus();
    QTest::keySequence(lan->input(), QKeySequence::Paste);
    QTest::qWait(2500);
    chat.bob.send(QStringLiteral("Nice, that is the handshake from the lecture."));
    QTest::qWait(800);
    if (!save(&window, out + QStringLiteral("/files-room.png")))
        return fail("files-room.png");

    const QString notes = dir.filePath(QStringLiteral("Sockets lecture notes.pdf"));
    {
        QFile file(notes);
        if (!file.open(QIODevice::WriteOnly))
            return fail("the file to offer");
        file.write(QByteArray(2400000, 'n'));
    }
    CliPeer dave;
    dave.start({QStringLiteral("send"), QStringLiteral("127.0.0.1:%1").arg(chat.port),
                QStringLiteral("ada"), notes, QStringLiteral("--nick"), QStringLiteral("dave")});
    if (!QTest::qWaitFor([&] { return window.transfers()->count() > 0; }, Wait))
        return fail("dave's offer did not come");
    if (ui::ChatPage* davePage = window.page(window.sessions().first(), QStringLiteral("dave")))
        window.tabs()->setCurrentWidget(davePage);
    QTest::qWait(800);
    if (!save(&window, out + QStringLiteral("/files-offer.png")))
        return fail("files-offer.png");
    dave.stop();

    // Joining Lab 3 encrypted: the first time, its certificate's fingerprint is asked about
    // (with the one presence announced); then the chat says it is secured.
    bool trustShot = false;
    QTimer trust;
    trust.setInterval(50);
    QObject::connect(&trust, &QTimer::timeout, [&] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        trust.stop();
        QTest::qWait(300);
        trustShot = save(box, out + QStringLiteral("/tls-trust.png"));
        box->buttons().first()->click(); // "Trust this certificate"
    });
    trust.start();
    if (!window.joinHost(QStringLiteral("ircs://127.0.0.1:%1").arg(lab.tlsPort())))
        return fail("joining Lab 3 over TLS");
    if (!QTest::qWaitFor([&] { return trustShot; }, Wait))
        return fail("tls-trust.png");
    if (!QTest::qWaitFor(
            [&] {
                for (auto* s : window.sessions())
                    if (s->settings().tls && s->state() == bridge::SessionState::Registered)
                        return true;
                return false;
            },
            Wait))
        return fail("the encrypted chat did not start");
    QTest::qWait(800);
    for (auto* s : window.sessions())
        if (s->settings().tls)
            window.tabs()->setCurrentWidget(window.serverPage(s));
    QTest::qWait(300);
    if (!save(&window, out + QStringLiteral("/tls-chat.png")))
        return fail("tls-chat.png");
    window.close();
    return 0;
}

int german(const QString& out)
{
    QTemporaryDir dir;
    const quint16 presencePort = uitest::freeUdpPort();
    auto settings = profile(dir, presencePort, QStringLiteral("ada"));
    app::Application application(settings.get());
    ui::MainWindow& window = *application.window();
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return fail("the window was not shown");
    window.start(false);
    Chat chat;
    if (!startChat(window, presencePort, chat))
        return fail("the chat did not start");

    ui::SettingsDialog dialog(window.appSettings(), bridge::availableLoops(), &window);
    dialog.show();
    if (!QTest::qWaitForWindowExposed(&dialog) ||
        !save(&dialog, out + QStringLiteral("/settings-de.png")))
        return fail("settings-de.png");
    dialog.close();

    // The other dialogs, side by side in one picture: host a chat, a host's password, the
    // first start's question, the history search.
    {
        ui::HostDialog host(bridge::availableLoops(), &window);
        ui::JoinDialog join({QStringLiteral("ircs://192.168.1.20")}, {}, &window);
        ui::PasswordDialog password(QStringLiteral("192.168.1.20:6667"), &window);
        ui::NickDialog nick(QStringLiteral("ada"), &window);
        ui::SearchDialog search(window.historyStore(), std::nullopt, {}, &window);
        const QList<QDialog*> dialogs = {&host, &join, &password, &nick, &search};
        QList<QPixmap> shots;
        for (QDialog* d : dialogs) {
            d->show();
            if (!QTest::qWaitForWindowExposed(d))
                return fail("a dialog was not shown");
            QTest::qWait(300);
            shots.append(d->grab());
            d->close();
        }
        int width = 0, height = 0;
        for (const QPixmap& p : shots) {
            width = std::max(width, int(p.width() / p.devicePixelRatio()));
            height += int(p.height() / p.devicePixelRatio()) + 12;
        }
        QPixmap sheet(width, height);
        sheet.fill(window.palette().color(QPalette::Mid));
        QPainter painter(&sheet);
        int y = 0;
        for (const QPixmap& p : shots) {
            painter.drawPixmap(0, y, p);
            y += int(p.height() / p.devicePixelRatio()) + 12;
        }
        painter.end();
        const QString path = out + QStringLiteral("/dialogs-de.png");
        if (!sheet.save(path))
            return fail("dialogs-de.png");
        std::printf("%s\n", qPrintable(path));
    }

    auto* dock = window.inspector();
    dock->show();
    QTest::qWait(500);
    dock->tabs()->setCurrentIndex(ui::InspectorDock::SocketsTab);
    if (!save(&window, out + QStringLiteral("/inspector-de.png")))
        return fail("inspector-de.png");
    window.close();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const bool inGerman = argc == 3 && qstrcmp(argv[2], "--german") == 0;
    if (inGerman)
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QApplication app(argc, argv);
    if (argc < 2 || (argc == 3 && !inGerman) || argc > 3)
        return fail("usage: lanchat-window-screens OUTDIR [--german]");
    const app::Translations translations; // as the program loads them
    const QString out = QDir(QString::fromLocal8Bit(argv[1])).absolutePath();
    QDir().mkpath(out);
    return inGerman ? german(out) : english(out);
}
