// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history's reads by chat, in the worker thread: pages of a chat for scrolling up, the lines
// around a search hit, a whole chat for export, and the list of stored chats. The worker writes
// the queued lines before it asks.

#include "history/historychatids.h"
#include "history/historytypes.h"

#include <QList>
#include <QString>

namespace history {

class HistoryReader
{
public:
    HistoryReader(QString connectionName, ChatIds& ids);

    Page loadBefore(const ChatKey& chat, qint64 beforeId, int count);
    Page loadAround(const Locator& at, int before, int after);
    QString exportChat(const ChatKey& chat, ExportFormat format, const QString& path);
    QList<ChatInfo> chats();

private:
    // A page of the chat with row id `chatId` (0: not stored; -1: its lookup failed).
    Page pageBefore(qint64 chatId, const ChatKey& chat, qint64 beforeId, int count);

    QString m_connectionName;
    ChatIds& m_ids;
};

} // namespace history
