// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/irc/client.h"

#include "netcore/event_loop.h"
#include "netcore/irc/host.h"
#include "netcore/irc/message.h"
#include "netcore/tcp.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <optional>
#include <set>

namespace netcore::irc {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

// A server's lines may carry up to 8191 bytes of tags (IRCv3) besides the 512 of the line.
constexpr std::size_t ServerTagLimit = 8191;
constexpr std::size_t MaxUnterminated = 16 * 1024;
// How long the server has to close the connection after our QUIT.
constexpr std::chrono::seconds QuitTimeout{5};
// USER's user name as servers keep it, and the longest host name: the prefix the server puts
// before our messages when relaying them, until our own JOIN shows the real one.
constexpr std::size_t AssumedUserHost = 10 + 1 + 63;

std::string nickOf(std::string_view source)
{
    return std::string(source.substr(0, source.find('!')));
}

// "2026-11-23T07:39:18.123Z" (server-time) to a time point; nullopt when it is not that.
std::optional<std::chrono::system_clock::time_point> parseServerTime(std::string_view text)
{
    auto number = [&](std::size_t at, std::size_t length, int& out) {
        if (at + length > text.size())
            return false;
        const auto r = std::from_chars(text.data() + at, text.data() + at + length, out);
        return r.ec == std::errc() && r.ptr == text.data() + at + length;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || !number(0, 4, year) || !number(5, 2, month) ||
        !number(8, 2, day) || !number(11, 2, hour) || !number(14, 2, minute) ||
        !number(17, 2, second))
        return std::nullopt;
    if (text.size() >= 24 && text[19] == '.')
        number(20, 3, millis);
    const std::chrono::year_month_day date{std::chrono::year(year),
                                           std::chrono::month(static_cast<unsigned>(month)),
                                           std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second) + milliseconds(millis);
}

std::string joinParams(const Message& m, std::size_t from)
{
    std::string text;
    for (std::size_t i = from; i < m.params.size(); ++i) {
        if (!text.empty())
            text += ' ';
        text += m.params[i];
    }
    return text;
}

} // namespace

const char* clientStateName(ClientState state)
{
    switch (state) {
    case ClientState::Disconnected:
        return "disconnected";
    case ClientState::Connecting:
        return "connecting";
    case ClientState::Registering:
        return "registering";
    case ClientState::Registered:
        return "registered";
    case ClientState::Closing:
        return "closing";
    case ClientState::Waiting:
        return "waiting to reconnect";
    }
    return "?";
}

struct IrcClient::Impl
{
    struct Outgoing
    {
        std::string line; // formatted, with CRLF
        std::optional<ClientEvent> echo;
        bool quit = false; // close once this has gone out
    };

    EventLoop& loop;
    ClientConfig config;
    Handler handler;

    ClientState state = ClientState::Disconnected;
    std::shared_ptr<TcpConnector> connector;
    std::shared_ptr<TcpConnection> connection;
    LineReader reader{Limits{512, ServerTagLimit, 15}, MaxUnterminated};
    NetError closeError;     // set before we close or abort the connection ourselves
    std::string serverError; // the text of the server's ERROR line, if it sent one

    std::string nick;     // the nick we have, or are asking for while registering
    int alternative = 0;  // alternatives tried
    int generated = 0;    // of them, made from the nick ("nick_", "nick1", ...)
    std::string userHost; // "user@host" as the server shows us, once known
    std::vector<std::string> offeredCaps;
    std::vector<std::string> caps;
    bool capEnded = false;
    std::size_t nickLength = 30;
    std::string networkName;
    std::string hostIdValue;
    std::string roomTypes = "#&";
    std::string prefixModes = "ov", prefixSymbols = "@+";

    std::map<std::string, JoinedRoom> roomMap;               // by folded name
    std::map<std::string, std::vector<std::string>> pending; // NAMES being collected
    // The rooms to be in (rejoined after a reconnect): folded name -> "name" or "name key".
    std::map<std::string, std::string> wanted;

    std::deque<Outgoing> queue;
    double tokens = 0;
    Clock::time_point refilled;

    Clock::time_point lastReceived;
    Clock::time_point registrationDeadline;
    Clock::time_point closingDeadline;
    std::optional<Clock::time_point> pingSent;
    std::string pingToken;
    milliseconds lagValue{0};

    bool everRegistered = false; // in this session (since connect())
    bool quitRequested = false;
    bool fatal = false; // refused in a way retrying cannot fix (password, ban)
    milliseconds backoff{0};
    EventLoop::TimerId tickTimer = 0;
    EventLoop::TimerId retryTimer = 0;
    std::uint64_t pingCounter = 0;

    Impl(EventLoop& l, ClientConfig c, Handler h)
        : loop(l)
        , config(std::move(c))
        , handler(std::move(h))
    {
        if (config.user.empty())
            config.user = config.nick;
        if (config.realName.empty())
            config.realName = config.nick;
        for (const auto& room : config.rooms)
            want(room);
    }

