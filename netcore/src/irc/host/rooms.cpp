// SPDX-License-Identifier: GPL-3.0-or-later
// Rooms (ngircd's irc-channel.c): JOIN, PART, TOPIC, NAMES, LIST, KICK.

#include "irc/host/rooms.h"

#include "irc/host/engine.h"

#include "irc/host/mask.h"

#include <algorithm>
#include <limits>

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

// Whether `c` may enter `r` (key, invitation, limit, bans); if not, says why.
bool admitted(Engine& host, Client& c, Room& r, const std::string& key)
{
    const bool invited =
        std::find(r.invited.begin(), r.invited.end(), fold(c.nick)) != r.invited.end();
    const char* refusal = nullptr;
    Numeric code = ERR_BADCHANNELKEY;
    if (!r.key.empty() && key != r.key) {
        refusal = "Cannot join channel (+k)";
    } else if (r.inviteOnly && !invited) {
        code = ERR_INVITEONLYCHAN;
        refusal = "Cannot join channel (+i)";
    } else if (r.limit > 0 && r.order.size() >= r.limit && !invited) {
        code = ERR_CHANNELISFULL;
        refusal = "Cannot join channel (+l)";
    } else if (r.isBanned(c) && !invited) {
        code = ERR_BANNEDFROMCHAN;
        refusal = "Cannot join channel (+b)";
    }
    if (refusal)
        host.sender.numeric(c, code, {r.name}, refusal);
    return refusal == nullptr;
}

// RPL_NAMREPLY lines (kept under the line limit), then RPL_ENDOFNAMES. Each name with every
// prefix for multi-prefix, as nick!user@host for userhost-in-names; invisible people only to
// those in the room.
void sendNames(Engine& host, Client& c, Room& r)
{
    const bool all = c.caps & CapMultiPrefix;
    const bool masks = c.caps & CapUserhostInNames;
    const bool inside = r.members.count(&c) > 0;
    std::string line;
    auto flush = [&] {
        if (!line.empty())
            host.sender.numeric(c, RPL_NAMREPLY, {r.symbol(), r.name}, line);
        line.clear();
    };
    for (Client* member : r.order) {
        if (!inside && member->invisible)
            continue;
        const std::string entry =
            r.members[member].prefix(all) + (masks ? member->mask() : member->nick);
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
        } else if (!admitted(host, c, *room, i < keys.size() ? keys[i] : std::string())) {
            continue;
        }
        const std::string folded = fold(c.nick);
        std::erase(room->invited, folded);
        host.world.addMember(*room, c, creator);
        // extended-join: "JOIN #room account :real name" (no accounts here: "*").
        Message joined;
        joined.source = c.mask();
        joined.command = "JOIN";
        joined.params = {room->name};
        Outgoing plain = host.sender.prepare(joined);
        joined.params = {room->name, "*", c.realName};
        joined.trailing = true;
        Outgoing extended = host.sender.prepareLike(plain, std::move(joined));
        host.sender.toRoomMembers(*room, extended, CapExtendedJoin, &plain,
                                  [](Client&) { return false; });
        if (!c.away.empty()) {
            // away-notify: those already in the room learn that the newcomer is away.
            Message away;
            away.source = c.mask();
            away.command = "AWAY";
            away.params = {c.away};
            away.trailing = true;
            Outgoing note = host.sender.prepare(std::move(away));
            host.sender.toRoomMembers(*room, note, CapAwayNotify, nullptr,
                                      [&](Client& member) { return &member == &c; });
        }
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
        Room* r = host.world.findRoom(name);
        if (r && r->visibleTo(&c))
            sendNames(host, c, *r);
        else
            host.sender.numeric(c, RPL_ENDOFNAMES, {name}, "End of /NAMES list");
    }
}

void list(Engine& host, Client& c, const Message& m)
{
    host.sender.numeric(c, RPL_LISTSTART, {"Channel"}, "Users  Name");
    // ELIST: room names or masks ("#lan*", "!#test*" for those not matching), ">N" and "<N"
    // (more or fewer people than N), all given as one comma list.
    std::vector<std::string> masks, notMasks;
    std::size_t above = 0, below = std::numeric_limits<std::size_t>::max();
    for (const auto& item : splitList(m.param(0))) {
        if ((item.front() == '>' || item.front() == '<') && item.size() > 1 && item.size() < 10 &&
            item.find_first_not_of("0123456789", 1) == std::string::npos) {
            const std::size_t n = std::stoul(item.substr(1));
            if (item.front() == '>')
                above = std::max(above, n + 1);
            else
                below = std::min(below, n == 0 ? 0 : n - 1);
        } else if (item.front() == '!' && item.size() > 1) {
            notMasks.push_back(item.substr(1));
        } else {
            masks.push_back(item);
        }
    }
    const auto matchesAny = [](const std::vector<std::string>& list, const std::string& name) {
        return std::any_of(list.begin(), list.end(), [&](const std::string& mask) {
            return maskMatches(mask, name, kCaseMapping);
        });
    };
    for (const auto& [folded, room] : host.world.rooms) {
        const std::size_t people = room->order.size();
        if (!room->visibleTo(&c) || people < above || people > below)
            continue;
        if ((!masks.empty() && !matchesAny(masks, room->name)) || matchesAny(notMasks, room->name))
            continue;
        host.sender.numeric(c, RPL_LIST, {room->name, std::to_string(people)}, room->topic);
    }
    host.sender.numeric(c, RPL_LISTEND, {}, "End of /LIST");
}

void invite(Engine& host, Client& c, const Message& m)
{
    Client* who = host.world.findNick(m.param(0));
    if (!who || !who->registered) {
        host.sender.numeric(c, ERR_NOSUCHNICK, {m.param(0)}, "No such nick/channel");
        return;
    }
    Room* r = roomOrError(host, c, m.param(1));
    if (!r)
        return;
    const Member* me = memberOrError(host, c, *r);
    if (!me)
        return;
    if (r->inviteOnly && !me->op) {
        host.sender.numeric(c, ERR_CHANOPRIVSNEEDED, {r->name}, "You're not channel operator");
        return;
    }
    if (r->member(who)) {
        host.sender.numeric(c, ERR_USERONCHANNEL, {who->nick, r->name}, "is already on channel");
        return;
    }
    const std::string folded = fold(who->nick);
    if (std::find(r->invited.begin(), r->invited.end(), folded) == r->invited.end()) {
        r->invited.push_back(folded);
        if (r->invited.size() > 100) // bounded: the oldest invitation goes first
            r->invited.erase(r->invited.begin());
    }
    host.sender.numericParams(c, RPL_INVITING, {who->nick, r->name});
    Message invitation;
    invitation.source = c.mask();
    invitation.command = "INVITE";
    invitation.params = {who->nick, r->name};
    Outgoing out = host.sender.prepare(std::move(invitation));
    host.sender.deliver(*who, out);
    // invite-notify: the room's members who asked for it see it too.
    host.sender.toRoomMembers(*r, out, CapInviteNotify, nullptr,
                              [&](Client& member) { return &member == &c; });
    if (!who->away.empty())
        host.sender.numeric(c, RPL_AWAY, {who->nick}, who->away);
    host.log(c.nick + " invited " + who->nick + " to " + r->name);
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
