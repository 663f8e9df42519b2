// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/traynotifier.h"

#include "chat/chatpage.h"

#include <QMainWindow>
#include <QSystemTrayIcon>
#include <QTabWidget>

namespace ui {

TrayNotifier::TrayNotifier(QMainWindow* window, QTabWidget* tabs)
    : QObject(window)
    , m_window(window)
    , m_tabs(tabs)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(window->windowIcon(), this);
    m_tray->setToolTip(tr("LanChat"));
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        m_window->showNormal();
        m_window->activateWindow();
        if (m_notifiedPage)
            m_tabs->setCurrentWidget(m_notifiedPage);
    });
    connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
        m_window->showNormal();
        m_window->activateWindow();
    });
    m_tray->show();
}

void TrayNotifier::notify(ChatPage* page, const QString& title, const QString& text)
{
    m_notifications.append({title, text});
    m_notifiedPage = page;
    if (m_tray)
        m_tray->showMessage(title, text, QSystemTrayIcon::Information, 5000);
}

void TrayNotifier::setUnread(int total)
{
    if (m_tray)
        m_tray->setToolTip(total > 0 ? tr("LanChat: %n unread message(s)", nullptr, total)
                                     : tr("LanChat"));
}

} // namespace ui
