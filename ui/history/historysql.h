// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the worker's parts share about the file's rows: how times and texts are stored, and the
// one query and the one mapping for message rows (paging, export and search all read messages
// through these, so a column added to `messages` is added here once).

#include "history/historytypes.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace history::sql {

// Times are stored as ms since the epoch (UTC); NULL for none.
QDateTime fromMs(const QVariant& value);
QVariant toMs(const QDateTime& time);
// Qt binds a null QString as SQL NULL; the text columns are NOT NULL.
QString nonNull(const QString& text);
QString errorText(const QSqlQuery& q);

// Whether a message query also gives the key of the line's chat.
enum class WithChat
{
    No,
    Yes,
};

// Prepares "SELECT <a message's columns> FROM messages m <tail>" on `q`; with WithChat::Yes the
// chat's columns follow (chats c and networks n joined), so `tail` starts with WHERE or ORDER.
// The caller binds the tail's values and runs it; messageAt() and chatAt() read its rows.
bool prepareMessageQuery(QSqlQuery& q, const QString& tail, WithChat withChat = WithChat::No);

// The current row of a message query as a stored line of `chat`.
StoredMessage messageAt(const QSqlQuery& q, const ChatKey& chat);
// The current row's chat, for a query prepared WithChat::Yes.
ChatKey chatAt(const QSqlQuery& q);
// A chat's key from the columns "n.name, n.host_id, c.name, c.folded" starting at `first`.
ChatKey chatKeyAt(const QSqlQuery& q, int first);

} // namespace history::sql
