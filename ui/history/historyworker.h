// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history store's worker: lives in the store's own thread and holds the one SQLite
// connection (Qt SQL connections belong to the thread that made them). Every method here runs
// in that thread; the store posts to it. Reads first write out the rows queued before them, so a
// read sees every line appended before it was asked for.

#include "history/historytypes.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <memory>
#include <optional>

class QTimer;

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
    QSqlDatabase db() const;
    void fail(const QString& message);
    QString writeRows(const QList<WriteQueue::Row>& rows);
    qint64 networkId(const ChatKey& chat, bool create);
    qint64 chatId(const ChatKey& chat, bool create);
    QList<StoredMessage> readRows(QSqlQuery& q, const ChatKey& chat);
    qint64 deleteWhere(const QString& condition, const QVariantList& values);
    void purgeNow();

    std::shared_ptr<WriteQueue> m_queue;
    QString m_connectionName;
    bool m_open = false;
    QTimer* m_flushTimer;
    QTimer* m_retentionTimer;
    int m_retentionDays = 0;
    std::unique_ptr<QSqlQuery> m_insert;
    std::unique_ptr<QSqlQuery> m_insertFts;
    QHash<QString, qint64> m_networks; // by networkCacheKey()
    QHash<QString, qint64> m_chats;    // by network id and folded name
    QString m_lastError;               // why networkId() or chatId() failed
};

// IRC's rfc1459 case mapping, as chat names are compared.
QString foldChatName(const QString& name);

} // namespace history