    // --- events ---------------------------------------------------------------------------

    ClientEvent event(ClientEvent::Kind kind) const
    {
        ClientEvent e;
        e.kind = kind;
        e.state = state;
        e.time = std::chrono::system_clock::now();
        return e;
    }

    void emit(const ClientEvent& e)
    {
        if (handler)
            handler(e);
    }

    void setState(ClientState next, NetError error = {}, std::string text = {},
                  milliseconds retryIn = {})
    {
        state = next;
        ClientEvent e = event(ClientEvent::Kind::StateChanged);
        e.error = std::move(error);
        e.text = std::move(text);
        e.retryIn = retryIn;
        emit(e);
    }

    bool isSelf(std::string_view who) const { return equalsFolded(who, nick); }
    bool isRoomName(std::string_view target) const
    {
        return !target.empty() && roomTypes.find(target.front()) != std::string::npos;
    }

    void want(const std::string& roomAndKey)
    {
        const std::string name = roomAndKey.substr(0, roomAndKey.find(' '));
        if (!name.empty())
            wanted[foldCase(name)] = roomAndKey;
    }

    // --- connecting -------------------------------------------------------------------------

    void startConnect()
    {
        retryTimer = 0;
        closeError = {};
        serverError.clear();
        setState(ClientState::Connecting);
        ConnectOptions options;
        options.host = config.host;
        options.port = config.port;
        options.attemptTimeout = config.connectTimeout;
        options.resolver = config.resolver;
        connector = TcpConnector::connect(
            loop, options,
            [this](std::shared_ptr<TcpConnection> c, const NetError& error,
                   const std::vector<ConnectAttempt>&) { connected(std::move(c), error); });
        if (tickTimer == 0)
            tickTimer = loop.runEvery(config.tick, [this] { tick(); });
    }

    void connected(std::shared_ptr<TcpConnection> c, const NetError& error)
    {
        connector.reset();
        if (!c) {
            lost(error);
            return;
        }
        connection = std::move(c);
        connection->setDataHandler(
            [this](TcpConnection&, std::string_view data) { received(data); });
        connection->setCloseHandler([this](TcpConnection&, const NetError& why) { closed(why); });
        connection->start();

        reader = LineReader(Limits{512, ServerTagLimit, 15}, MaxUnterminated);
        nick = config.nick;
        alternative = 0;
        generated = 0;
        offeredCaps.clear();
        caps.clear();
        capEnded = config.capabilities.empty();
        roomMap.clear();
        pending.clear();
        pingSent.reset();
        tokens = config.sendBurst;
        refilled = lastReceived = Clock::now();
        registrationDeadline = lastReceived + config.registrationTimeout;
        setState(ClientState::Registering);

        if (!capEnded)
            sendNow({{}, {}, "CAP", {"LS", "302"}});
        if (!config.password.empty())
            sendNow({{}, {}, "PASS", {config.password}});
        sendNow({{}, {}, "NICK", {nick}});
        sendNow({{}, {}, "USER", {config.user, "0", "*", config.realName}, true});
    }

    // Ends the connection (if any) because of `error`, then retries or stops.
    void fail(NetError error)
    {
        if (connection) {
            closeError = std::move(error);
            connection->abort(); // runs closed()
        } else {
            lost(std::move(error));
        }
    }

    void closed(const NetError& error)
    {
        // Dropped after the close handler has returned: the connection is still running it.
        loop.post([c = std::move(connection)] {});
        NetError why = closeError ? closeError : error;
        closeError = {};
        lost(std::move(why));
    }

    void lost(NetError error)
    {
        queueDropRegistration();
        if (quitRequested)
            queue.clear();
        roomMap.clear();
        pending.clear();
        std::string text = serverError;
        if (!error && text.empty() && !quitRequested)
            text = "the server closed the connection";
        const bool retry = config.reconnect && everRegistered && !quitRequested && !fatal;
        if (!retry) {
            stopTicking();
            setState(ClientState::Disconnected, std::move(error), std::move(text));
            return;
        }
        backoff =
            backoff.count() == 0 ? config.reconnectMin : std::min(backoff * 2, config.reconnectMax);
        setState(ClientState::Waiting, std::move(error), std::move(text), backoff);
        retryTimer = loop.runAfter(backoff, [this] { startConnect(); });
    }

    void stopTicking()
    {
        if (tickTimer != 0)
            loop.cancelTimer(tickTimer);
        tickTimer = 0;
    }

    // Lines of the lost session that only made sense in it (the QUIT of a disconnect) go;
    // what the user typed stays queued for the next session.
    void queueDropRegistration()
    {
        std::erase_if(queue, [](const Outgoing& o) { return o.quit; });
    }

    // --- sending ----------------------------------------------------------------------------

