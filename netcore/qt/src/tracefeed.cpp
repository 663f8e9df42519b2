// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/tracefeed.h"

#include "traceconvert.h"

#include "netcore/socket_registry.h"
#include "netcore/trace.h"

#include <QMutexLocker>

#include <algorithm>
#include <optional>
#include <vector>

namespace bridge {

// netcore's socket registry, fed under the feed's mutex from whichever thread made the call, and
// the ids it changed since the last batch.
struct TraceFeed::Registry
{
    netcore::SocketRegistry sockets;
    std::vector<netcore::SocketId> changed;
};

// The subscription, apart so that it ends before the feed's members go.
struct TraceFeed::Live
{
    explicit Live(TraceFeed* feed)
        : subscription(
              [feed](const netcore::TraceEvent& e) {
                  feed->receive(fromEvent(e, feed->m_payloadCap.load()), &e);
              },
              std::size_t(feed->m_payloadCap.load()))
    {}
    netcore::TraceSubscription subscription;
};

TraceFeed::TraceFeed(QObject* parent)
    : QObject(parent)
    , m_registry(std::make_unique<Registry>())
{
    qRegisterMetaType<bridge::TraceRecord>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TraceFeed::deliver);
    m_sinceBatch.start();
    // Where the trace's steady clock started, by the wall clock: now, less the time since.
    m_epochWallMs = QDateTime::currentMSecsSinceEpoch() - netcore::Trace::nowNs() / 1'000'000;
    startOsPoll();
}

QDateTime TraceFeed::wallTime(const TraceRecord& record) const
{
    if (m_epochWallMs == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(m_epochWallMs + record.timeNs / 1'000'000);
}

QString TraceFeed::timeText(qint64 timeNs) const
{
    if (m_epochWallMs == 0)
        return QStringLiteral("+") + QString::number(double(timeNs) / 1e6, 'f', 3) +
               QStringLiteral(" ms");
    return QDateTime::fromMSecsSinceEpoch(m_epochWallMs + timeNs / 1'000'000)
        .toString(QStringLiteral("HH:mm:ss.zzz"));
}

TraceFeed::~TraceFeed()
{
    endOsPoll();
    m_live.reset();
}

void TraceFeed::setLive(bool on)
{
    if (on && !m_live) {
        m_live = std::make_unique<Live>(this);
        m_epochWallMs = QDateTime::currentMSecsSinceEpoch() - netcore::Trace::nowNs() / 1'000'000;
    } else if (!on)
        m_live.reset();
}

bool TraceFeed::isLive() const
{
    return m_live != nullptr;
}

void TraceFeed::setCapacity(int events)
{
    events = std::max(1, events);
    QMutexLocker lock(&m_mutex);
    m_capacity = events;
    lock.unlock();
    const int excess = size() - events;
    if (excess > 0) {
        emit aboutToDrop(excess);
        forgetPayloads(std::size_t(excess));
        m_history.erase(m_history.begin(), m_history.begin() + excess);
        emit dropped();
        QMutexLocker again(&m_mutex);
        m_overwritten += quint64(excess);
    }
}

void TraceFeed::setPayloadCap(int bytes)
{
    m_payloadCap = std::max(0, bytes);
    if (m_live)
        netcore::Trace::setSubscriberPayloadCap(m_live->subscription.token(),
                                                std::size_t(m_payloadCap.load()));
}

void TraceFeed::setPayloadBudget(qint64 bytes)
{
    m_payloadBudget = std::max<qint64>(0, bytes);
    trimPayloads();
}

qint64 TraceFeed::payloadBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_incomingPayload + m_historyPayload;
}

quint64 TraceFeed::payloadsDropped() const
{
    QMutexLocker lock(&m_mutex);
    return m_payloadsDropped;
}

void TraceFeed::forgetPayloads(std::size_t count)
{
    qint64 bytes = 0;
    for (std::size_t i = 0; i < count && i < m_history.size(); ++i)
        bytes += m_history[i].data.size();
    m_stripFrom = m_stripFrom > count ? m_stripFrom - count : 0;
    QMutexLocker lock(&m_mutex);
    m_historyPayload -= bytes;
}

