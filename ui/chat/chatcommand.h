// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What a line typed in a chat's input means: text to say, or a slash command with its
// arguments, or an error for wrong use. Pure (Qt Core only), so it is tested on its own.

#include <QCoreApplication>
#include <QString>

namespace ui {

struct ChatCommand
{
    enum class Kind
    {
        Say,   // text to the current chat
        Join,  // target (room), key
        Part,  // target (room), text (reason)
        Msg,   // target, text
        Query, // target (nick), text (optional first message): opens a private chat
        Me,    // text
        Nick,  // target (the new nick)
        Topic, // text ("" asks for the topic)
        Away,  // text
        Back,
        Whois,    // target
        Who,      // target (a room, a nick or a mask)
        Kick,     // target (nick), text (reason)
        Ban,      // target (nick or mask)
        Mode,     // text (the mode arguments)
        Ignore,   // target (nick)
        Unignore, // target (nick)
        Quit,     // text (reason)
        Help,
        Raw,      // text (a raw IRC line)
        SendFile, // target (nick), text (the file's path): DCC SEND
        Error,    // text: what was wrong, for the user
    };
    Kind kind = Kind::Say;
    QString target;
    QString text;
    QString key;
};

class ChatCommands
{
    Q_DECLARE_TR_FUNCTIONS(ChatCommands)

public:
    // `current` is the chat the line was typed in (a room, a nick, or "" for none).
    static ChatCommand parse(const QString& line, const QString& current);
    // One line per command, for /help.
    static QStringList help();
};

} // namespace ui
