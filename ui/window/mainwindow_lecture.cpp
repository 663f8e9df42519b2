// SPDX-License-Identifier: GPL-3.0-or-later
// The window for a lecture (issue 18): projector mode (large text, high contrast) and the chat
// hidden so the Socket Inspector has the window, in the View menu. The Inspector's own zoom
// (Ctrl + / Ctrl -) is InspectorDock's.

#include "window/mainwindow.h"

#include "inspector/inspectordock.h"
#include "inspector/inspectorzoom.h"
#include "window/theme.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

namespace ui {

void MainWindow::buildLectureActions()
{
    QMenu* viewMenu = nullptr;
    for (QAction* action : menuBar()->actions())
        if (action->menu() && action->text() == tr("&View"))
            viewMenu = action->menu();
    if (!viewMenu)
        viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addSeparator();
    m_projectorAction = viewMenu->addAction(tr("P&rojector mode"));
    m_projectorAction->setCheckable(true);
    m_projectorAction->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    m_projectorAction->setToolTip(
        tr("Large text and high contrast, for a lecture hall; Ctrl + and Ctrl - zoom the "
           "Socket Inspector further"));
    connect(m_projectorAction, &QAction::toggled, this, &MainWindow::setProjectorMode);
    m_hideChatAction = viewMenu->addAction(tr("&Hide the chat"));
    m_hideChatAction->setCheckable(true);
    m_hideChatAction->setToolTip(tr("The chats and the network panel out of the way: the "
                                    "Socket Inspector has the window"));
    connect(m_hideChatAction, &QAction::toggled, this, &MainWindow::setChatHidden);
}

void MainWindow::applyLook()
{
    Theme::apply(m_settings.theme, m_settings.font);
    if (m_projector)
        Theme::applyProjector();
    if (m_inspector)
        m_inspector->zoom()->refresh(); // a zoomed Inspector: the same zoom on the new font
}

void MainWindow::setProjectorMode(bool on)
{
    if (on == m_projector)
        return;
    m_projector = on;
    if (m_projectorAction)
        m_projectorAction->setChecked(on);
    // A message shown across the change of font would be laid out over the status line's own.
    statusBar()->clearMessage();
    applyLook();
}

void MainWindow::setChatHidden(bool hidden)
{
    if (hidden == m_chatHidden)
        return;
    m_chatHidden = hidden;
    if (m_hideChatAction)
        m_hideChatAction->setChecked(hidden);
    centralWidget()->setVisible(!hidden);
    if (m_networkDock) {
        // Back as the user had it: a network panel closed before stays closed.
        if (hidden)
            m_networkWasVisible = m_networkDock->isVisible();
        m_networkDock->setVisible(!hidden && m_networkWasVisible);
    }
    // The point of hiding the chat: the Inspector is shown, in the window, and fills it (a
    // floating one goes back to floating after).
    if (!m_inspector)
        return;
    if (hidden) {
        m_inspector->show(); // its first showing places it (floating on a small screen)
        m_inspectorWasFloating = m_inspector->isFloating();
        m_inspector->setFloating(false);
    } else if (m_inspectorWasFloating) {
        m_inspector->setFloating(true);
    }
}

} // namespace ui
