// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// netcore's trace events and socket registry in plain Qt values, for the Socket Inspector (which
// includes no netcore header). The enums mirror netcore's (netcore/trace.h, socket_state.h) in
// the same order; the views turn them into words.

#include <QByteArray>
#include <QExplicitlySharedDataPointer>
#include <QList>
#include <QMetaType>
#include <QSharedData>
#include <QString>

#include <array>
#include <iterator>
#include <span>

namespace bridge {

// What a socket is for (netcore::SocketRole), said by netcore, never guessed.
enum class SocketRole : quint8
{
    Unknown,
    Listener,
    Accepted,
    Outgoing,
    PresenceListener, // UDP presence, bound to the presence port
    PresenceSender,   // UDP presence, bound to port 0 (the system's choice)
    Udp,              // any other UDP socket
    DccListener,      // a DCC transfer's listener (a client program running the server sequence)
    DccSend,          // a DCC transfer's connection carrying a file we send
    DccReceive,       // ... a file we receive
};
inline bool isListenerRole(SocketRole role)
{
    return role == SocketRole::Listener || role == SocketRole::DccListener;
}

// The life of a socket (netcore::SocketState).
enum class SocketState : quint8
{
    Created,
    Bound,
    Listening,
    Connecting,
    Connected,
    HalfClosed, // one direction shut down (a FIN sent or received)
    Closed,
};

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
    TlsHandshake, // the TLS layer: a handshake step (TraceRecord::tlsStep())
    TlsEncrypt,   // SSL_write / EncryptMessage: plaintext sent, in `data`
    TlsDecrypt,   // SSL_read / DecryptMessage: plaintext received, in `data`
};

// What only a few calls say (netcore::TraceEvent's addresses, accept's new socket, SO_ERROR's
// answer): kept apart and shared, so the ring's records carry one pointer for them.
struct TraceDetails : QSharedData
{
    QString local;        // bind (the address asked for), getsockname
    QString peer;         // connect, accept (the new connection's), sendto, recvfrom
    quint64 accepted = 0; // accept: the new socket's id
    int soError = -1;     // getsockopt(SO_ERROR): the pending error (0: connected); -1: not one
    QString soErrorName;  // "ECONNREFUSED" ("" for 0)
    // The TLS layer's events (netcore::TlsTraceStep).
    bool tls = false;       // the event had a TLS step
    QString tlsStep;        // "ClientHello", "Established", "Failed", ... ("" for data)
    bool tlsSent = false;   // we sent it
    QString tlsVersion;     // on "Established"
    QString tlsCipher;      // on "Established"
    QString tlsFingerprint; // on "Established": the server's certificate
};

// One trace event, in Qt values. The history holds up to 100,000 of these (and the Loop view
// only points at them), so a record is kept small: the names come from a shared table (a copy
// is a reference), a select()'s six sets are packed into one list, and what only a few calls
// say is in `details`, shared.
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
    SocketRole role = SocketRole::Unknown; // what the socket is for (accept: the listener's)
    bool windows = false;                  // recorded on Windows
    bool cut = false;                      // fewer bytes captured than moved (netcore's dataCut)
    QString protocol;                      // "TCP", "UDP" or ""
    QString callName;                      // as on the recording platform: "close", "closesocket"
    QString args;
    QString errorName; // "EAGAIN"
    QByteArray data;   // the first bytes captured (at most the cap)
    // select: the read, write and except sets passed in and returned; epoll_wait: the sockets
    // returned. Packed: the six sizes, then the ids of each set in turn; empty if all are.
    QList<quint64> sets;
    QExplicitlySharedDataPointer<TraceDetails> details; // null when the call says none

    QString localAddress() const { return details ? details->local : QString(); }
    QString peerAddress() const { return details ? details->peer : QString(); }
    quint64 acceptedSocket() const { return details ? details->accepted : 0; }
    // getsockopt(SO_ERROR)'s answer: -1 if this is not one.
    int soError() const { return details ? details->soError : -1; }
    QString soErrorName() const { return details ? details->soErrorName : QString(); }
    // A TLS handshake event's step ("ClientHello", "Established"), "" otherwise; whether we
    // sent it.
    QString tlsStep() const { return details ? details->tlsStep : QString(); }
    bool tlsSent() const { return details && details->tlsSent; }
    // On "Established": what the handshake agreed, and the server's certificate.
    QString tlsVersion() const { return details ? details->tlsVersion : QString(); }
    QString tlsCipher() const { return details ? details->tlsCipher : QString(); }
    QString tlsFingerprint() const { return details ? details->tlsFingerprint : QString(); }
    // The details to fill in (made, or copied if shared).
    TraceDetails& editDetails();

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
    // The socket calls that move bytes (send, recv, sendto, recvfrom): the wire.
    bool isDataCall() const;
    // The TLS layer's events; its plaintext ones (SSL_write, SSL_read).
    bool isTlsCall() const;
    bool isTlsData() const
    {
        return call == TraceCall::TlsEncrypt || call == TraceCall::TlsDecrypt;
    }
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

// "FD_READ|FD_CLOSE"
QString asyncEventText(unsigned bits);

// What the feed knows about one socket (netcore::SocketRegistry's SocketInfo).
struct SocketInfo
{
    quint64 id = 0;
    QString protocol; // "TCP", "UDP"
    SocketRole role = SocketRole::Unknown;
    SocketState state = SocketState::Created;
    QString local;
    QString remote;
    QString lastError;     // "ECONNRESET (104)"; "" if none
    QString lastErrorName; // "ECONNRESET"
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    quint64 callsIn = 0;
    quint64 callsOut = 0;
    qint64 openedNs = 0;
    qint64 closedNs = 0;
    qint64 lastNs = 0;
    bool closed = false;
    quint64 listener = 0; // accepted sockets: the listener that accepted them
    // TLS over the socket (netcore::SocketInfo): what its handshake agreed, and the plaintext
    // carried (bytesIn/Out count the records on the wire).
    bool tls = false;
    QString tlsVersion;
    QString tlsCipher;
    QString tlsFingerprint;
    quint64 plainIn = 0;
    quint64 plainOut = 0;
    // What the OS says (netcore::SocketInfo's os fields): "TIME_WAIT", ...; "" if it does not
    // list the socket (or has not been asked); osGone once a closed socket has left its table.
    // The kernel's queues in bytes, -1 where the OS does not say.
    QString osState;
    bool osGone = false;
    qint64 sendQueue = -1;
    qint64 receiveQueue = -1;

    // A connection accept() gave a listener (a chat host's, or a DCC transfer's).
    bool accepted() const
    {
        return role == SocketRole::Accepted ||
               ((role == SocketRole::DccSend || role == SocketRole::DccReceive) && listener != 0);
    }
};

} // namespace bridge

Q_DECLARE_METATYPE(bridge::TraceRecord)