    void sendNow(const Message& m)
    {
        if (connection)
            connection->send(formatLimited(m, config.maxLine));
    }

    void enqueue(const Message& m, std::optional<ClientEvent> echo = std::nullopt)
    {
        queue.push_back({formatLimited(m, config.maxLine), std::move(echo), false});
        pump();
    }

    void pump()
    {
        if (!connection || (state != ClientState::Registered && state != ClientState::Closing))
            return;
        const auto now = Clock::now();
        if (config.sendLinesPerSecond > 0) {
            const double elapsed = std::chrono::duration<double>(now - refilled).count();
            tokens = std::min(config.sendBurst, tokens + elapsed * config.sendLinesPerSecond);
        } else {
            tokens = config.sendBurst;
        }
        refilled = now;
        while (!queue.empty() && connection && (tokens >= 1 || config.sendLinesPerSecond <= 0)) {
            Outgoing o = std::move(queue.front());
            queue.pop_front();
            tokens -= 1;
            connection->send(o.line);
            if (o.echo)
                emit(*o.echo);
            if (o.quit) {
                // Half-close: what the server still sends (echoes, its ERROR) is read until
                // it closes, which it does after a QUIT; tick() ends a wait that is too long.
                connection->shutdownSend();
                closingDeadline = Clock::now() + QuitTimeout;
                return;
            }
        }
    }

    // The bytes left for text in "PRIVMSG target :text" as the server relays it to others,
    // with our prefix in front: ":nick!user@host PRIVMSG target :text\r\n".
    std::size_t textBudget(std::string_view command, const std::string& target) const
    {
        const std::size_t prefix =
            1 + nick.size() + 1 + (userHost.empty() ? AssumedUserHost : userHost.size()) + 1;
        const std::size_t fixed = prefix + command.size() + 1 + target.size() + 2 + 2;
        return config.maxLine > fixed + 32 ? config.maxLine - fixed : 32;
    }

    void sendText(ClientEvent::Kind kind, const std::string& target, std::string_view text)
    {
        const bool action = kind == ClientEvent::Kind::Action;
        const std::string command = kind == ClientEvent::Kind::Notice ? "NOTICE" : "PRIVMSG";
        const std::size_t budget = textBudget(command, target) - (action ? 9 : 0);
        const bool echoed = std::find(caps.begin(), caps.end(), "echo-message") != caps.end();
        for (auto& piece : splitText(text, budget)) {
            std::optional<ClientEvent> echo;
            if (!echoed) {
                ClientEvent e = event(kind);
                e.self = true;
                e.nick = nick;
                e.target = target;
                e.room = isRoomName(target) ? target : std::string();
                e.text = decodeText(piece);
                echo = std::move(e);
            }
            std::string body = action ? "\x01"
                                        "ACTION " +
                                            piece + "\x01"
                                      : std::move(piece);
            enqueue({{}, {}, command, {target, std::move(body)}, true}, std::move(echo));
        }
    }

    // --- timers -----------------------------------------------------------------------------

    void tick()
    {
        pump();
        const auto now = Clock::now();
        if (state == ClientState::Registering && now > registrationDeadline) {
            fail({make_error_code(Errc::timedOut), "registration", config.host});
            return;
        }
        if (state == ClientState::Closing && connection && connection->shutDownSent() &&
            now > closingDeadline) {
            connection->close();
            return;
        }
        if (state != ClientState::Registering && state != ClientState::Registered)
            return;
        if (!pingSent && now - lastReceived > config.pingInterval) {
            sendPing();
        } else if (pingSent && lastReceived < *pingSent && now - *pingSent > config.pingTimeout) {
            // Nothing at all came back: the link is dead (a sleep, a pulled cable).
            fail({make_error_code(Errc::timedOut), "PING", config.host});
        }
    }

    void sendPing()
    {
        pingToken = "lanchat-" + std::to_string(++pingCounter);
        pingSent = Clock::now();
        sendNow({{}, {}, "PING", {pingToken}});
    }

    // --- receiving --------------------------------------------------------------------------

    void received(std::string_view data)
    {
        lastReceived = Clock::now();
        if (!reader.feed(data)) {
            fail({make_error_code(Errc::protocolError),
                  "reading (over " + std::to_string(MaxUnterminated) + " bytes without a line end)",
                  config.host});
            return;
        }
        while (connection) {
            const auto line = reader.next();
            if (!line)
                break;
            auto parsed = parse(line->text, Limits{512, ServerTagLimit, 15});
            if (parsed.message)
                handle(*parsed.message);
        }
    }

