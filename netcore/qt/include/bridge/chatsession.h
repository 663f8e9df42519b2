// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One chat connection for the GUI: netcore's IRC client engine on its own event loop (a worker
// thread). Its events arrive as queued signals in the thread that owns this object (the GUI
// thread); the slots post the work to the loop thread. Destroying it disconnects at once and
// stops the loop; ending a chat politely is quit().

#include "bridge/chatevent.h"

#include <QObject>

#include <memory>

namespace bridge {

struct SessionSettings
{
    QString host;
    quint16 port = 6667;
    QString nick;
    QString realName;
    QString password;
    QStringList rooms = {QStringLiteral("#lan")};
    bool alternativeNicks = true;
    QString alternativeNick; // tried first when the nick is taken; empty: nick_, nick1, ...
    bool reconnect = true;
    QString loop = QStringLiteral("select");
};

class ChatSession : public QObject
{
    Q_OBJECT

public:
    explicit ChatSession(SessionSettings settings, QObject* parent = nullptr);
    ~ChatSession() override;

    const SessionSettings& settings() const { return m_settings; }
    // As known in the GUI thread (updated by the events as they are delivered).
    SessionState state() const { return m_state; }
    QString nick() const { return m_nick; }
    qint64 lagMs() const { return m_lagMs; }
    QList<RoomMember> members(const QString& room) const;
    QString topic(const QString& room) const;
    // "host:port" as the user would type it.
    QString address() const;
    // The server's NETWORK and (LanChat hosts) HOSTID, once it has said them; the socket of the
    // current connection in the trace (0 when none).
    QString network() const { return m_network; }
    QString hostId() const { return m_hostId; }
    quint64 socketId() const { return m_socketId; }

public slots:
    // Starts the loop and connects. Errors (a loop that cannot start) come as a ChatEvent of
    // kind Error and a state Disconnected.
    void start();
    void sendMessage(const QString& target, const QString& text);
    void sendAction(const QString& target, const QString& text);
    void sendNotice(const QString& target, const QString& text);
    void join(const QString& room, const QString& key = {});
    void part(const QString& room, const QString& reason = {});
    void setNick(const QString& nick);
    void setTopic(const QString& room, const QString& topic);
    void requestTopic(const QString& room);
    void setAway(const QString& text);
    void sendRaw(const QString& line);
    void quit(const QString& reason = {});

signals:
    void event(const bridge::ChatEvent& event);
    // A room's member list changed (join, part, quit, kick, nick, names, mode).
    void membersChanged(const QString& room);

private:
    struct Worker;
    void drain();
    void deliver(const ChatEvent& e, const QList<QPair<QString, QList<RoomMember>>>& rooms);

    SessionSettings m_settings;
    std::unique_ptr<Worker> m_worker;
    SessionState m_state = SessionState::Disconnected;
    QString m_nick;
    qint64 m_lagMs = 0;
    QString m_network;
    QString m_hostId;
    quint64 m_socketId = 0;
    QHash<QString, QList<RoomMember>> m_members; // by lower-cased room name
    QHash<QString, QString> m_topics;
};

} // namespace bridge
