// SPDX-License-Identifier: GPL-3.0-or-later
// Registration and the connection's own commands (ngircd's irc-login.c): CAP, PASS, NICK, USER,
// PING, PONG, QUIT, and the welcome burst once NICK, USER and CAP END are through.

#include "irc/host/engine.h"
#include "irc/host/monitor.h"
#include "irc/host/queries.h"

#include <algorithm>
#include <iterator>

namespace netcore::irc::hostimpl {

namespace {

struct CapName
{
    Cap cap;
    const char* name;
};
// In the order CAP LS gives them.
constexpr CapName kCaps[] = {
    {CapServerTime, "server-time"},
    {CapMessageTags, "message-tags"},
    {CapEchoMessage, "echo-message"},
    {CapMultiPrefix, "multi-prefix"},
    {CapAwayNotify, "away-notify"},
    {CapExtendedJoin, "extended-join"},
    {CapUserhostInNames, "userhost-in-names"},
    {CapCapNotify, "cap-notify"},
    {CapChghost, "chghost"},
    {CapSetname, "setname"},
    {CapInviteNotify, "invite-notify"},
    {CapBatch, "batch"},
    {CapLabeledResponse, "labeled-response"},
    {CapStandardReplies, "standard-replies"},
    {CapExtendedMonitor, "extended-monitor"},
    {CapChathistory, "draft/chathistory"},
};

// Parses CAP REQ's list ("a -b c"); false if it names a capability the host does not have
// (the whole request is refused then: CAP REQ is all or nothing).
bool parseCapRequest(std::string_view list, unsigned offered, unsigned* add, unsigned* remove)
{
    while (!list.empty()) {
        const auto space = list.find(' ');
        std::string_view name = list.substr(0, space);
        list = space == std::string_view::npos ? std::string_view() : list.substr(space + 1);
        if (name.empty())
            continue;
        const bool negate = name.front() == '-';
        if (negate)
            name.remove_prefix(1);
        const auto found = std::find_if(std::begin(kCaps), std::end(kCaps),
                                        [&](const CapName& cap) { return name == cap.name; });
        if (found == std::end(kCaps) || !(offered & found->cap))
            return false;
        (negate ? *remove : *add) |= found->cap;
    }
    return true;
}

// The names of `caps`, in lines of at most `width` bytes.
std::vector<std::string> capNames(unsigned caps, std::size_t width = 400)
{
    std::vector<std::string> lines(1);
    for (const auto& cap : kCaps) {
        if (!(caps & cap.cap))
            continue;
        std::string& line = lines.back();
        if (!line.empty() && line.size() + 1 + std::string_view(cap.name).size() > width)
            lines.emplace_back();
        lines.back() += (lines.back().empty() ? "" : " ") + std::string(cap.name);
    }
    return lines;
}

// The welcome burst: RPL_WELCOME .. RPL_ISUPPORT, LUSERS and the MOTD. Once NICK and USER are
// in and CAP negotiation (if any) has ended; a wrong PASS ends the connection instead.
void tryRegister(Engine& host, Client& c)
{
    if (c.registered || c.nick.empty() || c.user.empty() || c.capNegotiating)
        return;
    const HostConfig& config = host.config;
    Sender& sender = host.sender;
    if (!config.password.empty() && c.password != config.password) {
        sender.numeric(c, ERR_PASSWDMISMATCH, {}, "Password incorrect");
        host.admission.drop(c, "Bad password", true);
        return;
    }
    c.registered = true;
    c.signonAt = unixSeconds();
    std::size_t users = 0;
    for (const auto& [id, other] : host.world.clients)
        users += other->registered;
    host.world.peakUsers = std::max(host.world.peakUsers, users);
    host.log(c.nick + " registered from " + c.host);
    sender.numeric(c, RPL_WELCOME, {},
                   "Welcome to the " + config.networkName + " IRC network, " + c.mask());
    sender.numeric(c, RPL_YOURHOST, {}, "Your host is " + config.serverName + ", running LanChat");
    sender.numeric(c, RPL_CREATED, {}, "This server was created " + host.createdText);
    sender.numericParams(c, RPL_MYINFO, {config.serverName, "lanchat", "Biow", "biklmnopstv"});
    queries::sendIsupport(host, c);
    queries::sendLusers(host, c);
    queries::sendMotd(host, c);
    monitor::online(host, c);
}

} // namespace

namespace registration {

void cap(Engine& host, Client& c, const Message& m)
{
    const unsigned offered = host.history.enabled() ? ~0u : ~unsigned(CapChathistory);
    const std::string sub = fold(m.param(0));
    // "CAP nick LS * :a b" for every line but the last (CAP LS 302 and LIST), "CAP nick ACK :a".
    auto reply = [&](const char* what, const std::string& text, bool more = false) {
        Message r;
        r.command = "CAP";
        r.params = {c.target(), what};
        if (more)
            r.params.push_back("*");
        r.params.push_back(text);
        r.trailing = true;
        host.sender.send(c, std::move(r));
    };
    auto replyLines = [&](const char* what, const std::vector<std::string>& lines) {
        for (std::size_t i = 0; i < lines.size(); ++i)
            reply(what, lines[i], c.capVersion >= 302 && i + 1 < lines.size());
    };
    if (sub == "ls") {
        if (!c.registered)
            c.capNegotiating = true;
        const std::string& version = m.param(1);
        if (!version.empty() &&
            std::all_of(version.begin(), version.end(),
                        [](char ch) { return ch >= '0' && ch <= '9'; }) &&
            version.size() < 6)
            c.capVersion = std::max(c.capVersion, std::stoi(version));
        if (c.capVersion >= 302)
            c.caps |= CapCapNotify; // implied by CAP LS 302
        replyLines("LS", capNames(offered));
    } else if (sub == "list") {
        replyLines("LIST", capNames(c.caps));
    } else if (sub == "req") {
        if (!c.registered)
            c.capNegotiating = true;
        unsigned add = 0, remove = 0;
        if (parseCapRequest(m.param(1), offered, &add, &remove)) {
            // Acknowledged first: the capabilities apply to what follows the ACK.
            reply("ACK", m.param(1));
            c.caps = (c.caps | add) & ~remove;
        } else {
            reply("NAK", m.param(1));
        }
    } else if (sub == "end") {
        c.capNegotiating = false;
        tryRegister(host, c);
    } else {
        host.sender.numeric(c, ERR_INVALIDCAPCMD, {m.param(0)}, "Invalid CAP command");
    }
}

void pass(Engine&, Client& c, const Message& m)
{
    c.password = m.param(0);
}

void nick(Engine& host, Client& c, const Message& m)
{
    Sender& sender = host.sender;
    if (m.params.empty() || m.param(0).empty()) {
        sender.numeric(c, ERR_NONICKNAMEGIVEN, {}, "No nickname given");
        return;
    }
    const std::string& nick = m.param(0);
    if (!isValidNick(nick, host.config.nickLength)) {
        sender.numeric(c, ERR_ERRONEUSNICKNAME, {nick}, "Erroneous nickname");
        return;
    }
    Client* holder = host.world.findNick(nick);
    if (holder && holder != &c) {
        sender.numeric(c, ERR_NICKNAMEINUSE, {nick}, "Nickname is already in use");
        return;
    }
    if (nick == c.nick)
        return;
    const std::string old = c.nick;
    const std::string oldMask = c.mask();
    if (c.registered)
        host.world.remember(c, host.config.whowasLimit);
    host.world.setNick(c, nick);
    if (!c.registered) {
        tryRegister(host, c);
        return;
    }
    Message change;
    change.source = oldMask;
    change.command = "NICK";
    change.params = {nick};
    change.trailing = true;
    sender.toAudience(c, std::move(change), true);
    host.log(old + " is now known as " + nick);
    if (!sameName(old, nick)) {
        monitor::offline(host, old);
        monitor::online(host, c);
    }
}

void user(Engine& host, Client& c, const Message& m)
{
    std::string user = m.param(0);
    if (user.size() > 16)
        user.resize(16);
    std::replace_if(
        user.begin(), user.end(), [](char ch) { return ch == '@' || ch == '!'; }, '_');
    if (m.param(3).empty()) {
        host.sender.needMoreParams(c, "USER"); // an empty real name is no real name
        return;
    }
    c.user = "~" + user; // not verified by ident
    c.realName = m.param(3);
    tryRegister(host, c);
}

void setname(Engine& host, Client& c, const Message& m)
{
    const std::string& name = m.param(0);
    if (name.empty() || name.size() > host.config.topicLength) {
        host.sender.standardReply(c, "FAIL", "SETNAME", "INVALID_REALNAME", {},
                                  name.empty() ? "A real name cannot be empty"
                                               : "That real name is too long");
        return;
    }
    c.realName = name;
    // setname: the user and those who share a room with it, if they asked for it.
    Message change;
    change.source = c.mask();
    change.command = "SETNAME";
    change.params = {name};
    change.trailing = true;
    Outgoing out = host.sender.prepare(std::move(change));
    for (Client* other : monitor::interested(host, c, true, CapSetname))
        host.sender.deliver(*other, out);
}

void ping(Engine& host, Client& c, const Message& m)
{
    if (m.params.empty() || m.param(0).empty()) {
        host.sender.numeric(c, ERR_NOORIGIN, {}, "No origin specified");
        return;
    }
    Message pong;
    pong.command = "PONG";
    pong.params = {host.config.serverName, m.param(0)};
    pong.trailing = true;
    host.sender.send(c, std::move(pong));
}

void pong(Engine&, Client& c, const Message&)
{
    c.pingPending = false;
}

void quit(Engine& host, Client& c, const Message& m)
{
    const std::string reason =
        m.params.empty() ? std::string("Client Quit") : "Quit: " + m.param(0);
    host.admission.drop(c, reason, true);
}

} // namespace registration

} // namespace netcore::irc::hostimpl