    void handle(const Message& m)
    {
        ClientEvent e = event(ClientEvent::Kind::ServerText);
        if (const std::string* time = m.tag("time"))
            if (const auto t = parseServerTime(*time))
                e.time = *t;
        if (const std::string* id = m.tag("msgid"))
            e.msgid = *id;
        e.nick = m.source.find('!') != std::string::npos ? nickOf(m.source) : std::string();
        e.self = !e.nick.empty() && isSelf(e.nick);
        const std::string& c = m.command;

        if (c == "PING") {
            sendNow({{}, {}, "PONG", {m.param(0)}, true});
        } else if (c == "PONG") {
            if (pingSent && m.params.size() >= 1 && m.params.back() == pingToken) {
                lagValue = duration_cast<milliseconds>(Clock::now() - *pingSent);
                pingSent.reset();
                e.kind = ClientEvent::Kind::Lag;
                e.lag = lagValue;
                emit(e);
            }
        } else if (c == "CAP") {
            handleCap(m);
        } else if (c == "ERROR") {
            serverError = decodeText(m.param(0));
            e.kind = ClientEvent::Kind::Error;
            e.text = serverError;
            emit(e);
        } else if (m.isNumeric()) {
            handleNumeric(m, e);
        } else if (state == ClientState::Registered || state == ClientState::Closing ||
                   c == "NOTICE") {
            handleCommand(m, e); // NOTICE: servers send some while we register
        }
    }

    void handleCap(const Message& m)
    {
        const std::string& sub = m.param(1);
        if (sub == "LS") {
            // "CAP * LS * :more..." continues; the last line has no "*".
            const bool more = m.params.size() >= 4 && m.params[2] == "*";
            std::string_view list = m.params.back();
            while (!list.empty()) {
                const std::size_t space = list.find(' ');
                const std::string_view item = list.substr(0, space);
                if (!item.empty())
                    offeredCaps.emplace_back(item.substr(0, item.find('=')));
                list =
                    space == std::string_view::npos ? std::string_view() : list.substr(space + 1);
            }
            if (more || capEnded)
                return;
            std::string request;
            for (const auto& cap : config.capabilities)
                if (std::find(offeredCaps.begin(), offeredCaps.end(), cap) != offeredCaps.end())
                    request += (request.empty() ? "" : " ") + cap;
            if (request.empty())
                endCap();
            else
                sendNow({{}, {}, "CAP", {"REQ", request}, true});
        } else if (sub == "ACK") {
            std::string_view list = m.params.back();
            while (!list.empty()) {
                const std::size_t space = list.find(' ');
                const std::string_view item = list.substr(0, space);
                if (!item.empty() && item.front() == '-')
                    std::erase(caps, std::string(item.substr(1)));
                else if (!item.empty())
                    caps.emplace_back(item);
                list =
                    space == std::string_view::npos ? std::string_view() : list.substr(space + 1);
            }
            endCap();
        } else if (sub == "NAK") {
            endCap();
        }
    }

    void endCap()
    {
        if (capEnded || state != ClientState::Registering)
            return;
        capEnded = true;
        sendNow({{}, {}, "CAP", {"END"}});
    }

    std::string nextNick()
    {
        ++alternative;
        // The user's own alternative first, then the nick with "_", "1", "2", ... (never the
        // same nick twice).
        const std::string& own = config.alternativeNick;
        if (alternative == 1 && usesOwnAlternative())
            return own;
        for (;;) {
            ++generated;
            std::string base = config.nick;
            const std::string suffix = generated == 1 ? "_" : std::to_string(generated - 1);
            if (base.size() + suffix.size() > nickLength)
                base = base.substr(0, nickLength > suffix.size() ? nickLength - suffix.size() : 1);
            if (own.empty() || foldCase(base + suffix) != foldCase(own))
                return base + suffix;
        }
    }

    bool usesOwnAlternative() const
    {
        return !config.alternativeNick.empty() &&
               foldCase(config.alternativeNick) != foldCase(config.nick);
    }

    void registered(const Message& m, ClientEvent& e)
    {
        nick = m.param(0);
        everRegistered = true;
        backoff = milliseconds(0);
        // Rejoin (or join) the rooms before anything typed meanwhile goes out, and before the
        // handlers hear of it (they may send, or even quit, at once).
        std::vector<std::string> joins;
        for (const auto& [folded, roomAndKey] : wanted)
            joins.push_back(roomAndKey);
        for (auto it = joins.rbegin(); it != joins.rend(); ++it) {
            const std::size_t space = it->find(' ');
            Message join{{}, {}, "JOIN", {it->substr(0, space)}};
            if (space != std::string::npos)
                join.params.push_back(it->substr(space + 1));
            queue.push_front({formatLimited(join, config.maxLine), std::nullopt, false});
        }
        sendPing(); // the first lag figure
        setState(ClientState::Registered);
        e.kind = ClientEvent::Kind::Registered;
        e.state = state;
        e.nick = nick;
        e.self = true;
        e.text = decodeText(m.params.size() >= 2 ? m.params.back() : std::string());
        emit(e);
        pump();
    }

