// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/irc/host.h"

#include "netcore/event_loop.h"
#include "netcore/irc/message.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace netcore::irc {

namespace {

using Clock = std::chrono::steady_clock;

// How often the host looks at every client's ping and send-queue timers.
constexpr std::chrono::milliseconds HousekeepingInterval{1000};
// After stop(), clients get this long to take their ERROR line before they are cut off.
constexpr std::chrono::milliseconds StopGrace{2000};

enum Cap : unsigned
{
    CapServerTime = 1u << 0,
    CapMessageTags = 1u << 1,
    CapEchoMessage = 1u << 2,
};

struct CapName
{
    Cap cap;
    const char* name;
};
constexpr CapName kCaps[] = {
    {CapServerTime, "server-time"},
    {CapMessageTags, "message-tags"},
    {CapEchoMessage, "echo-message"},
};

std::int64_t unixSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "2026-11-23T05:00:00.123Z" (IRCv3 server-time), without gmtime (not thread-safe everywhere).
std::string isoTimeNow()
{
    using namespace std::chrono;
    const auto now = floor<milliseconds>(system_clock::now());
    const auto day = floor<days>(now);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> time{now - day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(time.hours().count()),
                  int(time.minutes().count()), int(time.seconds().count()),
                  int(time.subseconds().count()));
    return text;
}

// Ban masks: '*' any run, '?' one character, ASCII case-insensitive.
bool maskMatches(std::string_view mask, std::string_view text)
{
    std::size_t m = 0, t = 0, star = std::string_view::npos, mark = 0;
    auto same = [](char a, char b) {
        if (a >= 'A' && a <= 'Z')
            a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = static_cast<char>(b - 'A' + 'a');
        return a == b;
    };
    while (t < text.size()) {
        if (m < mask.size() && (mask[m] == '?' || same(mask[m], text[t]))) {
            ++m;
            ++t;
        } else if (m < mask.size() && mask[m] == '*') {
            star = m++;
            mark = t;
        } else if (star != std::string_view::npos) {
            m = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (m < mask.size() && mask[m] == '*')
        ++m;
    return m == mask.size();
}

std::vector<std::string> splitList(std::string_view text)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string_view item = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (!item.empty())
            items.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return items;
}

} // namespace

bool isValidNick(std::string_view nick, std::size_t maxLength)
{
    if (nick.empty() || nick.size() > maxLength)
        return false;
    if ((nick.front() >= '0' && nick.front() <= '9') || nick.front() == '-')
        return false;
    for (const char c : nick) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            return false;
        if (std::string_view(" ,*?!@:#&").find(c) != std::string_view::npos)
            return false;
    }
    return true;
}

bool isValidRoomName(std::string_view name, std::size_t maxLength)
{
    if (name.size() < 2 || name.size() > maxLength || name.front() != '#')
        return false;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == ' ' || c == ',' || c == ':')
            return false;
    }
    return true;
}

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
    bool registered = false;
    bool capNegotiating = false; // CAP LS/REQ seen and no CAP END yet: registration waits
    unsigned caps = 0;
    std::string away;
    bool oper = false;
    std::vector<Room*> rooms;

    Clock::time_point connectedAt;
    Clock::time_point lastActivity;
    bool pingPending = false;
    Clock::time_point pingSentAt;

    double tokens = 0;
    Clock::time_point tokensAt;
    bool floodPaused = false;
    std::optional<Clock::time_point> overSoftSince;
    bool leaving = false;
    bool doomed = false; // its connection failed: to be dropped on the next turn
    bool queueCheckScheduled = false;

    Client(const Limits& limits, std::size_t maxUnterminated)
        : reader(limits, maxUnterminated)
    {}

    std::string mask() const { return nick + "!" + (user.empty() ? "*" : user) + "@" + host; }
    const std::string& target() const
    {
        static const std::string star = "*";
        return nick.empty() ? star : nick;
    }
};

struct Member
{
    bool op = false;
    bool voice = false;
};

struct Room
{
    std::string name;
    std::string topic;
    std::string topicBy;
    std::int64_t topicAt = 0;
    std::int64_t createdAt = 0;
    bool noExternal = true; // +n
    bool topicLock = true;  // +t
    bool moderated = false; // +m
    std::string key;        // +k
    std::vector<std::string> bans;
    std::vector<Client*> order; // join order, for NAMES and WHO
    std::unordered_map<Client*, Member> members;

    Member* member(Client* c)
    {
        const auto it = members.find(c);
        return it == members.end() ? nullptr : &it->second;
    }
    std::string modeText(bool withKey) const
    {
        std::string modes = "+";
        if (moderated)
            modes += 'm';
        if (noExternal)
            modes += 'n';
        if (topicLock)
            modes += 't';
        if (!key.empty())
            modes += 'k';
        if (!key.empty() && withKey)
            modes += " " + key;
        return modes;
    }
};

struct IrcHost::Impl
{
    EventLoop& loop;
    HostConfig config;
    Events events;
    Limits limits;
    std::unique_ptr<TcpListener> listener;
    std::unordered_map<SocketId, std::unique_ptr<Client>> clients;
    std::unordered_map<std::string, Client*> nicks;     // folded nick
    std::map<std::string, std::unique_ptr<Room>> rooms; // folded name, sorted for LIST
    std::unordered_map<std::string, std::size_t> perAddress;
    // Connections closing gracefully after their client was removed: kept until closed.
    std::unordered_map<SocketId, std::shared_ptr<TcpConnection>> leaving;
    // Clients sent to in this turn of the loop, whose send queue is judged at its end.
    std::vector<SocketId> queueChecks;
    std::optional<EventLoop::TimerId> housekeeping;
    std::int64_t startedAt = unixSeconds();
    std::string createdText;
    bool running = false;
    bool stopping = false;
    std::string stopReason;
    std::size_t maxSeenClients = 0;
    bool destroying = false;
    // Timers and posted work hold a weak reference: they do nothing once the host is gone.
    std::shared_ptr<int> alive = std::make_shared<int>(0);

    template <typename F> auto guarded(F f)
    {
        return [weak = std::weak_ptr<int>(alive), f = std::move(f)]() mutable {
            if (weak.lock())
                f();
        };
    }

    Impl(EventLoop& l, HostConfig c, Events e)
        : loop(l)
        , config(std::move(c))
        , events(std::move(e))
    {
        limits.maxLine = config.maxLine;
    }

    void log(const std::string& text)
    {
        if (events.log)
            events.log(text);
    }

    // --- sending ------------------------------------------------------------------------------

