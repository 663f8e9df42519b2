// SPDX-License-Identifier: GPL-3.0-or-later
#include "join_command.h"

#include "cli_support.h"
#include "join_lines.h"
#include "join_tls.h"

#include "netcore/address.h"
#include "netcore/event_loop.h"
#include "netcore/irc/client.h"
#include "netcore/irc/host.h"
#include "netcore/irc/message.h"
#include "netcore/irc/numerics.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using netcore::irc::ClientEvent;
using netcore::irc::ClientState;
using Kind = ClientEvent::Kind;
namespace irc = netcore::irc;

// The registration's technical numerics (002-005, the user counts) are noise here.
std::mutex g_outputMutex;

void say(std::FILE* stream, const std::string& line)
{
    const std::lock_guard lock(g_outputMutex);
    std::fprintf(stream, "%s\n", line.c_str());
    std::fflush(stream);
}

std::string closeReason(const ClientEvent& e)
{
    std::string why = e.error ? e.error.describe() : std::string();
    if (!e.text.empty())
        why += (why.empty() ? "" : " (") + e.text + (why.empty() ? "" : ")");
    return why.empty() ? "closed" : why;
}

bool isRoom(const std::string& name)
{
    return !name.empty() && (name[0] == '#' || name[0] == '&');
}

std::vector<std::string> splitWords(const std::string& text)
{
    std::vector<std::string> words;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = text.find(' ', at);
        if (end != at)
            words.push_back(text.substr(at, end == std::string::npos ? end : end - at));
        if (end == std::string::npos)
            break;
        at = end + 1;
    }
    return words;
}

// Lives in the loop thread: the client and what the console shows.
struct Session
{
    Session(const JoinOptions& o, cli::KnownHosts k, cli::TlsChoice t)
        : options(o)
        , known(std::move(k))
        , tlsChoice(std::move(t))
        , current(o.room)
    {}

    const JoinOptions& options;
    cli::KnownHosts known;
    cli::TlsChoice tlsChoice;
    std::unique_ptr<netcore::irc::IrcClient> client;
    std::unique_ptr<netcore::presence::Presence> presence;
    std::string current; // the room plain lines go to
    bool inputEnded = false;
    bool quitting = false;
    bool wasRegistered = false;
    // The time of the last line seen in each chat (room or nick, by folded name): after a
    // reconnect, the server's history (draft/chathistory) brings what came after it.
    std::map<std::string, std::pair<std::string, std::chrono::system_clock::time_point>> lastSeen;
    std::size_t unsent = 0; // lines given up when quitting while disconnected
    std::promise<int> finished;
    bool finishedSet = false;

    void finish(int code)
    {
        if (finishedSet)
            return;
        finishedSet = true;
        finished.set_value(code);
    }

    void show(const ClientEvent& e, const std::string& text)
    {
        say(stdout, "[" + clockTime(e.time) + "] " + terminalSafe(text));
    }

    void showNow(const std::string& text)
    {
        ClientEvent e;
        e.time = std::chrono::system_clock::now();
        show(e, text);
    }

    void noteSeen(const ClientEvent& e)
    {
        const std::string chat = !e.room.empty() ? e.room : e.self ? e.target : e.nick;
        if (chat.empty() || e.nick.empty())
            return;
        auto& seen = lastSeen[client->fold(chat)];
        seen.first = chat;
        seen.second = std::max(seen.second, e.time);
    }

    // Back after a reconnect: what was said in `chat` since we last saw a line of it.
    void catchUp(const std::string& chat)
    {
        const auto it = lastSeen.find(client->fold(chat));
        if (it != lastSeen.end())
            client->requestHistory(it->second.first, it->second.second);
    }

