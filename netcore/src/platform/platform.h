// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one header that knows whether it is on WinSock or on BSD sockets (asio's socket_types.hpp
// is the model). It absorbs the system headers and names the handle type, the invalid value, the
// error retrieval and the retriable-error predicates; everything else in netcore uses only these
// names. The functions are implemented in platform_win.cpp and platform_posix.cpp, one of which
// CMake compiles. Private to netcore: no public header includes it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#ifdef _WIN32
#include <windows.h>
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/types.h>
#endif

namespace netcore::platform {

#ifdef _WIN32
// SOCKET is an unsigned, pointer-sized integer (UINT_PTR): never store it in an int.
using NativeSocket = SOCKET;
inline constexpr NativeSocket kInvalidSocket = INVALID_SOCKET;
using SockLen = int;
using IoResult = int;                // send/recv return int
using IoSize = int;                  // and take an int length
inline constexpr int kSendFlags = 0; // no SIGPIPE on Windows
inline constexpr int kShutRead = SD_RECEIVE;
inline constexpr int kShutWrite = SD_SEND;
inline constexpr int kShutBoth = SD_BOTH;
inline constexpr bool kIsWindows = true;
#else
using NativeSocket = int;
inline constexpr NativeSocket kInvalidSocket = -1;
using SockLen = socklen_t;
using IoResult = ssize_t;
using IoSize = size_t;
// A peer that closed must give EPIPE, never a SIGPIPE that kills the process.
inline constexpr int kSendFlags = MSG_NOSIGNAL;
inline constexpr int kShutRead = SHUT_RD;
inline constexpr int kShutWrite = SHUT_WR;
inline constexpr int kShutBoth = SHUT_RDWR;
inline constexpr bool kIsWindows = false;
#endif

// --- errors ------------------------------------------------------------------------------------

// The error of the last failing socket call on this thread: WSAGetLastError() or errno.
int lastError();
// Symbolic name ("WSAECONNREFUSED", "ECONNREFUSED") or "" if unknown.
const char* errorName(int code);
// The system's text for the code (FormatMessage or strerror).
std::string errorText(int code);
// What the error means for the call that failed (`operation` as NetError names it: "bind", ...)
// where the system's text would mislead, else "". WinSock's bind() says WSAEACCES, "access
// denied", for a port another socket holds exclusively: the port is in use (winsock-notes 1.8).
std::string callErrorText(std::string_view operation, int code);
// getaddrinfo's result code turned into a name and text; on Windows it is a WSA code already.
const char* resolverErrorName(int code);
std::string resolverErrorText(int code);
// True if getaddrinfo's result codes share the socket error space (Windows) rather than EAI_*.
bool resolverUsesSocketErrors();

// Retriable-error predicates (libevent's util-internal.h).
bool isWouldBlock(int code);  // EAGAIN/EWOULDBLOCK, WSAEWOULDBLOCK
bool isInterrupted(int code); // EINTR, WSAEINTR
bool isConnectInProgress(
    int code); // EINPROGRESS, WSAEWOULDBLOCK/WSAEINPROGRESS/WSAEALREADY/WSAEINVAL
bool isAcceptRetriable(int code); // would-block, interrupted, ECONNABORTED on POSIX
bool isConnReset(int code);       // ECONNRESET, WSAECONNRESET
bool isMessageTooBig(int code);   // WSAEMSGSIZE (a truncated datagram on Windows)

// The numbers of a few well-known errors, for code that must produce or compare them.
int errorConnRefused();
int errorTooManyOpen(); // EMFILE / WSAEMFILE

// --- calls whose name or shape differs ----------------------------------------------------------

// closesocket() / close().
int closeSocket(NativeSocket s);
// ioctlsocket(FIONBIO) / fcntl(O_NONBLOCK). Returns 0 or -1 with lastError() set.
int setNonBlocking(NativeSocket s);
const char* nonBlockingCallName(); // "ioctlsocket(FIONBIO)" / "fcntl(O_NONBLOCK)"
const char* closeCallName();       // "closesocket" / "close"

// Socket options whose meaning differs by platform (winsock-notes 1.8): the option a TCP server
// sets before bind (SO_EXCLUSIVEADDRUSE / SO_REUSEADDR) and the one that lets several UDP sockets
// share a port (SO_REUSEADDR on both).
struct SocketOption
{
    int level;
    int name;
    const char* text;
};
SocketOption listenerAddressOption();
SocketOption datagramShareOption();

// recvfrom() that reports a truncated datagram (MSG_TRUNC on Linux, WSAEMSGSIZE on Windows).
// Returns the bytes stored (<= len) or -1 with *error set; *truncated says whether some were lost.
long long receiveDatagram(NativeSocket s, char* buf, std::size_t len, sockaddr* from,
                          SockLen* fromLen, bool* truncated, int* error);

// Turns off SIO_UDP_CONNRESET on Windows (an ICMP port unreachable otherwise fails the next
// recvfrom with WSAECONNRESET); nothing on POSIX. Returns 0 or the error.
int disableUdpConnReset(NativeSocket s);
bool hasUdpConnResetOption();

// select(): whether an fd_set can hold this socket, given how many are already in the set.
// Linux limits the descriptor's value (FD_SET beyond FD_SETSIZE writes out of bounds); Windows
// limits the count (FD_SET silently drops the socket when the array is full).
bool fdSetCanHold(NativeSocket s, std::size_t alreadyInSet);
std::size_t fdSetCapacity();
// select()'s first argument: max descriptor + 1 on POSIX, ignored on Windows.
int selectNfds(NativeSocket maxSocket);

// The handle value for display in the trace's arguments.
unsigned long long handleValue(NativeSocket s);

// --- runtime -------------------------------------------------------------------------------------

// WSAStartup(2.2) / WSACleanup; no-ops on POSIX. startup returns 0 or the error.
int runtimeStartup();
void runtimeCleanup();
bool runtimeNeedsStartup();

} // namespace netcore::platform