    // Tags for one recipient: server-time if it asked for it, client tags if message-tags.
    std::string tagsFor(const Client& c, const std::string& time,
                        const std::vector<Tag>& clientTags) const
    {
        std::vector<Tag> tags;
        if (c.caps & CapServerTime)
            tags.push_back({"time", time});
        if (c.caps & CapMessageTags)
            tags.insert(tags.end(), clientTags.begin(), clientTags.end());
        if (tags.empty())
            return {};
        Message carrier;
        carrier.tags = std::move(tags);
        carrier.command = "X";
        std::string line = format(carrier);
        return line.substr(0, line.size() - 3); // "@... " without "X\r\n"
    }

    // One message to many: formatted once (plus once per tag variant), sent without blocking.
    struct Outgoing
    {
        Message message;
        std::vector<Tag> clientTags;
        std::string body;
        std::string time;
        std::string variants[8];
        bool built[8] = {};
    };

    Outgoing prepare(Message message, std::vector<Tag> clientTags = {})
    {
        Outgoing out;
        out.body = formatLimited(message, config.maxLine);
        out.message = std::move(message);
        out.clientTags = std::move(clientTags);
        return out; // the time is taken when a recipient first needs it (server-time)
    }

    void deliver(Client& c, Outgoing& out)
    {
        const unsigned variant = c.caps & (CapServerTime | CapMessageTags);
        if (!variant) {
            sendRaw(c, out.body);
            return;
        }
        if (!out.built[variant]) {
            if (out.time.empty())
                out.time = isoTimeNow();
            out.variants[variant] = tagsFor(c, out.time, out.clientTags) + out.body;
            out.built[variant] = true;
        }
        sendRaw(c, out.variants[variant]);
    }

    void sendRaw(Client& c, const std::string& line)
    {
        if (c.leaving || c.doomed || !c.connection)
            return;
        c.connection->send(line);
        // What is queued is sent at the end of this turn of the loop; the queue is judged after
        // that, by what the client has not taken. One deferred task checks every client sent to
        // in this turn (it runs after the connections' flush, which was deferred first).
        if (!c.queueCheckScheduled) {
            c.queueCheckScheduled = true;
            if (queueChecks.empty()) {
                loop.deferToEndOfTurn(guarded([this] {
                    std::vector<SocketId> ids;
                    ids.swap(queueChecks); // checks may send (QUIT): those start a new batch
                    for (const SocketId id : ids) {
                        if (Client* client = find(id))
                            checkSendQueue(*client);
                    }
                    if (queueChecks.empty()) {
                        ids.clear();
                        queueChecks.swap(ids); // keep the capacity for the next turn
                    }
                }));
            }
            queueChecks.push_back(c.id);
        }
    }

    void checkSendQueue(Client& c)
    {
        c.queueCheckScheduled = false;
        if (c.leaving || !c.connection)
            return;
        const std::size_t queued = c.connection->outboundBytes();
        if (queued > config.sendQueueHard) {
            drop(c, "SendQ exceeded", false, true);
            return;
        }
        if (queued > config.sendQueueSoft) {
            if (!c.overSoftSince)
                c.overSoftSince = Clock::now();
        } else {
            c.overSoftSince.reset();
        }
    }

    void send(Client& c, Message message)
    {
        if (message.source.empty())
            message.source = config.serverName;
        Outgoing out = prepare(std::move(message));
        deliver(c, out);
    }

    // A numeric to one client: ":server NNN nick params... :text".
    void numeric(Client& c, const char* code, std::vector<std::string> params,
                 const std::string& text)
    {
        Message m;
        m.source = config.serverName;
        m.command = code;
        m.params.reserve(params.size() + 2);
        m.params.push_back(c.target());
        for (auto& p : params)
            m.params.push_back(std::move(p));
        m.params.push_back(text);
        m.trailing = true;
        send(c, std::move(m));
    }

    // "ERROR :text" (it carries no source).
    std::string errorLine(const std::string& text) const
    {
        Message m;
        m.command = "ERROR";
        m.params = {text};
        m.trailing = true;
        return formatLimited(m, config.maxLine);
    }

    // Everyone who shares a room with `c` (each once), and `c` itself if `self`.
    std::vector<Client*> audience(Client& c, bool self)
    {
        std::vector<Client*> list;
        std::unordered_set<Client*> seen;
        if (self) {
            list.push_back(&c);
            seen.insert(&c);
        }
        for (Room* r : c.rooms) {
            for (Client* member : r->order) {
                if (seen.insert(member).second)
                    list.push_back(member);
            }
        }
        return list;
    }

    // --- connections --------------------------------------------------------------------------

    void accept(std::shared_ptr<TcpConnection> connection)
    {
        const std::string address = connection->peerAddress().ip();
        if (stopping) {
            connection->abort();
            return;
        }
        auto refuse = [&](const std::string& why) {
            log("refused " + connection->peerAddress().toString() + ": " + why);
            connection->start();
            connection->send(errorLine("Closing Link: " + address + " (" + why + ")"));
            connection->close();
            leaving[connection->id()] = connection;
            const SocketId id = connection->id();
            connection->setCloseHandler([this, id](TcpConnection&, const NetError&) {
                if (!destroying)
                    leaving.erase(id);
            });
        };
        if (clients.size() >= config.maxClients) {
            refuse("Too many clients: the host allows " + std::to_string(config.maxClients));
            return;
        }
        if (perAddress[address] >= config.maxClientsPerAddress) {
            refuse("Too many connections from your address (" +
                   std::to_string(config.maxClientsPerAddress) + ")");
            return;
        }
        auto owned = std::make_unique<Client>(limits, config.maxUnterminated);
        Client* c = owned.get();
        c->id = connection->id();
        c->connection = connection;
        c->host = address;
        c->connectedAt = c->lastActivity = c->tokensAt = Clock::now();
        c->tokens = config.floodBurst;
        ++perAddress[address];
        clients.emplace(c->id, std::move(owned));
        maxSeenClients = std::max(maxSeenClients, clients.size());

        const SocketId id = c->id;
        connection->setDataHandler([this, id](TcpConnection&, std::string_view data) {
            if (Client* client = find(id))
                received(*client, data);
        });
        connection->setPeerShutdownHandler([this, id](TcpConnection& conn) {
            if (Client* client = find(id))
                drop(*client, "Client closed the connection", false);
            else
                conn.close();
        });
        connection->setCloseHandler([this, id](TcpConnection&, const NetError& error) {
            if (destroying)
                return;
            leaving.erase(id);
            Client* client = find(id);
            if (!client)
                return;
            // A send to this client can fail in the middle of a broadcast (the member list is
            // being walked): never drop it from here; mark it and drop it on the next turn.
            client->doomed = true;
            const std::string reason =
                error ? "Connection lost: " + errorLabel(error.code) : "Connection closed";
            loop.post(guarded([this, id, reason] {
                if (Client* gone = find(id))
                    drop(*gone, reason, false);
            }));
        });
        connection->start();
        log("connection from " + connection->peerAddress().toString());
    }

