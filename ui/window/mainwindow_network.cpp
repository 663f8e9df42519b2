// SPDX-License-Identifier: GPL-3.0-or-later
// The Network panel and presence: the panel's dock and what its controls do (favourites, recent
// hosts, join, host), what it shows (the peers presence finds, its diagnostics, hosting), the
// hosts found on the welcome page, and what a host announced for TLS (the Join dialog's TLS
// box, the trust question).

#include "window/mainwindow.h"

#include "bridge/chatsession.h"
#include "bridge/presenceservice.h"
#include "chat/chateventhandler.h"
#include "window/networkpanel.h"
#include "window/sessionlist.h"
#include "window/welcomepage.h"

#include <QDockWidget>

namespace ui {

void MainWindow::buildNetworkDock()
{
    m_network = new NetworkPanel(this);
    m_network->setMinimumWidth(340);
    auto* dock = new QDockWidget(tr("Network"), this);
    dock->setObjectName(QStringLiteral("networkDock"));
    dock->setWidget(m_network);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    m_networkDock = dock;
    m_network->setRecentHosts(m_settings.recentHosts);
    m_network->setFavourites(m_settings.favourites, m_settings.autoConnect);
    // Favourite people: watched in every chat; the panel says where each is online.
    m_network->setFavouritePeople(m_settings.favouritePeople);
    connect(m_network, &NetworkPanel::favouritePersonChanged, this,
            [this](const QString& nick, bool on) {
                m_settings.setFavouritePerson(nick, on);
                m_settings.save(*m_services.settings);
                m_network->setFavouritePeople(m_settings.favouritePeople);
                for (bridge::ChatSession* session : m_sessions->sessions())
                    session->setWatched(m_settings.favouritePeople);
            });
    connect(m_events, &ChatEventHandler::favouriteSeen, m_network,
            [this](const QString& chat, const QString& nick, bool online) {
                m_network->setPersonOnline(nick, chat, online);
            });
    auto favouritesChanged = [this] {
        m_network->setFavourites(m_settings.favourites, m_settings.autoConnect);
        m_settings.save(*m_services.settings);
    };
    connect(m_network, &NetworkPanel::favouriteChanged, this,
            [this, favouritesChanged](const QString& address, bool on) {
                m_settings.setFavourite(address, on);
                favouritesChanged();
            });
    connect(m_network, &NetworkPanel::autoConnectChanged, this,
            [this, favouritesChanged](const QString& address, bool on) {
                m_settings.setAutoConnect(address, on);
                favouritesChanged();
            });
    connect(m_network, &NetworkPanel::recentRemoved, this, [this](const QString& address) {
        m_settings.recentHosts.removeAll(address);
        m_settings.save(*m_services.settings);
        m_network->setRecentHosts(m_settings.recentHosts);
    });
    connect(m_network, &NetworkPanel::joinRequested, this,
            [this](const QString& address) { joinHost(address); });
    connect(m_network, &NetworkPanel::hostRequested, this, &MainWindow::showHostDialog);
    connect(m_network, &NetworkPanel::stopHostRequested, this, &MainWindow::stopHosting);
}

void MainWindow::connectNetworkPanel()
{
    auto* presence = m_services.presence;
    connect(m_network, &NetworkPanel::privateChatRequested, m_sessions,
            &SessionList::talkPrivately);
    connect(m_sessions, &SessionList::hostingChanged, m_network, &NetworkPanel::setHosting);
    connect(m_sessions, &SessionList::recentHostsChanged, this,
            [this] { m_network->setRecentHosts(m_settings.recentHosts); });

    connect(presence, &bridge::PresenceService::peerChanged, m_network, &NetworkPanel::setPeer);
    // The trust question shows the fingerprint a host announced for its TLS port.
    m_sessions->setAnnouncedFingerprints(
        [this](const QString& host, quint16 port) { return announcedTls(host, port).fingerprint; });
    connect(presence, &bridge::PresenceService::peerGone, m_network,
            [this](quint64 instance, const QString&) { m_network->removePeer(instance); });
    auto hostsFound = [this] { m_welcome->setFoundHosts(m_network->hostRows()); };
    connect(presence, &bridge::PresenceService::peerChanged, m_welcome, hostsFound);
    connect(presence, &bridge::PresenceService::peerGone, m_welcome, hostsFound);
    connect(presence, &bridge::PresenceService::diagnosticsChanged, m_network,
            &NetworkPanel::setDiagnostics);
    connect(presence, &bridge::PresenceService::failed, this, [this](const QString& error) {
        bridge::PresenceDiagnostics d;
        d.mode = m_settings.presenceMode;
        d.bindError = error;
        m_network->setDiagnostics(d);
    });
}

MainWindow::AnnouncedTls MainWindow::announcedTls(const QString& host, quint16 port) const
{
    for (const bridge::PeerInfo& p : m_services.presence->peers())
        if (p.host && p.tlsPort != 0 && (port == 0 || p.tlsPort == port) &&
            (p.address == host || p.addresses.contains(host)))
            return {p.tlsPort, p.tlsFingerprint};
    return {};
}

} // namespace ui
