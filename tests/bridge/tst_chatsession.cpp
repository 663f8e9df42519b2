// SPDX-License-Identifier: GPL-3.0-or-later
// ChatSession against a HostService, both in this process over real loopback sockets: what the
// GUI sees of a chat (events, state, nick, members, topics) arrives as queued signals and is
// read in this thread only.

#include "bridge_test_support.h"
#include "loopback_ports.h"

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace bridgetest;
using bridge::ChatEvent;
using bridge::ChatSession;
using bridge::HostService;
using bridge::NickRefusal;
using bridge::NickRefusalInfo;
using bridge::RoomMember;
using bridge::SessionState;
using bridge::WhoisInfo;
using bridge::WhoListInfo;
using Kind = bridge::ChatEvent::Kind;

namespace {

QString membersText(const QList<RoomMember>& members)
{
    QStringList out;
    for (const auto& m : members)
        out.append(m.prefix + m.nick + (m.away ? QStringLiteral(" (away)") : QString()));
    return QLatin1Char('[') + out.join(QStringLiteral(", ")) + QLatin1Char(']');
}

// The member `nick` of `room` as `session` lists it; nullopt when not there.
std::optional<RoomMember> memberOf(const ChatSession& session, const QString& room,
                                   const QString& nick)
{
    for (const auto& m : session.members(room))
        if (session.fold(m.nick) == session.fold(nick))
            return m;
    return std::nullopt;
}

// "away", "here" or "absent": `nick` in `room` as `session` lists it.
QString awayMark(const ChatSession& session, const QString& room, const QString& nick)
{
    const auto member = memberOf(session, room, nick);
    return !member        ? QStringLiteral("absent")
           : member->away ? QStringLiteral("away")
                          : QStringLiteral("here");
}

} // namespace

class TestChatSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void registers_data();
    void registers();
    void messagesBothWays_data();
    void messagesBothWays();
    void membersWithCreatorOp();
    void topic();
    void nickChange();
    void away();
    void partAndKick();
    void unreachablePort_data();
    void unreachablePort();
    void reconnectsWhenHostComesBack();
    void password_data();
    void password();
    void nickInUse_data();
    void nickInUse();
    void quitIsClean();
    void whoisIsOneTypedAnswer();
    void whoIsOneTypedAnswer();
    void kickBanAndModeAreTyped();
    void operatorGrantedOrRefused();
    void nickRefusedWhileLoggingIn();
    void nickRefusedAfterLoggingIn();
    void awayIsPerSession();
    void foldsAsTheServerDoes();
    void destroyConnected();
    void unknownLoop();
    void slotsBeforeStartDoNothing();

private:
    // alice and bob registered on m_host and both in #lan.
    QString startTwo();

    LeakCheck m_leaks;
    std::unique_ptr<HostService> m_host;
    std::unique_ptr<Client> m_alice;
    std::unique_ptr<Client> m_bob;
};

void TestChatSession::init()
{
    m_leaks.begin();
    m_host = std::make_unique<HostService>();
    const QString why = startHost(*m_host, loopbackHost());
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

void TestChatSession::cleanup()
{
    // Sessions first (they would otherwise see the host go), then the host.
    m_alice.reset();
    m_bob.reset();
    m_host.reset();
    const QString leaked = m_leaks.end();
    QVERIFY2(leaked.isEmpty(), qPrintable(leaked));
}

QString TestChatSession::startTwo()
{
    m_alice = std::make_unique<Client>(sessionTo(m_host->port(), QStringLiteral("alice")));
    if (!m_alice->log->waitJoined(QStringLiteral("#lan")))
        return m_alice->log->text();
    m_bob = std::make_unique<Client>(sessionTo(m_host->port(), QStringLiteral("bob")));
    if (!m_bob->log->waitJoined(QStringLiteral("#lan")))
        return m_bob->log->text();
    // alice has seen bob come in, so both member lists are complete.
    const bool seen = m_alice->log->waitFor(
        [](const ChatEvent& e) { return e.kind == Kind::Join && e.nick == QStringLiteral("bob"); });
    return seen ? QString() : m_alice->log->text();
}

void TestChatSession::registers_data()
{
    QTest::addColumn<QString>("loop");
    QTest::newRow("select") << QStringLiteral("select");
    QTest::newRow("epoll") << QStringLiteral("epoll");
}

void TestChatSession::registers()
{
    QFETCH(QString, loop);
    auto settings = sessionTo(m_host->port(), QStringLiteral("alice"));
    settings.loop = loop;
    Client alice(settings);
    QCOMPARE(alice->address(), QStringLiteral("127.0.0.1:%1").arg(m_host->port()));
    QVERIFY2(alice.log->waitJoined(QStringLiteral("#lan")), qPrintable(alice.log->text()));
    QCOMPARE(alice->state(), SessionState::Registered);
    QCOMPARE(alice->nick(), QStringLiteral("alice"));

    // The states in order, then the welcome with our nick.
    QList<SessionState> states;
    for (const auto& e : alice.log->events)
        if (e.kind == Kind::StateChanged)
            states.append(e.state);
    const QList<SessionState> expected = {SessionState::Connecting, SessionState::Registering,
                                          SessionState::Registered};
    QVERIFY2(states == expected, qPrintable(alice.log->text()));
    const ChatEvent* welcome =
        alice.log->find([](const ChatEvent& e) { return e.kind == Kind::Registered; });
    QVERIFY2(welcome, qPrintable(alice.log->text()));
    QCOMPARE(welcome->nick, QStringLiteral("alice"));
    QVERIFY2(welcome->time.isValid(), "events carry a time");
}

void TestChatSession::messagesBothWays_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("toRoom");
    QTest::addColumn<bool>("fromAlice");
    QTest::addColumn<QString>("text");
    const int message = static_cast<int>(Kind::Message);
    const int action = static_cast<int>(Kind::Action);
    const int notice = static_cast<int>(Kind::Notice);
    QTest::newRow("message to the room, alice to bob")
        << message << true << true << QStringLiteral("hello bob");
    QTest::newRow("message to the room, bob to alice")
        << message << true << false << QStringLiteral("hello alice");
    QTest::newRow("action to the room") << action << true << false << QStringLiteral("waves");
    QTest::newRow("notice to the room") << notice << true << true << QStringLiteral("heads up");
    QTest::newRow("private message") << message << false << true << QStringLiteral("psst");
    QTest::newRow("private action") << action << false << false << QStringLiteral("nods");
    QTest::newRow("private notice") << notice << false << false << QStringLiteral("fyi");
    QTest::newRow("non-ASCII text")
        << message << true << true << QStringLiteral("Grüße, ½ € und 日本語");
}