    Client* find(SocketId id)
    {
        const auto it = clients.find(id);
        return it == clients.end() ? nullptr : it->second.get();
    }

    Client* findNick(std::string_view nick)
    {
        const auto it = nicks.find(foldCase(nick));
        return it == nicks.end() ? nullptr : it->second;
    }

    Room* findRoom(std::string_view name)
    {
        const auto it = rooms.find(foldCase(name));
        return it == rooms.end() ? nullptr : it->second.get();
    }

    // The checks most room commands share; each answers the error itself and returns nullptr.
    Room* roomOrError(Client& c, const std::string& name)
    {
        Room* r = findRoom(name);
        if (!r)
            numeric(c, "403", {name}, "No such channel");
        return r;
    }

    const Member* memberOrError(Client& c, Room& r)
    {
        const Member* me = r.member(&c);
        if (!me)
            numeric(c, "442", {r.name}, "You're not on that channel");
        return me;
    }

    const Member* operatorOrError(Client& c, Room& r)
    {
        const Member* me = memberOrError(c, r);
        if (me && !me->op) {
            numeric(c, "482", {r.name}, "You're not channel operator");
            return nullptr;
        }
        return me;
    }

    // Removes a client: QUIT to those who shared a room (once each), out of every room, and a
    // graceful close (after an ERROR line if `tellClient`).
    void drop(Client& c, const std::string& reason, bool tellClient, bool abortive = false)
    {
        if (c.leaving)
            return;
        c.leaving = true;
        if (tellClient && c.connection)
            c.connection->send(errorLine("Closing Link: " + c.host + " (" + reason + ")"));
        if (c.registered) {
            Message quit;
            quit.source = c.mask();
            quit.command = "QUIT";
            quit.params = {reason};
            quit.trailing = true;
            Outgoing out = prepare(std::move(quit));
            for (Client* other : audience(c, false))
                deliver(*other, out);
            log(c.nick + " left (" + reason + ")");
        }
        for (Room* r : std::vector<Room*>(c.rooms))
            removeMember(*r, c);
        if (!c.nick.empty()) {
            const auto it = nicks.find(foldCase(c.nick));
            if (it != nicks.end() && it->second == &c)
                nicks.erase(it);
        }
        if (--perAddress[c.host] == 0)
            perAddress.erase(c.host);
        std::shared_ptr<TcpConnection> connection = std::move(c.connection);
        const SocketId id = c.id;
        clients.erase(id); // c is gone from here on
        if (connection && connection->state() != SocketState::Closed) {
            leaving[id] = connection;
            if (abortive)
                connection->abort(); // a client that does not read would not take a FIN either
            else
                connection->close();
        }
        if (stopping && clients.empty())
            finishStop();
    }

    void received(Client& c, std::string_view data)
    {
        c.lastActivity = Clock::now();
        if (!c.reader.feed(data)) {
            drop(c,
                 "Line too long: more than " + std::to_string(config.maxUnterminated) +
                     " bytes without a line end",
                 true);
            return;
        }
        processLines(c);
    }

    void refill(Client& c)
    {
        const auto now = Clock::now();
        const double seconds = std::chrono::duration<double>(now - c.tokensAt).count();
        c.tokens = std::min(config.floodBurst, c.tokens + seconds * config.floodLinesPerSecond);
        c.tokensAt = now;
    }

    void processLines(Client& c)
    {
        const SocketId id = c.id;
        const bool limited = config.floodLinesPerSecond > 0;
        if (limited)
            refill(c);
        for (;;) {
            if (limited && c.tokens < 1)
                break;
            auto line = c.reader.next();
            if (!line)
                break;
            if (limited)
                c.tokens -= 1;
            // The line's text lives in the reader until the next call: copy what is needed.
            const bool truncated = line->truncated;
            handleLine(c, line->text, truncated);
            if (!find(id))
                return; // the client is gone (QUIT, an error)
        }
        if (!limited)
            return;
        const std::size_t backlog = c.reader.completeLines();
        if (backlog == 0) {
            if (c.floodPaused) {
                c.floodPaused = false;
                c.connection->setReading(true);
            }
            return;
        }
        // Lines wait for tokens: stop reading (the rest waits in the kernel) and resume later.
        if (backlog > config.floodBacklogLines || c.reader.pending() > config.floodBacklogBytes) {
            drop(c, "Excess Flood", true);
            return;
        }
        if (!c.floodPaused) {
            c.floodPaused = true;
            c.connection->setReading(false);
        }
        const auto wait =
            std::chrono::duration<double>((1.0 - c.tokens) / config.floodLinesPerSecond);
        loop.runAfter(std::chrono::duration_cast<std::chrono::nanoseconds>(wait) +
                          std::chrono::milliseconds(1),
                      guarded([this, id] {
                          if (Client* client = find(id))
                              processLines(*client);
                      }));
    }

    // --- commands -----------------------------------------------------------------------------

    void handleLine(Client& c, std::string_view text, bool truncated)
    {
        const ParseResult parsed = parse(text, limits);
        if (truncated)
            numeric(c, "417", {},
                    "Input line was too long (cut at " + std::to_string(config.maxLine) +
                        " bytes)");
        if (!parsed.message) {
            switch (parsed.error) {
            case ParseError::Empty:
                return; // empty lines are ignored (RFC 2812)
            case ParseError::NulByte:
                drop(c, "Binary data: a NUL byte is not IRC", true);
                return;
            case ParseError::BadCommand:
            case ParseError::MissingCommand:
            case ParseError::BadTags:
                numeric(c, "421", {"*"},
                        std::string("Unknown command: ") + parseErrorText(parsed.error));
                return;
            case ParseError::None:
                return;
            }
            return;
        }
        const Message& m = *parsed.message;
        const std::string& cmd = m.command;

        // Before registration only these.
        if (!c.registered) {
            if (cmd == "CAP")
                return handleCap(c, m);
            if (cmd == "PASS")
                return handlePass(c, m);
            if (cmd == "NICK")
                return handleNick(c, m);
            if (cmd == "USER")
                return handleUser(c, m);
            if (cmd == "PING")
                return handlePing(c, m);
            if (cmd == "PONG")
                return handlePong(c);
            if (cmd == "QUIT")
                return handleQuit(c, m);
            numeric(c, "451", {}, "You have not registered");
            return;
        }
        using Handler = void (Impl::*)(Client&, const Message&);
        static const std::unordered_map<std::string, Handler> handlers = {
            {"CAP", &Impl::handleCap},         {"PASS", &Impl::handlePass},
            {"NICK", &Impl::handleNick},       {"USER", &Impl::handleUser},
            {"PING", &Impl::handlePing},       {"QUIT", &Impl::handleQuit},
            {"JOIN", &Impl::handleJoin},       {"PART", &Impl::handlePart},
            {"PRIVMSG", &Impl::handlePrivmsg}, {"NOTICE", &Impl::handleNotice},
            {"TAGMSG", &Impl::handleTagmsg},   {"NAMES", &Impl::handleNames},
            {"LIST", &Impl::handleList},       {"TOPIC", &Impl::handleTopic},
            {"WHO", &Impl::handleWho},         {"WHOIS", &Impl::handleWhois},
            {"MOTD", &Impl::handleMotd},       {"LUSERS", &Impl::handleLusers},
            {"AWAY", &Impl::handleAway},       {"MODE", &Impl::handleMode},
            {"KICK", &Impl::handleKick},       {"OPER", &Impl::handleOper},
            {"DIE", &Impl::handleDie},
        };
        if (cmd == "PONG")
            return handlePong(c);
        const auto it = handlers.find(cmd);
        if (it == handlers.end()) {
            numeric(c, "421", {cmd}, "Unknown command");
            return;
        }
        (this->*(it->second))(c, m);
    }

