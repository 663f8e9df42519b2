// SPDX-License-Identifier: GPL-3.0-or-later
// Registration: CAP LS 302 / REQ / END where the server offers capabilities, PASS, NICK, USER;
// a nick the server refuses (alternatives while registering, the old nick kept after); a
// refused password; the welcome, after which the rooms are (re)joined; and OPER's answers.
//
//   -> CAP LS 302, [PASS pw], NICK n, USER u 0 * :real
//   <- CAP * LS :caps...        -> CAP REQ :wanted  <- CAP * ACK :wanted  -> CAP END
//   <- 433 * n :in use          -> NICK n_          (or the user's own alternative first)
//   <- 001 n_ :Welcome ...      -> JOIN #rooms, AWAY (if we were), PING (the first lag)

#include "irc/client/client_impl.h"

#include <algorithm>

namespace netcore::irc {

namespace {

NickRefusal refusalOf(int numeric)
{
    switch (numeric) {
    case ERR_ERRONEUSNICKNAME:
        return NickRefusal::Erroneous;
    case ERR_NICKCOLLISION:
        return NickRefusal::Collision;
    case ERR_UNAVAILRESOURCE:
        return NickRefusal::Unavailable;
    default:
        return NickRefusal::InUse;
    }
}

} // namespace

const char* nickRefusalName(NickRefusal refusal)
{
    switch (refusal) {
    case NickRefusal::InUse:
        return "in use";
    case NickRefusal::Erroneous:
        return "erroneous";
    case NickRefusal::Collision:
        return "collision";
    case NickRefusal::Unavailable:
        return "unavailable";
    }
    return "?";
}

void IrcClient::Impl::beginRegistration()
{
    nick = config.nick;
    wishBefore.clear();
    alternative = 0;
    generated = 0;
    offeredCaps.clear();
    caps.clear();
    capEnded = config.capabilities.empty();
    operatorStatus = false;
    if (!capEnded)
        sendNow({{}, {}, "CAP", {"LS", "302"}});
    if (!config.password.empty())
        sendNow({{}, {}, "PASS", {config.password}});
    sendNow({{}, {}, "NICK", {nick}});
    sendNow({{}, {}, "USER", {config.user, "0", "*", config.realName}, true});
}

void IrcClient::Impl::handleCap(const Message& m)
{
    const std::string& sub = m.param(1);
    if (sub == "LS") {
        // "CAP * LS * :more..." continues; the last line has no "*".
        const bool more = m.params.size() >= 4 && m.params[2] == "*";
        client::forEachWord(client::lastParam(m), [this](std::string_view item) {
            offeredCaps.emplace_back(item.substr(0, item.find('=')));
        });
        if (more || capEnded)
            return;
        std::string request;
        for (const auto& cap : config.capabilities)
            if (std::find(offeredCaps.begin(), offeredCaps.end(), cap) != offeredCaps.end())
                request += (request.empty() ? "" : " ") + cap;
        if (request.empty())
            endCap();
        else
            sendNow({{}, {}, "CAP", {"REQ", request}, true});
    } else if (sub == "ACK") {
        client::forEachWord(client::lastParam(m), [this](std::string_view item) {
            if (item.front() == '-')
                std::erase(caps, std::string(item.substr(1)));
            else
                caps.emplace_back(item);
        });
        endCap();
    } else if (sub == "NAK") {
        endCap();
    } else if (sub == "NEW") {
        // cap-notify: the server offers more now; ask for those we want.
        std::string request;
        client::forEachWord(client::lastParam(m), [&](std::string_view item) {
            const std::string name(item.substr(0, item.find('=')));
            offeredCaps.push_back(name);
            if (std::find(config.capabilities.begin(), config.capabilities.end(), name) !=
                    config.capabilities.end() &&
                !hasCap(name))
                request += (request.empty() ? "" : " ") + name;
        });
        if (!request.empty())
            sendNow({{}, {}, "CAP", {"REQ", request}, true});
    } else if (sub == "DEL") {
        client::forEachWord(client::lastParam(m), [this](std::string_view item) {
            std::erase(caps, std::string(item));
            std::erase(offeredCaps, std::string(item));
        });
    }
}

void IrcClient::Impl::endCap()
{
    if (capEnded || state != ClientState::Registering)
        return;
    capEnded = true;
    sendNow({{}, {}, "CAP", {"END"}});
}

bool IrcClient::Impl::hasCap(std::string_view cap) const
{
    return std::find(caps.begin(), caps.end(), cap) != caps.end();
}

std::string IrcClient::Impl::nextNick()
{
    ++alternative;
    // The user's own alternative first, then the nick with "_", "1", "2", ... (never the same
    // nick twice).
    const std::string& own = config.alternativeNick;
    if (alternative == 1 && usesOwnAlternative())
        return own;
    const std::size_t nickLength = support.nickLength;
    for (;;) {
        ++generated;
        std::string base = config.nick;
        const std::string suffix = generated == 1 ? "_" : std::to_string(generated - 1);
        if (base.size() + suffix.size() > nickLength)
            base = base.substr(0, nickLength > suffix.size() ? nickLength - suffix.size() : 1);
        if (own.empty() || !same(base + suffix, own))
            return base + suffix;
    }
}

bool IrcClient::Impl::usesOwnAlternative() const
{
    return !config.alternativeNick.empty() && !same(config.alternativeNick, config.nick);
}

// setNick(): the nick wanted from now on (also after a reconnect).
void IrcClient::Impl::requestNick(const std::string& wish)
{
    if (state == ClientState::Registering) {
        config.nick = wish;
        nick = wish;
        sendNow({{}, {}, "NICK", {wish}});
        return;
    }
    // Kept until the server answers: a refused nick is not wished for any longer.
    if (wishBefore.empty())
        wishBefore = config.nick;
    config.nick = wish;
    enqueue({{}, {}, "NICK", {wish}});
}

// The nick we wanted became free: take it back.
void IrcClient::Impl::regainNick(const std::string& freed)
{
    if (same(freed, config.nick) && !same(nick, config.nick))
        enqueue({{}, {}, "NICK", {config.nick}});
}

void IrcClient::Impl::onWelcome(const Message& m, ClientEvent& e)
{
    nick = m.param(0);
    everRegistered = true;
    watchSent = false; // the watched nicks go once ISUPPORT says MONITOR
    welcomeBurst = true;
    backoff = milliseconds(0);
    // Rejoin (or join) the rooms, and say again that we are away, before anything typed
    // meanwhile goes out and before the handlers hear of it (they may send, or even quit, at
    // once).
    std::vector<Message> first;
    for (const auto& [folded, roomAndKey] : wanted) {
        const std::size_t space = roomAndKey.find(' ');
        Message join{{}, {}, "JOIN", {roomAndKey.substr(0, space)}};
        if (space != std::string::npos)
            join.params.push_back(roomAndKey.substr(space + 1));
        first.push_back(std::move(join));
    }
    if (!awayValue.empty())
        first.push_back({{}, {}, "AWAY", {awayValue}, true});
    for (auto it = first.rbegin(); it != first.rend(); ++it)
        queue.pushFront({formatLimited(*it, config.maxLine), std::nullopt, false});
    nextWho = Clock::now() + config.whoInterval;
    sendPing(); // the first lag figure
    setState(ClientState::Registered);
    e.kind = ClientEvent::Kind::Registered;
    e.state = state;
    e.nick = nick;
    e.self = true;
    e.text = decodeText(m.params.size() >= 2 ? client::lastParam(m) : std::string());
    emit(e);
    pump();
}

// ERR_NICKNAMEINUSE and its kin: "433 <me or *> <nick> :Nickname is already in use".
void IrcClient::Impl::onNickRefused(const Message& m, ClientEvent& e)
{
    const std::string refused = m.params.size() >= 3 ? m.params[1] : nick;
    ClientEvent t = typed(ClientEvent::Kind::NickRefused, e);
    t.nick = refused;
    t.refusal = refusalOf(e.numeric);
    t.text = decodeText(client::lastParam(m));
    if (state != ClientState::Registering) {
        // A nick change refused: our nick stays, and the refused one is not wished for.
        if (same(refused, config.nick) && !wishBefore.empty())
            config.nick = wishBefore;
        wishBefore.clear();
        emit(t);
        return;
    }
    const std::string taken = nick;
    // An erroneous nick ends the attempt, unless it was the user's own alternative: then the
    // generated ones are tried.
    const bool ownRefused = alternative == 1 && usesOwnAlternative();
    if (!config.alternativeNicks || alternative > 8 ||
        (e.numeric == ERR_ERRONEUSNICKNAME && !ownRefused)) {
        t.nick = taken;
        emit(t);
        fatal = true;
        fail({make_error_code(Errc::refused),
              "nick " + taken + " (" + m.command + " " + t.text + ")", config.host});
        return;
    }
    nick = nextNick();
    t.nick = taken;
    t.target = nick;
    emit(t);
    sendNow({{}, {}, "NICK", {nick}});
}

// ERR_PASSWDMISMATCH: while registering, the server password; once registered, OPER's.
void IrcClient::Impl::onPasswordRefused(const Message& m, ClientEvent& e)
{
    if (state != ClientState::Registering) {
        onOperatorRefused(m, e);
        return;
    }
    // The server closes the link next; say why rather than "closed", and do not retry.
    fatal = true;
    const std::string text = decodeText(client::lastParam(m));
    closeError = {make_error_code(Errc::refused), m.command + " " + text, config.host};
    ClientEvent t = typed(ClientEvent::Kind::PasswordRefused, e);
    t.text = text;
    emit(t);
}

// ERR_YOUREBANNEDCREEP: the server will not have us; retrying cannot help.
void IrcClient::Impl::onBanned(const Message& m, ClientEvent& e)
{
    fatal = true;
    closeError = {make_error_code(Errc::refused),
                  m.command + " " + decodeText(client::lastParam(m)), config.host};
    reportNumeric(m, e);
}

void IrcClient::Impl::onOperatorGranted(const Message& m, ClientEvent& e)
{
    operatorStatus = true;
    ClientEvent t = typed(ClientEvent::Kind::OperatorGranted, e);
    t.self = true;
    t.nick = nick;
    t.text = decodeText(client::lastParam(m));
    emit(t);
}

void IrcClient::Impl::onOperatorRefused(const Message& m, ClientEvent& e)
{
    ClientEvent t = typed(ClientEvent::Kind::OperatorRefused, e);
    t.text = decodeText(client::lastParam(m));
    emit(t);
}

} // namespace netcore::irc
