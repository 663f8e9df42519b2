// SPDX-License-Identifier: GPL-3.0-or-later
// The window for a lecture (issue 18), as the program makes it: projector mode (View menu) makes
// the text half as large again with a high-contrast look that reads from the back of a hall, and
// gives the chosen theme back when turned off; "Hide the chat" gives the Socket Inspector the
// window and brings the chat back as it was; Ctrl + / Ctrl - / Ctrl 0 in the Inspector zoom its
// tables (rows too), within limits, and the zoom holds when the application's font changes.

#include "contrast.h"
#include "inspector/inspectorcolors.h"
#include "inspector/inspectordock.h"
#include "inspector/inspectorzoom.h"
#include "inspector/socketsmodel.h"
#include "window/networkpanel.h"
#include "window/theme.h"
#include "window_test_support.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QMenuBar>
#include <QTableView>

using namespace uitest;

namespace {

QAction* viewAction(ui::MainWindow* window, const QString& text)
{
    for (QAction* menu : window->menuBar()->actions()) {
        if (!menu->menu())
            continue;
        for (QAction* action : menu->menu()->actions())
            if (action->text() == text)
                return action;
    }
    return nullptr;
}

} // namespace

class TestLecture : public QObject
{
    Q_OBJECT

private slots:
    void projectorModeIsLargeAndHighContrastThenGivesTheThemeBack();
    void hidingTheChatGivesTheInspectorTheWindow();
    void theInspectorZoomsWithCtrlPlusAndMinus();
};

