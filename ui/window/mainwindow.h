// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The LanChat window: the Network panel (a dock), chat tabs, the status bar and the tray icon.
// It holds the chat sessions, the host and presence (the bridge's QObjects) and routes their
// events to the tabs; it never touches a socket.

#include "appsettings.h"
#include "bridge/chatevent.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <functional>

class QLabel;
class QSystemTrayIcon;
class QTabWidget;
class QTimer;

namespace bridge {
class ChatSession;
class HostService;
class PresenceService;
} // namespace bridge

namespace history {
class HistoryStore;
struct ChatKey;
struct SearchHit;
enum class Kind;
} // namespace history

namespace ui {

class ChatPage;
class InspectorDock;
class MessageView;
class NetworkPanel;
struct ChatCommand;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `settings` outlives the window (the application owns it).
    explicit MainWindow(QSettings* settings, QWidget* parent = nullptr);
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

    AppSettings& appSettings() { return m_settings; }
    // For tests and the screenshot script.
    NetworkPanel* networkPanel() const { return m_network; }
    QTabWidget* tabs() const { return m_tabs; }
    ChatPage* page(bridge::ChatSession* session, const QString& target) const;
    ChatPage* serverPage(bridge::ChatSession* session) const;
    QList<bridge::ChatSession*> sessions() const;
    bridge::HostService* host() const { return m_host; }
    history::HistoryStore* historyStore() const { return m_history; }
    InspectorDock* inspector() const { return m_inspector; }
    QString statusText() const;
    // The notifications shown (title, text), newest last.
    const QList<QPair<QString, QString>>& notifications() const { return m_notifications; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildMenus();
    void buildTray();
    void applyTheme();
    bridge::ChatSession* openSession(const QString& host, quint16 port, const QString& password,
                                     const QStringList& rooms, bool isOwnHost = false);
    void closeSession(bridge::ChatSession* session, const QString& reason);
    ChatPage* ensurePage(bridge::ChatSession* session, const QString& target, bool select);
    void handleEvent(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleStateChanged(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleMembersChanged(bridge::ChatSession* session, const QString& room);
    void askPassword(bridge::ChatSession* session);
    void handleLine(ChatPage* page, const QString& line);
    void runCommand(ChatPage* page, const ChatCommand& command);
    void handleHostFailed(const QString& error, const QString& errorName);
    void notifyIfNeeded(ChatPage* page, const bridge::ChatEvent& e, bool mention);
    void showSettings();
    void updateStatus();
    void updateConnections();
    void updateTabTitle(ChatPage* page);
    void saveState();
    bool isMention(bridge::ChatSession* session, const QString& text) const;
    // History: every room or private line is stored first and shown once committed.
    void openHistory();
    history::ChatKey chatKey(const ChatPage* page) const;
    void present(ChatPage* page, history::Kind kind, const bridge::ChatEvent& e,
                 const QString& sender, const QString& text,
                 std::function<void(MessageView*)> draw);
    void showCommitted(qint64 upTo);
    void restoreHistory(ChatPage* page);
    void exportCurrentChat();
    void clearHistory(bool all);
    void searchHistory();
    void showChatSocket(int tabIndex);

    QSettings* m_store;
    AppSettings m_settings;
    QTabWidget* m_tabs = nullptr;
    NetworkPanel* m_network = nullptr;
    QLabel* m_statusConnection = nullptr;
    QLabel* m_statusHost = nullptr;
    QSystemTrayIcon* m_tray = nullptr;
    QTimer* m_countdown = nullptr;
    bridge::HostService* m_host = nullptr;
    bridge::PresenceService* m_presence = nullptr;
    QList<QPointer<bridge::ChatSession>> m_sessions;
    QPointer<bridge::ChatSession> m_ownSession; // joined to our own host
    QString m_operatorPassword;
    QHash<bridge::ChatSession*, QDateTime> m_retryAt; // reconnect count-down
    QSet<QString> m_away;                             // nicks known to be away (lower case)
    QSet<QString> m_ignored;                          // lower case
    bool m_selfAway = false;
    QPointer<ChatPage> m_notifiedPage;
    QList<QPair<QString, QString>> m_notifications;
    history::HistoryStore* m_history = nullptr;
    InspectorDock* m_inspector = nullptr; // a child of the window
    struct PendingLine
    {
        qint64 id = 0;
        QPointer<ChatPage> page;
        std::function<void(MessageView*)> draw;
    };
    QList<PendingLine> m_pendingLines;
    bool m_quitting = false;
};

} // namespace ui
