// SPDX-License-Identifier: GPL-3.0-or-later
// The link: connecting (every address getaddrinfo gives), the timers (our PING and its timeout,
// the registration and QUIT deadlines, WHO refreshes), losing the link and retrying with
// back-off, and reading lines: each command goes to the job that handles it.

#include "irc/client/client_impl.h"

#include <algorithm>
#include <charconv>

namespace netcore::irc {

namespace client {

namespace {

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
           std::chrono::seconds(second) + std::chrono::milliseconds(millis);
}

} // namespace

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

} // namespace client

IrcClient::Impl::Impl(EventLoop& l, ClientConfig c, Handler h)
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

// --- events ----------------------------------------------------------------------------------

ClientEvent IrcClient::Impl::event(ClientEvent::Kind kind) const
{
    ClientEvent e;
    e.kind = kind;
    e.state = state;
    e.time = std::chrono::system_clock::now();
    return e;
}

ClientEvent IrcClient::Impl::typed(ClientEvent::Kind kind, const ClientEvent& cause) const
{
    ClientEvent e = event(kind);
    e.time = cause.time;
    e.numeric = cause.numeric;
    return e;
}

void IrcClient::Impl::emit(const ClientEvent& e)
{
    if (handler)
        handler(e);
}

void IrcClient::Impl::setState(ClientState next, NetError error, std::string text,
                               milliseconds retryIn)
{
    state = next;
    ClientEvent e = event(ClientEvent::Kind::StateChanged);
    e.error = std::move(error);
    e.text = std::move(text);
    e.retryIn = retryIn;
    emit(e);
}

// --- connecting ------------------------------------------------------------------------------

void IrcClient::Impl::startConnect()
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

void IrcClient::Impl::connected(std::shared_ptr<TcpConnection> c, const NetError& error)
{
    connector.reset();
    if (!c) {
        lost(error);
        return;
    }
    connection = std::move(c);
    if (config.tls && !startTls())
        return;
    connection->setDataHandler([this](TcpConnection&, std::string_view data) { received(data); });
    connection->setCloseHandler([this](TcpConnection&, const NetError& why) { closed(why); });
    connection->start();

    reader = LineReader(client::ServerLimits, client::MaxUnterminated);
    welcomeBurst = false;
    roomMap.clear();
    pending.clear();
    whoisPending.clear();
    forgetReplies();
    pingSent.reset();
    queue.start(config.sendBurst, config.sendLinesPerSecond);
    lastReceived = Clock::now();
    registrationDeadline = lastReceived + config.registrationTimeout;
    // A new server (or the same one again) says what it supports anew; until then, IRC's
    // defaults, the case mapping among them.
    support.reset();
    setCaseMapping(CaseMapping::Rfc1459);
    setState(ClientState::Registering);
    beginRegistration();
}

// Ends the connection (if any) because of `error`, then retries or stops.
void IrcClient::Impl::fail(NetError error)
{
    if (connection) {
        closeError = std::move(error);
        connection->abort(); // runs closed()
    } else {
        lost(std::move(error));
    }
}

bool IrcClient::Impl::startTls()
{
    NetError error;
    if (!tlsContext)
        tlsContext = TlsContext::client(&error);
    if (!tlsContext) {
        fatal = true;
        connection->abort();
        connection.reset();
        lost(error);
        return false;
    }
    TlsClientOptions options = config.tlsOptions;
    if (options.serverName.empty())
        options.serverName = config.host;
    tlsInfoValue.reset();
    connection->useTls(tlsContext->clientSession(options));
    connection->setTlsReadyHandler([this](TcpConnection& c) {
        tlsInfoValue = c.tls()->info();
        ClientEvent e = event(ClientEvent::Kind::TlsReady);
        e.text = tlsInfoValue->version + ", " + tlsInfoValue->cipher;
        emit(e);
    });
    return true;
}

void IrcClient::Impl::closed(const NetError& error)
{
    if (connection && connection->tls() && !connection->tls()->info().fingerprint.empty())
        tlsInfoValue = connection->tls()->info(); // a refused certificate's fingerprint too
    // A certificate refused, or no TLS version in common: retrying cannot help.
    if (error.code == make_error_code(TlsErrc::unknownCertificate) ||
        error.code == make_error_code(TlsErrc::fingerprintChanged) ||
        error.code == make_error_code(TlsErrc::protocolVersion) ||
        error.code == make_error_code(TlsErrc::notTls))
        fatal = true;
    // Dropped after the close handler has returned: the connection is still running it.
    loop.post([c = std::move(connection)] {});
    NetError why = closeError ? closeError : error;
    closeError = {};
    lost(std::move(why));
}

