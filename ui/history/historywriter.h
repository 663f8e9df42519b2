// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history's writes, in the worker thread: a batch of queued lines in one transaction (with
// the full-text index kept in step), and deleting lines (one chat, all, or older than the
// retention allows) in chunks with the queued lines written in between.

#include "history/historychatids.h"
#include "history/historytypes.h"

#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>

namespace history {

// Rows handed from the GUI thread to the worker. The store appends under the mutex and posts a
// wake-up only when none is pending, so a flood costs one queued call per batch, not per line.
struct WriteQueue
{
    struct Row
    {
        qint64 id = 0;
        Record record;
    };
    QMutex mutex;
    QList<Row> rows;
    bool wakePending = false;
};

class HistoryWriter
{
public:
    // Writes the queued lines; false when history is off or the write failed. A long delete
    // calls it between its chunks.
    using WriteQueued = std::function<bool()>;

    HistoryWriter(QString connectionName, ChatIds& ids);

    // Prepares the inserts on the open connection; "" or why not.
    QString prepare();
    // Drops the prepared queries (before the connection closes).
    void reset();

    // Writes `rows` in one transaction; "" or why not (the transaction is rolled back).
    QString write(const QList<WriteQueue::Row>& rows);

    // The number of lines deleted, -1 on error.
    qint64 clearChat(const ChatKey& chat, const WriteQueued& writeQueued);
    qint64 clearAll();
    qint64 purgeOlderThan(const QDateTime& cutoff, const WriteQueued& writeQueued);

private:
    qint64 deleteWhere(const QString& condition, const QVariantList& values,
                       const WriteQueued& writeQueued);

    QString m_connectionName;
    ChatIds& m_ids;
    std::unique_ptr<QSqlQuery> m_insert;
    std::unique_ptr<QSqlQuery> m_insertFts;
};

} // namespace history