void TestChatSession::messagesBothWays()
{
    QFETCH(int, kind);
    QFETCH(bool, toRoom);
    QFETCH(bool, fromAlice);
    QFETCH(QString, text);
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));

    Client& from = fromAlice ? *m_alice : *m_bob;
    Client& to = fromAlice ? *m_bob : *m_alice;
    const QString fromNick = from->nick();
    const QString target = toRoom ? QStringLiteral("#lan") : to->nick();
    const auto k = static_cast<Kind>(kind);
    switch (k) {
    case Kind::Message:
        from->sendMessage(target, text);
        break;
    case Kind::Action:
        from->sendAction(target, text);
        break;
    default:
        from->sendNotice(target, text);
        break;
    }
    const ChatEvent* got = nullptr;
    QVERIFY2(to.log->waitFor(
                 [&](const ChatEvent& e) { return e.kind == k && e.text == text && !e.self; }),
             qPrintable(to.log->text()));
    got = to.log->find([&](const ChatEvent& e) { return e.kind == k && e.text == text; });
    QCOMPARE(got->nick, fromNick);
    QCOMPARE(got->room, toRoom ? QStringLiteral("#lan") : QString());
    QVERIFY2(got->time.isValid(), "events carry a time");
    // Nothing else of that kind arrived twice.
    QCOMPARE(to.log->count([&](const ChatEvent& e) { return e.kind == k && e.text == text; }), 1);

    // The sender sees its own message once (the server's echo, or its own report), as self.
    if (k != Kind::Notice) {
        QVERIFY2(from.log->waitFor(
                     [&](const ChatEvent& e) { return e.kind == k && e.text == text && e.self; }),
                 qPrintable(from.log->text()));
        QCOMPARE(from.log->count([&](const ChatEvent& e) { return e.kind == k && e.text == text; }),
                 1);
    }
}

void TestChatSession::membersWithCreatorOp()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QString room = QStringLiteral("#Test");

    // alice creates the room, so she is its operator.
    (*m_alice)->join(room);
    QVERIFY2(m_alice->log->waitJoined(room), qPrintable(m_alice->log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT(membersText((*m_alice)->members(room)) == QStringLiteral("[@alice]"),
                              qPrintable(membersText((*m_alice)->members(room))), Timeout);
    QVERIFY2(m_alice->log->membersChanged.contains(room, Qt::CaseInsensitive),
             qPrintable(m_alice->log->membersChanged.join(QLatin1Char(' '))));

    (*m_bob)->join(room);
    QVERIFY2(m_bob->log->waitJoined(room), qPrintable(m_bob->log->text()));
    const QString expected = QStringLiteral("[@alice, bob]");
    QTRY_VERIFY2_WITH_TIMEOUT(membersText((*m_bob)->members(room)) == expected,
                              qPrintable(membersText((*m_bob)->members(room))), Timeout);
    QTRY_VERIFY2_WITH_TIMEOUT(membersText((*m_alice)->members(room)) == expected,
                              qPrintable(membersText((*m_alice)->members(room))), Timeout);
    // Room names are case-insensitive.
    QCOMPARE(membersText((*m_alice)->members(QStringLiteral("#test"))), expected);
    // Each member's user@host (userhost-in-names, JOIN) is known too.
    QTRY_COMPARE_WITH_TIMEOUT(
        memberOf(*m_bob->session, room, QStringLiteral("alice")).value_or(RoomMember{}).userHost,
        QStringLiteral("~alice@127.0.0.1"), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(
        memberOf(*m_alice->session, room, QStringLiteral("bob")).value_or(RoomMember{}).userHost,
        QStringLiteral("~bob@127.0.0.1"), Timeout);
    // #lan has both too; the creator of #lan is whoever came first (alice).
    QTRY_VERIFY2_WITH_TIMEOUT((*m_bob)->members(QStringLiteral("#lan")).size() == 2,
                              qPrintable(membersText((*m_bob)->members(QStringLiteral("#lan")))),
                              Timeout);
}

void TestChatSession::topic()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QString room = QStringLiteral("#topics");
    (*m_alice)->join(room);
    QVERIFY2(m_alice->log->waitJoined(room), qPrintable(m_alice->log->text()));
    (*m_alice)->setTopic(room, QStringLiteral("Friday's plans"));
    QVERIFY2(m_alice->log->waitFor([&](const ChatEvent& e) {
        return e.kind == Kind::Topic && e.text == QStringLiteral("Friday's plans");
    }),
             qPrintable(m_alice->log->text()));
    QCOMPARE((*m_alice)->topic(room), QStringLiteral("Friday's plans"));

    // bob gets it on joining, as the room's topic (no setter: "as joined").
    (*m_bob)->join(room);
    QVERIFY2(m_bob->log->waitFor([&](const ChatEvent& e) {
        return e.kind == Kind::Topic && e.room.compare(room, Qt::CaseInsensitive) == 0 &&
               e.text == QStringLiteral("Friday's plans");
    }),
             qPrintable(m_bob->log->text()));
    QCOMPARE((*m_bob)->topic(room), QStringLiteral("Friday's plans"));

    // A change while both are in: bob sees who set it.
    (*m_alice)->setTopic(room, QStringLiteral("Pizza at 8"));
    QVERIFY2(m_bob->log->waitFor([&](const ChatEvent& e) {
        return e.kind == Kind::Topic && e.text == QStringLiteral("Pizza at 8") &&
               e.nick == QStringLiteral("alice");
    }),
             qPrintable(m_bob->log->text()));
    QCOMPARE((*m_bob)->topic(room), QStringLiteral("Pizza at 8"));
    (*m_bob)->requestTopic(room);
    QVERIFY2(m_bob->log->waitFor([&](const ChatEvent& e) {
        return e.kind == Kind::Topic && e.text == QStringLiteral("Pizza at 8") && e.nick.isEmpty();
    }),
             qPrintable(m_bob->log->text()));

    // After parting, the room's topic is forgotten.
    (*m_bob)->part(room);
    QVERIFY2(
        m_bob->log->waitFor([&](const ChatEvent& e) { return e.kind == Kind::Part && e.self; }),
        qPrintable(m_bob->log->text()));
    QCOMPARE((*m_bob)->topic(room), QString());
}

void TestChatSession::nickChange()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    (*m_alice)->setNick(QStringLiteral("alicia"));
    QVERIFY2(m_alice->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::NickChange && e.self && e.target == QStringLiteral("alicia");
    }),
             qPrintable(m_alice->log->text()));
    QCOMPARE((*m_alice)->nick(), QStringLiteral("alicia"));

    QVERIFY2(m_bob->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::NickChange && !e.self && e.nick == QStringLiteral("alice") &&
               e.target == QStringLiteral("alicia");
    }),
             qPrintable(m_bob->log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT(
        membersText((*m_bob)->members(QStringLiteral("#lan"))).contains(QStringLiteral("@alicia")),
        qPrintable(membersText((*m_bob)->members(QStringLiteral("#lan")))), Timeout);
    QVERIFY2(!memberOf(*m_bob->session, QStringLiteral("#lan"), QStringLiteral("alice")),
             qPrintable(membersText((*m_bob)->members(QStringLiteral("#lan")))));

    // A nick in use afterwards is refused, and the old nick stays.
    QSignalSpy refused(m_bob->session.get(), &ChatSession::nickRefused);
    (*m_bob)->setNick(QStringLiteral("alicia"));
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, Timeout);
    QCOMPARE(refused.first().at(0).value<NickRefusalInfo>().nick, QStringLiteral("alicia"));
    QCOMPARE((*m_bob)->nick(), QStringLiteral("bob"));
    QCOMPARE((*m_bob)->state(), SessionState::Registered);
}

