// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The rows of `networks` and `chats` behind a ChatKey, for the worker's parts: found once and
// then kept, and created by the writer when a chat's first line is stored. A chat is found by
// its network and the caller's folded name (ChatKey::folded); nothing is folded here, except
// that a chat stored by an older LanChat is still found under its old folding (HistoryFile).

#include "history/historytypes.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

namespace history {

class ChatIds
{
public:
    explicit ChatIds(QString connectionName);

    QSqlDatabase db() const;

    // The chat's row id; 0 when it is not stored (and `create` is false); -1 on error, with
    // lastError() saying why.
    qint64 chatId(const ChatKey& chat, bool create);
    QString lastError() const { return m_lastError; }

    // Forgets every id (the file was closed or its chats deleted).
    void clear();

private:
    qint64 networkId(const ChatKey& chat, bool create);
    qint64 findChat(qint64 network, const ChatKey& chat);
    qint64 createChat(qint64 network, const ChatKey& chat);

    QString m_connectionName;
    QHash<QString, qint64> m_networks; // by "h:" host id or "n:" network name
    QHash<QString, qint64> m_chats;    // by network id and folded name
    QString m_lastError;
};

} // namespace history
