// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The chat tabs, saying when their number changes (the window shows its welcome page while
// there are none).

#include <QTabWidget>

namespace ui {

class ChatTabs : public QTabWidget
{
    Q_OBJECT

public:
    using QTabWidget::QTabWidget;

signals:
    void countChanged(int count);

protected:
    void tabInserted(int index) override
    {
        QTabWidget::tabInserted(index);
        emit countChanged(count());
    }
    void tabRemoved(int index) override
    {
        QTabWidget::tabRemoved(index);
        emit countChanged(count());
    }
};

} // namespace ui
