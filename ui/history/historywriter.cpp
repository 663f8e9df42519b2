// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historywriter.h"

#include "history/historysql.h"

#include <QSqlError>

namespace history {

using sql::errorText;
using sql::nonNull;

namespace {
constexpr int DeleteChunk = 5000;
}

HistoryWriter::HistoryWriter(QString connectionName, ChatIds& ids)
    : m_connectionName(std::move(connectionName))
    , m_ids(ids)
{}

QString HistoryWriter::prepare()
{
    const QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
    m_insert = std::make_unique<QSqlQuery>(database);
    m_insertFts = std::make_unique<QSqlQuery>(database);
    if (!m_insert->prepare(QStringLiteral(
            "INSERT INTO messages (id, chat_id, time, server_time, msgid, sender, kind,"
            " text, self) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) ||
        !m_insertFts->prepare(QStringLiteral("INSERT INTO messages_fts (rowid, text, sender,"
                                             " chat_tag) VALUES (?, ?, ?, ?)"))) {
        const QString why =
            m_insert->lastError().isValid() ? errorText(*m_insert) : errorText(*m_insertFts);
        reset();
        return why;
    }
    return {};
}

void HistoryWriter::reset()
{
    m_insert.reset();
    m_insertFts.reset();
}

QString HistoryWriter::write(const QList<WriteQueue::Row>& rows)
{
    // Peer text may be empty (a join); the columns are NOT NULL, so never bind a null string.
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return errorText(q);
    for (const WriteQueue::Row& row : rows) {
        const Record& r = row.record;
        const qint64 chat = m_ids.chatId(r.chat, true);
        if (chat <= 0) {
            const QString why =
                QStringLiteral("the chat %1: %2").arg(r.chat.chat, m_ids.lastError());
            q.exec(QStringLiteral("ROLLBACK"));
            return why;
        }
        const QDateTime time = r.time.isValid() ? r.time : QDateTime::currentDateTimeUtc();
        m_insert->bindValue(0, row.id);
        m_insert->bindValue(1, chat);
        m_insert->bindValue(2, time.toMSecsSinceEpoch());
        m_insert->bindValue(3, sql::toMs(r.serverTime));
        m_insert->bindValue(4, r.msgId.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                 : QVariant(r.msgId));
        m_insert->bindValue(5, nonNull(r.sender));
        m_insert->bindValue(6, kindName(r.kind));
        m_insert->bindValue(7, nonNull(r.text));
        m_insert->bindValue(8, r.self ? 1 : 0);
        m_insertFts->bindValue(0, row.id);
        m_insertFts->bindValue(1, nonNull(r.text));
        m_insertFts->bindValue(2, nonNull(r.sender));
        m_insertFts->bindValue(3, QStringLiteral("c%1").arg(chat));
        if (!m_insert->exec() || !m_insertFts->exec()) {
            const QString why =
                m_insert->lastError().isValid() ? errorText(*m_insert) : errorText(*m_insertFts);
            q.exec(QStringLiteral("ROLLBACK"));
            return why;
        }
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const QString why = errorText(q);
        q.exec(QStringLiteral("ROLLBACK"));
        return why;
    }
    return {};
}

qint64 HistoryWriter::deleteWhere(const QString& condition, const QVariantList& values,
                                  const WriteQueued& writeQueued)
{
    // In chunks, each its own transaction, with the queued rows written in between: a long
    // delete never keeps new lines waiting for their commit.
    const QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery select(database);
    select.prepare(QStringLiteral("SELECT id FROM messages WHERE ") + condition +
                   QStringLiteral(" LIMIT %1").arg(DeleteChunk));
    QSqlQuery unindex(database);
    unindex.prepare(QStringLiteral(
        "INSERT INTO messages_fts (messages_fts, rowid, text, sender, chat_tag)"
        " SELECT 'delete', id, text, sender, 'c' || chat_id FROM messages WHERE id = ?"));
    QSqlQuery remove(database);
    remove.prepare(QStringLiteral("DELETE FROM messages WHERE id = ?"));
    QSqlQuery tx(database);
    qint64 deleted = 0;
    for (;;) {
        if (!writeQueued())
            return -1;
        for (int i = 0; i < values.size(); ++i)
            select.bindValue(i, values.at(i));
        if (!select.exec())
            return -1;
        QList<qint64> ids;
        while (select.next())
            ids.append(select.value(0).toLongLong());
        select.finish();
        if (ids.isEmpty())
            return deleted;
        tx.exec(QStringLiteral("BEGIN IMMEDIATE"));
        for (const qint64 id : std::as_const(ids)) {
            unindex.bindValue(0, id);
            remove.bindValue(0, id);
            if (!unindex.exec() || !remove.exec()) {
                tx.exec(QStringLiteral("ROLLBACK"));
                return -1;
            }
        }
        if (!tx.exec(QStringLiteral("COMMIT"))) {
            tx.exec(QStringLiteral("ROLLBACK"));
            return -1;
        }
        deleted += ids.size();
    }
}

qint64 HistoryWriter::clearChat(const ChatKey& chat, const WriteQueued& writeQueued)
{
    const qint64 id = m_ids.chatId(chat, false);
    if (id <= 0)
        return id < 0 ? -1 : 0;
    return deleteWhere(QStringLiteral("chat_id = ?"), {id}, writeQueued);
}

qint64 HistoryWriter::clearAll()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("SELECT count(*) FROM messages")) || !q.next())
        return -1;
    const qint64 count = q.value(0).toLongLong();
    const bool ok =
        q.exec(QStringLiteral("BEGIN IMMEDIATE")) &&
        q.exec(QStringLiteral("INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')")) &&
        q.exec(QStringLiteral("DELETE FROM messages")) &&
        q.exec(QStringLiteral("DELETE FROM chats")) &&
        q.exec(QStringLiteral("DELETE FROM networks")) && q.exec(QStringLiteral("COMMIT"));
    if (!ok) {
        q.exec(QStringLiteral("ROLLBACK"));
        return -1;
    }
    m_ids.clear();
    return count;
}

qint64 HistoryWriter::purgeOlderThan(const QDateTime& cutoff, const WriteQueued& writeQueued)
{
    return deleteWhere(QStringLiteral("time < ?"), {cutoff.toMSecsSinceEpoch()}, writeQueued);
}

} // namespace history
