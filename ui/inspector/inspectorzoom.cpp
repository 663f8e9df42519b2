// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/inspectorzoom.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QFont>
#include <QHeaderView>
#include <QKeySequence>
#include <QTableView>
#include <QWidget>

#include <algorithm>

namespace ui {

InspectorZoom::InspectorZoom(QWidget* target)
    : QObject(target)
    , m_target(target)
{
    auto add = [this](const QList<QKeySequence>& keys, auto slot) {
        auto* action = new QAction(m_target);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        m_target->addAction(action);
    };
    // Ctrl+= too: on many keyboards "+" needs Shift.
    add({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)}, [this] { zoomIn(); });
    add({QKeySequence::ZoomOut}, [this] { zoomOut(); });
    add({QKeySequence(Qt::CTRL | Qt::Key_0)}, [this] { setStep(0); });
    // Each table follows its own font, whenever it changes (the zoom, the application's
    // font, which may reach a docked widget only later).
    for (QTableView* view : m_target->findChildren<QTableView*>()) {
        fitTable(view); // notes the text's height the columns were made for
        view->installEventFilter(this);
    }
}

bool InspectorZoom::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        if (auto* view = qobject_cast<QTableView*>(watched))
            fitTable(view);
    return QObject::eventFilter(watched, event);
}

double InspectorZoom::factor() const
{
    return 1.0 + m_step / 5.0;
}

void InspectorZoom::setStep(int step)
{
    step = std::clamp(step, kMinStep, kMaxStep);
    if (step == m_step)
        return;
    m_step = step;
    refresh();
    emit zoomed(int(factor() * 100 + 0.5));
}

void InspectorZoom::refresh()
{
    // Only the size is set: family and the rest still come from the application's font.
    QFont font;
    if (m_step != 0)
        font.setPointSizeF(std::max(4.0, QApplication::font().pointSizeF() * factor()));
    m_target->setFont(font); // the tables follow (eventFilter)
}

void InspectorZoom::fitTable(QTableView* view)
{
    // The tables keep fixed row heights (they never measure their rows): set them anew, and
    // widen or narrow the columns as the text did (keeping widths the user chose, in
    // proportion), so that larger text is not cut off.
    static const char* const kHeight = "lanchatZoomTextHeight";
    const int height = view->fontMetrics().height();
    view->verticalHeader()->setDefaultSectionSize(height + 6);
    const int before = view->property(kHeight).toInt();
    view->setProperty(kHeight, height);
    if (before <= 0 || before == height)
        return;
    QHeaderView* header = view->horizontalHeader();
    const double ratio = double(height) / before;
    for (int c = 0; c < header->count(); ++c)
        header->resizeSection(c, int(header->sectionSize(c) * ratio + 0.5));
}

} // namespace ui
