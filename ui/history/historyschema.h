// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history file's schema, built by numbered migrations from an empty database. The version is
// SQLite's `PRAGMA user_version` (0: empty). Each migration runs in one transaction together with
// the version bump, so a file is always at one whole version. docs/history.md shows the tables.

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace history {

class HistorySchema
{
public:
    // The version this build writes; a file with a larger one is refused, never changed.
    static constexpr int CurrentVersion = 4;

    // The statements that take a file from version `to - 1` to version `to` (1..CurrentVersion).
    static QStringList migration(int to);

    // The file's version, or -1 with `error` set when it cannot be read.
    static int version(QSqlDatabase& db, QString* error);

    // Runs the migrations from the file's version up to `target`. False with `error` set when one
    // fails; that migration's transaction is rolled back, so the file stays at a whole version.
    static bool migrate(QSqlDatabase& db, int target, QString* error);
};

} // namespace history
