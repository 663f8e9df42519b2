// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/lifecyclemodel.h"

#include "bridge/tracefeed.h"
#include "inspector/errorexplanations.h"
#include "inspector/inspectorcolors.h"
#include "inspector/inspectorroles.h"
#include "inspector/socketwords.h"
#include "inspector/timelinemodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace ui {

using bridge::TraceCall;
using bridge::TraceRecord;

LifecycleModel::LifecycleModel(bridge::TraceFeed* feed, QObject* parent)
    : QAbstractTableModel(parent)
    , m_feed(feed)
{
    // Follows the socket as its calls arrive; a batch is at most ~30 per second.
    connect(feed, &bridge::TraceFeed::batchDelivered, this,
            [this](const QList<TraceRecord>& records) {
                if (!m_socket)
                    return;
                for (const TraceRecord& r : records) {
                    if (r.socket == m_socket || r.call == TraceCall::Accept ||
                        r.call == TraceCall::Getaddrinfo || r.call == TraceCall::Socket ||
                        m_attempts.contains(r.socket)) {
                        rebuild();
                        return;
                    }
                }
            });
    connect(feed, &bridge::TraceFeed::reset, this, &LifecycleModel::rebuild);
}

void LifecycleModel::setSocket(quint64 socket)
{
    m_socket = socket;
    rebuild();
}

namespace {

QString resultText(const TraceRecord& r)
{
    if (r.call == TraceCall::AsyncMessage)
        return r.errorLabel();
    if (r.call == TraceCall::TlsHandshake) {
        if (r.error)
            return r.errorLabel();
        if (r.tlsStep() == QLatin1String("Established"))
            return r.tlsVersion() + QLatin1String(", ") + r.tlsCipher();
        return r.tlsSent() ? QStringLiteral("\u2192 sent") : QStringLiteral("\u2190 received");
    }
    QString text = QLatin1String("= ") + QString::number(r.result);
    if (r.error)
        text += QLatin1String("  ") + r.errorLabel();
    if (const QString winsock = r.winsockError(); !winsock.isEmpty())
        text += QStringLiteral(" \u2259 ") + winsock;
    return text;
}

QString callLine(const TraceRecord& r)
{
    return r.callName + QLatin1Char('(') + r.args + QLatin1Char(')');
}

} // namespace

namespace {

// The name of a TLS handshake step in the lifecycle.
QString tlsStepName(const TraceRecord& r)
{
    const QString step = r.tlsStep();
    if (step == QLatin1String("Established"))
        return LifecycleModel::tr("TLS established");
    if (step == QLatin1String("Failed"))
        return LifecycleModel::tr("TLS handshake failed");
    if (step == QLatin1String("Abandoned"))
        return LifecycleModel::tr("TLS handshake abandoned");
    return r.tlsSent() ? LifecycleModel::tr("TLS: %1 sent").arg(step)
                       : LifecycleModel::tr("TLS: %1 received").arg(step);
}

bool isLoopEvent(const TraceRecord& r)
{
    return r.call == TraceCall::Select || r.call == TraceCall::Epoll ||
           r.call == TraceCall::EpollCtl || r.call == TraceCall::WSAAsyncSelect ||
           r.call == TraceCall::AsyncMessage;
}

} // namespace

QList<quint64> LifecycleModel::attemptChain(quint64 socket) const
{
    // One connect tries each address getaddrinfo gave, each on a socket of its own: when one
    // fails, the connector closes its socket and at once opens the next. So the attempt before
    // socket B is the outgoing socket A whose close() is the last call on B's thread before
    // B's socket() (loop bookkeeping aside), A having failed to connect.
    QHash<quint64, int> opened; // socket -> the index of its socket() call
    for (int i = 0; i < m_feed->size(); ++i) {
        const TraceRecord& r = m_feed->at(i);
        if (r.call == TraceCall::Socket && r.socket)
            opened.insert(r.socket, i);
    }
    auto failedAttempt = [this](quint64 id) {
        const bridge::SocketInfo* s = m_feed->socket(id);
        return s && s->role == bridge::SocketRole::Outgoing &&
               s->protocol == QLatin1String("TCP") && !s->lastError.isEmpty() && s->callsIn == 0 &&
               s->callsOut == 0;
    };
    auto previous = [&](quint64 id) -> quint64 {
        const int at = opened.value(id, -1);
        if (at < 0)
            return 0;
        const quint64 thread = m_feed->at(at).thread;
        for (int j = at - 1; j >= 0 && j >= at - 2000; --j) {
            const TraceRecord& r = m_feed->at(j);
            if (r.thread != thread || isLoopEvent(r))
                continue;
            if (r.call == TraceCall::Close && r.socket && failedAttempt(r.socket))
                return r.socket;
            return 0;
        }
        return 0;
    };
    QList<quint64> chain{socket};
    while (chain.size() < 64) {
        const quint64 before = previous(chain.first());
        if (!before || chain.contains(before))
            break;
        chain.prepend(before);
    }
    // And forward, when the selected socket is itself an attempt that failed.
    const QList<quint64> ids = m_feed->socketIds();
    bool grew = true;
    while (grew && chain.size() < 64 && failedAttempt(chain.last())) {
        grew = false;
        for (const quint64 id : ids) {
            if (id > chain.last() && previous(id) == chain.last()) {
                chain.append(id);
                grew = true;
                break;
            }
        }
    }
    return chain;
}

