// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historychatids.h"

#include "history/historyfile.h"
#include "history/historysql.h"

#include <QSqlQuery>

namespace history {

using sql::errorText;
using sql::nonNull;

namespace {

QString networkCacheKey(const ChatKey& chat)
{
    return chat.hostId.isEmpty() ? QStringLiteral("n:") + chat.network
                                 : QStringLiteral("h:") + chat.hostId;
}

QString chatCacheKey(qint64 network, const QString& folded)
{
    return QString::number(network) + u'/' + folded;
}

} // namespace

ChatIds::ChatIds(QString connectionName)
    : m_connectionName(std::move(connectionName))
{}

QSqlDatabase ChatIds::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

void ChatIds::clear()
{
    m_networks.clear();
    m_chats.clear();
}

qint64 ChatIds::networkId(const ChatKey& chat, bool create)
{
    const QString key = networkCacheKey(chat);
    if (const auto it = m_networks.constFind(key); it != m_networks.constEnd())
        return *it;
    QSqlQuery q(db());
    if (chat.hostId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT id FROM networks WHERE host_id = '' AND name = ?"));
        q.addBindValue(nonNull(chat.network));
    } else {
        q.prepare(QStringLiteral("SELECT id, name FROM networks WHERE host_id = ?"));
        q.addBindValue(chat.hostId);
    }
    if (!q.exec()) {
        m_lastError = errorText(q);
        return -1;
    }
    if (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        // A LanChat host that was renamed keeps its history under its new name.
        if (create && !chat.hostId.isEmpty() && !chat.network.isEmpty() &&
            q.value(1).toString() != chat.network) {
            QSqlQuery rename(db());
            rename.prepare(QStringLiteral("UPDATE networks SET name = ? WHERE id = ?"));
            rename.addBindValue(chat.network);
            rename.addBindValue(id);
            rename.exec();
        }
        m_networks.insert(key, id);
        return id;
    }
    if (!create)
        return 0;
    q.prepare(QStringLiteral("INSERT INTO networks (host_id, name) VALUES (?, ?)"));
    q.addBindValue(nonNull(chat.hostId));
    q.addBindValue(nonNull(chat.network));
    if (!q.exec()) {
        m_lastError = errorText(q);
        return -1;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    m_networks.insert(key, id);
    return id;
}

qint64 ChatIds::chatId(const ChatKey& chat, bool create)
{
    const qint64 network = networkId(chat, create);
    if (network <= 0)
        return network;
    const QString key = chatCacheKey(network, chat.folded);
    if (const auto it = m_chats.constFind(key); it != m_chats.constEnd())
        return *it;
    qint64 id = findChat(network, chat);
    if (id == 0) {
        id = HistoryFile::adoptLegacyChat(db(), network, chat, &m_lastError);
        // The old folded name no longer names that chat (a search hit may have asked by it).
        if (id > 0)
            m_chats.remove(chatCacheKey(network, HistoryFile::legacyFoldChatName(chat.chat)));
    }
    if (id == 0 && create)
        id = createChat(network, chat);
    if (id > 0)
        m_chats.insert(key, id);
    return id;
}

qint64 ChatIds::findChat(qint64 network, const ChatKey& chat)
{
    // Chats an older LanChat stored are found only through their old folding (HistoryFile),
    // which moves them to the new folded name.
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT id FROM chats WHERE network_id = ? AND folded = ?"
                             " AND legacy_folded = 0"));
    q.addBindValue(network);
    q.addBindValue(chat.folded);
    if (!q.exec()) {
        m_lastError = errorText(q);
        return -1;
    }
    return q.next() ? q.value(0).toLongLong() : 0;
}

qint64 ChatIds::createChat(qint64 network, const ChatKey& chat)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "INSERT INTO chats (network_id, name, folded, private) VALUES (?, ?, ?, ?)"));
    q.addBindValue(network);
    q.addBindValue(chat.chat);
    q.addBindValue(chat.folded);
    q.addBindValue(chat.isRoom() ? 0 : 1);
    if (!q.exec()) {
        m_lastError = errorText(q);
        return -1;
    }
    return q.lastInsertId().toLongLong();
}

} // namespace history
