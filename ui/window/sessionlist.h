// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The window's chat connections: joining a host (by address, with its saved password), hosting
// a chat and joining it as its operator, what the window does as a connection's state changes
// (the reconnect count-down, asking for a password or another nick), closing, and the
// connections saved at exit and restored at start.

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

class QSettings;
class QTimer;
class QWidget;

namespace bridge {
class ChatSession;
class HostService;
struct ChatEvent;
} // namespace bridge

namespace ui {

class ChatEventHandler;
class ChatRouter;
struct AppSettings;

class SessionList : public QObject
{
    Q_OBJECT

public:
    // None owned; all outlive the list. `window` is the parent of its dialogs.
    SessionList(AppSettings* settings, QSettings* store, bridge::HostService* host,
                ChatRouter* router, ChatEventHandler* events, QWidget* window);
    ~SessionList() override;

    // Joins HOST[:PORT] ("[::1]:6667" for IPv6): the new session; nullptr and a message box
    // for an address that cannot be parsed.
    bridge::ChatSession* joinHost(const QString& address, const QString& password = {},
                                  const QStringList& rooms = {QStringLiteral("#lan")});
    // Starts hosting, then joins the host over loopback as its operator. `bind`: the address
    // to listen on, "" for every interface.
    void hostChat(quint16 port, const QString& name, const QString& password, const QString& loop,
                  const QString& bind = {});
    // Stops the host. Our own chat on it ends, but its tabs stay open to be read (closed when
    // we host again, or by the user).
    void stopHosting();
    // "host:port", "[v6]:port", as ChatSession::address() says it.
    static QString hostAddress(const QString& host, quint16 port);
    // The address that joins the session's host again: "ircs://host:port" for TLS.
    static QString joinAddress(const bridge::ChatSession* session);
    // Where the list finds the fingerprint a host announced by presence for its TLS port.
    void setAnnouncedFingerprints(std::function<QString(const QString& host, quint16 port)> find)
    {
        m_announcedFingerprint = std::move(find);
    }
    // "Hosting on port 6667, encrypted (TLS) on port 6697", "Not hosting".
    QString hostingText() const;
    // The people on our host other than us (0 when not hosting).
    int othersOnOwnHost() const;
    void close(bridge::ChatSession* session, const QString& reason);
    // Connects an ended session again (a new session to the same host, with the same
    // password), with `room` added to the rooms it joins.
    void reconnect(bridge::ChatSession* session, const QString& room);

    // A private chat with `nick`, who is in the host `chat` ("host:port" as they joined it):
    // on the session joined to that host, else on one where `nick` is in a room with us, else
    // the host is joined (no rooms) and the chat opens once we are in.
    void talkPrivately(const QString& chat, const QString& nick);

    QList<bridge::ChatSession*> sessions() const;
    // When a lost connection is tried again (invalid if it is not waiting).
    QDateTime retryAt(const bridge::ChatSession* session) const { return m_retryAt.value(session); }

    // The connections open at the last exit, with their rooms and private chats (the private
    // tabs open at once, their history shown while the host is joined), then the favourites
    // marked for auto-connect.
    void restore();
    // Writes the connections open now that got in to their host during this run: not our own
    // host's (it will not be running), nor a join that failed (a refused port, an unknown
    // host: it stays in Recent, and is not tried again at every start).
    void save() const;
    // Every connection says goodbye (QUIT) and is given a moment to leave.
    void quitAll(const QString& reason);

    void handleStateChanged(bridge::ChatSession* session, const bridge::ChatEvent& e);
    void handleRegistered(bridge::ChatSession* session, const QString& nick);

signals:
    // A chat connection was made (before it starts): for the parts that follow every session.
    void sessionOpened(bridge::ChatSession* session);
    // The list, a state or the count-down changed: the status line and the Network panel.
    void changed();
    void hostingChanged(bool hosting, const QString& text);
    void recentHostsChanged();
    // For the status bar.
    void message(const QString& text, int timeoutMs);

private:
    // tls: IRC inside TLS, the certificate pinned to the fingerprint kept for the address.
    bridge::ChatSession* open(const QString& host, quint16 port, const QString& password,
                              const QStringList& rooms, bool isOwnHost = false, bool tls = false);
    void handleHostStarted(quint16 port);
    void handleHostFailed(const QString& error, const QString& errorName);
    void askPassword(bridge::ChatSession* session);
    // The host's certificate was refused (unknown, or changed): ask, and join again pinned.
    bool askTrust(bridge::ChatSession* session, bool changed);
    bool askNick(bridge::ChatSession* session);
    // A line in each of the session's rooms and private chats (where the user reads), as an
    // error or an event.
    void tellChats(bridge::ChatSession* session, const QDateTime& time, const QString& text,
                   bool error);
    // "host:port" folded for comparing ("LAB:6667" and "lab:6667" are one host); the text
    // itself if it is not an address.
    QString addressKey(const QString& address) const;

    AppSettings* m_settings;
    QSettings* m_store;
    bridge::HostService* m_host;
    ChatRouter* m_router;
    ChatEventHandler* m_events;
    QWidget* m_window;
    QTimer* m_countdown;
    QList<QPointer<bridge::ChatSession>> m_sessions;
    QPointer<bridge::ChatSession> m_ownSession; // joined to our own host
    QString m_operatorPassword;
    QHash<const bridge::ChatSession*, QDateTime> m_retryAt; // reconnect count-down
    // Sessions whose login the server refused for a reason the user can mend: the password
    // (asked for again) or every nick taken (another asked for), when the session ends.
    QSet<const bridge::ChatSession*> m_passwordRefused;
    std::function<QString(const QString&, quint16)> m_announcedFingerprint;
    QSet<const bridge::ChatSession*> m_noNickLeft;
    QSet<const bridge::ChatSession*> m_gotIn;    // registered at least once
    QSet<const bridge::ChatSession*> m_toldLost; // its chats were told the connection is lost
    // Private chats to open once the host joined for them lets us in: address key -> nick.
    QHash<QString, QString> m_pendingPrivate;
    bool m_quitting = false;
};

} // namespace ui
