// SPDX-License-Identifier: GPL-3.0-or-later
// What the window says about itself: the status bar (connection, host, lag, away), the
// Network panel's connections, the tabs' titles with their unread counts, and the window's
// title (the profile, the unread total).

#include "window/mainwindow.h"
#include "window/tlstrust.h"

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"
#include "chat/messageview.h"
#include "plaintext.h"
#include "window/networkpanel.h"
#include "window/sessionlist.h"
#include "window/traynotifier.h"

#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>

namespace ui {

QString MainWindow::statusText() const
{
    return m_statusConnection->text() + QStringLiteral(" | ") + m_statusHost->text();
}

void MainWindow::updateStatus()
{
    ChatPage* current = m_router->current();
    bridge::ChatSession* session = current ? current->session() : nullptr;
    const QList<bridge::ChatSession*> sessions = m_sessions->sessions();
    if (!session) {
        m_statusConnection->setText(
            sessions.isEmpty() ? tr("Not connected")
                               : tr("%n chat(s) open", nullptr, static_cast<int>(sessions.size())));
    } else if (const QDateTime retry = m_sessions->retryAt(session); retry.isValid()) {
        const qint64 left = std::max<qint64>(0, QDateTime::currentDateTime().secsTo(retry));
        m_statusConnection->setText(
            tr("%1: connection lost, reconnecting in %n s", nullptr, static_cast<int>(left))
                .arg(session->address()));
    } else if (session->state() == bridge::SessionState::Registered) {
        QString text = tr("Connected to %1 as %2").arg(session->address(), session->nick());
        if (session->lagMs() > 0)
            text += QStringLiteral(", ") + tr("lag %1 ms").arg(session->lagMs());
        if (session->isAway())
            text += QStringLiteral(", ") + tr("away");
        if (const bridge::TlsDetails& tls = session->tls(); tls.on && !tls.version.isEmpty()) {
            text += QStringLiteral(", ") + lockText(tls);
            m_statusConnection->setToolTip(securedLine(tls));
        } else {
            m_statusConnection->setToolTip(
                tr("Not encrypted: anyone on this network can read this chat."));
        }
        m_statusConnection->setText(text);
    } else {
        m_statusConnection->setText(
            tr("%1: %2").arg(session->address(), bridge::sessionStateText(session->state())));
    }
    const bridge::HostService* host = m_services.host;
    m_statusHost->setText(
        host->isRunning()
            ? tr("%1, %n client(s)", nullptr, host->clients()).arg(m_sessions->hostingText())
            : QString());
    m_statusHost->setToolTip(
        host->isRunning() && host->tlsPort() != 0
            ? tr("The host's certificate (SHA-256): %1").arg(host->tlsFingerprint())
            : QString());
}

void MainWindow::updateConnections()
{
    QList<NetworkPanel::Connection> list;
    for (const bridge::ChatSession* s : m_sessions->sessions())
        list.append({s->address(), s->nick(), bridge::sessionStateText(s->state()),
                     s->state() == bridge::SessionState::Registered ? s->lagMs() : -1});
    m_network->setConnections(list);
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
    for (const ChatPage* other : m_router->allPages())
        total += other->view()->unread();
    updateWindowTitle(total);
    m_tray->setUnread(total);
}

void MainWindow::setProfile(const QString& profile)
{
    m_profile = profile == QLatin1String("default") ? QString() : profile;
    int total = 0;
    for (const ChatPage* p : m_router->allPages())
        total += p->view()->unread();
    updateWindowTitle(total);
}

void MainWindow::updateWindowTitle(int unread)
{
    QString title = unread > 0 ? tr("LanChat (%1 unread)").arg(unread) : tr("LanChat");
    if (!m_profile.isEmpty())
        title += QStringLiteral(" [") + m_profile + QLatin1Char(']');
    setWindowTitle(title);
}

} // namespace ui