    void onEvent(const ClientEvent& e)
    {
        const std::string where = e.room.empty() ? std::string() : e.room + " ";
        const std::string earlier = e.history ? "(earlier) " : "";
        if (e.kind == Kind::Message || e.kind == Kind::Action || e.kind == Kind::Notice)
            noteSeen(e);
        switch (e.kind) {
        case Kind::StateChanged:
            onState(e);
            return;
        case Kind::Registered:
            if (wasRegistered) { // a reconnect: private chats catch up (rooms as they are joined)
                for (const auto& [folded, seen] : lastSeen) {
                    if (!client->isRoomName(seen.first))
                        catchUp(seen.first);
                }
            }
            wasRegistered = true;
            if (presence)
                presence->setName(e.nick);
            show(e, "-!- " + e.text);
            if (inputEnded && !quitting)
                quit("");
            return;
        case Kind::Message:
            if (e.room.empty())
                show(e, earlier + (e.self ? "-> *" + e.target + "* " + e.text
                                          : "*" + e.nick + "* " + e.text));
            else
                show(e, where + earlier + "<" + e.nick + "> " + e.text);
            return;
        case Kind::Action:
            show(e, (e.room.empty() ? std::string("(private) ") : where) + earlier + "* " + e.nick +
                        " " + e.text);
            return;
        case Kind::Notice:
            show(e, (e.nick.empty() ? std::string("-!- ") : "-" + e.nick + "- ") + where + earlier +
                        e.text);
            return;
        case Kind::WatchedOnline:
            show(e, "-!- " + e.nick + " is online (" + e.target + ")");
            return;
        case Kind::WatchedOffline:
            show(e, "-!- " + e.nick + " is offline");
            return;
        case Kind::HistoryEnd:
            show(e, where + "-!- " + std::to_string(e.count) +
                        " earlier line(s) from while you were away" +
                        (e.room.empty() ? " with " + e.target : std::string()));
            return;
        case Kind::MemberChanged:
            if (!e.text.empty())
                show(e, "-!- " + e.nick + "'s real name is now " + e.text);
            return;
        case Kind::Join:
            if (e.self) {
                current = e.room;
                catchUp(e.room);
            }
            show(e, where + "--> " + (e.self ? "you joined" : e.nick + " joined"));
            return;
        case Kind::Part:
            show(e,
                 where + "<-- " + e.nick + " left" + (e.text.empty() ? "" : " (" + e.text + ")"));
            if (e.self)
                pickCurrentRoom();
            return;
        case Kind::Quit:
            show(e, "<-- " + e.nick + " quit" + (e.text.empty() ? "" : " (" + e.text + ")"));
            return;
        case Kind::Kick:
            show(e, where + "<-- " + e.target + " was kicked by " + e.nick + " (" + e.text + ")");
            if (e.self)
                pickCurrentRoom();
            return;
        case Kind::NickChange:
            if (e.self && presence)
                presence->setName(e.target);
            show(e, "-!- " + (e.self ? "you are" : e.nick + " is") + " now known as " + e.target);
            return;
        case Kind::Topic:
            if (e.nick.empty())
                show(e, where + "-!- topic: " + (e.text.empty() ? "(none)" : e.text));
            else
                show(e, where + "-!- " + e.nick + " set the topic: " + e.text);
            return;
        case Kind::Names: {
            std::string list;
            for (const auto& name : e.names)
                list += (list.empty() ? "" : " ") + name;
            show(e, where + "-!- in the room: " + list);
            return;
        }
        case Kind::Mode:
            show(e, where + "-!- " + (e.nick.empty() ? std::string("the server") : e.nick) +
                        " sets mode " + e.text);
            return;
        case Kind::Away:
            if (!e.self)
                return; // someone else: AwayReply and MemberAway say it
            if (presence)
                presence->setStatus(e.text.empty() ? netcore::presence::Status::Available
                                                   : netcore::presence::Status::Away);
            show(e, e.text.empty() ? "-!- you are back" : "-!- you are away");
            return;
        case Kind::AwayReply:
            show(e, "-!- " + e.nick + " is away: " + e.text);
            return;
        case Kind::MemberAway:
            if (!e.self)
                show(e, "-!- " + e.nick +
                            (e.away ? " is away" + (e.text.empty() ? "" : ": " + e.text)
                                    : " is back"));
            return;
        case Kind::Whois:
            for (const auto& line : cli::whoisLines(*e.whois))
                show(e, line);
            return;
        case Kind::WhoList:
            for (const auto& line : cli::whoLines(e))
                show(e, line);
            return;
        case Kind::NickRefused:
            if (e.state != ClientState::Registering)
                show(e, "!! the nick " + e.nick + " is " + irc::nickRefusalName(e.refusal) + ": " +
                            e.text + "; you stay " + client->nick());
            else if (!e.target.empty())
                show(e, "-!- the nick " + e.nick + " is " + irc::nickRefusalName(e.refusal) +
                            "; trying " + e.target);
            return; // else the attempt ends, and the error that ends it says why
        case Kind::PasswordRefused:
            return; // the connection ends, and the error that ends it says why
        case Kind::OperatorRefused:
            show(e, "!! you are not an operator: " + e.text);
            return;
        case Kind::OperatorGranted:
            show(e, "-!- " + e.text);
            return;
        case Kind::Invite:
            show(e, "-!- " + e.nick + " invites you to " + e.room);
            return;
        case Kind::Lag:
            return; // /lag shows it
        case Kind::TlsReady: {
            const auto info = client->tlsInfo();
            if (info && tlsChoice.firstUse && !info->trusted && !info->fingerprint.empty()) {
                std::string error;
                if (known.remember(tlsChoice.address, info->fingerprint, &error))
                    show(e, "-!- accepted on first use, and remembered in " +
                                known.file().string() + ": the host's certificate SHA256 " +
                                info->fingerprint);
                else
                    show(e, "!! " + error);
                tlsChoice.firstUse = false;
            } else if (info && info->pinned && !options.tlsFingerprint.empty() &&
                       !tlsChoice.remembered.empty() && tlsChoice.remembered != info->fingerprint) {
                // A new certificate accepted deliberately: remembered from now on.
                std::string error;
                if (known.remember(tlsChoice.address, info->fingerprint, &error))
                    show(e, "-!- the host's new certificate is remembered in " +
                                known.file().string());
                tlsChoice.remembered = info->fingerprint;
            }
            show(e, "-!- TLS: " + e.text +
                        (info && !info->fingerprint.empty()
                             ? "; the host's certificate SHA256 " + info->fingerprint +
                                   (info->pinned    ? " (pinned)"
                                    : info->trusted ? " (trusted)"
                                                    : " (trusted on first use)")
                             : std::string()));
            return;
        }
        case Kind::ServerText:
        case Kind::Motd:
            show(e, "-!- " + e.text);
            return;
        case Kind::Error:
            if (quitting && e.numeric == 0) { // the server's goodbye after our QUIT
                show(e, "-!- " + e.text);
                return;
            }
            show(e, "!! " + (e.target.empty() ? std::string() : e.target + ": ") + e.text +
                        (e.numeric ? " (" + std::to_string(e.numeric) + ")" : ""));
            return;
        }
    }