    void handleNumeric(const Message& m, ClientEvent& e)
    {
        const int code = std::stoi(m.command);
        e.numeric = code;
        e.nick.clear();
        e.self = false;
        switch (code) {
        case 1:
            registered(m, e);
            return;
        case 5:
            isupport(m);
            return;
        case 301: // RPL_AWAY: nick :text
            e.kind = ClientEvent::Kind::Away;
            e.nick = m.param(1);
            e.text = decodeText(m.params.back());
            emit(e);
            return;
        case 352: { // RPL_WHOREPLY: me #room user host server nick H|G[*][@|+] :hops name
            // Who is away in a room (WHO is sent after joining): an Away event per member,
            // text "away" or "" (here).
            const std::string& flags = m.param(6);
            if (flags.empty())
                return;
            e.kind = ClientEvent::Kind::Away;
            e.room = m.param(1);
            e.nick = m.param(5);
            e.text = flags[0] == 'G' ? "away" : "";
            emit(e);
            return;
        }
        case 315: // RPL_ENDOFWHO
            return;
        case 305: // RPL_UNAWAY
        case 306: // RPL_NOWAWAY
            e.kind = ClientEvent::Kind::Away;
            e.self = true;
            e.nick = nick;
            e.text = code == 306 ? decodeText(m.params.back()) : std::string();
            emit(e);
            return;
        case 331: // RPL_NOTOPIC
        case 332: // RPL_TOPIC
            e.kind = ClientEvent::Kind::Topic;
            e.room = m.param(1);
            e.text = code == 332 ? decodeText(m.param(2)) : std::string();
            if (JoinedRoom* r = findRoom(e.room))
                r->topic = e.text;
            emit(e);
            return;
        case 333: // RPL_TOPICWHOTIME
            return;
        case 422: // ERR_NOMOTD: not a failure, just no message of the day
            e.kind = ClientEvent::Kind::ServerText;
            e.text = decodeText(m.params.back());
            emit(e);
            return;
        case 353: { // RPL_NAMREPLY: me = #room :names
            auto& names = pending[foldCase(m.param(2))];
            std::string_view list = m.params.back();
            while (!list.empty()) {
                const std::size_t space = list.find(' ');
                if (space != 0)
                    names.emplace_back(list.substr(0, space));
                list =
                    space == std::string_view::npos ? std::string_view() : list.substr(space + 1);
            }
            return;
        }
        case 366: { // RPL_ENDOFNAMES
            const std::string folded = foldCase(m.param(1));
            auto names = std::move(pending[folded]);
            pending.erase(folded);
            e.kind = ClientEvent::Kind::Names;
            e.room = m.param(1);
            if (JoinedRoom* r = findRoom(e.room)) {
                r->members.clear();
                for (const auto& name : names)
                    setMember(*r, name);
                e.room = r->name;
            }
            e.names = std::move(names);
            emit(e);
            return;
        }
        case 432: // ERR_ERRONEUSNICKNAME
        case 433: // ERR_NICKNAMEINUSE
        case 436: // ERR_NICKCOLLISION
        case 437: // ERR_UNAVAILRESOURCE
            if (state == ClientState::Registering) {
                const std::string taken = nick;
                // An erroneous nick (432) ends the attempt, unless it was the user's own
                // alternative: then the generated ones are tried.
                const bool ownRefused = alternative == 1 && usesOwnAlternative();
                if (!config.alternativeNicks || alternative > 8 || (code == 432 && !ownRefused)) {
                    e.kind = ClientEvent::Kind::Error;
                    e.nick = taken;
                    e.text = decodeText(m.params.back());
                    emit(e);
                    fatal = true;
                    fail({make_error_code(Errc::refused),
                          "nick " + taken + " (" + m.command + " " + e.text + ")", config.host});
                    return;
                }
                nick = nextNick();
                e.kind = ClientEvent::Kind::NickInUse;
                e.nick = taken;
                e.target = nick;
                e.text = decodeText(m.params.back());
                emit(e);
                sendNow({{}, {}, "NICK", {nick}});
                return;
            }
            break; // reported as an error below
        case 464:  // ERR_PASSWDMISMATCH
        case 465:  // ERR_YOUREBANNEDCREEP
            // The server closes the link next; say why rather than "closed".
            fatal = true;
            closeError = {make_error_code(Errc::refused),
                          m.command + " " + decodeText(m.params.back()), config.host};
            break;
        default:
            break;
        }
        if (code >= 400 && code < 600) {
            e.kind = ClientEvent::Kind::Error;
            // "401 me bob :No such nick/channel" -> target "bob", text "No such nick/channel"
            if (m.params.size() >= 3)
                e.target = m.params[1];
            if (isRoomName(e.target))
                e.room = e.target;
            e.text = decodeText(m.params.size() >= 2 ? m.params.back() : m.command);
            emit(e);
            return;
        }
        e.kind = ClientEvent::Kind::ServerText;
        e.text = decodeText(joinParams(m, 1));
        emit(e);
    }

