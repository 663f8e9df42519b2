// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared helpers for the bridge's Qt Test suites: a host on 127.0.0.1 at a free port, sessions
// to it, an event log per session that waits with QTest::qWaitFor (the GUI thread's event loop
// runs while it waits, so the queued signals arrive), and the leak checks every suite makes
// after each test (sockets netcore has open, threads of this process).

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"

#include "netcore/runtime.h"

#include <QDir>
#include <QList>
#include <QObject>
#include <QSignalSpy>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <memory>

namespace bridgetest {

// Generous: the tests share two cores with sanitizer builds and other suites.
inline constexpr int Timeout = 30000; // ms

inline const char* kindName(bridge::ChatEvent::Kind kind)
{
    using K = bridge::ChatEvent::Kind;
    switch (kind) {
    case K::StateChanged:
        return "StateChanged";
    case K::Registered:
        return "Registered";
    case K::Message:
        return "Message";
    case K::Action:
        return "Action";
    case K::Notice:
        return "Notice";
    case K::Join:
        return "Join";
    case K::Part:
        return "Part";
    case K::Quit:
        return "Quit";
    case K::Kick:
        return "Kick";
    case K::NickChange:
        return "NickChange";
    case K::Topic:
        return "Topic";
    case K::Names:
        return "Names";
    case K::Mode:
        return "Mode";
    case K::Away:
        return "Away";
    case K::Invite:
        return "Invite";
    case K::Lag:
        return "Lag";
    case K::ServerText:
        return "ServerText";
    case K::Motd:
        return "Motd";
    case K::Error:
        return "Error";
    }
    return "?";
}

inline QString describe(const bridge::ChatEvent& e)
{
    QString s = QString::fromLatin1(kindName(e.kind));
    if (e.kind == bridge::ChatEvent::Kind::StateChanged)
        s += QLatin1Char(' ') + bridge::sessionStateText(e.state);
    if (!e.room.isEmpty())
        s += QStringLiteral(" room=") + e.room;
    if (!e.nick.isEmpty())
        s += QStringLiteral(" nick=") + e.nick;
    if (!e.target.isEmpty())
        s += QStringLiteral(" target=") + e.target;
    if (e.self)
        s += QStringLiteral(" self");
    if (!e.text.isEmpty())
        s += QStringLiteral(" text=\"") + e.text + QLatin1Char('"');
    if (!e.error.isEmpty())
        s += QStringLiteral(" error=\"") + e.error + QStringLiteral("\" (") + e.errorName +
             QLatin1Char(')');
    return s;
}

// Every event a session delivered, in order, kept in the GUI thread.
class EventLog : public QObject
{
public:
    explicit EventLog(bridge::ChatSession* session)
        : m_session(session)
    {
        connect(session, &bridge::ChatSession::event, this,
                [this](const bridge::ChatEvent& e) { events.append(e); });
        connect(session, &bridge::ChatSession::membersChanged, this,
                [this](const QString& room) { membersChanged.append(room); });
    }

    // The first event from index `from` on that matches.
    template <typename P> const bridge::ChatEvent* find(P predicate, qsizetype from = 0) const
    {
        for (qsizetype i = from; i < events.size(); ++i)
            if (predicate(events[i]))
                return &events[i];
        return nullptr;
    }

    // Where the events after now will start: for waiting for a new event like an earlier one.
    qsizetype mark() const { return events.size(); }

    template <typename P> int count(P predicate) const
    {
        int n = 0;
        for (const auto& e : events)
            n += predicate(e) ? 1 : 0;
        return n;
    }

    // Runs the GUI thread's events until an event matches (true) or the timeout passes.
    template <typename P> bool waitFor(P predicate, int timeout = Timeout) const
    {
        return waitFor(predicate, 0, timeout);
    }

    // The same, for an event from index `from` (see mark()) on.
    template <typename P> bool waitFor(P predicate, qsizetype from, int timeout = Timeout) const
    {
        return QTest::qWaitFor([&] { return find(predicate, from) != nullptr; }, timeout);
    }

    bool waitForState(bridge::SessionState state, int timeout = Timeout) const
    {
        return waitFor(
            [state](const bridge::ChatEvent& e) {
                return e.kind == bridge::ChatEvent::Kind::StateChanged && e.state == state;
            },
            timeout);
    }

