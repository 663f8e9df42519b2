// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ---------------------------------------------------------------------------------------------
// The ONE place in ui/ that writes IRC wire text or reads numerics.
//
// A stand-in until bridge::ChatSession offers typed operations (whois, kick, ban, oper, mode,
// who) and bridge::ChatEvent typed events (nick refused, password wrong, away reply): each
// function below then becomes one call of that API, and this file goes. Nothing else in ui/
// may call ChatSession::sendRaw() or look at ChatEvent::numeric.
// ---------------------------------------------------------------------------------------------

#include <QString>

namespace bridge {
class ChatSession;
struct ChatEvent;
} // namespace bridge

namespace ui {

class SessionCommands
{
public:
    // Operations.
    static void whois(bridge::ChatSession* session, const QString& nick);
    static void kick(bridge::ChatSession* session, const QString& room, const QString& nick,
                     const QString& reason);
    // `nickOrMask`: a nick (banned as nick!*@*) or a mask with '!' or '@'.
    static void ban(bridge::ChatSession* session, const QString& room, const QString& nickOrMask);
    // `modes`: "+o bob", "+m", ... as the user typed them after /mode.
    static void mode(bridge::ChatSession* session, const QString& target, const QString& modes);
    // Host operator: the hosting user proves it with the secret the window holds.
    static void oper(bridge::ChatSession* session, const QString& name, const QString& password);
    // Asks who in `room` is away (the host has no away-notify: the window polls).
    static void who(bridge::ChatSession* session, const QString& room);
    // /quote: a line the user typed, sent as it is.
    static void raw(bridge::ChatSession* session, const QString& line);

    // Events.
    // An Away event that answers our message to someone away (RPL_AWAY).
    static bool isAwayReply(const bridge::ChatEvent& e);
    // An Error event refusing a nick: taken or not allowed.
    static bool isNickRefused(const bridge::ChatEvent& e);
    // An Error event saying the host's password was wrong or missing.
    static bool isPasswordWrong(const bridge::ChatEvent& e);
    // A Disconnected state change because every nick tried was taken.
    static bool endedByNickInUse(const bridge::ChatEvent& e);
};

} // namespace ui