    void isupport(const Message& m)
    {
        for (std::size_t i = 1; i + 1 < m.params.size(); ++i) {
            const std::string& token = m.params[i];
            const std::size_t eq = token.find('=');
            const std::string key = token.substr(0, eq);
            const std::string value = eq == std::string::npos ? "" : token.substr(eq + 1);
            if (key == "NETWORK") {
                networkName = value;
            } else if (key == "HOSTID") {
                hostIdValue = value;
            } else if (key == "NICKLEN" && !value.empty()) {
                nickLength = std::max<std::size_t>(1, std::strtoul(value.c_str(), nullptr, 10));
            } else if (key == "CHANTYPES") {
                roomTypes = value;
            } else if (key == "PREFIX" && value.size() > 2 && value.front() == '(') {
                const std::size_t close = value.find(')');
                if (close != std::string::npos && value.size() - close - 1 == close - 1) {
                    prefixModes = value.substr(1, close - 1);
                    prefixSymbols = value.substr(close + 1);
                }
            }
        }
    }

    JoinedRoom* findRoom(std::string_view name)
    {
        const auto it = roomMap.find(foldCase(name));
        return it == roomMap.end() ? nullptr : &it->second;
    }

    // Adds or updates a member from a NAMES entry ("@alice") or a plain nick.
    void setMember(JoinedRoom& room, std::string_view entry)
    {
        std::size_t p = 0;
        while (p < entry.size() && prefixSymbols.find(entry[p]) != std::string::npos)
            ++p;
        std::string name(entry.substr(p));
        name = name.substr(0, name.find('!')); // userhost-in-names
        const std::string folded = foldCase(name);
        auto it = std::lower_bound(
            room.members.begin(), room.members.end(), folded,
            [](const RoomMember& a, const std::string& f) { return foldCase(a.nick) < f; });
        // The highest prefix only (multi-prefix lists them all, highest first).
        std::string prefix = p > 0 ? std::string(1, entry[0]) : std::string();
        if (it != room.members.end() && foldCase(it->nick) == folded) {
            it->nick = name;
            if (p > 0)
                it->prefix = prefix;
        } else {
            room.members.insert(it, RoomMember{name, prefix});
        }
    }

    bool removeMember(JoinedRoom& room, std::string_view name)
    {
        return std::erase_if(room.members, [&](const RoomMember& member) {
                   return equalsFolded(member.nick, name);
               }) > 0;
    }

    void handleCommand(const Message& m, ClientEvent& e)
    {
        const std::string& c = m.command;
        if (c == "JOIN") {
            e.kind = ClientEvent::Kind::Join;
            e.room = m.param(0);
            if (e.self) {
                const std::size_t bang = m.source.find('!');
                userHost = m.source.substr(bang + 1);
                JoinedRoom& r = roomMap[foldCase(e.room)];
                r.name = e.room;
                if (!wanted.contains(foldCase(e.room)))
                    want(e.room);
                enqueue({{}, {}, "WHO", {e.room}}); // who is away there
            }
            if (JoinedRoom* r = findRoom(e.room))
                setMember(*r, e.nick);
            emit(e);
        } else if (c == "PART") {
            e.kind = ClientEvent::Kind::Part;
            e.room = m.param(0);
            e.text = decodeText(m.param(1));
            if (e.self) {
                roomMap.erase(foldCase(e.room));
                wanted.erase(foldCase(e.room));
            } else if (JoinedRoom* r = findRoom(e.room)) {
                removeMember(*r, e.nick);
            }
            emit(e);
        } else if (c == "KICK") {
            e.kind = ClientEvent::Kind::Kick;
            e.room = m.param(0);
            e.target = m.param(1);
            e.text = decodeText(m.param(2));
            if (isSelf(e.target)) {
                e.self = true;
                roomMap.erase(foldCase(e.room));
                wanted.erase(foldCase(e.room));
            } else if (JoinedRoom* r = findRoom(e.room)) {
                removeMember(*r, e.target);
            }
            emit(e);
        } else if (c == "QUIT") {
            e.kind = ClientEvent::Kind::Quit;
            e.text = decodeText(m.param(0));
            for (auto& [folded, r] : roomMap)
                if (removeMember(r, e.nick))
                    e.rooms.push_back(r.name);
            emit(e);
            regainNick(e.nick);
        } else if (c == "NICK") {
            e.kind = ClientEvent::Kind::NickChange;
            e.target = m.param(0);
            if (e.self)
                nick = e.target;
            for (auto& [folded, r] : roomMap) {
                const auto it =
                    std::find_if(r.members.begin(), r.members.end(), [&](const RoomMember& member) {
                        return equalsFolded(member.nick, e.nick);
                    });
                if (it != r.members.end()) {
                    const std::string prefix = it->prefix;
                    r.members.erase(it);
                    setMember(r, prefix + e.target);
                    e.rooms.push_back(r.name);
                }
            }
            emit(e);
            if (!e.self)
                regainNick(e.nick);
        } else if (c == "PRIVMSG" || c == "NOTICE") {
            privmsg(m, e);
        } else if (c == "TOPIC") {
            e.kind = ClientEvent::Kind::Topic;
            e.room = m.param(0);
            e.text = decodeText(m.param(1));
            if (JoinedRoom* r = findRoom(e.room))
                r->topic = e.text;
            emit(e);
        } else if (c == "MODE") {
            e.kind = ClientEvent::Kind::Mode;
            e.target = m.param(0);
            if (isRoomName(e.target)) {
                e.room = e.target;
                applyModes(m);
            }
            e.text = decodeText(joinParams(m, 1));
            emit(e);
        } else if (c == "INVITE") {
            e.kind = ClientEvent::Kind::Invite;
            e.target = m.param(0);
            e.room = m.param(1);
            emit(e);
        }
    }

