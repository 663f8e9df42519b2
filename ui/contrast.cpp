// SPDX-License-Identifier: GPL-3.0-or-later
#include "contrast.h"

#include <algorithm>
#include <cmath>

namespace ui::contrast {

namespace {

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& c)
{
    const QColor rgb = c.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) +
           0.0722 * channel(rgb.blueF());
}

} // namespace

double ratio(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor readable(const QColor& wanted, const QColor& background, double minimum)
{
    if (ratio(wanted, background) >= minimum)
        return wanted;
    const bool darkBackground = luminance(background) < 0.18;
    const QColor hsl = wanted.toHsl();
    const float hue = hsl.hslHueF();
    const float saturation = hsl.hslSaturationF();
    float lightness = hsl.lightnessF();
    // Small steps towards white or black: the first that reads well is the least change.
    for (int i = 0; i < 100; ++i) {
        lightness = std::clamp(lightness + (darkBackground ? 0.01F : -0.01F), 0.0F, 1.0F);
        const QColor candidate = QColor::fromHslF(hue < 0 ? 0 : hue, saturation, lightness);
        if (ratio(candidate, background) >= minimum)
            return candidate.toRgb();
    }
    return darkBackground ? QColor(Qt::white) : QColor(Qt::black);
}

} // namespace ui::contrast
