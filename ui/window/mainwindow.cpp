// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/mainwindow.h"

#include "chat/chatcommand.h"
#include "chat/chatpage.h"
#include "bridge/chatsession.h"
#include "history/historystore.h"
#include "dialogs/hostdialog.h"
#include "bridge/hostservice.h"
#include "chat/inputline.h"
#include "inspector/inspectordock.h"
#include "bridge/loops.h"
#include "chat/messageview.h"
#include "window/networkpanel.h"
#include "plaintext.h"
#include "bridge/presenceservice.h"
#include "dialogs/settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPalette>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>
#include <QSystemTrayIcon>
#include <QTabBar>
#include <QTabWidget>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>
#include <memory>

// The icons are compiled into this static library: register them (outside any namespace, as
// Q_INIT_RESOURCE requires).
static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace ui {

namespace {

using Kind = bridge::ChatEvent::Kind;

bool isRoom(const QString& name)
{
    return name.startsWith(QLatin1Char('#')) || name.startsWith(QLatin1Char('&'));
}

// "host", "host:port", "[v6]:port", "v6" -> host and port; false if it cannot be parsed.
// Stored lines into a view, above what it shows.
void showHistoryPage(MessageView* view, const history::Page& page)
{
    QList<MessageView::HistoryLine> lines;
    for (const auto& m : page.messages)
        lines.append({m.record.time, m.record.sender, m.record.text,
                      m.record.kind == history::Kind::Action});
    view->prependHistory(lines, page.messages.isEmpty() ? 0 : page.messages.first().id,
                         page.atStart || page.messages.isEmpty());
}

bool parseAddress(const QString& text, quint16 defaultPort, QString* host, quint16* port)
{
    const QString t = text.trimmed();
    static const QRegularExpression v6(QStringLiteral(R"(^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$)"));
    static const QRegularExpression v4(QStringLiteral(R"(^([^:\s\[\]]+)(?::(\d+))?$)"));
    QRegularExpressionMatch m = v6.match(t);
    if (!m.hasMatch())
        m = v4.match(t);
    if (!m.hasMatch()) {
        if (t.count(QLatin1Char(':')) >= 2 && !t.contains(QLatin1Char(' '))) { // bare IPv6
            *host = t;
            *port = defaultPort;
            return true;
        }
        return false;
    }
    *host = m.captured(1);
    if (m.captured(2).isEmpty()) {
        *port = defaultPort;
        return true;
    }
    bool ok = false;
    const uint value = m.captured(2).toUInt(&ok);
    if (!ok || value == 0 || value > 65535)
        return false;
    *port = static_cast<quint16>(value);
    return true;
}

// Plain words for the errors a user can meet, with the socket error's name.
QString explain(const bridge::ChatEvent& e)
{
    const QString name = e.errorName;
    QString words;
    if (name.endsWith(QLatin1String("ECONNREFUSED")))
        words = MainWindow::tr("Nobody is hosting a chat there (the connection was refused).");
    else if (name.startsWith(QLatin1String("EAI_")) || name.contains(QLatin1String("HOST_NOT")) ||
             name == QLatin1String("WSANO_DATA"))
        words = MainWindow::tr("That host name is not known on this network.");
    else if (name.endsWith(QLatin1String("ETIMEDOUT")) ||
             e.error.contains(QLatin1String("timed out")))
        words = MainWindow::tr("The host did not answer in time.");
    else if (name.endsWith(QLatin1String("EHOSTUNREACH")) ||
             name.endsWith(QLatin1String("ENETUNREACH")))
        words = MainWindow::tr("That host cannot be reached from this network.");
    else if (name.endsWith(QLatin1String("ECONNRESET")))
        words = MainWindow::tr("The host closed the connection abruptly.");
    if (e.error.isEmpty())
        return words.isEmpty() ? e.text : words;
    return words.isEmpty() ? e.error : words + QStringLiteral(" (") + e.error + QLatin1Char(')');
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(220, 220, 220);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(100, 170, 255));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
    return p;
}

} // namespace

