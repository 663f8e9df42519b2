// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Chat names as the window compares them: one folding rule in ui/ for room names and nicks
// alike (the chat map, the away marks, the ignore list). ASCII, as a LanChat host's ISUPPORT
// CASEMAPPING=ascii says; when the bridge hands over the server's CASEMAPPING, this is the one
// function to change.

#include <QString>

namespace ui {

// "#Lan" and "#lan" are one room, "Bob" and "bob" one person.
inline QString foldName(const QString& name)
{
    QString folded = name;
    for (QChar& c : folded)
        if (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            c = QChar(c.unicode() + ('a' - 'A'));
    return folded;
}

// Rooms start with '#' or '&' (CHANTYPES); anything else names a person.
inline bool isRoomName(const QString& name)
{
    return name.startsWith(QLatin1Char('#')) || name.startsWith(QLatin1Char('&'));
}

} // namespace ui
