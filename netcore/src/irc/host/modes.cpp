// SPDX-License-Identifier: GPL-3.0-or-later
// Modes (ngircd's irc-mode.c): a user's own modes (+o is only given by OPER, only taken here),
// a room's modes (+n +t +m +k, +o/+v for members) and its ban list (+b).

#include "irc/host/engine.h"
#include "irc/host/rooms.h"

#include <algorithm>

namespace netcore::irc::hostimpl::modes {

namespace {

// The changes made, as the MODE line that tells the room: "+nt-m+o ada".
class Applied
{
public:
    void add(bool adding, char mode, const std::string& argument = {})
    {
        const char sign = adding ? '+' : '-';
        if (sign != m_sign) {
            m_modes += sign;
            m_sign = sign;
        }
        m_modes += mode;
        if (!argument.empty())
            m_arguments.push_back(argument);
    }
    bool empty() const { return m_modes.empty(); }

    Message line(const Client& c, const Room& r) const
    {
        Message change;
        change.source = c.mask();
        change.command = "MODE";
        change.params = {r.name, m_modes};
        change.params.insert(change.params.end(), m_arguments.begin(), m_arguments.end());
        return change;
    }

private:
    std::string m_modes;
    char m_sign = 0;
    std::vector<std::string> m_arguments;
};

// RPL_BANLIST per ban, then RPL_ENDOFBANLIST.
void sendBanList(Engine& host, Client& c, Room& r)
{
    for (const auto& ban : r.bans)
        host.sender.numericParams(c, RPL_BANLIST, {r.name, ban});
    host.sender.numeric(c, RPL_ENDOFBANLIST, {r.name}, "End of channel ban list");
}

// "+iowB": the user's modes (RPL_UMODEIS).
std::string userModes(const Client& c)
{
    std::string modes = "+";
    if (c.invisible)
        modes += 'i';
    if (c.oper)
        modes += 'o';
    if (c.wallops)
        modes += 'w';
    if (c.bot)
        modes += 'B';
    return modes;
}

// MODE nick [changes]: only your own; +i invisible, +w wallops, +B bot; +o only comes from
// OPER, so only -o is taken here.
void userMode(Engine& host, Client& c, const Message& m)
{
    const std::string& target = m.param(0);
    Client* who = host.world.findNick(target);
    if (!who) {
        host.sender.numeric(c, ERR_NOSUCHNICK, {target}, "No such nick/channel");
        return;
    }
    if (who != &c) {
        host.sender.numeric(c, ERR_USERSDONTMATCH, {}, "Can't change mode for other users");
        return;
    }
    if (m.params.size() == 1) {
        host.sender.numericParams(c, RPL_UMODEIS, {userModes(c)});
        return;
    }
    bool adding = true;
    bool unknown = false;
    std::string applied;
    char sign = 0;
    for (const char mode : m.param(1)) {
        bool* flag = nullptr;
        switch (mode) {
        case '+':
        case '-':
            adding = mode == '+';
            continue;
        case 'i':
            flag = &c.invisible;
            break;
        case 'w':
            flag = &c.wallops;
            break;
        case 'B':
            flag = &c.bot;
            break;
        case 'o':
            if (!adding)
                flag = &c.oper;
            break;
        default:
            unknown = true;
            continue;
        }
        if (!flag || *flag == adding)
            continue;
        *flag = adding;
        if (sign != (adding ? '+' : '-')) {
            sign = adding ? '+' : '-';
            applied += sign;
        }
        applied += mode;
    }
    if (unknown)
        host.sender.numeric(c, ERR_UMODEUNKNOWNFLAG, {}, "Unknown MODE flag");
    if (applied.empty())
        return;
    Message change;
    change.source = c.mask();
    change.command = "MODE";
    change.params = {c.nick, applied};
    host.sender.send(c, std::move(change));
}

// MODE #room: RPL_CHANNELMODEIS (the key only to members) and RPL_CREATIONTIME.
void sendRoomModes(Engine& host, Client& c, Room& r)
{
    std::vector<std::string> params = {r.name};
    const std::string modes = r.modeText(r.member(&c) != nullptr);
    std::size_t start = 0;
    while (start <= modes.size()) {
        const auto space = modes.find(' ', start);
        params.push_back(
            modes.substr(start, space == std::string::npos ? std::string::npos : space - start));
        if (space == std::string::npos)
            break;
        start = space + 1;
    }
    host.sender.numericParams(c, RPL_CHANNELMODEIS, std::move(params));
    host.sender.numericParams(c, RPL_CREATIONTIME, {r.name, std::to_string(r.createdAt)});
}

// +b mask / -b mask; a mask without '!' or '@' is a nick ("bob" bans "bob!*@*").
void changeBan(Room& r, bool adding, std::string mask, Applied& applied)
{
    if (mask.find('!') == std::string::npos && mask.find('@') == std::string::npos)
        mask += "!*@*";
    const auto it = std::find_if(r.bans.begin(), r.bans.end(),
                                 [&](const std::string& b) { return sameName(b, mask); });
    if (adding && it == r.bans.end()) {
        r.bans.push_back(mask);
        applied.add(true, 'b', mask);
    } else if (!adding && it != r.bans.end()) {
        r.bans.erase(it);
        applied.add(false, 'b', mask);
    }
}

bool validKey(std::string_view key)
{
    return !key.empty() && key.size() <= 23 && std::none_of(key.begin(), key.end(), [](char ch) {
        return static_cast<unsigned char>(ch) <= ' ' || ch == ',' || ch == 0x7f;
    });
}

// +l N sets the limit (a positive number), -l takes it away.
void changeLimit(Engine& host, Client& c, Room& r, bool adding, const Message& m, std::size_t& arg,
                 Applied& applied)
{
    if (!adding) {
        if (r.limit > 0) {
            r.limit = 0;
            applied.add(false, 'l');
        }
        return;
    }
    if (arg >= m.params.size()) {
        host.sender.needMoreParams(c, m.command);
        return;
    }
    const std::string& text = m.param(arg++);
    const bool number = !text.empty() && text.size() < 7 &&
                        text.find_first_not_of("0123456789") == std::string::npos;
    const std::size_t limit = number ? std::stoul(text) : 0;
    if (limit == 0) {
        host.sender.numeric(c, ERR_INVALIDMODEPARAM, {r.name, "l", text},
                            "The limit must be a whole number above 0");
        return;
    }
    if (limit != r.limit) {
        r.limit = limit;
        applied.add(true, 'l', std::to_string(limit));
    }
}

// +o nick / +v nick and their removal.
void changeMember(Engine& host, Client& c, Room& r, bool adding, char mode, const std::string& nick,
                  Applied& applied)
{
    Client* who = host.world.findNick(nick);
    if (!who) {
        host.sender.numeric(c, ERR_NOSUCHNICK, {nick}, "No such nick/channel");
        return;
    }
    Member* flags = r.member(who);
    if (!flags) {
        host.sender.numeric(c, ERR_USERNOTINCHANNEL, {who->nick, r.name},
                            "They aren't on that channel");
        return;
    }
    bool& flag = mode == 'o' ? flags->op : flags->voice;
    if (flag != adding) {
        flag = adding;
        applied.add(adding, mode, who->nick);
    }
}

// MODE #room changes [arguments...]: applied in order; what changed is told to the room.
void changeRoomModes(Engine& host, Client& c, Room& r, const Message& m)
{
    const std::string& modes = m.param(1);
    // A ban list query: "MODE #r b" or "MODE #r +b".
    if ((modes == "b" || modes == "+b") && m.params.size() == 2) {
        sendBanList(host, c, r);
        return;
    }
    if (!rooms::operatorOrError(host, c, r))
        return;
    std::size_t arg = 2;
    const auto hasArgument = [&] { return arg < m.params.size(); };
    bool adding = true;
    Applied applied;
    auto flag = [&](bool& value, char mode) {
        if (value != adding) {
            value = adding;
            applied.add(adding, mode);
        }
    };
    for (const char mode : modes) {
        switch (mode) {
        case '+':
        case '-':
            adding = mode == '+';
            break;
        case 'n':
            flag(r.noExternal, mode);
            break;
        case 't':
            flag(r.topicLock, mode);
            break;
        case 'm':
            flag(r.moderated, mode);
            break;
        case 'i':
            flag(r.inviteOnly, mode);
            break;
        case 's':
            flag(r.secret, mode);
            break;
        case 'p':
            flag(r.privateRoom, mode);
            break;
        case 'l':
            changeLimit(host, c, r, adding, m, arg, applied);
            break;
        case 'k':
            if (!adding) {
                if (hasArgument())
                    ++arg; // "-k key": the key is not checked
                if (!r.key.empty()) {
                    r.key.clear();
                    applied.add(false, 'k', "*");
                }
            } else if (!hasArgument()) {
                host.sender.needMoreParams(c, m.command);
            } else if (const std::string& key = m.param(arg++); !validKey(key)) {
                // RFC 2812: 1 to 23 characters, no spaces, commas or control characters.
                host.sender.numeric(c, ERR_INVALIDMODEPARAM, {r.name, "k", "*"},
                                    "A key is 1 to 23 characters without spaces or commas");
            } else {
                r.key = key;
                applied.add(true, 'k', key);
            }
            break;
        case 'b':
            if (hasArgument())
                changeBan(r, adding, m.param(arg++), applied);
            else
                sendBanList(host, c, r);
            break;
        case 'o':
        case 'v':
            if (hasArgument())
                changeMember(host, c, r, adding, mode, m.param(arg++), applied);
            else
                host.sender.needMoreParams(c, m.command);
            break;
        default:
            host.sender.numeric(c, ERR_UNKNOWNMODE, {std::string(1, mode)},
                                "is unknown mode char to me");
        }
    }
    if (!applied.empty())
        host.sender.toRoom(r, applied.line(c, r));
}

} // namespace

void mode(Engine& host, Client& c, const Message& m)
{
    if (m.param(0).front() != '#') {
        userMode(host, c, m);
        return;
    }
    Room* r = rooms::roomOrError(host, c, m.param(0));
    if (!r)
        return;
    if (m.params.size() == 1)
        sendRoomModes(host, c, *r);
    else
        changeRoomModes(host, c, *r, m);
}

} // namespace netcore::irc::hostimpl::modes
