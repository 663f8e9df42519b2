// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/hostservice.h"

#include "netcore/event_loop.h"
#include "netcore/interfaces.h"
#include "netcore/irc/filehost.h"
#include "netcore/irc/host.h"
#include "netcore/presence.h"
#include "netcore/tls.h"

#include "qtconvert.h"

#include <QMetaObject>

#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <tuple>

namespace bridge {

namespace {

// The shared files' HTTP port, started in the loop thread before the chat host (which then
// advertises its URL): nullptr, with *note saying why, when it cannot be had.
std::unique_ptr<netcore::irc::FileHost>
startFileHost(netcore::EventLoop& loop, const HostSettings& s, netcore::irc::HostConfig* config,
              std::function<void(const std::string&)> log, std::string* note)
{
    if (!netcore::irc::fileHostAvailable()) {
        *note = "shared files are off: this build has no file host";
        return nullptr;
    }
    netcore::irc::FileHostConfig files;
    files.directory = s.fileHostDirectory.toStdString();
    files.password = config->password;
    for (const auto& oper : config->operators)
        files.operators.push_back({oper.name, oper.password});
    auto host =
        std::make_unique<netcore::irc::FileHost>(loop, files, netcore::irc::FileHost::Events{log});
    const std::string bind = s.bind.toStdString();
    if (const netcore::NetError e = host->start(netcore::ListenOptions{bind, s.fileHostPort})) {
        *note = "shared files are off: " + e.describe();
        return nullptr;
    }
    config->fileHostUrl = "http://" + netcore::reachableAddress(bind) + ":" +
                          std::to_string(host->localAddress().port()) +
                          netcore::irc::FileHost::UploadPath;
    *note = "shared files: upload at " + config->fileHostUrl + ", kept in " + files.directory;
    return host;
}

// The TLS identity the settings ask for: PEM files, the host's own kept in a folder, or one
// made for this run.
std::optional<netcore::TlsIdentity> tlsIdentity(const HostSettings& s, netcore::NetError* error)
{
    if (!s.tlsCertificateFile.isEmpty() || !s.tlsKeyFile.isEmpty())
        return netcore::loadIdentity(s.tlsCertificateFile.toStdString(), s.tlsKeyFile.toStdString(),
                                     error);
    const std::string name = s.serverName.toStdString();
    if (!s.tlsDirectory.isEmpty())
        return netcore::loadOrMakeIdentity(s.tlsDirectory.toStdString(), name, error);
    return netcore::makeSelfSignedIdentity(name, error);
}

} // namespace

// The loop and what runs on it; host and presence are created and destroyed in the loop thread.
struct HostService::Worker
{
    std::unique_ptr<netcore::EventLoop> loop;
    std::unique_ptr<netcore::irc::FileHost> files; // shared files (FILEHOST), when on
    std::unique_ptr<netcore::irc::IrcHost> host;
    std::unique_ptr<netcore::presence::Presence> presence;
    netcore::EventLoop::TimerId figuresTimer = 0;

