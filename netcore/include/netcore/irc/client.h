// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The IRC client engine: one connection to any IRC server (a LanChat host, ngircd, ...), on one
// EventLoop (all of it runs in the loop's thread). It registers (CAP LS 302 / REQ / END where
// the server offers capabilities, plain NICK/USER where it does not), answers PINGs and measures
// its own lag, turns what the server says into typed events, keeps the rooms it is in with their
// members, topics and who of them is away, splits long text below the line limit on UTF-8
// boundaries, paces its own sending under the server's flood limits, notices a dead link by its
// own PING timeout, and reconnects with back-off, regaining its nick and rejoining its rooms.
// Nicks and room names are compared with the server's CASEMAPPING (ISUPPORT; rfc1459 until the
// server says otherwise, as IRC has it).
//
// Its users speak no IRC: every command has a typed operation (whois(), kick(), ban(), oper(),
// setMode(), invite(), setAway() ...) and every answer a typed event (ClientEvent::Kind).
// sendRaw() is the one raw path, for a line the user typed (/quote).
//
//   Disconnected -> Connecting -> Registering -> Registered -> (Closing) -> Disconnected
//                        ^                                            |
//                        +------- Waiting (back-off before retry) <---+
//
// The engine's sources are in netcore/src/irc/client/, one job a file (see client_impl.h).

#include "netcore/address.h"
#include "netcore/error.h"
#include "netcore/irc/casemapping.h"
#include "netcore/tls.h"
#include "netcore/trace.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netcore {
class EventLoop;
}

namespace netcore::irc {

struct ClientConfig
{
    std::string host;
    std::uint16_t port = 6667;
    std::string nick;     // wanted; regained after a collision when it becomes free
    std::string user;     // USER's user name; empty: the nick
    std::string realName; // empty: the nick
    std::string password; // PASS; empty: none sent
    // Rooms to join once registered (keys after a space: "#room key").
    std::vector<std::string> rooms;
    // Nicks to watch (the user's favourite people): where the server has MONITOR, it says when
    // each comes online or leaves (WatchedOnline, WatchedOffline).
    std::vector<std::string> watched;
    // Requested when the server offers them. With away-notify the server tells who goes away
    // and comes back; without it the engine asks WHO (see whoInterval).
    // multi-prefix and userhost-in-names fill the members' prefixes and user@host, extended-
    // join, chghost and setname keep them current, and draft/chathistory (with batch) brings
    // back what was said while we were away (requestHistory). With labeled-response the
    // engine's requests that have a reply of many lines (WHO, CHATHISTORY) carry a label, and
    // each reply is matched to its request by it, its end known even when it is an error;
    // without it, replies are matched in the order the requests were sent.
    std::vector<std::string> capabilities = {
        "server-time",      "message-tags",      "echo-message",  "away-notify",
        "multi-prefix",     "userhost-in-names", "extended-join", "chghost",
        "setname",          "invite-notify",     "batch",         "labeled-response",
        "draft/chathistory"};
    // 433 (nick in use) while registering: try alternatives (alternativeNick if set, then
    // "nick_", "nick1", ...) and report it; false: give up with an error instead.
    bool alternativeNicks = true;
    std::string alternativeNick; // the user's own choice, tried first; empty: none

