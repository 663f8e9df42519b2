// SPDX-License-Identifier: GPL-3.0-or-later
// The rooms we are in: who is in them with which prefix (NAMES, JOIN, PART, KICK, QUIT, NICK,
// MODE +o/+v), their topics, and the rooms to rejoin after a reconnect. Names are folded with
// the server's case mapping.
//
//   <- :bob!b@h JOIN #lan         members += bob          (ours: the room, then WHO #lan)
//   <- 353 me = #lan :@alice bob  collected until 366, then the members are these
//   <- :alice!a@h MODE #lan +v bob  bob's prefix "+"

#include "irc/client/client_impl.h"

#include <algorithm>

namespace netcore::irc {

void IrcClient::Impl::want(const std::string& roomAndKey)
{
    const std::string name = roomAndKey.substr(0, roomAndKey.find(' '));
    if (!name.empty())
        wanted[fold(name)] = roomAndKey;
}

JoinedRoom* IrcClient::Impl::findRoom(std::string_view name)
{
    const auto it = roomMap.find(fold(name));
    return it == roomMap.end() ? nullptr : &it->second;
}

// Adds or updates a member from a NAMES entry ("@alice") or a plain nick.
RoomMember& IrcClient::Impl::setMember(JoinedRoom& room, std::string_view entry)
{
    std::size_t p = 0;
    while (p < entry.size() && support.prefixSymbols.find(entry[p]) != std::string::npos)
        ++p;
    const std::string_view mask = entry.substr(p);
    const std::size_t bang = mask.find('!');
    const std::string name(mask.substr(0, bang));
    const std::string folded = fold(name);
    auto it = std::lower_bound(
        room.members.begin(), room.members.end(), folded,
        [this](const RoomMember& a, const std::string& f) { return fold(a.nick) < f; });
    // Every prefix given (all of them with multi-prefix, else the highest), highest first.
    const std::string prefix(entry.substr(0, p));
    const bool away = awayNicks.contains(folded);
    if (it == room.members.end() || fold(it->nick) != folded)
        it = room.members.insert(it, RoomMember{name, prefix, away, {}, {}});
    it->nick = name;
    it->away = away;
    if (p > 0)
        it->prefix = prefix;
    if (bang != std::string_view::npos) // userhost-in-names, or a JOIN's source
        it->userHost = std::string(mask.substr(bang + 1));
    return *it;
}

bool IrcClient::Impl::removeMember(JoinedRoom& room, std::string_view name)
{
    return std::erase_if(room.members,
                         [&](const RoomMember& member) { return same(member.nick, name); }) > 0;
}

bool IrcClient::Impl::inAnyRoom(std::string_view name) const
{
    for (const auto& [folded, room] : roomMap)
        for (const auto& member : room.members)
            if (same(member.nick, name))
                return true;
    return false;
}

void IrcClient::Impl::onJoin(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::Join;
    e.room = m.param(0);
    if (e.self) {
        const std::size_t bang = m.source.find('!');
        userHost = m.source.substr(bang + 1);
        JoinedRoom& r = roomMap[fold(e.room)];
        r.name = e.room;
        if (!wanted.contains(fold(e.room)))
            want(e.room);
        sendRequest(RequestKind::OwnWho, e.room, {{}, {}, "WHO", {e.room}}); // who is away there
    }
    if (JoinedRoom* r = findRoom(e.room)) {
        RoomMember& member = setMember(*r, m.source);
        if (m.params.size() >= 3) // extended-join: "JOIN #room account :real name"
            member.realName = decodeText(m.param(2));
    }
    emit(e);
}

void IrcClient::Impl::onPart(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::Part;
    e.room = m.param(0);
    e.text = decodeText(m.param(1));
    if (e.self) {
        roomMap.erase(fold(e.room));
        wanted.erase(fold(e.room));
    } else if (JoinedRoom* r = findRoom(e.room)) {
        removeMember(*r, e.nick);
    }
    emit(e);
    forgetIfGone(e.nick);
}

void IrcClient::Impl::onKick(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::Kick;
    e.room = m.param(0);
    e.target = m.param(1);
    e.text = decodeText(m.param(2));
    if (isSelf(e.target)) {
        e.self = true;
        roomMap.erase(fold(e.room));
        wanted.erase(fold(e.room));
    } else if (JoinedRoom* r = findRoom(e.room)) {
        removeMember(*r, e.target);
    }
    emit(e);
    forgetIfGone(e.target);
}

void IrcClient::Impl::onQuit(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::Quit;
    e.text = decodeText(m.param(0));
    for (auto& [folded, r] : roomMap)
        if (removeMember(r, e.nick))
            e.rooms.push_back(r.name);
    emit(e);
    forgetIfGone(e.nick);
    regainNick(e.nick);
}

void IrcClient::Impl::onNick(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::NickChange;
    e.target = m.param(0);
    if (e.self) {
        nick = e.target;
        wishBefore.clear();
    }
    // The away mark goes with the nick.
    if (const auto mark = awayNicks.find(fold(e.nick)); mark != awayNicks.end()) {
        AwayMark moved{e.target, std::move(mark->second.text)};
        awayNicks.erase(mark);
        awayNicks[fold(e.target)] = std::move(moved);
    }
    for (auto& [folded, r] : roomMap) {
        const auto it =
            std::find_if(r.members.begin(), r.members.end(),
                         [&](const RoomMember& member) { return same(member.nick, e.nick); });
        if (it != r.members.end()) {
            const std::string prefix = it->prefix;
            r.members.erase(it);
            setMember(r, prefix + e.target);
            e.rooms.push_back(r.name);
        }
    }
    emit(e);
    if (!e.self)
        regainNick(e.nick);
}

void IrcClient::Impl::onTopic(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::Topic;
    e.room = m.param(0);
    e.text = decodeText(m.param(1));
    if (JoinedRoom* r = findRoom(e.room))
        r->topic = e.text;
    emit(e);
}

void IrcClient::Impl::onMode(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::Mode;
    e.target = m.param(0);
    if (isRoomName(e.target)) {
        e.room = e.target;
        applyRoomModes(m);
    } else if (isSelf(e.target)) {
        applyUserModes(m);
    }
    e.text = decodeText(client::joinParams(m, 1));
    emit(e);
}

void IrcClient::Impl::onInvite(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::Invite;
    e.target = m.param(0);
    e.room = m.param(1);
    emit(e);
}

// Keeps members' prefixes (@ +, or whatever PREFIX says) in step with MODE +o/-o/+v/-v.
void IrcClient::Impl::applyRoomModes(const Message& m)
{
    JoinedRoom* r = findRoom(m.param(0));
    if (!r)
        return;
    const std::string& symbols = support.prefixSymbols;
    bool adding = true;
    std::size_t arg = 2;
    for (const char mode : m.param(1)) {
        if (mode == '+' || mode == '-') {
            adding = mode == '+';
            continue;
        }
        const std::size_t rank = support.prefixModes.find(mode);
        if (rank == std::string::npos) {
            if (support.takesParameter(mode, adding))
                ++arg;
            continue;
        }
        const std::string& who = m.param(arg++);
        for (auto& member : r->members) {
            if (!same(member.nick, who))
                continue;
            // The member's prefixes stay all there, highest first: "-o" on "@+" leaves "+".
            const char symbol = symbols[rank];
            std::erase(member.prefix, symbol);
            if (adding) {
                const auto at = std::find_if(member.prefix.begin(), member.prefix.end(),
                                             [&](char s) { return symbols.find(s) > rank; });
                member.prefix.insert(at, symbol);
            }
        }
    }
}

// Our own user modes: +o/-o is whether we are an IRC operator.
void IrcClient::Impl::applyUserModes(const Message& m)
{
    bool adding = true;
    for (const char mode : m.param(1)) {
        if (mode == '+' || mode == '-')
            adding = mode == '+';
        else if (mode == 'o')
            operatorStatus = adding;
    }
}

// RPL_TOPIC "332 me #room :topic", RPL_NOTOPIC "331 me #room :No topic is set".
void IrcClient::Impl::onTopicReply(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::Topic;
    e.room = m.param(1);
    e.text = e.numeric == RPL_TOPIC ? decodeText(m.param(2)) : std::string();
    if (JoinedRoom* r = findRoom(e.room))
        r->topic = e.text;
    emit(e);
}

// RPL_NAMREPLY "353 me = #room :@alice bob", as many as the list needs.
void IrcClient::Impl::onNamesReply(const Message& m, ClientEvent&)
{
    auto& names = pending[fold(m.param(2))];
    names.room = m.param(2);
    client::forEachWord(client::lastParam(m),
                        [&](std::string_view name) { names.names.emplace_back(name); });
}

// RPL_ENDOFNAMES "366 me #room :End of NAMES list": the members are those collected.
void IrcClient::Impl::onEndOfNames(const Message& m, ClientEvent& e)
{
    const std::string folded = fold(m.param(1));
    auto names = std::move(pending[folded].names);
    pending.erase(folded);
    e.kind = ClientEvent::Kind::Names;
    e.room = m.param(1);
    if (JoinedRoom* r = findRoom(e.room)) {
        r->members.clear();
        for (const auto& name : names)
            setMember(*r, name);
        e.room = r->name;
    }
    // The names as "prefixes + nick" (userhost-in-names' user@host is in the members).
    for (std::string& name : names)
        name = name.substr(0, name.find('!'));
    e.names = std::move(names);
    emit(e);
}

} // namespace netcore::irc
