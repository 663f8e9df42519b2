// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Presence for the GUI's Network panel: netcore's presence engine (as a member) on its own event
// loop; peers and diagnostics arrive as queued signals.

#include "bridge/chatevent.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace bridge {

struct PresenceSettings
{
    QString mode = QStringLiteral("auto"); // auto, loopback, off, or a list
    quint16 port = 6667;
    QString name; // our nick
    QString chat; // the chat we are in, "host:port"
    int announceIntervalMs = 5000;
};

class PresenceService : public QObject
{
    Q_OBJECT

public:
    explicit PresenceService(QObject* parent = nullptr);
    ~PresenceService() override; // says bye

    QList<PeerInfo> peers() const { return m_peers.values(); }
    PresenceDiagnostics diagnostics() const { return m_diagnostics; }

public slots:
    // A mode that cannot be parsed comes back as failed().
    void start(const bridge::PresenceSettings& settings);
    void setName(const QString& name);
    void setAway(bool away);
    void setChat(const QString& chat);

signals:
    void peerChanged(const bridge::PeerInfo& peer);
    void peerGone(quint64 instance, const QString& why);
    void diagnosticsChanged(const bridge::PresenceDiagnostics& diagnostics);
    void failed(const QString& error);

private:
    struct Worker;
    std::unique_ptr<Worker> m_worker;
    QHash<quint64, PeerInfo> m_peers;
    PresenceDiagnostics m_diagnostics;
};

} // namespace bridge
