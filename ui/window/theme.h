// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The look of the whole program: the theme chosen in the settings ("system", "light", "dark")
// and the user's font, applied to the application (style, palette, font).

#include <QFont>
#include <QPalette>
#include <QString>

namespace ui {

class Theme
{
public:
    // `theme`: "system" (the desktop's style and palette, as the program found them: back to
    // them after another theme), "light" or "dark" (Fusion with a light or dark palette);
    // `font`: QFont::toString(), "" for the desktop's.
    static void apply(const QString& theme, const QString& font);
    static QPalette darkPalette();
    // Projector mode, over any theme: Fusion with black on white and a strong highlight (a
    // projector washes out greys and pale colours), and the font half as large again, at
    // least 16 pt.
    static void applyProjector();
    static QPalette projectorPalette();
    static QFont projectorFont(const QFont& base);
};

} // namespace ui
