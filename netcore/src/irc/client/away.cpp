// SPDX-License-Identifier: GPL-3.0-or-later
// Who is away, kept for this connection: our own mark (AWAY and the server's answer), the marks
// of the members of our rooms, learnt from WHO replies (who.cpp), from away-notify's AWAY when
// the server has it, and from RPL_AWAY when someone away is written to.
//
//   -> AWAY :lunch               <- 306 me :You have been marked as being away
//   <- :bob!b@h AWAY :lunch      (away-notify)
//   -> PRIVMSG bob :hi           <- 301 me bob :lunch

#include "irc/client/client_impl.h"

#include <algorithm>

namespace netcore::irc {

// RPL_NOWAWAY "306 me :You have been marked as being away", RPL_UNAWAY "305 me :...".
void IrcClient::Impl::onSelfAway(const Message& m, ClientEvent& e)
{
    const bool away = e.numeric == RPL_NOWAWAY;
    awayValue =
        away ? (awayRequested.empty() ? std::string("away") : awayRequested) : std::string();
    e.kind = ClientEvent::Kind::Away;
    e.self = true;
    e.nick = nick;
    e.text = away ? decodeText(client::lastParam(m)) : std::string();
    emit(e);
    markAway(nick, away, awayValue, e);
}

// RPL_AWAY "301 me bob :lunch": the answer to a message, an invitation or a WHOIS.
void IrcClient::Impl::onAwayReply(const Message& m, ClientEvent& e)
{
    const std::string who = m.param(1);
    const std::string text = decodeText(client::lastParam(m));
    if (WhoisReply* reply = whoisFor(who)) {
        reply->away = true;
        reply->awayText = text;
    } else {
        ClientEvent t = typed(ClientEvent::Kind::AwayReply, e);
        t.nick = who;
        t.text = text;
        emit(t);
    }
    markAway(who, true, text, e);
}

// away-notify: ":bob!b@h AWAY :lunch" (away) or ":bob!b@h AWAY" (back).
void IrcClient::Impl::onAwayNotify(const Message& m, ClientEvent& e)
{
    if (e.nick.empty())
        return;
    const std::string text = decodeText(m.param(0));
    markAway(e.nick, !text.empty(), text, e);
}

// Sets `who`'s mark (text: the away message, "" to keep what is known), and reports a change
// of the mark with the rooms where it shows. Only our own mark and those of the members of our
// rooms are kept.
void IrcClient::Impl::markAway(const std::string& who, bool away, const std::string& text,
                               const ClientEvent& cause)
{
    const bool self = isSelf(who);
    if (!self && !inAnyRoom(who))
        return;
    const std::string folded = fold(who);
    const auto it = awayNicks.find(folded);
    const bool was = it != awayNicks.end();
    if (away && (!was || !text.empty()))
        awayNicks[folded] = AwayMark{who, text};
    else if (!away && was)
        awayNicks.erase(it);
    if (was == away)
        return;
    ClientEvent t = typed(ClientEvent::Kind::MemberAway, cause);
    t.nick = who;
    t.self = self;
    t.away = away;
    t.text = away ? awayNicks[folded].text : std::string();
    for (auto& [name, room] : roomMap) {
        for (auto& member : room.members) {
            if (same(member.nick, who)) {
                member.away = away;
                t.rooms.push_back(room.name);
            }
        }
    }
    emit(t);
}

// After `who` left a room (or quit): its mark is forgotten once it shares no room with us;
// after we left one, the marks of those we no longer share a room with.
void IrcClient::Impl::forgetIfGone(const std::string& who)
{
    if (isSelf(who)) {
        std::erase_if(awayNicks, [this](const auto& entry) {
            return !isSelf(entry.second.nick) && !inAnyRoom(entry.second.nick);
        });
        return;
    }
    if (!inAnyRoom(who))
        awayNicks.erase(fold(who));
}

} // namespace netcore::irc
