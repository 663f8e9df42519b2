// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/mainwindow.h"

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "bridge/loops.h"
#include "bridge/presenceservice.h"
#include "chat/chateventhandler.h"
#include "chat/chathistory.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"
#include "chat/commandrunner.h"
#include "chat/messageview.h"
#include "dialogs/hostdialog.h"
#include "dialogs/joindialog.h"
#include "dialogs/searchdialog.h"
#include "dialogs/settingsdialog.h"
#include "history/historystore.h"
#include "inspector/inspectordock.h"
#include "plaintext.h"
#include "transfers/sharing.h"
#include "window/chattabs.h"
#include "window/networkpanel.h"
#include "window/sessionlist.h"
#include "window/theme.h"
#include "window/traynotifier.h"
#include "window/welcomepage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

// The icons are compiled into this static library: register them (outside any namespace, as
// Q_INIT_RESOURCE requires).
static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace ui {

namespace {

// How often the away marks of the open rooms are asked for (the host has no away-notify).

} // namespace

MainWindow::MainWindow(const Services& services, QWidget* parent)
    : QMainWindow(parent)
    , m_services(services)
{
    initResources();
    m_settings.load(*m_services.settings);
    setWindowTitle(tr("LanChat"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/lanchat.svg")));

    buildTabs();
    m_history = new ChatHistory(m_services.history, m_services.historyPath, this);
    m_events = new ChatEventHandler(m_router, m_history, &m_settings, this);
    m_commands = new CommandRunner(m_router, m_events, this);
    m_sessions = new SessionList(&m_settings, m_services.settings, m_services.host, m_router,
                                 m_events, this);
    buildNetworkDock();
    buildStatusBar();
    connectParts();
    QDesktopServices::setUrlHandler(QStringLiteral("lanchat"), this, "openLanChatUrl");
    buildMenus();
    m_tray = new TrayNotifier(this, m_tabs);
    applyLook();
    if (m_settings.historyEnabled)
        m_history->open(m_settings.historyDays);
    resize(1000, 650);
    updateStatus();
    buildInspector();
    buildTransfers();
    buildLectureActions();

    // Last, once every dock exists: where the user left them.
    restoreGeometry(m_services.settings->value(QStringLiteral("window/geometry")).toByteArray());
    m_inspectorPlaced =
        restoreState(m_services.settings->value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow()
{
    QDesktopServices::unsetUrlHandler(QStringLiteral("lanchat"));
    // The sessions leave first, while the parts their events go to still exist.
    delete m_sessions;
    m_sessions = nullptr;
}

void MainWindow::buildTabs()
{
    auto* tabs = new ChatTabs(this);
    m_tabs = tabs;
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setAccessibleName(tr("Chats"));
    // No chat open: the welcome page, with the ways in.
    auto* centre = new QStackedWidget(this);
    m_welcome = new WelcomePage(centre);
    m_welcome->setNick(m_settings.nick);
    centre->addWidget(m_welcome);
    centre->addWidget(m_tabs);
    setCentralWidget(centre);
    connect(tabs, &ChatTabs::countChanged, centre, [centre, tabs](int count) {
        centre->setCurrentWidget(count > 0 ? static_cast<QWidget*>(tabs) : centre->widget(0));
    });
    connect(m_welcome, &WelcomePage::hostRequested, this, &MainWindow::showHostDialog);
    connect(m_welcome, &WelcomePage::joinRequested, this,
            [this](const QString& address) { joinHost(address); });
    m_router = new ChatRouter(m_tabs, this);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateActivePage();
        if (ChatPage* p = m_router->current()) {
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
            m_sessions->close(p->session(), {});
            return;
        }
        if (p->kind() == ChatPage::Kind::Room && p->session())
            p->session()->part(p->target(), {});
        m_router->close(p);
    });
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
}

void MainWindow::buildStatusBar()
{
    m_statusConnection = new QLabel(tr("Not connected"), this);
    m_statusConnection->setTextFormat(Qt::PlainText);
    m_statusHost = new QLabel(this);
    m_statusHost->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_statusConnection, 1);
    statusBar()->addPermanentWidget(m_statusHost);
}

void MainWindow::connectParts()
{
    auto* presence = m_services.presence;
    connect(m_router, &ChatRouter::pageAdded, this, &MainWindow::handlePageAdded);
    connect(m_router, &ChatRouter::pageRenamed, this, &MainWindow::updateTabTitle);
    connect(m_events, &ChatEventHandler::registered, this,
            [this, presence](bridge::ChatSession* session, const QString& nick) {
                presence->setName(nick);
                presence->setChat(SessionList::joinAddress(session));
                updateConnections();
            });
    connect(m_events, &ChatEventHandler::ownNickChanged, this,
            [this, presence](bridge::ChatSession*, const QString& nick) {
                presence->setName(nick);
                m_welcome->setNick(nick);
                updateStatus();
            });
    // Presence speaks for the person, not for one host: away when away on every host.
    connect(m_events, &ChatEventHandler::ownAwayChanged, this, [this, presence] {
        const QList<bridge::ChatSession*> sessions = m_sessions->sessions();
        presence->setAway(!sessions.isEmpty() &&
                          std::all_of(sessions.cbegin(), sessions.cend(),
                                      [](const bridge::ChatSession* s) { return s->isAway(); }));
        updateStatus();
    });
    connect(m_events, &ChatEventHandler::lagChanged, this, [this] {
        updateStatus();
        updateConnections();
    });
    connect(m_events, &ChatEventHandler::notification, this, &MainWindow::handleNotification);
    connect(m_events, &ChatEventHandler::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 15000); });
    connect(m_commands, &CommandRunner::quitRequested, m_sessions, &SessionList::close);
    connect(m_commands, &CommandRunner::reconnectRequested, m_sessions, &SessionList::reconnect);
    connect(m_history, &ChatHistory::message, statusBar(), &QStatusBar::showMessage);
    connect(m_sessions, &SessionList::message, statusBar(), &QStatusBar::showMessage);
    connect(m_sessions, &SessionList::changed, this, [this] {
        updateConnections();
        updateStatus();
    });
    // What sessions and presence tell the Network panel and the welcome page.
    connectNetworkPanel();
}

