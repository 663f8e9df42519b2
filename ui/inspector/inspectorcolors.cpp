// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/inspectorcolors.h"

#include "contrast.h"

#include <QGuiApplication>
#include <QPalette>

namespace ui::inspector {

namespace {

QColor mix(const QColor& a, const QColor& b, double t)
{
    const QColor x = a.toRgb(), y = b.toRgb();
    return QColor::fromRgbF(float(x.redF() + (y.redF() - x.redF()) * t),
                            float(x.greenF() + (y.greenF() - x.greenF()) * t),
                            float(x.blueF() + (y.blueF() - x.blueF()) * t));
}

QColor base()
{
    return QGuiApplication::palette().color(QPalette::Base);
}

// Readable on the base and on `other` (a row background).
QColor readableOnBoth(const QColor& wanted, const QColor& other)
{
    return contrast::readable(contrast::readable(wanted, base()), other);
}

} // namespace

QColor errorBackground()
{
    return mix(base(), QColor(0xdc, 0x00, 0x28), 0.14);
}

QColor currentBackground()
{
    return mix(base(), QGuiApplication::palette().color(QPalette::Highlight), 0.2);
}

QColor stripeBackground(int n)
{
    return n % 2 ? mix(base(), QGuiApplication::palette().color(QPalette::Text), 0.06) : base();
}

QColor errorText()
{
    return readableOnBoth(QColor(0xb0, 0x00, 0x20), errorBackground());
}

QColor warningText()
{
    return readableOnBoth(QColor(0x8a, 0x6d, 0x00), currentBackground());
}

QColor quietText()
{
    const QPalette palette = QGuiApplication::palette();
    return readableOnBoth(mix(palette.color(QPalette::Text), base(), 0.45), currentBackground());
}

} // namespace ui::inspector
