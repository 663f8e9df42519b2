// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The IRC client engine: one connection to any IRC server (a LanChat host, ngircd, ...), on one
// EventLoop (all of it runs in the loop's thread). It registers (CAP LS 302 / REQ / END where
// the server offers capabilities, plain NICK/USER where it does not), answers PINGs and measures
// its own lag, turns what the server says into typed events, keeps the rooms it is in with their
// members and topics, splits long text below the line limit on UTF-8 boundaries, paces its own
// sending under the server's flood limits, notices a dead link by its own PING timeout, and
// reconnects with back-off, regaining its nick and rejoining its rooms.
//
//   Disconnected -> Connecting -> Registering -> Registered -> (Closing) -> Disconnected
//                        ^                                            |
//                        +------- Waiting (back-off before retry) <---+

#include "netcore/address.h"
#include "netcore/error.h"
#include "netcore/trace.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
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
    // Requested when the server offers them.
    std::vector<std::string> capabilities = {"server-time", "message-tags", "echo-message"};
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
    // How often the engine looks at its timers (pacing, pings, timeouts).
    std::chrono::milliseconds tick{100};
    // Replaces getaddrinfo (tests). Optional.
    std::function<ResolveResult(const std::string& host, std::uint16_t port)> resolver;
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

struct ClientEvent
{
    enum class Kind
    {
        StateChanged, // state; error/text say why (a lost link, a refusal)
        Registered,   // 001: nick is ours; text is the welcome
        NickInUse,    // while registering: nick was taken, target is what we try instead
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
        Away,         // self: text non-empty = we are away, empty = back; else nick is away
        Invite,       // nick invites us to room
        Lag,          // lag: time from our PING to its PONG
        ServerText,   // informational text from the server (MOTD, WHOIS, other numerics)
        Error,        // a refusal (numeric and text), or ERROR from the server
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
    std::string msgid; // the IRCv3 msgid tag, when the server gives one
    bool self = false; // the event concerns us (our message echoed, our join, ...)
    NetError error;    // StateChanged: why the connection ended (empty: in order)
    std::chrono::milliseconds lag{0};
    std::chrono::milliseconds retryIn{0}; // StateChanged to Waiting
    // When it happened: server-time when the server sends it, else when it arrived.
    std::chrono::system_clock::time_point time;
};

struct RoomMember
{
    std::string nick;
    std::string prefix; // "@" operator, "+" voice, "" neither
};

struct JoinedRoom
{
    std::string name;
    std::string topic;
    std::vector<RoomMember> members; // sorted by folded nick
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
    void join(const std::string& room, const std::string& key = {});
    void part(const std::string& room, const std::string& reason = {});
    void setNick(const std::string& nick);
    void setTopic(const std::string& room, const std::string& topic);
    void requestTopic(const std::string& room);
    void setAway(const std::string& text); // empty: back
    // A raw line (without CRLF), paced like everything else; for /quote and WHOIS, NAMES ...
    void sendRaw(std::string_view line);

    ClientState state() const;
    const std::string& nick() const;                        // the nick we have (or are asking for)
    const std::map<std::string, JoinedRoom>& rooms() const; // by folded name
    const JoinedRoom* room(std::string_view name) const;
    std::chrono::milliseconds lag() const;
    // Capabilities the server acknowledged.
    const std::vector<std::string>& capabilities() const;
    // Lines waiting for the flood limiter.
    std::size_t queuedLines() const;
    SocketAddress peerAddress() const;
    // From the server's ISUPPORT (005): its NETWORK name, and a LanChat host's stable HOSTID
    // ("" until known, or when the server has none).
    const std::string& network() const;
    const std::string& hostId() const;
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

} // namespace netcore::irc
