// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historystore.h"

#include "history/historyworker.h"

#include <QAtomicInteger>
#include <QDir>
#include <QPromise>
#include <QStandardPaths>
#include <QThread>

namespace history {

namespace {

QAtomicInteger<quint64> connectionCounter;

const QString OffError = QStringLiteral("history is off");
const QString UnfoldedError =
    QStringLiteral("the chat key has no folded name (a programming error: see ChatKey)");

// A key with a chat name but no folded name is the caller's bug (ChatKey says who folds): it
// stops a debug build here, at the call, and a release build refuses the call with the reason
// in the log rather than store or look up lines under a name folded some other way.
bool refusedUnfolded(const ChatKey& chat, const char* call)
{
    if (chat.chat.isEmpty() || !chat.folded.isEmpty())
        return false;
    qWarning("history: %s(\"%s\") refused: %s", call, qPrintable(chat.chat),
             qPrintable(UnfoldedError));
    Q_ASSERT_X(false, call, "history::ChatKey without a folded name");
    return true;
}

Page errorPage(const QString& error)
{
    Page page;
    page.error = error;
    return page;
}

template <typename T> QFuture<T> refusal(T value)
{
    return QtFuture::makeReadyFuture(std::move(value));
}

} // namespace

HistoryStore::HistoryStore(QObject* parent)
    : QObject(parent)
    , m_queue(std::make_shared<WriteQueue>())
{}

HistoryStore::~HistoryStore()
{
    close();
}

QString HistoryStore::defaultPath(const QString& profile)
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return base + QStringLiteral("/history/") +
           (profile.isEmpty() ? QStringLiteral("default") : profile) + QStringLiteral(".sqlite");
}

bool HistoryStore::open(const QString& path)
{
    close();
    m_path = path;
    m_error.clear();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("history"));
    m_worker =
        new HistoryWorker(m_queue, QStringLiteral("lanchat-history-%1").arg(++connectionCounter));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &HistoryWorker::committed, this, [this](qint64 upTo) {
        m_lastCommitted = std::max(m_lastCommitted, upTo);
        emit committed(upTo);
    });
    connect(m_worker, &HistoryWorker::failed, this, &HistoryStore::handleFailed);
    m_thread->start();

    QString error;
    qint64 maxId = 0;
    const int days = m_retentionDays;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, path, days, &error, &maxId] {
            worker->setRetentionDays(days);
            error = worker->open(path, &maxId);
        },
        Qt::BlockingQueuedConnection);
    if (!error.isEmpty()) {
        close();
        m_error = QStringLiteral("History is off for this run: ") + error +
                  QStringLiteral(". The file was left as it is.");
        return false;
    }
    m_open = true;
    m_nextId = maxId + 1;
    m_lastCommitted = maxId;
    return true;
}

void HistoryStore::close()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread; // the worker went with the thread's finished()
    m_thread = nullptr;
    m_worker = nullptr;
    m_open = false;
    QMutexLocker lock(&m_queue->mutex);
    m_queue->rows.clear();
    m_queue->wakePending = false;
}

void HistoryStore::handleFailed(const QString& message)
{
    m_open = false;
    m_error = QStringLiteral("History is off: ") + message;
    emit errorOccurred(m_error);
}

qint64 HistoryStore::append(const Record& record)
{
    if (!m_open || !record.chat.isValid() || refusedUnfolded(record.chat, "append"))
        return 0;
    const qint64 id = m_nextId++;
    bool wake = false;
    {
        QMutexLocker lock(&m_queue->mutex);
        m_queue->rows.append({id, record});
        if (m_queue->rows.constLast().record.time.isNull())
            m_queue->rows.last().record.time = QDateTime::currentDateTimeUtc();
        wake = !m_queue->wakePending || m_queue->rows.size() % HistoryWorker::BatchRows == 0;
        m_queue->wakePending = true;
    }
    if (wake)
        QMetaObject::invokeMethod(m_worker, &HistoryWorker::rowsQueued, Qt::QueuedConnection);
    return id;
}

template <typename T, typename Work> QFuture<T> HistoryStore::run(T offValue, Work work)
{
    if (!m_open)
        return QtFuture::makeReadyFuture(std::move(offValue));
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_worker,
        [promise, worker = m_worker, work = std::move(work)] {
            promise->addResult(work(worker));
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}

QFuture<Page> HistoryStore::loadLast(const ChatKey& chat, int count)
{
    if (refusedUnfolded(chat, "loadLast"))
        return refusal(errorPage(UnfoldedError));
    return run(errorPage(OffError),
               [chat, count](HistoryWorker* w) { return w->loadLast(chat, count); });
}

QFuture<Page> HistoryStore::loadBefore(const ChatKey& chat, qint64 beforeId, int count)
{
    if (refusedUnfolded(chat, "loadBefore"))
        return refusal(errorPage(UnfoldedError));
    return run(errorPage(OffError), [chat, beforeId, count](HistoryWorker* w) {
        return w->loadBefore(chat, beforeId, count);
    });
}

QFuture<Page> HistoryStore::loadAround(const Locator& at, int before, int after)
{
    if (refusedUnfolded(at.chat, "loadAround"))
        return refusal(errorPage(UnfoldedError));
    return run(errorPage(OffError),
               [at, before, after](HistoryWorker* w) { return w->loadAround(at, before, after); });
}

QFuture<SearchResults> HistoryStore::search(const QString& text,
                                            const std::optional<ChatKey>& scope, int limit)
{
    SearchResults refused;
    if (scope && refusedUnfolded(*scope, "search")) {
        refused.error = UnfoldedError;
        return refusal(refused);
    }
    refused.error = OffError;
    return run(refused,
               [text, scope, limit](HistoryWorker* w) { return w->search(text, scope, limit); });
}

QFuture<QString> HistoryStore::exportChat(const ChatKey& chat, ExportFormat format,
                                          const QString& filePath)
{
    if (refusedUnfolded(chat, "exportChat"))
        return refusal(UnfoldedError);
    return run(OffError, [chat, format, filePath](HistoryWorker* w) {
        return w->exportChat(chat, format, filePath);
    });
}

QFuture<QList<ChatInfo>> HistoryStore::chats()
{
    return run(QList<ChatInfo>{}, [](HistoryWorker* w) { return w->chats(); });
}

QFuture<qint64> HistoryStore::clearChat(const ChatKey& chat)
{
    if (refusedUnfolded(chat, "clearChat"))
        return refusal(qint64(-1));
    return run(qint64(-1), [chat](HistoryWorker* w) { return w->clearChat(chat); });
}

QFuture<qint64> HistoryStore::clearAll()
{
    return run(qint64(-1), [](HistoryWorker* w) { return w->clearAll(); });
}

void HistoryStore::setRetentionDays(int days)
{
    m_retentionDays = std::max(0, days);
    if (m_open)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, d = m_retentionDays] { worker->setRetentionDays(d); },
            Qt::QueuedConnection);
}

} // namespace history