    // Until the session is registered and has joined `room` (our own Join).
    bool waitJoined(const QString& room, int timeout = Timeout) const
    {
        return waitFor(
            [&](const bridge::ChatEvent& e) {
                return e.kind == bridge::ChatEvent::Kind::Join && e.self &&
                       e.room.compare(room, Qt::CaseInsensitive) == 0;
            },
            timeout);
    }

    // The latest events, one per line, for failure messages (Qt Test cuts long messages, so
    // the registration chatter at the start is left out first).
    QString text() const
    {
        constexpr qsizetype Shown = 12;
        QString s = m_session ? m_session->settings().nick : QString();
        s += QStringLiteral(" saw %1 events").arg(events.size());
        if (events.size() > Shown)
            s += QStringLiteral(", the last %1").arg(Shown);
        s += QLatin1Char(':');
        for (qsizetype i = std::max<qsizetype>(0, events.size() - Shown); i < events.size(); ++i)
            s += QStringLiteral("\n  ") + describe(events[i]);
        return s;
    }

    QList<bridge::ChatEvent> events;
    QStringList membersChanged;

private:
    const bridge::ChatSession* m_session;
};

inline bridge::HostSettings loopbackHost()
{
    bridge::HostSettings s;
    s.bind = QStringLiteral("127.0.0.1");
    s.port = 0;
    s.name = QStringLiteral("TestNet");
    s.serverName = QStringLiteral("test.local");
    s.presenceMode.clear(); // no announce unless a test asks for one
    return s;
}

// Starts `host` and waits for started() or failed(); returns the error text on failure.
inline QString startHost(bridge::HostService& host, const bridge::HostSettings& settings)
{
    QSignalSpy started(&host, &bridge::HostService::started);
    QSignalSpy failed(&host, &bridge::HostService::failed);
    host.start(settings);
    if (!QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, Timeout))
        return QStringLiteral("neither started() nor failed() came");
    if (!failed.isEmpty())
        return failed.first().at(0).toString();
    return {};
}

inline bridge::SessionSettings sessionTo(quint16 port, const QString& nick,
                                         const QStringList& rooms = {QStringLiteral("#lan")})
{
    bridge::SessionSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = port;
    s.nick = nick;
    s.realName = nick + QStringLiteral(" (test)");
    s.rooms = rooms;
    s.reconnect = false; // a test's host that goes away stays away
    return s;
}

// A session and its log, connected and started.
struct Client
{
    explicit Client(const bridge::SessionSettings& settings)
        : session(std::make_unique<bridge::ChatSession>(settings))
        , log(std::make_unique<EventLog>(session.get()))
    {
        session->start();
    }
    bridge::ChatSession* operator->() const { return session.get(); }

    std::unique_ptr<bridge::ChatSession> session;
    std::unique_ptr<EventLog> log;
};

// A UDP port no one here is using (bound on 127.0.0.1 and closed again), for presence.
inline quint16 freeUdpPort()
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t length = sizeof a;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

// Threads of this process right now (Linux: /proc/self/task).
inline int threadCount()
{
    return static_cast<int>(QDir(QStringLiteral("/proc/self/task"))
                                .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                                .size());
}

// The leak check every suite runs around each test: sockets netcore has open and threads, back
// to what they were (libuv's MAKE_VALGRIND_HAPPY). Loop threads are joined when their service
// goes, so no waiting is needed; the short qWaitFor only lets late Qt events drain.
struct LeakCheck
{
    std::size_t sockets = 0;
    int threads = 0;

    void begin()
    {
        sockets = netcore::openSocketCount();
        threads = threadCount();
    }

    // Empty if nothing leaked, else what did.
    QString end() const
    {
        // The result is read again below, with the figures for the message.
        (void)QTest::qWaitFor(
            [&] { return netcore::openSocketCount() == sockets && threadCount() <= threads; },
            5000);
        QString why;
        if (netcore::openSocketCount() != sockets)
            why += QStringLiteral("sockets open: %1, before the test: %2. ")
                       .arg(netcore::openSocketCount())
                       .arg(sockets);
        if (threadCount() > threads)
            why +=
                QStringLiteral("threads: %1, before the test: %2.").arg(threadCount()).arg(threads);
        return why;
    }
};

} // namespace bridgetest
