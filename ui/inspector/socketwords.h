// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The words the Inspector shows for a socket's role and state (the bridge gives enums),
// translated.

#include "bridge/tracerecord.h"

#include <QCoreApplication>
#include <QString>

namespace ui {

class SocketWords
{
    Q_DECLARE_TR_FUNCTIONS(ui::SocketWords)

public:
    // "listener", "presence sender"; "" for a socket whose role is not known.
    static QString role(bridge::SocketRole role);
    // "connected", "half-closed"
    static QString state(bridge::SocketState state);
    // What a TCP state the OS gives ("TIME_WAIT") means, in a sentence or two for a student;
    // "" for a name it does not know.
    static QString osStateMeaning(const QString& name);
};

} // namespace ui
