// SPDX-License-Identifier: GPL-3.0-or-later
// Queries (ngircd's irc-info.c): WHO, WHOIS, MOTD, LUSERS, and AWAY (which WHO, WHOIS and
// private messages report).

#include "irc/host/queries.h"

#include "irc/host/engine.h"
#include "irc/host/mask.h"
#include "irc/host/monitor.h"

#include <algorithm>

namespace netcore::irc::hostimpl::queries {

constexpr auto npos = std::string::npos;

namespace {

// "H" here or "G" gone, "*" a host operator, "B" a bot, then the member's prefixes.
std::string whoFlags(const Client& c, Client& who, const Member* flags)
{
    std::string status = who.away.empty() ? "H" : "G";
    if (who.oper)
        status += '*';
    if (who.bot)
        status += 'B';
    if (flags)
        status += flags->prefix(c.caps & CapMultiPrefix);
    return status;
}

// WHO's options: plain (RPL_WHOREPLY) or WHOX ("%tcuihsnfdlaor,token": RPL_WHOSPCRPL with the
// fields asked for, always in that order).
struct WhoQuery
{
    bool whox = false;
    std::string fields;
    std::string token;
};

WhoQuery parseWhoOptions(std::string_view options)
{
    WhoQuery q;
    const auto percent = options.find('%');
    if (percent == std::string_view::npos)
        return q;
    q.whox = true;
    std::string_view rest = options.substr(percent + 1);
    const auto comma = rest.find(',');
    if (comma != std::string_view::npos) {
        q.token = std::string(rest.substr(comma + 1, 3)); // WHOX tokens are at most 3 digits
        rest = rest.substr(0, comma);
    }
    q.fields = std::string(rest);
    if (q.token.empty() || q.token.find_first_not_of("0123456789") != std::string::npos)
        q.token = "0";
    return q;
}

void whoLine(Engine& host, Client& c, const WhoQuery& q, const std::string& room, Client& who,
             const Member* flags)
{
    if (!q.whox) {
        host.sender.numeric(
            c, RPL_WHOREPLY,
            {room, who.user, who.host, host.config.serverName, who.nick, whoFlags(c, who, flags)},
            "0 " + who.realName);
        return;
    }
    std::vector<std::string> params;
    const auto want = [&](char field) { return q.fields.find(field) != std::string::npos; };
    const auto idle =
        std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - who.lastActivity);
    if (want('t'))
        params.push_back(q.token);
    if (want('c'))
        params.push_back(room);
    if (want('u'))
        params.push_back(who.user);
    if (want('i'))
        params.push_back(who.host);
    if (want('h'))
        params.push_back(who.host);
    if (want('s'))
        params.push_back(host.config.serverName);
    if (want('n'))
        params.push_back(who.nick);
    if (want('f'))
        params.push_back(whoFlags(c, who, flags));
    if (want('d'))
        params.push_back("0");
    if (want('l'))
        params.push_back(std::to_string(idle.count()));
    if (want('a'))
        params.push_back("0"); // no accounts on a LanChat host
    if (want('o'))
        params.push_back(flags && flags->op ? "n/a" : "0");
    if (want('r')) {
        host.sender.numeric(c, RPL_WHOSPCRPL, std::move(params), who.realName);
        return;
    }
    host.sender.numericParams(c, RPL_WHOSPCRPL, std::move(params));
}

// Whether `asker` shares a room with `other`.
bool shareRoom(const Client& asker, const Client& other)
{
    return std::any_of(other.rooms.begin(), other.rooms.end(),
                       [&](Room* r) { return r->members.count(const_cast<Client*>(&asker)); });
}

} // namespace

void sendMotd(Engine& host, Client& c)
{
    const HostConfig& config = host.config;
    if (config.motd.empty()) {
        host.sender.numeric(c, ERR_NOMOTD, {}, "MOTD File is missing");
        return;
    }
    host.sender.numeric(c, RPL_MOTDSTART, {}, "- " + config.serverName + " Message of the day - ");
    for (const auto& line : config.motd)
        host.sender.numeric(c, RPL_MOTD, {}, "- " + line);
    host.sender.numeric(c, RPL_ENDOFMOTD, {}, "End of /MOTD command.");
}

