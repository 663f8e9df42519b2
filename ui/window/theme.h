// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The look of the whole program: the theme chosen in the settings ("system", "light", "dark")
// and the user's font, applied to the application (style, palette, font).

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
};

} // namespace ui
