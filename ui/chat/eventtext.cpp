// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/eventtext.h"

namespace ui {

namespace {

bool storedWhole(history::Kind kind, const QString& nick, const QString& text)
{
    using K = history::Kind;
    switch (kind) {
    case K::Join:
    case K::Part:
    case K::Quit:
        return text.startsWith(QLatin1String("--> ")) || text.startsWith(QLatin1String("<-- "));
    case K::Topic:
        return text.startsWith(nick + QStringLiteral(" set the topic: "));
    default:
        return false;
    }
}

} // namespace

QString EventText::kickText(const QString& kicked, const QString& reason)
{
    return kicked + QLatin1Char(' ') + reason;
}

QString EventText::line(history::Kind kind, const QString& nick, const QString& text)
{
    using K = history::Kind;
    if (storedWhole(kind, nick, text))
        return text;
    switch (kind) {
    case K::Join:
        return tr("--> %1 joined").arg(nick);
    case K::Part:
        return text.isEmpty() ? tr("<-- %1 left").arg(nick)
                              : tr("<-- %1 left (%2)").arg(nick, text);
    case K::Quit:
        return text.isEmpty() ? tr("<-- %1 quit").arg(nick)
                              : tr("<-- %1 quit (%2)").arg(nick, text);
    case K::Nick:
        return tr("%1 is now known as %2").arg(nick, text);
    case K::Topic:
        return tr("%1 set the topic: %2").arg(nick, text);
    case K::Kick: {
        const qsizetype space = text.indexOf(QLatin1Char(' '));
        const QString kicked = space < 0 ? text : text.left(space);
        const QString reason = space < 0 ? QString() : text.mid(space + 1);
        return reason.isEmpty() ? tr("<-- %1 was kicked by %2").arg(kicked, nick)
                                : tr("<-- %1 was kicked by %2 (%3)").arg(kicked, nick, reason);
    }
    case K::Message:
    case K::Action:
    case K::Notice:
    case K::System:
        break;
    }
    return text;
}

} // namespace ui
