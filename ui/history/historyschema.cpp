// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyschema.h"

#include <QSqlError>
#include <QSqlQuery>

namespace history {

QStringList HistorySchema::migration(int to)
{
    switch (to) {
    case 1:
        // Networks: a LanChat host by its stable host id, any other server by its network name.
        return {
            QStringLiteral("CREATE TABLE networks ("
                           " id INTEGER PRIMARY KEY,"
                           " host_id TEXT NOT NULL DEFAULT '',"
                           " name TEXT NOT NULL)"),
            QStringLiteral("CREATE UNIQUE INDEX networks_host ON networks(host_id)"
                           " WHERE host_id <> ''"),
            QStringLiteral("CREATE UNIQUE INDEX networks_name ON networks(name)"
                           " WHERE host_id = ''"),
            QStringLiteral("CREATE TABLE chats ("
                           " id INTEGER PRIMARY KEY,"
                           " network_id INTEGER NOT NULL REFERENCES networks(id),"
                           " name TEXT NOT NULL,"
                           " folded TEXT NOT NULL,"
                           " private INTEGER NOT NULL,"
                           " UNIQUE(network_id, folded))"),
            QStringLiteral("CREATE TABLE messages ("
                           " id INTEGER PRIMARY KEY,"
                           " chat_id INTEGER NOT NULL REFERENCES chats(id),"
                           " time INTEGER NOT NULL,"
                           " server_time INTEGER,"
                           " msgid TEXT,"
                           " sender TEXT NOT NULL,"
                           " kind TEXT NOT NULL,"
                           " text TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX messages_chat ON messages(chat_id, id)"),
        };
    case 2:
        // The full-text index: FTS5 over an external content view, so the text is stored once.
        // chat_tag ("c<chat id>") lets a search be limited to one chat inside the index itself.
        // The store keeps the index in step in the same transactions (no triggers), and a
        // version-1 file gets its existing messages indexed here.
        return {
            QStringLiteral("CREATE VIEW messages_fts_content AS"
                           " SELECT id, text, sender, 'c' || chat_id AS chat_tag FROM messages"),
            QStringLiteral("CREATE VIRTUAL TABLE messages_fts USING fts5("
                           " text, sender, chat_tag,"
                           " content='messages_fts_content', content_rowid='id',"
                           " tokenize='unicode61 remove_diacritics 2')"),
            QStringLiteral("INSERT INTO messages_fts(messages_fts) VALUES('rebuild')"),
        };
    case 3:
        // Own lines marked; retention deletes by time.
        return {
            QStringLiteral("ALTER TABLE messages ADD COLUMN self INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX messages_time ON messages(time)"),
        };
    case 4:
        // Chats are folded by the caller (the server's CASEMAPPING) from now on; the chats
        // stored so far were folded rfc1459 style here and keep that mark until a key of the new
        // kind takes them (HistoryFile::adoptLegacyChat).
        return {
            QStringLiteral("ALTER TABLE chats ADD COLUMN legacy_folded INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("UPDATE chats SET legacy_folded = 1"),
        };
    default:
        return {};
    }
}

int HistorySchema::version(QSqlDatabase& db, QString* error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        if (error)
            *error = q.lastError().text();
        return -1;
    }
    return q.value(0).toInt();
}

bool HistorySchema::migrate(QSqlDatabase& db, int target, QString* error)
{
    int current = version(db, error);
    if (current < 0)
        return false;
    while (current < target) {
        const int to = current + 1;
        const QStringList statements = migration(to);
        if (statements.isEmpty()) {
            if (error)
                *error = QStringLiteral("no migration to schema version %1").arg(to);
            return false;
        }
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
        bool ok = true;
        for (const QString& statement : statements) {
            if (!q.exec(statement)) {
                if (error)
                    *error = QStringLiteral("migration to version %1: %2")
                                 .arg(to)
                                 .arg(q.lastError().text());
                ok = false;
                break;
            }
        }
        if (ok && !q.exec(QStringLiteral("PRAGMA user_version = %1").arg(to))) {
            if (error)
                *error = q.lastError().text();
            ok = false;
        }
        if (ok && !q.exec(QStringLiteral("COMMIT"))) {
            if (error)
                *error = q.lastError().text();
            ok = false;
        }
        if (!ok) {
            q.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        current = to;
    }
    return true;
}

} // namespace history
