// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The item data roles the Inspector's models share, so one view can find a socket in another.

#include <Qt>

namespace ui::inspector {

enum Role
{
    SocketIdRole = Qt::UserRole + 1, // quint64: the row's socket
    SeqRole,                         // quint64: the row's trace event
    HardErrorRole,                   // bool: the row shows a failure
    ChunkRole,                       // int: Bytes view, the chunk a row belongs to
    StepStatusRole,                  // int: Lifecycle view, LifecycleModel::Status
    TimeNsRole,                      // qint64: the row's time, ns since the trace began
};

} // namespace ui::inspector