void TestChatSession::away()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    (*m_alice)->setAway(QStringLiteral("at lunch"));
    QVERIFY2(m_alice->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::Away && e.self && !e.text.isEmpty();
    }),
             qPrintable(m_alice->log->text()));

    // Whoever writes to her privately is told.
    QSignalSpy told(m_bob->session.get(), &ChatSession::awayReply);
    (*m_bob)->sendMessage(QStringLiteral("alice"), QStringLiteral("there?"));
    QTRY_COMPARE_WITH_TIMEOUT(told.size(), 1, Timeout);
    QCOMPARE(told.first().at(0).toString(), QStringLiteral("alice"));
    QCOMPARE(told.first().at(1).toString(), QStringLiteral("at lunch"));

    // And back.
    const int before =
        m_alice->log->count([](const ChatEvent& e) { return e.kind == Kind::Away && e.self; });
    (*m_alice)->setAway(QString());
    QVERIFY2(m_alice->log->waitFor([&](const ChatEvent& e) {
        return e.kind == Kind::Away && e.self && e.text.isEmpty();
    }),
             qPrintable(m_alice->log->text()));
    QCOMPARE(m_alice->log->count([](const ChatEvent& e) { return e.kind == Kind::Away && e.self; }),
             before + 1);
}

void TestChatSession::partAndKick()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QString room = QStringLiteral("#ops");
    (*m_alice)->join(room);
    QVERIFY2(m_alice->log->waitJoined(room), qPrintable(m_alice->log->text()));
    (*m_bob)->join(room);
    QVERIFY2(m_bob->log->waitJoined(room), qPrintable(m_bob->log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT((*m_alice)->members(room).size() == 2,
                              qPrintable(membersText((*m_alice)->members(room))), Timeout);

    // bob parts with a reason.
    (*m_bob)->part(room, QStringLiteral("later"));
    QVERIFY2(m_alice->log->waitFor([&](const ChatEvent& e) {
        return e.kind == Kind::Part && e.nick == QStringLiteral("bob") &&
               e.text == QStringLiteral("later");
    }),
             qPrintable(m_alice->log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT(membersText((*m_alice)->members(room)) == QStringLiteral("[@alice]"),
                              qPrintable(membersText((*m_alice)->members(room))), Timeout);
    QVERIFY2(m_bob->log->waitFor([](const ChatEvent& e) { return e.kind == Kind::Part && e.self; }),
             qPrintable(m_bob->log->text()));
    QVERIFY2((*m_bob)->members(room).isEmpty(), qPrintable(membersText((*m_bob)->members(room))));
    QVERIFY2(m_bob->log->membersChanged.contains(room, Qt::CaseInsensitive),
             "membersChanged for the room bob left");

    // bob comes back and alice, the room's operator, kicks him (once she has seen him back).
    const qsizetype before = m_alice->log->mark();
    (*m_bob)->join(room);
    QVERIFY2(m_alice->log->waitFor(
                 [&](const ChatEvent& e) {
                     return e.kind == Kind::Join && e.nick == QStringLiteral("bob") &&
                            e.room.compare(room, Qt::CaseInsensitive) == 0;
                 },
                 before),
             qPrintable(m_alice->log->text()));
    (*m_alice)->sendRaw(QStringLiteral("KICK #ops bob :enough"));
    QVERIFY2(m_bob->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::Kick && e.target == QStringLiteral("bob") &&
               e.nick == QStringLiteral("alice") && e.text == QStringLiteral("enough");
    }),
             qPrintable(m_bob->log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT((*m_bob)->members(room).isEmpty(),
                              qPrintable(membersText((*m_bob)->members(room))), Timeout);
    QVERIFY2(m_alice->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::Kick && e.target == QStringLiteral("bob");
    }),
             qPrintable(m_alice->log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT((*m_alice)->members(room).size() == 1,
                              qPrintable(membersText((*m_alice)->members(room))), Timeout);
    // bob is still connected and in #lan.
    QCOMPARE((*m_bob)->state(), SessionState::Registered);
    QCOMPARE((*m_bob)->members(QStringLiteral("#lan")).size(), 2);
}

void TestChatSession::unreachablePort_data()
{
    QTest::addColumn<bool>("reconnect");
    QTest::addColumn<int>("state");
    QTest::newRow("no reconnect: disconnected")
        << false << static_cast<int>(SessionState::Disconnected);
    // Only a link that was registered once is retried: a first connect that fails is final.
    QTest::newRow("reconnect: still disconnected")
        << true << static_cast<int>(SessionState::Disconnected);
}

void TestChatSession::unreachablePort()
{
    QFETCH(bool, reconnect);
    QFETCH(int, state);
    const quint16 port = testsupport::freeTcpPort();
    QVERIFY2(port != 0, "no free TCP port on 127.0.0.1");
    auto settings = sessionTo(port, QStringLiteral("alice"));
    settings.reconnect = reconnect;
    Client alice(settings);
    const auto expected = static_cast<SessionState>(state);
    QVERIFY2(alice.log->waitForState(expected), qPrintable(alice.log->text()));
    const ChatEvent* e = alice.log->find(
        [&](const ChatEvent& c) { return c.kind == Kind::StateChanged && c.state == expected; });
    QCOMPARE(e->errorName, QStringLiteral("ECONNREFUSED"));
    QVERIFY2(e->error.contains(QString::number(port)),
             qPrintable(QStringLiteral("the error should name the address: ") + e->error));
    QCOMPARE(alice->state(), expected);
    QVERIFY2(!alice.log->find([](const ChatEvent& c) { return c.kind == Kind::Registered; }),
             qPrintable(alice.log->text()));
}

void TestChatSession::reconnectsWhenHostComesBack()
{
    auto settings = sessionTo(m_host->port(), QStringLiteral("alice"),
                              {QStringLiteral("#lan"), QStringLiteral("#back")});
    settings.reconnect = true;
    Client alice(settings);
    QVERIFY2(alice.log->waitJoined(QStringLiteral("#back")), qPrintable(alice.log->text()));

    // The host goes: the session waits to retry, with the lost link's error.
    const quint16 port = m_host->port();
    m_host.reset();
    QVERIFY2(alice.log->waitForState(SessionState::Waiting), qPrintable(alice.log->text()));
    const ChatEvent* waiting = alice.log->find([](const ChatEvent& e) {
        return e.kind == Kind::StateChanged && e.state == SessionState::Waiting;
    });
    QVERIFY2(waiting->retryInMs > 0, qPrintable(describe(*waiting)));
    QVERIFY2((*alice.session).members(QStringLiteral("#back")).isEmpty(),
             "no members while not connected");

    // It comes back on the same port: the session registers again and rejoins its rooms.
    alice.log->events.clear();
    m_host = std::make_unique<HostService>();
    auto hostSettings = loopbackHost();
    hostSettings.port = port;
    const QString why = startHost(*m_host, hostSettings);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY2(alice.log->waitJoined(QStringLiteral("#back")), qPrintable(alice.log->text()));
    QCOMPARE(alice->state(), SessionState::Registered);
    QCOMPARE(alice->nick(), QStringLiteral("alice"));
    QTRY_VERIFY2_WITH_TIMEOUT(alice->members(QStringLiteral("#back")).size() == 1,
                              qPrintable(membersText(alice->members(QStringLiteral("#back")))),
                              Timeout);
}

void TestChatSession::password_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("right") << QStringLiteral("s3cret") << true;
    QTest::newRow("wrong") << QStringLiteral("guess") << false;
    QTest::newRow("missing") << QString() << false;
}

void TestChatSession::password()
{
    QFETCH(QString, given);
    QFETCH(bool, accepted);
    HostService host;
    auto hostSettings = loopbackHost();
    hostSettings.password = QStringLiteral("s3cret");
    const QString why = startHost(host, hostSettings);
    QVERIFY2(why.isEmpty(), qPrintable(why));

    auto settings = sessionTo(host.port(), QStringLiteral("alice"));
    settings.password = given;
    settings.reconnect = true; // a refused password must not be retried anyway
    Client alice(settings);
    QSignalSpy refused(alice.session.get(), &ChatSession::passwordRefused);
    if (accepted) {
        QVERIFY2(alice.log->waitJoined(QStringLiteral("#lan")), qPrintable(alice.log->text()));
        QCOMPARE(refused.size(), 0);
        return;
    }
    QVERIFY2(alice.log->waitForState(SessionState::Disconnected), qPrintable(alice.log->text()));
    QCOMPARE(refused.size(), 1);
    QVERIFY2(!refused.first().at(0).toString().isEmpty(), "the server's words");
    const ChatEvent* last = alice.log->find([](const ChatEvent& e) {
        return e.kind == Kind::StateChanged && e.state == SessionState::Disconnected;
    });
    QVERIFY2(!last->error.isEmpty(), "the disconnect says why (the refusal)");
    QVERIFY2(!alice.log->find([](const ChatEvent& e) { return e.kind == Kind::Registered; }),
             qPrintable(alice.log->text()));
    // No retry with the same wrong password.
    QTest::qWait(300);
    QVERIFY2(!alice.log->find([](const ChatEvent& e) {
        return e.kind == Kind::StateChanged && e.state == SessionState::Waiting;
    }),
             qPrintable(alice.log->text()));
}

void TestChatSession::nickInUse_data()
{
    QTest::addColumn<bool>("alternatives");
    QTest::newRow("alternatives: registers as another nick") << true;
    QTest::newRow("no alternatives: fails") << false;
}

void TestChatSession::nickInUse()
{
    QFETCH(bool, alternatives);
    m_alice = std::make_unique<Client>(sessionTo(m_host->port(), QStringLiteral("alice")));
    QVERIFY2(m_alice->log->waitJoined(QStringLiteral("#lan")), qPrintable(m_alice->log->text()));

    auto settings = sessionTo(m_host->port(), QStringLiteral("alice"));
    settings.alternativeNicks = alternatives;
    Client second(settings);
    QSignalSpy refused(second.session.get(), &ChatSession::nickRefused);
    if (alternatives) {
        QVERIFY2(second.log->waitJoined(QStringLiteral("#lan")), qPrintable(second.log->text()));
        QCOMPARE(refused.size(), 1);
        const auto inUse = refused.first().at(0).value<NickRefusalInfo>();
        QCOMPARE(inUse.nick, QStringLiteral("alice"));
        QCOMPARE(inUse.trying, second->nick());
        QVERIFY2(second->nick() != QStringLiteral("alice") && !second->nick().isEmpty(),
                 qPrintable(second->nick()));
        const ChatEvent* welcome =
            second.log->find([](const ChatEvent& e) { return e.kind == Kind::Registered; });
        QCOMPARE(second->nick(), welcome->nick);
        return;
    }
    QVERIFY2(second.log->waitForState(SessionState::Disconnected), qPrintable(second.log->text()));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(0).value<NickRefusalInfo>().nick, QStringLiteral("alice"));
    QVERIFY(refused.first().at(0).value<NickRefusalInfo>().trying.isEmpty());
    QVERIFY2(!second.log->find([](const ChatEvent& e) { return e.kind == Kind::Registered; }),
             qPrintable(second.log->text()));
    QVERIFY2(!second.log->find([](const ChatEvent& e) {
        return e.kind == Kind::StateChanged && e.state == SessionState::Disconnected &&
               e.error.isEmpty();
    }),
             "giving up on a nick in use is an error, not a clean disconnect");
    // alice was not disturbed.
    QCOMPARE((*m_alice)->state(), SessionState::Registered);
}

void TestChatSession::quitIsClean()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    (*m_alice)->quit(QStringLiteral("see you"));
    QVERIFY2(m_alice->log->waitForState(SessionState::Disconnected),
             qPrintable(m_alice->log->text()));
    const ChatEvent* end = m_alice->log->find([](const ChatEvent& e) {
        return e.kind == Kind::StateChanged && e.state == SessionState::Disconnected;
    });
    QVERIFY2(end->error.isEmpty() && end->errorName.isEmpty(), qPrintable(describe(*end)));
    QCOMPARE((*m_alice)->state(), SessionState::Disconnected);
    QVERIFY2((*m_alice)->members(QStringLiteral("#lan")).isEmpty(),
             "a disconnected session lists no members");

    QVERIFY2(m_bob->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::Quit && e.nick == QStringLiteral("alice") &&
               e.text.contains(QStringLiteral("see you"));
    }),
             qPrintable(m_bob->log->text()));
    QTRY_VERIFY2_WITH_TIMEOUT(
        membersText((*m_bob)->members(QStringLiteral("#lan"))) == QStringLiteral("[bob]"),
        qPrintable(membersText((*m_bob)->members(QStringLiteral("#lan")))), Timeout);
}