    bool needParams(Client& c, const Message& m, std::size_t count)
    {
        if (m.params.size() >= count)
            return true;
        numeric(c, "461", {m.command}, "Not enough parameters");
        return false;
    }

    void handleCap(Client& c, const Message& m)
    {
        const std::string sub = foldCase(m.param(0));
        std::string available;
        for (const auto& cap : kCaps)
            available += (available.empty() ? "" : " ") + std::string(cap.name);
        auto reply = [&](const char* what, const std::string& text) {
            Message r;
            r.command = "CAP";
            r.params = {c.target(), what, text};
            r.trailing = true;
            send(c, std::move(r));
        };
        if (sub == "ls") {
            if (!c.registered)
                c.capNegotiating = true;
            reply("LS", available);
        } else if (sub == "list") {
            std::string enabled;
            for (const auto& cap : kCaps) {
                if (c.caps & cap.cap)
                    enabled += (enabled.empty() ? "" : " ") + std::string(cap.name);
            }
            reply("LIST", enabled);
        } else if (sub == "req") {
            if (!c.registered)
                c.capNegotiating = true;
            unsigned add = 0, remove = 0;
            bool ok = true;
            std::string_view list = m.param(1);
            while (!list.empty()) {
                const auto space = list.find(' ');
                std::string_view name = list.substr(0, space);
                list =
                    space == std::string_view::npos ? std::string_view() : list.substr(space + 1);
                if (name.empty())
                    continue;
                const bool negate = name.front() == '-';
                if (negate)
                    name.remove_prefix(1);
                const auto found =
                    std::find_if(std::begin(kCaps), std::end(kCaps),
                                 [&](const CapName& cap) { return name == cap.name; });
                if (found == std::end(kCaps)) {
                    ok = false;
                    break;
                }
                (negate ? remove : add) |= found->cap;
            }
            if (ok) {
                // Acknowledged first: the capabilities apply to what follows the ACK.
                reply("ACK", m.param(1));
                c.caps = (c.caps | add) & ~remove;
            } else {
                reply("NAK", m.param(1));
            }
        } else if (sub == "end") {
            c.capNegotiating = false;
            tryRegister(c);
        } else {
            numeric(c, "410", {m.param(0)}, "Invalid CAP command");
        }
    }

    void handlePass(Client& c, const Message& m)
    {
        if (c.registered) {
            numeric(c, "462", {}, "You may not reregister");
            return;
        }
        if (!needParams(c, m, 1))
            return;
        c.password = m.param(0);
    }

    void handleNick(Client& c, const Message& m)
    {
        if (m.params.empty() || m.param(0).empty()) {
            numeric(c, "431", {}, "No nickname given");
            return;
        }
        const std::string& nick = m.param(0);
        if (!isValidNick(nick, config.nickLength)) {
            numeric(c, "432", {nick}, "Erroneous nickname");
            return;
        }
        Client* holder = findNick(nick);
        if (holder && holder != &c) {
            numeric(c, "433", {nick}, "Nickname is already in use");
            return;
        }
        if (nick == c.nick)
            return;
        const std::string old = c.nick;
        const std::string oldMask = c.mask();
        if (!old.empty())
            nicks.erase(foldCase(old));
        c.nick = nick;
        nicks[foldCase(nick)] = &c;
        if (c.registered) {
            Message change;
            change.source = oldMask;
            change.command = "NICK";
            change.params = {nick};
            change.trailing = true;
            Outgoing out = prepare(std::move(change));
            for (Client* other : audience(c, true))
                deliver(*other, out);
            log(old + " is now known as " + nick);
        } else {
            tryRegister(c);
        }
    }

    void handleUser(Client& c, const Message& m)
    {
        if (c.registered) {
            numeric(c, "462", {}, "You may not reregister");
            return;
        }
        if (m.params.size() < 4 || m.param(0).empty()) {
            numeric(c, "461", {"USER"}, "Not enough parameters");
            return;
        }
        std::string user = m.param(0);
        if (user.size() > 16)
            user.resize(16);
        std::replace_if(
            user.begin(), user.end(), [](char ch) { return ch == '@' || ch == '!'; }, '_');
        c.user = "~" + user; // not verified by ident
        c.realName = m.param(3);
        tryRegister(c);
    }

    void tryRegister(Client& c)
    {
        if (c.registered || c.nick.empty() || c.user.empty() || c.capNegotiating)
            return;
        if (!config.password.empty() && c.password != config.password) {
            numeric(c, "464", {}, "Password incorrect");
            drop(c, "Bad password", true);
            return;
        }
        c.registered = true;
        log(c.nick + " registered from " + c.host);
        numeric(c, "001", {}, "Welcome to the " + config.networkName + " IRC network, " + c.mask());
        numeric(c, "002", {}, "Your host is " + config.serverName + ", running LanChat");
        numeric(c, "003", {}, "This server was created " + createdText);
        {
            Message m;
            m.source = config.serverName;
            m.command = "004";
            m.params = {c.nick, config.serverName, "lanchat", "io", "bkmntov"};
            send(c, std::move(m));
        }
        std::vector<std::string> tokens = {
            "CASEMAPPING=ascii",
            "CHANMODES=b,k,,mnt",
            "CHANTYPES=#",
            "CHANNELLEN=" + std::to_string(config.roomLength),
            "NICKLEN=" + std::to_string(config.nickLength),
            "TOPICLEN=" + std::to_string(config.topicLength),
            "PREFIX=(ov)@+",
            "NETWORK=" + config.networkName,
        };
        if (!config.hostId.empty())
            tokens.push_back("HOSTID=" + config.hostId);
        numeric(c, "005", tokens, "are supported by this server");
        sendLusers(c);
        sendMotd(c);
    }

