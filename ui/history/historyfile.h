// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Opening the history file: looking at it before SQLite does, checking that it is a LanChat
// history file of a version this build understands, and taking it to the current version
// (HistorySchema's migrations). Nothing here ever deletes, renames or overwrites a file that is
// refused (docs/history.md lists the checks, in order).

#include <QSqlDatabase>
#include <QString>

namespace history {

class HistoryFile
{
public:
    // Opens `path` as the Qt SQL connection `connectionName` (in the calling thread), creating
    // or migrating it. "" on success, with the largest stored message id in `maxId`; otherwise
    // why the file is not used, and the connection is removed again.
    static QString open(const QString& path, const QString& connectionName, qint64* maxId);
    // Closes and removes the connection.
    static void close(const QString& connectionName);
};

} // namespace history
