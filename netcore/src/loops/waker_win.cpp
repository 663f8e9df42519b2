// SPDX-License-Identifier: GPL-3.0-or-later
#include "loops/waker.h"

#include "netcore/error.h"

namespace netcore {

namespace {

void closeQuietly(SOCKET& s)
{
    if (s != INVALID_SOCKET)
        ::closesocket(s);
    s = INVALID_SOCKET;
}

} // namespace

std::error_code Waker::open()
{
    // A connected 127.0.0.1 TCP pair: select() on Windows accepts nothing but sockets.
    SOCKET listener = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == INVALID_SOCKET)
        return makeSocketError(WSAGetLastError());
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    int length = sizeof address;
    BOOL exclusive = TRUE;
    ::setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                 reinterpret_cast<const char*>(&exclusive), sizeof exclusive);
    int error = 0;
    if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == SOCKET_ERROR ||
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == SOCKET_ERROR ||
        ::listen(listener, 1) == SOCKET_ERROR) {
        error = WSAGetLastError();
        closeQuietly(listener);
        return makeSocketError(error);
    }
    m_write = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (m_write == INVALID_SOCKET ||
        ::connect(m_write, reinterpret_cast<sockaddr*>(&address), sizeof address) == SOCKET_ERROR) {
        error = WSAGetLastError();
        closeQuietly(listener);
        closeQuietly(m_write);
        return makeSocketError(error);
    }
    m_read = ::accept(listener, nullptr, nullptr);
    if (m_read == INVALID_SOCKET)
        error = WSAGetLastError();
    closeQuietly(listener);
    if (error) {
        closeQuietly(m_write);
        return makeSocketError(error);
    }
    u_long on = 1;
    ::ioctlsocket(m_read, FIONBIO, &on);
    ::ioctlsocket(m_write, FIONBIO, &on);
    BOOL noDelay = TRUE;
    ::setsockopt(m_write, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&noDelay),
                 sizeof noDelay);
    return {};
}

void Waker::close()
{
    closeQuietly(m_read);
    closeQuietly(m_write);
}

void Waker::wake()
{
    if (m_pending.exchange(true))
        return;
    const char byte = 1;
    ::send(m_write, &byte, 1, 0);
}

void Waker::drain()
{
    char buffer[64];
    while (::recv(m_read, buffer, sizeof buffer, 0) > 0) {
    }
    // Cleared after reading: a wake() that saw the flag still set and wrote nothing had queued
    // its work before, and the loop runs queued work after this drain.
    m_pending = false;
}

} // namespace netcore