MainWindow::MainWindow(QSettings* settings, QWidget* parent)
    : QMainWindow(parent)
    , m_store(settings)
{
    initResources();
    m_settings.load(*m_store);
    setWindowTitle(tr("LanChat"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/lanchat.svg")));

    m_tabs = new QTabWidget(this);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setAccessibleName(tr("Chats"));
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        for (int i = 0; i < m_tabs->count(); ++i)
            if (auto* p = qobject_cast<ChatPage*>(m_tabs->widget(i)))
                p->view()->setActive(i == index && isActiveWindow());
        if (auto* p = qobject_cast<ChatPage*>(m_tabs->widget(index))) {
            updateTabTitle(p);
            p->setFocus();
        }
        updateStatus();
    });
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        auto* p = qobject_cast<ChatPage*>(m_tabs->widget(index));
        if (!p)
            return;
        if (p->kind() == ChatPage::Kind::Server) {
            closeSession(p->session(), {});
            return;
        }
        if (p->kind() == ChatPage::Kind::Room && p->session())
            p->session()->part(p->target(), {});
        m_tabs->removeTab(index);
        p->deleteLater();
    });

    m_network = new NetworkPanel(this);
    m_network->setMinimumWidth(340);
    auto* dock = new QDockWidget(tr("Network"), this);
    dock->setObjectName(QStringLiteral("networkDock"));
    dock->setWidget(m_network);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    m_network->setRecentHosts(m_settings.recentHosts);
    m_network->setFavourites(m_settings.favourites, m_settings.autoConnect);
    connect(m_network, &NetworkPanel::favouriteChanged, this,
            [this](const QString& address, bool on) {
                m_settings.favourites.removeAll(address);
                if (on)
                    m_settings.favourites.append(address);
                else
                    m_settings.autoConnect.removeAll(address);
                m_network->setFavourites(m_settings.favourites, m_settings.autoConnect);
                m_settings.save(*m_store);
            });
    connect(m_network, &NetworkPanel::autoConnectChanged, this,
            [this](const QString& address, bool on) {
                m_settings.autoConnect.removeAll(address);
                if (on) {
                    m_settings.autoConnect.append(address);
                    if (!m_settings.favourites.contains(address))
                        m_settings.favourites.append(address);
                }
                m_network->setFavourites(m_settings.favourites, m_settings.autoConnect);
                m_settings.save(*m_store);
            });
    connect(m_network, &NetworkPanel::joinRequested, this,
            [this](const QString& address) { joinHost(address); });
    connect(m_network, &NetworkPanel::hostRequested, this, [this] {
        HostDialog dialog(bridge::availableLoops(), this);
        dialog.setValues(m_settings.defaultPort, m_settings.hostName, m_settings.loop);
        if (dialog.exec() == QDialog::Accepted)
            hostChat(dialog.port(), dialog.chatName(), dialog.password(), dialog.loop());
    });
    connect(m_network, &NetworkPanel::stopHostRequested, this, &MainWindow::stopHosting);

    m_statusConnection = new QLabel(tr("Not connected"), this);
    m_statusConnection->setTextFormat(Qt::PlainText);
    m_statusHost = new QLabel(this);
    m_statusHost->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_statusConnection, 1);
    statusBar()->addPermanentWidget(m_statusHost);

    // Away marks in the user lists: WHO once a minute for each open room (the host has no
    // away-notify), besides the WHO the client sends after joining.
    auto* whoTimer = new QTimer(this);
    connect(whoTimer, &QTimer::timeout, this, [this] {
        for (int i = 0; i < m_tabs->count(); ++i)
            if (auto* p = qobject_cast<ChatPage*>(m_tabs->widget(i));
                p && p->session() && p->kind() == ChatPage::Kind::Room &&
                p->session()->state() == bridge::SessionState::Registered)
                p->session()->sendRaw(QStringLiteral("WHO ") + p->target());
    });
    whoTimer->start(60000);

    m_countdown = new QTimer(this);
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &MainWindow::updateStatus);

    m_host = new bridge::HostService(this);
    connect(m_host, &bridge::HostService::started, this, [this](const QString&, quint16 port) {
        m_network->setHosting(true, tr("Hosting on port %1").arg(port));
        updateStatus();
        // Host and chat at once: join our own host over a real loopback connection, as its
        // operator.
        m_ownSession = openSession(QStringLiteral("127.0.0.1"), port, m_host->settings().password,
                                   {QStringLiteral("#lan")}, true);
    });
    connect(m_host, &bridge::HostService::failed, this, &MainWindow::handleHostFailed);
    connect(m_host, &bridge::HostService::stopped, this, [this](const QString& reason) {
        m_network->setHosting(false, tr("Not hosting (%1)").arg(reason));
        updateStatus();
    });
    connect(m_host, &bridge::HostService::figures, this, [this] { updateStatus(); });

    m_presence = new bridge::PresenceService(this);
    connect(m_presence, &bridge::PresenceService::peerChanged, m_network, &NetworkPanel::setPeer);
    connect(m_presence, &bridge::PresenceService::peerGone, m_network,
            [this](quint64 instance, const QString&) { m_network->removePeer(instance); });
    connect(m_presence, &bridge::PresenceService::diagnosticsChanged, m_network,
            &NetworkPanel::setDiagnostics);
    connect(m_presence, &bridge::PresenceService::failed, this, [this](const QString& error) {
        bridge::PresenceDiagnostics d;
        d.mode = m_settings.presenceMode;
        d.bindError = error;
        m_network->setDiagnostics(d);
    });

    buildMenus();
    buildTray();
    applyTheme();
    openHistory();
    resize(1000, 650);
    updateStatus();
    // The Socket Inspector (ui/inspector): a dock on the right, hidden until View > Socket
    // Inspector; its feed follows the trace from the start, so it knows every socket when shown.
    auto* inspector = new ui::InspectorDock(this);
    addDockWidget(Qt::RightDockWidgetArea, inspector);
    inspector->hide();
    QMenu* inspectorMenu = nullptr;
    for (QAction* action : menuBar()->actions()) {
        if (action->menu() && action->text() == tr("&View"))
            inspectorMenu = action->menu();
    }
    if (!inspectorMenu)
        inspectorMenu = menuBar()->addMenu(tr("&View"));
    QAction* inspectorToggle = inspector->toggleViewAction();
    inspectorToggle->setText(tr("Socket &Inspector"));
    inspectorMenu->addAction(inspectorToggle);
    connect(inspector, &ui::InspectorDock::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    // A chat tab jumps to its connection's socket in the Inspector (the tab's menu, Ctrl+I).
    m_inspector = inspector;
    QAction* showSocket = inspectorMenu->addAction(
        tr("Show this chat's &socket"), this, [this] { showChatSocket(m_tabs->currentIndex()); });
    showSocket->setShortcut(QKeySequence(tr("Ctrl+I")));
    m_tabs->tabBar()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tabs->tabBar(), &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const int index = m_tabs->tabBar()->tabAt(at);
        if (index < 0)
            return;
        QMenu menu(this);
        menu.addAction(tr("Show its &socket in the Inspector"), this,
                       [this, index] { showChatSocket(index); });
        menu.addAction(tr("&Close"), this,
                       [this, index] { emit m_tabs->tabCloseRequested(index); });
        menu.exec(m_tabs->tabBar()->mapToGlobal(at));
    });

    // Last, once every dock exists: where the user left them.
    restoreGeometry(m_store->value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(m_store->value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow()
{
    // Ordered: the sessions leave (their loops stop), then the host, then presence; all are
    // children, but their order here is ours, not the QObject tree's.
    for (auto& s : m_sessions)
        delete s.data();
    m_sessions.clear();
    delete m_host;
    m_host = nullptr;
    delete m_presence;
    m_presence = nullptr;
}

void MainWindow::start(bool restoreSessions)
{
    bridge::PresenceSettings presence;
    presence.mode = m_settings.presenceMode;
    presence.port = m_settings.presencePort;
    presence.name = m_settings.nick;
    m_presence->start(presence);
    if (!restoreSessions)
        return;
    // Chats open at the last exit, then favourites marked for auto-connect.
    const int count = m_store->beginReadArray(QStringLiteral("sessions"));
    QList<QPair<QString, QStringList>> saved;
    for (int i = 0; i < count; ++i) {
        m_store->setArrayIndex(i);
        saved.append({m_store->value(QStringLiteral("address")).toString(),
                      m_store->value(QStringLiteral("rooms")).toStringList()});
    }
    m_store->endArray();
    for (const auto& address : m_settings.autoConnect)
        if (std::none_of(saved.begin(), saved.end(), [&](auto& s) { return s.first == address; }))
            saved.append({address, {QStringLiteral("#lan")}});
    for (const auto& [address, rooms] : saved)
        if (!address.isEmpty())
            joinHost(address, {}, rooms.isEmpty() ? QStringList{QStringLiteral("#lan")} : rooms);
}

void MainWindow::buildMenus()
{
    QMenu* chat = menuBar()->addMenu(tr("&Chat"));
    QAction* join = chat->addAction(tr("&Join host..."), this, [this] {
        bool ok = false;
        const QString address =
            QInputDialog::getText(this, tr("Join a chat"), tr("Host (host:port):"),
                                  QLineEdit::Normal, m_settings.recentHosts.value(0), &ok);
        if (ok && !address.trimmed().isEmpty())
            joinHost(address);
    });
    join->setShortcut(QKeySequence(tr("Ctrl+J")));
    QAction* host = chat->addAction(tr("&Host a chat..."), this, [this] {
        if (m_host->isRunning())
            return;
        HostDialog dialog(bridge::availableLoops(), this);
        dialog.setValues(m_settings.defaultPort, m_settings.hostName, m_settings.loop);
        if (dialog.exec() == QDialog::Accepted)
            hostChat(dialog.port(), dialog.chatName(), dialog.password(), dialog.loop());
    });
    host->setShortcut(QKeySequence(tr("Ctrl+H")));
    chat->addAction(tr("&Stop hosting"), this, &MainWindow::stopHosting);
    chat->addSeparator();
    QAction* search = chat->addAction(tr("Search &history..."), this, &MainWindow::searchHistory);
    search->setShortcut(QKeySequence::Find);
    chat->addAction(tr("E&xport this chat..."), this, &MainWindow::exportCurrentChat);
    chat->addAction(tr("Clear this chat's histor&y..."), this, [this] { clearHistory(false); });
    chat->addAction(tr("Clear &all history..."), this, [this] { clearHistory(true); });
    chat->addSeparator();
    QAction* settings = chat->addAction(tr("S&ettings..."), this, &MainWindow::showSettings);
    settings->setShortcut(QKeySequence::Preferences);
    chat->addSeparator();
    QAction* quit = chat->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* close = view->addAction(tr("&Close chat"), this, [this] {
        if (m_tabs->currentIndex() >= 0)
            emit m_tabs->tabCloseRequested(m_tabs->currentIndex());
    });
    close->setShortcut(QKeySequence::Close);
    QAction* network =
        view->addAction(tr("Ne&twork panel"), this, [this] { m_network->joinEntry()->setFocus(); });
    network->setShortcut(QKeySequence(tr("Ctrl+L")));
    QAction* next = view->addAction(tr("&Next chat"), this, [this] {
        if (m_tabs->count() > 0)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count());
    });
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    QAction* previous = view->addAction(tr("&Previous chat"), this, [this] {
        if (m_tabs->count() > 0)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) %
                                    m_tabs->count());
    });
    previous->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About LanChat"), this, [this] {
        QMessageBox::about(this, tr("About LanChat"),
                           tr("<h3>LanChat %1</h3><p>Chat on a local network, and see how "
                              "sockets really work.</p><p>Hosts speak IRC: any IRC client can "
                              "join.</p>")
                               .arg(QApplication::applicationVersion().toHtmlEscaped()));
    });
}