void TraceFeed::trimPayloads()
{
    const qint64 budget = m_payloadBudget.load();
    QMutexLocker lock(&m_mutex);
    // What is incoming counts first: it is the newest.
    while (m_historyPayload > 0 && m_historyPayload + m_incomingPayload > budget &&
           m_stripFrom < m_history.size()) {
        TraceRecord& r = m_history[m_stripFrom++];
        if (r.data.isEmpty())
            continue;
        m_historyPayload -= r.data.size();
        r.data = QByteArray();
        r.cut = true;
        ++m_payloadsDropped;
    }
}

void TraceFeed::setPaused(bool paused)
{
    m_paused = paused;
    if (!paused)
        scheduleDelivery();
}

quint64 TraceFeed::overwritten() const
{
    QMutexLocker lock(&m_mutex);
    return m_overwritten;
}

quint64 TraceFeed::received() const
{
    QMutexLocker lock(&m_mutex);
    return m_received;
}

QList<quint64> TraceFeed::socketIds() const
{
    QList<quint64> ids = m_sockets.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

const SocketInfo* TraceFeed::socket(quint64 id) const
{
    const auto it = m_sockets.constFind(id);
    return it == m_sockets.cend() ? nullptr : &*it;
}

void TraceFeed::clear()
{
    emit aboutToReset();
    m_history.clear();
    m_stripFrom = 0;
    {
        QMutexLocker lock(&m_mutex);
        m_incoming.clear();
        m_overwritten = 0;
        m_incomingPayload = 0;
        m_historyPayload = 0;
        m_payloadsDropped = 0;
    }
    m_delivered = 0;
    emit reset();
}

void TraceFeed::clearClosed()
{
    std::vector<netcore::SocketId> gone;
    {
        QMutexLocker lock(&m_mutex);
        m_registry->sockets.forgetClosed(&gone);
    }
    for (const quint64 id : gone)
        m_sockets.remove(id);
    if (!gone.empty())
        emit socketsChanged(QList<quint64>(gone.begin(), gone.end()));
}

void TraceFeed::inject(const TraceRecord& record)
{
    TraceRecord copy = record;
    const int cap = m_payloadCap.load();
    if (copy.data.size() > cap) {
        copy.data.truncate(cap);
        copy.cut = true;
    }
    receive(std::move(copy));
}

void TraceFeed::receive(TraceRecord record, const netcore::TraceEvent* event)
{
    // Built before taking the lock (an injected record has no netcore event of its own).
    std::optional<netcore::TraceEvent> own;
    if (!event)
        own = registryEvent(record);
    bool schedule = false;
    {
        QMutexLocker lock(&m_mutex);
        ++m_received;
        m_registry->sockets.apply(event ? *event : *own, &m_registry->changed);
        // What is incoming alone stays within the budget: past it, an event comes without its
        // bytes (only in a burst beyond the budget, or while paused). The history's oldest
        // payloads give way to the incoming ones on the GUI thread, soon after.
        if (!record.data.isEmpty() &&
            m_incomingPayload + record.data.size() > m_payloadBudget.load()) {
            record.data = QByteArray();
            record.cut = true;
            ++m_payloadsDropped;
        }
        m_incomingPayload += record.data.size();
        m_incoming.push_back(std::move(record));
        while (m_incoming.size() > std::size_t(m_capacity)) {
            m_incomingPayload -= m_incoming.front().data.size();
            m_incoming.pop_front();
            ++m_overwritten;
        }
        if (!m_scheduled) {
            m_scheduled = true;
            schedule = true;
        }
    }
    // Once per batch, not per event: the GUI thread picks up everything that came meanwhile.
    if (schedule)
        QMetaObject::invokeMethod(this, &TraceFeed::scheduleDelivery, Qt::QueuedConnection);
}

void TraceFeed::scheduleDelivery()
{
    if (m_paused) {
        // Nothing is delivered, but what collects takes the history's oldest payloads.
        {
            QMutexLocker lock(&m_mutex);
            m_scheduled = false;
        }
        trimPayloads();
        return;
    }
    if (m_timer.isActive())
        return;
    const qint64 interval = 1000 / kMaxBatchesPerSecond + 1;
    const qint64 waited = m_sinceBatch.elapsed();
    m_timer.start(int(std::max<qint64>(0, interval - waited)));
}

void TraceFeed::flush()
{
    m_timer.stop();
    deliver();
}

void TraceFeed::deliver()
{
    if (m_paused) {
        QMutexLocker lock(&m_mutex);
        m_scheduled = false;
        return;
    }
    std::deque<TraceRecord> batch;
    std::vector<netcore::SocketInfo> changed;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_incoming);
        m_incomingPayload = 0;
        changed.reserve(m_registry->changed.size());
        for (const netcore::SocketId id : m_registry->changed) {
            if (const netcore::SocketInfo* s = m_registry->sockets.find(id))
                changed.push_back(*s);
        }
        m_registry->changed.clear();
        m_scheduled = false;
    }
    m_sinceBatch.restart();
    // Turned into Qt values here, on the GUI thread, outside the lock.
    QList<quint64> dirty;
    dirty.reserve(qsizetype(changed.size()));
    for (const netcore::SocketInfo& s : changed) {
        m_sockets.insert(s.id, toSocketInfo(s));
        dirty.append(s.id);
    }
    if (batch.empty()) {
        if (!dirty.isEmpty())
            emit socketsChanged(dirty);
        return;
    }
    ++m_batches;
    // A batch larger than the ring keeps only its newest part.
    if (batch.size() > std::size_t(m_capacity)) {
        const std::size_t excess = batch.size() - std::size_t(m_capacity);
        batch.erase(batch.begin(), batch.begin() + qsizetype(excess));
        QMutexLocker lock(&m_mutex);
        m_overwritten += excess;
    }
    const int excess = size() + int(batch.size()) - m_capacity;
    if (excess > 0) {
        emit aboutToDrop(excess);
        forgetPayloads(std::size_t(excess));
        m_history.erase(m_history.begin(), m_history.begin() + excess);
        emit dropped();
        QMutexLocker lock(&m_mutex);
        m_overwritten += quint64(excess);
    }
    QList<TraceRecord> records(batch.begin(), batch.end());
    emit aboutToAppend(int(records.size()));
    m_history.insert(m_history.end(), records.cbegin(), records.cend());
    {
        qint64 bytes = 0;
        for (const TraceRecord& r : std::as_const(records))
            bytes += r.data.size();
        QMutexLocker lock(&m_mutex);
        m_historyPayload += bytes;
    }
    trimPayloads();
    emit appended();
    m_delivered += quint64(records.size());
    if (!dirty.isEmpty())
        emit socketsChanged(dirty);
    emit batchDelivered(records);
}

void TraceFeed::replaceWith(const std::vector<netcore::TraceEvent>& events)
{
    setLive(false);
    clear();
    {
        QMutexLocker lock(&m_mutex);
        m_registry->sockets.clear();
        m_registry->changed.clear();
    }
    m_sockets.clear();
    emit socketsChanged({});
    const int cap = m_payloadCap.load();
    for (const netcore::TraceEvent& e : events)
        receive(fromEvent(e, cap), &e);
    flush();
}

// The OS's TCP table, read by refreshOsStates (tracefeed_os.cpp).
void TraceFeed::applyOsTable(const netcore::OsTcpTable& table)
{
    m_osReading = false;
    m_osError = table.error ? QString::fromStdString(table.errorName) + QLatin1String(" (") +
                                  QString::number(table.error) + QLatin1Char(')')
                            : QString();
    {
        QMutexLocker lock(&m_mutex);
        m_registry->sockets.applyOsTable(table, &m_registry->changed);
    }
    // Delivered at once (the changed sockets, and any events that arrived since the last batch)
    // unless paused: then with the next batch.
    if (!m_paused)
        flush();
    emit osStatesRead();
}

} // namespace bridge
