// SPDX-License-Identifier: GPL-3.0-or-later
// A WHOIS reply collected into one event: its lines, from the first to RPL_ENDOFWHOIS, fill a
// WhoisReply (whoever asked: whois(), or a WHOIS the user typed with /quote).
//
//   -> WHOIS bob
//   <- 311 me bob b host * :Bob Real       user, host, real name
//   <- 319 me bob :@#lan #side              rooms
//   <- 312 me bob lan.test :LanChat host   server
//   <- 317 me bob 42 1700000000 :...       idle, signed on
//   <- 301 me bob :lunch                   away
//   <- 313 me bob :is an IRC operator      operator
//   <- 318 me bob :End of WHOIS list       -> the Whois event (no 311 before: not found)

#include "irc/client/client_impl.h"

#include <charconv>

namespace netcore::irc {

namespace {

// Replies collected at once at most (a server that never ends them cannot grow memory).
constexpr std::size_t MaxCollected = 32;

std::optional<long long> number(std::string_view text)
{
    long long value = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace

WhoisReply* IrcClient::Impl::whoisFor(std::string_view who)
{
    const auto it = whoisPending.find(fold(who));
    return it == whoisPending.end() ? nullptr : &it->second;
}

void IrcClient::Impl::onWhoisLine(const Message& m, ClientEvent& e)
{
    const std::string& who = m.param(1);
    if (who.empty() || (whoisPending.size() >= MaxCollected && !whoisPending.contains(fold(who))))
        return;
    WhoisReply& reply = whoisPending[fold(who)];
    if (reply.nick.empty())
        reply.nick = who;
    switch (e.numeric) {
    case RPL_WHOISUSER: // nick user host * :real name
        reply.found = true;
        reply.nick = who;
        reply.user = m.param(2);
        reply.host = m.param(3);
        reply.realName = decodeText(client::lastParam(m));
        break;
    case RPL_WHOISSERVER: // nick server :server info
        reply.server = m.param(2);
        reply.serverInfo = decodeText(client::lastParam(m));
        break;
    case RPL_WHOISOPERATOR: // nick :is an IRC operator
        reply.oper = true;
        break;
    case RPL_WHOISIDLE: // nick seconds [signon] :seconds idle[, signon time]
        if (const auto idle = number(m.param(2)))
            reply.idle = std::chrono::seconds(*idle);
        if (m.params.size() >= 5)
            if (const auto signOn = number(m.param(3)))
                reply.signOn = std::chrono::system_clock::time_point(std::chrono::seconds(*signOn));
        break;
    case RPL_WHOISCHANNELS: // nick :@#lan +#side #other (may come in several lines)
        client::forEachWord(client::lastParam(m),
                            [&](std::string_view room) { reply.rooms.emplace_back(room); });
        break;
    case RPL_WHOISACCOUNT: // nick account :is logged in as
        reply.account = m.param(2);
        break;
    case RPL_WHOISSECURE: // nick :is using a secure connection
    case RPL_WHOISSSL:    // nick :is connected via SSL (secure link)   (ngircd)
        reply.secure = true;
        break;
    default: // the rest as the server words it: "is using modes +a", "is connecting from ..."
        reply.other.push_back(decodeText(client::joinParams(m, 2)));
        break;
    }
}

// RPL_ENDOFWHOIS "318 me bob :End of WHOIS list": the reply is complete.
void IrcClient::Impl::onEndOfWhois(const Message& m, ClientEvent& e)
{
    const std::string& who = m.param(1);
    WhoisReply reply;
    if (auto node = whoisPending.extract(fold(who)))
        reply = std::move(node.mapped());
    if (reply.nick.empty())
        reply.nick = who;
    if (reply.found)
        markAway(reply.nick, reply.away, reply.awayText, e);
    ClientEvent t = typed(ClientEvent::Kind::Whois, e);
    t.nick = reply.nick;
    t.text = reply.awayText;
    t.whois = std::make_shared<const WhoisReply>(std::move(reply));
    emit(t);
}

} // namespace netcore::irc
