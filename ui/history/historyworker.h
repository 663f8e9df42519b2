// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history store's worker: lives in the store's own thread and holds the one SQLite
// connection (Qt SQL connections belong to the thread that made them). Every method here runs
// in that thread; the store posts to it. It decides when: a batch is written when its first line
// has waited FlushIntervalMs or it holds BatchRows, reads first write out the lines queued before
// them (so a read sees every line appended before it was asked for), and retention runs at open
// and hourly. The work itself is done by its parts, one job a file:
//
//   HistoryFile    opening, validating and migrating the file (historyfile.cpp)
//   ChatIds        the rows behind a ChatKey (historychatids.cpp)
//   HistoryWriter  batches of lines, deletes and retention (historywriter.cpp)
//   HistoryReader  pages, the lines around a hit, export, the list of chats (historyreader.cpp)
//   HistorySearch  full-text search (historysearch.cpp)

#include "history/historychatids.h"
#include "history/historyreader.h"
#include "history/historysearch.h"
#include "history/historytypes.h"
#include "history/historywriter.h"

#include <QList>
#include <QObject>

#include <memory>
#include <optional>

class QTimer;

namespace history {

class HistoryWorker : public QObject
{
    Q_OBJECT

public:
    // A batch is written when its first row has waited FlushInterval or it holds BatchRows.
    static constexpr int FlushIntervalMs = 20;
    static constexpr int BatchRows = 500;

    HistoryWorker(std::shared_ptr<WriteQueue> queue, QString connectionName);
    ~HistoryWorker() override;

    // "" on success, with the largest stored id in `maxId`; otherwise why the file is not used.
    // The file is only read until it is known to be a LanChat history file of a version this
    // build understands; nothing is ever deleted or renamed.
    QString open(const QString& path, qint64* maxId);
    void close();
    bool isOpen() const { return m_open; }

    void rowsQueued();
    // Writes the queued lines; false when history is off (or just turned off by a failure).
    bool flush();

    Page loadLast(const ChatKey& chat, int count);
    Page loadBefore(const ChatKey& chat, qint64 beforeId, int count);
    Page loadAround(const Locator& at, int before, int after);
    SearchResults search(const QString& text, const std::optional<ChatKey>& scope, int limit);
    QString exportChat(const ChatKey& chat, ExportFormat format, const QString& path);
    QList<ChatInfo> chats();
    qint64 clearChat(const ChatKey& chat);
    qint64 clearAll();
    qint64 purgeOlderThan(const QDateTime& cutoff);
    void setRetentionDays(int days);

signals:
    // Every row up to this id is committed to the file.
    void committed(qint64 upTo);
    // A write failed: the connection is closed and history is off.
    void failed(const QString& message);

private:
    void fail(const QString& message);
    void purgeNow();

    std::shared_ptr<WriteQueue> m_queue;
    QString m_connectionName;
    bool m_open = false;
    QTimer* m_flushTimer;
    QTimer* m_retentionTimer;
    int m_retentionDays = 0;
    ChatIds m_ids;
    HistoryWriter m_writer;
    HistoryReader m_reader;
    HistorySearch m_search;
    HistoryWriter::WriteQueued m_writeQueued;
};

} // namespace history