void MainWindow::buildTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(windowIcon(), this);
    m_tray->setToolTip(tr("LanChat"));
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        showNormal();
        activateWindow();
        if (m_notifiedPage)
            m_tabs->setCurrentWidget(m_notifiedPage);
    });
    connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
        showNormal();
        activateWindow();
    });
    m_tray->show();
}

void MainWindow::applyTheme()
{
    if (m_settings.theme == QLatin1String("dark")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    } else if (m_settings.theme == QLatin1String("light")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
    if (!m_settings.font.isEmpty()) {
        QFont f;
        if (f.fromString(m_settings.font))
            QApplication::setFont(f);
    }
}

bool MainWindow::joinHost(const QString& address, const QString& password, const QStringList& rooms)
{
    QString host;
    quint16 port = 0;
    if (!parseAddress(address, m_settings.defaultPort, &host, &port)) {
        QMessageBox::warning(this, tr("Join a chat"),
                             tr("\"%1\" is not a host address. Type a name or an address, "
                                "optionally with a port: 192.168.1.20, lanchat.local:6667, "
                                "[fe80::1]:6667.")
                                 .arg(address.toHtmlEscaped()));
        return false;
    }
    const bool v6 = host.contains(QLatin1Char(':'));
    const QString key = QStringLiteral("passwords/") +
                        (v6 ? QLatin1Char('[') + host + QLatin1Char(']') : host) +
                        QLatin1Char(':') + QString::number(port);
    openSession(host, port, password.isEmpty() ? m_store->value(key).toString() : password, rooms);
    return true;
}

bridge::ChatSession* MainWindow::openSession(const QString& host, quint16 port,
                                             const QString& password, const QStringList& rooms,
                                             bool isOwnHost)
{
    bridge::SessionSettings s;
    s.host = host;
    s.port = port;
    s.nick = m_settings.nick;
    s.alternativeNick = m_settings.alternativeNick;
    s.realName = m_settings.realName;
    s.password = password;
    s.rooms = rooms;
    s.loop = m_settings.loop;
    auto* session = new bridge::ChatSession(s, this);
    session->setProperty("ownHost", isOwnHost);
    m_sessions.append(session);
    ChatPage* server = ensurePage(session, QString(), true);
    server->view()->addEvent(QDateTime::currentDateTime(),
                             tr("Joining %1 as %2...").arg(session->address(), s.nick));
    connect(session, &bridge::ChatSession::event, this,
            [this, session](const bridge::ChatEvent& e) { handleEvent(session, e); });
    connect(session, &bridge::ChatSession::membersChanged, this,
            [this, session](const QString& room) { handleMembersChanged(session, room); });
    session->start();
    if (!isOwnHost) {
        m_settings.addRecent(session->address());
        m_network->setRecentHosts(m_settings.recentHosts);
    }
    updateConnections();
    return session;
}

void MainWindow::closeSession(bridge::ChatSession* session, const QString& reason)
{
    if (!session)
        return;
    for (int i = m_tabs->count() - 1; i >= 0; --i) {
        auto* p = qobject_cast<ChatPage*>(m_tabs->widget(i));
        if (p && p->session() == session) {
            m_tabs->removeTab(i);
            p->deleteLater();
        }
    }
    m_sessions.removeAll(session);
    m_retryAt.remove(session);
    session->quit(reason);
    // Its QUIT goes out, then the session (and its loop) goes.
    QTimer::singleShot(1000, session, &QObject::deleteLater);
    updateConnections();
    updateStatus();
}

ChatPage* MainWindow::page(bridge::ChatSession* session, const QString& target) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* p = qobject_cast<ChatPage*>(m_tabs->widget(i));
        if (p && p->session() == session && p->kind() != ChatPage::Kind::Server &&
            p->target().compare(target, Qt::CaseInsensitive) == 0)
            return p;
    }
    return nullptr;
}

ChatPage* MainWindow::serverPage(bridge::ChatSession* session) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* p = qobject_cast<ChatPage*>(m_tabs->widget(i));
        if (p && p->session() == session && p->kind() == ChatPage::Kind::Server)
            return p;
    }
    return nullptr;
}

QList<bridge::ChatSession*> MainWindow::sessions() const
{
    QList<bridge::ChatSession*> list;
    for (const auto& s : m_sessions)
        if (s)
            list.append(s.data());
    return list;
}

ChatPage* MainWindow::ensurePage(bridge::ChatSession* session, const QString& target, bool select)
{
    ChatPage* p = target.isEmpty() ? serverPage(session) : page(session, target);
    if (!p) {
        const auto kind = target.isEmpty() ? ChatPage::Kind::Server
                          : isRoom(target) ? ChatPage::Kind::Room
                                           : ChatPage::Kind::Private;
        p = new ChatPage(session, kind, target, m_tabs);
        p->view()->setScrollback(m_settings.scrollback);
        // Insert after the session's last tab, so each host's chats stay together.
        int at = m_tabs->count();
        for (int i = 0; i < m_tabs->count(); ++i)
            if (auto* other = qobject_cast<ChatPage*>(m_tabs->widget(i));
                other && other->session() == session)
                at = i + 1;
        m_tabs->insertTab(at, p, p->title());
        connect(p, &ChatPage::lineEntered, this,
                [this, p](const QString& line) { handleLine(p, line); });
        connect(p, &ChatPage::memberActivated, this, [this, p](const QString& nick) {
            m_tabs->setCurrentWidget(ensurePage(p->session(), nick, true));
        });
        connect(p->view(), &MessageView::unreadChanged, this, [this, p] { updateTabTitle(p); });
        p->view()->setActive(false);
        if (kind == ChatPage::Kind::Room) {
            p->setTopic(session->topic(target));
            p->setMembers(session->members(target), m_away);
        }
        if (kind != ChatPage::Kind::Server)
            restoreHistory(p);
    }
    if (select)
        m_tabs->setCurrentWidget(p);
    return p;
}

