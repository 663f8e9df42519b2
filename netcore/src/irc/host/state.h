// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The host's model: its users (Client), its rooms (Room) and who is in which with which rights
// (Member), held by one World. Nothing here sends: the sender and the command families act on
// this model. The names live in hostimpl, private to the host engine, so that they never meet
// another Client or Room elsewhere in netcore::irc.

#include "netcore/irc/casemapping.h"
#include "netcore/irc/message.h"
#include "netcore/tcp.h"
#include "netcore/token_bucket.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace netcore::irc::hostimpl {

using Clock = std::chrono::steady_clock;

// How the host tells two nicks or two room names apart; ISUPPORT's CASEMAPPING is taken from
// this same constant.
inline constexpr CaseMapping kCaseMapping = CaseMapping::Ascii;

inline std::string fold(std::string_view name)
{
    return foldCase(name, kCaseMapping);
}
inline bool sameName(std::string_view a, std::string_view b)
{
    return equalsFolded(a, b, kCaseMapping);
}

// The IRCv3 capabilities a client can ask for (CAP REQ); their names are in caps.cpp.
enum Cap : unsigned
{
    CapServerTime = 1u << 0,
    CapMessageTags = 1u << 1,
    CapEchoMessage = 1u << 2,
    CapMultiPrefix = 1u << 3,
    CapAwayNotify = 1u << 4,
    CapExtendedJoin = 1u << 5,
    CapUserhostInNames = 1u << 6,
    CapCapNotify = 1u << 7,
    CapChghost = 1u << 8,
    CapSetname = 1u << 9,
    CapInviteNotify = 1u << 10,
    CapBatch = 1u << 11,
    CapLabeledResponse = 1u << 12,
    CapStandardReplies = 1u << 13,
    CapExtendedMonitor = 1u << 14,
    CapChathistory = 1u << 15, // offered only when the host keeps history
};

struct Room;

struct Client
{
    SocketId id = 0;
    std::shared_ptr<TcpConnection> connection;
    LineReader reader;
    std::string nick; // "" until NICK
    std::string user;
    std::string realName;
    std::string host; // the peer's IP, as text
    std::string password;
    bool tls = false;   // came on the TLS port
    bool spoke = false; // sent anything yet
    bool registered = false;
    bool capNegotiating = false; // CAP LS/REQ seen and no CAP END yet: registration waits
    int capVersion = 0;          // "CAP LS 302": 302
    unsigned caps = 0;
    std::string away;
    bool oper = false;
    bool invisible = false; // +i
    bool wallops = false;   // +w: receives WALLOPS
    bool bot = false;       // +B: marked as a bot (WHO flag B, bot tag)
    std::vector<Room*> rooms;

    Clock::time_point connectedAt;
    Clock::time_point lastActivity;
    std::int64_t signonAt = 0;           // unix seconds of registration (WHOIS)
    std::vector<std::string> monitoring; // MONITOR list, as given (folded in World::watchers)
    bool pingPending = false;
    Clock::time_point pingSentAt;

    TokenBucket flood; // lines it may send; those beyond wait unread
    bool floodPaused = false;
    std::optional<Clock::time_point> overSoftSince;
    bool leaving = false;
    bool doomed = false; // its connection failed: to be dropped on the next turn
    bool queueCheckScheduled = false;

    Client(const Limits& limits, std::size_t maxUnterminated)
        : reader(limits, maxUnterminated)
    {}

    std::string mask() const { return nick + "!" + (user.empty() ? "*" : user) + "@" + host; }
    // The nick replies are addressed to ("*" before NICK).
    const std::string& target() const;
};

struct Member
{
    bool op = false;
    bool voice = false;
    // "@" for an operator, "+" for a voiced member, "" otherwise (NAMES, WHO, WHOIS); with
    // `all` (multi-prefix) every prefix the member has, highest first ("@+").
    const char* prefix(bool all = false) const
    {
        if (all && op && voice)
            return "@+";
        return op ? "@" : voice ? "+" : "";
    }
};

struct Room
{
    std::string name;
    std::string topic;
    std::string topicBy;
    std::int64_t topicAt = 0;
    std::int64_t createdAt = 0;
    bool noExternal = true;   // +n
    bool topicLock = true;    // +t
    bool moderated = false;   // +m
    bool inviteOnly = false;  // +i
    bool secret = false;      // +s: not in LIST, NAMES, WHO or WHOIS for those outside
    bool privateRoom = false; // +p: as +s for LIST, shown as private ("*") in NAMES
    std::size_t limit = 0;    // +l: at most this many members; 0: no limit
    std::string key;          // +k
    std::vector<std::string> bans;
    std::vector<std::string> invited; // folded nicks INVITEd, each until it joins
    std::vector<Client*> order;       // join order, for NAMES and WHO
    std::unordered_map<Client*, Member> members;

    Member* member(Client* c)
    {
        const auto it = members.find(c);
        return it == members.end() ? nullptr : &it->second;
    }
    // Whether a ban mask matches the client's nick!user@host.
    bool isBanned(const Client& c) const;
    // "+imnpstkl" and, if `withArguments`, " key limit" (RPL_CHANNELMODEIS).
    std::string modeText(bool withArguments) const;
    // Whether the room may be seen by `c` in LIST, NAMES, WHO and WHOIS: not +s/+p, or `c`
    // is in it.
    bool visibleTo(Client* c) const { return !(secret || privateRoom) || members.count(c); }
    // NAMES' room symbol: "@" secret, "*" private, "=" public.
    const char* symbol() const { return secret ? "@" : privateRoom ? "*" : "="; }
};

// Someone who left or changed nick (WHOWAS).
struct Departed
{
    std::string nick;
    std::string user;
    std::string host;
    std::string realName;
    std::string when; // readable time
};

// Every client and every room, found by id, by nick and by room name (folded).
class World
{
public:
    explicit World(std::string defaultRoom)
        : m_defaultRoom(std::move(defaultRoom))
    {}

    std::unordered_map<SocketId, std::unique_ptr<Client>> clients;
    std::unordered_map<std::string, Client*> nicks;     // folded nick
    std::map<std::string, std::unique_ptr<Room>> rooms; // folded name, sorted for LIST
    std::deque<Departed> departed;                      // oldest first, bounded (WHOWAS)
    std::size_t peakUsers = 0; // the most registered users at once (LUSERS)
    // Called with a room's folded name when it ends (its last member left).
    std::function<void(const std::string&)> roomEnded;
    // MONITOR: folded nick -> those who watch it.
    std::unordered_map<std::string, std::vector<Client*>> watchers;

    Client* find(SocketId id);
    Client* findNick(std::string_view nick);
    Room* findRoom(std::string_view name);

    Room* createRoom(const std::string& name);
    void addMember(Room& r, Client& c, bool op);
    // Out of the room; a room left empty goes, except the default room.
    void removeMember(Room& r, Client& c);
    void setNick(Client& c, const std::string& nick);
    // Its nick is free again (the client is leaving).
    void releaseNick(Client& c);
    // Remembers `c` under its present nick for WHOWAS, keeping at most `limit` entries.
    void remember(const Client& c, std::size_t limit);
    // Everyone who shares a room with `c` (each once), and `c` itself first if `self`.
    std::vector<Client*> audience(Client& c, bool self);

private:
    std::string m_defaultRoom;
};

// Seconds since 1970 (room creation and topic times).
std::int64_t unixSeconds();
// "a,b,,c" -> {"a", "b", "c"}: IRC's comma lists, without empty items.
std::vector<std::string> splitList(std::string_view text);

} // namespace netcore::irc::hostimpl
