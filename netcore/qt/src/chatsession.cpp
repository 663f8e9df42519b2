// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/chatsession.h"

#include "netcore/event_loop.h"
#include "netcore/irc/client.h"

#include "chatconvert.h"
#include "chatsession_worker.h"
#include "qtconvert.h"

#include <QMetaObject>
#include <QPointer>

#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

namespace bridge {

using netcore::irc::ClientEvent;
using netcore::irc::ClientState;

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

ChatSession::ChatSession(SessionSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_worker(std::make_unique<Worker>())
    , m_nick(m_settings.nick)
{
    qRegisterMetaType<bridge::ChatEvent>();
    qRegisterMetaType<bridge::NickRefusalInfo>();
    qRegisterMetaType<bridge::WhoisInfo>();
    qRegisterMetaType<bridge::WhoListInfo>();
    qRegisterMetaType<bridge::TlsDetails>();
    m_tls.on = m_settings.tls;
}

ChatSession::~ChatSession()
{
    // Ordered: the client goes in its own thread (no event is reported after that), then the
    // loop stops and its thread is joined. Events already queued to this object are dropped
    // with it.
    if (m_worker->loop) {
        // A file just received: its last acknowledgement and FIN go out first (dropping the
        // transfers resets their connections), for at most a moment.
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < until &&
               m_worker->loop->invoke([this] { return m_worker->dcc && m_worker->dcc->closing(); })
                   .value_or(false))
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        m_worker->loop->invoke([this] {
            m_worker->dcc.reset();   // a .part stays for a resume
            m_worker->files.reset(); // uploads and fetches in progress are cut off
            m_worker->client.reset();
        });
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
    return m_rooms.value(fold(room)).members;
}

QString ChatSession::topic(const QString& room) const
{
    return m_rooms.value(fold(room)).topic;
}

QString ChatSession::fold(const QString& name, CaseMapping mapping)
{
    // netcore's one rule, on the ASCII characters (the only ones any mapping folds).
    const auto rule = toNetcore(mapping);
    QString folded = name;
    for (QChar& c : folded)
        if (c.unicode() < 0x80)
            c = QChar(static_cast<char16_t>(
                netcore::irc::foldChar(static_cast<char>(c.unicode()), rule)));
    return folded;
}

// The rooms are keyed again from their names as spelled: under the new mapping two may be one
// (the first wins) or one may be two.
void ChatSession::setCaseMapping(CaseMapping mapping)
{
    if (mapping == m_caseMapping)
        return;
    m_caseMapping = mapping;
    QHash<QString, RoomState> rooms;
    for (auto it = m_rooms.begin(); it != m_rooms.end(); ++it)
        if (const QString key = fold(it->name); !rooms.contains(key))
            rooms.insert(key, std::move(it.value()));
    m_rooms = std::move(rooms);
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
        Delivery d;
        d.kind = ClientEvent::Kind::StateChanged;
        d.event = e;
        d.caseMapping = m_caseMapping;
        deliver(d);
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
    config.tls = m_settings.tls;
    config.tlsOptions.pinnedFingerprint = toStdString(m_settings.tlsFingerprint);
    for (const auto& nick : m_settings.watched)
        config.watched.push_back(toStdString(nick));

    Worker* worker = m_worker.get();
    worker->loop->post([worker, config, this]() mutable {
        worker->client = std::make_unique<netcore::irc::IrcClient>(
            *worker->loop, std::move(config), [worker, this](const ClientEvent& e) {
                // In the loop thread: convert, and queue it to the GUI thread.
                if (e.kind == ClientEvent::Kind::Dcc) {
                    if (worker->dcc)
                        worker->dcc->handleRequest(e);
                    return;
                }
                Delivery d = worker->convert(e);
                const std::lock_guard lock(worker->mutex);
                worker->outbox.append(std::move(d));
                if (!worker->scheduled) {
                    worker->scheduled = true;
                    QMetaObject::invokeMethod(
                        this, [this] { drain(); }, Qt::QueuedConnection);
                }
            });
        startTransfers();
        worker->client->connect();
    });
}

void ChatSession::drain()
{
    QList<Delivery> deliveries;
    {
        const std::lock_guard lock(m_worker->mutex);
        deliveries.swap(m_worker->outbox);
        m_worker->scheduled = false;
    }
    // deliver() emits: a slot may destroy this session; stop then (QPointer).
    const QPointer<ChatSession> alive(this);
    for (const auto& d : deliveries) {
        if (!alive)
            return;
        deliver(d);
    }
}

void ChatSession::deliver(const Delivery& d)
{
    const ChatEvent& e = d.event;
    if (!e.network.isEmpty())
        m_network = e.network;
    if (!e.hostId.isEmpty())
        m_hostId = e.hostId;
    m_socketId = e.socketId;
    m_operator = d.oper;
    if (d.tls)
        m_tls = *d.tls;
    setCaseMapping(d.caseMapping);
    QStringList changed; // rooms whose member lists changed
    QString topicRoom;   // a room whose topic changed
    switch (d.kind) {
    case ClientEvent::Kind::StateChanged:
        m_state = e.state;
        if (m_state != SessionState::Registered && m_state != SessionState::Closing) {
            for (auto it = m_rooms.begin(); it != m_rooms.end(); ++it) {
                if (!it->members.isEmpty()) {
                    it->members.clear();
                    changed.append(it->name);
                }
            }
        }
        break;
    case ClientEvent::Kind::Registered:
        m_nick = e.nick;
        break;
    case ClientEvent::Kind::NickChange:
        if (e.self)
            m_nick = e.target;
        break;
    case ClientEvent::Kind::Lag:
        m_lagMs = e.lagMs;
        break;
    case ClientEvent::Kind::Topic: {
        RoomState& room = m_rooms[fold(e.room)];
        room.name = e.room;
        room.topic = e.text;
        topicRoom = e.room;
        break;
    }
    case ClientEvent::Kind::Part:
    case ClientEvent::Kind::Kick:
        if (e.self || (e.kind == ChatEvent::Kind::Kick && fold(e.target) == fold(m_nick))) {
            m_rooms[fold(e.room)].topic.clear();
            topicRoom = e.room;
        }
        break;
    case ClientEvent::Kind::Away:
        if (e.self) {
            m_away = !d.awayText.isEmpty();
            m_awayText = d.awayText;
        }
        break;
    default:
        break;
    }
    for (const auto& [name, list] : d.rooms) {
        RoomState& room = m_rooms[fold(name)];
        room.name = name;
        room.members = list;
        changed.append(name);
    }
    // Rooms we are no longer in and know no topic of are forgotten.
    auto forgetIfEmpty = [this](const QString& name) {
        if (const auto it = m_rooms.find(fold(name));
            it != m_rooms.end() && it->members.isEmpty() && it->topic.isEmpty())
            m_rooms.erase(it);
    };
    for (const auto& name : changed)
        forgetIfEmpty(name);
    if (!topicRoom.isEmpty())
        forgetIfEmpty(topicRoom);

    // A slot may delete this session while it handles the event: emit nothing more then.
    const QPointer<ChatSession> alive(this);
    if (isChatEvent(d.kind))
        emit event(e);
    else
        emitAnswer(d);
    if (alive && d.kind == ClientEvent::Kind::Away && e.self)
        emit awayChanged(m_away, m_awayText);
    for (const auto& room : changed) {
        if (!alive)
            return;
        emit membersChanged(room);
    }
    if (alive)
        updateFileHost(d.fileHost);
}

void ChatSession::emitAnswer(const Delivery& d)
{
    const ChatEvent& e = d.event;
    using K = ClientEvent::Kind;
    switch (d.kind) {
    case K::NickRefused:
        emit nickRefused(std::get<NickRefusalInfo>(d.detail));
        return;
    case K::PasswordRefused:
        emit passwordRefused(e.text);
        return;
    case K::AwayReply:
        emit awayReply(e.nick, e.text);
        return;
    case K::Whois:
        emit whoisReceived(std::get<WhoisInfo>(d.detail));
        return;
    case K::WhoList:
        emit whoListReceived(std::get<WhoListInfo>(d.detail));
        return;
    case K::TlsReady:
        emit secured(m_tls);
        return;
    case K::OperatorGranted:
        emit operatorGranted(e.text);
        return;
    case K::OperatorRefused:
        emit operatorRefused(e.text);
        return;
    case K::MemberAway:
        emit memberAwayChanged(e.nick, d.away, e.text);
        return;
    case K::WatchedOnline:
    case K::WatchedOffline:
        emit watchedChanged(e.nick, d.kind == K::WatchedOnline, e.target);
        return;
    case K::HistoryEnd:
        emit historyReplayed(e.target, int(d.count));
        return;
    default:
        return;
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

void ChatSession::whois(const QString& nick)
{
    m_worker->post([n = toStdString(nick)](auto& c) { c.whois(n); });
}

void ChatSession::who(const QString& mask)
{
    m_worker->post([m = toStdString(mask)](auto& c) { c.who(m); });
}

void ChatSession::kick(const QString& room, const QString& nick, const QString& reason)
{
    m_worker->post([r = toStdString(room), n = toStdString(nick),
                    x = toStdString(reason)](auto& c) { c.kick(r, n, x); });
}

void ChatSession::ban(const QString& room, const QString& nickOrMask)
{
    m_worker->post([r = toStdString(room), m = toStdString(nickOrMask)](auto& c) { c.ban(r, m); });
}

void ChatSession::unban(const QString& room, const QString& nickOrMask)
{
    m_worker->post(
        [r = toStdString(room), m = toStdString(nickOrMask)](auto& c) { c.unban(r, m); });
}

void ChatSession::oper(const QString& name, const QString& password)
{
    m_worker->post([n = toStdString(name), p = toStdString(password)](auto& c) { c.oper(n, p); });
}

void ChatSession::setMode(const QString& target, const QString& modes, const QStringList& args)
{
    m_worker->post([t = toStdString(target), m = toStdString(modes),
                    a = toStdStrings(args)](auto& c) { c.setMode(t, m, a); });
}

void ChatSession::invite(const QString& nick, const QString& room)
{
    m_worker->post([n = toStdString(nick), r = toStdString(room)](auto& c) { c.invite(n, r); });
}

void ChatSession::requestNames(const QString& room)
{
    m_worker->post([r = toStdString(room)](auto& c) { c.requestNames(r); });
}

void ChatSession::requestHistory(const QString& target, const QDateTime& after)
{
    std::optional<std::chrono::system_clock::time_point> since;
    if (after.isValid())
        since = std::chrono::system_clock::time_point(
            std::chrono::milliseconds(after.toMSecsSinceEpoch()));
    m_worker->post([t = toStdString(target), since](auto& c) { c.requestHistory(t, since); });
}

void ChatSession::setWatched(const QStringList& nicks)
{
    std::vector<std::string> list;
    for (const QString& nick : nicks)
        list.push_back(toStdString(nick));
    m_worker->post([list = std::move(list)](auto& c) { c.setWatched(list); });
}

void ChatSession::requestWho(const QString& room)
{
    m_worker->post([r = toStdString(room)](auto& c) { c.requestWho(r); });
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
