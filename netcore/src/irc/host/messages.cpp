// SPDX-License-Identifier: GPL-3.0-or-later
// Messages: PRIVMSG, NOTICE and TAGMSG, to rooms and to nicks. NOTICE never gets an automatic
// reply; TAGMSG carries only client tags, to those who asked for message-tags.

#include "irc/host/engine.h"

namespace netcore::irc::hostimpl::messages {

namespace {

// Whether `c` may speak in `r`: +n keeps out non-members, +m and bans silence all but
// operators and voiced members.
bool maySpeak(Client& c, Room& r)
{
    const Member* me = r.member(&c);
    const bool privileged = me && (me->op || me->voice);
    if (r.noExternal && !me)
        return false;
    if (r.moderated && !privileged)
        return false;
    return privileged || !r.isBanned(c);
}

// Keeps a PRIVMSG or NOTICE in the catch-up history, with the msgid and time its recipients saw.
void remember(Engine& host, Client& c, const Outgoing& sent, const std::string& key,
              const std::string& toMask, bool secret)
{
    if (!host.history.enabled())
        return;
    HistoryLine line;
    line.time = sent.time;
    line.ms = parseIsoTime(sent.time);
    for (const Tag& tag : sent.tags) {
        if (tag.key == "msgid")
            line.msgid = tag.value;
        else
            line.clientTags.push_back(tag); // client tags and bot
    }
    line.source = c.mask();
    line.command = sent.message.command;
    line.target = sent.message.param(0);
    line.text = sent.message.param(1);
    line.toMask = toMask;
    line.secret = secret;
    host.history.add(key, std::move(line));
}

void relay(Engine& host, Client& c, const Message& m, bool replies)
{
    Sender& sender = host.sender;
    const bool tagOnly = m.command == "TAGMSG";
    if (m.params.empty() || m.param(0).empty()) {
        if (replies)
            sender.numeric(c, ERR_NORECIPIENT, {}, "No recipient given (" + m.command + ")");
        return;
    }
    if (!tagOnly && (m.params.size() < 2 || m.param(1).empty())) {
        if (replies)
            sender.numeric(c, ERR_NOTEXTTOSEND, {}, "No text to send");
        return;
    }
    std::vector<Tag> clientTags;
    if (c.bot)
        clientTags.push_back({"bot", ""}); // bot mode: what a +B user sends says so
    for (const Tag& t : m.tags) {
        if (!t.key.empty() && t.key.front() == '+')
            clientTags.push_back(t);
    }
    for (const auto& target : splitList(m.param(0))) {
        Message out;
        out.source = c.mask();
        out.command = m.command;
        out.params = {target};
        if (!tagOnly) {
            out.params.push_back(m.param(1));
            out.trailing = true;
        }
        if (target.front() == '#') {
            Room* r = host.world.findRoom(target);
            if (!r) {
                if (replies)
                    sender.numeric(c, ERR_NOSUCHCHANNEL, {target}, "No such channel");
                continue;
            }
            if (!maySpeak(c, *r)) {
                if (replies)
                    sender.numeric(c, ERR_CANNOTSENDTOCHAN, {r->name}, "Cannot send to channel");
                continue;
            }
            out.params[0] = r->name;
            Outgoing prepared = sender.prepare(std::move(out), clientTags);
            for (Client* member : r->order) {
                if (member == &c && !(c.caps & CapEchoMessage))
                    continue;
                if (tagOnly && !(member->caps & CapMessageTags))
                    continue;
                sender.deliver(*member, prepared);
            }
            if (!tagOnly)
                remember(host, c, prepared, History::roomKey(fold(r->name)), {}, r->secret);
        } else {
            Client* to = host.world.findNick(target);
            if (!to || !to->registered) {
                if (replies)
                    sender.numeric(c, ERR_NOSUCHNICK, {target}, "No such nick/channel");
                continue;
            }
            out.params[0] = to->nick;
            Outgoing prepared = sender.prepare(std::move(out), clientTags);
            // To oneself with echo-message: the message as received, then its echo (which
            // alone answers a labelled request).
            if (!tagOnly || (to->caps & CapMessageTags)) {
                if (to == &c && (c.caps & CapEchoMessage))
                    sender.deliverOutsideResponse(c, prepared);
                else
                    sender.deliver(*to, prepared);
            }
            if (c.caps & CapEchoMessage)
                sender.deliver(c, prepared);
            if (!tagOnly)
                remember(host, c, prepared, History::privateKey(fold(c.nick), fold(to->nick)),
                         to->mask(), false);
            if (replies && !tagOnly && !to->away.empty())
                sender.numeric(c, RPL_AWAY, {to->nick}, to->away);
        }
    }
}

} // namespace

void privmsg(Engine& host, Client& c, const Message& m)
{
    relay(host, c, m, true);
}

void notice(Engine& host, Client& c, const Message& m)
{
    relay(host, c, m, false);
}

void tagmsg(Engine& host, Client& c, const Message& m)
{
    relay(host, c, m, true);
}

} // namespace netcore::irc::hostimpl::messages
