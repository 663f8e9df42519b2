// SPDX-License-Identifier: GPL-3.0-or-later
#include "join_session.h"

#include "join_lines.h"

#include "netcore/irc/message.h"
#include "netcore/irc/numerics.h"

#include <algorithm>
#include <mutex>

namespace cli {

namespace {

using netcore::irc::ClientEvent;
using netcore::irc::ClientState;
using Kind = ClientEvent::Kind;
namespace irc = netcore::irc;

// The registration's technical numerics (002-005, the user counts) are noise here.
std::mutex g_outputMutex;

std::string closeReason(const ClientEvent& e)
{
    std::string why = e.error ? e.error.describe() : std::string();
    if (!e.text.empty())
        why += (why.empty() ? "" : " (") + e.text + (why.empty() ? "" : ")");
    return why.empty() ? "closed" : why;
}

} // namespace

void say(std::FILE* stream, const std::string& line)
{
    const std::lock_guard lock(g_outputMutex);
    std::fprintf(stream, "%s\n", line.c_str());
    std::fflush(stream);
}

void Session::show(const ClientEvent& e, const std::string& text)
{
    say(stdout, "[" + clockTime(e.time) + "] " + terminalSafe(text));
}

void Session::showNow(const std::string& text)
{
    ClientEvent e;
    e.time = std::chrono::system_clock::now();
    show(e, text);
}

void Session::noteSeen(const ClientEvent& e)
{
    const std::string chat = !e.room.empty() ? e.room : e.self ? e.target : e.nick;
    if (chat.empty() || e.nick.empty())
        return;
    auto& seen = lastSeen[client->fold(chat)];
    seen.first = chat;
    seen.second = std::max(seen.second, e.time);
}

// Back after a reconnect: what was said in `chat` since we last saw a line of it.
void Session::catchUp(const std::string& chat)
{
    const auto it = lastSeen.find(client->fold(chat));
    if (it != lastSeen.end())
        client->requestHistory(it->second.first, it->second.second);
}

void Session::onEvent(const ClientEvent& e)
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
        show(e, where + "<-- " + e.nick + " left" + (e.text.empty() ? "" : " (" + e.text + ")"));
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
                        (e.away ? " is away" + (e.text.empty() ? "" : ": " + e.text) : " is back"));
        return;
    case Kind::Whois:
        for (const auto& line : cli::whoisLines(*e.whois))
            show(e, line);
        return;
    case Kind::WhoList:
        for (const auto& line : cli::whoLines(e))
            show(e, line);
        return;
    case Kind::Dcc:
        return; // the session's DccManager takes it
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
                show(e, "-!- accepted on first use, and remembered in " + known.file().string() +
                            ": the host's certificate SHA256 " + info->fingerprint);
            else
                show(e, "!! " + error);
            tlsChoice.firstUse = false;
        } else if (info && info->pinned && !options.tlsFingerprint.empty() &&
                   !tlsChoice.remembered.empty() && tlsChoice.remembered != info->fingerprint) {
            // A new certificate accepted deliberately: remembered from now on.
            std::string error;
            if (known.remember(tlsChoice.address, info->fingerprint, &error))
                show(e, "-!- the host's new certificate is remembered in " + known.file().string());
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

void Session::onState(const ClientEvent& e)
{
    switch (e.state) {
    case ClientState::Connecting:
        showNow("-!- connecting to " + options.target);
        return;
    case ClientState::Registering:
        // Over TLS the handshake comes first: registering waits for it (its end is said).
        showNow("-!- connected to " + client->peerAddress().toString() +
                (options.tls ? ", TLS handshake, then registering as " : ", registering as ") +
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
            for (const auto& line : cli::tlsAdvice(e.error, client->tlsInfo(), tlsChoice, known))
                say(stderr, line);
            finish(1);
        }
        return;
    case ClientState::Registered:
    case ClientState::Closing:
        return;
    }
}

void Session::pickCurrentRoom()
{
    const auto& rooms = client->rooms();
    current = rooms.empty() ? std::string() : rooms.begin()->second.name;
    if (!current.empty())
        showNow("-!- now talking in " + current);
}

} // namespace cli
