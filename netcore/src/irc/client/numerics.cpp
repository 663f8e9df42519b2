// SPDX-License-Identifier: GPL-3.0-or-later
// The numerics table: each numeric the engine understands, by family, to the job that handles
// it. Any other numeric is shown as it is: an error (400-599) as an Error with its text and
// the nick or room it names, anything else as ServerText. The welcome burst's details
// (RPL_YOURHOST.., LUSERS) are not reported while it lasts; the MOTD comes as Motd lines.

#include "irc/client/client_impl.h"

#include <unordered_map>

namespace netcore::irc {

namespace {

// Errors are the numerics from 400 to 599 (RFC 2812, 5.2).
constexpr int LastErrorNumeric = 599;

using Handler = void (IrcClient::Impl::*)(const Message&, ClientEvent&);
using Impl = IrcClient::Impl;

const std::unordered_map<int, Handler>& numericTable()
{
    static const std::unordered_map<int, Handler> table = {
        // Registration and what the server supports.
        {RPL_WELCOME, &Impl::onWelcome},
        {RPL_ISUPPORT, &Impl::onIsupport},
        {RPL_YOURHOST, &Impl::onWelcomeDetail},
        {RPL_CREATED, &Impl::onWelcomeDetail},
        {RPL_MYINFO, &Impl::onWelcomeDetail},
        {RPL_STATSCONN, &Impl::onWelcomeDetail},
        {RPL_LUSERCLIENT, &Impl::onWelcomeDetail},
        {RPL_LUSEROP, &Impl::onWelcomeDetail},
        {RPL_LUSERUNKNOWN, &Impl::onWelcomeDetail},
        {RPL_LUSERCHANNELS, &Impl::onWelcomeDetail},
        {RPL_LUSERME, &Impl::onWelcomeDetail},
        {RPL_LOCALUSERS, &Impl::onWelcomeDetail},
        {RPL_GLOBALUSERS, &Impl::onWelcomeDetail},
        {RPL_MOTDSTART, &Impl::onIgnored},
        {RPL_MOTD, &Impl::onMotd},
        {RPL_ENDOFMOTD, &Impl::onEndOfMotd},
        {ERR_NOMOTD, &Impl::onEndOfMotd}, // not a failure: just no message of the day
        {ERR_ERRONEUSNICKNAME, &Impl::onNickRefused},
        {ERR_NICKNAMEINUSE, &Impl::onNickRefused},
        {ERR_NICKCOLLISION, &Impl::onNickRefused},
        {ERR_UNAVAILRESOURCE, &Impl::onNickRefused},
        {ERR_PASSWDMISMATCH, &Impl::onPasswordRefused},
        {ERR_YOUREBANNEDCREEP, &Impl::onBanned},
        // Operators.
        {RPL_YOUREOPER, &Impl::onOperatorGranted},
        {ERR_NOOPERHOST, &Impl::onOperatorRefused},
        // Rooms: topics and members.
        {RPL_NOTOPIC, &Impl::onTopicReply},
        {RPL_TOPIC, &Impl::onTopicReply},
        {RPL_TOPICWHOTIME, &Impl::onIgnored},
        {RPL_NAMREPLY, &Impl::onNamesReply},
        {RPL_ENDOFNAMES, &Impl::onEndOfNames},
        // Away: ours, someone's, and who is away in a room.
        {RPL_UNAWAY, &Impl::onSelfAway},
        {RPL_NOWAWAY, &Impl::onSelfAway},
        {RPL_AWAY, &Impl::onAwayReply},
        {RPL_WHOREPLY, &Impl::onWhoReply},
        {RPL_ENDOFWHO, &Impl::onEndOfWho},
        // WHOIS, collected into one event.
        {RPL_WHOISUSER, &Impl::onWhoisLine},
        {RPL_WHOISSERVER, &Impl::onWhoisLine},
        {RPL_WHOISOPERATOR, &Impl::onWhoisLine},
        {RPL_WHOISIDLE, &Impl::onWhoisLine},
        {RPL_WHOISCHANNELS, &Impl::onWhoisLine},
        {RPL_WHOISACCOUNT, &Impl::onWhoisLine},
        {RPL_WHOISSECURE, &Impl::onWhoisLine},
        {RPL_WHOISSSL, &Impl::onWhoisLine},
        {RPL_WHOISHOST, &Impl::onWhoisLine},
        {RPL_WHOISMODES, &Impl::onWhoisLine},
        {RPL_WHOISSPECIAL, &Impl::onWhoisLine},
        {RPL_WHOISACTUALLY, &Impl::onWhoisLine},
        {RPL_WHOISCERTFP, &Impl::onWhoisLine},
        {RPL_WHOISREGNICK, &Impl::onWhoisLine},
        {RPL_ENDOFWHOIS, &Impl::onEndOfWhois},
        // MONITOR: who of the watched nicks is online.
        {RPL_MONONLINE, &Impl::onWatched},
        {RPL_MONOFFLINE, &Impl::onWatched},
    };
    return table;
}

bool inWelcomeBurst(int numeric)
{
    return (numeric >= RPL_WELCOME && numeric <= RPL_ISUPPORT) ||
           (numeric >= RPL_STATSCONN && numeric <= RPL_GLOBALUSERS) || numeric == RPL_MOTD ||
           numeric == RPL_MOTDSTART || numeric == RPL_ENDOFMOTD || numeric == ERR_NOMOTD;
}

} // namespace

void IrcClient::Impl::handleNumeric(const Message& m, ClientEvent& e)
{
    e.numeric = parseNumeric(m.command);
    e.nick.clear();
    e.self = false;
    // A server that ends its welcome without RPL_ENDOFMOTD/ERR_NOMOTD: it ended with the first
    // numeric that is not part of a welcome (the reply to our JOIN, say).
    if (welcomeBurst && !inWelcomeBurst(e.numeric))
        welcomeBurst = false;
    const auto& table = numericTable();
    if (const auto it = table.find(e.numeric); it != table.end())
        (this->*(it->second))(m, e);
    else
        reportNumeric(m, e);
}

void IrcClient::Impl::reportNumeric(const Message& m, ClientEvent& e)
{
    if (e.numeric >= ERR_UNKNOWNERROR && e.numeric <= LastErrorNumeric) {
        e.kind = ClientEvent::Kind::Error;
        // "401 me bob :No such nick/channel" -> target "bob", text "No such nick/channel"
        if (m.params.size() >= 3)
            e.target = m.params[1];
        if (isRoomName(e.target))
            e.room = e.target;
        e.text = decodeText(m.params.size() >= 2 ? client::lastParam(m) : m.command);
        emit(e);
        return;
    }
    e.kind = ClientEvent::Kind::ServerText;
    e.text = decodeText(client::joinParams(m, 1));
    emit(e);
}

void IrcClient::Impl::onWelcomeDetail(const Message& m, ClientEvent& e)
{
    if (!welcomeBurst)
        reportNumeric(m, e);
}

void IrcClient::Impl::onMotd(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::Motd;
    std::string line = client::lastParam(m);
    if (line.starts_with("- "))
        line.erase(0, 2);
    else if (line == "-")
        line.clear();
    e.text = decodeText(line);
    emit(e);
}

void IrcClient::Impl::onEndOfMotd(const Message& m, ClientEvent& e)
{
    // The end of the welcome; a missing MOTD asked for later (/motd) is said.
    if (welcomeBurst) {
        welcomeBurst = false;
        return;
    }
    if (e.numeric == ERR_NOMOTD)
        onServerText(m, e);
}

void IrcClient::Impl::onServerText(const Message& m, ClientEvent& e)
{
    e.kind = ClientEvent::Kind::ServerText;
    e.text = decodeText(client::lastParam(m));
    emit(e);
}

} // namespace netcore::irc
