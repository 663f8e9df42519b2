// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyworker.h"

#include "history/historyfile.h"

#include <QTimer>

#include <limits>

namespace history {

namespace {

constexpr int RetentionCheckMs = 60 * 60 * 1000;

Page offPage()
{
    Page page;
    page.error = QStringLiteral("history is off");
    return page;
}

} // namespace

HistoryWorker::HistoryWorker(std::shared_ptr<WriteQueue> queue, QString connectionName)
    : m_queue(std::move(queue))
    , m_connectionName(std::move(connectionName))
    , m_flushTimer(new QTimer(this))
    , m_retentionTimer(new QTimer(this))
    , m_ids(m_connectionName)
    , m_writer(m_connectionName, m_ids)
    , m_reader(m_connectionName, m_ids)
    , m_search(m_connectionName, m_ids)
    , m_writeQueued([this] { return flush(); })
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(FlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, [this] { flush(); });
    m_retentionTimer->setInterval(RetentionCheckMs);
    connect(m_retentionTimer, &QTimer::timeout, this, [this] { purgeNow(); });
}

HistoryWorker::~HistoryWorker()
{
    close();
}

QString HistoryWorker::open(const QString& path, qint64* maxId)
{
    close();
    QString error = HistoryFile::open(path, m_connectionName, maxId);
    if (error.isEmpty()) {
        error = m_writer.prepare();
        if (!error.isEmpty()) {
            error = QStringLiteral("%1: %2").arg(path, error);
            HistoryFile::close(m_connectionName);
        }
    }
    if (!error.isEmpty())
        return error;
    m_open = true;
    if (m_retentionDays > 0) {
        purgeNow();
        m_retentionTimer->start();
    }
    return {};
}

void HistoryWorker::close()
{
    if (m_open)
        flush();
    m_flushTimer->stop();
    m_retentionTimer->stop();
    m_writer.reset();
    m_ids.clear();
    if (m_open) {
        m_open = false;
        HistoryFile::close(m_connectionName);
    }
}

void HistoryWorker::fail(const QString& message)
{
    qWarning("history: %s", qPrintable(message));
    close();
    emit failed(message);
}

void HistoryWorker::rowsQueued()
{
    qsizetype queued = 0;
    {
        QMutexLocker lock(&m_queue->mutex);
        queued = m_queue->rows.size();
    }
    if (queued >= BatchRows)
        flush();
    else if (queued > 0 && !m_flushTimer->isActive())
        m_flushTimer->start();
}

bool HistoryWorker::flush()
{
    QList<WriteQueue::Row> rows;
    {
        QMutexLocker lock(&m_queue->mutex);
        rows.swap(m_queue->rows);
        m_queue->wakePending = false;
    }
    m_flushTimer->stop();
    if (rows.isEmpty() || !m_open)
        return m_open;

    // The writer's queries end before fail() closes the connection.
    const QString error = m_writer.write(rows);
    if (!error.isEmpty()) {
        fail(QStringLiteral("history cannot be written: ") + error);
        return false;
    }
    emit committed(rows.constLast().id);
    return true;
}

Page HistoryWorker::loadLast(const ChatKey& chat, int count)
{
    return loadBefore(chat, std::numeric_limits<qint64>::max(), count);
}

Page HistoryWorker::loadBefore(const ChatKey& chat, qint64 beforeId, int count)
{
    return flush() ? m_reader.loadBefore(chat, beforeId, count) : offPage();
}

Page HistoryWorker::loadAround(const Locator& at, int before, int after)
{
    return flush() ? m_reader.loadAround(at, before, after) : offPage();
}

SearchResults HistoryWorker::search(const QString& text, const std::optional<ChatKey>& scope,
                                    int limit)
{
    if (flush())
        return m_search.search(text, scope, limit);
    SearchResults off;
    off.error = QStringLiteral("history is off");
    return off;
}

QString HistoryWorker::exportChat(const ChatKey& chat, ExportFormat format, const QString& path)
{
    return flush() ? m_reader.exportChat(chat, format, path) : QStringLiteral("history is off");
}

QList<ChatInfo> HistoryWorker::chats()
{
    return flush() ? m_reader.chats() : QList<ChatInfo>{};
}

qint64 HistoryWorker::clearChat(const ChatKey& chat)
{
    return flush() ? m_writer.clearChat(chat, m_writeQueued) : -1;
}

qint64 HistoryWorker::clearAll()
{
    return flush() ? m_writer.clearAll() : -1;
}

qint64 HistoryWorker::purgeOlderThan(const QDateTime& cutoff)
{
    return flush() ? m_writer.purgeOlderThan(cutoff, m_writeQueued) : -1;
}

void HistoryWorker::purgeNow()
{
    if (m_open && m_retentionDays > 0)
        purgeOlderThan(QDateTime::currentDateTimeUtc().addDays(-m_retentionDays));
}

void HistoryWorker::setRetentionDays(int days)
{
    m_retentionDays = std::max(0, days);
    if (m_retentionDays == 0) {
        m_retentionTimer->stop();
        return;
    }
    purgeNow();
    if (m_open)
        m_retentionTimer->start();
}

} // namespace history
