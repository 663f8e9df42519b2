// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The client engine's events and values as the bridge's (Qt) ones, and back; private to the
// bridge. The plain conversions (text, lists, time) are in qtconvert.h.

#include "bridge/chatevent.h"

#include "netcore/irc/client.h"

namespace bridge {

SessionState toState(netcore::irc::ClientState state);
// Kinds up to Error are ChatEvents; the engine's later kinds are typed answers, delivered by
// ChatSession's own signals (isChatEvent false).
bool isChatEvent(netcore::irc::ClientEvent::Kind kind);
ChatEvent toChatEvent(const netcore::irc::ClientEvent& e);
CaseMapping toCaseMapping(netcore::irc::CaseMapping mapping);
netcore::irc::CaseMapping toNetcore(CaseMapping mapping);
NickRefusal toRefusal(netcore::irc::NickRefusal refusal);
NickRefusalInfo toRefusalInfo(const netcore::irc::ClientEvent& e);
WhoisInfo toWhoisInfo(const netcore::irc::ClientEvent& e);
WhoListInfo toWhoListInfo(const netcore::irc::ClientEvent& e);

} // namespace bridge