    // Keeps members' @ and + in step with MODE +o/-o/+v/-v.
    void applyModes(const Message& m)
    {
        JoinedRoom* r = findRoom(m.param(0));
        if (!r)
            return;
        bool adding = true;
        std::size_t arg = 2;
        for (const char mode : m.param(1)) {
            if (mode == '+' || mode == '-') {
                adding = mode == '+';
                continue;
            }
            const std::size_t rank = prefixModes.find(mode);
            if (rank != std::string::npos) {
                const std::string& who = m.param(arg++);
                for (auto& member : r->members) {
                    if (!equalsFolded(member.nick, who))
                        continue;
                    const std::string symbol(1, prefixSymbols[rank]);
                    if (adding &&
                        (member.prefix.empty() || prefixSymbols.find(member.prefix[0]) > rank))
                        member.prefix = symbol;
                    else if (!adding && member.prefix == symbol)
                        member.prefix.clear();
                }
            } else if (mode == 'k' || mode == 'b' || mode == 'e' || mode == 'I' ||
                       (adding && mode == 'l')) {
                ++arg; // modes with a parameter
            }
        }
    }

    void privmsg(const Message& m, ClientEvent& e)
    {
        const bool notice = m.command == "NOTICE";
        e.kind = notice ? ClientEvent::Kind::Notice : ClientEvent::Kind::Message;
        e.target = m.param(0);
        e.room = isRoomName(e.target) ? e.target : std::string();
        std::string_view text = m.param(1);
        if (text.size() >= 2 && text.front() == '\x01') {
            text.remove_prefix(1);
            if (text.back() == '\x01')
                text.remove_suffix(1);
            const std::string_view verb = text.substr(0, text.find(' '));
            const std::string_view rest =
                verb.size() < text.size() ? text.substr(verb.size() + 1) : std::string_view();
            if (verb == "ACTION") {
                e.kind = ClientEvent::Kind::Action;
                e.text = decodeText(rest);
                emit(e);
            } else if (!notice && !e.self && !e.nick.empty()) {
                ctcpReply(e.nick, verb, rest);
            }
            return;
        }
        e.text = decodeText(text);
        emit(e);
    }

    void ctcpReply(const std::string& to, std::string_view verb, std::string_view rest)
    {
        std::string reply;
        if (verb == "VERSION")
            reply = "VERSION LanChat";
        else if (verb == "PING")
            reply = "PING " + std::string(rest);
        else if (verb == "CLIENTINFO")
            reply = "CLIENTINFO ACTION CLIENTINFO PING VERSION";
        else
            return;
        enqueue({{}, {}, "NOTICE", {to, "\x01" + reply + "\x01"}, true});
    }

    // The nick we wanted became free: take it back.
    void regainNick(const std::string& freed)
    {
        if (equalsFolded(freed, config.nick) && !equalsFolded(nick, config.nick))
            enqueue({{}, {}, "NICK", {config.nick}});
    }
};

// --- the public face -------------------------------------------------------------------------

IrcClient::IrcClient(EventLoop& loop, ClientConfig config, Handler handler)
    : m_impl(std::make_unique<Impl>(loop, std::move(config), std::move(handler)))
{}

IrcClient::~IrcClient()
{
    Impl& d = *m_impl;
    d.handler = nullptr;
    if (d.connector)
        d.connector->cancel();
    if (d.retryTimer != 0)
        d.loop.cancelTimer(d.retryTimer);
    d.stopTicking();
    if (d.connection) {
        d.connection->setCloseHandler(nullptr);
        d.connection->setDataHandler(nullptr);
        d.connection->abort();
    }
}

void IrcClient::connect()
{
    Impl& d = *m_impl;
    d.loop.assertInLoopThread("IrcClient::connect");
    if (d.state != ClientState::Disconnected && d.state != ClientState::Waiting)
        return;
    if (d.retryTimer != 0)
        d.loop.cancelTimer(d.retryTimer);
    d.everRegistered = false;
    d.quitRequested = false;
    d.fatal = false;
    d.backoff = milliseconds(0);
    d.startConnect();
}