void TestChatSession::whoisIsOneTypedAnswer()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    (*m_alice)->join(QStringLiteral("#side"));
    QVERIFY2(m_alice->log->waitJoined(QStringLiteral("#side")), qPrintable(m_alice->log->text()));
    (*m_alice)->setAway(QStringLiteral("out for lunch"));
    QSignalSpy away(m_alice->session.get(), &ChatSession::awayChanged);
    QVERIFY2(away.wait(Timeout), qPrintable(m_alice->log->text()));

    QSignalSpy whois(m_bob->session.get(), &ChatSession::whoisReceived);
    QSignalSpy awayReply(m_bob->session.get(), &ChatSession::awayReply);
    (*m_bob)->whois(QStringLiteral("ALICE"));
    QVERIFY2(whois.wait(Timeout), qPrintable(m_bob->log->text()));
    QCOMPARE(whois.size(), 1);
    const auto w = whois.first().at(0).value<WhoisInfo>();
    QVERIFY(w.found);
    QCOMPARE(w.nick, QStringLiteral("alice"));
    QCOMPARE(w.user, QStringLiteral("~alice"));
    QCOMPARE(w.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(w.realName, QStringLiteral("alice (test)"));
    QCOMPARE(w.server, QStringLiteral("test.local"));
    QVERIFY2(w.rooms.contains(QStringLiteral("@#lan")) &&
                 w.rooms.contains(QStringLiteral("@#side")),
             qPrintable(w.rooms.join(QLatin1Char(' '))));
    QVERIFY(w.away);
    QCOMPARE(w.awayText, QStringLiteral("out for lunch"));
    QVERIFY(!w.oper);
    QVERIFY(w.time.isValid());
    QCOMPARE(awayReply.size(), 0); // the away text was part of the WHOIS reply

    (*m_bob)->whois(QStringLiteral("nobody"));
    QVERIFY2(whois.wait(Timeout), qPrintable(m_bob->log->text()));
    const auto none = whois.last().at(0).value<WhoisInfo>();
    QVERIFY(!none.found);
    QCOMPARE(none.nick, QStringLiteral("nobody"));
}