void sendLusers(Engine& host, Client& c)
{
    std::size_t users = 0, invisible = 0, operators = 0, unknown = 0;
    for (const auto& [id, client] : host.world.clients) {
        if (!client->registered)
            ++unknown;
        else if (client->invisible)
            ++invisible;
        else
            ++users;
        if (client->oper)
            ++operators;
    }
    const std::size_t total = users + invisible;
    const std::string count = std::to_string(total);
    const std::string peak = std::to_string(host.world.peakUsers);
    Sender& sender = host.sender;
    sender.numeric(c, RPL_LUSERCLIENT, {},
                   "There are " + std::to_string(users) + " users and " +
                       std::to_string(invisible) + " invisible on 1 servers");
    sender.numeric(c, RPL_LUSEROP, {std::to_string(operators)}, "operator(s) online");
    sender.numeric(c, RPL_LUSERUNKNOWN, {std::to_string(unknown)}, "unknown connection(s)");
    sender.numeric(c, RPL_LUSERCHANNELS, {std::to_string(host.world.rooms.size())},
                   "channels formed");
    sender.numeric(c, RPL_LUSERME, {}, "I have " + count + " clients and 0 servers");
    sender.numeric(c, RPL_LOCALUSERS, {count, peak},
                   "Current local users " + count + ", max " + peak);
    sender.numeric(c, RPL_GLOBALUSERS, {count, peak},
                   "Current global users " + count + ", max " + peak);
}

void who(Engine& host, Client& c, const Message& m)
{
    const std::string mask = m.params.empty() || m.param(0).empty() ? std::string("*") : m.param(0);
    const WhoQuery q = parseWhoOptions(m.param(1));
    if (mask.front() == '#') {
        Room* r = host.world.findRoom(mask);
        if (r && r->visibleTo(&c)) {
            const bool inside = r->members.count(&c) > 0;
            for (Client* member : r->order) {
                if (inside || !member->invisible || member == &c)
                    whoLine(host, c, q, r->name, *member, &r->members[member]);
            }
        }
    } else {
        // A mask matches a nick, user, host or real name; invisible people only to those who
        // share a room with them, unless asked for by their exact nick.
        const bool exact = mask.find_first_of("*?") == npos;
        for (const auto& [id, other] : host.world.clients) {
            Client& who = *other;
            if (!who.registered)
                continue;
            if (who.invisible && &who != &c && !shareRoom(c, who) &&
                !(exact && sameName(mask, who.nick)))
                continue;
            if (maskMatches(mask, who.nick, kCaseMapping) ||
                maskMatches(mask, who.user, kCaseMapping) ||
                maskMatches(mask, who.host, kCaseMapping) ||
                maskMatches(mask, who.realName, kCaseMapping) ||
                maskMatches(mask, who.mask(), kCaseMapping))
                whoLine(host, c, q, "*", who, nullptr);
        }
    }
    host.sender.numeric(c, RPL_ENDOFWHO, {mask}, "End of /WHO list");
}

void whois(Engine& host, Client& c, const Message& m)
{
    Sender& sender = host.sender;
    if (m.params.empty() || m.param(0).empty()) {
        sender.numeric(c, ERR_NONICKNAMEGIVEN, {}, "No nickname given");
        return;
    }
    // "WHOIS server nick" asks a server; the nick is the last parameter.
    const std::string& nick = m.params.back();
    Client* found = host.world.findNick(nick);
    if (!found || !found->registered) {
        sender.numeric(c, ERR_NOSUCHNICK, {nick}, "No such nick/channel");
        sender.numeric(c, RPL_ENDOFWHOIS, {nick}, "End of /WHOIS list");
        return;
    }
    sender.numeric(c, RPL_WHOISUSER, {found->nick, found->user, found->host, "*"}, found->realName);
    std::string roomsText;
    for (Room* r : found->rooms) {
        if (!r->visibleTo(&c))
            continue;
        roomsText += (roomsText.empty() ? "" : " ") +
                     std::string(r->members[found].prefix(c.caps & CapMultiPrefix)) + r->name;
    }
    if (!roomsText.empty())
        sender.numeric(c, RPL_WHOISCHANNELS, {found->nick}, roomsText);
    sender.numeric(c, RPL_WHOISSERVER, {found->nick, host.config.serverName},
                   host.config.networkName + " LAN host");
    if (!found->away.empty())
        sender.numeric(c, RPL_AWAY, {found->nick}, found->away);
    if (found->oper)
        sender.numeric(c, RPL_WHOISOPERATOR, {found->nick}, "is a host operator");
    if (found->tls)
        sender.numeric(c, RPL_WHOISSECURE, {found->nick}, "is using a secure connection (TLS)");
    if (found->bot)
        sender.numeric(c, RPL_WHOISBOT, {found->nick}, "is a bot on " + host.config.networkName);
    const auto idle =
        std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - found->lastActivity);
    sender.numeric(c, RPL_WHOISIDLE,
                   {found->nick, std::to_string(idle.count()), std::to_string(found->signonAt)},
                   "seconds idle, signon time");
    sender.numeric(c, RPL_ENDOFWHOIS, {found->nick}, "End of /WHOIS list");
}

