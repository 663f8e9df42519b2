// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historysql.h"

#include <QSqlError>

namespace history::sql {

namespace {

// The message columns in the order messageAt() reads them, then the chat's (chatKeyAt()).
constexpr int MessageColumnCount = 8;
const QString MessageColumns =
    QStringLiteral("m.id, m.time, m.server_time, m.msgid, m.sender, m.kind, m.text, m.self");
const QString ChatColumns = QStringLiteral(", n.name, n.host_id, c.name, c.folded"
                                           " FROM messages m JOIN chats c ON c.id = m.chat_id"
                                           " JOIN networks n ON n.id = c.network_id ");

} // namespace

QDateTime fromMs(const QVariant& value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QVariant toMs(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch())
                          : QVariant(QMetaType::fromType<qint64>());
}

QString nonNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QString errorText(const QSqlQuery& q)
{
    return q.lastError().text();
}

bool prepareMessageQuery(QSqlQuery& q, const QString& tail, WithChat withChat)
{
    q.setForwardOnly(true);
    const QString from =
        withChat == WithChat::Yes ? ChatColumns : QStringLiteral(" FROM messages m ");
    return q.prepare(QStringLiteral("SELECT ") + MessageColumns + from + tail);
}

StoredMessage messageAt(const QSqlQuery& q, const ChatKey& chat)
{
    StoredMessage m;
    m.id = q.value(0).toLongLong();
    Record& r = m.record;
    r.chat = chat;
    r.time = fromMs(q.value(1));
    r.serverTime = fromMs(q.value(2));
    r.msgId = q.value(3).toString();
    r.sender = q.value(4).toString();
    r.kind = kindFromName(q.value(5).toString()).value_or(Kind::System);
    r.text = q.value(6).toString();
    r.self = q.value(7).toInt() != 0;
    return m;
}

ChatKey chatAt(const QSqlQuery& q)
{
    return chatKeyAt(q, MessageColumnCount);
}

ChatKey chatKeyAt(const QSqlQuery& q, int first)
{
    return {q.value(first).toString(), q.value(first + 1).toString(), q.value(first + 2).toString(),
            q.value(first + 3).toString()};
}

} // namespace history::sql