void MainWindow::buildMenus()
{
    QMenu* chat = menuBar()->addMenu(tr("&Chat"));
    QAction* join = chat->addAction(tr("&Join host..."), this, [this] {
        // The TLS box is ticked for a host that announced a TLS port.
        JoinDialog dialog(
            m_settings.recentHosts, [this](const QString& host) { return announcedTls(host).port; },
            this);
        if (dialog.exec() == QDialog::Accepted && !dialog.address().isEmpty())
            joinHost(dialog.address());
    });
    join->setShortcut(QKeySequence(tr("Ctrl+J")));
    QAction* host = chat->addAction(tr("&Host a chat..."), this, &MainWindow::showHostDialog);
    host->setShortcut(QKeySequence(tr("Ctrl+H")));
    chat->addAction(tr("&Stop hosting"), this, &MainWindow::stopHosting);
    chat->addSeparator();
    QAction* search = chat->addAction(tr("Search &history..."), this, &MainWindow::searchHistory);
    search->setShortcut(QKeySequence::Find);
    chat->addAction(tr("E&xport this chat..."), this,
                    [this] { m_history->exportChat(m_router->current()); });
    chat->addAction(tr("Clear this chat's histor&y..."), this,
                    [this] { m_history->clear(m_router->current(), false); });
    chat->addAction(tr("Clear &all history..."), this,
                    [this] { m_history->clear(m_router->current(), true); });
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

void MainWindow::buildInspector()
{
    // The Socket Inspector (ui/inspector): a dock below the chat (its wide tables there leave
    // the chat its width), hidden until View > Socket Inspector; its feed follows the trace
    // from the start, so it knows every socket when shown.
    m_inspector = new InspectorDock(this, m_services.trace);
    addDockWidget(Qt::BottomDockWidgetArea, m_inspector);
    m_inspector->hide();
    // The first time it shows: a third of the window's height, or, on a small screen, a
    // window of its own. Afterwards where the user put it (window/state).
    connect(m_inspector, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!visible || m_inspectorPlaced)
            return;
        m_inspectorPlaced = true;
        const QScreen* screen = this->screen();
        const QRect room = screen ? screen->availableGeometry() : QRect(0, 0, 1280, 800);
        if (room.height() < 760 || room.width() < 1100) {
            m_inspector->setFloating(true);
            m_inspector->resize(std::min(room.width(), 1000), std::min(room.height(), 520));
            m_inspector->move(room.topLeft() + QPoint(20, 20));
        } else if (!m_inspector->isFloating()) {
            resizeDocks({m_inspector}, {std::max(240, height() / 3)}, Qt::Vertical);
        }
    });
    QMenu* viewMenu = nullptr;
    for (QAction* action : menuBar()->actions())
        if (action->menu() && action->text() == tr("&View"))
            viewMenu = action->menu();
    if (!viewMenu)
        viewMenu = menuBar()->addMenu(tr("&View"));
    QAction* toggle = m_inspector->toggleViewAction();
    toggle->setText(tr("Socket &Inspector"));
    viewMenu->addAction(toggle);
    connect(m_inspector, &InspectorDock::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    // A chat tab jumps to its connection's socket in the Inspector (the tab's menu, Ctrl+I).
    QAction* showSocket = viewMenu->addAction(tr("Show this chat's &socket"), this,
                                              [this] { showChatSocket(m_tabs->currentIndex()); });
    showSocket->setShortcut(QKeySequence(tr("Ctrl+I")));
}