    void onState(const ClientEvent& e)
    {
        switch (e.state) {
        case ClientState::Connecting:
            showNow("-!- connecting to " + options.target);
            return;
        case ClientState::Registering:
            showNow("-!- connected to " + client->peerAddress().toString() + ", registering as " +
                    client->nick());
            return;
        case ClientState::Waiting:
            showNow("!! connection lost: " + closeReason(e) + "; reconnecting in " +
                    std::to_string((e.retryIn.count() + 999) / 1000) + " s");
            if (inputEnded) { // nobody is left to type: stop trying
                unsent = client->queuedLines();
                quit("");
            }
            return;
        case ClientState::Disconnected:
            if (quitting && !e.error) {
                showNow("-!- disconnected");
                if (unsent > 0)
                    say(stderr, "lanchat-cli: " + std::to_string(unsent) +
                                    " line(s) not sent: the connection was lost");
                finish(unsent > 0 ? 1 : 0);
            } else {
                const std::string what = wasRegistered ? "disconnected" : "cannot join the chat";
                say(stderr, "lanchat-cli: " + what + ": " + closeReason(e));
                for (const auto& line :
                     cli::tlsAdvice(e.error, client->tlsInfo(), tlsChoice, known))
                    say(stderr, line);
                finish(1);
            }
            return;
        case ClientState::Registered:
        case ClientState::Closing:
            return;
        }
    }

    void pickCurrentRoom()
    {
        const auto& rooms = client->rooms();
        current = rooms.empty() ? std::string() : rooms.begin()->second.name;
        if (!current.empty())
            showNow("-!- now talking in " + current);
    }

    void quit(const std::string& reason)
    {
        quitting = true;
        if (!client)
            return;
        client->disconnect(reason);
    }

    // Standard input ended: quit once registered and everything typed is on its way.
    void endOfInput()
    {
        inputEnded = true;
        if (!client)
            return; // the session has ended already
        const ClientState state = client->state();
        if (state == ClientState::Registered)
            quit("");
        else if (state == ClientState::Waiting) {
            unsent = client->queuedLines(); // typed while the connection was down
            quit("");
        } else if (state == ClientState::Disconnected)
            finish(wasRegistered ? 0 : 1);
    }

    void input(const std::string& raw)
    {
        if (!client)
            return;
        std::string line = raw;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty())
            return;
        if (line[0] != '/' || line.rfind("//", 0) == 0) {
            const std::string text = line[0] == '/' ? line.substr(1) : line;
            if (current.empty())
                showNow("!! you are in no room: /join #room");
            else
                client->sendMessage(current, text);
            return;
        }
        const std::size_t space = line.find(' ');
        const std::string command = netcore::irc::foldCase(line.substr(1, space - 1));
        std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
        const std::size_t restSpace = rest.find(' ');
        const std::string first = rest.substr(0, restSpace);
        const std::string others = restSpace == std::string::npos ? "" : rest.substr(restSpace + 1);

