// SPDX-License-Identifier: GPL-3.0-or-later
// The themes (issue 14, bug 6): "System" after "Dark" gives the desktop's look back, and in the
// dark and the light theme every kind of chat line (time stamps, joins and quits, notices,
// errors, links, the unread marker, each nick's colour) reads with WCAG AA contrast (4.5:1).

#include "chat/messageview.h"
#include "contrast.h"
#include "inspector/inspectorcolors.h"
#include "window/theme.h"

#include <QApplication>
#include <QStyle>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>

using ui::MessageView;
using ui::Theme;

class TestTheme : public QObject
{
    Q_OBJECT

private slots:
    void systemAfterDarkGivesTheDesktopLookBack();
    void contrastRatioIsWcags();
    void everyLineReadable_data();
    void everyLineReadable();
    void linesShownFollowAThemeChange();
    void inspectorRowsReadable_data();
    void inspectorRowsReadable();
};

void TestTheme::systemAfterDarkGivesTheDesktopLookBack()
{
    const QString style = QApplication::style()->name();
    const QPalette palette = QApplication::palette();
    const QFont font = QApplication::font();
    Theme::apply(QStringLiteral("system"), {});
    QCOMPARE(QApplication::style()->name(), style);

    QFont big = font;
    big.setPointSize(font.pointSize() + 7);
    Theme::apply(QStringLiteral("dark"), big.toString());
    QCOMPARE(QApplication::palette().color(QPalette::Base),
             Theme::darkPalette().color(QPalette::Base));
    QCOMPARE(QApplication::font().pointSize(), big.pointSize());

    Theme::apply(QStringLiteral("system"), {});
    QCOMPARE(QApplication::style()->name(), style);
    QCOMPARE(QApplication::palette().color(QPalette::Base), palette.color(QPalette::Base));
    QCOMPARE(QApplication::palette().color(QPalette::Text), palette.color(QPalette::Text));
    QCOMPARE(QApplication::palette().color(QPalette::Window), palette.color(QPalette::Window));
    QCOMPARE(QApplication::font().pointSize(), font.pointSize());

    // Light, then System: the same.
    Theme::apply(QStringLiteral("light"), {});
    QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
    Theme::apply(QStringLiteral("system"), {});
    QCOMPARE(QApplication::style()->name(), style);
    QCOMPARE(QApplication::palette().color(QPalette::Base), palette.color(QPalette::Base));
}

void TestTheme::contrastRatioIsWcags()
{
    using ui::contrast::ratio;
    QCOMPARE(qRound(ratio(Qt::black, Qt::white) * 10), 210);
    QCOMPARE(ratio(Qt::white, Qt::white), 1.0);
    // #767676 on white is the classic 4.54:1.
    QVERIFY(qAbs(ratio(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01);
    // readable(): unchanged when it reads already; else as close as it can while reading.
    QCOMPARE(ui::contrast::readable(Qt::black, Qt::white), QColor(Qt::black));
    const QColor yellow = ui::contrast::readable(QColor(230, 230, 40), Qt::white);
    QVERIFY(ratio(yellow, Qt::white) >= 4.5);
    QVERIFY(yellow.hslHue() >= 55 && yellow.hslHue() <= 65); // still a yellow (olive)
}

void TestTheme::everyLineReadable_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("dark") << Theme::darkPalette();
    QTest::newRow("light") << QApplication::style()->standardPalette();
}

void TestTheme::everyLineReadable()
{
    QFETCH(QPalette, palette);
    MessageView view;
    view.setPalette(palette);
    view.resize(600, 400);
    const QDateTime now = QDateTime::currentDateTime();
    view.prependHistory({{now.addDays(-1), MessageView::Style::Event, QStringLiteral("dave"),
                          QStringLiteral("--> dave joined"), false}},
                        1, true);
    // Many nicks: many hues, the yellows and blues among them.
    for (int i = 0; i < 40; ++i)
        view.addMessage(now, QStringLiteral("nick%1").arg(i), QStringLiteral("hello"), false);
    view.addMessage(now, QStringLiteral("bob"), QStringLiteral("ada: mention"), false, true);
    view.addAction(now, QStringLiteral("carol"), QStringLiteral("waves"), false);
    view.addNotice(now, QStringLiteral("host"), QStringLiteral("a notice"));
    view.addEvent(now, QStringLiteral("<-- dave quit (bye)"));
    view.addError(now, QStringLiteral("Not connected"));
    view.addMessage(now, QStringLiteral("eve"), QStringLiteral("see https://example.org/x"), false);
    view.setActive(false);
    view.addMessage(now, QStringLiteral("bob"), QStringLiteral("after the marker"), false);
    view.flush();

    const QColor base = palette.color(QPalette::Base);
    int fragments = 0;
    for (QTextBlock b = view.document()->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            if (f.text().trimmed().isEmpty())
                continue;
            const QBrush brush = f.charFormat().foreground();
            const QColor color =
                brush.style() == Qt::NoBrush ? palette.color(QPalette::Text) : brush.color();
            const double r = ui::contrast::ratio(color, base);
            QVERIFY2(r >= 4.5, qPrintable(QStringLiteral("\"%1\" in %2 on %3: %4:1")
                                              .arg(f.text(), color.name(), base.name())
                                              .arg(r, 0, 'f', 2)));
            ++fragments;
        }
    }
    QVERIFY(fragments > 100);
}

