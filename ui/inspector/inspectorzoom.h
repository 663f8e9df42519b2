// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Inspector's zoom, for a projector: Ctrl + and Ctrl - (and Ctrl 0 back to normal) while the
// Inspector has the focus scale its text in steps of a fifth, from 40 % to 300 % of the
// application's font, and the tables' fixed row heights and column widths with it. After a
// change of the
// application's font (the settings, projector mode) refresh() sets the same zoom on it.

#include <QObject>

class QTableView;
class QWidget;

namespace ui {

class InspectorZoom : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMinStep = -3;
    static constexpr int kMaxStep = 10;

    // Zooms `target` (the dock) and everything in it; the shortcuts work within it.
    explicit InspectorZoom(QWidget* target);

    int step() const { return m_step; }
    void setStep(int step); // clamped to kMinStep..kMaxStep
    double factor() const;  // 1 + step / 5
    void zoomIn() { setStep(m_step + 1); }
    void zoomOut() { setStep(m_step - 1); }
    // Sets the zoom again on the application's font as it is now.
    void refresh();

signals:
    void zoomed(int percent);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    static void fitTable(QTableView* view);

    QWidget* m_target;
    int m_step = 0;
};

} // namespace ui
