// SPDX-License-Identifier: GPL-3.0-or-later
// The Inspector's trace files: opening a recording (lanchat-cli --trace-file) and exporting the
// history as JSON Lines or CSV, each failure said in the status line.

#include "inspector/inspectordock.h"

#include "bridge/tracefeed.h"
#include "inspector/lifecyclemodel.h"
#include "inspector/loopmodel.h"

namespace ui {

bool InspectorDock::openTraceFile(const QString& path)
{
    QString error;
    if (!m_feed->loadJsonLines(path, &error)) {
        emit message(tr("Cannot open %1: %2").arg(path, error));
        return false;
    }
    m_socket = 0;
    m_lifecycle->setSocket(0);
    m_loop->setSocket(0);
    emit message(tr("Opened %1: %2 events").arg(path).arg(m_feed->size()));
    return true;
}

bool InspectorDock::exportJsonLines(const QString& path)
{
    QString error;
    if (!m_feed->exportJsonLines(path, &error)) {
        emit message(tr("Cannot write %1: %2").arg(path, error));
        return false;
    }
    return true;
}

bool InspectorDock::exportCsv(const QString& path)
{
    QString error;
    if (!m_feed->exportCsv(path, &error)) {
        emit message(tr("Cannot write %1: %2").arg(path, error));
        return false;
    }
    return true;
}

} // namespace ui