    void handlePing(Client& c, const Message& m)
    {
        if (m.params.empty() || m.param(0).empty()) {
            numeric(c, "409", {}, "No origin specified");
            return;
        }
        Message pong;
        pong.command = "PONG";
        pong.params = {config.serverName, m.param(0)};
        pong.trailing = true;
        send(c, std::move(pong));
    }

    void handlePong(Client& c) { c.pingPending = false; }

    void handleQuit(Client& c, const Message& m)
    {
        const std::string reason =
            m.params.empty() ? std::string("Client Quit") : "Quit: " + m.param(0);
        drop(c, reason, true);
    }

    void handleJoin(Client& c, const Message& m)
    {
        if (!needParams(c, m, 1))
            return;
        if (m.param(0) == "0") {
            for (Room* r : std::vector<Room*>(c.rooms))
                part(c, *r, "Left all rooms");
            return;
        }
        const auto names = splitList(m.param(0));
        const auto keys = splitList(m.param(1));
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string& name = names[i];
            if (!isValidRoomName(name, config.roomLength)) {
                numeric(c, "403", {name}, "No such channel");
                continue;
            }
            Room* room = findRoom(name);
            if (room && room->member(&c))
                continue;
            // Whoever creates a room, or enters it empty (the default room), is its operator.
            const bool creator = !room || room->order.empty();
            if (!room) {
                room = createRoom(name);
            } else {
                if (!room->key.empty() && (i >= keys.size() || keys[i] != room->key)) {
                    numeric(c, "475", {room->name}, "Cannot join channel (+k)");
                    continue;
                }
                const std::string mask = c.mask();
                if (std::any_of(room->bans.begin(), room->bans.end(),
                                [&](const std::string& ban) { return maskMatches(ban, mask); })) {
                    numeric(c, "474", {room->name}, "Cannot join channel (+b)");
                    continue;
                }
            }
            room->order.push_back(&c);
            room->members[&c].op = creator;
            c.rooms.push_back(room);
            Message join;
            join.source = c.mask();
            join.command = "JOIN";
            join.params = {room->name};
            Outgoing out = prepare(std::move(join));
            for (Client* member : room->order)
                deliver(*member, out);
            if (!room->topic.empty())
                sendTopic(c, *room);
            sendNames(c, *room);
            log(c.nick + " joined " + room->name);
        }
    }

    Room* createRoom(const std::string& name)
    {
        auto room = std::make_unique<Room>();
        room->name = name;
        room->createdAt = unixSeconds();
        Room* raw = room.get();
        rooms.emplace(foldCase(name), std::move(room));
        return raw;
    }

    void removeMember(Room& r, Client& c)
    {
        r.members.erase(&c);
        r.order.erase(std::remove(r.order.begin(), r.order.end(), &c), r.order.end());
        c.rooms.erase(std::remove(c.rooms.begin(), c.rooms.end(), &r), c.rooms.end());
        if (r.order.empty() && !equalsFolded(r.name, config.defaultRoom))
            rooms.erase(foldCase(r.name));
    }

    void part(Client& c, Room& r, const std::string& reason)
    {
        Message msg;
        msg.source = c.mask();
        msg.command = "PART";
        msg.params = {r.name};
        if (!reason.empty()) {
            msg.params.push_back(reason);
            msg.trailing = true;
        }
        Outgoing out = prepare(std::move(msg));
        for (Client* member : r.order)
            deliver(*member, out);
        log(c.nick + " left " + r.name);
        removeMember(r, c);
    }

    void handlePart(Client& c, const Message& m)
    {
        if (!needParams(c, m, 1))
            return;
        for (const auto& name : splitList(m.param(0))) {
            Room* r = roomOrError(c, name);
            if (r && memberOrError(c, *r))
                part(c, *r, m.param(1));
        }
    }

    void handlePrivmsg(Client& c, const Message& m) { relay(c, m, true); }
    void handleNotice(Client& c, const Message& m) { relay(c, m, false); }

    void handleTagmsg(Client& c, const Message& m)
    {
        // Only client tags travel, and only to those who asked for message-tags.
        relay(c, m, true);
    }

    // PRIVMSG, NOTICE and TAGMSG to rooms and nicks. NOTICE never gets an automatic reply.
    void relay(Client& c, const Message& m, bool replies)
    {
        const bool tagOnly = m.command == "TAGMSG";
        if (m.params.empty() || m.param(0).empty()) {
            if (replies)
                numeric(c, "411", {}, "No recipient given (" + m.command + ")");
            return;
        }
        if (!tagOnly && (m.params.size() < 2 || m.param(1).empty())) {
            if (replies)
                numeric(c, "412", {}, "No text to send");
            return;
        }
        std::vector<Tag> clientTags;
        for (const Tag& t : m.tags) {
            if (!t.key.empty() && t.key.front() == '+')
                clientTags.push_back(t);
        }
        for (const auto& target : splitList(m.param(0))) {
            Message out;
            out.source = c.mask();
            out.command = m.command;
            out.params = {target};
            if (!tagOnly) {
                out.params.push_back(m.param(1));
                out.trailing = true;
            }
            if (target.front() == '#') {
                Room* r = findRoom(target);
                if (!r) {
                    if (replies)
                        numeric(c, "403", {target}, "No such channel");
                    continue;
                }
                const Member* me = r->member(&c);
                const bool banned = !r->bans.empty() && [&] {
                    const std::string mask = c.mask();
                    return std::any_of(r->bans.begin(), r->bans.end(),
                                       [&](const std::string& b) { return maskMatches(b, mask); });
                }();
                if ((r->noExternal && !me) || (r->moderated && !(me && (me->op || me->voice))) ||
                    (banned && !(me && (me->op || me->voice)))) {
                    if (replies)
                        numeric(c, "404", {r->name}, "Cannot send to channel");
                    continue;
                }
                out.params[0] = r->name;
                Outgoing prepared = prepare(std::move(out), clientTags);
                for (Client* member : r->order) {
                    if (member == &c && !(c.caps & CapEchoMessage))
                        continue;
                    if (tagOnly && !(member->caps & CapMessageTags))
                        continue;
                    deliver(*member, prepared);
                }
            } else {
                Client* to = findNick(target);
                if (!to || !to->registered) {
                    if (replies)
                        numeric(c, "401", {target}, "No such nick/channel");
                    continue;
                }
                out.params[0] = to->nick;
                Outgoing prepared = prepare(std::move(out), clientTags);
                if (!tagOnly || (to->caps & CapMessageTags))
                    deliver(*to, prepared);
                if (c.caps & CapEchoMessage && to != &c)
                    deliver(c, prepared);
                if (replies && !tagOnly && !to->away.empty())
                    numeric(c, "301", {to->nick}, to->away);
            }
        }
    }

    void sendNames(Client& c, Room& r)
    {
        // 353 lines kept under the line limit.
        std::string names;
        auto flush = [&] {
            if (!names.empty())
                numeric(c, "353", {"=", r.name}, names);
            names.clear();
        };
        for (Client* member : r.order) {
            const Member& flags = r.members[member];
            const std::string entry = (flags.op ? "@" : flags.voice ? "+" : "") + member->nick;
            if (names.size() + entry.size() + 1 > 400)
                flush();
            names += (names.empty() ? "" : " ") + entry;
        }
        flush();
        numeric(c, "366", {r.name}, "End of /NAMES list");
    }

    void handleNames(Client& c, const Message& m)
    {
        if (m.params.empty()) {
            numeric(c, "366", {"*"}, "End of /NAMES list");
            return;
        }
        for (const auto& name : splitList(m.param(0))) {
            if (Room* r = findRoom(name))
                sendNames(c, *r);
            else
                numeric(c, "366", {name}, "End of /NAMES list");
        }
    }

    void handleList(Client& c, const Message& m)
    {
        numeric(c, "321", {"Channel"}, "Users  Name");
        const auto wanted = splitList(m.param(0));
        for (const auto& [folded, room] : rooms) {
            if (!wanted.empty() &&
                std::none_of(wanted.begin(), wanted.end(),
                             [&](const std::string& w) { return equalsFolded(w, room->name); }))
                continue;
            numeric(c, "322", {room->name, std::to_string(room->order.size())}, room->topic);
        }
        numeric(c, "323", {}, "End of /LIST");
    }

    void sendTopic(Client& c, Room& r)
    {
        if (r.topic.empty()) {
            numeric(c, "331", {r.name}, "No topic is set");
            return;
        }
        numeric(c, "332", {r.name}, r.topic);
        Message m;
        m.source = config.serverName;
        m.command = "333";
        m.params = {c.target(), r.name, r.topicBy, std::to_string(r.topicAt)};
        send(c, std::move(m));
    }

    void handleTopic(Client& c, const Message& m)
    {
        if (m.params.empty()) {
            numeric(c, "461", {"TOPIC"}, "Not enough parameters");
            return;
        }
        Room* r = roomOrError(c, m.param(0));
        if (!r)
            return;
        if (m.params.size() < 2) {
            sendTopic(c, *r);
            return;
        }
        const Member* me = memberOrError(c, *r);
        if (!me)
            return;
        if (r->topicLock && !me->op) {
            numeric(c, "482", {r->name}, "You're not channel operator");
            return;
        }
        r->topic = std::string(utf8Prefix(m.param(1), config.topicLength));
        r->topicBy = c.mask();
        r->topicAt = unixSeconds();
        Message topic;
        topic.source = c.mask();
        topic.command = "TOPIC";
        topic.params = {r->name, r->topic};
        topic.trailing = true;
        Outgoing out = prepare(std::move(topic));
        for (Client* member : r->order)
            deliver(*member, out);
    }

    void whoLine(Client& c, const std::string& room, Client& who, const Member* flags)
    {
        std::string status = who.away.empty() ? "H" : "G";
        if (who.oper)
            status += '*';
        if (flags)
            status += flags->op ? "@" : flags->voice ? "+" : "";
        Message m;
        m.source = config.serverName;
        m.command = "352";
        m.params = {c.target(),        room,     who.user, who.host,
                    config.serverName, who.nick, status,   "0 " + who.realName};
        m.trailing = true;
        send(c, std::move(m));
    }

    void handleWho(Client& c, const Message& m)
    {
        const std::string mask = m.params.empty() ? std::string("*") : m.param(0);
        if (Room* r = findRoom(mask)) {
            for (Client* member : r->order)
                whoLine(c, r->name, *member, &r->members[member]);
        } else if (Client* who = findNick(mask); who && who->registered) {
            whoLine(c, "*", *who, nullptr);
        }
        numeric(c, "315", {mask}, "End of /WHO list");
    }

    void handleWhois(Client& c, const Message& m)
    {
        if (m.params.empty() || m.param(0).empty()) {
            numeric(c, "431", {}, "No nickname given");
            return;
        }
        // "WHOIS server nick" asks a server; the nick is the last parameter.
        const std::string& nick = m.params.back();
        Client* who = findNick(nick);
        if (!who || !who->registered) {
            numeric(c, "401", {nick}, "No such nick/channel");
            numeric(c, "318", {nick}, "End of /WHOIS list");
            return;
        }
        {
            Message line;
            line.source = config.serverName;
            line.command = "311";
            line.params = {c.target(), who->nick, who->user, who->host, "*", who->realName};
            line.trailing = true;
            send(c, std::move(line));
        }
        std::string roomsText;
        for (Room* r : who->rooms) {
            const Member& flags = r->members[who];
            roomsText += (roomsText.empty() ? "" : " ") +
                         std::string(flags.op      ? "@"
                                     : flags.voice ? "+"
                                                   : "") +
                         r->name;
        }
        if (!roomsText.empty())
            numeric(c, "319", {who->nick}, roomsText);
        numeric(c, "312", {who->nick, config.serverName}, config.networkName + " LAN host");
        if (!who->away.empty())
            numeric(c, "301", {who->nick}, who->away);
        if (who->oper)
            numeric(c, "313", {who->nick}, "is a host operator");
        numeric(c, "318", {who->nick}, "End of /WHOIS list");
    }

    void sendMotd(Client& c)
    {
        if (config.motd.empty()) {
            numeric(c, "422", {}, "MOTD File is missing");
            return;
        }
        numeric(c, "375", {}, "- " + config.serverName + " Message of the day - ");
        for (const auto& line : config.motd)
            numeric(c, "372", {}, "- " + line);
        numeric(c, "376", {}, "End of /MOTD command.");
    }

    void handleMotd(Client& c, const Message&) { sendMotd(c); }

    void sendLusers(Client& c)
    {
        std::size_t users = 0, operators = 0, unknown = 0;
        for (const auto& [id, client] : clients) {
            if (!client->registered)
                ++unknown;
            else
                ++users;
            if (client->oper)
                ++operators;
        }
        numeric(c, "251", {},
                "There are " + std::to_string(users) + " users and 0 invisible on 1 servers");
        numeric(c, "252", {std::to_string(operators)}, "operator(s) online");
        numeric(c, "253", {std::to_string(unknown)}, "unknown connection(s)");
        numeric(c, "254", {std::to_string(rooms.size())}, "channels formed");
        numeric(c, "255", {},
                "I have " + std::to_string(clients.size()) + " clients and 0 servers");
    }

    void handleLusers(Client& c, const Message&) { sendLusers(c); }

    void handleAway(Client& c, const Message& m)
    {
        if (m.params.empty() || m.param(0).empty()) {
            c.away.clear();
            numeric(c, "305", {}, "You are no longer marked as being away");
        } else {
            c.away = std::string(utf8Prefix(m.param(0), config.topicLength));
            numeric(c, "306", {}, "You have been marked as being away");
        }
    }

    void handleMode(Client& c, const Message& m)
    {
        if (!needParams(c, m, 1))
            return;
        const std::string& target = m.param(0);
        if (target.empty()) {
            numeric(c, "461", {"MODE"}, "Not enough parameters");
            return;
        }
        if (target.front() != '#') {
            Client* who = findNick(target);
            if (!who) {
                numeric(c, "401", {target}, "No such nick/channel");
                return;
            }
            if (who != &c) {
                numeric(c, "502", {}, "Can't change mode for other users");
                return;
            }
            if (m.params.size() > 1) {
                // Only dropping +o is allowed by MODE; +o comes from OPER.
                const std::string& change = m.param(1);
                if (change.find('o') != std::string::npos && change.front() == '-' && c.oper) {
                    c.oper = false;
                    Message mode;
                    mode.source = c.mask();
                    mode.command = "MODE";
                    mode.params = {c.nick, "-o"};
                    send(c, std::move(mode));
                    return;
                }
                if (change.find_first_not_of("+-io") != std::string::npos) {
                    numeric(c, "501", {}, "Unknown MODE flag");
                    return;
                }
                return;
            }
            Message reply;
            reply.source = config.serverName;
            reply.command = "221";
            reply.params = {c.nick, c.oper ? "+o" : "+"};
            send(c, std::move(reply));
            return;
        }
        Room* r = roomOrError(c, target);
        if (!r)
            return;
        if (m.params.size() == 1) {
            Message reply;
            reply.source = config.serverName;
            reply.command = "324";
            reply.params = {c.target(), r->name};
            const Member* me = r->member(&c);
            const std::string modes = r->modeText(me != nullptr);
            std::size_t start = 0;
            while (start <= modes.size()) {
                const auto space = modes.find(' ', start);
                reply.params.push_back(modes.substr(
                    start, space == std::string::npos ? std::string::npos : space - start));
                if (space == std::string::npos)
                    break;
                start = space + 1;
            }
            send(c, std::move(reply));
            Message created;
            created.source = config.serverName;
            created.command = "329";
            created.params = {c.target(), r->name, std::to_string(r->createdAt)};
            send(c, std::move(created));
            return;
        }
        changeRoomModes(c, *r, m);
    }

    // RPL_BANLIST (367 me #room mask) per ban, then RPL_ENDOFBANLIST.
    void sendBanList(Client& c, Room& r)
    {
        for (const auto& ban : r.bans) {
            Message line;
            line.source = config.serverName;
            line.command = "367";
            line.params = {c.target(), r.name, ban};
            send(c, std::move(line));
        }
        numeric(c, "368", {r.name}, "End of channel ban list");
    }

    void changeRoomModes(Client& c, Room& r, const Message& m)
    {
        const std::string& modes = m.param(1);
        std::size_t arg = 2;
        // A ban list query: "MODE #r b" or "MODE #r +b".
        if ((modes == "b" || modes == "+b") && m.params.size() == 2) {
            sendBanList(c, r);
            return;
        }
        if (!operatorOrError(c, r))
            return;
        bool adding = true;
        std::string applied;
        char appliedSign = 0;
        std::vector<std::string> appliedArgs;
        auto record = [&](bool add, char mode, const std::string& argument) {
            const char sign = add ? '+' : '-';
            if (sign != appliedSign) {
                applied += sign;
                appliedSign = sign;
            }
            applied += mode;
            if (!argument.empty())
                appliedArgs.push_back(argument);
        };
        for (const char mode : modes) {
            switch (mode) {
            case '+':
                adding = true;
                break;
            case '-':
                adding = false;
                break;
            case 'n':
                if (r.noExternal != adding) {
                    r.noExternal = adding;
                    record(adding, mode, {});
                }
                break;
            case 't':
                if (r.topicLock != adding) {
                    r.topicLock = adding;
                    record(adding, mode, {});
                }
                break;
            case 'm':
                if (r.moderated != adding) {
                    r.moderated = adding;
                    record(adding, mode, {});
                }
                break;
            case 'k':
                if (adding) {
                    if (arg >= m.params.size() || m.param(arg).empty()) {
                        numeric(c, "461", {"MODE"}, "Not enough parameters");
                        break;
                    }
                    std::string key = m.param(arg++);
                    std::replace(key.begin(), key.end(), ',', '_');
                    r.key = key;
                    record(true, 'k', key);
                } else {
                    if (arg < m.params.size())
                        ++arg;
                    if (!r.key.empty()) {
                        r.key.clear();
                        record(false, 'k', "*");
                    }
                }
                break;
            case 'b': {
                if (arg >= m.params.size()) {
                    sendBanList(c, r);
                    break;
                }
                std::string mask = m.param(arg++);
                if (mask.find('!') == std::string::npos && mask.find('@') == std::string::npos)
                    mask += "!*@*";
                const auto it =
                    std::find_if(r.bans.begin(), r.bans.end(),
                                 [&](const std::string& b) { return equalsFolded(b, mask); });
                if (adding && it == r.bans.end()) {
                    r.bans.push_back(mask);
                    record(true, 'b', mask);
                } else if (!adding && it != r.bans.end()) {
                    r.bans.erase(it);
                    record(false, 'b', mask);
                }
                break;
            }
            case 'o':
            case 'v': {
                if (arg >= m.params.size()) {
                    numeric(c, "461", {"MODE"}, "Not enough parameters");
                    break;
                }
                const std::string& nick = m.param(arg++);
                Client* who = findNick(nick);
                if (!who) {
                    numeric(c, "401", {nick}, "No such nick/channel");
                    break;
                }
                Member* flags = r.member(who);
                if (!flags) {
                    numeric(c, "441", {who->nick, r.name}, "They aren't on that channel");
                    break;
                }
                bool& flag = mode == 'o' ? flags->op : flags->voice;
                if (flag != adding) {
                    flag = adding;
                    record(adding, mode, who->nick);
                }
                break;
            }
            default:
                numeric(c, "472", {std::string(1, mode)}, "is unknown mode char to me");
            }
        }
        if (applied.empty())
            return;
        Message change;
        change.source = c.mask();
        change.command = "MODE";
        change.params = {r.name, applied};
        change.params.insert(change.params.end(), appliedArgs.begin(), appliedArgs.end());
        Outgoing out = prepare(std::move(change));
        for (Client* member : r.order)
            deliver(*member, out);
    }

    void handleKick(Client& c, const Message& m)
    {
        if (!needParams(c, m, 2))
            return;
        Room* r = roomOrError(c, m.param(0));
        if (!r || !operatorOrError(c, *r))
            return;
        for (const auto& nick : splitList(m.param(1))) {
            Client* who = findNick(nick);
            if (!who || !r->member(who)) {
                numeric(c, "441", {nick, r->name}, "They aren't on that channel");
                continue;
            }
            Message kick;
            kick.source = c.mask();
            kick.command = "KICK";
            kick.params = {r->name, who->nick, m.params.size() > 2 ? m.param(2) : c.nick};
            kick.trailing = true;
            Outgoing out = prepare(std::move(kick));
            for (Client* member : r->order)
                deliver(*member, out);
            log(c.nick + " kicked " + who->nick + " from " + r->name);
            removeMember(*r, *who);
        }
    }

    void handleOper(Client& c, const Message& m)
    {
        if (!needParams(c, m, 2))
            return;
        if (config.operators.empty()) {
            numeric(c, "491", {}, "No O-lines for your host");
            return;
        }
        const auto match = std::find_if(config.operators.begin(), config.operators.end(),
                                        [&](const HostConfig::Operator& o) {
                                            return o.name == m.param(0) && o.password == m.param(1);
                                        });
        if (match == config.operators.end()) {
            numeric(c, "464", {}, "Password incorrect");
            log("failed OPER attempt by " + c.mask());
            return;
        }
        c.oper = true;
        numeric(c, "381", {}, "You are now a host operator");
        Message mode;
        mode.source = c.mask();
        mode.command = "MODE";
        mode.params = {c.nick, "+o"};
        send(c, std::move(mode));
        log(c.nick + " is now a host operator");
    }

    void handleDie(Client& c, const Message&)
    {
        if (!c.oper) {
            numeric(c, "481", {}, "Permission Denied- You're not a host operator");
            return;
        }
        log("DIE from " + c.mask());
        stop("Host stopped by " + c.nick);
    }

    // --- timers and stopping ------------------------------------------------------------------

    void housekeep()
    {
        const auto now = Clock::now();
        std::vector<std::pair<SocketId, std::string>> toDrop;
        std::vector<SocketId> toPing;
        for (const auto& [id, client] : clients) {
            Client& c = *client;
            if (!c.registered && now - c.connectedAt > config.registrationTimeout) {
                toDrop.emplace_back(id, "Registration timeout");
            } else if (c.pingPending && now - c.pingSentAt > config.pongTimeout) {
                toDrop.emplace_back(
                    id, "Ping timeout: " +
                            std::to_string(
                                std::chrono::duration_cast<std::chrono::seconds>(now - c.pingSentAt)
                                    .count()) +
                            " seconds");
            } else if (c.overSoftSince && now - *c.overSoftSince > config.sendQueueSoftTime) {
                toDrop.emplace_back(id, "SendQ exceeded (not reading)");
            } else if (c.registered && !c.pingPending &&
                       now - c.lastActivity > config.pingInterval) {
                toPing.push_back(id);
            }
        }
        for (const auto& [id, reason] : toDrop) {
            if (Client* c = find(id))
                drop(*c, reason, true);
        }
        for (const SocketId id : toPing) {
            if (Client* c = find(id)) {
                c->pingPending = true;
                c->pingSentAt = now;
                Message ping;
                ping.command = "PING";
                ping.params = {config.serverName};
                ping.trailing = true;
                send(*c, std::move(ping));
            }
        }
    }

    void stop(const std::string& reason)
    {
        if (stopping)
            return;
        stopping = true;
        stopReason = reason;
        log("stopping: " + reason);
        if (listener)
            listener->close();
        if (housekeeping)
            loop.cancelTimer(*housekeeping);
        housekeeping.reset();
        std::vector<SocketId> ids;
        for (const auto& [id, client] : clients)
            ids.push_back(id);
        for (const SocketId id : ids) {
            if (Client* c = find(id))
                drop(*c, reason, true);
        }
        if (clients.empty())
            finishStop();
    }

    void finishStop()
    {
        if (!running)
            return;
        running = false;
        // Give the ERROR lines a moment to leave, then cut off whoever is still there.
        loop.runAfter(
            StopGrace, guarded([this] {
                for (auto& [id, connection] :
                     std::unordered_map<SocketId, std::shared_ptr<TcpConnection>>(leaving))
                    connection->abort();
                leaving.clear();
            }));
        if (events.stopped)
            events.stopped(stopReason);
    }
};

