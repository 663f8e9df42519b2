// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/presenceservice.h"

#include "netcore/event_loop.h"
#include "netcore/presence.h"

#include "qtconvert.h"

#include <QMetaObject>

namespace bridge {

namespace {

PeerInfo toPeerInfo(const netcore::presence::Peer& p)
{
    PeerInfo i;
    i.instance = p.instance;
    i.host = p.role == netcore::presence::Role::Host;
    i.away = p.status == netcore::presence::Status::Away;
    i.name = toQString(p.name);
    i.chat = toQString(p.chat);
    i.address = toQString(p.address);
    for (const auto& a : p.addresses)
        i.addresses.append(toQString(a));
    i.tcpPort = p.tcpPort;
    i.tlsPort = p.tlsPort;
    i.tlsFingerprint = toQString(p.tlsFingerprint);
    i.users = p.users;
    i.rooms = p.rooms;
    if (p.roundTrip)
        i.roundTripMs = static_cast<double>(p.roundTrip->count()) / 1000.0;
    return i;
}

PresenceDiagnostics toDiagnostics(const netcore::presence::Diagnostics& d)
{
    PresenceDiagnostics out;
    out.mode = toQString(d.mode);
    out.port = d.port;
    out.listening = d.listening;
    out.bindError = d.bindError ? toQString(d.bindError.describe()) : QString();
    out.interfaceError = d.interfaceError ? toQString(d.interfaceError.describe()) : QString();
    for (const auto& i : d.interfaces)
        out.interfaces.append(toQString(i));
    for (const auto& t : d.targets) {
        QString line = toQString(t.address);
        if (!t.interface.empty())
            line += QStringLiteral(" (") + toQString(t.interface) + QLatin1Char(')');
        line += PresenceService::tr(": %1 sent, %2 received, %3 errors")
                    .arg(t.sent)
                    .arg(t.received)
                    .arg(t.errors);
        if (t.lastError)
            line += PresenceService::tr("; last: %1").arg(toQString(t.lastError.describe()));
        out.targets.append(line);
    }
    out.received = d.received;
    for (const auto& [reason, count] : d.dropped)
        out.dropped.append(toQString(reason) + QStringLiteral(": ") + QString::number(count));
    return out;
}

} // namespace

struct PresenceService::Worker
{
    std::unique_ptr<netcore::EventLoop> loop;
    std::unique_ptr<netcore::presence::Presence> presence;
    netcore::EventLoop::TimerId diagnosticsTimer = 0;
};

PresenceService::PresenceService(QObject* parent)
    : QObject(parent)
    , m_worker(std::make_unique<Worker>())
{
    qRegisterMetaType<bridge::PeerInfo>();
    qRegisterMetaType<bridge::PresenceDiagnostics>();
}

PresenceService::~PresenceService()
{
    if (!m_worker->loop)
        return;
    m_worker->loop->invoke([w = m_worker.get()] {
        if (w->diagnosticsTimer != 0)
            w->loop->cancelTimer(w->diagnosticsTimer);
        w->presence.reset(); // says bye
    });
    m_worker->loop->stop();
}

void PresenceService::start(const PresenceSettings& settings)
{
    if (m_worker->loop)
        return;
    std::string why;
    const auto mode = netcore::presence::parseMode(settings.mode.toStdString(), &why);
    if (!mode) {
        emit failed(toQString(why));
        return;
    }
    netcore::NetError error;
    m_worker->loop = netcore::EventLoop::start("select", &error);
    if (!m_worker->loop) {
        emit failed(toQString(error.describe()));
        return;
    }
    netcore::presence::Config config;
    config.mode = *mode;
    config.port = settings.port;
    config.role = netcore::presence::Role::Member;
    config.name = settings.name.toStdString();
    config.chat = settings.chat.toStdString();
    config.announceInterval = std::chrono::milliseconds(settings.announceIntervalMs);
    Worker* w = m_worker.get();
    w->loop->invoke([this, w, config] {
        netcore::presence::Presence::Events events;
        events.peerChanged = [this](const netcore::presence::Peer& p) {
            QMetaObject::invokeMethod(
                this,
                [this, info = toPeerInfo(p)] {
                    m_peers.insert(info.instance, info);
                    emit peerChanged(info);
                },
                Qt::QueuedConnection);
        };
        events.peerGone = [this](const netcore::presence::Peer& p, const std::string& reason) {
            QMetaObject::invokeMethod(
                this,
                [this, id = p.instance, r = toQString(reason)] {
                    m_peers.remove(id);
                    emit peerGone(id, r);
                },
                Qt::QueuedConnection);
        };
        w->presence = std::make_unique<netcore::presence::Presence>(*w->loop, config, events);
        w->presence->start();
        auto report = [this, w] {
            QMetaObject::invokeMethod(
                this,
                [this, d = toDiagnostics(w->presence->diagnostics())] {
                    m_diagnostics = d;
                    emit diagnosticsChanged(d);
                },
                Qt::QueuedConnection);
        };
        report();
        w->diagnosticsTimer = w->loop->runEvery(std::chrono::seconds(2), report);
    });
}

void PresenceService::setName(const QString& name)
{
    if (m_worker->loop)
        m_worker->loop->post([w = m_worker.get(), n = name.toStdString()] {
            if (w->presence)
                w->presence->setName(n);
        });
}

void PresenceService::setAway(bool away)
{
    if (m_worker->loop)
        m_worker->loop->post([w = m_worker.get(), away] {
            if (w->presence)
                w->presence->setStatus(away ? netcore::presence::Status::Away
                                            : netcore::presence::Status::Available);
        });
}

void PresenceService::setChat(const QString& chat)
{
    if (m_worker->loop)
        m_worker->loop->post([w = m_worker.get(), c = chat.toStdString()] {
            if (w->presence)
                w->presence->setChat(c);
        });
}

} // namespace bridge