// Lines drawn in the light theme, then Dark chosen: they are recoloured for the dark background
// (each keeps its hue).
void TestTheme::linesShownFollowAThemeChange()
{
    MessageView view;
    view.setPalette(QApplication::style()->standardPalette());
    const QDateTime now = QDateTime::currentDateTime();
    for (int i = 0; i < 20; ++i)
        view.addMessage(now, QStringLiteral("nick%1").arg(i), QStringLiteral("hello"), false);
    view.addEvent(now, QStringLiteral("--> dave joined"));
    view.addError(now, QStringLiteral("Not connected"));
    view.flush();
    const QPalette dark = Theme::darkPalette();
    view.setPalette(dark);
    const QColor base = dark.color(QPalette::Base);
    for (QTextBlock b = view.document()->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            const QBrush brush = f.charFormat().foreground();
            if (brush.style() == Qt::NoBrush || f.text().trimmed().isEmpty())
                continue;
            const double r = ui::contrast::ratio(brush.color(), base);
            QVERIFY2(r >= 4.5, qPrintable(QStringLiteral("\"%1\" in %2: %3:1 after the change")
                                              .arg(f.text(), brush.color().name())
                                              .arg(r, 0, 'f', 2)));
        }
    }
}

void TestTheme::inspectorRowsReadable_data()
{
    everyLineReadable_data();
}

// The Inspector's rows (failures, warnings, closed sockets, the selected chunk, alternate
// chunks) were light-theme colours: white stripes under light text in the dark theme.
void TestTheme::inspectorRowsReadable()
{
    QFETCH(QPalette, palette);
    const QPalette before = QApplication::palette();
    QApplication::setPalette(palette);
    namespace in = ui::inspector;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const struct
    {
        const char* what;
        QColor fore, back;
    } pairs[] = {
        {"a failure", in::errorText(), base},
        {"a failure on its row", in::errorText(), in::errorBackground()},
        {"a warning", in::warningText(), base},
        {"a warning on the selected chunk", in::warningText(), in::currentBackground()},
        {"a closed socket", in::quietText(), base},
        {"text on the selected chunk", text, in::currentBackground()},
        {"text on an odd chunk", text, in::stripeBackground(1)},
        {"text on an even chunk", text, in::stripeBackground(0)},
        {"text on a failed row", text, in::errorBackground()},
    };
    QApplication::setPalette(before);
    for (const auto& p : pairs) {
        const double r = ui::contrast::ratio(p.fore, p.back);
        QVERIFY2(r >= 4.5, qPrintable(QStringLiteral("%1: %2 on %3, %4:1")
                                          .arg(QLatin1String(p.what), p.fore.name(), p.back.name())
                                          .arg(r, 0, 'f', 2)));
    }
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
