// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/chatsession.h"

#include "netcore/event_loop.h"
#include "netcore/irc/client.h"

#include "qtconvert.h"

#include <QMetaObject>
#include <QPointer>

#include <mutex>

namespace bridge {

namespace {

using netcore::irc::ClientEvent;
using netcore::irc::ClientState;

SessionState toState(ClientState state)
{
    switch (state) {
    case ClientState::Disconnected:
        return SessionState::Disconnected;
    case ClientState::Connecting:
        return SessionState::Connecting;
    case ClientState::Registering:
        return SessionState::Registering;
    case ClientState::Registered:
        return SessionState::Registered;
    case ClientState::Closing:
        return SessionState::Closing;
    case ClientState::Waiting:
        return SessionState::Waiting;
    }
    return SessionState::Disconnected;
}

ChatEvent toChatEvent(const ClientEvent& e)
{
    ChatEvent c;
    c.kind = static_cast<ChatEvent::Kind>(static_cast<int>(e.kind));
    c.state = toState(e.state);
    c.room = toQString(e.room);
    c.nick = toQString(e.nick);
    c.target = toQString(e.target);
    c.text = toQString(e.text);
    for (const auto& n : e.names)
        c.names.append(toQString(n));
    for (const auto& r : e.rooms)
        c.rooms.append(toQString(r));
    c.numeric = e.numeric;
    c.self = e.self;
    if (e.error) {
        c.error = toQString(e.error.describe());
        c.errorName = toQString(netcore::errorName(e.error.code));
    }
    c.msgId = toQString(e.msgid);
    c.lagMs = e.lag.count();
    c.retryInMs = e.retryIn.count();
    c.time = toQDateTime(e.time); // UTC: shown in local time by the GUI thread
    return c;
}

static_assert(static_cast<int>(ClientEvent::Kind::Error) ==
                  static_cast<int>(ChatEvent::Kind::Error),
              "ChatEvent::Kind mirrors ClientEvent::Kind");

} // namespace

QString sessionStateText(SessionState state)
{
    switch (state) {
    case SessionState::Disconnected:
        return QObject::tr("disconnected");
    case SessionState::Connecting:
        return QObject::tr("connecting");
    case SessionState::Registering:
        return QObject::tr("logging in");
    case SessionState::Registered:
        return QObject::tr("connected");
    case SessionState::Closing:
        return QObject::tr("leaving");
    case SessionState::Waiting:
        return QObject::tr("reconnecting");
    }
    return {};
}

// Lives in the loop thread (created and destroyed there).
struct ChatSession::Worker
{
    std::unique_ptr<netcore::EventLoop> loop;
    std::unique_ptr<netcore::irc::IrcClient> client;

    // Events on their way to the GUI thread. Under a flood, one queued call carries all that
    // arrived meanwhile, instead of one per line (the GUI thread keeps up).
    std::mutex mutex;
    QList<QPair<ChatEvent, QList<QPair<QString, QList<RoomMember>>>>> outbox;
    bool scheduled = false;