// /who: one answer with everyone the mask matched (the engine's own WHO after joining is not
// one: nothing arrives before we ask).
void TestChatSession::whoIsOneTypedAnswer()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QSignalSpy list(m_bob->session.get(), &ChatSession::whoListReceived);
    (*m_alice)->setAway(QStringLiteral("out for lunch"));
    QSignalSpy away(m_alice->session.get(), &ChatSession::awayChanged);
    QVERIFY2(away.wait(Timeout), qPrintable(m_alice->log->text()));
    QCOMPARE(list.size(), 0);

    (*m_bob)->who(QStringLiteral("#lan"));
    QVERIFY2(list.wait(Timeout), qPrintable(m_bob->log->text()));
    QCOMPARE(list.size(), 1);
    const auto w = list.first().at(0).value<WhoListInfo>();
    QCOMPARE(w.mask, QStringLiteral("#lan"));
    QCOMPARE(w.people.size(), 2);
    QCOMPARE(w.more, 0);
    QVERIFY(w.time.isValid());
    const auto& alice =
        w.people.at(0).nick == QStringLiteral("alice") ? w.people.at(0) : w.people.at(1);
    QCOMPARE(alice.nick, QStringLiteral("alice"));
    QCOMPARE(alice.user, QStringLiteral("~alice"));
    QCOMPARE(alice.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(alice.room, QStringLiteral("#lan"));
    QCOMPARE(alice.prefixes, QStringLiteral("@"));
    QCOMPARE(alice.realName, QStringLiteral("alice (test)"));
    QVERIFY(alice.away);
    QVERIFY(!alice.oper);

    (*m_bob)->who(QStringLiteral("nobody"));
    QVERIFY2(list.wait(Timeout), qPrintable(m_bob->log->text()));
    const auto none = list.last().at(0).value<WhoListInfo>();
    QCOMPARE(none.mask, QStringLiteral("nobody"));
    QVERIFY(none.people.isEmpty());
}