void whowas(Engine& host, Client& c, const Message& m)
{
    const std::string& nick = m.param(0);
    long count = 0; // 0 or less: all
    if (m.params.size() > 1) {
        const std::string& text = m.param(1);
        if (!text.empty() && text.size() < 6 && text.find_first_not_of("0123456789-") == npos)
            count = std::stol(text);
    }
    long sent = 0;
    const auto& gone = host.world.departed;
    for (auto it = gone.rbegin(); it != gone.rend(); ++it) {
        if (!sameName(it->nick, nick))
            continue;
        host.sender.numeric(c, RPL_WHOWASUSER, {it->nick, it->user, it->host, "*"}, it->realName);
        host.sender.numeric(c, RPL_WHOISSERVER, {it->nick, host.config.serverName}, it->when);
        if (++sent == count)
            break;
    }
    if (!sent)
        host.sender.numeric(c, ERR_WASNOSUCHNICK, {nick}, "There was no such nickname");
    host.sender.numeric(c, RPL_ENDOFWHOWAS, {nick}, "End of WHOWAS");
}

void userhost(Engine& host, Client& c, const Message& m)
{
    // Up to five nicks: "nick[*]=+user@host", '*' for a host operator, '-' when away.
    std::string reply;
    for (std::size_t i = 0; i < m.params.size() && i < 5; ++i) {
        Client* who = host.world.findNick(m.param(i));
        if (!who || !who->registered)
            continue;
        reply += (reply.empty() ? "" : " ") + who->nick + (who->oper ? "*" : "") + "=" +
                 (who->away.empty() ? "+" : "-") + who->user + "@" + who->host;
    }
    host.sender.numeric(c, RPL_USERHOST, {}, reply);
}

void ison(Engine& host, Client& c, const Message& m)
{
    // Nicks may come as parameters or space-separated in the last one.
    std::string reply;
    for (const std::string& param : m.params) {
        std::size_t start = 0;
        while (start < param.size()) {
            const auto space = param.find(' ', start);
            const std::string nick = param.substr(start, space == npos ? npos : space - start);
            start = space == npos ? param.size() : space + 1;
            Client* who = nick.empty() ? nullptr : host.world.findNick(nick);
            if (who && who->registered)
                reply += (reply.empty() ? "" : " ") + who->nick;
        }
    }
    host.sender.numeric(c, RPL_ISON, {}, reply);
}

void motd(Engine& host, Client& c, const Message&)
{
    sendMotd(host, c);
}

void lusers(Engine& host, Client& c, const Message&)
{
    sendLusers(host, c);
}

void away(Engine& host, Client& c, const Message& m)
{
    if (m.params.empty() || m.param(0).empty()) {
        const bool wasAway = !c.away.empty();
        c.away.clear();
        host.sender.numeric(c, RPL_UNAWAY, {}, "You are no longer marked as being away");
        if (!wasAway)
            return;
    } else {
        c.away = std::string(utf8Prefix(m.param(0), host.config.topicLength));
        host.sender.numeric(c, RPL_NOWAWAY, {}, "You have been marked as being away");
    }
    notifyAway(host, c);
}

void notifyAway(Engine& host, Client& c)
{
    // away-notify: those who share a room with c (not c itself) or monitor it
    // (extended-monitor), and asked for it.
    Message note;
    note.source = c.mask();
    note.command = "AWAY";
    if (!c.away.empty()) {
        note.params = {c.away};
        note.trailing = true;
    }
    Outgoing out = host.sender.prepare(std::move(note));
    for (Client* other : monitor::interested(host, c, false, CapAwayNotify))
        host.sender.deliver(*other, out);
}

} // namespace netcore::irc::hostimpl::queries
