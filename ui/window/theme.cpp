// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/theme.h"

#include <QApplication>
#include <QFont>
#include <QStyle>
#include <QStyleFactory>

#include <algorithm>

namespace ui {

namespace {

// The desktop's look as the program found it, before a theme or font of ours replaced it:
// "system" and an empty font go back to it.
struct DesktopLook
{
    QString style;
    QPalette palette;
    QFont font;
};

const DesktopLook& desktopLook()
{
    static const DesktopLook look{QApplication::style()->name(), QApplication::palette(),
                                  QApplication::font()};
    return look;
}

} // namespace

void Theme::apply(const QString& theme, const QString& font)
{
    const DesktopLook& desktop = desktopLook();
    if (theme == QLatin1String("dark")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    } else if (theme == QLatin1String("light")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
    } else if (QApplication::style()->name() != desktop.style ||
               QApplication::palette() != desktop.palette) {
        QApplication::setStyle(QStyleFactory::create(desktop.style));
        QApplication::setPalette(desktop.palette);
    }
    QFont f = desktop.font;
    if (!font.isEmpty() && !f.fromString(font))
        f = desktop.font;
    if (QApplication::font() != f)
        QApplication::setFont(f);
}

QPalette Theme::darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(220, 220, 220);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(100, 170, 255));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
    return p;
}

void Theme::applyProjector()
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(projectorPalette());
    QApplication::setFont(projectorFont(QApplication::font()));
}

QPalette Theme::projectorPalette()
{
    QPalette p;
    const QColor black(0, 0, 0), white(255, 255, 255), frame(235, 235, 235);
    p.setColor(QPalette::Window, frame);
    p.setColor(QPalette::WindowText, black);
    p.setColor(QPalette::Base, white);
    p.setColor(QPalette::AlternateBase, frame);
    p.setColor(QPalette::ToolTipBase, white);
    p.setColor(QPalette::ToolTipText, black);
    p.setColor(QPalette::PlaceholderText, QColor(70, 70, 70));
    p.setColor(QPalette::Text, black);
    p.setColor(QPalette::Button, frame);
    p.setColor(QPalette::ButtonText, black);
    p.setColor(QPalette::Highlight, QColor(0, 60, 160));
    p.setColor(QPalette::HighlightedText, white);
    p.setColor(QPalette::Link, QColor(0, 50, 170));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(80, 80, 80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(80, 80, 80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(80, 80, 80));
    return p;
}

QFont Theme::projectorFont(const QFont& base)
{
    QFont font = base;
    const double size = base.pointSizeF() > 0 ? base.pointSizeF() : 10.0;
    font.setPointSizeF(std::max(16.0, size * 1.5));
    return font;
}

} // namespace ui
