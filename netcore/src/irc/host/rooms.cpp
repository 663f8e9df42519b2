// SPDX-License-Identifier: GPL-3.0-or-later
// Rooms (ngircd's irc-channel.c): JOIN, PART, TOPIC, NAMES, LIST, KICK.

#include "irc/host/rooms.h"

#include "irc/host/engine.h"

#include <algorithm>

namespace netcore::irc::hostimpl::rooms {

Room* roomOrError(Engine& host, Client& c, const std::string& name)
{
    Room* r = host.world.findRoom(name);
    if (!r)
        host.sender.numeric(c, ERR_NOSUCHCHANNEL, {name}, "No such channel");
    return r;
}

const Member* memberOrError(Engine& host, Client& c, Room& r)
{
    const Member* me = r.member(&c);
    if (!me)
        host.sender.numeric(c, ERR_NOTONCHANNEL, {r.name}, "You're not on that channel");
    return me;
}

const Member* operatorOrError(Engine& host, Client& c, Room& r)
{
    const Member* me = memberOrError(host, c, r);
    if (me && !me->op) {
        host.sender.numeric(c, ERR_CHANOPRIVSNEEDED, {r.name}, "You're not channel operator");
        return nullptr;
    }
    return me;
}

namespace {

// RPL_NAMREPLY lines (kept under the line limit), then RPL_ENDOFNAMES.
void sendNames(Engine& host, Client& c, Room& r)
{
    std::string line;
    auto flush = [&] {
        if (!line.empty())
            host.sender.numeric(c, RPL_NAMREPLY, {"=", r.name}, line);
        line.clear();
    };
    for (Client* member : r.order) {
        const std::string entry = r.members[member].prefix() + member->nick;
        if (line.size() + entry.size() + 1 > 400)
            flush();
        line += (line.empty() ? "" : " ") + entry;
    }
    flush();
    host.sender.numeric(c, RPL_ENDOFNAMES, {r.name}, "End of /NAMES list");
}

// RPL_TOPIC and RPL_TOPICWHOTIME, or RPL_NOTOPIC.
void sendTopic(Engine& host, Client& c, Room& r)
{
    if (r.topic.empty()) {
        host.sender.numeric(c, RPL_NOTOPIC, {r.name}, "No topic is set");
        return;
    }
    host.sender.numeric(c, RPL_TOPIC, {r.name}, r.topic);
    host.sender.numericParams(c, RPL_TOPICWHOTIME, {r.name, r.topicBy, std::to_string(r.topicAt)});
}

// PART (and JOIN 0): to every member, the leaver included, then out of the room.
void leave(Engine& host, Client& c, Room& r, const std::string& reason)
{
    Message msg;
    msg.source = c.mask();
    msg.command = "PART";
    msg.params = {r.name};
    if (!reason.empty()) {
        msg.params.push_back(reason);
        msg.trailing = true;
    }
    host.sender.toRoom(r, std::move(msg));
    host.log(c.nick + " left " + r.name);
    host.world.removeMember(r, c);
}

} // namespace

void join(Engine& host, Client& c, const Message& m)
{
    if (m.param(0) == "0") {
        for (Room* r : std::vector<Room*>(c.rooms))
            leave(host, c, *r, "Left all rooms");
        return;
    }
    const auto roomNames = splitList(m.param(0));
    const auto keys = splitList(m.param(1));
    for (std::size_t i = 0; i < roomNames.size(); ++i) {
        const std::string& name = roomNames[i];
        if (!isValidRoomName(name, host.config.roomLength)) {
            host.sender.numeric(c, ERR_NOSUCHCHANNEL, {name}, "No such channel");
            continue;
        }
        Room* room = host.world.findRoom(name);
        if (room && room->member(&c))
            continue;
        // Whoever creates a room, or enters it empty (the default room), is its operator.
        const bool creator = !room || room->order.empty();
        if (!room) {
            room = host.world.createRoom(name);
        } else if (!room->key.empty() && (i >= keys.size() || keys[i] != room->key)) {
            host.sender.numeric(c, ERR_BADCHANNELKEY, {room->name}, "Cannot join channel (+k)");
            continue;
        } else if (room->isBanned(c)) {
            host.sender.numeric(c, ERR_BANNEDFROMCHAN, {room->name}, "Cannot join channel (+b)");
            continue;
        }
        host.world.addMember(*room, c, creator);
        Message joined;
        joined.source = c.mask();
        joined.command = "JOIN";
        joined.params = {room->name};
        host.sender.toRoom(*room, std::move(joined));
        if (!room->topic.empty())
            sendTopic(host, c, *room);
        sendNames(host, c, *room);
        host.log(c.nick + " joined " + room->name);
    }
}

void part(Engine& host, Client& c, const Message& m)
{
    for (const auto& name : splitList(m.param(0))) {
        Room* r = roomOrError(host, c, name);
        if (r && memberOrError(host, c, *r))
            leave(host, c, *r, m.param(1));
    }
}

void topic(Engine& host, Client& c, const Message& m)
{
    Room* r = roomOrError(host, c, m.param(0));
    if (!r)
        return;
    if (m.params.size() < 2) {
        sendTopic(host, c, *r);
        return;
    }
    const Member* me = memberOrError(host, c, *r);
    if (!me)
        return;
    if (r->topicLock && !me->op) {
        host.sender.numeric(c, ERR_CHANOPRIVSNEEDED, {r->name}, "You're not channel operator");
        return;
    }
    r->topic = std::string(utf8Prefix(m.param(1), host.config.topicLength));
    r->topicBy = c.mask();
    r->topicAt = unixSeconds();
    Message changed;
    changed.source = c.mask();
    changed.command = "TOPIC";
    changed.params = {r->name, r->topic};
    changed.trailing = true;
    host.sender.toRoom(*r, std::move(changed));
}

void names(Engine& host, Client& c, const Message& m)
{
    if (m.params.empty()) {
        host.sender.numeric(c, RPL_ENDOFNAMES, {"*"}, "End of /NAMES list");
        return;
    }
    for (const auto& name : splitList(m.param(0))) {
        if (Room* r = host.world.findRoom(name))
            sendNames(host, c, *r);
        else
            host.sender.numeric(c, RPL_ENDOFNAMES, {name}, "End of /NAMES list");
    }
}

void list(Engine& host, Client& c, const Message& m)
{
    host.sender.numeric(c, RPL_LISTSTART, {"Channel"}, "Users  Name");
    const auto wanted = splitList(m.param(0));
    for (const auto& [folded, room] : host.world.rooms) {
        if (!wanted.empty() &&
            std::none_of(wanted.begin(), wanted.end(),
                         [&](const std::string& w) { return sameName(w, room->name); }))
            continue;
        host.sender.numeric(c, RPL_LIST, {room->name, std::to_string(room->order.size())},
                            room->topic);
    }
    host.sender.numeric(c, RPL_LISTEND, {}, "End of /LIST");
}

void kick(Engine& host, Client& c, const Message& m)
{
    Room* r = roomOrError(host, c, m.param(0));
    if (!r || !operatorOrError(host, c, *r))
        return;
    for (const auto& nick : splitList(m.param(1))) {
        Client* who = host.world.findNick(nick);
        if (!who || !r->member(who)) {
            host.sender.numeric(c, ERR_USERNOTINCHANNEL, {nick, r->name},
                                "They aren't on that channel");
            continue;
        }
        Message kicked;
        kicked.source = c.mask();
        kicked.command = "KICK";
        kicked.params = {r->name, who->nick, m.params.size() > 2 ? m.param(2) : c.nick};
        kicked.trailing = true;
        host.sender.toRoom(*r, std::move(kicked));
        host.log(c.nick + " kicked " + who->nick + " from " + r->name);
        host.world.removeMember(*r, *who);
    }
}

} // namespace netcore::irc::hostimpl::rooms