    // Runs `fn(client)` in the loop thread, if the client is there.
    template <typename F> void post(F fn)
    {
        if (!loop)
            return;
        loop->post([this, fn = std::move(fn)] {
            if (client)
                fn(*client);
        });
    }
};

ChatSession::ChatSession(SessionSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_worker(std::make_unique<Worker>())
    , m_nick(m_settings.nick)
{
    qRegisterMetaType<bridge::ChatEvent>();
}

ChatSession::~ChatSession()
{
    // Ordered: the client goes in its own thread (no event is reported after that), then the
    // loop stops and its thread is joined. Events already queued to this object are dropped
    // with it.
    if (m_worker->loop) {
        m_worker->loop->invoke([this] { m_worker->client.reset(); });
        m_worker->loop->stop();
    }
}

QString ChatSession::address() const
{
    const bool v6 = m_settings.host.contains(QLatin1Char(':'));
    return (v6 ? QLatin1Char('[') + m_settings.host + QLatin1Char(']') : m_settings.host) +
           QLatin1Char(':') + QString::number(m_settings.port);
}

QList<RoomMember> ChatSession::members(const QString& room) const
{
    return m_members.value(room.toLower());
}

QString ChatSession::topic(const QString& room) const
{
    return m_topics.value(room.toLower());
}

void ChatSession::start()
{
    if (m_worker->loop)
        return;
    netcore::NetError error;
    m_worker->loop = netcore::EventLoop::start(toStdString(m_settings.loop), &error);
    if (!m_worker->loop) {
        ChatEvent e;
        e.kind = ChatEvent::Kind::StateChanged;
        e.state = SessionState::Disconnected;
        e.error = toQString(error.describe());
        e.errorName = toQString(netcore::errorName(error.code));
        e.time = QDateTime::currentDateTimeUtc();
        deliver(e, {});
        return;
    }
    netcore::irc::ClientConfig config;
    config.host = toStdString(m_settings.host);
    config.port = m_settings.port;
    config.nick = toStdString(m_settings.nick);
    config.realName = toStdString(m_settings.realName);
    config.password = toStdString(m_settings.password);
    for (const auto& room : m_settings.rooms)
        config.rooms.push_back(toStdString(room));
    config.alternativeNicks = m_settings.alternativeNicks;
    config.alternativeNick = toStdString(m_settings.alternativeNick);
    config.reconnect = m_settings.reconnect;

    Worker* worker = m_worker.get();
    worker->loop->post([worker, config, this]() mutable {
        worker->client = std::make_unique<netcore::irc::IrcClient>(
            *worker->loop, std::move(config), [worker, this](const ClientEvent& e) {
                // In the loop thread: convert, take the member lists the event changed, and
                // queue it all to the GUI thread.
                ChatEvent c = toChatEvent(e);
                c.network = toQString(worker->client->network());
                c.hostId = toQString(worker->client->hostId());
                c.socketId = worker->client->socketId();
                QList<QPair<QString, QList<RoomMember>>> rooms;
                QStringList affected = c.rooms;
                if (!c.room.isEmpty())
                    affected.append(c.room);
                using K = ClientEvent::Kind;
                const bool membership = e.kind == K::Join || e.kind == K::Part ||
                                        e.kind == K::Quit || e.kind == K::Kick ||
                                        e.kind == K::NickChange || e.kind == K::Names ||
                                        e.kind == K::Mode;
                if (membership) {
                    for (const auto& name : affected) {
                        QList<RoomMember> list;
                        if (const auto* r = worker->client->room(toStdString(name)))
                            for (const auto& m : r->members)
                                list.append({toQString(m.nick), toQString(m.prefix)});
                        rooms.append({name, list});
                    }
                }
                const std::lock_guard lock(worker->mutex);
                worker->outbox.append({c, rooms});
                if (!worker->scheduled) {
                    worker->scheduled = true;
                    QMetaObject::invokeMethod(
                        this, [this] { drain(); }, Qt::QueuedConnection);
                }
            });
        worker->client->connect();
    });
}

void ChatSession::drain()
{
    QList<QPair<ChatEvent, QList<QPair<QString, QList<RoomMember>>>>> events;
    {
        const std::lock_guard lock(m_worker->mutex);
        events.swap(m_worker->outbox);
        m_worker->scheduled = false;
    }
    // deliver() emits: a slot may destroy this session; stop then (QPointer).
    const QPointer<ChatSession> alive(this);
    for (const auto& [e, rooms] : events) {
        if (!alive)
            return;
        deliver(e, rooms);
    }
}

void ChatSession::deliver(const ChatEvent& e, const QList<QPair<QString, QList<RoomMember>>>& rooms)
{
    if (!e.network.isEmpty())
        m_network = e.network;
    if (!e.hostId.isEmpty())
        m_hostId = e.hostId;
    m_socketId = e.socketId;
    switch (e.kind) {
    case ChatEvent::Kind::StateChanged:
        m_state = e.state;
        if (m_state != SessionState::Registered && m_state != SessionState::Closing) {
            const auto names = m_members.keys();
            m_members.clear();
            for (const auto& name : names)
                emit membersChanged(name);
        }
        break;
    case ChatEvent::Kind::Registered:
        m_nick = e.nick;
        break;
    case ChatEvent::Kind::NickChange:
        if (e.self)
            m_nick = e.target;
        break;
    case ChatEvent::Kind::Lag:
        m_lagMs = e.lagMs;
        break;
    case ChatEvent::Kind::Topic:
        m_topics.insert(e.room.toLower(), e.text);
        break;
    case ChatEvent::Kind::Part:
    case ChatEvent::Kind::Kick:
        if (e.self || (e.kind == ChatEvent::Kind::Kick && e.target == m_nick))
            m_topics.remove(e.room.toLower());
        break;
    default:
        break;
    }
    for (const auto& [room, list] : rooms) {
        if (list.isEmpty())
            m_members.remove(room.toLower());
        else
            m_members.insert(room.toLower(), list);
    }
    // A slot may delete this session while it handles the event: emit nothing more then.
    const QPointer<ChatSession> alive(this);
    emit event(e);
    for (const auto& [room, list] : rooms) {
        if (!alive)
            return;
        emit membersChanged(room);
    }
}

void ChatSession::sendMessage(const QString& target, const QString& text)
{
    m_worker->post(
        [t = toStdString(target), x = toStdString(text)](auto& c) { c.sendMessage(t, x); });
}

void ChatSession::sendAction(const QString& target, const QString& text)
{
    m_worker->post(
        [t = toStdString(target), x = toStdString(text)](auto& c) { c.sendAction(t, x); });
}

void ChatSession::sendNotice(const QString& target, const QString& text)
{
    m_worker->post(
        [t = toStdString(target), x = toStdString(text)](auto& c) { c.sendNotice(t, x); });
}

void ChatSession::join(const QString& room, const QString& key)
{
    m_worker->post([r = toStdString(room), k = toStdString(key)](auto& c) { c.join(r, k); });
}

void ChatSession::part(const QString& room, const QString& reason)
{
    m_worker->post([r = toStdString(room), x = toStdString(reason)](auto& c) { c.part(r, x); });
}

void ChatSession::setNick(const QString& nick)
{
    m_worker->post([n = toStdString(nick)](auto& c) { c.setNick(n); });
}

void ChatSession::setTopic(const QString& room, const QString& topic)
{
    m_worker->post([r = toStdString(room), t = toStdString(topic)](auto& c) { c.setTopic(r, t); });
}

void ChatSession::requestTopic(const QString& room)
{
    m_worker->post([r = toStdString(room)](auto& c) { c.requestTopic(r); });
}

void ChatSession::setAway(const QString& text)
{
    m_worker->post([x = toStdString(text)](auto& c) { c.setAway(x); });
}

void ChatSession::sendRaw(const QString& line)
{
    m_worker->post([l = toStdString(line)](auto& c) { c.sendRaw(l); });
}

void ChatSession::quit(const QString& reason)
{
    m_worker->post([r = toStdString(reason)](auto& c) { c.disconnect(r); });
}

} // namespace bridge
