// SPDX-License-Identifier: GPL-3.0-or-later
// TcpConnection's TLS layer: the session between the socket and the connection's user. What
// the socket reads goes into the session, the plaintext it yields to the data handler; what
// the user sends goes into the session, the records it yields to the socket. The records go
// through the same queue, flushes and trace as plain TCP's bytes.

#include "sockets/tcp_impl.h"

namespace netcore {

void TcpConnection::Impl::tlsStart()
{
    std::string out;
    const bool ok = m_tls->start(&out);
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
    std::string out;
    const bool ok = m_tls->send(plain, &out);
    queue(out);
    if (!ok)
        tlsFailed();
    return ok;
}

void TcpConnection::Impl::tlsClose()
{
    if (m_tlsError)
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
