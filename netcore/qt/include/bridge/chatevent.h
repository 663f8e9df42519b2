// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the bridge hands to the GUI: plain Qt values, so that widgets never include netcore.
// Every text here came from a peer or a server: it is data, to be shown as plain text.

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace bridge {

// A chat connection's state (netcore::irc::ClientState).
enum class SessionState
{
    Disconnected,
    Connecting,
    Registering,
    Registered,
    Closing,
    Waiting, // lost, reconnecting after `retryInMs`
};
QString sessionStateText(SessionState state);

struct ChatEvent
{
    // netcore::irc::ClientEvent::Kind, one to one.
    enum class Kind
    {
        StateChanged,
        Registered,
        NickInUse,
        Message,
        Action,
        Notice,
        Join,
        Part,
        Quit,
        Kick,
        NickChange,
        Topic,
        Names,
        Mode,
        Away,
        Invite,
        Lag,
        ServerText,
        Error,
    };
    Kind kind = Kind::ServerText;
    SessionState state = SessionState::Disconnected;
    QString room;
    QString nick;
    QString target;
    QString text;
    QStringList names;
    QStringList rooms;
    int numeric = 0;
    bool self = false;
    QString error;     // the socket or protocol error, named ("connect 10.0.0.5:6667: ...")
    QString errorName; // its symbolic name alone ("ECONNREFUSED"), "" if none
    qint64 lagMs = 0;
    qint64 retryInMs = 0;
    QDateTime time; // the server's time (server-time) when it gives one, else arrival
    QString msgId;  // the server's message id (IRCv3 msgid), if any
    // Who the server is (ISUPPORT NETWORK; a LanChat host's stable HOSTID), once known.
    QString network;
    QString hostId;
    quint64 socketId = 0; // the connection's socket in the trace (the Socket Inspector)
};

struct RoomMember
{
    QString nick;
    QString prefix; // "@" operator, "+" voice
    bool operator==(const RoomMember&) const = default;
};

// A peer found by presence.
struct PeerInfo
{
    quint64 instance = 0;
    bool host = false;
    bool away = false;
    QString name;
    QString chat;    // host: its server name; member: the chat it is in
    QString address; // the latest source address
    QStringList addresses;
    quint16 tcpPort = 0;
    int users = 0;
    int rooms = 0;
    double roundTripMs = -1; // -1: not measured yet
};

// Why presence may not work, for the Network panel's diagnostics.
struct PresenceDiagnostics
{
    QString mode;
    quint16 port = 0;
    bool listening = false;
    QString bindError;
    QString interfaceError;
    QStringList interfaces;
    QStringList targets; // "192.168.1.255 (eth0): 12 sent, 0 errors[, last error ...]"
    quint64 received = 0;
    QStringList dropped; // "bad field: 3"
};

} // namespace bridge

Q_DECLARE_METATYPE(bridge::ChatEvent)
Q_DECLARE_METATYPE(bridge::PeerInfo)
Q_DECLARE_METATYPE(bridge::PresenceDiagnostics)
