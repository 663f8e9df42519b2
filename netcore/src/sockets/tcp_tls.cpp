// SPDX-License-Identifier: GPL-3.0-or-later
// TcpConnection's TLS layer: the session between the socket and the connection's user. What
// the socket reads goes into the session, the plaintext it yields to the data handler; what
// the user sends goes into the session, the records it yields to the socket. The records go
// through the same queue, flushes and trace as plain TCP's bytes.

#include "sockets/tcp_impl.h"

namespace netcore {

namespace {

// One event of the TLS layer on this socket (nothing but a relaxed load when nobody listens;
// the data calls' argument text, "12 bytes", is made only then).
void traceTls(const ops::Ref& s, Call call, TlsTraceStep step, std::string args,
              std::string_view plain = {}, const NetError* error = nullptr)
{
    if (!Trace::enabled())
        return;
    TraceEvent event;
    event.socket = s.id;
    event.protocol = s.protocol;
    event.role = s.role;
    event.call = call;
    event.args = std::move(args);
    if (!plain.empty()) {
        if (event.args.empty())
            event.args = std::to_string(plain.size()) + " bytes";
        event.result = static_cast<long long>(plain.size());
        event.bytes = plain.size();
        event.data.assign(plain.substr(0, std::min(plain.size(), Trace::payloadCap())));
    }
    if (error && *error) {
        event.result = -1;
        event.error = error->code.value();
        event.errorName = errorName(error->code);
    }
    event.tls = std::move(step);
    Trace::publish(std::move(event));
}

} // namespace

void TcpConnection::Impl::tlsTraceSteps()
{
    std::vector<TlsHandshakeStep> steps = m_tls->takeSteps();
    if (!Trace::enabled())
        return;
    for (TlsHandshakeStep& step : steps) {
        std::string args = (step.sent ? "sent " : "received ") + step.name;
        traceTls(ref(), Call::TlsHandshake, {std::move(step.name), step.sent, {}, {}, {}},
                 std::move(args));
    }
    if (!m_tlsEstablishedTraced && m_tls->handshakeDone() && !m_tls->error()) {
        m_tlsEstablishedTraced = true;
        const TlsInfo& info = m_tls->info();
        traceTls(ref(), Call::TlsHandshake,
                 {"Established", false, info.version, info.cipher, info.fingerprint},
                 "established: " + info.version + ", " + info.cipher);
    }
}

void TcpConnection::Impl::tlsTraceEnd(const NetError& why)
{
    // Nothing to add after a handshake that ended well and a connection that closed without a
    // TLS error.
    if (!m_tls || m_tlsEndTraced || (m_tlsEstablishedTraced && !m_tlsError))
        return;
    m_tlsEndTraced = true;
    tlsTraceSteps();
    if (why)
        traceTls(ref(), Call::TlsHandshake, {"Failed", false, {}, {}, {}}, why.describe(), {},
                 &why);
    else
        traceTls(ref(), Call::TlsHandshake, {"Abandoned", false, {}, {}, {}},
                 "the connection closed before the handshake ended");
}

void TcpConnection::Impl::tlsStart()
{
    std::string out;
    const bool ok = m_tls->start(&out);
    tlsTraceSteps();
    queue(out);
    if (!ok)
        tlsFailed();
}

void TcpConnection::Impl::tlsReceived(std::string_view records)
{
    if (m_tlsError)
        return; // failed: the rest is the peer's noise until the close
    std::string plain;
    std::string out;
    const bool ok = m_tls->receive(records, &plain, &out);
    tlsTraceSteps();
    if (!plain.empty())
        traceTls(ref(), Call::TlsDecrypt, {}, {}, plain);
    queue(out);
    if (!m_tlsReadyReported && m_tls->handshakeDone() && ok) {
        m_tlsReadyReported = true;
        if (m_onTlsReady && m_owner && !m_closing)
            m_onTlsReady(*m_owner);
        if (m_state == SocketState::Closed)
            return;
    }
    if (!plain.empty() && !m_closing && m_onData && m_owner)
        m_onData(*m_owner, plain);
    if (!ok && m_state != SocketState::Closed)
        tlsFailed();
}

bool TcpConnection::Impl::tlsSend(std::string_view plain)
{
    // Gathered and encrypted once at the end of the turn (or when a record's worth is there):
    // a record per IRC line would cost a record's header, tag and cipher call for each line.
    m_tlsPlain.append(plain);
    if (m_tlsPlain.size() >= TlsRecordPlain)
        return tlsEncrypt();
    if (!m_flushScheduled)
        scheduleFlush();
    return true;
}

bool TcpConnection::Impl::tlsEncrypt()
{
    if (m_tlsPlain.empty() || m_state == SocketState::Closed)
        return true;
    // Into a buffer kept between turns: a turn's records for each member, without a fresh
    // string each time.
    const bool ok = m_tls->send(m_tlsPlain, &m_tlsWire);
    traceTls(ref(), Call::TlsEncrypt, {{}, true, {}, {}, {}}, {}, m_tlsPlain);
    m_tlsPlain.clear();
    tlsTraceSteps(); // the handshake's end may have sent what waited for it
    queue(m_tlsWire);
    if (m_tlsWire.capacity() > 4 * TlsRecordPlain)
        std::string().swap(m_tlsWire); // a burst's size is not kept for an idle member
    else
        m_tlsWire.clear();
    if (!ok)
        tlsFailed();
    return ok;
}

void TcpConnection::Impl::tlsClose()
{
    if (m_tlsError)
        return;
    if (!tlsEncrypt()) // what was sent before the close goes first
        return;
    std::string out;
    m_tls->closeNotify(&out);
    queue(out);
}

void TcpConnection::Impl::tlsFailed()
{
    if (!m_tlsError) {
        m_tlsError = m_tls->error();
        if (m_tlsError.target.empty())
            m_tlsError.target = m_peer.toString();
    }
    close(); // the alert (or the reply to a plain peer) goes first, then the FIN
}

} // namespace netcore
