// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Socket Inspector's feed: netcore's trace, turned into plain Qt values for the views.
//
// netcore publishes each socket call on the thread that made it, under the trace's lock. The
// feed's subscriber only converts the event and appends it to a bounded queue (never blocking
// on the GUI); the GUI thread takes what has arrived in batches, at most kMaxBatchesPerSecond
// times a second, and appends it to the history, itself a ring of `capacity` events.
//
//   any thread                          GUI thread (the feed's own)
//   Trace -> subscriber -> [incoming, <= capacity] --batch--> [history ring, <= capacity] -> views
//                        \-> netcore::SocketRegistry (every socket ever seen, never overwritten)
//
// What a full ring pushes out is counted (overwritten()), never silently lost. Payload bytes
// are capped per event (payloadCap); the bytes beyond the cap stay counted in `bytes`, and the
// record says it was cut. The payloads kept in all are capped too (payloadBudget): past it the
// oldest events in the history lose their bytes (the events stay, marked cut), and while paused
// new events arrive without them; counted in payloadsDropped().

#include "bridge/tracerecord.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <deque>
#include <memory>
#include <vector>

namespace netcore {
struct TraceEvent; // the feed's private side only: the views see TraceRecords
struct OsTcpTable;
} // namespace netcore

namespace bridge {

class TraceFeed : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultCapacity = 100000;
    static constexpr int kDefaultPayloadCap = 64 * 1024;
    static constexpr qint64 kDefaultPayloadBudget = 32 * 1024 * 1024;
    static constexpr int kMaxBatchesPerSecond = 30;

    explicit TraceFeed(QObject* parent = nullptr);
    ~TraceFeed() override;

    // Subscribes to netcore's trace (live). Off by default: a feed can also show a file.
    void setLive(bool on);
    bool isLive() const;

    int capacity() const { return m_capacity; }
    void setCapacity(int events); // at least 1; trims the history
    // The payload bytes kept per data call (default 64 KiB); a live feed asks netcore to capture
    // as many (see netcore::Trace::payloadCap). Bytes past the cap are marked cut.
    int payloadCap() const { return m_payloadCap.load(); }
    void setPayloadCap(int bytes);
    // The payload bytes kept in all, history and incoming (default 32 MiB).
    qint64 payloadBudget() const { return m_payloadBudget.load(); }
    void setPayloadBudget(qint64 bytes);
    qint64 payloadBytes() const;     // kept now
    quint64 payloadsDropped() const; // events whose bytes the budget took

    // Pausing stops delivery to the views; events still collect (bounded by the capacity: the
    // oldest beyond it are counted in overwritten()) and arrive in one batch on resume.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    // The history, oldest first (GUI thread).
    int size() const { return int(m_history.size()); }
    const TraceRecord& at(int index) const { return m_history[std::size_t(index)]; }
    // Events pushed out of a full ring (incoming or history) since the last clear().
    quint64 overwritten() const;
    quint64 delivered() const { return m_delivered; } // reached the history (GUI thread)
    quint64 received() const;                         // reached the feed (any thread)
    quint64 batches() const { return m_batches; }

    // Every socket seen since the last clear (GUI thread, as of the last delivery).
    QList<quint64> socketIds() const;
    const SocketInfo* socket(quint64 id) const;

    // What the OS says about the TCP sockets (netcore::readOsTcpTable, read on a pool thread,
    // never the GUI's): each one's state, also after close() (TIME_WAIT), and its queues. A
    // live feed reads it every osPollInterval() ms (default 1000; 0: never) while it knows a TCP
    // socket the OS may still list; refreshOsStates() reads it now. socketsChanged follows for
    // the sockets whose OS fields changed, then osStatesRead.
    int osPollInterval() const { return m_osPollMs; }
    void setOsPollInterval(int ms);
    void refreshOsStates();
    // Why the last read failed ("EACCES (13)"), or "" (GUI thread).
    QString osStatesError() const { return m_osError; }

    // Empties the history; clearClosed also forgets closed sockets.
    void clear();
    void clearClosed();

