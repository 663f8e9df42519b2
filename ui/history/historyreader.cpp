// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyreader.h"

#include "history/historyexporter.h"
#include "history/historysql.h"

#include <QSaveFile>
#include <QSqlQuery>

#include <algorithm>

namespace history {

using sql::errorText;

HistoryReader::HistoryReader(QString connectionName, ChatIds& ids)
    : m_connectionName(std::move(connectionName))
    , m_ids(ids)
{}

Page HistoryReader::loadBefore(const ChatKey& chat, qint64 beforeId, int count)
{
    return pageBefore(m_ids.chatId(chat, false), chat, beforeId, count);
}

Page HistoryReader::pageBefore(qint64 chatId, const ChatKey& chat, qint64 beforeId, int count)
{
    Page page;
    if (chatId <= 0) { // not stored, or the lookup failed
        page.atStart = true;
        if (chatId < 0)
            page.error = m_ids.lastError();
        return page;
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    sql::prepareMessageQuery(q, QStringLiteral("WHERE m.chat_id = ? AND m.id < ?"
                                               " ORDER BY m.id DESC LIMIT ?"));
    q.addBindValue(chatId);
    q.addBindValue(beforeId);
    q.addBindValue(count + 1); // one more tells whether older ones exist
    if (!q.exec()) {
        page.error = errorText(q);
        return page;
    }
    while (q.next())
        page.messages.append(sql::messageAt(q, chat));
    page.atStart = page.messages.size() <= count;
    if (!page.atStart)
        page.messages.removeLast();
    std::reverse(page.messages.begin(), page.messages.end());
    return page;
}

Page HistoryReader::loadAround(const Locator& at, int before, int after)
{
    // The line names its chat: a hit's key may carry a folded name the chat has moved from
    // since the search (HistoryFile::adoptLegacyChat). The key is asked only when the line is
    // gone (cleared, or past the retention).
    const QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(database);
    q.prepare(QStringLiteral("SELECT chat_id FROM messages WHERE id = ?"));
    q.addBindValue(at.messageId);
    Page page;
    if (!q.exec()) {
        page.error = errorText(q);
        return page;
    }
    const qint64 chatId = q.next() ? q.value(0).toLongLong() : m_ids.chatId(at.chat, false);
    page = pageBefore(chatId, at.chat, at.messageId + 1, before + 1);
    if (!page.error.isEmpty() || page.messages.isEmpty())
        return page;
    QSqlQuery newer(database);
    sql::prepareMessageQuery(
        newer, QStringLiteral("WHERE m.chat_id = ? AND m.id > ? ORDER BY m.id LIMIT ?"));
    newer.addBindValue(chatId);
    newer.addBindValue(at.messageId);
    newer.addBindValue(after);
    if (!newer.exec()) {
        page.error = errorText(newer);
        return page;
    }
    while (newer.next())
        page.messages.append(sql::messageAt(newer, at.chat));
    return page;
}

QString HistoryReader::exportChat(const ChatKey& chat, ExportFormat format, const QString& path)
{
    const qint64 id = m_ids.chatId(chat, false);
    if (id < 0)
        return m_ids.lastError();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    HistoryExporter exporter(&file, format, chat);
    exporter.begin();
    if (id > 0) {
        QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
        sql::prepareMessageQuery(q, QStringLiteral("WHERE m.chat_id = ? ORDER BY m.id"));
        q.addBindValue(id);
        if (!q.exec())
            return errorText(q);
        // One row at a time: a long chat is never held in memory whole.
        while (q.next())
            exporter.add(sql::messageAt(q, chat));
    }
    exporter.end();
    if (!file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

QList<ChatInfo> HistoryReader::chats()
{
    QList<ChatInfo> list;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT n.name, n.host_id, c.name, c.folded,"
            " (SELECT count(*) FROM messages m WHERE m.chat_id = c.id),"
            " (SELECT max(id) FROM messages m WHERE m.chat_id = c.id)"
            " FROM chats c JOIN networks n ON n.id = c.network_id ORDER BY n.name, c.folded")))
        return list;
    while (q.next()) {
        ChatInfo info;
        info.chat = sql::chatKeyAt(q, 0);
        info.messages = q.value(4).toLongLong();
        info.lastId = q.value(5).toLongLong();
        if (info.messages > 0)
            list.append(info);
    }
    return list;
}

} // namespace history