    std::chrono::milliseconds connectTimeout{10000};      // per address tried
    std::chrono::milliseconds registrationTimeout{30000}; // from connected to 001
    // PING the server when nothing came from it for this long, and call the link dead when no
    // answer comes in pingTimeout (sleep, a cable pulled, a network change).
    std::chrono::milliseconds pingInterval{30000};
    std::chrono::milliseconds pingTimeout{30000};
    // Reconnect after a connection is lost (not after disconnect(), a refused password or a
    // ban): first after reconnectMin, doubling up to reconnectMax; reset once registered.
    bool reconnect = true;
    std::chrono::milliseconds reconnectMin{1000};
    std::chrono::milliseconds reconnectMax{60000};
    // Our own flood control, under common servers' limits (LanChat: burst 10, then 5 lines/s;
    // ngircd: about 1 line/s beyond a burst): a token bucket for everything sent.
    double sendBurst = 8;
    double sendLinesPerSecond = 4;
    std::size_t maxLine = 512; // bytes including CRLF
    // Who is away in the rooms: the engine asks WHO for a room after joining it, and again for
    // every room this often while the server has no away-notify (servers without it tell
    // nothing else). 0: only after joining.
    std::chrono::milliseconds whoInterval{60000};
    // How often the engine looks at its timers (pacing, pings, timeouts).
    std::chrono::milliseconds tick{100};
    // Replaces getaddrinfo (tests). Optional.
    std::function<ResolveResult(const std::string& host, std::uint16_t port)> resolver;
    // IRC inside TLS (ircs, port 6697 by custom): the host's certificate is accepted as
    // tlsOptions says (netcore/tls.h: the trust store, a pinned fingerprint, or trust on first
    // use); tlsOptions.serverName defaults to `host`. A certificate refused (unknown, changed)
    // ends the session with that TLS error, without retrying.
    bool tls = false;
    TlsClientOptions tlsOptions;
};

enum class ClientState
{
    Disconnected, // not connected and not trying
    Connecting,   // resolving and connecting
    Registering,  // connected, CAP/PASS/NICK/USER sent, waiting for 001
    Registered,   // welcome received: chatting
    Closing,      // QUIT sent, waiting for the server to close
    Waiting,      // lost the connection, waiting to reconnect
};
const char* clientStateName(ClientState state);

// Why a server refused a nick.
enum class NickRefusal
{
    InUse,       // ERR_NICKNAMEINUSE: someone has it
    Erroneous,   // ERR_ERRONEUSNICKNAME: not a valid nick there (characters, length)
    Collision,   // ERR_NICKCOLLISION: taken on another server of the network
    Unavailable, // ERR_UNAVAILRESOURCE: held for a while (recently used, or reserved)
};
const char* nickRefusalName(NickRefusal refusal); // "in use", "erroneous", ...

// One person in a WHO reply (RPL_WHOREPLY).
struct WhoEntry
{
    std::string nick;
    std::string user; // nick!user@host
    std::string host;
    std::string server;
    std::string room;     // the room the line names ("" when the server gave "*")
    std::string prefixes; // in that room: "@", "@+", "" (as many as the server shows)
    std::string realName;
    bool away = false;
    bool oper = false; // an IRC operator
    bool bot = false;  // marked a bot (the server's BOT flag)
};

// A WHOIS reply, collected from its numerics (RPL_WHOISUSER ... RPL_ENDOFWHOIS) into one.
struct WhoisReply
{
    std::string nick;   // as the server spells it (as asked when not found)
    bool found = false; // false: no such nick (ERR_NOSUCHNICK)
    std::string user;   // user name and host: nick!user@host
    std::string host;
    std::string realName;
    std::string server; // the server the user is on, and what it says of itself
    std::string serverInfo;
    std::vector<std::string> rooms; // the rooms shown to us, with their prefixes ("@#lan")
    std::optional<std::chrono::seconds> idle; // RPL_WHOISIDLE, when the server tells
    std::optional<std::chrono::system_clock::time_point> signOn;
    bool away = false;
    std::string awayText;
    bool oper = false;   // an IRC operator (LanChat: a host operator)
    std::string account; // logged in as (RPL_WHOISACCOUNT), "" if not
    bool secure = false; // connected over TLS (RPL_WHOISSECURE)
    // Further lines of the reply the engine has no field for (text as the server gave it,
    // "is using modes +a").
    std::vector<std::string> other;
};

struct ClientEvent
{
    enum class Kind
    {
        StateChanged, // state; error/text say why (a lost link, a refusal)
        Registered,   // 001: nick is ours; text is the welcome
        Message,      // PRIVMSG: room (empty for a private one), nick, text
        Action,       // CTCP ACTION (/me): as Message
        Notice,       // NOTICE: as Message; from the server when nick is empty
        Join,         // nick joined room (self: we did)
        Part,         // nick left room, text the reason
        Quit,         // nick quit, text the reason; rooms: those it was in with us
        Kick,         // nick kicked target from room, text the reason
        NickChange,   // nick is now target; rooms: those shared with us (self: ours)
        Topic,        // room's topic is text (set by nick; empty nick: as joined)
        Names,        // room's members (names, with their prefixes @ +), complete
        Mode,         // nick set text (the mode change) on room (or on a user)
        Away,         // self: text non-empty = we are away, empty = back (RPL_NOWAWAY/UNAWAY)
        Invite,       // nick invites us to room
        Lag,          // lag: time from our PING to its PONG
        ServerText,   // informational text from the server (numerics it has no kind for;
                      // not the welcome burst's details: RPL_YOURHOST..MYINFO, LUSERS)
        Motd,         // one line of the message of the day, text without its "- " (none at
                      // all when the server has none: ERR_NOMOTD is not shown)
        Error,        // a refusal (numeric and text), or ERROR from the server
        // The typed answers.
        NickRefused,     // the server refused nick (ours, or one asked for with setNick):
                         // refusal says why, text in the server's words. While registering,
                         // target is the nick tried instead (empty: none, the attempt ends);
                         // once registered our nick stays what it was.
        PasswordRefused, // the server password (PASS) is wrong or missing: text; the
                         // connection ends and is not retried.
        AwayReply,       // nick is away: text (RPL_AWAY to our message or invitation;
                         // inside a WHOIS it is in the Whois event instead)
        Whois,           // whois: the reply to whois(), complete (found false: no such nick)
        OperatorGranted, // we are an IRC operator now (RPL_YOUREOPER): text
        OperatorRefused, // OPER refused (wrong name or password, or no operators here): text
        MemberAway,      // nick (self too) went away (away true; text if known) or came
                         // back; rooms: the rooms where its mark changed. Only on a change.
        MemberChanged,   // nick's user@host (CHGHOST) or real name (SETNAME) changed; rooms:
                         // the rooms it shares with us (their members carry the new values)
        WatchedOnline,   // a watched nick (MONITOR) is online: nick, target "nick!user@host"
        WatchedOffline,  // a watched nick is not online (now, or any more): nick
        HistoryEnd,      // the server's history of target (a room or a nick) has been replayed
                         // (its lines came as Message/Notice/Action with history set); count:
                         // how many lines it brought, in all its pieces (0 too when the server
                         // refused: an Error with its words comes first)
        TlsReady,        // the TLS handshake ended: tlsInfo() has the version, cipher and the
                         // host's fingerprint; text "TLSv1.3, TLS_AES_256_GCM_SHA384"
        WhoList,         // the reply to who(target): whoList, complete (empty when nobody
                         // matched or the server refused: an Error says why)
        Dcc,             // a DCC request from nick (CTCP DCC in a PRIVMSG or NOTICE, not our
                         // own): ctcp is its text as it came ("DCC SEND ...", bytes), target
                         // the sender's user@host as the server shows it (DCC offers are
                         // checked against its host). For dcc::DccManager (dcc_transfer.h).
    };
    Kind kind = Kind::ServerText;
    ClientState state = ClientState::Disconnected;
    std::string room;
    std::string nick;
    std::string target;
    std::string text; // always valid UTF-8 (Latin-1/CP1252 decoded when it was not)
    std::vector<std::string> names;
    std::vector<std::string> rooms;
    int numeric = 0;
    std::string ctcp;      // Dcc: the request's text
    std::string msgid;     // the IRCv3 msgid tag, when the server gives one
    bool self = false;     // the event concerns us (our message echoed, our join, ...)
    bool history = false;  // a line the server replays from its history (draft/chathistory)
    std::size_t count = 0; // HistoryEnd; WhoList: people matched beyond the 1000 listed
    bool away = false;     // MemberAway: away (true) or back
    NickRefusal refusal = NickRefusal::InUse;             // NickRefused
    std::shared_ptr<const WhoisReply> whois;              // Whois
    std::shared_ptr<const std::vector<WhoEntry>> whoList; // WhoList
    NetError error; // StateChanged: why the connection ended (empty: in order)
    std::chrono::milliseconds lag{0};
    std::chrono::milliseconds retryIn{0}; // StateChanged to Waiting
    // When it happened: server-time when the server sends it, else when it arrived.
    std::chrono::system_clock::time_point time;
};

struct RoomMember
{
    std::string nick;
    std::string prefix;   // every prefix it has, highest first: "@+" operator and voiced, "" none
    bool away = false;    // marked away (WHO, away-notify, RPL_AWAY; for us: AWAY)
    std::string userHost; // "user@host" once known (JOIN, userhost-in-names, WHO, CHGHOST)
    std::string realName; // once known (extended-join, WHO, SETNAME)
};

struct JoinedRoom
{
    std::string name;
    std::string topic;
    std::vector<RoomMember> members; // sorted by nick, folded with the server's case mapping
};

class IrcClient
{
public:
    using Handler = std::function<void(const ClientEvent&)>;

