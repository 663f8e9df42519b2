// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Full-text search over the history, in the worker thread: the user's words as an FTS5 query
// (never read as FTS5 syntax), newest hits first, each with its chat, its line and a snippet with
// the matched words marked. The worker writes the queued lines before it asks.

#include "history/historychatids.h"
#include "history/historytypes.h"

#include <QString>

#include <optional>

namespace history {

class HistorySearch
{
public:
    HistorySearch(QString connectionName, ChatIds& ids);

    SearchResults search(const QString& text, const std::optional<ChatKey>& scope, int limit);

private:
    QString m_connectionName;
    ChatIds& m_ids;
};

} // namespace history