void MainWindow::handlePageAdded(ChatPage* p)
{
    p->view()->setScrollback(m_settings.scrollback);
    p->view()->setActive(false);
    connect(p, &ChatPage::lineEntered, m_commands,
            [this, p](const QString& line) { m_commands->handleLine(p, line); });
    connect(p, &ChatPage::memberActivated, this, [this, p](const QString& nick) {
        if (p->session()) // not once its chat is closed
            m_router->open(p->session(), nick, true);
    });
    connect(p->view(), &MessageView::unreadChanged, this, [this, p] { updateTabTitle(p); });
    // Dropped on a private chat: sent to its person (DCC); on a room: shared through the host.
    connect(p, &ChatPage::filesDropped, this, [this, p](const QStringList& files) {
        if (p->kind() == ChatPage::Kind::Private)
            sendFiles(p, files);
        else
            m_sharing->share(p, files);
    });
    connect(p, &ChatPage::imagePasted, this,
            [this, p](const QImage& image) { m_sharing->sharePicture(p, image); });
    connect(p, &ChatPage::sendFileRequested, this, [this, p](const QString& nick) {
        if (p->session()) {
            m_router->open(p->session(), nick, true);
            chooseFilesToSend();
        }
    });
}

void MainWindow::handleNotification(ChatPage* p, const QString& title, const QString& text)
{
    if (!isActiveWindow() || m_router->current() != p)
        m_tray->notify(p, title, text);
}

void MainWindow::start(bool restoreSessions)
{
    bridge::PresenceSettings presence;
    presence.mode = m_settings.presenceMode;
    presence.port = m_settings.presencePort;
    presence.name = m_settings.nick;
    m_services.presence->start(presence);
    m_welcome->setNick(m_settings.nick); // as this run has it (--nick)
    if (restoreSessions)
        m_sessions->restore();
}

bool MainWindow::joinHost(const QString& address, const QString& password, const QStringList& rooms)
{
    return m_sessions->joinHost(address, password, rooms) != nullptr;
}

void MainWindow::hostChat(quint16 port, const QString& name, const QString& password,
                          const QString& loop, const QString& bind)
{
    m_sessions->hostChat(port, name, password, loop, bind);
}

