// SPDX-License-Identifier: GPL-3.0-or-later
// Host operators (ngircd's irc-oper.c): OPER with the credentials in HostConfig::operators, and
// DIE, which stops the host.

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
