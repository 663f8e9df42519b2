// SPDX-License-Identifier: GPL-3.0-or-later
// The first start as a new user meets it (issue 14): one question, the nick (the login name
// suggested), asked once; a window that explains the three ways into a chat while none is
// open; a server tab that says the welcome in words (no "MOTD File is missing", no "lan.test
// lanchat Biow biklmnopstv"); the profile named in the window's title, unread count or not.

#include "dialogs/nickdialog.h"
#include "gui/commandline.h"
#include "widget_test_support.h"
#include "window/welcomepage.h"
#include "window_test_support.h"

#include <QLineEdit>
#include <QStackedWidget>
#include <QTabWidget>

using namespace uitest;

namespace {

// Answers the nick question with `nick` when it comes (it is modal: polled from its loop);
// `asked` counts the questions.
QTimer* answerNickDialog(const QString& nick, int* asked)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [nick, asked] {
        auto* dialog = qobject_cast<ui::NickDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        ++*asked;
        dialog->nickEntry()->setText(nick);
        dialog->accept();
    });
    timer->start();
    return timer;
}

// A settings file with no nick: what a first start finds (presence kept on loopback).
std::unique_ptr<QSettings> freshSettings(const QString& dir, quint16 presencePort)
{
    auto store =
        std::make_unique<QSettings>(dir + QStringLiteral("/lanchat.ini"), QSettings::IniFormat);
    store->setValue(QStringLiteral("network/presence"), QStringLiteral("loopback"));
    store->setValue(QStringLiteral("network/presencePort"), presencePort);
    store->sync();
    return store;
}

} // namespace

class TestFirstStart : public QObject
{
    Q_OBJECT

private slots:
    void asksTheNickOnceAndShowsTheWaysIn();
    void profileStaysInTheTitle();
};

void TestFirstStart::asksTheNickOnceAndShowsTheWaysIn()
{
    QTemporaryDir dir;
    const quint16 presencePort = freeUdpPort();
    bridge::HostService host;
    auto settings = loopbackHost();
    settings.name = QStringLiteral("Lab 3");
    settings.presenceMode = QStringLiteral("loopback");
    settings.presencePort = presencePort;
    QVERIFY(startHost(host, settings).isEmpty());
    {
        auto store = freshSettings(dir.path(), presencePort);
        app::Application application(store.get());
        ui::MainWindow* w = application.window();
        int asked = 0;
        std::unique_ptr<QTimer> answer(answerNickDialog(QStringLiteral("zoe"), &asked));
        app::CommandLine options;
        options.restore = false;
        QVERIFY(application.launch(options));
        QCOMPARE(asked, 1);
        QCOMPARE(w->appSettings().nick, QStringLiteral("zoe"));
        QCOMPARE(store->value(QStringLiteral("identity/nick")).toString(), QStringLiteral("zoe"));
        QCOMPARE(w->windowTitle(), QStringLiteral("LanChat"));

        // No chat yet: the welcome page, with the three ways in.
        ui::WelcomePage* welcome = w->welcomePage();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QVERIFY2(welcome->isVisible(), "the welcome page is not shown");
        const QString words = welcome->text();
        for (const char* want :
             {"Welcome to LanChat, zoe", "Host a chat...", "Found on the network", "By address"})
            QVERIFY2(words.contains(QLatin1String(want)), qPrintable(words));
        // The host found by presence is named there.
        QVERIFY2(QTest::qWaitFor([&] { return welcome->text().contains(settings.name); }, Timeout),
                 qPrintable(welcome->text()));

        // Joining by address from the page: the chat takes its place.
        QTest::keyClicks(welcome->addressEntry(), QStringLiteral("127.0.0.1:%1").arg(host.port()));
        QTest::keyClick(welcome->addressEntry(), Qt::Key_Return);
        QVERIFY2(QTest::qWaitFor([&] { return w->sessions().size() == 1; }, Timeout),
                 "joining from the welcome page did nothing");
        bridge::ChatSession* session = w->sessions().first();
        QVERIFY2(QTest::qWaitFor([&] { return w->page(session, QStringLiteral("#lan")); }, Timeout),
                 qPrintable(tail(w->serverPage(session))));
        QVERIFY2(!welcome->isVisible() && w->tabs()->isVisible(), "the chat is not shown");

        // The server tab says the welcome in words, not the host's raw details.
        const QString server = viewText(w->serverPage(session));
        QVERIFY2(server.contains(QLatin1String("Connected as zoe")), qPrintable(server));
        for (const char* raw : {"MOTD File is missing", "biklmnopstv", "There are 1 users",
                                "This server was created", "Your host is"})
            QVERIFY2(!server.contains(QLatin1String(raw)), qPrintable(server));

        // Leaving the last chat shows the ways in again.
        w->tabs()->tabCloseRequested(0); // the server tab: closes the connection
        QVERIFY2(QTest::qWaitFor([&] { return welcome->isVisible(); }, Timeout),
                 "no welcome page once every chat is closed");
        w->close();
    }
    {
        // The next start asks nothing.
        auto store = std::make_unique<QSettings>(dir.path() + QStringLiteral("/lanchat.ini"),
                                                 QSettings::IniFormat);
        app::Application application(store.get());
        int asked = 0;
        std::unique_ptr<QTimer> answer(answerNickDialog(QStringLiteral("other"), &asked));
        app::CommandLine options;
        options.restore = false;
        QVERIFY(application.launch(options));
        QTest::qWait(200);
        QCOMPARE(asked, 0);
        QCOMPARE(application.window()->appSettings().nick, QStringLiteral("zoe"));
        application.window()->close();
    }
}

// The window's title kept "[profile]" only until the first unread count changed it.
void TestFirstStart::profileStaysInTheTitle()
{
    bridge::HostService host;
    QVERIFY(startHost(host, loopbackHost()).isEmpty());
    const quint16 presencePort = freeUdpPort();
    Window w(QStringLiteral("ada"), presencePort);
    app::CommandLine options;
    options.profile = QStringLiteral("work");
    options.nick = QStringLiteral("adele"); // this run's nick: the welcome page says it
    options.restore = false;
    options.join = QStringLiteral("127.0.0.1:%1").arg(host.port());
    QVERIFY(w.application->launch(options));
    QCOMPARE(w->windowTitle(), QStringLiteral("LanChat [work]"));
    QVERIFY2(w->welcomePage()->text().contains(QLatin1String("Welcome to LanChat, adele")),
             qPrintable(w->welcomePage()->text()));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")), qPrintable(tail(w.serverPage())));

    // A line in a tab not shown: the unread count joins the title, the profile stays.
    w->tabs()->setCurrentWidget(w.serverPage());
    CliPeer bob;
    bob.join(host.port(), QStringLiteral("bob"), presencePort);
    QVERIFY2(bob.waitFor(QStringLiteral("you joined")), qPrintable(bob.tail()));
    bob.send(QStringLiteral("hello ada"));
    QVERIFY2(QTest::qWaitFor([&] { return w->windowTitle().contains(QLatin1String("unread")); },
                             Timeout),
             qPrintable(w->windowTitle()));
    QVERIFY2(w->windowTitle().endsWith(QLatin1String(" [work]")), qPrintable(w->windowTitle()));
    w->close();
}

QTEST_MAIN(TestFirstStart)
#include "tst_firststart.moc"
