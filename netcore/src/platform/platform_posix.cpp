// SPDX-License-Identifier: GPL-3.0-or-later
// BSD sockets (Linux) side of platform.h.

#include "platform/platform.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/select.h>
#include <unistd.h>

namespace netcore::platform {

namespace {

struct NamedError
{
    int code;
    const char* name;
};

// The errors a socket program meets. EWOULDBLOCK equals EAGAIN on Linux, so it is listed once.
constexpr NamedError kErrorNames[] = {
    {EPERM, "EPERM"},
    {ENOENT, "ENOENT"},
    {EINTR, "EINTR"},
    {EIO, "EIO"},
    {EBADF, "EBADF"},
    {EAGAIN, "EAGAIN"},
    {ENOMEM, "ENOMEM"},
    {EACCES, "EACCES"},
    {EFAULT, "EFAULT"},
    {EINVAL, "EINVAL"},
    {ENFILE, "ENFILE"},
    {EMFILE, "EMFILE"},
    {EPIPE, "EPIPE"},
    {ENOTSOCK, "ENOTSOCK"},
    {EDESTADDRREQ, "EDESTADDRREQ"},
    {EMSGSIZE, "EMSGSIZE"},
    {EPROTOTYPE, "EPROTOTYPE"},
    {ENOPROTOOPT, "ENOPROTOOPT"},
    {EPROTONOSUPPORT, "EPROTONOSUPPORT"},
    {ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"},
    {EOPNOTSUPP, "EOPNOTSUPP"},
    {EPFNOSUPPORT, "EPFNOSUPPORT"},
    {EAFNOSUPPORT, "EAFNOSUPPORT"},
    {EADDRINUSE, "EADDRINUSE"},
    {EADDRNOTAVAIL, "EADDRNOTAVAIL"},
    {ENETDOWN, "ENETDOWN"},
    {ENETUNREACH, "ENETUNREACH"},
    {ENETRESET, "ENETRESET"},
    {ECONNABORTED, "ECONNABORTED"},
    {ECONNRESET, "ECONNRESET"},
    {ENOBUFS, "ENOBUFS"},
    {EISCONN, "EISCONN"},
    {ENOTCONN, "ENOTCONN"},
    {ESHUTDOWN, "ESHUTDOWN"},
    {ETIMEDOUT, "ETIMEDOUT"},
    {ECONNREFUSED, "ECONNREFUSED"},
    {EHOSTDOWN, "EHOSTDOWN"},
    {EHOSTUNREACH, "EHOSTUNREACH"},
    {EALREADY, "EALREADY"},
    {EINPROGRESS, "EINPROGRESS"},
};

constexpr NamedError kResolverNames[] = {
    {EAI_AGAIN, "EAI_AGAIN"},           {EAI_BADFLAGS, "EAI_BADFLAGS"}, {EAI_FAIL, "EAI_FAIL"},
    {EAI_FAMILY, "EAI_FAMILY"},         {EAI_MEMORY, "EAI_MEMORY"},     {EAI_NONAME, "EAI_NONAME"},
    {EAI_SERVICE, "EAI_SERVICE"},       {EAI_SOCKTYPE, "EAI_SOCKTYPE"}, {EAI_SYSTEM, "EAI_SYSTEM"},
#ifdef EAI_NODATA
    {EAI_NODATA, "EAI_NODATA"},
#endif
#ifdef EAI_ADDRFAMILY
    {EAI_ADDRFAMILY, "EAI_ADDRFAMILY"},
#endif
};

template <std::size_t N> const char* lookup(const NamedError (&table)[N], int code)
{
    for (const auto& entry : table) {
        if (entry.code == code)
            return entry.name;
    }
    return "";
}

} // namespace

int lastError()
{
    return errno;
}

const char* errorName(int code)
{
    return lookup(kErrorNames, code);
}

std::string errorText(int code)
{
    char buffer[256] = {};
    // The GNU strerror_r returns the text, which may or may not be in the buffer.
    const char* text = strerror_r(code, buffer, sizeof buffer);
    return text ? std::string(text) : std::string("Unknown error");
}

std::string callErrorText(std::string_view, int)
{
    return {}; // strerror says it well enough ("Address already in use")
}

const char* resolverErrorName(int code)
{
    return lookup(kResolverNames, code);
}

std::string resolverErrorText(int code)
{
    // glibc's gai_strerror returns static strings and is thread-safe.
    return gai_strerror(code);
}

bool resolverUsesSocketErrors()
{
    return false;
}

bool isWouldBlock(int code)
{
    return code == EAGAIN || code == EWOULDBLOCK;
}

bool isInterrupted(int code)
{
    return code == EINTR;
}

bool isConnectInProgress(int code)
{
    return code == EINPROGRESS || code == EINTR;
}

bool isAcceptRetriable(int code)
{
    return isWouldBlock(code) || code == EINTR || code == ECONNABORTED;
}

bool isConnReset(int code)
{
    return code == ECONNRESET;
}

bool isMessageTooBig(int code)
{
    return code == EMSGSIZE;
}

int errorConnRefused()
{
    return ECONNREFUSED;
}

int errorTooManyOpen()
{
    return EMFILE;
}

int closeSocket(NativeSocket s)
{
    return ::close(s);
}

int setNonBlocking(NativeSocket s)
{
    const int flags = ::fcntl(s, F_GETFL, 0);
    if (flags < 0)
        return -1;
    return ::fcntl(s, F_SETFL, flags | O_NONBLOCK) < 0 ? -1 : 0;
}

const char* nonBlockingCallName()
{
    return "fcntl";
}

const char* closeCallName()
{
    return "close";
}

SocketOption listenerAddressOption()
{
    // Lets a restarted server bind while old connections sit in TIME_WAIT; a second active
    // listener still gets EADDRINUSE.
    return {SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR"};
}

SocketOption datagramShareOption()
{
    return {SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR"};
}

long long receiveDatagram(NativeSocket s, char* buf, std::size_t len, sockaddr* from,
                          SockLen* fromLen, bool* truncated, int* error)
{
    // MSG_TRUNC makes recvfrom return the datagram's real length even when it did not fit.
    const ssize_t n = ::recvfrom(s, buf, len, MSG_TRUNC, from, fromLen);
    if (n < 0) {
        *error = errno;
        *truncated = false;
        return -1;
    }
    *error = 0;
    *truncated = static_cast<std::size_t>(n) > len;
    return *truncated ? static_cast<long long>(len) : static_cast<long long>(n);
}

int disableUdpConnReset(NativeSocket)
{
    return 0;
}

bool hasUdpConnResetOption()
{
    return false;
}

bool fdSetCanHold(NativeSocket s, std::size_t)
{
    // FD_SET with a descriptor >= FD_SETSIZE writes outside the fd_set: the value is the limit.
    return s >= 0 && s < FD_SETSIZE;
}

std::size_t fdSetCapacity()
{
    return FD_SETSIZE;
}

int selectNfds(NativeSocket maxSocket)
{
    return maxSocket + 1;
}

unsigned long long handleValue(NativeSocket s)
{
    return static_cast<unsigned long long>(s);
}

int runtimeStartup()
{
    return 0;
}

void runtimeCleanup() {}

bool runtimeNeedsStartup()
{
    return false;
}

} // namespace netcore::platform
