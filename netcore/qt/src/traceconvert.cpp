// SPDX-License-Identifier: GPL-3.0-or-later
#include "traceconvert.h"

#include "qtconvert.h"

#include "netcore/trace_format.h"

#include <algorithm>
#include <map>
#include <string>

namespace bridge {

static_assert(int(TraceCall::EpollCtl) == int(netcore::Call::EpollCtl));
static_assert(int(TraceCall::TlsDecrypt) == int(netcore::Call::TlsDecrypt));
static_assert(int(TraceCall::TlsDecrypt) + 1 == netcore::kCallCount);
static_assert(int(TraceCall::Select) == int(netcore::Call::Select));
static_assert(int(SocketRole::Udp) == int(netcore::SocketRole::Udp));
static_assert(int(SocketRole::DccReceive) == int(netcore::SocketRole::DccReceive));
static_assert(int(SocketRole::PresenceListener) == int(netcore::SocketRole::PresenceListener));
static_assert(int(SocketState::Closed) == int(netcore::SocketState::Closed));
static_assert(int(SocketState::HalfClosed) == int(netcore::SocketState::HalfClosed));

namespace {

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

QString protocolName(netcore::Protocol protocol)
{
    return protocol == netcore::Protocol::Tcp   ? QStringLiteral("TCP")
           : protocol == netcore::Protocol::Udp ? QStringLiteral("UDP")
                                                : QString();
}

netcore::Protocol protocolOf(const QString& name)
{
    return name == QLatin1String("TCP")   ? netcore::Protocol::Tcp
           : name == QLatin1String("UDP") ? netcore::Protocol::Udp
                                          : netcore::Protocol::None;
}

// The structured fields, both ways.
void copyDetails(const netcore::TraceEvent& e, TraceRecord* r)
{
    if (e.localAddress.empty() && e.peerAddress.empty() && !e.acceptedSocket && !e.soError &&
        !e.tls)
        return;
    TraceDetails& d = r->editDetails();
    if (e.tls) {
        d.tls = true;
        d.tlsStep = sharedName(e.tls->step);
        d.tlsSent = e.tls->sent;
        d.tlsVersion = sharedName(e.tls->version);
        d.tlsCipher = sharedName(e.tls->cipher);
        d.tlsFingerprint = toQString(e.tls->fingerprint);
    }
    d.local = toQString(e.localAddress);
    d.peer = toQString(e.peerAddress);
    d.accepted = e.acceptedSocket;
    if (e.soError) {
        d.soError = e.soError->code;
        d.soErrorName = sharedName(e.soError->name);
    }
}

void copyDetails(const TraceRecord& r, netcore::TraceEvent* e)
{
    if (!r.details)
        return;
    e->localAddress = r.details->local.toStdString();
    e->peerAddress = r.details->peer.toStdString();
    e->acceptedSocket = r.details->accepted;
    if (r.details->tls)
        e->tls = netcore::TlsTraceStep{r.details->tlsStep.toStdString(), r.details->tlsSent,
                                       r.details->tlsVersion.toStdString(),
                                       r.details->tlsCipher.toStdString(),
                                       r.details->tlsFingerprint.toStdString()};
    if (r.details->soError >= 0)
        e->soError =
            netcore::PendingError{r.details->soError, r.details->soErrorName.toStdString()};
}

} // namespace

// A copy of the table's string is a reference, where converting it anew would allocate for each
// of the ring's 100,000 records. Per thread (the trace's subscriber runs on every loop thread),
// without a lock; the names are a few dozen, and past kMaxNames (never, unless netcore's names
// change) the table stops growing and a name is converted as before.
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

TraceRecord fromEvent(const netcore::TraceEvent& e, int payloadCap)
{
    TraceRecord r;
    r.seq = e.seq;
    r.timeNs = e.timeNs;
    r.thread = e.thread;
    r.socket = e.socket;
    r.protocol = protocolName(e.protocol);
    r.call = TraceCall(e.call);
    r.role = SocketRole(e.role);
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
    copyDetails(e, &r);
    return r;
}

netcore::TraceEvent registryEvent(const TraceRecord& r)
{
    netcore::TraceEvent e;
    e.seq = r.seq;
    e.timeNs = r.timeNs;
    e.thread = r.thread;
    e.socket = r.socket;
    e.protocol = protocolOf(r.protocol);
    e.call = netcore::Call(r.call);
    e.role = netcore::SocketRole(r.role);
    e.os = r.windows ? netcore::TraceOs::Windows : netcore::TraceOs::Posix;
    e.result = r.result;
    e.error = r.error;
    if (r.error)
        e.errorName = r.errorName.toStdString();
    e.bytes = r.bytes;
    copyDetails(r, &e);
    return e;
}

netcore::TraceEvent toEvent(const TraceRecord& r)
{
    netcore::TraceEvent e = registryEvent(r);
    e.errorName = r.errorName.toStdString();
    e.args = r.args.toStdString();
    e.data = r.data.toStdString();
    e.dataCut = r.isCut();
    for (int i = 0; i < 3; ++i) {
        e.setsIn[i].assign(r.setIn(i).begin(), r.setIn(i).end());
        e.setsOut[i].assign(r.setOut(i).begin(), r.setOut(i).end());
    }
    e.asyncEvents = r.asyncEvents;
    return e;
}

SocketInfo toSocketInfo(const netcore::SocketInfo& s)
{
    SocketInfo info;
    info.id = s.id;
    info.protocol = protocolName(s.protocol);
    info.role = SocketRole(s.role);
    info.state = SocketState(s.state);
    info.local = toQString(s.localAddress);
    info.remote = toQString(s.peerAddress);
    if (s.lastError) {
        info.lastErrorName = sharedName(s.lastErrorName);
        info.lastError = (s.lastErrorName.empty() ? QStringLiteral("error") : info.lastErrorName) +
                         QLatin1String(" (") + QString::number(s.lastError) + QLatin1Char(')');
    }
    info.bytesIn = s.bytesIn;
    info.bytesOut = s.bytesOut;
    info.callsIn = s.callsIn;
    info.callsOut = s.callsOut;
    info.openedNs = s.openedNs;
    info.closedNs = s.closedNs;
    info.lastNs = s.lastNs;
    info.closed = s.closed;
    info.listener = s.listener;
    info.tls = s.tls;
    info.tlsVersion = sharedName(s.tlsVersion);
    info.tlsCipher = sharedName(s.tlsCipher);
    info.tlsFingerprint = toQString(s.tlsFingerprint);
    info.osState = QLatin1String(netcore::tcpStateName(s.osState));
    info.osGone = s.osGone;
    info.sendQueue = s.osSendQueue ? qint64(*s.osSendQueue) : -1;
    info.receiveQueue = s.osReceiveQueue ? qint64(*s.osReceiveQueue) : -1;
    info.plainIn = s.plainIn;
    info.plainOut = s.plainOut;
    return info;
}

// --- TraceRecord ---------------------------------------------------------------------------------

TraceDetails& TraceRecord::editDetails()
{
    if (!details)
        details = new TraceDetails;
    else
        details.detach();
    return *details;
}

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
    return error && !windows && !isTlsCall() ? winsockErrorFor(errorName, call) : QString();
}

bool TraceRecord::isDataCall() const
{
    return call == TraceCall::Send || call == TraceCall::Recv || call == TraceCall::Sendto ||
           call == TraceCall::Recvfrom;
}

bool TraceRecord::isTlsCall() const
{
    return netcore::isTlsCall(netcore::Call(call));
}

bool TraceRecord::isHardError() const
{
    // netcore::isTransientError's rule, on the QString (the views ask for every row they paint).
    if (!error)
        return false;
    const QStringView name = errorName.startsWith(QLatin1String("WSAE"))
                                 ? QStringView(errorName).mid(3)
                                 : QStringView(errorName);
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

QString asyncEventText(unsigned bits)
{
    return toQString(netcore::asyncEventNames(bits));
}

} // namespace bridge
