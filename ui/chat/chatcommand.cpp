// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/chatcommand.h"

#include <QStringList>

namespace ui {

namespace {

bool isRoom(const QString& name)
{
    return name.startsWith(QLatin1Char('#')) || name.startsWith(QLatin1Char('&'));
}

// The first word and the rest of `text`.
std::pair<QString, QString> split(const QString& text)
{
    const QString trimmed = text.trimmed();
    const qsizetype space = trimmed.indexOf(QLatin1Char(' '));
    if (space < 0)
        return {trimmed, {}};
    return {trimmed.left(space), trimmed.mid(space + 1).trimmed()};
}

ChatCommand error(const QString& text)
{
    return {ChatCommand::Kind::Error, {}, text, {}};
}

} // namespace

ChatCommand ChatCommands::parse(const QString& line, const QString& current)
{
    using K = ChatCommand::Kind;
    if (!line.startsWith(QLatin1Char('/')) || line.startsWith(QStringLiteral("//"))) {
        const QString text = line.startsWith(QLatin1Char('/')) ? line.mid(1) : line;
        if (current.isEmpty())
            return error(tr("This tab is not a chat: join a room first (/join #room)."));
        return {K::Say, current, text, {}};
    }
    const auto [word, rest] = split(line.mid(1));
    const QString name = word.toLower();
    const auto [first, others] = split(rest);
    const auto usage = [](const QString& text) { return error(tr("Usage: %1").arg(text)); };

    if (name == QLatin1String("join") || name == QLatin1String("j")) {
        if (first.isEmpty())
            return usage(QStringLiteral("/join #room [key]"));
        const QString room = isRoom(first) ? first : QLatin1Char('#') + first;
        return {K::Join, room, {}, others};
    }
    if (name == QLatin1String("part") || name == QLatin1String("leave")) {
        if (isRoom(first))
            return {K::Part, first, others, {}};
        if (!isRoom(current))
            return error(tr("/part leaves a room: this tab is not one."));
        return {K::Part, current, rest, {}};
    }
    if (name == QLatin1String("msg")) {
        if (first.isEmpty() || others.isEmpty())
            return usage(QStringLiteral("/msg nick|#room text"));
        return {K::Msg, first, others, {}};
    }
    if (name == QLatin1String("query")) {
        if (first.isEmpty() || isRoom(first))
            return usage(QStringLiteral("/query nick [text]"));
        return {K::Query, first, others, {}};
    }
    if (name == QLatin1String("me")) {
        if (rest.isEmpty())
            return usage(QStringLiteral("/me action"));
        if (current.isEmpty())
            return error(tr("This tab is not a chat: join a room first (/join #room)."));
        return {K::Me, current, rest, {}};
    }
    if (name == QLatin1String("nick")) {
        if (first.isEmpty() || !others.isEmpty())
            return usage(QStringLiteral("/nick newnick"));
        return {K::Nick, first, {}, {}};
    }
    if (name == QLatin1String("topic")) {
        // "/topic #dev Dev talk" names its room; else the current room's.
        if (isRoom(first))
            return {K::Topic, first, others, {}};
        if (!isRoom(current))
            return error(tr("/topic works in a room."));
        return {K::Topic, current, rest, {}};
    }
    if (name == QLatin1String("away"))
        return {K::Away, {}, rest.isEmpty() ? tr("away") : rest, {}};
    if (name == QLatin1String("back"))
        return {K::Back, {}, {}, {}};
    if (name == QLatin1String("whois")) {
        if (first.isEmpty())
            return usage(QStringLiteral("/whois nick"));
        return {K::Whois, first, {}, {}};
    }
    if (name == QLatin1String("who")) {
        // "/who" alone: the current room's people.
        if (!first.isEmpty())
            return {K::Who, first, {}, {}};
        if (!isRoom(current))
            return usage(QStringLiteral("/who #room|nick|mask"));
        return {K::Who, current, {}, {}};
    }
    if (name == QLatin1String("kick")) {
        if (first.isEmpty())
            return usage(QStringLiteral("/kick nick [reason]"));
        if (!isRoom(current))
            return error(tr("/kick works in a room."));
        return {K::Kick, first, others, current};
    }
    if (name == QLatin1String("ban")) {
        if (first.isEmpty())
            return usage(QStringLiteral("/ban nick|mask"));
        if (!isRoom(current))
            return error(tr("/ban works in a room."));
        return {K::Ban, first, {}, current};
    }
    if (name == QLatin1String("mode")) {
        if (rest.isEmpty())
            return usage(QStringLiteral("/mode [#room] +o nick"));
        if (isRoom(first))
            return {K::Mode, first, others, {}};
        if (!isRoom(current))
            return error(tr("/mode needs a room."));
        return {K::Mode, current, rest, {}};
    }
    if (name == QLatin1String("ignore") || name == QLatin1String("unignore")) {
        if (first.isEmpty())
            return usage(QLatin1Char('/') + name + QStringLiteral(" nick"));
        return {name == QLatin1String("ignore") ? K::Ignore : K::Unignore, first, {}, {}};
    }
    if (name == QLatin1String("quit") || name == QLatin1String("disconnect"))
        return {K::Quit, {}, rest, {}};
    if (name == QLatin1String("help"))
        return {K::Help, {}, {}, {}};
    if (name == QLatin1String("dcc")) {
        // "/dcc send nick file" (the path may have spaces); in a private chat "/dcc send file"
        // also does, to its person.
        const auto [nick, path] = split(others);
        if (first.toLower() != QLatin1String("send") || nick.isEmpty())
            return usage(QStringLiteral("/dcc send nick file"));
        if (path.isEmpty()) {
            if (current.isEmpty() || isRoom(current))
                return usage(QStringLiteral("/dcc send nick file"));
            return {K::SendFile, current, nick, {}};
        }
        if (isRoom(nick))
            return error(tr("Files go to a person, not a room: /dcc send nick file"));
        return {K::SendFile, nick, path, {}};
    }
    if (name == QLatin1String("quote") || name == QLatin1String("raw")) {
        if (rest.isEmpty())
            return usage(QStringLiteral("/quote IRC line"));
        return {K::Raw, {}, rest, {}};
    }
    return error(tr("Unknown command /%1 (/help lists them).").arg(word));
}

QStringList ChatCommands::help()
{
    return {
        tr("/join #room [key]: join a room"),
        tr("/part [#room] [reason]: leave a room"),
        tr("/msg nick text: a private message (or to a room)"),
        tr("/query nick: open a private chat"),
        tr("/me action: describe what you do"),
        tr("/nick newnick: change your nick"),
        tr("/topic [text]: show or set the room's topic"),
        tr("/away [text], /back: mark yourself away and back"),
        tr("/whois nick: about someone"),
        tr("/who [#room|mask]: who is in a room (this one), or matches a mask"),
        tr("/kick nick [reason], /ban nick, /mode +o nick: for room operators"),
        tr("/ignore nick, /unignore nick: hide someone's messages"),
        tr("/dcc send nick file: send a file to someone (also: drop it on their private chat)"),
        tr("/quote line: send a raw IRC line"),
        tr("/quit [reason]: leave this host"),
        tr("//text: say text that starts with '/'"),
    };
}

} // namespace ui