void MainWindow::updateTabTitle(ChatPage* p)
{
    const int index = m_tabs->indexOf(p);
    if (index < 0)
        return;
    const int unread = p->view()->unread();
    m_tabs->setTabText(index, unread > 0 ? QStringLiteral("%1 (%2)").arg(p->title()).arg(unread)
                                         : p->title());
    m_tabs->setTabToolTip(index, plainForRichText(p->title()));
    int total = 0;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto* other = qobject_cast<ChatPage*>(m_tabs->widget(i)))
            total += other->view()->unread();
    setWindowTitle(total > 0 ? tr("LanChat (%1 unread)").arg(total) : tr("LanChat"));
    if (m_tray)
        m_tray->setToolTip(total > 0 ? tr("LanChat: %n unread message(s)", nullptr, total)
                                     : tr("LanChat"));
}

bool MainWindow::isMention(bridge::ChatSession* session, const QString& text) const
{
    QStringList words = m_settings.highlightWords;
    words.prepend(session->nick());
    for (const auto& word : words) {
        if (word.isEmpty())
            continue;
        const QRegularExpression re(QStringLiteral("(^|\\W)") + QRegularExpression::escape(word) +
                                        QStringLiteral("($|\\W)"),
                                    QRegularExpression::CaseInsensitiveOption);
        if (re.match(text).hasMatch())
            return true;
    }
    return false;
}

void MainWindow::notifyIfNeeded(ChatPage* p, const bridge::ChatEvent& e, bool mention)
{
    const bool isPrivate = e.room.isEmpty();
    if (!(mention && m_settings.notifyMentions) && !(isPrivate && m_settings.notifyPrivate))
        return;
    if (m_selfAway && m_settings.quietWhileAway)
        return;
    if (isActiveWindow() && m_tabs->currentWidget() == p)
        return;
    const QString title =
        isPrivate ? tr("%1 (private)").arg(e.nick) : tr("%1 in %2").arg(e.nick, e.room);
    // Notifications are plain text (QSystemTrayIcon::showMessage does not render markup).
    m_notifications.append({title, e.text});
    m_notifiedPage = p;
    if (m_tray)
        m_tray->showMessage(title, e.text, QSystemTrayIcon::Information, 5000);
}

void MainWindow::handleEvent(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    ChatPage* server = serverPage(session);
    if (!server)
        return; // the session is closing
    const QDateTime& t = e.time;
    switch (e.kind) {
    case Kind::StateChanged:
        handleStateChanged(session, e);
        return;
    case Kind::Registered:
        server->view()->addEvent(t, tr("Connected as %1: %2").arg(e.nick, e.text));
        if (session == m_ownSession && !m_operatorPassword.isEmpty())
            session->sendRaw(QStringLiteral("OPER ") + e.nick + QLatin1Char(' ') +
                             m_operatorPassword);
        m_presence->setName(e.nick);
        m_presence->setChat(session->address());
        updateConnections();
        return;
    case Kind::NickInUse:
        server->view()->addEvent(t, tr("The nick %1 is taken; trying %2.").arg(e.nick, e.target));
        return;
    case Kind::Message:
    case Kind::Action:
    case Kind::Notice: {
        if (!e.self && m_ignored.contains(e.nick.toLower()))
            return;
        ChatPage* p = nullptr;
        if (!e.room.isEmpty())
            p = ensurePage(session, e.room, false);
        else if (e.nick.isEmpty() || (e.kind == Kind::Notice && !page(session, e.nick)))
            p = server; // server notices; notices from people without a private tab
        else
            p = ensurePage(session, e.self ? e.target : e.nick, false);
        const bool mention = !e.self && e.kind != Kind::Notice && isMention(session, e.text);
        const QString from = e.nick.isEmpty() ? session->address() : e.nick;
        const bool self = e.self;
        const QString text = e.text;
        if (e.kind == Kind::Message)
            present(p, history::Kind::Message, e, from, text,
                    [=](MessageView* v) { v->addMessage(t, from, text, self, mention); });
        else if (e.kind == Kind::Action)
            present(p, history::Kind::Action, e, from, text,
                    [=](MessageView* v) { v->addAction(t, from, text, self); });
        else
            present(p, history::Kind::Notice, e, from, text,
                    [=](MessageView* v) { v->addNotice(t, from, text); });
        if (!e.self && e.kind != Kind::Notice)
            notifyIfNeeded(p, e, mention);
        return;
    }
    case Kind::Join:
        if (e.self) {
            ChatPage* p = ensurePage(session, e.room, true);
            p->view()->addEvent(t, tr("You joined %1.").arg(e.room));
        } else if (ChatPage* p = page(session, e.room)) {
            const QString line = tr("--> %1 joined").arg(e.nick);
            present(p, history::Kind::Join, e, e.nick, line,
                    [=](MessageView* v) { v->addEvent(t, line); });
        }
        return;
    case Kind::Part:
        if (ChatPage* p = page(session, e.room)) {
            p->view()->addEvent(t, e.text.isEmpty() ? tr("<-- %1 left").arg(e.nick)
                                                    : tr("<-- %1 left (%2)").arg(e.nick, e.text));
            if (e.self) {
                m_tabs->removeTab(m_tabs->indexOf(p));
                p->deleteLater();
            }
        }
        return;
    case Kind::Kick:
        if (ChatPage* p = page(session, e.room))
            p->view()->addEvent(t,
                                tr("<-- %1 was kicked by %2 (%3)").arg(e.target, e.nick, e.text));
        return;
    case Kind::Quit:
        for (const auto& room : e.rooms)
            if (ChatPage* p = page(session, room)) {
                const QString line = e.text.isEmpty() ? tr("<-- %1 quit").arg(e.nick)
                                                      : tr("<-- %1 quit (%2)").arg(e.nick, e.text);
                present(p, history::Kind::Quit, e, e.nick, line,
                        [=](MessageView* v) { v->addEvent(t, line); });
            }
        if (ChatPage* p = page(session, e.nick))
            p->view()->addEvent(t, tr("<-- %1 quit (%2)").arg(e.nick, e.text));
        m_away.remove(e.nick.toLower());
        return;
    case Kind::NickChange: {
        const QString line = e.self ? tr("You are now known as %1").arg(e.target)
                                    : tr("%1 is now known as %2").arg(e.nick, e.target);
        for (const auto& room : e.rooms)
            if (ChatPage* p = page(session, room))
                p->view()->addEvent(t, line);
        if (ChatPage* p = page(session, e.nick)) {
            p->setTarget(e.target);
            p->view()->addEvent(t, line);
            updateTabTitle(p);
        }
        if (e.self) {
            server->view()->addEvent(t, line);
            m_presence->setName(e.target);
            updateStatus();
        }
        return;
    }
    case Kind::Topic:
        if (ChatPage* p = page(session, e.room)) {
            p->setTopic(e.text);
            if (!e.nick.isEmpty()) {
                const QString line = tr("%1 set the topic: %2").arg(e.nick, e.text);
                present(p, history::Kind::Topic, e, e.nick, line,
                        [=](MessageView* v) { v->addEvent(t, line); });
            } else if (!e.text.isEmpty())
                p->view()->addEvent(t, tr("Topic: %1").arg(e.text));
        }
        return;
    case Kind::Names:
        return; // the member list follows with membersChanged
    case Kind::Mode:
        if (ChatPage* p = page(session, e.room))
            p->view()->addEvent(
                t,
                tr("%1 sets mode %2").arg(e.nick.isEmpty() ? session->address() : e.nick, e.text));
        return;
    case Kind::Away:
        if (e.self) {
            m_selfAway = !e.text.isEmpty();
            m_presence->setAway(m_selfAway);
            if (m_selfAway)
                m_away.insert(session->nick().toLower());
            else
                m_away.remove(session->nick().toLower());
            for (int i = 0; i < m_tabs->count(); ++i)
                if (auto* p = qobject_cast<ChatPage*>(m_tabs->widget(i));
                    p && p->session() == session && p->kind() == ChatPage::Kind::Room)
                    p->setMembers(session->members(p->target()), m_away);
            server->view()->addEvent(t, m_selfAway ? tr("You are marked as away.")
                                                   : tr("You are back."));
            updateStatus();
        } else {
            const bool changed = e.text.isEmpty() ? m_away.remove(e.nick.toLower())
                                                  : !m_away.contains(e.nick.toLower());
            if (!e.text.isEmpty())
                m_away.insert(e.nick.toLower());
            if (e.numeric == 301) { // the answer to a message to someone away
                ChatPage* p = page(session, e.nick);
                if (!p)
                    p = qobject_cast<ChatPage*>(m_tabs->currentWidget());
                if (p)
                    p->view()->addEvent(t, tr("%1 is away: %2").arg(e.nick, e.text));
            }
            if (changed) // the user lists' away marks
                for (int i = 0; i < m_tabs->count(); ++i)
                    if (auto* p = qobject_cast<ChatPage*>(m_tabs->widget(i));
                        p && p->session() == session && p->kind() == ChatPage::Kind::Room)
                        p->setMembers(session->members(p->target()), m_away);
        }
        return;
    case Kind::Invite:
        server->view()->addEvent(t, tr("%1 invites you to %2 (/join %2)").arg(e.nick, e.room));
        return;
    case Kind::Lag:
        updateStatus();
        updateConnections();
        return;
    case Kind::ServerText:
        server->view()->addEvent(t, e.text);
        return;
    case Kind::Error: {
        ChatPage* p = server;
        if (!e.room.isEmpty() && page(session, e.room))
            p = page(session, e.room);
        else if (!e.target.isEmpty() && page(session, e.target))
            p = page(session, e.target);
        else if (auto* current = qobject_cast<ChatPage*>(m_tabs->currentWidget());
                 current && current->session() == session)
            p = current;
        QString text = e.text;
        if (!e.target.isEmpty())
            text = e.target + QStringLiteral(": ") + text;
        if (e.numeric == 433 || e.numeric == 432)
            text += QLatin1Char(' ') + tr("Choose another nick with /nick.");
        if (e.numeric == 464) {
            text = tr("Wrong password for this host (%1).").arg(e.text);
            session->setProperty("needsPassword", true);
        }
        p->view()->addError(t, text);
        return;
    }
    }
}

