// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The LanChat window: arranges the Network panel (a dock), the chat tabs, the Socket Inspector
// (a dock), the menus, the status bar and the tray icon, and connects them to the parts that do
// the work: the SessionList (connections, hosting), the ChatRouter (which tab is which chat),
// the ChatEventHandler (what events show), the CommandRunner (what the user types) and
// ChatHistory (stored lines). The services come from the application object; the window
// never touches a socket and writes no protocol text.

#include "appsettings.h"
#include "window/services.h"

#include <QMainWindow>
#include <QUrl>

class QDockWidget;
class QLabel;
class QTabWidget;

namespace bridge {
class ChatSession;
} // namespace bridge

namespace history {
struct SearchHit;
} // namespace history

namespace ui {

class ChatEventHandler;
class ChatHistory;
class ChatPage;
class ChatRouter;
class CommandRunner;
class InspectorDock;
class WelcomePage;
class NetworkPanel;
class SessionList;
class TrayNotifier;
class Sharing;
class TransfersPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // The services outlive the window (the application owns them).
    explicit MainWindow(const Services& services, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts presence and restores the saved connections (rooms rejoined).
    void start(bool restoreSessions = true);

    // Joins HOST[:PORT] ("[::1]:6667" for IPv6), opening a server tab; false and an error
    // shown for an address that cannot be parsed.
    bool joinHost(const QString& address, const QString& password = {},
                  const QStringList& rooms = {QStringLiteral("#lan")});
    // Starts hosting (and joins the host over loopback as its operator). `bind`: the address to
    // listen on, "" for every interface (the LAN); tests keep it on 127.0.0.1.
    void hostChat(quint16 port, const QString& name, const QString& password, const QString& loop,
                  const QString& bind = {});
    void stopHosting();

    // Opens the chat a search hit names, loading older lines until it is shown, and selects it.
    void openHistoryAt(const history::SearchHit& hit);

    // A profile other than the default one is named in the window's title ("LanChat [work]").
    void setProfile(const QString& profile);

    AppSettings& appSettings() { return m_settings; }
    // For tests and the screenshot programs.
    NetworkPanel* networkPanel() const { return m_network; }
    QTabWidget* tabs() const { return m_tabs; }
    // Shown while no chat is open.
    WelcomePage* welcomePage() const { return m_welcome; }
    ChatRouter* router() const { return m_router; }
    ChatHistory* chatHistory() const { return m_history; }
    ChatPage* page(bridge::ChatSession* session, const QString& target) const;
    ChatPage* serverPage(bridge::ChatSession* session) const;
    QList<bridge::ChatSession*> sessions() const;
    bridge::HostService* host() const { return m_services.host; }
    history::HistoryStore* historyStore() const { return m_services.history; }
    InspectorDock* inspector() const { return m_inspector; }
    TransfersPanel* transfers() const { return m_transfers; }
    Sharing* sharing() const { return m_sharing; }
    QString statusText() const;
    // Projector mode (View menu, mainwindow_lecture.cpp): text half as large again and a
    // high-contrast look; with the chat hidden, the Socket Inspector has the window.
    bool projectorMode() const { return m_projector; }
    void setProjectorMode(bool on);
    bool chatHidden() const { return m_chatHidden; }
    void setChatHidden(bool hidden);
    // The notifications shown (title, text), newest last.
    const QList<QPair<QString, QString>>& notifications() const;

protected:
    void closeEvent(QCloseEvent* event) override;

public slots:
    // The window's own links (lanchat:join?chat=host:port&room=#room: the Join of an
    // invitation), opened through QDesktopServices.
    void openLanChatUrl(const QUrl& url);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildTabs();
    void buildNetworkDock();
    void buildStatusBar();
    void buildMenus();
    void buildInspector();
    // mainwindow_lecture.cpp
    void buildLectureActions();
    void applyLook(); // the settings' theme and font, then projector mode's over them
    // mainwindow_transfers.cpp
    void buildTransfers();
    void chooseFilesToSend();
    void answerOffer(const QUrl& url);
    void sendFiles(ChatPage* page, const QStringList& files);
    void chooseFilesToShare();
    void connectParts();
    void connectNetworkPanel();
    void handlePageAdded(ChatPage* page);
    void handleNotification(ChatPage* page, const QString& title, const QString& text);
    void showHostDialog();
    void showSettings();
    void searchHistory();
    void showChatSocket(int tabIndex);
    void updateStatus();
    void updateConnections();
    void updateTabTitle(ChatPage* page);
    void updateWindowTitle(int unread);
    void updateActivePage();
    void saveState();
    // What a host (a name or address) announced by presence for TLS: its TLS port (0: none) and
    // its certificate's fingerprint; with `port`, only for that TLS port.
    struct AnnouncedTls
    {
        quint16 port = 0;
        QString fingerprint;
    };
    AnnouncedTls announcedTls(const QString& host, quint16 port = 0) const;

    Services m_services;
    AppSettings m_settings;
    QTabWidget* m_tabs = nullptr;
    WelcomePage* m_welcome = nullptr;
    QString m_profile;
    bool m_inspectorPlaced = false; // its first place given (or restored from the settings)
    ChatRouter* m_router = nullptr;
    ChatHistory* m_history = nullptr;
    ChatEventHandler* m_events = nullptr;
    CommandRunner* m_commands = nullptr;
    SessionList* m_sessions = nullptr;
    NetworkPanel* m_network = nullptr;
    QLabel* m_statusConnection = nullptr;
    QLabel* m_statusHost = nullptr;
    TrayNotifier* m_tray = nullptr;
    InspectorDock* m_inspector = nullptr; // a child of the window
    TransfersPanel* m_transfers = nullptr;
    Sharing* m_sharing = nullptr;
    QDockWidget* m_transfersDock = nullptr;
    QDockWidget* m_networkDock = nullptr;
    bool m_projector = false;
    bool m_chatHidden = false;
    bool m_networkWasVisible = true;
    bool m_inspectorWasFloating = false;
    QAction* m_projectorAction = nullptr;
    QAction* m_hideChatAction = nullptr;
};

} // namespace ui