void TestChatSession::kickBanAndModeAreTyped()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const QString lan = QStringLiteral("#lan");
    (*m_alice)->setMode(lan, QStringLiteral("+v"), {QStringLiteral("bob")});
    QTRY_VERIFY2_WITH_TIMEOUT(memberOf(*m_bob->session, lan, QStringLiteral("bob")) &&
                                  memberOf(*m_bob->session, lan, QStringLiteral("bob"))->prefix ==
                                      QStringLiteral("+"),
                              qPrintable(membersText((*m_bob)->members(lan))), Timeout);

    (*m_alice)->ban(lan, QStringLiteral("bob"));
    (*m_alice)->kick(lan, QStringLiteral("bob"), QStringLiteral("enough"));
    QVERIFY2(m_alice->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::Mode && e.text == QStringLiteral("+b bob!*@*");
    }),
             qPrintable(m_alice->log->text()));
    QVERIFY2(m_bob->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::Kick && e.self && e.text == QStringLiteral("enough");
    }),
             qPrintable(m_bob->log->text()));
    (*m_bob)->join(lan);
    QVERIFY2(m_bob->log->waitFor([&](const ChatEvent& e) {
        return e.kind == Kind::Error && e.room == lan && !e.text.isEmpty();
    }),
             qPrintable(m_bob->log->text()));

    (*m_alice)->unban(lan, QStringLiteral("bob"));
    QVERIFY2(m_alice->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::Mode && e.text == QStringLiteral("-b bob!*@*");
    }),
             qPrintable(m_alice->log->text()));
    const qsizetype mark = m_bob->log->mark();
    (*m_bob)->join(lan);
    QVERIFY2(m_bob->log->waitFor([&](const ChatEvent& e) { return e.kind == Kind::Join && e.self; },
                                 mark),
             qPrintable(m_bob->log->text()));

    // NAMES on request: the list again, complete.
    const qsizetype names = m_bob->log->mark();
    (*m_bob)->requestNames(lan);
    QVERIFY2(m_bob->log->waitFor(
                 [&](const ChatEvent& e) {
                     return e.kind == Kind::Names &&
                            e.names == QStringList{QStringLiteral("@alice"), QStringLiteral("bob")};
                 },
                 names),
             qPrintable(m_bob->log->text()));
    // INVITE: alice, in a room of her own, invites bob; he hears who invited him where, and
    // an invitation into a room that does not exist is refused by name.
    const qsizetype own = m_alice->log->mark();
    (*m_alice)->join(QStringLiteral("#elsewhere"));
    QVERIFY2(m_alice->log->waitFor(
                 [](const ChatEvent& e) {
                     return e.kind == Kind::Join && e.self &&
                            e.room == QStringLiteral("#elsewhere");
                 },
                 own),
             qPrintable(m_alice->log->text()));
    const qsizetype invited = m_bob->log->mark();
    (*m_alice)->invite(QStringLiteral("bob"), QStringLiteral("#elsewhere"));
    QVERIFY2(m_bob->log->waitFor(
                 [](const ChatEvent& e) {
                     return e.kind == Kind::Invite && e.room == QStringLiteral("#elsewhere") &&
                            e.nick == QStringLiteral("alice");
                 },
                 invited),
             qPrintable(m_bob->log->text()));
    const qsizetype refused = m_alice->log->mark();
    (*m_alice)->invite(QStringLiteral("bob"), QStringLiteral("#nowhere"));
    QVERIFY2(m_alice->log->waitFor(
                 [](const ChatEvent& e) {
                     return e.kind == Kind::Error && e.room == QStringLiteral("#nowhere") &&
                            e.text == QStringLiteral("No such channel");
                 },
                 refused),
             qPrintable(m_alice->log->text()));
}

void TestChatSession::operatorGrantedOrRefused()
{
    HostService host;
    auto hostSettings = loopbackHost();
    hostSettings.operatorName = QStringLiteral("admin");
    hostSettings.operatorPassword = QStringLiteral("s3cret");
    const QString why = startHost(host, hostSettings);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    Client alice(sessionTo(host.port(), QStringLiteral("alice")));
    QVERIFY2(alice.log->waitJoined(QStringLiteral("#lan")), qPrintable(alice.log->text()));
    QSignalSpy granted(alice.session.get(), &ChatSession::operatorGranted);
    QSignalSpy refused(alice.session.get(), &ChatSession::operatorRefused);
    QSignalSpy password(alice.session.get(), &ChatSession::passwordRefused);

    alice->oper(QStringLiteral("admin"), QStringLiteral("guess"));
    QVERIFY2(refused.wait(Timeout), qPrintable(alice.log->text()));
    QVERIFY(!alice->isOperator());
    QCOMPARE(password.size(), 0); // OPER's refusal is not the host's password
    alice->oper(QStringLiteral("admin"), QStringLiteral("s3cret"));
    QVERIFY2(granted.wait(Timeout), qPrintable(alice.log->text()));
    QTRY_VERIFY_WITH_TIMEOUT(alice->isOperator(), Timeout);
    QCOMPARE(alice->state(), SessionState::Registered);
}

