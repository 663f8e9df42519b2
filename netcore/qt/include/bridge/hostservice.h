// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Hosting a chat from the GUI: netcore's IRC host on its own event loop (a worker thread),
// announced on the LAN by presence. Signals arrive queued in the owner's thread.

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace bridge {

struct HostSettings
{
    QString bind;        // "" = every interface
    quint16 port = 6667; // 0 = any free port
    QString name = QStringLiteral("LanChat");
    QString serverName = QStringLiteral("lanchat.local");
    QString password;
    QString operatorName; // the hosting user, who becomes a host operator
    QString operatorPassword;
    QString hostId;
    QString historyFile; // the host's catch-up history; "" keeps it in memory only
    QString loop = QStringLiteral("select");
    QString presenceMode; // "" = no announce; else auto, loopback, a list
    quint16 presencePort = 6667;
    // TLS (RFC 7194) beside the plain port, or alone (plain off). The certificate: from PEM
    // files, else the host's own, kept in tlsDirectory (made there the first time); with
    // neither, one made for this run only.
    bool plain = true;
    bool tls = false;
    quint16 tlsPort = 6697; // 0 = any free port
    QString tlsDirectory;
    QString tlsCertificateFile;
    QString tlsKeyFile;
    // Shared files (FILEHOST): an HTTP port beside the chat where its members upload files
    // and pictures and get links to post; the host advertises it. Files are kept in
    // fileHostDirectory (required), 25 MiB each, 500 MiB in all, for 7 days. Where the build
    // has no file host (Windows) or it cannot start, the chat is hosted without it (log says).
    bool fileHost = false;
    quint16 fileHostPort = 0; // 0 = any free port
    QString fileHostDirectory;
};

class HostService : public QObject
{
    Q_OBJECT

public:
    explicit HostService(QObject* parent = nullptr);
    // Stops the host (clients get an ERROR line) and its loop, waiting for both.
    ~HostService() override;

    bool isRunning() const { return m_running; }
    quint16 port() const { return m_port; }
    QString address() const { return m_address; }
    // The TLS port (0 without TLS) and its certificate's SHA-256 fingerprint ("AB:CD:...").
    quint16 tlsPort() const { return m_tlsPort; }
    QString tlsFingerprint() const { return m_tlsFingerprint; }
    // Why the host runs without TLS although asked for (this system cannot serve it: Wine's
    // Schannel), "" otherwise.
    QString tlsOffReason() const { return m_tlsOffReason; }
    // After failed(): the port the host could not have (in use, say), 0 if none was to blame.
    quint16 failedPort() const { return m_failedPort; }
    // The upload URL the host advertises ("" without shared files).
    QString fileHostUrl() const { return m_fileHostUrl; }
    int clients() const { return m_clients; }
    const HostSettings& settings() const { return m_settings; }

public slots:
    // Result: started() or failed() (port in use: "bind [::]:6667: EADDRINUSE (98): ...").
    // With TLS, started() comes once both ports listen; port() is the plain one (or the TLS
    // one when plain is off).
    void start(const bridge::HostSettings& settings);
    void stop(const QString& reason = {});

signals:
    void started(const QString& address, quint16 port);
    void failed(const QString& error, const QString& errorName);
    void stopped(const QString& reason);
    void log(const QString& line);
    void figures(int clients, int rooms);

private:
    struct Worker;
    void finish(const QString& reason);

    std::unique_ptr<Worker> m_worker;
    HostSettings m_settings;
    bool m_running = false;
    quint16 m_port = 0;
    QString m_address;
    quint16 m_tlsPort = 0;
    QString m_tlsFingerprint;
    QString m_tlsOffReason;
    QString m_fileHostUrl;
    quint16 m_failedPort = 0;
    int m_clients = 0;
};

} // namespace bridge
