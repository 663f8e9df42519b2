// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/errorexplanations.h"

namespace ui {

QString ErrorExplanations::explain(const QString& errorName, bridge::TraceCall call)
{
    using bridge::TraceCall;
    QString name = errorName;
    if (name.startsWith(QLatin1String("WSA")) && name.size() > 3 && name[3] == QLatin1Char('E'))
        name = name.mid(3);
    if (name == QLatin1String("EWOULDBLOCK") || name == QLatin1String("EAGAIN")) {
        if (call == TraceCall::Connect)
            return tr("connection under way: a non-blocking connect; wait until the socket is "
                      "writable, then read SO_ERROR");
        if (call == TraceCall::Send || call == TraceCall::Sendto)
            return tr("the send buffer is full: normal for a non-blocking socket; wait until it "
                      "is writable");
        if (call == TraceCall::Accept)
            return tr("no connection waiting: normal for a non-blocking listener; wait for "
                      "readiness");
        return tr("nothing to read yet: normal for a non-blocking socket; wait for readiness");
    }
    struct Entry
    {
        const char* name;
        const char* text;
    };
    static constexpr Entry kTable[] = {
        {"EINPROGRESS", QT_TR_NOOP("connection under way: a non-blocking connect; wait until the "
                                   "socket is writable, then read SO_ERROR")},
        {"ECONNREFUSED",
         QT_TR_NOOP("nobody listens on that address and port (the peer answered with a reset)")},
        {"ECONNRESET", QT_TR_NOOP("the peer reset the connection (it closed abortively or "
                                  "crashed)")},
        {"ECONNABORTED",
         QT_TR_NOOP("the connection was aborted on this side (timeout or protocol error)")},
        {"EADDRINUSE", QT_TR_NOOP("another socket already uses this address and port")},
        {"EADDRNOTAVAIL", QT_TR_NOOP("this address does not belong to this machine")},
        {"ETIMEDOUT", QT_TR_NOOP("the peer did not answer in time")},
        {"EHOSTUNREACH", QT_TR_NOOP("no route to that host")},
        {"ENETUNREACH", QT_TR_NOOP("no route to that network")},
        {"ENETDOWN", QT_TR_NOOP("the network is down")},
        {"ENOTCONN", QT_TR_NOOP("the socket is not connected")},
        {"EISCONN", QT_TR_NOOP("the socket is already connected")},
        {"EALREADY", QT_TR_NOOP("a connect is already under way on this socket")},
        {"EPIPE", QT_TR_NOOP("the connection is closed for sending (the peer has gone)")},
        {"ESHUTDOWN", QT_TR_NOOP("sending was already shut down on this socket")},
        {"EINTR", QT_TR_NOOP("interrupted by a signal; call again")},
        {"EINVAL",
         QT_TR_NOOP("an invalid argument (or the socket is in the wrong state for this call)")},
        {"EBADF", QT_TR_NOOP("not an open socket (already closed?)")},
        {"ENOTSOCK", QT_TR_NOOP("not a socket (already closed?)")},
        {"EACCES",
         QT_TR_NOOP("permission denied (a privileged port, or broadcast without SO_BROADCAST)")},
        {"EMFILE", QT_TR_NOOP("too many open files or sockets in this process")},
        {"EMSGSIZE", QT_TR_NOOP("the datagram is larger than the protocol allows")},
        {"EAFNOSUPPORT", QT_TR_NOOP("this address family is not supported here (IPv6 off?)")},
        {"NOTINITIALISED", QT_TR_NOOP("WSAStartup was not called")},
        {"EAI_NONAME", QT_TR_NOOP("the name is not known (no such host)")},
        {"EAI_AGAIN", QT_TR_NOOP("the name server did not answer; try again")},
        {"EAI_FAIL", QT_TR_NOOP("the name server failed")},
        {"HOST_NOT_FOUND", QT_TR_NOOP("the name is not known (no such host)")},
        {"TRY_AGAIN", QT_TR_NOOP("the name server did not answer; try again")},
        // The TLS layer's (netcore::TlsErrc).
        {"TLS_NOT_TLS", QT_TR_NOOP("the peer does not speak TLS (a plain client on a TLS port, "
                                   "or a TLS client on a plain one)")},
        {"TLS_UNKNOWN_CERTIFICATE",
         QT_TR_NOOP("the host's certificate is vouched for by no authority and was not pinned: "
                    "compare its fingerprint with the one the host shows")},
        {"TLS_FINGERPRINT_CHANGED",
         QT_TR_NOOP("the host's certificate is not the one remembered for it: a new certificate, "
                    "or somebody in between")},
        {"TLS_PROTOCOL_VERSION", QT_TR_NOOP("no TLS version in common (1.2 and 1.3 only)")},
        {"TLS_CLOSED_IN_HANDSHAKE",
         QT_TR_NOOP("the peer closed the connection in the middle of the handshake")},
        {"TLS_HANDSHAKE_TIMEOUT", QT_TR_NOOP("the handshake did not end in time")},
        {"TLS_HANDSHAKE_FAILED",
         QT_TR_NOOP("the two ends could not agree on the handshake (the library says why)")},
    };
    for (const Entry& entry : kTable) {
        if (name == QLatin1String(entry.name))
            return tr(entry.text);
    }
    return {};
}

} // namespace ui