void MainWindow::stopHosting()
{
    // Others would be cut off mid-conversation: ask first.
    if (const int others = m_sessions->othersOnOwnHost(); others > 0) {
        QMessageBox box(
            QMessageBox::Question, tr("Stop hosting"),
            tr("People on your chat besides you: %n. Stopping the host disconnects them.", nullptr,
               others),
            QMessageBox::Cancel, this);
        box.setTextFormat(Qt::PlainText);
        QPushButton* stop = box.addButton(tr("Stop hosting"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != stop)
            return;
    }
    m_sessions->stopHosting();
}

void MainWindow::showHostDialog()
{
    if (m_services.host->isRunning())
        return;
    HostDialog dialog(bridge::availableLoops(), this);
    dialog.setValues(m_settings.defaultPort, m_settings.hostName, m_settings.loop);
    dialog.setTls(m_settings.hostTls, m_settings.hostTlsPort, m_settings.hostPlain);
    dialog.setFiles(m_settings.hostFiles);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings.hostTls = dialog.tls();
    m_settings.hostTlsPort = dialog.tlsPort();
    m_settings.hostPlain = dialog.plain();
    m_settings.hostFiles = dialog.files();
    m_settings.save(*m_services.settings);
    hostChat(dialog.port(), dialog.chatName(), dialog.password(), dialog.loop());
}

ChatPage* MainWindow::page(bridge::ChatSession* session, const QString& target) const
{
    return m_router->page(session, target);
}

ChatPage* MainWindow::serverPage(bridge::ChatSession* session) const
{
    return m_router->serverPage(session);
}

void MainWindow::openLanChatUrl(const QUrl& url)
{
    if (url.path() == QLatin1String("transfer")) {
        answerOffer(url);
        return;
    }
    if (url.path() != QLatin1String("join"))
        return;
    const QUrlQuery query(url);
    const QString chat = query.queryItemValue(QStringLiteral("chat"), QUrl::FullyDecoded);
    const QString room = query.queryItemValue(QStringLiteral("room"), QUrl::FullyDecoded);
    for (bridge::ChatSession* session : m_sessions->sessions()) {
        if (session->address() == chat && !room.isEmpty()) {
            session->join(room);
            return;
        }
    }
}

QList<bridge::ChatSession*> MainWindow::sessions() const
{
    return m_sessions->sessions();
}

const QList<QPair<QString, QString>>& MainWindow::notifications() const
{
    return m_tray->notifications();
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_settings, bridge::availableLoops(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const bool hadHistory = m_settings.historyEnabled;
    m_settings = dialog.values();
    m_settings.save(*m_services.settings);
    if (m_settings.historyEnabled != hadHistory) {
        if (m_settings.historyEnabled)
            m_history->open(m_settings.historyDays);
        else
            m_history->close();
    }
    m_history->setRetentionDays(m_settings.historyDays);
    applyLook(); // changes only what changed
    m_welcome->setNick(m_settings.nick);
    for (ChatPage* p : m_router->allPages())
        p->view()->setScrollback(m_settings.scrollback);
}

void MainWindow::searchHistory()
{
    if (!m_history->isOpen()) {
        statusBar()->showMessage(tr("History is off (Settings, History)."), 8000);
        return;
    }
    ChatPage* current = m_router->current();
    const bool chatOpen = current && current->kind() != ChatPage::Kind::Server;
    auto* dialog = new SearchDialog(
        m_services.history,
        chatOpen ? std::optional<history::ChatKey>(ChatHistory::chatKey(current)) : std::nullopt,
        chatOpen ? current->target() : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SearchDialog::hitActivated, this, &MainWindow::openHistoryAt);
    dialog->show();
}

void MainWindow::openHistoryAt(const history::SearchHit& hit)
{
    // The chat's host must be one we are connected to (same host id, or network, or address).
    bridge::ChatSession* session = nullptr;
    const history::ChatKey& key = hit.locator.chat;
    for (bridge::ChatSession* s : m_sessions->sessions()) {
        const bool same = !key.hostId.isEmpty()
                              ? s->hostId() == key.hostId
                              : (s->network() == key.network || s->address() == key.network);
        if (same)
            session = s;
    }
    if (!session) {
        statusBar()->showMessage(tr("Join %1 to open that chat.").arg(key.network), 8000);
        return;
    }
    ChatPage* p = m_router->open(session, key.chat, true);
    activateWindow();
    m_history->showLine(p, hit);
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

void MainWindow::updateActivePage()
{
    const ChatPage* current = m_router->current();
    for (ChatPage* p : m_router->allPages())
        p->view()->setActive(p == current && isActiveWindow());
}

void MainWindow::saveState()
{
    QSettings* store = m_services.settings;
    store->setValue(QStringLiteral("window/geometry"), saveGeometry());
    store->setValue(QStringLiteral("window/state"), QMainWindow::saveState());
    m_sessions->save();
    m_settings.save(*store);
    store->sync();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveState();
    // Leave politely: every chat sends its QUIT and waits (briefly) for the host to close.
    m_sessions->quitAll(tr("LanChat closed"));
    event->accept();
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::ActivationChange) {
        updateActivePage();
        if (ChatPage* p = m_router->current())
            updateTabTitle(p);
    }
    QMainWindow::changeEvent(event);
}

} // namespace ui
