// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The chat history (issue 7), for the window: lives in the GUI thread, and owns a worker thread
// that holds the SQLite connection and does all file work. Nothing here blocks the GUI thread
// except open() and close() (milliseconds; see docs/history.md).
//
// Commit before show: append() returns the line's id at once; the line is written in a batched
// transaction (every 20 ms or 500 lines) and committed(upTo) follows. The view shows a line only
// once committed(upTo >= its id) has arrived, so a line the user saw is on disk even if the
// program is killed the next moment.
//
// Reads return a QFuture that finishes in the worker thread; use
// `future.then(context, [](const Page& page) { ... })` to get the result in the GUI thread.
// A read sees every line appended before it was asked for.
//
// Every ChatKey given here carries its folded name, computed by the caller (see ChatKey); a key
// without one is refused (an assertion in a debug build, a logged refusal in a release build).

#include "history/historytypes.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QThread;

namespace history {

class HistoryWorker;
struct WriteQueue;

class HistoryStore : public QObject
{
    Q_OBJECT

public:
    explicit HistoryStore(QObject* parent = nullptr);
    ~HistoryStore() override;

    // Where a profile's history lives: <AppDataLocation>/history/<profile>.sqlite.
    static QString defaultPath(const QString& profile);

    // Opens (creating or upgrading) the history file; blocks until the worker has done so.
    // False with errorString() set when the file is unreadable or damaged, held by another
    // instance or from a newer version: history is then off for this run and the file is left
    // exactly as it was. Opening again after an error is allowed (the user may fix it).
    bool open(const QString& path);
    // Writes what is queued and closes the file (also done by the destructor).
    void close();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

    // Queues a line; returns its id (> 0), or 0 when history is off or the chat is invalid or
    // refused (no folded name), in which case nothing will be committed for it and the view may
    // show it at once.
    qint64 append(const Record& record);
    // The largest id known committed.
    qint64 lastCommitted() const { return m_lastCommitted; }
    // The id the next append() will return: loadBefore(chat, nextId(), n) reads what was
    // appended up to now and nothing appended after, however the writer's batches fall.
    qint64 nextId() const { return m_nextId; }

    // The last `count` lines of a chat, oldest first, marked as history.
    QFuture<Page> loadLast(const ChatKey& chat, int count);
    // The `count` lines before the line `beforeId` (scrolling up).
    QFuture<Page> loadBefore(const ChatKey& chat, qint64 beforeId, int count);
    // The line a search hit names, with `before` lines before it and `after` after it.
    QFuture<Page> loadAround(const Locator& at, int before, int after);
    // Full-text search for all the words in `text` ("word*" for a prefix) in all history or
    // one chat; newest first, at most `limit` hits.
    QFuture<SearchResults> search(const QString& text, const std::optional<ChatKey>& scope = {},
                                  int limit = 100);
    // Writes the whole chat to `filePath` (atomically); "" on success, else why not.
    QFuture<QString> exportChat(const ChatKey& chat, ExportFormat format, const QString& filePath);
    // The chats with stored lines.
    QFuture<QList<ChatInfo>> chats();
    // Deletes lines; the number deleted, -1 on error.
    QFuture<qint64> clearChat(const ChatKey& chat);
    QFuture<qint64> clearAll();
    // Keeps lines for `days` days (0: forever): deletes older ones now and hourly.
    void setRetentionDays(int days);
    int retentionDays() const { return m_retentionDays; }

signals:
    // Every line with an id up to `upTo` is committed: show the pending ones.
    void committed(qint64 upTo);
    // Writing failed (disk full, file damaged while running): history is now off. Lines still
    // waiting for their commit will not get one; show them.
    void errorOccurred(const QString& message);

private:
    template <typename T, typename Work> QFuture<T> run(T offValue, Work work);
    void handleFailed(const QString& message);

    std::shared_ptr<WriteQueue> m_queue;
    QThread* m_thread = nullptr;
    HistoryWorker* m_worker = nullptr;
    bool m_open = false;
    QString m_path;
    QString m_error;
    qint64 m_nextId = 1;
    qint64 m_lastCommitted = 0;
    int m_retentionDays = 0;
};

} // namespace history
