// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Stalls a HistoryStore's writer for real: its worker thread (the QThread named "history")
// is given a job that blocks until release(), so the lines appended meanwhile stay queued and
// no commit comes, as when the disk under the file stops answering. Released, the writer
// catches up with everything queued.
//
// Why not a lock taken by another SQLite connection: the store holds its file in exclusive
// locking mode from open() on, so no other connection can take a lock at all; and it opens
// with a busy timeout of 0, so contention would be an error that turns history off, not a
// stall.

#include "history/historystore.h"

#include <QObject>
#include <QSemaphore>
#include <QThread>

#include <memory>

namespace uitest {

class HistoryStall
{
public:
    // Blocks the writer; started() says whether it is now blocked (within `timeoutMs`).
    explicit HistoryStall(history::HistoryStore* store, int timeoutMs = 10000)
    {
        auto* thread = store->findChild<QThread*>(QStringLiteral("history"));
        if (!thread || !thread->isRunning())
            return;
        m_blocker = new QObject;
        m_blocker->moveToThread(thread);
        QMetaObject::invokeMethod(
            m_blocker,
            [entered = m_entered, gate = m_gate] {
                entered->release();
                gate->acquire();
            },
            Qt::QueuedConnection);
        m_started = m_entered->tryAcquire(1, timeoutMs);
    }
    ~HistoryStall() { release(); }
    HistoryStall(const HistoryStall&) = delete;
    HistoryStall& operator=(const HistoryStall&) = delete;

    bool started() const { return m_started; }
    void release()
    {
        if (!m_blocker)
            return;
        m_gate->release();
        m_blocker->deleteLater(); // in the writer's thread, once it runs events again
        m_blocker = nullptr;
    }

private:
    std::shared_ptr<QSemaphore> m_entered = std::make_shared<QSemaphore>();
    std::shared_ptr<QSemaphore> m_gate = std::make_shared<QSemaphore>();
    QObject* m_blocker = nullptr;
    bool m_started = false;
};

} // namespace uitest
