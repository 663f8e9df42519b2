// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The tray icon: the unread count in its tooltip, and a notification for a private message or
// a mention (clicking it shows the chat). Where the desktop has no tray, the notifications are
// still recorded (the tests read them).

#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>

class QMainWindow;
class QSystemTrayIcon;
class QTabWidget;

namespace ui {

class ChatPage;

class TrayNotifier : public QObject
{
    Q_OBJECT

public:
    // `window` is shown and `tabs` switched to the chat when a notification is clicked.
    TrayNotifier(QMainWindow* window, QTabWidget* tabs);

    // Shows a notification (plain text: the tray does not render markup) about `page`.
    void notify(ChatPage* page, const QString& title, const QString& text);
    void setUnread(int total);
    // The notifications shown (title, text), newest last.
    const QList<QPair<QString, QString>>& notifications() const { return m_notifications; }

private:
    QMainWindow* m_window;
    QTabWidget* m_tabs;
    QSystemTrayIcon* m_tray = nullptr;
    QPointer<ChatPage> m_notifiedPage;
    QList<QPair<QString, QString>> m_notifications;
};

} // namespace ui
