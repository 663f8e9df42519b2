// SPDX-License-Identifier: GPL-3.0-or-later
// The client engine's events as the bridge hands them on: ChatEvent for the kinds the window
// has always read, and the typed answers' values (NickRefusalInfo, WhoisInfo).

#include "chatconvert.h"

#include "netcore/error.h"

#include "qtconvert.h"

namespace bridge {

using netcore::irc::ClientEvent;
using netcore::irc::ClientState;

SessionState toState(ClientState state)
{
    switch (state) {
    case ClientState::Disconnected:
        return SessionState::Disconnected;
    case ClientState::Connecting:
        return SessionState::Connecting;
    case ClientState::Registering:
        return SessionState::Registering;
    case ClientState::Registered:
        return SessionState::Registered;
    case ClientState::Closing:
        return SessionState::Closing;
    case ClientState::Waiting:
        return SessionState::Waiting;
    }
    return SessionState::Disconnected;
}

ChatEvent toChatEvent(const ClientEvent& e)
{
    ChatEvent c;
    c.kind = static_cast<ChatEvent::Kind>(static_cast<int>(e.kind));
    c.state = toState(e.state);
    c.room = toQString(e.room);
    c.nick = toQString(e.nick);
    c.target = toQString(e.target);
    c.text = toQString(e.text);
    c.names = toQStringList(e.names);
    c.rooms = toQStringList(e.rooms);
    c.self = e.self;
    if (e.error) {
        c.error = toQString(e.error.describe());
        c.errorName = toQString(netcore::errorName(e.error.code));
    }
    c.msgId = toQString(e.msgid);
    c.history = e.history;
    c.lagMs = e.lag.count();
    c.retryInMs = e.retryIn.count();
    c.time = toQDateTime(e.time); // UTC: shown in local time by the GUI thread
    return c;
}

// The ChatEvent kinds mirror the engine's up to Error; the engine's kinds after it are typed
// answers, delivered by their own signals.
static_assert(static_cast<int>(ClientEvent::Kind::Error) ==
                  static_cast<int>(ChatEvent::Kind::Error),
              "ChatEvent::Kind mirrors ClientEvent::Kind");

bool isChatEvent(ClientEvent::Kind kind)
{
    return static_cast<int>(kind) <= static_cast<int>(ClientEvent::Kind::Error);
}

CaseMapping toCaseMapping(netcore::irc::CaseMapping mapping)
{
    switch (mapping) {
    case netcore::irc::CaseMapping::Ascii:
        return CaseMapping::Ascii;
    case netcore::irc::CaseMapping::Rfc1459:
        return CaseMapping::Rfc1459;
    case netcore::irc::CaseMapping::StrictRfc1459:
        return CaseMapping::StrictRfc1459;
    }
    return CaseMapping::Rfc1459;
}

netcore::irc::CaseMapping toNetcore(CaseMapping mapping)
{
    switch (mapping) {
    case CaseMapping::Ascii:
        return netcore::irc::CaseMapping::Ascii;
    case CaseMapping::Rfc1459:
        return netcore::irc::CaseMapping::Rfc1459;
    case CaseMapping::StrictRfc1459:
        return netcore::irc::CaseMapping::StrictRfc1459;
    }
    return netcore::irc::CaseMapping::Rfc1459;
}

NickRefusal toRefusal(netcore::irc::NickRefusal refusal)
{
    switch (refusal) {
    case netcore::irc::NickRefusal::InUse:
        return NickRefusal::InUse;
    case netcore::irc::NickRefusal::Erroneous:
        return NickRefusal::Erroneous;
    case netcore::irc::NickRefusal::Collision:
        return NickRefusal::Collision;
    case netcore::irc::NickRefusal::Unavailable:
        return NickRefusal::Unavailable;
    }
    return NickRefusal::InUse;
}

NickRefusalInfo toRefusalInfo(const ClientEvent& e)
{
    NickRefusalInfo r;
    r.nick = toQString(e.nick);
    r.reason = toRefusal(e.refusal);
    r.text = toQString(e.text);
    r.trying = toQString(e.target);
    r.registering = e.state == ClientState::Registering;
    r.time = toQDateTime(e.time);
    return r;
}

WhoisInfo toWhoisInfo(const ClientEvent& e)
{
    WhoisInfo w;
    w.time = toQDateTime(e.time);
    if (!e.whois) {
        w.nick = toQString(e.nick);
        return w;
    }
    const netcore::irc::WhoisReply& r = *e.whois;
    w.nick = toQString(r.nick);
    w.found = r.found;
    w.user = toQString(r.user);
    w.host = toQString(r.host);
    w.realName = toQString(r.realName);
    w.server = toQString(r.server);
    w.serverInfo = toQString(r.serverInfo);
    w.rooms = toQStringList(r.rooms);
    w.idleSeconds = r.idle ? r.idle->count() : -1;
    if (r.signOn)
        w.signOn = toQDateTime(*r.signOn);
    w.away = r.away;
    w.awayText = toQString(r.awayText);
    w.oper = r.oper;
    w.account = toQString(r.account);
    w.secure = r.secure;
    w.other = toQStringList(r.other);
    return w;
}

WhoListInfo toWhoListInfo(const ClientEvent& e)
{
    WhoListInfo list;
    list.mask = toQString(e.target);
    list.more = static_cast<int>(e.count);
    list.time = toQDateTime(e.time);
    if (e.whoList) {
        for (const netcore::irc::WhoEntry& w : *e.whoList)
            list.people.append({toQString(w.nick), toQString(w.user), toQString(w.host),
                                toQString(w.server), toQString(w.room), toQString(w.prefixes),
                                toQString(w.realName), w.away, w.oper, w.bot});
    }
    return list;
}

} // namespace bridge