void LifecycleModel::rebuild()
{
    beginResetModel();
    m_steps.clear();
    m_sequence.clear();
    m_attempts.clear();
    const bridge::SocketInfo* info = m_socket ? m_feed->socket(m_socket) : nullptr;
    if (!info) {
        endResetModel();
        return;
    }
    const bool udp = info->protocol == QLatin1String("UDP");
    const bool client = !udp && !bridge::isListenerRole(info->role) && !info->accepted();
    // The client's sockets, one per address tried (usually just one).
    const QList<quint64> chain = client ? attemptChain(m_socket) : QList<quint64>{m_socket};
    m_attempts = chain;
    const int attempts = int(chain.size());
    QStringList names;
    // Per socket of the chain: where its steps start, and the names of its steps.
    QList<int> bases;
    QList<QStringList> socketNames;
    if (udp) {
        m_sequence = tr("UDP (%1)").arg(SocketWords::role(info->role));
        names = {QStringLiteral("socket"), QStringLiteral("setsockopt(SO_BROADCAST)"),
                 QStringLiteral("bind"), QStringLiteral("sendto/recvfrom"),
                 QStringLiteral("closesocket")};
    } else if (info->role == bridge::SocketRole::DccListener) {
        // A client program runs the server sequence: the other side connects to it.
        m_sequence = tr("server in a client program (DCC listener)");
        names = {QStringLiteral("socket"), QStringLiteral("bind"), QStringLiteral("listen"),
                 QStringLiteral("accept"), QStringLiteral("closesocket")};
    } else if (info->role == bridge::SocketRole::Listener) {
        m_sequence = tr("server (listener)");
        names = {QStringLiteral("socket"), QStringLiteral("bind"), QStringLiteral("listen"),
                 QStringLiteral("accept"), QStringLiteral("closesocket")};
    } else if (info->accepted()) {
        m_sequence = tr("server (accepted connection)");
        names = {QStringLiteral("accept"), QStringLiteral("recv/send"), QStringLiteral("shutdown"),
                 QStringLiteral("closesocket")};
    } else {
        m_sequence = attempts > 1 ? tr("client, trying each address (%1 addresses)").arg(attempts)
                                  : tr("client");
        names = {QStringLiteral("getaddrinfo")};
    }
    // A TLS socket's handshake, between its connect (or accept) and its first send/recv: one
    // step per message, as they were sent and received, and its end.
    const quint64 tlsSocket = chain.last();
    QStringList tlsNames;
    for (int i = 0; i < m_feed->size(); ++i) {
        const TraceRecord& r = m_feed->at(i);
        if (r.socket == tlsSocket && r.call == TraceCall::TlsHandshake)
            tlsNames.append(tlsStepName(r));
    }
    if (!tlsNames.isEmpty()) {
        if (client || info->accepted())
            m_sequence += tr(", over TLS");
        const int at = int(names.indexOf(QLatin1String("accept")));
        if (!client && at >= 0)
            names = names.mid(0, at + 1) + tlsNames + names.mid(at + 1);
    }
    if (!client) {
        bases = {0};
        socketNames = {names};
    } else {
        for (int k = 0; k < attempts; ++k) {
            const bool last = k == attempts - 1;
            QStringList mine = {QStringLiteral("socket"), QStringLiteral("connect")};
            if (last)
                mine +=
                    tlsNames + QStringList{QStringLiteral("send/recv"), QStringLiteral("shutdown")};
            mine += QStringLiteral("closesocket");
            bases.append(int(names.size()));
            socketNames.append(mine);
            for (const QString& name : std::as_const(mine)) {
                if (attempts > 1 &&
                    (name == QLatin1String("socket") || name == QLatin1String("connect") || !last))
                    names.append(tr("%1 (address %2 of %3)").arg(name).arg(k + 1).arg(attempts));
                else
                    names.append(name);
            }
        }
    }
    for (const QString& name : std::as_const(names)) {
        Step step;
        step.name = name;
        m_steps.append(step);
    }
    // The TLS steps are taken in the order they came (names may repeat: two NewSessionTickets).
    int tlsSeen = 0;
    auto stepIndex = [&](const TraceRecord& r, int member) -> int {
        const QStringList& mine = socketNames[member];
        if (r.call == TraceCall::TlsHandshake) {
            if (r.socket != tlsSocket || tlsNames.isEmpty() || tlsSeen >= tlsNames.size())
                return -1;
            const int first = int(mine.indexOf(tlsNames.first()));
            return first < 0 ? -1 : bases[member] + first + tlsSeen++;
        }
        auto at = [&](const char* name) -> int {
            const int i = int(mine.indexOf(QLatin1String(name)));
            return i < 0 ? -1 : bases[member] + i;
        };
        switch (r.call) {
        case TraceCall::Getaddrinfo:
            return -1;
        case TraceCall::Socket:
            return at("socket");
        case TraceCall::Setsockopt:
            return udp && r.args.contains(QLatin1String("SO_BROADCAST")) ? 1 : -1;
        case TraceCall::Bind:
            return at("bind");
        case TraceCall::Listen:
            return at("listen");
        case TraceCall::Accept:
            return at("accept");
        case TraceCall::Connect:
            return at("connect");
        case TraceCall::Getsockopt:
            return r.soError() >= 0 ? at("connect") : -1;
        case TraceCall::Send:
        case TraceCall::Recv:
        case TraceCall::Sendto:
        case TraceCall::Recvfrom:
            return udp ? 3 : at("send/recv") >= 0 ? at("send/recv") : at("recv/send");
        case TraceCall::Shutdown:
            return at("shutdown");
        case TraceCall::Close:
            return at("closesocket");
        default:
            return -1;
        }
    };
    quint64 firstSeq = 0;
    quint64 firstThread = 0;
    qint64 dataBytesIn = 0;
    qint64 dataBytesOut = 0;
    int furthest = -1;
    bool closed = false;
    for (int i = 0; i < m_feed->size(); ++i) {
        const TraceRecord& r = m_feed->at(i);
        int member = r.socket ? int(chain.indexOf(r.socket)) : -1;
        if (member < 0 && info->accepted() && r.call == TraceCall::Accept &&
            r.acceptedSocket() == m_socket)
            member = 0;
        if (member < 0)
            continue;
        if (!firstSeq) {
            firstSeq = r.seq;
            firstThread = r.thread;
        }
        const int at = stepIndex(r, member);
        if (at < 0)
            continue;
        Step& step = m_steps[at];
        if (r.call == TraceCall::Accept && bridge::isListenerRole(info->role) && r.error &&
            !r.isHardError()) {
            // A would-block accept only means "no one waiting": not a step of its own.
            if (step.calls == 0) {
                step.call = callLine(r);
                step.result = resultText(r);
                step.timeNs = r.timeNs;
            }
            continue;
        }
        ++step.calls;
        step.seq = r.seq;
        step.socket = r.socket ? r.socket : m_socket;
        if (step.timeNs < 0 || r.isDataCall())
            step.timeNs = r.timeNs;
        // The connect step names the connect() call; SO_ERROR only completes its result.
        if (r.call != TraceCall::Getsockopt || step.call.isEmpty()) {
            step.call = callLine(r);
            step.result = resultText(r);
        }
        if (r.isHardError()) {
            step.status = Status::Failed;
            step.note = TimelineModel::errorText(r);
        } else if (r.call == TraceCall::Getsockopt) {
            // SO_ERROR's answer: the outcome of the non-blocking connect.
            if (r.soError() != 0) {
                const QString label = r.soErrorName() + QLatin1String(" (") +
                                      QString::number(r.soError()) + QLatin1Char(')');
                step.status = Status::Failed;
                step.result = label;
                step.note = label + QLatin1String(": ") +
                            ErrorExplanations::explain(r.soErrorName(), TraceCall::Connect);
                if (member < attempts - 1)
                    step.note += tr("; trying the next address");
            } else {
                step.status = Status::Done;
                step.result += QLatin1String(", then SO_ERROR 0");
                step.note = tr("connected (SO_ERROR 0)");
            }
        } else if (r.call == TraceCall::Connect && r.error) {
            step.status = Status::Done;
            step.note = TimelineModel::errorText(r);
        } else if (step.status != Status::Failed) {
            step.status = Status::Done;
        }
        if (r.isDataCall() && r.result > 0) {
            if (r.call == TraceCall::Recv || r.call == TraceCall::Recvfrom)
                dataBytesIn += r.result;
            else
                dataBytesOut += r.result;
            step.note = tr("%1 calls, %2 bytes in, %3 bytes out")
                            .arg(step.calls)
                            .arg(dataBytesIn)
                            .arg(dataBytesOut);
        } else if (r.call == TraceCall::Accept && bridge::isListenerRole(info->role)) {
            step.note = tr("%n connection(s) accepted", nullptr, step.calls);
        } else if (r.call == TraceCall::TlsHandshake &&
                   r.tlsStep() == QLatin1String("Established")) {
            step.note = tr("the server's certificate: SHA-256 %1").arg(r.tlsFingerprint());
        } else if (r.call == TraceCall::Close && member < attempts - 1) {
            step.note = tr("this address failed: its socket is closed");
        }
        if (r.call == TraceCall::Close && member == attempts - 1)
            closed = true;
        furthest = std::max(furthest, at);
    }
    // The client's getaddrinfo has no socket yet: the last one on the same thread before it.
    if (client && firstSeq) {
        for (int i = m_feed->size() - 1; i >= 0; --i) {
            const TraceRecord& r = m_feed->at(i);
            if (r.seq >= firstSeq || r.call != TraceCall::Getaddrinfo || r.thread != firstThread)
                continue;
            Step& step = m_steps[0];
            step.call = callLine(r);
            step.result = resultText(r);
            step.timeNs = r.timeNs;
            step.seq = r.seq;
            step.calls = 1;
            step.status = r.error ? Status::Failed : Status::Done;
            if (!r.error && attempts > 1)
                step.note = tr("%1 addresses to try, in this order").arg(attempts);
            break;
        }
    }
    if (!closed && furthest >= 0 && m_steps[furthest].status == Status::Done)
        m_steps[furthest].status = Status::Current;
    endResetModel();
}

int LifecycleModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_steps.size());
}

int LifecycleModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

LifecycleModel::Status LifecycleModel::status(int row) const
{
    return m_steps.value(row).status;
}

QString LifecycleModel::stepName(int row) const
{
    return m_steps.value(row).name;
}

QVariant LifecycleModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_steps.size())
        return {};
    const Step& step = m_steps[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case StepColumn: {
            static const QString kMarks[] = {QStringLiteral("\u25cb "), QStringLiteral("\u2713 "),
                                             QStringLiteral("\u25b6 "), QStringLiteral("\u2717 ")};
            return QString(kMarks[int(step.status)] + QString::number(index.row() + 1) +
                           QLatin1String(". ") + step.name);
        }
        case CallColumn:
            return step.call;
        case ResultColumn:
            return step.result;
        case TimeColumn:
            return step.timeNs >= 0 ? m_feed->timeText(step.timeNs) : QString();
        case NoteColumn:
            return step.note;
        case ColumnCount:
            break;
        }
        break;
    case Qt::ForegroundRole:
        if (step.status == Status::Failed)
            return QBrush(inspector::errorText());
        if (step.status == Status::Pending)
            return QBrush(inspector::quietText());
        break;
    case Qt::BackgroundRole:
        if (step.status == Status::Current)
            return QBrush(inspector::currentBackground());
        if (step.status == Status::Failed)
            return QBrush(inspector::errorBackground());
        break;
    case Qt::FontRole:
        if (step.status == Status::Current || step.status == Status::Failed) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case inspector::SocketIdRole:
        return step.socket ? step.socket : m_socket;
    case inspector::SeqRole:
        return step.seq;
    case inspector::StepStatusRole:
        return int(step.status);
    case inspector::TimeNsRole:
        return step.timeNs;
    case inspector::HardErrorRole:
        return step.status == Status::Failed;
    default:
        break;
    }
    return {};
}

QVariant LifecycleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const kNames[ColumnCount] = {QT_TR_NOOP("Step"), QT_TR_NOOP("Call made"),
                                                    QT_TR_NOOP("Result"), QT_TR_NOOP("Time"),
                                                    QT_TR_NOOP("Note")};
    return section >= 0 && section < ColumnCount ? tr(kNames[section]) : QVariant();
}

} // namespace ui
