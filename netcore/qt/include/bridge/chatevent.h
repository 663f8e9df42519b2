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

// How a server compares nicks and room names (its CASEMAPPING; netcore::irc::CaseMapping).
enum class CaseMapping
{
    Ascii,         // A-Z are a-z
    Rfc1459,       // also [ ] \ ~ are { } | ^ (IRC's default)
    StrictRfc1459, // also [ ] \ are { } |
};

struct ChatEvent
{
    // netcore::irc::ClientEvent::Kind, one to one, for the kinds up to Error. The engine's typed
    // answers (a refused nick, a WHOIS reply, ...) come as ChatSession's own signals instead.
    enum class Kind
    {
        StateChanged,
        Registered,
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
        Motd,
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
    bool self = false;
    QString error;     // the socket or protocol error, named ("connect 10.0.0.5:6667: ...")
    QString errorName; // its symbolic name alone ("ECONNREFUSED"), "" if none
    qint64 lagMs = 0;
    qint64 retryInMs = 0;
    QDateTime time;       // the server's time (server-time) when it gives one, else arrival
    QString msgId;        // the server's message id (IRCv3 msgid), if any
    bool history = false; // a line the server replayed from its history (draft/chathistory)
    // Who the server is (ISUPPORT NETWORK; a LanChat host's stable HOSTID), once known.
    QString network;
    QString hostId;
    quint64 socketId = 0; // the connection's socket in the trace (the Socket Inspector)
};

struct RoomMember
{
    QString nick;
    QString prefix;    // every prefix, highest first: "@" operator, "+" voice, "@+" both
    bool away = false; // marked away (the session keeps it up to date)
    QString userHost;  // "user@host" once the server said it
    QString realName;  // once the server said it
    bool operator==(const RoomMember&) const = default;
};

// Why a server refused a nick (netcore::irc::NickRefusal).
enum class NickRefusal
{
    InUse,       // someone has it
    Erroneous,   // not a valid nick on that server (characters, length)
    Collision,   // taken on another server of the network
    Unavailable, // held for a while (recently used, or reserved)
};

// ChatSession::nickRefused: the server refused a nick, while logging in or for setNick().
struct NickRefusalInfo
{
    QString nick; // the nick refused
    NickRefusal reason = NickRefusal::InUse;
    QString text; // the server's words
    // While logging in (registering true): the nick tried instead; empty: none, the session
    // ends (a StateChanged to Disconnected with the error follows). After logging in the
    // session keeps the nick it has.
    QString trying;
    bool registering = false;
    QDateTime time;
};

// ChatSession::whoisReceived: a WHOIS reply, complete.
struct WhoisInfo
{
    QString nick;       // as the server spells it
    bool found = false; // false: there is no such nick (the other fields are empty)
    QString user;       // nick!user@host
    QString host;
    QString realName;
    QString server; // the server the user is on, and what it says of itself
    QString serverInfo;
    QStringList rooms;       // the rooms shown to us, with their prefixes ("@#lan")
    qint64 idleSeconds = -1; // -1: the server did not say
    QDateTime signOn;        // invalid: the server did not say
    bool away = false;
    QString awayText;
    bool oper = false;   // an IRC operator (on a LanChat host: a host operator)
    QString account;     // logged in as, "" if not
    bool secure = false; // connected over TLS
    QStringList other;   // further lines of the reply, in the server's words
    QDateTime time;
};

// One person in a WHO reply.
struct WhoPerson
{
    QString nick;
    QString user; // nick!user@host
    QString host;
    QString server;
    QString room;     // the room the reply names (empty: none)
    QString prefixes; // there: "@", "@+", ""
    QString realName;
    bool away = false;
    bool oper = false; // an IRC operator (on a LanChat host: a host operator)
    bool bot = false;
};

// ChatSession::whoListReceived: the reply to who(), complete.
struct WhoListInfo
{
    QString mask; // as asked: a room, a nick or a mask
    QList<WhoPerson> people;
    int more = 0; // matched beyond those listed
    QDateTime time;
};

// A session's TLS: what its handshake said (ChatSession::tls(), ChatSession::secured).
struct TlsDetails
{
    bool on = false;      // the session speaks TLS (its settings ask for it)
    QString version;      // "TLSv1.3" once the handshake has ended
    QString cipher;       // "TLS_AES_256_GCM_SHA384"
    QString fingerprint;  // the host's certificate, SHA-256 "AB:CD:..." (also when refused)
    QString subject;      // "CN=lan.host"
    bool trusted = false; // vouched for by the system's trust store
    bool pinned = false;  // the fingerprint pinned for the host
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
    quint16 tcpPort = 0;    // 0: a host with TLS only
    quint16 tlsPort = 0;    // a host's TLS port (0: none)
    QString tlsFingerprint; // its certificate's SHA-256 as announced, "AB:CD:..."
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
Q_DECLARE_METATYPE(bridge::NickRefusalInfo)
Q_DECLARE_METATYPE(bridge::WhoisInfo)
Q_DECLARE_METATYPE(bridge::WhoListInfo)
Q_DECLARE_METATYPE(bridge::TlsDetails)
Q_DECLARE_METATYPE(bridge::PeerInfo)
Q_DECLARE_METATYPE(bridge::PresenceDiagnostics)