    // Loop thread.
    void teardown()
    {
        if (figuresTimer != 0)
            loop->cancelTimer(figuresTimer);
        figuresTimer = 0;
        presence.reset();
        host.reset();
        files.reset();
    }
};

HostService::HostService(QObject* parent)
    : QObject(parent)
    , m_worker(std::make_unique<Worker>())
{}

HostService::~HostService()
{
    if (!m_worker->loop)
        return;
    if (m_running) {
        // A graceful stop: every client gets its ERROR line before the loop goes.
        m_worker->loop->invoke([this] {
            if (m_worker->host)
                m_worker->host->stop("Host shutting down");
        });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < deadline &&
               m_worker->loop
                   ->invoke([this] { return m_worker->host && m_worker->host->clientCount() > 0; })
                   .value_or(false))
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    m_worker->loop->invoke([this] { m_worker->teardown(); });
    m_worker->loop->stop();
}

void HostService::start(const HostSettings& settings)
{
    if (m_running)
        return;
    m_settings = settings;
    m_failedPort = 0;
    m_tlsOffReason.clear();
    netcore::NetError error;
    if (!m_worker->loop)
        m_worker->loop = netcore::EventLoop::start(settings.loop.toStdString(), &error);
    if (!m_worker->loop) {
        emit failed(toQString(error.describe()), toQString(netcore::errorName(error.code)));
        return;
    }
    netcore::irc::HostConfig config;
    config.networkName = settings.name.toStdString();
    config.serverName = settings.serverName.toStdString();
    config.password = settings.password.toStdString();
    config.hostId = settings.hostId.toStdString();
    config.historyFile = settings.historyFile.toStdString();
    if (!settings.operatorName.isEmpty())
        config.operators.push_back(
            {settings.operatorName.toStdString(), settings.operatorPassword.toStdString()});

    std::optional<netcore::irc::IrcHost::TlsListen> tls;
    if (settings.tls) {
        auto identity = tlsIdentity(settings, &error);
        std::shared_ptr<netcore::TlsContext> context;
        if (identity)
            context = netcore::TlsContext::server(*identity, &error);
        // A system that cannot serve TLS (Wine's Schannel): the host runs plain and says why,
        // unless it was to be TLS only.
        if (identity && !context && error.code == make_error_code(netcore::TlsErrc::unavailable) &&
            settings.plain) {
            m_tlsOffReason = toQString(error.describe());
            emit log(tr("TLS is off: %1").arg(m_tlsOffReason));
        } else if (!identity || !context) {
            emit failed(toQString(error.describe()), toQString(netcore::errorName(error.code)));
            return;
        } else {
            tls = netcore::irc::IrcHost::TlsListen{
                {settings.bind.toStdString(), settings.tlsPort}, *identity, std::move(context)};
        }
    }
    std::optional<netcore::ListenOptions> plain;
    if (settings.plain || !tls)
        plain = netcore::ListenOptions{settings.bind.toStdString(), settings.port};

    Worker* w = m_worker.get();
    std::string fileHostUrl;
    const auto result = w->loop->invoke([&, this]() -> netcore::NetError {
        netcore::irc::IrcHost::Events events;
        events.log = [this](const std::string& line) {
            QMetaObject::invokeMethod(
                this, [this, l = toQString(line)] { emit log(l); }, Qt::QueuedConnection);
        };
        events.stopped = [this](const std::string& reason) {
            QMetaObject::invokeMethod(
                this, [this, r = toQString(reason)] { finish(r); }, Qt::QueuedConnection);
        };
        if (settings.fileHost) {
            std::string note;
            w->files = startFileHost(*w->loop, settings, &config, events.log, &note);
            events.log(note);
            if (w->files)
                fileHostUrl = config.fileHostUrl;
        }
        w->host = std::make_unique<netcore::irc::IrcHost>(*w->loop, config, events);
        if (auto e = w->host->start(plain, tls)) {
            w->host.reset();
            w->files.reset();
            return e;
        }
        if (w->files)
            w->files->setUploaderCheck([w](const netcore::SocketAddress& peer) {
                return w->host && w->host->hasRegisteredClientFrom(peer);
            });
        const std::uint16_t port = plain ? w->host->localAddress().port() : 0;
        if (!settings.presenceMode.isEmpty()) {
            if (const auto mode =
                    netcore::presence::parseMode(settings.presenceMode.toStdString())) {
                netcore::presence::Config p;
                p.mode = *mode;
                p.port = settings.presencePort;
                p.role = netcore::presence::Role::Host;
                p.name = config.networkName;
                p.chat = config.serverName;
                p.tcpPort = port;
                if (tls) {
                    p.tlsPort = w->host->tlsAddress().port();
                    p.tlsFingerprint = w->host->tlsFingerprint();
                }
                w->presence = std::make_unique<netcore::presence::Presence>(*w->loop, p);
                w->presence->start();
            }
        }
        w->figuresTimer = w->loop->runEvery(std::chrono::seconds(1), [this, w] {
            if (!w->host)
                return;
            const auto clients = static_cast<int>(w->host->clientCount());
            const auto rooms = static_cast<int>(w->host->roomCount());
            if (w->presence)
                w->presence->setHostFigures(static_cast<std::uint16_t>(clients),
                                            static_cast<std::uint16_t>(rooms));
            QMetaObject::invokeMethod(
                this,
                [this, clients, rooms] {
                    if (!m_running)
                        return; // a last tick that crossed stop()
                    m_clients = clients;
                    emit figures(clients, rooms);
                },
                Qt::QueuedConnection);
        });
        return {};
    });
    if (!result || *result) {
        const netcore::NetError e =
            result ? *result
                   : netcore::NetError{make_error_code(netcore::Errc::loopNotRunning), "host", ""};
        // Which port could not be had: the error names the address it tried.
        netcore::HostPort at;
        if (!netcore::parseHostPort(e.target, 0, &at) && at.port != 0)
            m_failedPort = at.port;
        emit failed(toQString(e.describe()), toQString(netcore::errorName(e.code)));
        return;
    }
    m_running = true;
    const auto where = *w->loop->invoke([w, hasPlain = plain.has_value()] {
        const netcore::SocketAddress a = hasPlain ? w->host->localAddress() : w->host->tlsAddress();
        return std::make_tuple(a.port(), a.toString(), w->host->tlsAddress().port(),
                               w->host->tlsFingerprint());
    });
    m_port = std::get<0>(where);
    m_address = toQString(std::get<1>(where));
    m_tlsPort = std::get<2>(where);
    m_tlsFingerprint = toQString(std::get<3>(where));
    m_fileHostUrl = toQString(fileHostUrl);
    emit started(m_address, m_port);
}

void HostService::stop(const QString& reason)
{
    if (!m_running || !m_worker->loop)
        return;
    const std::string why = reason.isEmpty() ? "Host shutting down" : reason.toStdString();
    m_worker->loop->post([w = m_worker.get(), why] {
        if (w->host)
            w->host->stop(why);
    });
}

void HostService::finish(const QString& reason)
{
    if (!m_running)
        return;
    m_running = false;
    m_clients = 0;
    m_tlsPort = 0;
    m_tlsFingerprint.clear();
    m_fileHostUrl.clear();
    m_worker->loop->invoke([this] { m_worker->teardown(); });
    emit stopped(reason);
}

} // namespace bridge