IrcHost::IrcHost(EventLoop& loop, HostConfig config, Events events)
    : m_impl(std::make_unique<Impl>(loop, std::move(config), std::move(events)))
{}

IrcHost::~IrcHost()
{
    if (!m_impl)
        return;
    Impl& d = *m_impl;
    d.loop.assertInLoopThread("destroying an IrcHost");
    d.destroying = true;
    d.alive.reset();
    if (d.housekeeping)
        d.loop.cancelTimer(*d.housekeeping);
    d.listener.reset();
    std::vector<std::shared_ptr<TcpConnection>> connections;
    for (auto& [id, client] : d.clients) {
        if (client->connection)
            connections.push_back(client->connection);
    }
    for (auto& [id, connection] : d.leaving)
        connections.push_back(connection);
    for (auto& connection : connections)
        connection->abort();
}

NetError IrcHost::start(const ListenOptions& listen)
{
    Impl& d = *m_impl;
    d.loop.assertInLoopThread("IrcHost::start");
    NetError error;
    d.listener = TcpListener::open(
        d.loop, listen, [&d](std::shared_ptr<TcpConnection> c) { d.accept(std::move(c)); },
        [&d](const NetError& e) { d.log("accept: " + e.describe()); }, &error);
    if (!d.listener)
        return error;
    d.running = true;
    d.stopping = false;
    d.createdText = isoTimeNow();
    d.createRoom(d.config.defaultRoom);
    d.housekeeping = d.loop.runEvery(HousekeepingInterval, d.guarded([&d] { d.housekeep(); }));
    d.log("listening on " + d.listener->localAddress().toString());
    return {};
}

void IrcHost::stop(const std::string& reason)
{
    m_impl->loop.assertInLoopThread("IrcHost::stop");
    m_impl->stop(reason);
}

SocketAddress IrcHost::localAddress() const
{
    return m_impl->listener ? m_impl->listener->localAddress() : SocketAddress();
}

std::size_t IrcHost::clientCount() const
{
    return m_impl->clients.size();
}

std::size_t IrcHost::roomCount() const
{
    return m_impl->rooms.size();
}

bool IrcHost::isRunning() const
{
    return m_impl->running;
}

} // namespace netcore::irc
