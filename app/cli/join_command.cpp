// SPDX-License-Identifier: GPL-3.0-or-later
#include "join_command.h"

#include "cli_support.h"
#include "join_lines.h"
#include "join_session.h"
#include "join_tls.h"
#include "trace_output.h"

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
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using netcore::irc::ClientEvent;
using netcore::irc::ClientState;
namespace irc = netcore::irc;

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

std::string defaultNick()
{
    for (const char* variable : {"LANCHAT_NICK", "USER", "LOGNAME", "USERNAME"})
        if (const char* value = std::getenv(variable); value && *value)
            return nickFromUserName(value);
    return "lanchat";
}

} // namespace

namespace cli {

void Session::quit(const std::string& reason)
{
    quitting = true;
    if (!client)
        return;
    client->disconnect(reason);
}

// Standard input ended: quit once registered and everything typed is on its way.
void Session::endOfInput()
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

void Session::input(const std::string& raw)
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

} // namespace cli

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

    auto session = std::make_shared<cli::Session>(options, known, tlsChoice);
    std::future<int> finished = session->finished.get_future();
    loop->invoke([&] {
        cli::Session* s = session.get();
        s->client = std::make_unique<netcore::irc::IrcClient>(
            *loop, config, [s](const ClientEvent& e) { s->onEvent(e); });
        s->client->connect();
        // Announced on the LAN as a member, with the chat it is in.
        presenceSettings->role = netcore::presence::Role::Member;
        presenceSettings->name = config.nick;
        presenceSettings->chat = options.target;
        s->presence = std::make_unique<netcore::presence::Presence>(*loop, *presenceSettings);
        if (s->presence->start())
            cli::say(stderr, "lanchat-cli: " + presenceSummary(*s->presence));
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
    TraceOutput::finishActive(); // the sockets' table, which no destructor will print
    std::fflush(stderr);
    // The stdin reader may still hold the session: leave without running destructors under it.
    std::_Exit(code);
}
