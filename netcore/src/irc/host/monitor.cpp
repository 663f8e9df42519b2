// SPDX-License-Identifier: GPL-3.0-or-later
// MONITOR (ircv3.net/specs/extensions/monitor): + adds nicks, - removes them, C clears, L
// lists, S says who is online. Lists are bounded (HostConfig::monitorLimit, ISUPPORT MONITOR).

#include "irc/host/monitor.h"

#include "irc/host/engine.h"

#include <algorithm>

namespace netcore::irc::hostimpl::monitor {

namespace {

// Sends items as comma lists in as few lines of `code` as fit in a line.
void sendLists(Engine& host, Client& c, Numeric code, const std::vector<std::string>& items)
{
    std::string line;
    for (const std::string& item : items) {
        if (!line.empty() && line.size() + item.size() + 1 > 400) {
            host.sender.numeric(c, code, {}, line);
            line.clear();
        }
        line += (line.empty() ? "" : ",") + item;
    }
    if (!line.empty())
        host.sender.numeric(c, code, {}, line);
}

// RPL_MONONLINE for those of `nicks` online, RPL_MONOFFLINE for the others.
void sendStatus(Engine& host, Client& c, const std::vector<std::string>& nicks)
{
    std::vector<std::string> on, off;
    for (const std::string& nick : nicks) {
        Client* who = host.world.findNick(nick);
        if (who && who->registered)
            on.push_back(who->mask());
        else
            off.push_back(nick);
    }
    sendLists(host, c, RPL_MONONLINE, on);
    sendLists(host, c, RPL_MONOFFLINE, off);
}

void unwatch(World& world, Client& c, const std::string& nick)
{
    const auto it = world.watchers.find(fold(nick));
    if (it == world.watchers.end())
        return;
    auto& list = it->second;
    list.erase(std::remove(list.begin(), list.end(), &c), list.end());
    if (list.empty())
        world.watchers.erase(it);
}

void add(Engine& host, Client& c, const std::string& targets)
{
    std::vector<std::string> added;
    const auto nicks = splitList(targets);
    for (std::size_t i = 0; i < nicks.size(); ++i) {
        const std::string& nick = nicks[i];
        if (!isValidNick(nick, host.config.nickLength))
            continue;
        const auto present = std::find_if(c.monitoring.begin(), c.monitoring.end(),
                                          [&](const std::string& n) { return sameName(n, nick); });
        if (present != c.monitoring.end())
            continue;
        if (c.monitoring.size() >= host.config.monitorLimit) {
            std::string rest;
            for (std::size_t j = i; j < nicks.size(); ++j)
                rest += (rest.empty() ? "" : ",") + nicks[j];
            host.sender.numeric(c, ERR_MONLISTFULL,
                                {std::to_string(host.config.monitorLimit), rest},
                                "Monitor list is full.");
            break;
        }
        c.monitoring.push_back(nick);
        host.world.watchers[fold(nick)].push_back(&c);
        added.push_back(nick);
    }
    sendStatus(host, c, added);
}

void remove(Engine& host, Client& c, const std::string& targets)
{
    for (const std::string& nick : splitList(targets)) {
        const auto present = std::find_if(c.monitoring.begin(), c.monitoring.end(),
                                          [&](const std::string& n) { return sameName(n, nick); });
        if (present == c.monitoring.end())
            continue;
        unwatch(host.world, c, *present);
        c.monitoring.erase(present);
    }
}

// Tells every watcher of `nick`.
void tell(Engine& host, const std::string& nick, Numeric code, const std::string& text)
{
    const auto it = host.world.watchers.find(fold(nick));
    if (it == host.world.watchers.end())
        return;
    for (Client* watcher : it->second)
        host.sender.numeric(*watcher, code, {}, text);
}

} // namespace

void command(Engine& host, Client& c, const Message& m)
{
    const std::string& what = m.param(0);
    if (what == "+" || what == "-") {
        if (m.params.size() < 2 || m.param(1).empty()) {
            host.sender.needMoreParams(c, "MONITOR");
            return;
        }
        if (what == "+")
            add(host, c, m.param(1));
        else
            remove(host, c, m.param(1));
    } else if (what == "C" || what == "c") {
        for (const std::string& nick : c.monitoring)
            unwatch(host.world, c, nick);
        c.monitoring.clear();
    } else if (what == "L" || what == "l") {
        sendLists(host, c, RPL_MONLIST, c.monitoring);
        host.sender.numeric(c, RPL_ENDOFMONLIST, {}, "End of MONITOR list");
    } else if (what == "S" || what == "s") {
        sendStatus(host, c, c.monitoring);
    } else {
        host.sender.numeric(c, ERR_UNKNOWNCOMMAND, {"MONITOR"},
                            "Unknown MONITOR subcommand: use + - C L S");
    }
}

void online(Engine& host, Client& c)
{
    tell(host, c.nick, RPL_MONONLINE, c.mask());
}

void offline(Engine& host, const std::string& nick)
{
    tell(host, nick, RPL_MONOFFLINE, nick);
}

void forget(Engine& host, Client& c)
{
    for (const std::string& nick : c.monitoring)
        unwatch(host.world, c, nick);
    c.monitoring.clear();
}

std::vector<Client*> interested(Engine& host, Client& c, bool self, unsigned cap)
{
    std::vector<Client*> list = host.world.audience(c, self);
    if (const auto it = host.world.watchers.find(fold(c.nick)); it != host.world.watchers.end()) {
        for (Client* watcher : it->second) {
            if ((watcher->caps & CapExtendedMonitor) && (watcher != &c || self) &&
                std::find(list.begin(), list.end(), watcher) == list.end())
                list.push_back(watcher);
        }
    }
    std::erase_if(list, [&](Client* other) { return !(other->caps & cap); });
    return list;
}

} // namespace netcore::irc::hostimpl::monitor
