// SPDX-License-Identifier: GPL-3.0-or-later
// Queries (ngircd's irc-info.c): WHO, WHOIS, MOTD, LUSERS, and AWAY (which WHO, WHOIS and
// private messages report).

#include "irc/host/queries.h"

#include "irc/host/engine.h"

namespace netcore::irc::hostimpl::queries {

namespace {

// RPL_WHOREPLY: "#room user host server nick H|G[*][@|+] :0 real name".
void whoLine(Engine& host, Client& c, const std::string& room, Client& who, const Member* flags)
{
    std::string status = who.away.empty() ? "H" : "G";
    if (who.oper)
        status += '*';
    if (flags)
        status += flags->prefix();
    host.sender.numeric(c, RPL_WHOREPLY,
                        {room, who.user, who.host, host.config.serverName, who.nick, status},
                        "0 " + who.realName);
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
    std::size_t users = 0, operators = 0, unknown = 0;
    for (const auto& [id, client] : host.world.clients) {
        if (!client->registered)
            ++unknown;
        else
            ++users;
        if (client->oper)
            ++operators;
    }
    Sender& sender = host.sender;
    sender.numeric(c, RPL_LUSERCLIENT, {},
                   "There are " + std::to_string(users) + " users and 0 invisible on 1 servers");
    sender.numeric(c, RPL_LUSEROP, {std::to_string(operators)}, "operator(s) online");
    sender.numeric(c, RPL_LUSERUNKNOWN, {std::to_string(unknown)}, "unknown connection(s)");
    sender.numeric(c, RPL_LUSERCHANNELS, {std::to_string(host.world.rooms.size())},
                   "channels formed");
    sender.numeric(c, RPL_LUSERME, {},
                   "I have " + std::to_string(host.world.clients.size()) +
                       " clients and 0 servers");
}

void who(Engine& host, Client& c, const Message& m)
{
    const std::string mask = m.params.empty() ? std::string("*") : m.param(0);
    if (Room* r = host.world.findRoom(mask)) {
        for (Client* member : r->order)
            whoLine(host, c, r->name, *member, &r->members[member]);
    } else if (Client* found = host.world.findNick(mask); found && found->registered) {
        whoLine(host, c, "*", *found, nullptr);
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
        roomsText +=
            (roomsText.empty() ? "" : " ") + std::string(r->members[found].prefix()) + r->name;
    }
    if (!roomsText.empty())
        sender.numeric(c, RPL_WHOISCHANNELS, {found->nick}, roomsText);
    sender.numeric(c, RPL_WHOISSERVER, {found->nick, host.config.serverName},
                   host.config.networkName + " LAN host");
    if (!found->away.empty())
        sender.numeric(c, RPL_AWAY, {found->nick}, found->away);
    if (found->oper)
        sender.numeric(c, RPL_WHOISOPERATOR, {found->nick}, "is a host operator");
    sender.numeric(c, RPL_ENDOFWHOIS, {found->nick}, "End of /WHOIS list");
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
        c.away.clear();
        host.sender.numeric(c, RPL_UNAWAY, {}, "You are no longer marked as being away");
    } else {
        c.away = std::string(utf8Prefix(m.param(0), host.config.topicLength));
        host.sender.numeric(c, RPL_NOWAWAY, {}, "You have been marked as being away");
    }
}

} // namespace netcore::irc::hostimpl::queries