void TestChatSession::nickRefusedWhileLoggingIn()
{
    m_alice = std::make_unique<Client>(sessionTo(m_host->port(), QStringLiteral("alice")));
    QVERIFY2(m_alice->log->waitJoined(QStringLiteral("#lan")), qPrintable(m_alice->log->text()));
    ChatSession second(sessionTo(m_host->port(), QStringLiteral("Alice")));
    QSignalSpy refused(&second, &ChatSession::nickRefused);
    second.start();
    QVERIFY(refused.wait(Timeout));
    const auto r = refused.first().at(0).value<NickRefusalInfo>();
    QCOMPARE(r.nick, QStringLiteral("Alice"));
    QCOMPARE(r.reason, NickRefusal::InUse);
    QVERIFY(r.registering);
    QCOMPARE(r.trying, QStringLiteral("Alice_"));
    QVERIFY(!r.text.isEmpty());
    QVERIFY(r.time.isValid());
}

void TestChatSession::nickRefusedAfterLoggingIn()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QSignalSpy refused(m_bob->session.get(), &ChatSession::nickRefused);
    (*m_bob)->setNick(QStringLiteral("alice"));
    QVERIFY2(refused.wait(Timeout), qPrintable(m_bob->log->text()));
    auto r = refused.first().at(0).value<NickRefusalInfo>();
    QCOMPARE(r.nick, QStringLiteral("alice"));
    QCOMPARE(r.reason, NickRefusal::InUse);
    QVERIFY(!r.registering);
    QVERIFY(r.trying.isEmpty());
    QCOMPARE((*m_bob)->nick(), QStringLiteral("bob"));

    (*m_bob)->setNick(QStringLiteral("-bad"));
    QVERIFY2(refused.wait(Timeout), qPrintable(m_bob->log->text()));
    r = refused.last().at(0).value<NickRefusalInfo>();
    QCOMPARE(r.nick, QStringLiteral("-bad"));
    QCOMPARE(r.reason, NickRefusal::Erroneous);
    QCOMPARE((*m_bob)->nick(), QStringLiteral("bob"));
    QCOMPARE((*m_bob)->state(), SessionState::Registered);
}

// One person on two hosts: away on one is not away on the other (each session has its mark).
void TestChatSession::awayIsPerSession()
{
    HostService other;
    QVERIFY2(startHost(other, loopbackHost()).isEmpty(), "the second host did not start");
    m_alice = std::make_unique<Client>(sessionTo(m_host->port(), QStringLiteral("alice")));
    Client elsewhere(sessionTo(other.port(), QStringLiteral("alice")));
    QVERIFY2(m_alice->log->waitJoined(QStringLiteral("#lan")), qPrintable(m_alice->log->text()));
    QVERIFY2(elsewhere.log->waitJoined(QStringLiteral("#lan")), qPrintable(elsewhere.log->text()));
    m_bob = std::make_unique<Client>(sessionTo(m_host->port(), QStringLiteral("bob")));
    QVERIFY2(m_bob->log->waitJoined(QStringLiteral("#lan")), qPrintable(m_bob->log->text()));

    QSignalSpy awayHere(m_alice->session.get(), &ChatSession::awayChanged);
    // (Made now: bob's own WHO after joining may answer after alice has gone away.)
    QSignalSpy memberAway(m_bob->session.get(), &ChatSession::memberAwayChanged);
    QSignalSpy awayThere(elsewhere.session.get(), &ChatSession::awayChanged);
    (*m_alice)->setAway(QStringLiteral("lunch"));
    QVERIFY2(awayHere.wait(Timeout), qPrintable(m_alice->log->text()));
    QCOMPARE(awayHere.first().at(0).toBool(), true);
    QCOMPARE(awayHere.first().at(1).toString(), QStringLiteral("lunch"));
    QVERIFY((*m_alice)->isAway());
    QCOMPARE((*m_alice)->awayText(), QStringLiteral("lunch"));
    QTRY_VERIFY2_WITH_TIMEOUT(awayMark(*m_alice->session, QStringLiteral("#lan"),
                                       QStringLiteral("alice")) == QStringLiteral("away"),
                              qPrintable(membersText((*m_alice)->members(QStringLiteral("#lan")))),
                              Timeout);
    // The other host's session is not away, nor is alice in its member list.
    QVERIFY(!elsewhere->isAway());
    QCOMPARE(awayThere.size(), 0);
    QVERIFY2(awayMark(*elsewhere.session, QStringLiteral("#lan"), QStringLiteral("alice")) ==
                 QStringLiteral("here"),
             qPrintable(membersText(elsewhere->members(QStringLiteral("#lan")))));

    // bob, on the first host, learns it when he asks (the session also asks by itself).
    (*m_bob)->requestWho(QStringLiteral("#lan"));
    QTRY_VERIFY2_WITH_TIMEOUT(!memberAway.isEmpty(), qPrintable(m_bob->log->text()), Timeout);
    QCOMPARE(memberAway.size(), 1);
    QCOMPARE(memberAway.first().at(0).toString(), QStringLiteral("alice"));
    QCOMPARE(memberAway.first().at(1).toBool(), true);
    QVERIFY2(awayMark(*m_bob->session, QStringLiteral("#lan"), QStringLiteral("alice")) ==
                 QStringLiteral("away"),
             qPrintable(membersText((*m_bob)->members(QStringLiteral("#lan")))));
    QVERIFY(!(*m_bob)->isAway());
    // Writing to her: the server answers that she is away.
    QSignalSpy awayReply(m_bob->session.get(), &ChatSession::awayReply);
    (*m_bob)->sendMessage(QStringLiteral("alice"), QStringLiteral("there?"));
    QVERIFY2(awayReply.wait(Timeout), qPrintable(m_bob->log->text()));
    QCOMPARE(awayReply.first().at(0).toString(), QStringLiteral("alice"));
    QCOMPARE(awayReply.first().at(1).toString(), QStringLiteral("lunch"));

    // Back.
    (*m_alice)->setAway(QString());
    QVERIFY2(awayHere.wait(Timeout), qPrintable(m_alice->log->text()));
    QCOMPARE(awayHere.last().at(0).toBool(), false);
    QVERIFY(!(*m_alice)->isAway());
    QVERIFY((*m_alice)->awayText().isEmpty());
    QTRY_VERIFY2_WITH_TIMEOUT(awayMark(*m_alice->session, QStringLiteral("#lan"),
                                       QStringLiteral("alice")) == QStringLiteral("here"),
                              qPrintable(membersText((*m_alice)->members(QStringLiteral("#lan")))),
                              Timeout);
    QCOMPARE(awayThere.size(), 0);
}

