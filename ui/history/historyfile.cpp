// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyfile.h"

#include "history/historyschema.h"
#include "history/historysql.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace history {

using sql::errorText;

namespace {

// Looks before SQLite does: a file that is not an SQLite database is refused unread by it.
// "" when the path may be opened (and its folder exists).
QString checkBeforeOpening(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        if (!QDir().mkpath(info.absolutePath()))
            return QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
        return {};
    }
    if (info.isDir())
        return QStringLiteral("%1 is a folder, not a history file").arg(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString());
    const QByteArray head = file.read(16);
    if (info.size() > 0 && head != QByteArray("SQLite format 3\0", 16))
        return QStringLiteral("%1 is damaged or not a history file (no SQLite header)").arg(path);
    return {};
}

// What an SQLite error means for the user: another instance holds the file, or it is damaged.
QString described(const QString& path, const QSqlError& e, const QString& what)
{
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6), also as extended codes.
    const int code = e.nativeErrorCode().toInt();
    if ((code & 0xff) == 5 || (code & 0xff) == 6)
        return QStringLiteral("%1 is in use by another LanChat (the same --profile running twice?)")
            .arg(path);
    return QStringLiteral("%1 is damaged or unreadable: %2").arg(path, what);
}

// Checks an open connection's file, in the order docs/history.md gives, and takes it to the
// current version. "" with the largest message id in `maxId`, or why the file is not used.
QString validateAndMigrate(QSqlDatabase& database, const QString& path, qint64* maxId)
{
    QSqlQuery q(database);
    // Held for as long as we run: a second instance on the same file gets "locked".
    q.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE"));
    QString why;
    int version = -1;
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        version = q.value(0).toInt();
    else
        why = errorText(q);
    if (version < 0)
        return described(path, q.lastError(), why);
    if (version > HistorySchema::CurrentVersion)
        return QStringLiteral("%1 was written by a newer LanChat (history version %2; this one "
                              "knows up to %3)")
            .arg(path)
            .arg(version)
            .arg(HistorySchema::CurrentVersion);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next())
        return described(path, q.lastError(), errorText(q));
    if (version == 0 && q.value(0).toInt() > 0)
        return QStringLiteral("%1 is an SQLite file of another program, not a LanChat history "
                              "file")
            .arg(path);
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next() ||
        q.value(0).toString() != QLatin1String("wal"))
        return described(path, q.lastError(), QStringLiteral("cannot use a WAL journal"));
    if (!q.exec(QStringLiteral("PRAGMA synchronous = NORMAL")))
        return described(path, q.lastError(), errorText(q));
    if (!HistorySchema::migrate(database, HistorySchema::CurrentVersion, &why))
        return described(path, database.lastError(), why);
    // Another connection may read a WAL file while it writes: make sure that we can write (and,
    // in exclusive locking mode, keep the lock from now on).
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")) || !q.exec(QStringLiteral("COMMIT")))
        return described(path, q.lastError(), errorText(q));
    if (!q.exec(QStringLiteral("SELECT max(id) FROM messages")) || !q.next())
        return described(path, q.lastError(), errorText(q));
    *maxId = q.value(0).toLongLong();
    return {};
}

} // namespace

QString HistoryFile::open(const QString& path, const QString& connectionName, qint64* maxId)
{
    *maxId = 0;
    if (QString error = checkBeforeOpening(path); !error.isEmpty())
        return error;
    QString error;
    {
        QSqlDatabase database =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        database.setDatabaseName(path);
        // Fail at once when another instance holds the file, rather than wait for it.
        database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
        if (!database.open())
            error =
                QStringLiteral("%1 cannot be opened: %2").arg(path, database.lastError().text());
        else
            error = validateAndMigrate(database, path, maxId);
    }
    if (!error.isEmpty())
        close(connectionName);
    return error;
}

void HistoryFile::close(const QString& connectionName)
{
    {
        QSqlDatabase database = QSqlDatabase::database(connectionName, false);
        database.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

QString HistoryFile::legacyFoldChatName(const QString& name)
{
    QString folded = name.toLower();
    for (QChar& c : folded) {
        switch (c.unicode()) {
        case u'[':
            c = u'{';
            break;
        case u']':
            c = u'}';
            break;
        case u'\\':
            c = u'|';
            break;
        case u'~':
            c = u'^';
            break;
        default:
            break;
        }
    }
    return folded;
}

qint64 HistoryFile::adoptLegacyChat(const QSqlDatabase& db, qint64 networkId, const ChatKey& chat,
                                    QString* error)
{
    // Migration 4 marked every chat stored before it `legacy_folded`; the mark goes when a key
    // takes the chat, so a chat stored under the new folding is never taken for an old one.
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM chats WHERE network_id = ? AND folded = ?"
                             " AND legacy_folded = 1"));
    q.addBindValue(networkId);
    q.addBindValue(legacyFoldChatName(chat.chat));
    if (!q.exec()) {
        *error = errorText(q);
        return -1;
    }
    if (!q.next())
        return 0;
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    q.prepare(QStringLiteral("UPDATE chats SET folded = ?, legacy_folded = 0 WHERE id = ?"));
    q.addBindValue(chat.folded);
    q.addBindValue(id);
    if (!q.exec()) {
        *error =
            QStringLiteral("moving %1 to its new folded name: %2").arg(chat.chat, errorText(q));
        return -1;
    }
    return id;
}

} // namespace history