    // Loop thread for everything. Destroying the client closes the connection at once.
    IrcClient(EventLoop& loop, ClientConfig config, Handler handler);
    ~IrcClient();
    IrcClient(const IrcClient&) = delete;
    IrcClient& operator=(const IrcClient&) = delete;

    // Connects (and registers). Again after disconnect(): a new session.
    void connect();
    // Sends QUIT (after what is queued) and closes gracefully; no reconnect.
    void disconnect(const std::string& reason = {});

    // Text to a room or a nick. Long text is split below the line limit on UTF-8 boundaries,
    // lines in it are sent one by one; all is paced under the flood limits. Without
    // echo-message the client reports its own message itself (self = true).
    void sendMessage(const std::string& target, std::string_view text);
    void sendAction(const std::string& target, std::string_view text);
    void sendNotice(const std::string& target, std::string_view text);
    // The operations: each sends one command (paced like everything else) and names the
    // events that answer it. A refusal the server gives is an Error (numeric, text; target the
    // nick or room concerned, room set for a room) unless a typed event is named.
    //
    // JOIN room [key]: answered by Join (self), Topic, Names; the engine then asks WHO room.
    void join(const std::string& room, const std::string& key = {});
    // PART room [:reason]: answered by Part (self). The room is not rejoined after a reconnect.
    void part(const std::string& room, const std::string& reason = {});
    // NICK nick: answered by NickChange (self), or NickRefused (our nick stays). While
    // registering it replaces the nick asked for.
    void setNick(const std::string& nick);
    // TOPIC room :topic: answered by Topic (nick: us).
    void setTopic(const std::string& room, const std::string& topic);
    // TOPIC room: answered by Topic (nick empty).
    void requestTopic(const std::string& room);
    // AWAY :text, or AWAY (back) when text is empty: answered by Away (self) and MemberAway
    // (self) for the rooms. Kept over a reconnect (sent again once registered).
    void setAway(const std::string& text);
    // WHOIS nick: answered by one Whois event (found false: no such nick).
    void whois(const std::string& nick);
    // KICK room nick [:reason]: answered by Kick (room operators only, else an Error).
    void kick(const std::string& room, const std::string& nick, const std::string& reason = {});
    // MODE room +b mask / -b mask: answered by Mode. A nick alone is banned as nick!*@*
    // (banMask()).
    void ban(const std::string& room, const std::string& nickOrMask);
    void unban(const std::string& room, const std::string& nickOrMask);
    // OPER name password: answered by OperatorGranted (and a Mode +o on us) or OperatorRefused.
    void oper(const std::string& name, const std::string& password);
    // MODE target [modes [args...]] (a room or our nick; no modes: ask for the current ones):
    // answered by Mode, or the server's text (ServerText: RPL_CHANNELMODEIS, RPL_UMODEIS).
    void setMode(const std::string& target, const std::string& modes = {},
                 const std::vector<std::string>& args = {});
    // INVITE nick room: answered by the server's text (RPL_INVITING as ServerText), or
    // AwayReply when nick is away, or an Error.
    void invite(const std::string& nick, const std::string& room);
    // NAMES room: answered by Names (and the room's members updated).
    void requestNames(const std::string& room);
    // LIST [mask]: the rooms (all, or those matching), answered by the server's text
    // (RPL_LIST as ServerText, one line a room).
    void requestList(const std::string& mask = {});
    // CHATHISTORY (when the server offers draft/chathistory): what was said in `target` (a room
    // we are in, or a nick) after `after`, or its latest lines if not given, in pieces of the
    // server's size up to 1000 lines; answered by Message/Notice/Action events with history
    // set, then HistoryEnd. False (and nothing sent) if the server has no history.
    bool requestHistory(const std::string& target,
                        std::optional<std::chrono::system_clock::time_point> after = {});
    // The nicks to watch (replacing the list): told to the server at once where it has MONITOR,
    // and again after every reconnect; answered by WatchedOnline/WatchedOffline for each.
    void setWatched(std::vector<std::string> nicks);
    // Whether the server has MONITOR (ISUPPORT MONITOR), once its ISUPPORT has come.
    bool canWatch() const;
    // WHO room (or nick): refreshes who is away there; answered by MemberAway for each change
    // (nothing is shown: the engine does this itself after joining a room).
    void requestWho(const std::string& mask);
    // WHO mask, for the user (/who): answered by one WhoList event (members' marks updated
    // too). At most 1000 people are listed; WhoList's count says how many more matched.
    void who(const std::string& mask);
    // A CTCP request (PRIVMSG) or reply (NOTICE) to target: body between the \x01s, for
    // netcore's own protocols on top of IRC (dcc::DccManager). Paced like everything else.
    void sendCtcp(const std::string& target, std::string_view body);
    void sendCtcpReply(const std::string& target, std::string_view body);
    // A raw line (without CRLF), paced like everything else: for a line the user typed
    // (/quote). Everything else has an operation above.
    void sendRaw(std::string_view line);

