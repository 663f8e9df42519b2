// SPDX-License-Identifier: GPL-3.0-or-later
// What the engine sends: registration lines at once, everything else through the paced queue;
// text split below the line limit as the server will relay it; our own messages reported when
// the server does not echo them; the raw line a user typed.

#include "irc/client/send_queue.h"

#include "irc/client/client_impl.h"

#include <algorithm>

namespace netcore::irc {

namespace client {

namespace {

// USER's user name as servers keep it, and the longest host name: the prefix the server puts
// before our messages when relaying them, until our own JOIN shows the real one.
constexpr std::size_t AssumedUserHost = 10 + 1 + 63;

} // namespace

std::optional<SendQueue::Line> SendQueue::take(TokenBucket::Clock::time_point now)
{
    if (m_lines.empty() || !m_bucket.tryTake(now))
        return std::nullopt;
    Line line = std::move(m_lines.front());
    m_lines.pop_front();
    return line;
}

void SendQueue::dropQuit()
{
    std::erase_if(m_lines, [](const Line& line) { return line.quit; });
}

} // namespace client

void IrcClient::Impl::sendNow(const Message& m)
{
    if (connection)
        connection->send(formatLimited(m, config.maxLine));
}

void IrcClient::Impl::enqueue(const Message& m, std::optional<ClientEvent> echo)
{
    queue.push({formatLimited(m, config.maxLine), std::move(echo), false});
    pump();
}

void IrcClient::Impl::pump()
{
    if (!connection || (state != ClientState::Registered && state != ClientState::Closing))
        return;
    while (connection) {
        auto line = queue.take();
        if (!line)
            return;
        connection->send(line->text);
        if (line->echo)
            emit(*line->echo);
        if (line->quit) {
            // Half-close: what the server still sends (echoes, its ERROR) is read until it
            // closes, which it does after a QUIT; tick() ends a wait that is too long.
            connection->shutdownSend();
            closingDeadline = Clock::now() + client::QuitTimeout;
            return;
        }
    }
}

// The bytes left for text in "PRIVMSG target :text" as the server relays it to others, with
// our prefix in front: ":nick!user@host PRIVMSG target :text\r\n".
std::size_t IrcClient::Impl::textBudget(std::string_view command, const std::string& target) const
{
    const std::size_t prefix =
        1 + nick.size() + 1 + (userHost.empty() ? client::AssumedUserHost : userHost.size()) + 1;
    const std::size_t fixed = prefix + command.size() + 1 + target.size() + 2 + 2;
    return config.maxLine > fixed + 32 ? config.maxLine - fixed : 32;
}

void IrcClient::Impl::sendText(ClientEvent::Kind kind, const std::string& target,
                               std::string_view text)
{
    const bool action = kind == ClientEvent::Kind::Action;
    const std::string command = kind == ClientEvent::Kind::Notice ? "NOTICE" : "PRIVMSG";
    const std::size_t budget = textBudget(command, target) - (action ? 9 : 0);
    const bool echoed = hasCap("echo-message");
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

void IrcClient::Impl::sendRawLine(std::string_view line)
{
    std::string clean(utf8Prefix(line, config.maxLine - 2));
    std::replace_if(
        clean.begin(), clean.end(), [](char ch) { return ch == '\r' || ch == '\n' || ch == '\0'; },
        ' ');
    queue.push({clean + "\r\n", std::nullopt, false});
    pump();
}

} // namespace netcore::irc
