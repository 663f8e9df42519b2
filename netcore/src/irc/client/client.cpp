// SPDX-License-Identifier: GPL-3.0-or-later
// The public face of the client engine: IrcClient's life cycle, its typed operations (each
// one IRC command, paced with everything else) and what it knows.

#include "irc/client/client_impl.h"

#include <algorithm>

namespace netcore::irc {

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

std::string banMask(std::string_view nickOrMask)
{
    if (nickOrMask.find_first_of("!@") != std::string_view::npos)
        return std::string(nickOrMask);
    return std::string(nickOrMask) + "!*@*";
}

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
    d.backoff = std::chrono::milliseconds(0);
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
        d.queue.push({formatLimited(quit, d.config.maxLine), std::nullopt, true});
        d.pump();
        return;
    }
}

// --- operations --------------------------------------------------------------------------------

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
    m_impl->wanted.erase(m_impl->fold(room));
    m_impl->enqueue(m);
}

void IrcClient::setNick(const std::string& nick)
{
    m_impl->requestNick(nick);
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
    m_impl->awayRequested = text;
    if (text.empty())
        m_impl->enqueue({{}, {}, "AWAY", {}});
    else
        m_impl->enqueue({{}, {}, "AWAY", {text}, true});
}

void IrcClient::whois(const std::string& nick)
{
    m_impl->enqueue({{}, {}, "WHOIS", {nick}});
}

void IrcClient::kick(const std::string& room, const std::string& nick, const std::string& reason)
{
    Message m{{}, {}, "KICK", {room, nick}};
    if (!reason.empty()) {
        m.params.push_back(reason);
        m.trailing = true;
    }
    m_impl->enqueue(m);
}

void IrcClient::ban(const std::string& room, const std::string& nickOrMask)
{
    m_impl->enqueue({{}, {}, "MODE", {room, "+b", banMask(nickOrMask)}});
}

void IrcClient::unban(const std::string& room, const std::string& nickOrMask)
{
    m_impl->enqueue({{}, {}, "MODE", {room, "-b", banMask(nickOrMask)}});
}

void IrcClient::oper(const std::string& name, const std::string& password)
{
    m_impl->enqueue({{}, {}, "OPER", {name, password}});
}

void IrcClient::setMode(const std::string& target, const std::string& modes,
                        const std::vector<std::string>& args)
{
    Message m{{}, {}, "MODE", {target}};
    if (!modes.empty()) {
        m.params.push_back(modes);
        m.params.insert(m.params.end(), args.begin(), args.end());
    }
    m_impl->enqueue(m);
}

void IrcClient::invite(const std::string& nick, const std::string& room)
{
    m_impl->enqueue({{}, {}, "INVITE", {nick, room}});
}

void IrcClient::requestNames(const std::string& room)
{
    m_impl->enqueue({{}, {}, "NAMES", {room}});
}

void IrcClient::requestList(const std::string& mask)
{
    if (mask.empty())
        m_impl->enqueue({{}, {}, "LIST", {}});
    else
        m_impl->enqueue({{}, {}, "LIST", {mask}});
}

bool IrcClient::requestHistory(const std::string& target,
                               std::optional<std::chrono::system_clock::time_point> after)
{
    return m_impl->requestHistory(target, after);
}

void IrcClient::setWatched(std::vector<std::string> nicks)
{
    m_impl->config.watched = std::move(nicks);
    m_impl->sendWatched(true);
}

bool IrcClient::canWatch() const
{
    return m_impl->support.monitorLimit > 0;
}

void IrcClient::requestWho(const std::string& mask)
{
    m_impl->sendRequest(Impl::RequestKind::OwnWho, mask, {{}, {}, "WHO", {mask}});
}

void IrcClient::who(const std::string& mask)
{
    m_impl->sendRequest(Impl::RequestKind::UserWho, mask, {{}, {}, "WHO", {mask}});
}

void IrcClient::sendCtcp(const std::string& target, std::string_view body)
{
    m_impl->enqueue({{}, {}, "PRIVMSG", {target, "\x01" + std::string(body) + "\x01"}, true});
}

void IrcClient::sendCtcpReply(const std::string& target, std::string_view body)
{
    m_impl->enqueue({{}, {}, "NOTICE", {target, "\x01" + std::string(body) + "\x01"}, true});
}

void IrcClient::sendRaw(std::string_view line)
{
    m_impl->sendRawLine(line);
}

// --- what it knows -----------------------------------------------------------------------------

std::optional<TlsInfo> IrcClient::tlsInfo() const
{
    return m_impl->tlsInfoValue;
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
    const auto it = m_impl->roomMap.find(m_impl->fold(name));
    return it == m_impl->roomMap.end() ? nullptr : &it->second;
}

CaseMapping IrcClient::caseMapping() const
{
    return m_impl->support.caseMapping;
}

std::string IrcClient::fold(std::string_view name) const
{
    return m_impl->fold(name);
}

bool IrcClient::isRoomName(std::string_view target) const
{
    return m_impl->isRoomName(target);
}

bool IrcClient::isAway() const
{
    return !m_impl->awayValue.empty();
}

const std::string& IrcClient::awayText() const
{
    return m_impl->awayValue;
}

bool IrcClient::isOperator() const
{
    return m_impl->operatorStatus;
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
    return m_impl->support.network;
}

const std::string& IrcClient::hostId() const
{
    return m_impl->support.hostId;
}

const std::string& IrcClient::fileHostUrl() const
{
    return m_impl->support.fileHost();
}

SocketId IrcClient::socketId() const
{
    return m_impl->connection ? m_impl->connection->id() : 0;
}

SocketAddress IrcClient::peerAddress() const
{
    return m_impl->connection ? m_impl->connection->peerAddress() : SocketAddress();
}

SocketAddress IrcClient::localAddress() const
{
    return m_impl->connection ? m_impl->connection->localAddress() : SocketAddress();
}

} // namespace netcore::irc