        if (command == "help") {
            for (std::size_t at = 0; at < std::string(cli::JoinHelpText).size();) {
                const std::string text = cli::JoinHelpText;
                const std::size_t end = text.find('\n', at);
                say(stdout, text.substr(at, end - at));
                at = end == std::string::npos ? text.size() : end + 1;
            }
        } else if (command == "join" && !first.empty()) {
            client->join(first, others);
            current = first;
        } else if (command == "part") {
            const bool named = !first.empty() && first[0] == '#';
            const std::string room = named ? first : current;
            if (room.empty())
                showNow("!! you are in no room");
            else
                client->part(room, named ? others : rest);
        } else if (command == "msg" && !first.empty() && !others.empty()) {
            client->sendMessage(first, others);
        } else if (command == "query" && !first.empty() && !isRoom(first)) {
            current = first; // the lines typed now go to them
            showNow("-!- talking with " + first + " (/join #room or /query another to change)");
            if (!others.empty())
                client->sendMessage(first, others);
        } else if (command == "notice" && !first.empty() && !others.empty()) {
            client->sendNotice(first, others);
        } else if (command == "kick" && !first.empty()) {
            if (!isRoom(current))
                showNow("!! /kick works in a room: /join #room first");
            else
                client->kick(current, first, others);
        } else if (command == "mode") {
            // "/mode" alone: the current room's; "/mode +m" too; "/mode #room|NICK [modes...]".
            const bool named = !first.empty() && first[0] != '+' && first[0] != '-';
            const std::string target = named ? first : current;
            std::vector<std::string> words = splitWords(named ? others : rest);
            if (target.empty()) {
                showNow("!! /mode needs a room or a nick");
            } else {
                const std::string modes = words.empty() ? std::string() : words.front();
                if (!words.empty())
                    words.erase(words.begin());
                client->setMode(target, modes, words);
            }
        } else if (command == "invite" && !first.empty()) {
            const std::string room = others.empty() ? current : others;
            if (!isRoom(room))
                showNow("!! /invite NICK #room (or from a room)");
            else
                client->invite(first, room);
        } else if (command == "list") {
            client->requestList(first);
        } else if (command == "me" && !rest.empty()) {
            if (current.empty())
                showNow("!! you are in no room: /join #room");
            else
                client->sendAction(current, rest);
        } else if (command == "nick" && !first.empty()) {
            client->setNick(first);
        } else if (command == "topic") {
            // "/topic #dev Dev talk" names its room; else the current room's.
            const bool named = isRoom(first);
            const std::string room = named ? first : current;
            const std::string text = named ? others : rest;
            if (room.empty())
                showNow("!! you are in no room");
            else if (text.empty())
                client->requestTopic(room);
            else
                client->setTopic(room, text);
        } else if (command == "away") {
            client->setAway(rest.empty() ? "away" : rest);
        } else if (command == "back") {
            client->setAway("");
        } else if (command == "names") {
            client->requestNames(first.empty() ? current : first);
        } else if (command == "who") {
            if (first.empty() && current.empty())
                showNow("!! /who #room|mask (or from a room)");
            else
                client->who(first.empty() ? current : first);
        } else if (command == "whois" && !first.empty()) {
            client->whois(first);
        } else if (command == "lag") {
            showNow("-!- lag: " + std::to_string(client->lag().count()) + " ms");
        } else if (command == "info") {
            std::string caps;
            for (const auto& cap : client->capabilities())
                caps += (caps.empty() ? "" : " ") + cap;
            showNow("-!- network " + (client->network().empty() ? "?" : client->network()) +
                    ", case mapping " + irc::caseMappingName(client->caseMapping()) +
                    ", capabilities: " + (caps.empty() ? "none" : caps));
        } else if (command == "quote" && !rest.empty()) {
            client->sendRaw(rest);
        } else if (command == "quit") {
            quit(rest);
        } else {
            showNow("!! " + line.substr(0, space) +
                    ": unknown command or missing argument (/help lists them)");
        }
    }
};

std::string defaultNick()
{
    for (const char* variable : {"LANCHAT_NICK", "USER", "LOGNAME", "USERNAME"})
        if (const char* value = std::getenv(variable); value && *value)
            return nickFromUserName(value);
    return "lanchat";
}

} // namespace