    // Adds one event as netcore would have (tests, and loading a file), delivered in the next
    // batch. Thread-safe.
    void inject(const TraceRecord& record);
    // Delivers what has arrived now, without waiting for the batch timer (GUI thread).
    void flush();

    // Replaces the history with a JSON Lines trace file (lanchat-cli --trace-file). Returns
    // false with *error set when the file cannot be read or a line is not an event.
    bool loadJsonLines(const QString& path, QString* error = nullptr);
    bool exportJsonLines(const QString& path, QString* error = nullptr) const;
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    static QStringList csvColumns();

    // When an event happened by the wall clock (the chat's timestamps): live events from the
    // trace's epoch; invalid for a file's (a recording says no wall time).
    QDateTime wallTime(const TraceRecord& record) const;
    // A time as the Inspector shows it: "HH:mm:ss.zzz" by the wall clock, or for a file's
    // events "+12.345 ms" since its trace began.
    QString timeText(qint64 timeNs) const;

    // One line per record, by netcore's formatTraceEvent (the same text as lanchat-cli --trace).
    static QString formatText(const TraceRecord& record);
    static QString toJsonLine(const TraceRecord& record);

signals:
    // Around changes of the history, for models over it.
    void aboutToDrop(int count); // the oldest `count` records are about to go
    void dropped();
    void aboutToAppend(int count);
    void appended();
    void aboutToReset();
    void reset();
    // After each batch: the records added (also in the history now), and the sockets changed.
    void batchDelivered(const QList<bridge::TraceRecord>& records);
    void socketsChanged(const QList<quint64>& ids);
    void osStatesRead();

private:
    struct Live;
    struct Registry;
    // Any thread (via Live, inject). The registry takes `event` when there is one (live, or a
    // file), else the record's own fields.
    void receive(TraceRecord record, const netcore::TraceEvent* event = nullptr);
    void scheduleDelivery();
    void deliver();
    void trimPayloads();                    // the history within the budget (GUI thread)
    void forgetPayloads(std::size_t count); // before the oldest `count` records go
    void replaceWith(const std::vector<netcore::TraceEvent>& events); // a file's (GUI thread)
    // The OS's table, read (GUI thread): into the registry, then delivered (tracefeed_os.cpp).
    void applyOsTable(const netcore::OsTcpTable& table);
    void pollOsStates(); // the poll timer: reads if a TCP socket may still be listed
    void startOsPoll();  // constructor
    void endOsPoll();    // destructor

    int m_capacity = kDefaultCapacity;
    std::atomic<int> m_payloadCap{kDefaultPayloadCap};
    std::atomic<qint64> m_payloadBudget{kDefaultPayloadBudget};
    bool m_paused = false;
    qint64 m_epochWallMs = 0; // the trace's epoch by the wall clock; 0: unknown (a file)

    mutable QMutex m_mutex; // guards the members down to m_scheduled
    std::deque<TraceRecord> m_incoming;
    std::unique_ptr<Registry> m_registry; // netcore::SocketRegistry and the ids it changed
    quint64 m_overwritten = 0;
    quint64 m_received = 0;
    quint64 m_payloadsDropped = 0;
    qint64 m_incomingPayload = 0;
    qint64 m_historyPayload = 0; // also read by payloadBytes() from any thread
    bool m_scheduled = false;

    std::deque<TraceRecord> m_history;
    QHash<quint64, SocketInfo> m_sockets; // the GUI thread's copy of the registry
    std::size_t m_stripFrom = 0;          // history records before this one have no payload left
    quint64 m_delivered = 0;
    quint64 m_batches = 0;
    QTimer m_timer;
    QElapsedTimer m_sinceBatch;
    std::unique_ptr<Live> m_live;
    // The OS's TCP table (tracefeed_os.cpp): the poll, one read at a time on a thread of its
    // own (the destructor waits for a read under way; its posted result then goes with the feed).
    QThreadPool m_osPool;
    QTimer m_osTimer;
    int m_osPollMs = 1000;
    bool m_osReading = false;
    QString m_osError;
};

} // namespace bridge
