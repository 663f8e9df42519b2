// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Chat names as the window tells rooms from people. (Names are compared with the session's
// fold(), which follows the server's CASEMAPPING.)

#include <QString>

namespace ui {

// Rooms start with '#' or '&' (CHANTYPES); anything else names a person.
inline bool isRoomName(const QString& name)
{
    return name.startsWith(QLatin1Char('#')) || name.startsWith(QLatin1Char('&'));
}

} // namespace ui
