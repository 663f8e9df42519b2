// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small services of netcore for the widgets: the event loops this build offers (the default
// first), and peer text made fit to show.

#include <QString>
#include <QStringList>

namespace bridge {

QStringList availableLoops();
// IRC formatting codes removed, control characters shown as U+FFFD (netcore's displayText).
QString displayText(const QString& text);

} // namespace bridge