void MainWindow::handleStateChanged(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    ChatPage* server = serverPage(session);
    const QDateTime& t = e.time;
    using S = bridge::SessionState;
    m_retryAt.remove(session);
    switch (e.state) {
    case S::Connecting:
        server->view()->addEvent(t, tr("Connecting to %1...").arg(session->address()));
        break;
    case S::Registering:
        server->view()->addEvent(t, tr("Connected; logging in as %1...").arg(session->nick()));
        break;
    case S::Waiting: {
        const qint64 seconds = (e.retryInMs + 999) / 1000;
        server->view()->addError(t, tr("Connection lost: %1. Reconnecting in %n second(s)...",
                                       nullptr, static_cast<int>(seconds))
                                        .arg(explain(e)));
        m_retryAt.insert(session, QDateTime::currentDateTime().addMSecs(e.retryInMs));
        m_countdown->start();
        break;
    }
    case S::Disconnected:
        if (e.error.isEmpty() && e.text.isEmpty()) {
            server->view()->addEvent(t, tr("Disconnected."));
        } else {
            const QString why = explain(e);
            server->view()->addError(t, tr("Cannot chat on %1: %2").arg(session->address(), why));
            if (!m_quitting && session != m_ownSession && e.errorName != QLatin1String("refused"))
                statusBar()->showMessage(tr("%1: %2").arg(session->address(), why), 15000);
            // A host with a password: ask for it (and keep it only if the user says so).
            if (session->property("needsPassword").toBool() && !m_quitting) {
                askPassword(session);
                return;
            }
            // A nick in use: offer another.
            if (e.error.contains(QLatin1String("(433")) && !m_quitting) {
                bool ok = false;
                const QString nick =
                    QInputDialog::getText(this, tr("Nick in use"),
                                          tr("The nick %1 is taken on %2. Another one:")
                                              .arg(session->settings().nick, session->address()),
                                          QLineEdit::Normal, m_settings.alternativeNick, &ok);
                if (ok && !nick.trimmed().isEmpty()) {
                    m_settings.nick = nick.trimmed();
                    const auto s = session->settings();
                    closeSession(session, {});
                    openSession(s.host, s.port, s.password, s.rooms);
                    return;
                }
            }
        }
        break;
    case S::Registered:
    case S::Closing:
        break;
    }
    updateConnections();
    updateStatus();
}

void MainWindow::askPassword(bridge::ChatSession* session)
{
    const auto settings = session->settings();
    const QString address = session->address();
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Password"));
    auto* form = new QFormLayout(&dialog);
    auto* label = new QLabel(tr("The chat on %1 needs a password.").arg(address), &dialog);
    label->setTextFormat(Qt::PlainText);
    form->addRow(label);
    auto* password = new QLineEdit(&dialog);
    password->setEchoMode(QLineEdit::Password);
    password->setAccessibleName(tr("Password"));
    form->addRow(tr("&Password:"), password);
    auto* remember =
        new QCheckBox(tr("&Remember it for this host (kept in the settings file)"), &dialog);
    form->addRow(remember);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString key = QStringLiteral("passwords/") + address;
    if (remember->isChecked())
        m_store->setValue(key, password->text());
    else
        m_store->remove(key);
    closeSession(session, {});
    openSession(settings.host, settings.port, password->text(), settings.rooms);
}

void MainWindow::handleMembersChanged(bridge::ChatSession* session, const QString& room)
{
    if (ChatPage* p = page(session, room))
        p->setMembers(session->members(room), m_away);
}

void MainWindow::handleLine(ChatPage* p, const QString& line)
{
    runCommand(p, ChatCommands::parse(line, p->kind() == ChatPage::Kind::Server ? QString()
                                                                                : p->target()));
}

