// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/tracefeed.h"

#include "qtconvert.h"

#include "netcore/socket_state.h"
#include "netcore/trace.h"
#include "netcore/trace_format.h"

#include <QFile>
#include <QMutexLocker>
#include <QSaveFile>
#include <QTextStream>

#include <algorithm>
#include <map>
#include <string>

namespace bridge {

static_assert(int(TraceCall::EpollCtl) == int(netcore::Call::EpollCtl));
static_assert(int(TraceCall::Select) == int(netcore::Call::Select));

namespace {

// A call's or an error's name as a QString shared by every record that names it: a copy of the
// table's string is a reference, where converting it anew would allocate for each of the ring's
// 100,000 records. Per thread (the trace's subscriber runs on every loop thread), without a
// lock; the names are a few dozen, and past kMaxNames (never, unless netcore's names change)
// the table stops growing and a name is converted as before.
QString sharedName(std::string_view text)
{
    constexpr std::size_t kMaxNames = 256;
    if (text.empty())
        return {};
    thread_local std::map<std::string, QString, std::less<>> names;
    if (const auto found = names.find(text); found != names.end())
        return found->second;
    QString name = toQString(text);
    if (names.size() < kMaxNames)
        names.emplace(std::string(text), name);
    return name;
}

// The WinSock name of a POSIX error (as netcore's formatter writes it).
QString winsockErrorFor(const QString& posix, TraceCall call)
{
    if (posix == QLatin1String("EAGAIN") || posix == QLatin1String("EWOULDBLOCK"))
        return QStringLiteral("WSAEWOULDBLOCK");
    if (posix == QLatin1String("EINPROGRESS") && call == TraceCall::Connect)
        return QStringLiteral("WSAEWOULDBLOCK");
    if (posix.isEmpty() || posix.startsWith(QLatin1String("EAI_")))
        return {};
    return QLatin1String("WSA") + posix;
}

TraceRecord fromEvent(const netcore::TraceEvent& e, int payloadCap)
{
    TraceRecord r;
    r.seq = e.seq;
    r.timeNs = e.timeNs;
    r.thread = e.thread;
    r.socket = e.socket;
    r.protocol = e.protocol == netcore::Protocol::Tcp   ? QStringLiteral("TCP")
                 : e.protocol == netcore::Protocol::Udp ? QStringLiteral("UDP")
                                                        : QString();
    r.call = TraceCall(e.call);
    r.windows = e.os == netcore::TraceOs::Windows;
    r.callName = sharedName(netcore::callName(e.call, e.os));
    r.args = toQString(e.args);
    r.result = e.result;
    r.error = e.error;
    r.errorName = sharedName(e.errorName);
    r.bytes = e.bytes;
    r.data = QByteArray(e.data.data(),
                        qsizetype(std::min<std::size_t>(e.data.size(), std::size_t(payloadCap))));
    r.cut = e.dataCut || e.bytes > quint64(r.data.size());
    r.setSets(e.setsIn, e.setsOut);
    r.asyncEvents = e.asyncEvents;
    return r;
}

netcore::TraceEvent toEvent(const TraceRecord& r)
{
    netcore::TraceEvent e;
    e.seq = r.seq;
    e.timeNs = r.timeNs;
    e.thread = r.thread;
    e.socket = r.socket;
    e.protocol = r.protocol == QLatin1String("TCP")   ? netcore::Protocol::Tcp
                 : r.protocol == QLatin1String("UDP") ? netcore::Protocol::Udp
                                                      : netcore::Protocol::None;
    e.call = netcore::Call(r.call);
    e.os = r.windows ? netcore::TraceOs::Windows : netcore::TraceOs::Posix;
    e.args = r.args.toStdString();
    e.result = r.result;
    e.error = r.error;
    e.errorName = r.errorName.toStdString();
    e.bytes = r.bytes;
    e.data = r.data.toStdString();
    e.dataCut = r.isCut();
    for (int i = 0; i < 3; ++i) {
        e.setsIn[i].assign(r.setIn(i).begin(), r.setIn(i).end());
        e.setsOut[i].assign(r.setOut(i).begin(), r.setOut(i).end());
    }
    e.asyncEvents = r.asyncEvents;
    return e;
}

// The address after the last ", " or " -> " of a call's arguments ("fd 7, 127.0.0.1:6667").
QString addressAfter(const QString& args, QLatin1String marker)
{
    const qsizetype at = args.lastIndexOf(marker);
    if (at < 0)
        return {};
    QString text = args.mid(at + marker.size());
    const qsizetype space = text.indexOf(QLatin1Char(' '));
    if (space >= 0)
        text.truncate(space);
    return text;
}

QString stateName(netcore::SocketState state)
{
    return QString::fromLatin1(netcore::socketStateName(state));
}

bool succeeded(const TraceRecord& r)
{
    return r.result >= 0 && !r.error;
}

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

std::span<const quint64> TraceRecord::setAt(int index) const
{
    if (sets.size() < 6)
        return {};
    qsizetype first = 6;
    for (int i = 0; i < index; ++i)
        first += qsizetype(sets[i]);
    return {sets.constData() + first, std::size_t(sets[index])};
}

QString TraceRecord::winsockCall() const
{
    return windows ? QString() : sharedName(netcore::winsockCounterpart(netcore::Call(call)));
}

QString TraceRecord::winsockError() const
{
    return error && !windows ? winsockErrorFor(errorName, call) : QString();
}

bool TraceRecord::isDataCall() const
{
    return call == TraceCall::Send || call == TraceCall::Recv || call == TraceCall::Sendto ||
           call == TraceCall::Recvfrom;
}

bool TraceRecord::isHardError() const
{
    if (!error)
        return false;
    const QString name = errorName.startsWith(QLatin1String("WSA")) ? errorName.mid(3) : errorName;
    return name != QLatin1String("EAGAIN") && name != QLatin1String("EWOULDBLOCK") &&
           name != QLatin1String("EINPROGRESS") && name != QLatin1String("EINTR");
}

QString TraceRecord::errorLabel() const
{
    if (!error)
        return {};
    return (errorName.isEmpty() ? QStringLiteral("error") : errorName) + QLatin1String(" (") +
           QString::number(error) + QLatin1Char(')');
}

QString errorExplanation(const QString& errorName, TraceCall call)
{
    QString name = errorName;
    if (name.startsWith(QLatin1String("WSA")) && name.size() > 3 && name[3] == QLatin1Char('E'))
        name = name.mid(3);
    if (name == QLatin1String("EWOULDBLOCK") || name == QLatin1String("EAGAIN")) {
        if (call == TraceCall::Connect)
            return QStringLiteral("connection under way: a non-blocking connect; wait until the "
                                  "socket is writable, then read SO_ERROR");
        if (call == TraceCall::Send || call == TraceCall::Sendto)
            return QStringLiteral("the send buffer is full: normal for a non-blocking socket; "
                                  "wait until it is writable");
        if (call == TraceCall::Accept)
            return QStringLiteral("no connection waiting: normal for a non-blocking listener; "
                                  "wait for readiness");
        return QStringLiteral(
            "nothing to read yet: normal for a non-blocking socket; wait for readiness");
    }
    struct Entry
    {
        const char* name;
        const char* text;
    };
    static constexpr Entry kTable[] = {
        {"EINPROGRESS", "connection under way: a non-blocking connect; wait until the socket is "
                        "writable, then read SO_ERROR"},
        {"ECONNREFUSED", "nobody listens on that address and port (the peer answered with a "
                         "reset)"},
        {"ECONNRESET", "the peer reset the connection (it closed abortively or crashed)"},
        {"ECONNABORTED", "the connection was aborted on this side (timeout or protocol error)"},
        {"EADDRINUSE", "another socket already uses this address and port"},
        {"EADDRNOTAVAIL", "this address does not belong to this machine"},
        {"ETIMEDOUT", "the peer did not answer in time"},
        {"EHOSTUNREACH", "no route to that host"},
        {"ENETUNREACH", "no route to that network"},
        {"ENETDOWN", "the network is down"},
        {"ENOTCONN", "the socket is not connected"},
        {"EISCONN", "the socket is already connected"},
        {"EALREADY", "a connect is already under way on this socket"},
        {"EPIPE", "the connection is closed for sending (the peer has gone)"},
        {"ESHUTDOWN", "sending was already shut down on this socket"},
        {"EINTR", "interrupted by a signal; call again"},
        {"EINVAL", "an invalid argument (or the socket is in the wrong state for this call)"},
        {"EBADF", "not an open socket (already closed?)"},
        {"ENOTSOCK", "not a socket (already closed?)"},
        {"EACCES", "permission denied (a privileged port, or broadcast without SO_BROADCAST)"},
        {"EMFILE", "too many open files or sockets in this process"},
        {"EMSGSIZE", "the datagram is larger than the protocol allows"},
        {"EAFNOSUPPORT", "this address family is not supported here (IPv6 off?)"},
        {"NOTINITIALISED", "WSAStartup was not called"},
        {"EAI_NONAME", "the name is not known (no such host)"},
        {"EAI_AGAIN", "the name server did not answer; try again"},
        {"EAI_FAIL", "the name server failed"},
        {"HOST_NOT_FOUND", "the name is not known (no such host)"},
        {"TRY_AGAIN", "the name server did not answer; try again"},
    };
    for (const Entry& entry : kTable) {
        if (name == QLatin1String(entry.name))
            return QLatin1String(entry.text);
    }
    return {};
}

QString asyncEventText(unsigned bits)
{
    return toQString(netcore::asyncEventNames(bits));
}

QString socketRoleName(SocketRole role)
{
    switch (role) {
    case SocketRole::Listener:
        return QStringLiteral("listener");
    case SocketRole::Accepted:
        return QStringLiteral("accepted");
    case SocketRole::Outgoing:
        return QStringLiteral("outgoing");
    case SocketRole::PresenceListener:
        return QStringLiteral("presence listener");
    case SocketRole::PresenceSender:
        return QStringLiteral("presence sender");
    case SocketRole::Udp:
        return QStringLiteral("udp");
    case SocketRole::Unknown:
        break;
    }
    return {};
}

// The subscription, apart so that it ends before the feed's members go.
struct TraceFeed::Live
{
    explicit Live(TraceFeed* feed)
        : subscription(
              [feed](const netcore::TraceEvent& e) {
                  feed->receive(fromEvent(e, feed->m_payloadCap.load()));
              },
              std::size_t(feed->m_payloadCap.load()))
    {}
    netcore::TraceSubscription subscription;
};

TraceFeed::TraceFeed(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<bridge::TraceRecord>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TraceFeed::deliver);
    m_sinceBatch.start();
}

TraceFeed::~TraceFeed()
{
    m_live.reset();
}

void TraceFeed::setLive(bool on)
{
    if (on && !m_live)
        m_live = std::make_unique<Live>(this);
    else if (!on)
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
    QList<quint64> gone;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_registry.begin(); it != m_registry.end();) {
            if (it->closed) {
                gone.append(it.key());
                it = m_registry.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const quint64 id : std::as_const(gone))
        m_sockets.remove(id);
    if (!gone.isEmpty())
        emit socketsChanged(gone);
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

void TraceFeed::receive(TraceRecord record)
{
    bool schedule = false;
    {
        QMutexLocker lock(&m_mutex);
        ++m_received;
        updateRegistry(record);
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
    QList<quint64> dirty;
    QHash<quint64, SocketInfo> changed;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_incoming);
        m_incomingPayload = 0;
        dirty.swap(m_dirty);
        for (const quint64 id : std::as_const(dirty)) {
            const auto it = m_registry.constFind(id);
            if (it != m_registry.cend())
                changed.insert(id, *it);
        }
        m_scheduled = false;
    }
    m_sinceBatch.restart();
    for (auto it = changed.cbegin(); it != changed.cend(); ++it)
        m_sockets.insert(it.key(), it.value());
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

void TraceFeed::updateRegistry(const TraceRecord& r)
{
    auto touch = [this](quint64 id) -> SocketInfo& {
        auto it = m_registry.find(id);
        if (it == m_registry.end()) {
            it = m_registry.insert(id, SocketInfo());
            it->id = id;
        }
        if (!m_dirty.contains(id))
            m_dirty.append(id);
        return *it;
    };
    if (r.call == TraceCall::Accept && r.result >= 0 && r.socket) {
        // "fd 5 -> #2 from 127.0.0.1:44769": the accepted socket starts here.
        const qsizetype hash = r.args.indexOf(QLatin1String("-> #"));
        if (hash >= 0) {
            const quint64 id = r.args.mid(hash + 4).section(QLatin1Char(' '), 0, 0).toULongLong();
            if (id) {
                SocketInfo& a = touch(id);
                a.protocol = QStringLiteral("TCP");
                a.role = SocketRole::Accepted;
                a.remote = addressAfter(r.args, QLatin1String(" from "));
                a.state = stateName(netcore::SocketState::Connected);
                a.openedNs = r.timeNs;
                a.lastNs = r.timeNs;
                a.listener = r.socket;
            }
        }
    }
    if (!r.socket)
        return;
    SocketInfo& s = touch(r.socket);
    if (s.protocol.isEmpty())
        s.protocol = r.protocol;
    if (!s.openedNs)
        s.openedNs = r.timeNs;
    s.lastNs = r.timeNs;
    if (r.protocol == QLatin1String("UDP")) {
        // What a UDP socket is, from what the trace says: presence datagrams start with "LNCH"
        // (netcore/presence), and presence sockets broadcast. The listener binds the presence
        // port; the sender binds port 0.
        if (r.call == TraceCall::Setsockopt && r.args.contains(QLatin1String("SO_BROADCAST")) &&
            !r.args.endsWith(QLatin1String(", 0")))
            s.broadcast = true;
        if (r.isDataCall() && r.result > 0 && r.data.startsWith("LNCH"))
            s.presence = true;
        if (r.call == TraceCall::Bind && succeeded(r))
            s.boundPort = quint16(
                addressAfter(r.args, QLatin1String(", ")).section(QLatin1Char(':'), -1).toUInt());
        if (s.presence || s.broadcast)
            s.role = s.boundPort ? SocketRole::PresenceListener : SocketRole::PresenceSender;
        else
            s.role = SocketRole::Udp;
    }
    if (r.isHardError())
        s.lastError = r.errorLabel();
    const bool ok = succeeded(r);
    switch (r.call) {
    case TraceCall::Socket:
        s.state = stateName(netcore::SocketState::Created);
        break;
    case TraceCall::Bind:
        if (ok) {
            s.local = addressAfter(r.args, QLatin1String(", "));
            s.state = stateName(netcore::SocketState::Bound);
        }
        break;
    case TraceCall::Listen:
        if (ok) {
            s.role = SocketRole::Listener;
            s.state = stateName(netcore::SocketState::Listening);
        }
        break;
    case TraceCall::Connect:
        if (s.role == SocketRole::Unknown)
            s.role = SocketRole::Outgoing;
        s.remote = addressAfter(r.args, QLatin1String(", "));
        if (ok)
            s.state = stateName(netcore::SocketState::Connected);
        else if (!r.isHardError())
            s.state = stateName(netcore::SocketState::Connecting);
        break;
    case TraceCall::Getsockopt:
        if (r.args.contains(QLatin1String("SO_ERROR -> 0")) &&
            s.state == stateName(netcore::SocketState::Connecting))
            s.state = stateName(netcore::SocketState::Connected);
        else if (r.args.contains(QLatin1String("SO_ERROR -> ")) &&
                 !r.args.contains(QLatin1String("SO_ERROR -> 0")))
            s.lastError = r.args.section(QLatin1String("SO_ERROR -> "), 1);
        break;
    case TraceCall::Getsockname:
        if (ok)
            s.local = addressAfter(r.args, QLatin1String(" -> "));
        break;
    case TraceCall::Send:
    case TraceCall::Sendto:
        ++s.callsOut;
        if (r.result > 0)
            s.bytesOut += quint64(r.result);
        break;
    case TraceCall::Recv:
    case TraceCall::Recvfrom:
        ++s.callsIn;
        if (r.result > 0)
            s.bytesIn += quint64(r.result);
        else if (r.result == 0 && !r.error && r.call == TraceCall::Recv)
            s.state = stateName(netcore::SocketState::HalfClosed);
        break;
    case TraceCall::Shutdown:
        if (ok)
            s.state = stateName(netcore::SocketState::HalfClosed);
        break;
    case TraceCall::Close:
        s.state = stateName(netcore::SocketState::Closed);
        s.closed = true;
        s.closedNs = r.timeNs;
        break;
    default:
        break;
    }
}

bool TraceFeed::loadJsonLines(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    std::vector<TraceRecord> records;
    int lineNumber = 0;
    while (!file.atEnd()) {
        QByteArray line = file.readLine().trimmed(); // also drops a Windows CR
        ++lineNumber;
        if (line.isEmpty())
            continue;
        std::string why;
        const auto event =
            netcore::traceEventFromJson(std::string_view(line.constData(), line.size()), &why);
        if (!event) {
            if (error)
                *error = QStringLiteral("line %1: %2").arg(lineNumber).arg(toQString(why));
            return false;
        }
        records.push_back(fromEvent(*event, m_payloadCap.load()));
    }
    setLive(false);
    clear();
    {
        QMutexLocker lock(&m_mutex);
        m_registry.clear();
        m_dirty.clear();
    }
    m_sockets.clear();
    emit socketsChanged({});
    for (TraceRecord& r : records)
        receive(std::move(r));
    flush();
    return true;
}

QString TraceFeed::formatText(const TraceRecord& record)
{
    return toQString(netcore::formatTraceEvent(toEvent(record)));
}

QString TraceFeed::toJsonLine(const TraceRecord& record)
{
    return toQString(netcore::traceEventToJson(toEvent(record)));
}

bool TraceFeed::exportJsonLines(const QString& path, QString* error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    for (const TraceRecord& r : m_history) {
        const std::string line = netcore::traceEventToJson(toEvent(r)) + '\n';
        file.write(line.data(), qint64(line.size()));
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

QStringList TraceFeed::csvColumns()
{
    return {QStringLiteral("seq"),     QStringLiteral("time_ms"),    QStringLiteral("thread"),
            QStringLiteral("socket"),  QStringLiteral("protocol"),   QStringLiteral("call"),
            QStringLiteral("winsock"), QStringLiteral("args"),       QStringLiteral("result"),
            QStringLiteral("error"),   QStringLiteral("error_name"), QStringLiteral("bytes"),
            QStringLiteral("data")};
}

bool TraceFeed::exportCsv(const QString& path, QString* error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    QTextStream out(&file);
    out << csvColumns().join(QLatin1Char(',')) << "\r\n";
    for (const TraceRecord& r : m_history) {
        const QStringList fields = {
            QString::number(r.seq),
            QString::number(double(r.timeNs) / 1e6, 'f', 3),
            QString::number(r.thread),
            QString::number(r.socket),
            r.protocol,
            r.callName,
            r.winsockCall(),
            csvField(r.args),
            QString::number(r.result),
            r.error ? QString::number(r.error) : QString(),
            r.errorName,
            r.bytes ? QString::number(r.bytes) : QString(),
            csvField(toQString(netcore::escapeBytes(r.data.toStdString()))),
        };
        out << fields.join(QLatin1Char(',')) << "\r\n";
    }
    out.flush();
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace bridge
