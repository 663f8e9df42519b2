// SPDX-License-Identifier: GPL-3.0-or-later
#include "irc/host/state.h"

#include "irc/host/mask.h"
#include "irc/host/sender.h"
#include "netcore/irc/host.h"

#include <algorithm>
#include <unordered_set>

namespace netcore::irc {

// RFC 2812's nick characters: ASCII letters, digits and []\`_^{|}-, not starting with a digit
// or '-'. Nothing else: a non-ASCII letter can look like an ASCII one ("а" for "a"), and a nick
// that looks like another's would let someone pass for them.
bool isValidNick(std::string_view nick, std::size_t maxLength)
{
    if (nick.empty() || nick.size() > maxLength)
        return false;
    if ((nick.front() >= '0' && nick.front() <= '9') || nick.front() == '-')
        return false;
    for (const char c : nick) {
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !digit && std::string_view("[]\\`_^{|}-").find(c) == std::string_view::npos)
            return false;
    }
    return true;
}

bool isValidRoomName(std::string_view name, std::size_t maxLength)
{
    if (name.size() < 2 || name.size() > maxLength || name.front() != '#')
        return false;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == ' ' || c == ',' || c == ':')
            return false;
    }
    return true;
}

} // namespace netcore::irc

namespace netcore::irc::hostimpl {

const std::string& Client::target() const
{
    static const std::string star = "*";
    return nick.empty() ? star : nick;
}

bool Room::isBanned(const Client& c) const
{
    if (bans.empty())
        return false;
    const std::string mask = c.mask();
    return std::any_of(bans.begin(), bans.end(), [&](const std::string& ban) {
        return maskMatches(ban, mask, kCaseMapping);
    });
}

std::string Room::modeText(bool withArguments) const
{
    std::string modes = "+";
    std::string arguments;
    for (const auto& [on, letter] : {std::pair{inviteOnly, 'i'},
                                     {moderated, 'm'},
                                     {noExternal, 'n'},
                                     {privateRoom, 'p'},
                                     {secret, 's'},
                                     {topicLock, 't'}}) {
        if (on)
            modes += letter;
    }
    if (!key.empty()) {
        modes += 'k';
        arguments += " " + key;
    }
    if (limit > 0) {
        modes += 'l';
        arguments += " " + std::to_string(limit);
    }
    return withArguments ? modes + arguments : modes;
}

Client* World::find(SocketId id)
{
    const auto it = clients.find(id);
    return it == clients.end() ? nullptr : it->second.get();
}

Client* World::findNick(std::string_view nick)
{
    const auto it = nicks.find(fold(nick));
    return it == nicks.end() ? nullptr : it->second;
}

Room* World::findRoom(std::string_view name)
{
    const auto it = rooms.find(fold(name));
    return it == rooms.end() ? nullptr : it->second.get();
}

Room* World::createRoom(const std::string& name)
{
    auto room = std::make_unique<Room>();
    room->name = name;
    room->createdAt = unixSeconds();
    Room* raw = room.get();
    rooms.emplace(fold(name), std::move(room));
    return raw;
}

void World::addMember(Room& r, Client& c, bool op)
{
    r.order.push_back(&c);
    r.members[&c].op = op;
    c.rooms.push_back(&r);
}

void World::removeMember(Room& r, Client& c)
{
    r.members.erase(&c);
    r.order.erase(std::remove(r.order.begin(), r.order.end(), &c), r.order.end());
    c.rooms.erase(std::remove(c.rooms.begin(), c.rooms.end(), &r), c.rooms.end());
    if (r.order.empty() && !sameName(r.name, m_defaultRoom)) {
        const std::string folded = fold(r.name);
        rooms.erase(folded); // r is gone from here on
        if (roomEnded)
            roomEnded(folded);
    }
}

void World::setNick(Client& c, const std::string& nick)
{
    if (!c.nick.empty())
        nicks.erase(fold(c.nick));
    c.nick = nick;
    nicks[fold(nick)] = &c;
}

void World::releaseNick(Client& c)
{
    if (c.nick.empty())
        return;
    const auto it = nicks.find(fold(c.nick));
    if (it != nicks.end() && it->second == &c)
        nicks.erase(it);
}

void World::remember(const Client& c, std::size_t limit)
{
    if (limit == 0 || c.nick.empty())
        return;
    departed.push_back({c.nick, c.user, c.host, c.realName, isoTimeNow()});
    while (departed.size() > limit)
        departed.pop_front();
}

std::vector<Client*> World::audience(Client& c, bool self)
{
    std::vector<Client*> list;
    std::unordered_set<Client*> seen;
    if (self) {
        list.push_back(&c);
        seen.insert(&c);
    }
    for (Room* r : c.rooms) {
        for (Client* member : r->order) {
            if (seen.insert(member).second)
                list.push_back(member);
        }
    }
    return list;
}

std::int64_t unixSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::vector<std::string> splitList(std::string_view text)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string_view item = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (!item.empty())
            items.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return items;
}

} // namespace netcore::irc::hostimpl