std::string nickFromUserName(const std::string& name)
{
    std::string nick;
    for (const char c : name) {
        const std::string one(1, c);
        nick += netcore::irc::isValidNick("a" + one) ? c : '_';
    }
    if (!nick.empty() && !netcore::irc::isValidNick(nick.substr(0, 1)))
        nick = "_" + nick;
    nick = nick.substr(0, 30);
    return netcore::irc::isValidNick(nick) ? nick : "lanchat";
}

std::string terminalSafe(const std::string& text)
{
    return netcore::irc::displayText(text);
}

int runJoin(const JoinOptions& given)
{
    JoinOptions options = given;
    options.tls = options.tls || !options.tlsFingerprint.empty() || options.tlsTrustOnFirstUse;
    const std::string target = cli::withoutScheme(options.target, &options.tls);
    if (!options.tlsFingerprint.empty() &&
        netcore::normalizeFingerprint(options.tlsFingerprint).empty()) {
        std::fprintf(stderr,
                     "lanchat-cli: --tls-fingerprint wants a SHA-256 fingerprint (64 hex digits, "
                     "colons optional), not \"%s\"\n",
                     options.tlsFingerprint.c_str());
        return 2;
    }
    netcore::HostPort where;
    if (const auto ec = netcore::parseHostPort(target, options.tls ? 6697 : 6667, &where)) {
        std::fprintf(stderr, "lanchat-cli: %s: %s\n", options.target.c_str(), ec.message().c_str());
        return 2;
    }
    netcore::irc::ClientConfig config;
    config.host = where.host;
    config.port = where.port;
    config.nick = options.nick.value_or(defaultNick());
    if (!netcore::irc::isValidNick(config.nick)) {
        std::fprintf(stderr,
                     "lanchat-cli: '%s' is not a valid nick (letters, digits and -_[]\\`^{}|; "
                     "not starting with a digit or '-'; at most 30 bytes)\n",
                     config.nick.c_str());
        return 2;
    }
    // A nick asked for by name is that nick or an error; the default one may get a suffix.
    config.alternativeNicks = !options.nick.has_value();
    config.password = options.password;
    config.rooms = {options.room};
    config.watched = options.watch;
    config.reconnect = options.reconnect;
    const cli::KnownHosts known(defaultStateDir() / "known-tls-hosts");
    const cli::TlsChoice tlsChoice = cli::configureTls(options, known, &config);

    auto presenceSettings = presenceConfig(options.presence);
    if (!presenceSettings)
        return 2;
    auto loop = startLoop(options.loop);
    if (!loop)
        return 1;
    installStopSignals();

    auto session = std::make_shared<Session>(options, known, tlsChoice);
    std::future<int> finished = session->finished.get_future();
    loop->invoke([&] {
        Session* s = session.get();
        s->client = std::make_unique<netcore::irc::IrcClient>(
            *loop, config, [s](const ClientEvent& e) { s->onEvent(e); });
        s->client->connect();
        // Announced on the LAN as a member, with the chat it is in.
        presenceSettings->role = netcore::presence::Role::Member;
        presenceSettings->name = config.nick;
        presenceSettings->chat = options.target;
        s->presence = std::make_unique<netcore::presence::Presence>(*loop, *presenceSettings);
        if (s->presence->start())
            say(stderr, "lanchat-cli: " + presenceSummary(*s->presence));
    });

    // Standard input is read on its own thread, which may stay blocked in a read when the
    // session ends first (the server went away); it then ends with the process.
    netcore::EventLoop* loopPtr = loop.get();
    std::thread([loopPtr, session] {
        std::string line;
        while (std::getline(std::cin, line))
            loopPtr->post([session, line] { session->input(line); });
        loopPtr->post([session] { session->endOfInput(); });
    }).detach();

    int code = 0;
    for (;;) {
        if (finished.wait_for(100ms) == std::future_status::ready) {
            code = finished.get();
            break;
        }
        if (stopRequested()) {
            loop->post([session] { session->quit("interrupted"); });
            code = finished.wait_for(5s) == std::future_status::ready ? finished.get() : 130;
            break;
        }
    }
    loop->invoke([&] {
        session->presence.reset(); // says bye
        session->client.reset();
    });
    loop->stop();
    std::fflush(stdout);
    std::fflush(stderr);
    // The stdin reader may still hold the session: leave without running destructors under it.
    std::_Exit(code);
}
