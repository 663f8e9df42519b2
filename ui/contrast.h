// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Readable colours: the WCAG 2 contrast ratio between two colours, and a colour moved just far
// enough in lightness to reach a ratio against a background (AA for text: 4.5).

#include <QColor>

namespace ui::contrast {

inline constexpr double TextAA = 4.5;

// (L1 + 0.05) / (L2 + 0.05) with the lighter colour's relative luminance first: 1 to 21.
double ratio(const QColor& a, const QColor& b);
// `wanted` itself if it reaches `minimum` against `background`; else the same hue, darker on a
// light background or lighter on a dark one, the least change that reaches it.
QColor readable(const QColor& wanted, const QColor& background, double minimum = TextAA);

} // namespace ui::contrast