void TestChatSession::foldsAsTheServerDoes()
{
    // IRC's rule until a server says otherwise, and for anyone who has only a mapping.
    QCOMPARE(ChatSession::fold(QStringLiteral("#A[b]\\~É"), bridge::CaseMapping::Rfc1459),
             QStringLiteral("#a{b}|^É"));
    QCOMPARE(ChatSession::fold(QStringLiteral("#A[b]\\~"), bridge::CaseMapping::StrictRfc1459),
             QStringLiteral("#a{b}|~"));
    QCOMPARE(ChatSession::fold(QStringLiteral("#A[b]"), bridge::CaseMapping::Ascii),
             QStringLiteral("#a[b]"));

    m_alice = std::make_unique<Client>(sessionTo(m_host->port(), QStringLiteral("alice")));
    QCOMPARE((*m_alice)->caseMapping(), bridge::CaseMapping::Rfc1459);
    QVERIFY2(m_alice->log->waitJoined(QStringLiteral("#lan")), qPrintable(m_alice->log->text()));
    // A LanChat host says ascii: [ and { are two rooms there.
    QCOMPARE((*m_alice)->caseMapping(), bridge::CaseMapping::Ascii);
    QCOMPARE((*m_alice)->fold(QStringLiteral("#T[1]")), QStringLiteral("#t[1]"));
    (*m_alice)->join(QStringLiteral("#T[1]"));
    (*m_alice)->join(QStringLiteral("#t{1}"));
    QVERIFY2(m_alice->log->waitJoined(QStringLiteral("#t{1}")), qPrintable(m_alice->log->text()));
    (*m_alice)->setTopic(QStringLiteral("#T[1]"), QStringLiteral("square"));
    (*m_alice)->setTopic(QStringLiteral("#t{1}"), QStringLiteral("curly"));
    QTRY_VERIFY2_WITH_TIMEOUT((*m_alice)->topic(QStringLiteral("#T{1}")) == QStringLiteral("curly"),
                              qPrintable(m_alice->log->text()), Timeout);
    QCOMPARE((*m_alice)->topic(QStringLiteral("#t[1]")), QStringLiteral("square"));
    QCOMPARE((*m_alice)->members(QStringLiteral("#t[1]")).size(), 1);
    QCOMPARE((*m_alice)->members(QStringLiteral("#LAN")).size(), 1);
}

void TestChatSession::destroyConnected()
{
    const QString why = startTwo();
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // Destroyed with its own lines in flight and bob's arriving.
    for (int i = 0; i < 20; ++i) {
        (*m_alice)->sendMessage(QStringLiteral("#lan"), QStringLiteral("from alice %1").arg(i));
        (*m_bob)->sendMessage(QStringLiteral("#lan"), QStringLiteral("from bob %1").arg(i));
    }
    QTest::qWait(20);
    m_alice.reset();

    // bob sees her go (the connection closed, without a QUIT of hers).
    QVERIFY2(m_bob->log->waitFor([](const ChatEvent& e) {
        return e.kind == Kind::Quit && e.nick == QStringLiteral("alice");
    }),
             qPrintable(m_bob->log->text()));
    QCOMPARE((*m_bob)->state(), SessionState::Registered);
    QTRY_VERIFY2_WITH_TIMEOUT(
        m_host->clients() == 1,
        qPrintable(QStringLiteral("the host counts %1 clients").arg(m_host->clients())), Timeout);
}

void TestChatSession::unknownLoop()
{
    auto settings = sessionTo(m_host->port(), QStringLiteral("alice"));
    settings.loop = QStringLiteral("nosuchloop");
    ChatSession session(settings);
    EventLog log(&session);
    session.start(); // reported at once
    QVERIFY2(log.find([](const ChatEvent& e) {
        return e.kind == Kind::StateChanged && e.state == SessionState::Disconnected &&
               e.error.contains(QStringLiteral("nosuchloop"));
    }),
             qPrintable(log.text()));
    QCOMPARE(session.state(), SessionState::Disconnected);
}

void TestChatSession::slotsBeforeStartDoNothing()
{
    ChatSession session(sessionTo(m_host->port(), QStringLiteral("alice")));
    EventLog log(&session);
    session.sendMessage(QStringLiteral("#lan"), QStringLiteral("too early"));
    session.join(QStringLiteral("#x"));
    session.setNick(QStringLiteral("x"));
    session.quit();
    QTest::qWait(50);
    QVERIFY2(log.events.isEmpty(), qPrintable(log.text()));
    QCOMPARE(session.state(), SessionState::Disconnected);
    QCOMPARE(m_host->clients(), 0);
}

QTEST_GUILESS_MAIN(TestChatSession)
#include "tst_chatsession.moc"
