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
//                        \-> socket registry (every socket ever seen, never overwritten)
//
// What a full ring pushes out is counted (overwritten()), never silently lost. Payload bytes
// are capped per event (payloadCap); the bytes beyond the cap stay counted in `bytes`, and the
// record says it was cut. The payloads kept in all are capped too (payloadBudget): past it the
// oldest events in the history lose their bytes (the events stay, marked cut), and while paused
// new events arrive without them; counted in payloadsDropped().

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QTimer>

#include <QElapsedTimer>
#include <QHash>
#include <array>
#include <atomic>
#include <deque>
#include <iterator>
#include <memory>
#include <span>

namespace bridge {

// The calls of netcore's trace (same order as netcore::Call).
enum class TraceCall : quint8
{
    WSAStartup,
    WSACleanup,
    Getaddrinfo,
    Socket,
    Setsockopt,
    Getsockopt,
    SetNonBlocking,
    Ioctl,
    Bind,
    Listen,
    Accept,
    Connect,
    Getsockname,
    Send,
    Recv,
    Sendto,
    Recvfrom,
    Shutdown,
    Close,
    Select,
    WSAAsyncSelect,
    AsyncMessage,
    Epoll,
    EpollCtl,
};

// One trace event, in Qt values. The history holds up to 100,000 of these (and the Loop view
// only points at them), so a record is kept small: the names come from a shared table (a copy
// is a reference), and a select()'s six sets are packed into one list.
struct TraceRecord
{
    quint64 seq = 0;
    qint64 timeNs = 0;
    quint64 thread = 0;
    quint64 socket = 0;
    qint64 result = 0;
    quint64 bytes = 0; // bytes moved by a data call
    int error = 0;
    unsigned asyncEvents = 0; // FD_* bits
    TraceCall call = TraceCall::Socket;
    bool windows = false; // recorded on Windows
    bool cut = false;     // fewer bytes captured than moved (netcore's dataCut)
    QString protocol;     // "TCP", "UDP" or ""
    QString callName;     // as on the recording platform: "close", "closesocket"
    QString args;
    QString errorName; // "EAGAIN"
    QByteArray data;   // the first bytes captured (at most the cap)
    // select: the read, write and except sets passed in and returned; epoll_wait: the sockets
    // returned. Packed: the six sizes, then the ids of each set in turn; empty if all are.
    QList<quint64> sets;

    // Set `which` (0 read, 1 write, 2 except) as passed in, and as returned.
    std::span<const quint64> setIn(int which) const { return setAt(which); }
    std::span<const quint64> setOut(int which) const { return setAt(3 + which); }
    // Stores the sets; `in` and `out` are three ranges of ids each (QList, std::vector).
    template <typename Sets> void setSets(const Sets& in, const Sets& out);
    void setSets(const std::array<QList<quint64>, 3>& in, const std::array<QList<quint64>, 3>& out)
    {
        setSets<std::array<QList<quint64>, 3>>(in, out);
    }

    // The WinSock counterpart of a POSIX call ("closesocket" for "close"), "" if the same.
    QString winsockCall() const;
    // The WinSock name of a POSIX error ("WSAEWOULDBLOCK" for EAGAIN), "" otherwise.
    QString winsockError() const;
    bool isDataCall() const;
    // A failure worth attention: an error other than "not yet" (would-block, in progress).
    bool isHardError() const;
    // True if fewer bytes were captured than moved (the capture cap, here or in netcore).
    bool isCut() const { return cut || bytes > quint64(data.size()); }
    // "EAGAIN (11)"; "" without an error.
    QString errorLabel() const;

private:
    std::span<const quint64> setAt(int index) const;
};

template <typename Sets> void TraceRecord::setSets(const Sets& in, const Sets& out)
{
    sets.clear();
    std::size_t ids = 0;
    for (int i = 0; i < 3; ++i)
        ids += std::size(in[i]) + std::size(out[i]);
    if (ids == 0)
        return;
    sets.reserve(qsizetype(6 + ids));
    for (const Sets* group : {&in, &out}) {
        for (const auto& set : *group)
            sets.append(quint64(std::size(set)));
    }
    for (const Sets* group : {&in, &out}) {
        for (const auto& set : *group) {
            for (const auto id : set)
                sets.append(quint64(id));
        }
    }
}

// One-line plain explanations of socket errors, by name ("EAGAIN", "WSAECONNREFUSED").
QString errorExplanation(const QString& errorName, TraceCall call);
// "FD_READ|FD_CLOSE"
QString asyncEventText(unsigned bits);

enum class SocketRole : quint8
{
    Unknown,
    Listener,
    Accepted,
    Outgoing,
    PresenceListener, // UDP, presence datagrams ("LNCH") or SO_BROADCAST, bound to a fixed port
    PresenceSender,   // the same, bound to port 0 (the system's choice)
    Udp,              // any other UDP socket
};
QString socketRoleName(SocketRole role);

// What the feed knows about one socket.
struct SocketInfo
{
    quint64 id = 0;
    QString protocol;
    SocketRole role = SocketRole::Unknown;
    QString local;
    QString remote;
    QString state = QStringLiteral("created");
    QString lastError; // "ECONNRESET (104)"
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    quint64 callsIn = 0;
    quint64 callsOut = 0;
    qint64 openedNs = 0;
    qint64 closedNs = 0;
    qint64 lastNs = 0;
    bool closed = false;
    quint64 listener = 0;   // accepted sockets: the listener that accepted them
    bool broadcast = false; // UDP: SO_BROADCAST set
    bool presence = false;  // UDP: a presence datagram ("LNCH") went through it
    quint16 boundPort = 0;  // UDP: the port asked for in bind()
};

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

private:
    struct Live;
    void receive(TraceRecord record); // any thread, via Live
    void scheduleDelivery();
    void deliver();
    void updateRegistry(const TraceRecord& r); // under m_mutex
    void trimPayloads();                       // the history within the budget (GUI thread)
    void forgetPayloads(std::size_t count);    // before the oldest `count` records go

    int m_capacity = kDefaultCapacity;
    std::atomic<int> m_payloadCap{kDefaultPayloadCap};
    std::atomic<qint64> m_payloadBudget{kDefaultPayloadBudget};
    bool m_paused = false;

    mutable QMutex m_mutex; // guards the members down to m_scheduled
    std::deque<TraceRecord> m_incoming;
    QHash<quint64, SocketInfo> m_registry;
    QList<quint64> m_dirty;
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
};

} // namespace bridge

Q_DECLARE_METATYPE(bridge::TraceRecord)
