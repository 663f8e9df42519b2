// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/sessioncommands.h"

#include "bridge/chatsession.h"

namespace ui {

namespace {

// The numerics the window reads (RFC 2812), until the bridge names them in typed events.
constexpr int RplAway = 301;
constexpr int ErrErroneousNickname = 432;
constexpr int ErrNicknameInUse = 433;
constexpr int ErrPasswdMismatch = 464;

} // namespace

void SessionCommands::whois(bridge::ChatSession* session, const QString& nick)
{
    session->sendRaw(QStringLiteral("WHOIS ") + nick);
}

void SessionCommands::kick(bridge::ChatSession* session, const QString& room, const QString& nick,
                           const QString& reason)
{
    session->sendRaw(QStringLiteral("KICK ") + room + QLatin1Char(' ') + nick +
                     (reason.isEmpty() ? QString() : QStringLiteral(" :") + reason));
}

void SessionCommands::ban(bridge::ChatSession* session, const QString& room,
                          const QString& nickOrMask)
{
    const QString mask =
        nickOrMask.contains(QLatin1Char('!')) || nickOrMask.contains(QLatin1Char('@'))
            ? nickOrMask
            : nickOrMask + QStringLiteral("!*@*");
    session->sendRaw(QStringLiteral("MODE ") + room + QStringLiteral(" +b ") + mask);
}

void SessionCommands::mode(bridge::ChatSession* session, const QString& target,
                           const QString& modes)
{
    session->sendRaw(QStringLiteral("MODE ") + target + QLatin1Char(' ') + modes);
}

void SessionCommands::oper(bridge::ChatSession* session, const QString& name,
                           const QString& password)
{
    session->sendRaw(QStringLiteral("OPER ") + name + QLatin1Char(' ') + password);
}

void SessionCommands::who(bridge::ChatSession* session, const QString& room)
{
    session->sendRaw(QStringLiteral("WHO ") + room);
}

void SessionCommands::raw(bridge::ChatSession* session, const QString& line)
{
    session->sendRaw(line);
}

bool SessionCommands::isAwayReply(const bridge::ChatEvent& e)
{
    return e.kind == bridge::ChatEvent::Kind::Away && e.numeric == RplAway;
}

bool SessionCommands::isNickRefused(const bridge::ChatEvent& e)
{
    return e.kind == bridge::ChatEvent::Kind::Error &&
           (e.numeric == ErrNicknameInUse || e.numeric == ErrErroneousNickname);
}

bool SessionCommands::isPasswordWrong(const bridge::ChatEvent& e)
{
    return e.kind == bridge::ChatEvent::Kind::Error && e.numeric == ErrPasswdMismatch;
}

bool SessionCommands::endedByNickInUse(const bridge::ChatEvent& e)
{
    // The client engine ends registration with "... (433 ...)" when no nick is left to try.
    return e.state == bridge::SessionState::Disconnected &&
           e.error.contains(QStringLiteral("(%1").arg(ErrNicknameInUse));
}

} // namespace ui