void TestLecture::projectorModeIsLargeAndHighContrastThenGivesTheThemeBack()
{
    Window w(QStringLiteral("ada"), freeUdpPort());
    QVERIFY(w.show());
    const QFont font = QApplication::font();
    const QPalette palette = QApplication::palette();
    QAction* projector = viewAction(w.window, QStringLiteral("P&rojector mode"));
    QVERIFY(projector && projector->isCheckable());
    QCOMPARE(projector->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+P")));

    projector->trigger();
    QVERIFY(w->projectorMode());
    const QFont big = QApplication::font();
    QVERIFY2(big.pointSizeF() >= 16 && big.pointSizeF() >= font.pointSizeF() * 1.5 - 0.01,
             qPrintable(QString::number(big.pointSizeF())));
    QCOMPARE(big.family(), font.family());
    const QPalette p = QApplication::palette();
    // Black on white, a dark highlight: AAA contrast (7:1) for text and selected text.
    QVERIFY(ui::contrast::ratio(p.color(QPalette::Text), p.color(QPalette::Base)) >= 7);
    QVERIFY(ui::contrast::ratio(p.color(QPalette::WindowText), p.color(QPalette::Window)) >= 7);
    QVERIFY(ui::contrast::ratio(p.color(QPalette::HighlightedText), p.color(QPalette::Highlight)) >=
            7);
    // The Inspector's greyed and red text still reads (its colours follow the palette).
    QVERIFY(ui::contrast::ratio(ui::inspector::quietText(), p.color(QPalette::Base)) >= 4.5);
    QVERIFY(ui::contrast::ratio(ui::inspector::errorText(), ui::inspector::errorBackground()) >=
            4.5);
    // The settings dialog's theme is applied under it: projector mode stays on.
    w->appSettings().theme = QStringLiteral("dark");
    projector->trigger();
    QVERIFY(!w->projectorMode());
    QCOMPARE(QApplication::font().pointSizeF(), font.pointSizeF());
    QCOMPARE(QApplication::palette().color(QPalette::Base),
             ui::Theme::darkPalette().color(QPalette::Base));
    w->appSettings().theme = QStringLiteral("system");
    w->setProjectorMode(true);
    w->setProjectorMode(false);
    QCOMPARE(QApplication::palette().color(QPalette::Base), palette.color(QPalette::Base));
    QCOMPARE(QApplication::palette().color(QPalette::Text), palette.color(QPalette::Text));
    QCOMPARE(QApplication::font(), font);
}

void TestLecture::hidingTheChatGivesTheInspectorTheWindow()
{
    Window w(QStringLiteral("ada"), freeUdpPort());
    QVERIFY(w.show());
    w->resize(1200, 800);
    QAction* hide = viewAction(w.window, QStringLiteral("&Hide the chat"));
    QVERIFY(hide && hide->isCheckable());
    QVERIFY(!w->inspector()->isVisible());
    QWidget* network = w->networkPanel();
    QVERIFY(network->isVisible());

    hide->trigger();
    QVERIFY(w->chatHidden());
    QVERIFY(!w->centralWidget()->isVisible());
    QVERIFY(!network->isVisible());
    QVERIFY(w->inspector()->isVisible());
    // The Inspector fills the window's width (and, with no chat above it, its height).
    const auto geometry = [&] {
        return QStringLiteral("window %1x%2, Inspector %3x%4 floating %5")
            .arg(w->width())
            .arg(w->height())
            .arg(w->inspector()->width())
            .arg(w->inspector()->height())
            .arg(w->inspector()->isFloating());
    };
    QTRY_VERIFY2(w->inspector()->width() >= w->width() * 9 / 10, qPrintable(geometry()));
    QTRY_VERIFY2(w->inspector()->height() >= w->height() / 2, qPrintable(geometry()));

    QVERIFY(!w->inspector()->isFloating());

    hide->trigger();
    QVERIFY(!w->chatHidden());
    QVERIFY(w->centralWidget()->isVisible());
    QVERIFY(network->isVisible());

    // A network panel the user had closed stays closed.
    network->parentWidget()->hide();
    w->setChatHidden(true);
    w->setChatHidden(false);
    QVERIFY(!network->isVisible());
    QVERIFY(w->centralWidget()->isVisible());
}

void TestLecture::theInspectorZoomsWithCtrlPlusAndMinus()
{
    Window w(QStringLiteral("ada"), freeUdpPort());
    QVERIFY(w.show());
    ui::InspectorDock* dock = w->inspector();
    dock->show();
    QTableView* sockets = dock->socketsView();
    dock->tabs()->setCurrentIndex(ui::InspectorDock::SocketsTab);
    sockets->setFocus();
    QTRY_VERIFY(sockets->hasFocus());
    const double size = sockets->font().pointSizeF();
    const int row = sockets->verticalHeader()->defaultSectionSize();
    const int local = sockets->horizontalHeader()->sectionSize(ui::SocketsModel::LocalColumn);

    QTest::keyClick(sockets, Qt::Key_Plus, Qt::ControlModifier);
    QCOMPARE(dock->zoom()->step(), 1);
    QTest::keyClick(sockets, Qt::Key_Equal, Qt::ControlModifier); // "+" without Shift
    QCOMPARE(dock->zoom()->step(), 2);
    QCOMPARE(sockets->font().pointSizeF(), size * 1.4);
    QVERIFY(sockets->verticalHeader()->defaultSectionSize() > row);
    QVERIFY(dock->timelineView()->verticalHeader()->defaultSectionSize() > row);
    // The columns widen with the text, so that it is not cut off.
    QVERIFY2(sockets->horizontalHeader()->sectionSize(ui::SocketsModel::LocalColumn) > local * 1.2,
             qPrintable(QString::number(
                 sockets->horizontalHeader()->sectionSize(ui::SocketsModel::LocalColumn))));

    QTest::keyClick(sockets, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(dock->zoom()->step(), 0);
    QCOMPARE(sockets->font().pointSizeF(), size);
    QCOMPARE(sockets->verticalHeader()->defaultSectionSize(), row);
    QVERIFY(qAbs(sockets->horizontalHeader()->sectionSize(ui::SocketsModel::LocalColumn) - local) <=
            2);

    for (int i = 0; i < 10; ++i)
        QTest::keyClick(sockets, Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(dock->zoom()->step(), ui::InspectorZoom::kMinStep);
    QVERIFY(sockets->font().pointSizeF() < size);
    for (int i = 0; i < 30; ++i)
        dock->zoom()->zoomIn();
    QCOMPARE(dock->zoom()->step(), ui::InspectorZoom::kMaxStep);
    QCOMPARE(sockets->font().pointSizeF(), size * 3);

    // Projector mode widens the columns with the text, and narrows them back after.
    dock->zoom()->setStep(0);
    const int localBefore = sockets->horizontalHeader()->sectionSize(ui::SocketsModel::LocalColumn);
    w->setProjectorMode(true);
    QVERIFY2(sockets->horizontalHeader()->sectionSize(ui::SocketsModel::LocalColumn) >=
                 localBefore * 1.4,
             qPrintable(QStringLiteral("%1 -> %2")
                            .arg(localBefore)
                            .arg(sockets->horizontalHeader()->sectionSize(
                                ui::SocketsModel::LocalColumn))));
    w->setProjectorMode(false);
    QVERIFY(qAbs(sockets->horizontalHeader()->sectionSize(ui::SocketsModel::LocalColumn) -
                 localBefore) <= 3);

    // Projector mode under a zoomed Inspector: the zoom holds, on the larger font.
    dock->zoom()->setStep(1);
    w->setProjectorMode(true);
    QCOMPARE(sockets->font().pointSizeF(), QApplication::font().pointSizeF() * 1.2);
    w->setProjectorMode(false);
    QCOMPARE(sockets->font().pointSizeF(), size * 1.2);
    // The chat is not zoomed by the Inspector's keys.
    QCOMPARE(w->networkPanel()->font().pointSizeF(), size);
}

QTEST_MAIN(TestLecture)
#include "tst_lecture.moc"