void MainWindow::runCommand(ChatPage* p, const ChatCommand& c)
{
    using K = ChatCommand::Kind;
    bridge::ChatSession* session = p->session();
    const QDateTime now = QDateTime::currentDateTime();
    if (!session && c.kind != K::Help && c.kind != K::Error) {
        p->view()->addError(now, tr("This chat is closed."));
        return;
    }
    switch (c.kind) {
    case K::Say:
        session->sendMessage(c.target, c.text);
        return;
    case K::Me:
        session->sendAction(c.target, c.text);
        return;
    case K::Join:
        session->join(c.target, c.key);
        return;
    case K::Part:
        session->part(c.target, c.text);
        return;
    case K::Msg:
        session->sendMessage(c.target, c.text);
        return;
    case K::Query: {
        ChatPage* q = ensurePage(session, c.target, true);
        if (!c.text.isEmpty())
            session->sendMessage(c.target, c.text);
        q->setFocus();
        return;
    }
    case K::Nick:
        session->setNick(c.target);
        return;
    case K::Topic:
        if (c.text.isEmpty())
            session->requestTopic(c.target);
        else
            session->setTopic(c.target, c.text);
        return;
    case K::Away:
        session->setAway(c.text);
        return;
    case K::Back:
        session->setAway({});
        return;
    case K::Whois:
        session->sendRaw(QStringLiteral("WHOIS ") + c.target);
        return;
    case K::Kick:
        session->sendRaw(QStringLiteral("KICK ") + c.key + QLatin1Char(' ') + c.target +
                         (c.text.isEmpty() ? QString() : QStringLiteral(" :") + c.text));
        return;
    case K::Ban: {
        const QString mask =
            c.target.contains(QLatin1Char('!')) || c.target.contains(QLatin1Char('@'))
                ? c.target
                : c.target + QStringLiteral("!*@*");
        session->sendRaw(QStringLiteral("MODE ") + c.key + QStringLiteral(" +b ") + mask);
        return;
    }
    case K::Mode:
        session->sendRaw(QStringLiteral("MODE ") + c.target + QLatin1Char(' ') + c.text);
        return;
    case K::Ignore:
        m_ignored.insert(c.target.toLower());
        p->view()->addEvent(now, tr("Ignoring %1 (/unignore %1 to stop).").arg(c.target));
        return;
    case K::Unignore:
        if (m_ignored.remove(c.target.toLower()))
            p->view()->addEvent(now, tr("No longer ignoring %1.").arg(c.target));
        else
            p->view()->addError(now, tr("%1 was not ignored.").arg(c.target));
        return;
    case K::Quit:
        closeSession(session, c.text);
        return;
    case K::Help:
        for (const auto& line : ChatCommands::help())
            p->view()->addEvent(now, line);
        return;
    case K::Raw:
        session->sendRaw(c.text);
        return;
    case K::Error:
        p->view()->addError(now, c.text);
        return;
    }
}

void MainWindow::hostChat(quint16 port, const QString& name, const QString& password,
                          const QString& loop, const QString& bind)
{
    if (m_host->isRunning())
        return;
    bridge::HostSettings s;
    s.bind = bind;
    s.port = port;
    s.name = name;
    s.password = password;
    s.loop = loop;
    s.operatorName = m_settings.nick;
    // The hosting user becomes host operator with a password nobody else sees.
    m_operatorPassword = QString::number(QRandomGenerator::global()->generate64(), 36);
    s.operatorPassword = m_operatorPassword;
    s.presenceMode =
        m_settings.presenceMode == QLatin1String("off") ? QString() : m_settings.presenceMode;
    s.presencePort = m_settings.presencePort;
    s.hostId = m_store->value(QStringLiteral("host/id")).toString();
    if (s.hostId.isEmpty()) {
        s.hostId = QString::number(QRandomGenerator::global()->generate64(), 16);
        m_store->setValue(QStringLiteral("host/id"), s.hostId);
    }
    m_settings.hostName = name;
    m_network->setHosting(false, tr("Starting the host on port %1...").arg(port));
    m_host->start(s);
}

