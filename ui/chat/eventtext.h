// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The words for what happens in a chat (a join, a part, a kick...), the same live and when the
// line comes back from the history. The history stores each event's parts, not its words
// (docs/history.md): who (`sender`), and `text` as the kind needs it.

#include "history/historytypes.h"

#include <QCoreApplication>
#include <QString>

namespace ui {

class EventText
{
    Q_DECLARE_TR_FUNCTIONS(ui::EventText)

public:
    // The line for an event of `kind` by `nick`. `text`: the reason (part, quit), the new nick
    // (nick), the topic (topic), the person kicked then the reason (kick: see kickText), the
    // whole line (system). An event stored by LanChat 0.1 held its whole English line ("--> dave
    // joined"): shown as it is.
    static QString line(history::Kind kind, const QString& nick, const QString& text);
    // A kick as stored: the person kicked, a space, the reason (nicks have no spaces).
    static QString kickText(const QString& kicked, const QString& reason);
};

} // namespace ui