void IrcClient::disconnect(const std::string& reason)
{
    Impl& d = *m_impl;
    d.loop.assertInLoopThread("IrcClient::disconnect");
    d.quitRequested = true;
    Message quit{{}, {}, "QUIT", {}, true};
    if (!reason.empty())
        quit.params.push_back(reason);
    switch (d.state) {
    case ClientState::Disconnected:
    case ClientState::Closing:
        return;
    case ClientState::Connecting:
    case ClientState::Waiting:
        if (d.connector)
            d.connector->cancel();
        d.connector.reset();
        if (d.retryTimer != 0)
            d.loop.cancelTimer(d.retryTimer);
        d.retryTimer = 0;
        d.stopTicking();
        d.setState(ClientState::Disconnected);
        return;
    case ClientState::Registering:
        d.sendNow(quit);
        d.setState(ClientState::Closing);
        d.connection->close();
        return;
    case ClientState::Registered:
        d.setState(ClientState::Closing);
        d.queue.push_back({formatLimited(quit, d.config.maxLine), std::nullopt, true});
        d.pump();
        return;
    }
}

void IrcClient::sendMessage(const std::string& target, std::string_view text)
{
    m_impl->sendText(ClientEvent::Kind::Message, target, text);
}

void IrcClient::sendAction(const std::string& target, std::string_view text)
{
    m_impl->sendText(ClientEvent::Kind::Action, target, text);
}

void IrcClient::sendNotice(const std::string& target, std::string_view text)
{
    m_impl->sendText(ClientEvent::Kind::Notice, target, text);
}

void IrcClient::join(const std::string& room, const std::string& key)
{
    Message m{{}, {}, "JOIN", {room}};
    if (!key.empty())
        m.params.push_back(key);
    m_impl->enqueue(m);
}

void IrcClient::part(const std::string& room, const std::string& reason)
{
    Message m{{}, {}, "PART", {room}};
    if (!reason.empty()) {
        m.params.push_back(reason);
        m.trailing = true;
    }
    m_impl->wanted.erase(foldCase(room));
    m_impl->enqueue(m);
}

void IrcClient::setNick(const std::string& nick)
{
    Impl& d = *m_impl;
    d.config.nick = nick; // the nick wanted from now on (also after a reconnect)
    if (d.state == ClientState::Registering) {
        d.nick = nick;
        d.sendNow({{}, {}, "NICK", {nick}});
    } else {
        d.enqueue({{}, {}, "NICK", {nick}});
    }
}

void IrcClient::setTopic(const std::string& room, const std::string& topic)
{
    m_impl->enqueue({{}, {}, "TOPIC", {room, topic}, true});
}

void IrcClient::requestTopic(const std::string& room)
{
    m_impl->enqueue({{}, {}, "TOPIC", {room}});
}

void IrcClient::setAway(const std::string& text)
{
    if (text.empty())
        m_impl->enqueue({{}, {}, "AWAY", {}});
    else
        m_impl->enqueue({{}, {}, "AWAY", {text}, true});
}

void IrcClient::sendRaw(std::string_view line)
{
    Impl& d = *m_impl;
    std::string clean(utf8Prefix(line, d.config.maxLine - 2));
    std::replace_if(
        clean.begin(), clean.end(), [](char ch) { return ch == '\r' || ch == '\n' || ch == '\0'; },
        ' ');
    d.queue.push_back({clean + "\r\n", std::nullopt, false});
    d.pump();
}

ClientState IrcClient::state() const
{
    return m_impl->state;
}

const std::string& IrcClient::nick() const
{
    return m_impl->nick.empty() ? m_impl->config.nick : m_impl->nick;
}

const std::map<std::string, JoinedRoom>& IrcClient::rooms() const
{
    return m_impl->roomMap;
}

const JoinedRoom* IrcClient::room(std::string_view name) const
{
    const auto it = m_impl->roomMap.find(foldCase(name));
    return it == m_impl->roomMap.end() ? nullptr : &it->second;
}

std::chrono::milliseconds IrcClient::lag() const
{
    return m_impl->lagValue;
}

const std::vector<std::string>& IrcClient::capabilities() const
{
    return m_impl->caps;
}

std::size_t IrcClient::queuedLines() const
{
    return m_impl->queue.size();
}

const std::string& IrcClient::network() const
{
    return m_impl->networkName;
}

const std::string& IrcClient::hostId() const
{
    return m_impl->hostIdValue;
}

SocketId IrcClient::socketId() const
{
    return m_impl->connection ? m_impl->connection->id() : 0;
}

SocketAddress IrcClient::peerAddress() const
{
    return m_impl->connection ? m_impl->connection->peerAddress() : SocketAddress();
}

} // namespace netcore::irc