    ClientState state() const;
    const std::string& nick() const; // the nick we have (or are asking for)
    // The rooms we are in, by name folded with caseMapping().
    const std::map<std::string, JoinedRoom>& rooms() const;
    const JoinedRoom* room(std::string_view name) const;
    // The server's CASEMAPPING (rfc1459 until its ISUPPORT says), and a name folded with it:
    // two nicks or room names are the same when their folds are equal.
    CaseMapping caseMapping() const;
    std::string fold(std::string_view name) const;
    // Whether `target` names a room here (ISUPPORT CHANTYPES), not a nick.
    bool isRoomName(std::string_view target) const;
    // Whether we are marked away on this server, and the text we gave (as the server
    // confirmed it: RPL_NOWAWAY / RPL_UNAWAY).
    bool isAway() const;
    const std::string& awayText() const;
    // Whether the server made us an IRC operator (RPL_YOUREOPER, user mode +o).
    bool isOperator() const;
    std::chrono::milliseconds lag() const;
    // Capabilities the server acknowledged.
    const std::vector<std::string>& capabilities() const;
    // Lines waiting for the flood limiter.
    std::size_t queuedLines() const;
    SocketAddress peerAddress() const;
    // Our end of the connection: the address the server sees us come from (on a LAN).
    SocketAddress localAddress() const;
    // From the server's ISUPPORT (005): its NETWORK name, and a LanChat host's stable HOSTID
    // ("" until known, or when the server has none).
    const std::string& network() const;
    const std::string& hostId() const;
    // The FILEHOST upload URL the server advertises in ISUPPORT (soju.im/FILEHOST or
    // draft/FILEHOST, \xHH escapes undone; netcore/irc/filehost_client.h uploads to it), ""
    // when it has none. Like the rest of ISUPPORT it is forgotten when a new connection begins
    // and known again once the server's 005 lines have come.
    const std::string& fileHostUrl() const;
    // The TLS session of the current connection, or of the last one (a refused certificate's
    // fingerprint too); nullopt without TLS or before a handshake got that far.
    std::optional<TlsInfo> tlsInfo() const;
    // The trace id of the current connection's socket (0 when not connected).
    SocketId socketId() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// Text for the user from bytes off the wire: kept when it is valid UTF-8, else decoded as
// Windows-1252 (Latin-1 with the printable 0x80-0x9F of Western Windows clients).
std::string decodeText(std::string_view bytes);
bool isValidUtf8(std::string_view bytes);
// Text as a person should see it: IRC formatting codes (bold, colours, ...) removed, other
// control characters (C0, DEL, C1; ESC among them, which could drive a terminal) shown as
// U+FFFD, tabs as spaces.
std::string displayText(std::string_view text);
// Splits text into pieces of at most `maxBytes` bytes each, never inside a UTF-8 character,
// preferring to break after a space in the piece's second half; line ends split too and empty
// lines are dropped.
std::vector<std::string> splitText(std::string_view text, std::size_t maxBytes);
// The ban mask for a nick ("bob" -> "bob!*@*"); a mask (with '!' or '@') stays as it is.
std::string banMask(std::string_view nickOrMask);

} // namespace netcore::irc
