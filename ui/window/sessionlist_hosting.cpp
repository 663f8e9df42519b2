// SPDX-License-Identifier: GPL-3.0-or-later
// The window's own host: starting it (TLS beside the plain port, its certificate kept beside
// the profile), joining it as its operator, what the window says while it runs, a port in use,
// and stopping it.

#include "window/sessionlist.h"

#include "appsettings.h"
#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"
#include "chat/messageview.h"
#include "window/tlstrust.h"

#include <QDateTime>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>

#include <algorithm>

namespace ui {

void SessionList::hostChat(quint16 port, const QString& name, const QString& password,
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
    s.operatorName = m_settings->nick;
    // The hosting user becomes host operator with a password nobody else sees.
    m_operatorPassword = QString::number(QRandomGenerator::global()->generate64(), 36);
    s.operatorPassword = m_operatorPassword;
    s.presenceMode =
        m_settings->presenceMode == QLatin1String("off") ? QString() : m_settings->presenceMode;
    s.presencePort = m_settings->presencePort;
    s.hostId = m_store->value(QStringLiteral("host/id")).toString();
    if (s.hostId.isEmpty()) {
        s.hostId = QString::number(QRandomGenerator::global()->generate64(), 16);
        m_store->setValue(QStringLiteral("host/id"), s.hostId);
    }
    // The host's catch-up history lives beside the profile's settings.
    const QFileInfo profile(m_store->fileName());
    s.historyFile = profile.absolutePath() + QLatin1Char('/') + profile.completeBaseName() +
                    QStringLiteral(".host-history.irc");
    // TLS beside the plain port (or alone), with the host's own certificate kept beside the
    // profile too (the same fingerprint every time, so people's pins hold). A host on any free
    // port takes any free TLS port.
    s.tls = m_settings->hostTls;
    s.plain = m_settings->hostPlain || !s.tls;
    s.tlsPort = port == 0 ? 0 : m_settings->hostTlsPort;
    s.tlsDirectory = profile.absolutePath() + QLatin1Char('/') + profile.completeBaseName() +
                     QStringLiteral(".host-tls");
    // Shared files: uploads kept beside the profile too, on any free port.
    s.fileHost = m_settings->hostFiles;
    s.fileHostPort = 0;
    s.fileHostDirectory = profile.absolutePath() + QLatin1Char('/') + profile.completeBaseName() +
                          QStringLiteral(".host-files");
    m_settings->hostName = name;
    emit hostingChanged(false, tr("Starting the host on port %1...").arg(port));
    m_host->start(s);
}

void SessionList::handleHostStarted(quint16 port)
{
    const bool plain = m_host->settings().plain || m_host->tlsPort() == 0;
    emit hostingChanged(true, hostingText());
    emit changed();
    // The chat of an earlier host of ours has ended: its tabs make way for the new one.
    if (m_ownSession)
        close(m_ownSession, {});
    // Host and chat at once: join our own host over a real loopback connection, as its
    // operator; over TLS when the host has no plain port, pinned to its own certificate.
    const QString loopback = QStringLiteral("127.0.0.1");
    if (!plain)
        m_store->setValue(tlsFingerprintKey(hostAddress(loopback, port)), m_host->tlsFingerprint());
    m_ownSession =
        open(loopback, port, m_host->settings().password, {QStringLiteral("#lan")}, true, !plain);
    if (!m_host->tlsOffReason().isEmpty())
        m_router->serverPage(m_ownSession)
            ->view()
            ->addEvent(QDateTime::currentDateTime(),
                       tr("Your host is not encrypted: this system cannot serve TLS (%1). People "
                          "can join it on port %2 without TLS.")
                           .arg(m_host->tlsOffReason())
                           .arg(port));
    if (m_host->tlsPort() != 0)
        m_router->serverPage(m_ownSession)
            ->view()
            ->addEvent(QDateTime::currentDateTime(),
                       tr("Your host takes encrypted connections (TLS) on port %1. Its "
                          "certificate's SHA-256 fingerprint, for people to compare when they "
                          "join: %2")
                           .arg(m_host->tlsPort())
                           .arg(m_host->tlsFingerprint()));
}

QString SessionList::hostingText() const
{
    if (!m_host->isRunning())
        return tr("Not hosting");
    const quint16 tls = m_host->tlsPort();
    if (tls == 0)
        return m_host->tlsOffReason().isEmpty()
                   ? tr("Hosting on port %1 (not encrypted)").arg(m_host->port())
                   : tr("Hosting on port %1 (not encrypted: TLS is not available here)")
                         .arg(m_host->port());
    if (!m_host->settings().plain)
        return tr("Hosting on port %1, encrypted (TLS) only").arg(tls);
    return tr("Hosting on port %1, encrypted (TLS) on port %2").arg(m_host->port()).arg(tls);
}

void SessionList::handleHostFailed(const QString& error, const QString& errorName)
{
    emit hostingChanged(false, tr("Not hosting"));
    const auto s = m_host->settings();
    if (errorName.endsWith(QLatin1String("EADDRINUSE")) ||
        errorName.endsWith(QLatin1String("EACCES"))) {
        // Which of the two ports: the host says which it could not have.
        const bool tlsPort = s.tls && s.tlsPort != 0 && m_host->failedPort() == s.tlsPort;
        const quint16 busy = tlsPort ? s.tlsPort : s.port;
        const quint16 next = busy < 65535 ? static_cast<quint16>(busy + 1) : 6667;
        QMessageBox box(QMessageBox::Warning, tr("Host a chat"),
                        tr("Port %1 is in use by another program (%2).").arg(busy).arg(error),
                        QMessageBox::Cancel, m_window);
        box.setTextFormat(Qt::PlainText);
        QPushButton* other = box.addButton(tlsPort ? tr("Use port %1 for TLS").arg(next)
                                                   : tr("Use port %1").arg(next),
                                           QMessageBox::AcceptRole);
        box.exec();
        if (box.clickedButton() != other)
            return;
        if (tlsPort) {
            m_settings->hostTlsPort = next;
            hostChat(s.port, s.name, s.password, s.loop, s.bind);
        } else {
            hostChat(next, s.name, s.password, s.loop, s.bind);
        }
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Host a chat"),
                    tr("The chat could not be hosted: %1").arg(error), QMessageBox::Ok, m_window);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

void SessionList::stopHosting()
{
    if (!m_host->isRunning())
        return;
    if (m_ownSession)
        m_ownSession->quit(tr("Stopped hosting"));
    m_host->stop(tr("Host stopped by %1").arg(m_settings->nick));
}

int SessionList::othersOnOwnHost() const
{
    if (!m_host->isRunning())
        return 0;
    const bool weAreOn =
        m_ownSession && m_ownSession->state() != bridge::SessionState::Disconnected;
    return std::max(0, m_host->clients() - (weAreOn ? 1 : 0));
}

} // namespace ui