void MainWindow::handleHostFailed(const QString& error, const QString& errorName)
{
    m_network->setHosting(false, tr("Not hosting"));
    const auto s = m_host->settings();
    if (errorName.endsWith(QLatin1String("EADDRINUSE")) ||
        errorName.endsWith(QLatin1String("EACCES"))) {
        const quint16 next = s.port < 65535 ? static_cast<quint16>(s.port + 1) : 6667;
        QMessageBox box(QMessageBox::Warning, tr("Host a chat"),
                        tr("Port %1 is in use by another program (%2).").arg(s.port).arg(error),
                        QMessageBox::Cancel, this);
        box.setTextFormat(Qt::PlainText);
        QPushButton* other = box.addButton(tr("Use port %1").arg(next), QMessageBox::AcceptRole);
        box.exec();
        if (box.clickedButton() == other)
            hostChat(next, s.name, s.password, s.loop, s.bind);
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Host a chat"),
                    tr("The chat could not be hosted: %1").arg(error), QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

void MainWindow::stopHosting()
{
    if (!m_host->isRunning())
        return;
    if (m_ownSession)
        closeSession(m_ownSession, tr("Stopped hosting"));
    m_host->stop(tr("Host stopped by %1").arg(m_settings.nick));
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_settings, bridge::availableLoops(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString theme = m_settings.theme;
    const bool hadHistory = m_settings.historyEnabled;
    m_settings = dialog.values();
    m_settings.save(*m_store);
    if (m_settings.historyEnabled != hadHistory) {
        if (m_settings.historyEnabled)
            openHistory();
        else {
            showCommitted(std::numeric_limits<qint64>::max());
            m_history->close();
        }
    }
    m_history->setRetentionDays(m_settings.historyDays);
    if (theme != m_settings.theme || !m_settings.font.isEmpty())
        applyTheme();
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto* p = qobject_cast<ChatPage*>(m_tabs->widget(i)))
            p->view()->setScrollback(m_settings.scrollback);
}

void MainWindow::openHistory()
{
    if (!m_history) {
        m_history = new history::HistoryStore(this);
        connect(m_history, &history::HistoryStore::committed, this, &MainWindow::showCommitted);
        connect(m_history, &history::HistoryStore::errorOccurred, this,
                [this](const QString& message) {
                    showCommitted(std::numeric_limits<qint64>::max());
                    statusBar()->showMessage(tr("History is off: %1").arg(message), 30000);
                });
    }
    if (!m_settings.historyEnabled || m_history->isOpen())
        return;
    // The history of this profile: in the user's data folder when the settings are in the
    // standard place; beside the settings file otherwise (a --profile elsewhere, the tests).
    const QFileInfo settingsFile(m_store->fileName());
    const QString configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QString path = m_store->value(QStringLiteral("history/path")).toString();
    if (path.isEmpty())
        path = settingsFile.absolutePath() == QFileInfo(configDir).absoluteFilePath()
                   ? history::HistoryStore::defaultPath(settingsFile.completeBaseName())
                   : settingsFile.absolutePath() + QLatin1Char('/') +
                         settingsFile.completeBaseName() + QStringLiteral(".history.sqlite");
    if (!m_history->open(path)) {
        // The window starts anyway, without history for this run; the file is left alone.
        auto* box = new QMessageBox(
            QMessageBox::Warning, tr("History"),
            tr("The chat history cannot be used this time: %1").arg(m_history->errorString()),
            QMessageBox::Ok, this);
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // not modal to the program: the window works meanwhile
        return;
    }
    m_history->setRetentionDays(m_settings.historyDays);
}

history::ChatKey MainWindow::chatKey(const ChatPage* p) const
{
    history::ChatKey key;
    if (!p || !p->session())
        return key;
    key.network =
        p->session()->network().isEmpty() ? p->session()->address() : p->session()->network();
    key.hostId = p->session()->hostId();
    key.chat = p->target();
    return key;
}

void MainWindow::present(ChatPage* p, history::Kind kind, const bridge::ChatEvent& e,
                         const QString& sender, const QString& text,
                         std::function<void(MessageView*)> draw)
{
    qint64 id = 0;
    if (m_history && m_history->isOpen() && p->kind() != ChatPage::Kind::Server) {
        history::Record r;
        r.chat = chatKey(p);
        r.kind = kind;
        r.time = e.time;
        r.serverTime = e.time;
        r.msgId = e.msgId;
        r.sender = sender;
        r.text = text;
        r.self = e.self;
        id = m_history->append(r);
    }
    // LANCHAT_SHOWN_LOG (for the crash test): every line, as it is drawn, is also written to
    // that file, so a test that kills the program knows what it had shown.
    static const QString shownLog = qEnvironmentVariable("LANCHAT_SHOWN_LOG");
    if (!shownLog.isEmpty()) {
        draw = [inner = std::move(draw), text](MessageView* v) {
            inner(v);
            QFile log(shownLog);
            if (log.open(QIODevice::Append))
                log.write((text + QLatin1Char('\n')).toUtf8());
        };
    }
    // Stored lines are shown once committed (a line seen is a line kept); a line that is not
    // stored waits behind those before it, so the order stays.
    if (id == 0 && m_pendingLines.isEmpty()) {
        draw(p->view());
        return;
    }
    m_pendingLines.append({id != 0 ? id : m_pendingLines.last().id, p, std::move(draw)});
}

void MainWindow::showCommitted(qint64 upTo)
{
    while (!m_pendingLines.isEmpty() && m_pendingLines.first().id <= upTo) {
        PendingLine line = m_pendingLines.takeFirst();
        if (line.page)
            line.draw(line.page->view());
    }
}

void MainWindow::restoreHistory(ChatPage* p)
{
    if (!m_history || !m_history->isOpen() || m_settings.historyLines <= 0)
        return;
    const history::ChatKey key = chatKey(p);
    if (!key.isValid())
        return;
    const QPointer<ChatPage> target(p);
    m_history->loadLast(key, m_settings.historyLines)
        .then(this, [target](const history::Page& page) {
            if (target)
                showHistoryPage(target->view(), page);
        });
    // Scrolling up past the top loads the page before.
    connect(p->view(), &MessageView::olderWanted, this, [this, target] {
        if (!target || !m_history || !m_history->isOpen())
            return;
        m_history->loadBefore(chatKey(target), target->view()->oldestHistoryId(), 100)
            .then(this, [target](const history::Page& page) {
                if (target)
                    showHistoryPage(target->view(), page);
            });
    });
}

void MainWindow::exportCurrentChat()
{
    auto* p = qobject_cast<ChatPage*>(m_tabs->currentWidget());
    if (!p || p->kind() == ChatPage::Kind::Server || !m_history || !m_history->isOpen()) {
        statusBar()->showMessage(tr("Choose a room or private chat to export (with history on)."),
                                 8000);
        return;
    }
    QString filter;
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export chat"), p->target() + QStringLiteral(".txt"),
        tr("Plain text (*.txt);;HTML (*.html);;JSON (*.json)"), &filter);
    if (file.isEmpty())
        return;
    const auto format = file.endsWith(QLatin1String(".html"), Qt::CaseInsensitive)
                            ? history::ExportFormat::Html
                        : file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
                            ? history::ExportFormat::Json
                            : history::ExportFormat::PlainText;
    m_history->exportChat(chatKey(p), format, file).then(this, [this, file](const QString& error) {
        statusBar()->showMessage(error.isEmpty() ? tr("Exported to %1").arg(file)
                                                 : tr("Export failed: %1").arg(error),
                                 10000);
    });
}

void MainWindow::clearHistory(bool all)
{
    if (!m_history || !m_history->isOpen())
        return;
    auto* p = qobject_cast<ChatPage*>(m_tabs->currentWidget());
    if (!all && (!p || p->kind() == ChatPage::Kind::Server))
        return;
    QMessageBox box(
        QMessageBox::Question, tr("Clear history"),
        all ? tr("Delete the stored history of every chat? This cannot be undone.")
            : tr("Delete the stored history of %1? This cannot be undone.").arg(p->target()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setTextFormat(Qt::PlainText);
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes)
        return;
    auto done = [this](qint64 count) {
        statusBar()->showMessage(count < 0 ? tr("The history could not be cleared.")
                                           : tr("%n line(s) deleted from the history.", nullptr,
                                                static_cast<int>(count)),
                                 10000);
    };
    if (all)
        m_history->clearAll().then(this, done);
    else
        m_history->clearChat(chatKey(p)).then(this, done);
}

void MainWindow::searchHistory()
{
    if (!m_history || !m_history->isOpen()) {
        statusBar()->showMessage(tr("History is off (Settings, History)."), 8000);
        return;
    }
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Search history"));
    auto* layout = new QVBoxLayout(dialog);
    auto* query = new QLineEdit(dialog);
    query->setPlaceholderText(tr("Words to find (word* for a beginning)"));
    query->setAccessibleName(tr("Search for"));
    auto* onlyHere = new QCheckBox(dialog);
    auto* current = qobject_cast<ChatPage*>(m_tabs->currentWidget());
    const bool chatOpen = current && current->kind() != ChatPage::Kind::Server;
    onlyHere->setText(chatOpen ? tr("Only in %1").arg(current->target()) : tr("Only in this chat"));
    onlyHere->setEnabled(chatOpen);
    auto* results = new QListWidget(dialog);
    results->setAccessibleName(tr("Search results"));
    auto* context = new QPlainTextEdit(dialog);
    context->setReadOnly(true);
    context->setAccessibleName(tr("The result in its context"));
    layout->addWidget(query);
    layout->addWidget(onlyHere);
    layout->addWidget(results, 2);
    layout->addWidget(context, 1);
    const std::optional<history::ChatKey> scope =
        chatOpen ? std::optional<history::ChatKey>(chatKey(current)) : std::nullopt;
    auto hits = std::make_shared<QList<history::SearchHit>>();
    connect(query, &QLineEdit::returnPressed, dialog, [=, this] {
        results->clear();
        context->clear();
        m_history->search(query->text(), onlyHere->isChecked() ? scope : std::nullopt, 200)
            .then(dialog, [=](const history::SearchResults& found) {
                *hits = found.hits;
                if (!found.error.isEmpty())
                    results->addItem(tr("Search failed: %1").arg(found.error));
                else if (found.hits.isEmpty())
                    results->addItem(tr("Nothing found."));
                for (const auto& hit : found.hits)
                    results->addItem(QStringLiteral("[%1] %2  <%3> %4")
                                         .arg(hit.message.record.time.toLocalTime().toString(
                                                  QStringLiteral("yyyy-MM-dd HH:mm")),
                                              hit.locator.chat.chat, hit.message.record.sender,
                                              bridge::displayText(hit.snippet)));
            });
    });
    // Enter or a double-click opens the chat at that line (when its host is connected).
    connect(results, &QListWidget::itemActivated, dialog, [=, this](QListWidgetItem* item) {
        const int row = results->row(item);
        if (row >= 0 && row < hits->size())
            openHistoryAt(hits->at(row));
    });
    // Choosing a result shows it among the lines around it.
    connect(results, &QListWidget::currentRowChanged, dialog, [=, this](int row) {
        if (row < 0 || row >= hits->size())
            return;
        const history::SearchHit hit = hits->at(row);
        m_history->loadAround(hit.locator, 10, 10).then(dialog, [=](const history::Page& page) {
            QStringList lines;
            int at = 0;
            for (const auto& m : page.messages) {
                if (m.id == hit.locator.messageId)
                    at = static_cast<int>(lines.size());
                lines.append(QStringLiteral("%1[%2] <%3> %4")
                                 .arg(m.id == hit.locator.messageId ? QStringLiteral("> ")
                                                                    : QStringLiteral("  "),
                                      m.record.time.toLocalTime().toString(
                                          QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                      m.record.sender, bridge::displayText(m.record.text)));
            }
            context->setPlainText(lines.join(QLatin1Char('\n')));
            QTextCursor cursor(context->document()->findBlockByNumber(at));
            context->setTextCursor(cursor);
            context->centerCursor();
        });
    });
    dialog->resize(700, 500);
    dialog->show();
}

void MainWindow::openHistoryAt(const history::SearchHit& hit)
{
    // The chat's host must be one we are connected to (same host id, or network, or address).
    bridge::ChatSession* session = nullptr;
    for (const auto& s : m_sessions) {
        if (!s)
            continue;
        const history::ChatKey& key = hit.locator.chat;
        const bool same = !key.hostId.isEmpty()
                              ? s->hostId() == key.hostId
                              : (s->network() == key.network || s->address() == key.network);
        if (same)
            session = s;
    }
    if (!session) {
        statusBar()->showMessage(tr("Join %1 to open that chat.").arg(hit.locator.chat.network),
                                 8000);
        return;
    }
    ChatPage* p = ensurePage(session, hit.locator.chat.chat, true);
    activateWindow();
    // Load older pages until the line is in the view, then select it (each step waits for
    // its page; at most a few seconds in all).
    const QPointer<ChatPage> target(p);
    auto step = std::make_shared<std::function<void(int)>>();
    *step = [this, target, hit, step](int tries) {
        if (!target || tries > 100)
            return;
        MessageView* v = target->view();
        const bool waiting = v->historyLines() == 0 && !v->historyAtStart();
        if (waiting || (v->oldestHistoryId() > hit.locator.messageId && !v->historyAtStart())) {
            if (!waiting)
                v->requestOlder();
            QTimer::singleShot(50, this, [step, tries] { (*step)(tries + 1); });
            return;
        }
        v->moveCursor(QTextCursor::Start);
        if (v->find(bridge::displayText(hit.message.record.text)))
            v->ensureCursorVisible();
    };
    QTimer::singleShot(0, this, [step] { (*step)(0); });
}

void MainWindow::showChatSocket(int index)
{
    auto* p = qobject_cast<ChatPage*>(m_tabs->widget(index));
    if (!p || !p->session() || !m_inspector)
        return;
    const quint64 socket = p->session()->socketId();
    if (socket == 0) {
        statusBar()->showMessage(tr("This chat has no connection now."), 5000);
        return;
    }
    m_inspector->show();
    m_inspector->raise();
    m_inspector->selectSocket(socket);
}

QString MainWindow::statusText() const
{
    return m_statusConnection->text() + QStringLiteral(" | ") + m_statusHost->text();
}

void MainWindow::updateStatus()
{
    auto* current = qobject_cast<ChatPage*>(m_tabs->currentWidget());
    bridge::ChatSession* session = current ? current->session() : nullptr;
    if (!session) {
        m_statusConnection->setText(m_sessions.isEmpty() ? tr("Not connected")
                                                         : tr("%n chat(s) open", nullptr,
                                                              static_cast<int>(m_sessions.size())));
    } else if (m_retryAt.contains(session)) {
        const qint64 left =
            std::max<qint64>(0, QDateTime::currentDateTime().secsTo(m_retryAt.value(session)));
        m_statusConnection->setText(
            tr("%1: connection lost, reconnecting in %n s", nullptr, static_cast<int>(left))
                .arg(session->address()));
    } else if (session->state() == bridge::SessionState::Registered) {
        QString text = tr("Connected to %1 as %2").arg(session->address(), session->nick());
        if (session->lagMs() > 0)
            text += QStringLiteral(", ") + tr("lag %1 ms").arg(session->lagMs());
        if (m_selfAway)
            text += QStringLiteral(", ") + tr("away");
        m_statusConnection->setText(text);
    } else {
        m_statusConnection->setText(
            tr("%1: %2").arg(session->address(), bridge::sessionStateText(session->state())));
    }
    if (m_retryAt.isEmpty())
        m_countdown->stop();
    m_statusHost->setText(
        m_host->isRunning()
            ? tr("Hosting on port %1, %n client(s)", nullptr, m_host->clients()).arg(m_host->port())
            : QString());
}

void MainWindow::updateConnections()
{
    QList<NetworkPanel::Connection> list;
    for (const auto& s : m_sessions)
        if (s)
            list.append({s->address(), s->nick(), bridge::sessionStateText(s->state()),
                         s->state() == bridge::SessionState::Registered ? s->lagMs() : -1});
    m_network->setConnections(list);
}

void MainWindow::saveState()
{
    m_store->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_store->setValue(QStringLiteral("window/state"), QMainWindow::saveState());
    // The chats open now, to be rejoined at the next start (not our own host's: it will not
    // be running).
    m_store->beginWriteArray(QStringLiteral("sessions"));
    int i = 0;
    for (const auto& s : m_sessions) {
        if (!s || s->property("ownHost").toBool())
            continue;
        QStringList rooms;
        for (int t = 0; t < m_tabs->count(); ++t)
            if (auto* p = qobject_cast<ChatPage*>(m_tabs->widget(t));
                p && p->session() == s && p->kind() == ChatPage::Kind::Room)
                rooms.append(p->target());
        m_store->setArrayIndex(i++);
        m_store->setValue(QStringLiteral("address"), s->address());
        m_store->setValue(QStringLiteral("rooms"), rooms);
    }
    m_store->endArray();
    m_settings.save(*m_store);
    m_store->sync();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_quitting = true;
    saveState();
    // Leave politely: every chat sends its QUIT and waits (briefly) for the host to close.
    QEventLoop wait;
    auto allGone = [this] {
        return std::all_of(m_sessions.begin(), m_sessions.end(), [](const auto& s) {
            return !s || s->state() == bridge::SessionState::Disconnected;
        });
    };
    for (const auto& s : m_sessions) {
        if (!s)
            continue;
        connect(s, &bridge::ChatSession::event, &wait, [&] {
            if (allGone())
                wait.quit();
        });
        s->quit(tr("LanChat closed"));
    }
    if (!allGone()) {
        QTimer::singleShot(1500, &wait, &QEventLoop::quit);
        wait.exec();
    }
    event->accept();
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::ActivationChange) {
        const int current = m_tabs->currentIndex();
        for (int i = 0; i < m_tabs->count(); ++i)
            if (auto* p = qobject_cast<ChatPage*>(m_tabs->widget(i)))
                p->view()->setActive(i == current && isActiveWindow());
        if (auto* p = qobject_cast<ChatPage*>(m_tabs->currentWidget()))
            updateTabTitle(p);
    }
    QMainWindow::changeEvent(event);
}

} // namespace ui
