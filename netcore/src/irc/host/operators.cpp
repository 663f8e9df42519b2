// SPDX-License-Identifier: GPL-3.0-or-later
// Host operators (ngircd's irc-oper.c): OPER with the credentials in HostConfig::operators;
// KILL, which disconnects someone; WALLOPS, to everyone with +w; DIE, which stops the host.

#include "irc/host/engine.h"

#include <algorithm>

namespace netcore::irc::hostimpl::operators {

void oper(Engine& host, Client& c, const Message& m)
{
    const auto& operators = host.config.operators;
    if (operators.empty()) {
        host.sender.numeric(c, ERR_NOOPERHOST, {}, "No O-lines for your host");
        return;
    }
    const auto match =
        std::find_if(operators.begin(), operators.end(), [&](const HostConfig::Operator& o) {
            return o.name == m.param(0) && o.password == m.param(1);
        });
    if (match == operators.end()) {
        host.sender.numeric(c, ERR_PASSWDMISMATCH, {}, "Password incorrect");
        host.log("failed OPER attempt by " + c.mask());
        return;
    }
    c.oper = true;
    host.sender.numeric(c, RPL_YOUREOPER, {}, "You are now a host operator");
    Message mode;
    mode.source = c.mask();
    mode.command = "MODE";
    mode.params = {c.nick, "+o"};
    host.sender.send(c, std::move(mode));
    host.log(c.nick + " is now a host operator");
}

void kill(Engine& host, Client& c, const Message& m)
{
    if (!c.oper) {
        host.sender.numeric(c, ERR_NOPRIVILEGES, {},
                            "Permission Denied- You're not a host operator");
        return;
    }
    Client* who = host.world.findNick(m.param(0));
    if (!who || !who->registered) {
        if (sameName(m.param(0), host.config.serverName))
            host.sender.numeric(c, ERR_CANTKILLSERVER, {}, "You can't kill a server!");
        else
            host.sender.numeric(c, ERR_NOSUCHNICK, {m.param(0)}, "No such nick/channel");
        return;
    }
    const std::string reason = m.params.size() > 1 && !m.param(1).empty() ? m.param(1) : c.nick;
    host.log(c.nick + " killed " + who->nick + " (" + reason + ")");
    // The victim hears who did it; everyone else sees it leave with the reason.
    Message killed;
    killed.source = c.mask();
    killed.command = "KILL";
    killed.params = {who->nick, reason};
    killed.trailing = true;
    host.sender.send(*who, std::move(killed));
    host.admission.drop(*who, "Killed (" + c.nick + " (" + reason + "))", true);
}

void wallops(Engine& host, Client& c, const Message& m)
{
    if (!c.oper) {
        host.sender.numeric(c, ERR_NOPRIVILEGES, {},
                            "Permission Denied- You're not a host operator");
        return;
    }
    Message note;
    note.source = c.mask();
    note.command = "WALLOPS";
    note.params = {m.param(0)};
    note.trailing = true;
    Outgoing out = host.sender.prepare(std::move(note));
    for (const auto& [id, other] : host.world.clients) {
        if (other->registered && other->wallops)
            host.sender.deliver(*other, out);
    }
}

void die(Engine& host, Client& c, const Message&)
{
    if (!c.oper) {
        host.sender.numeric(c, ERR_NOPRIVILEGES, {},
                            "Permission Denied- You're not a host operator");
        return;
    }
    host.log("DIE from " + c.mask());
    host.admission.stop("Host stopped by " + c.nick);
}

} // namespace netcore::irc::hostimpl::operators
