// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Inspector's row colours, from the application's palette (the light or the dark theme):
// each text colour reads with WCAG AA contrast (4.5:1) on the backgrounds it is drawn on.

#include <QColor>

namespace ui::inspector {

QColor errorText();             // a failure (on its errorBackground too)
QColor warningText();           // an error that is not a failure (EAGAIN, EINPROGRESS)
QColor quietText();             // closed sockets, steps not reached, bytes not captured
QColor errorBackground();       // a failed call's row
QColor currentBackground();     // the selected chunk, the current step, the socket's wake-ups
QColor stripeBackground(int n); // alternate chunks: n even, the base; odd, a shade off it

} // namespace ui::inspector