void IrcClient::Impl::lost(NetError error)
{
    queue.dropQuit();
    if (quitRequested)
        queue.clear();
    roomMap.clear();
    pending.clear();
    whoisPending.clear();
    forgetReplies();
    // Who is away is learnt again in the next session; our own mark is sent again then.
    std::erase_if(awayNicks, [this](const auto& entry) { return !isSelf(entry.second.nick); });
    operatorStatus = false;
    // After our QUIT the end is what was asked for, however the server's socket ended it (a
    // server that closes at once resets a connection whose last bytes, a TLS close_notify, it
    // left unread). A TLS refusal or a timeout is still said: the quit did not cause it.
    if (quitRequested && error.code.category() == socketCategory())
        error = {};
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

void IrcClient::Impl::stopTicking()
{
    if (tickTimer != 0)
        loop.cancelTimer(tickTimer);
    tickTimer = 0;
}

// --- timers ----------------------------------------------------------------------------------

void IrcClient::Impl::tick()
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
        return;
    }
    if (state == ClientState::Registered)
        refreshWho(now);
}

void IrcClient::Impl::sendPing()
{
    pingToken = "lanchat-" + std::to_string(++pingCounter);
    pingSent = Clock::now();
    sendNow({{}, {}, "PING", {pingToken}});
}

// --- receiving -------------------------------------------------------------------------------

void IrcClient::Impl::received(std::string_view data)
{
    lastReceived = Clock::now();
    if (!reader.feed(data)) {
        fail({make_error_code(Errc::protocolError),
              "reading (over " + std::to_string(client::MaxUnterminated) +
                  " bytes without a line end)",
              config.host});
        return;
    }
    while (connection) {
        const auto line = reader.next();
        if (!line)
            break;
        auto parsed = parse(line->text, client::ServerLimits);
        if (parsed.message)
            handle(*parsed.message);
    }
}

void IrcClient::Impl::handle(const Message& m)
{
    beforeReply(m);
    ClientEvent e = event(ClientEvent::Kind::ServerText);
    if (const std::string* time = m.tag("time"))
        if (const auto t = client::parseServerTime(*time))
            e.time = *t;
    if (const std::string* id = m.tag("msgid"))
        e.msgid = *id;
    if (const std::string* reference = m.tag("batch"))
        inBatch(*reference, e);
    e.nick = m.source.find('!') != std::string::npos ? client::nickOf(m.source) : std::string();
    e.self = !e.nick.empty() && isSelf(e.nick);
    const std::string& c = m.command;

    if (c == "PING") {
        sendNow({{}, {}, "PONG", {m.param(0)}, true});
    } else if (c == "PONG") {
        if (pingSent && client::lastParam(m) == pingToken) {
            lagValue = std::chrono::duration_cast<milliseconds>(Clock::now() - *pingSent);
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
    } else if (state == ClientState::Registered || state == ClientState::Closing || c == "NOTICE") {
        handleCommand(m, e); // NOTICE: servers send some while we register
    }
    afterReply(m, e);
}

// A command from the server (not a numeric) to the job that handles it.
void IrcClient::Impl::handleCommand(const Message& m, ClientEvent& e)
{
    using Handler = void (Impl::*)(const Message&, ClientEvent&);
    struct Entry
    {
        std::string_view command;
        Handler handler;
    };
    static constexpr Entry Commands[] = {
        {"PRIVMSG", &Impl::onText},        {"NOTICE", &Impl::onText},
        {"JOIN", &Impl::onJoin},           {"PART", &Impl::onPart},
        {"KICK", &Impl::onKick},           {"QUIT", &Impl::onQuit},
        {"NICK", &Impl::onNick},           {"TOPIC", &Impl::onTopic},
        {"MODE", &Impl::onMode},           {"INVITE", &Impl::onInvite},
        {"AWAY", &Impl::onAwayNotify},     {"BATCH", &Impl::onBatch},
        {"CHGHOST", &Impl::onChangedHost}, {"SETNAME", &Impl::onSetName},
        {"FAIL", &Impl::onStandardReply},  {"WARN", &Impl::onStandardReply},
        {"NOTE", &Impl::onStandardReply},
    };
    for (const auto& entry : Commands) {
        if (entry.command == m.command) {
            (this->*entry.handler)(m, e);
            return;
        }
    }
}

} // namespace netcore::irc
