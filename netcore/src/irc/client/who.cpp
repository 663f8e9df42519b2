// SPDX-License-Identifier: GPL-3.0-or-later
// WHO: the engine's own, asked for a room after joining it and again every whoInterval while
// the server has no away-notify (the members' away marks, user@host and real names), and the
// user's (who()), collected into one WhoList event. Each reply is matched to its request by
// label (labeled-response) or, without it, by order; a WHO reply nobody here asked for (a line
// the user typed with /quote) is shown as the server's text.
//
//   -> @label=3 WHO #lan     <- @batch=b :srv BATCH +b labeled-response  (label=3 on its start)
//                            <- @batch=b 352 me #lan user host server bob G*@ :0 Bob Real
//                            <- @batch=b 315 me #lan :End of WHO list
//                            <- BATCH -b                        (the reply has ended)
//
// Flags: H here, G gone (away); * an IRC operator; the bot flag (ISUPPORT BOT); then the
// member's prefixes in the room.

#include "irc/client/client_impl.h"

namespace netcore::irc {

namespace {

// People kept of one WHO reply for the user at most: a mask like "*" on a big network matches
// thousands, and memory stays bounded.
constexpr std::size_t MaxWhoEntries = 1000;

} // namespace

// RPL_WHOREPLY "352 me #room user host server nick H|G[*][B][@|+] :hops real name".
void IrcClient::Impl::onWhoReply(const Message& m, ClientEvent& e)
{
    const std::string& flags = m.param(6);
    if (flags.empty())
        return;
    WhoEntry entry;
    entry.room = m.param(1) == "*" ? std::string() : m.param(1);
    entry.user = m.param(2);
    entry.host = m.param(3);
    entry.server = m.param(4);
    entry.nick = m.param(5);
    entry.away = flags[0] == 'G';
    for (const char flag : flags.substr(1)) {
        if (flag == '*')
            entry.oper = true;
        else if (support.botFlag && flag == support.botFlag)
            entry.bot = true;
        else if (support.prefixSymbols.find(flag) != std::string::npos)
            entry.prefixes += flag;
    }
    // "0 Bob Real": the hop count, then the real name.
    const std::string& hopsAndName = client::lastParam(m);
    if (const std::size_t space = hopsAndName.find(' '); space != std::string::npos)
        entry.realName = decodeText(hopsAndName.substr(space + 1));

    // What WHO says of members is news for the member lists, whoever asked; their prefixes
    // too where the line names the room.
    for (auto& [folded, room] : roomMap) {
        for (RoomMember& member : room.members) {
            if (same(member.nick, entry.nick)) {
                member.userHost = entry.user + "@" + entry.host;
                if (!entry.realName.empty())
                    member.realName = entry.realName;
                if (same(room.name, entry.room))
                    member.prefix = entry.prefixes;
            }
        }
    }
    markAway(entry.nick, entry.away, {}, e);

    Request* request = answered({RequestKind::OwnWho, RequestKind::UserWho});
    if (!request) {
        reportNumeric(m, e);
        return;
    }
    if (request->kind != RequestKind::UserWho)
        return;
    if (request->entries.size() < MaxWhoEntries)
        request->entries.push_back(std::move(entry));
    else
        ++request->more;
}

// RPL_ENDOFWHO "315 me mask :End of WHO list".
void IrcClient::Impl::onEndOfWho(const Message& m, ClientEvent& e)
{
    if (Request* request = answered({RequestKind::OwnWho, RequestKind::UserWho}))
        finishRequest(request, e);
    else
        reportNumeric(m, e);
}

// WHO for every room, every whoInterval, unless the server tells of changes (away-notify).
void IrcClient::Impl::refreshWho(Clock::time_point now)
{
    if (config.whoInterval.count() <= 0 || hasCap("away-notify") || now < nextWho)
        return;
    nextWho = now + config.whoInterval;
    for (const auto& [folded, room] : roomMap)
        sendRequest(RequestKind::OwnWho, room.name, {{}, {}, "WHO", {room.name}});
}

} // namespace netcore::irc
