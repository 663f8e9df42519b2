// SPDX-License-Identifier: GPL-3.0-or-later
// WinSock 2 side of platform.h.

#include "platform/platform.h"

#include <mstcpip.h>
#include <mswsock.h>

#include <cstring>

namespace netcore::platform {

namespace {

struct NamedError
{
    int code;
    const char* name;
    const char* text; // used when the system has no text for the code (Wine, for one)
};

constexpr NamedError kErrorNames[] = {
    {WSAEINTR, "WSAEINTR", "Interrupted function call"},
    {WSAEBADF, "WSAEBADF", "File handle is not valid"},
    {WSAEACCES, "WSAEACCES", "Permission denied"},
    {WSAEFAULT, "WSAEFAULT", "Bad address"},
    {WSAEINVAL, "WSAEINVAL", "Invalid argument"},
    {WSAEMFILE, "WSAEMFILE", "Too many open sockets"},
    {WSAEWOULDBLOCK, "WSAEWOULDBLOCK", "Resource temporarily unavailable"},
    {WSAEINPROGRESS, "WSAEINPROGRESS", "Operation now in progress"},
    {WSAEALREADY, "WSAEALREADY", "Operation already in progress"},
    {WSAENOTSOCK, "WSAENOTSOCK", "Socket operation on nonsocket"},
    {WSAEDESTADDRREQ, "WSAEDESTADDRREQ", "Destination address required"},
    {WSAEMSGSIZE, "WSAEMSGSIZE", "Message too long"},
    {WSAEPROTOTYPE, "WSAEPROTOTYPE", "Protocol wrong type for socket"},
    {WSAENOPROTOOPT, "WSAENOPROTOOPT", "Bad protocol option"},
    {WSAEPROTONOSUPPORT, "WSAEPROTONOSUPPORT", "Protocol not supported"},
    {WSAESOCKTNOSUPPORT, "WSAESOCKTNOSUPPORT", "Socket type not supported"},
    {WSAEOPNOTSUPP, "WSAEOPNOTSUPP", "Operation not supported"},
    {WSAEPFNOSUPPORT, "WSAEPFNOSUPPORT", "Protocol family not supported"},
    {WSAEAFNOSUPPORT, "WSAEAFNOSUPPORT", "Address family not supported by protocol family"},
    {WSAEADDRINUSE, "WSAEADDRINUSE", "Address already in use"},
    {WSAEADDRNOTAVAIL, "WSAEADDRNOTAVAIL", "Cannot assign requested address"},
    {WSAENETDOWN, "WSAENETDOWN", "Network is down"},
    {WSAENETUNREACH, "WSAENETUNREACH", "Network is unreachable"},
    {WSAENETRESET, "WSAENETRESET", "Network dropped connection on reset"},
    {WSAECONNABORTED, "WSAECONNABORTED", "Software caused connection abort"},
    {WSAECONNRESET, "WSAECONNRESET", "Connection reset by peer"},
    {WSAENOBUFS, "WSAENOBUFS", "No buffer space available"},
    {WSAEISCONN, "WSAEISCONN", "Socket is already connected"},
    {WSAENOTCONN, "WSAENOTCONN", "Socket is not connected"},
    {WSAESHUTDOWN, "WSAESHUTDOWN", "Cannot send after socket shutdown"},
    {WSAETIMEDOUT, "WSAETIMEDOUT", "Connection timed out"},
    {WSAECONNREFUSED, "WSAECONNREFUSED", "Connection refused"},
    {WSAEHOSTDOWN, "WSAEHOSTDOWN", "Host is down"},
    {WSAEHOSTUNREACH, "WSAEHOSTUNREACH", "No route to host"},
    {WSASYSNOTREADY, "WSASYSNOTREADY", "Network subsystem is unavailable"},
    {WSAVERNOTSUPPORTED, "WSAVERNOTSUPPORTED", "Winsock.dll version out of range"},
    {WSANOTINITIALISED, "WSANOTINITIALISED", "Successful WSAStartup not yet performed"},
    {WSAEDISCON, "WSAEDISCON", "Graceful shutdown in progress"},
    {WSAHOST_NOT_FOUND, "WSAHOST_NOT_FOUND", "Host not found"},
    {WSATRY_AGAIN, "WSATRY_AGAIN", "Nonauthoritative host not found"},
    {WSANO_RECOVERY, "WSANO_RECOVERY", "This is a nonrecoverable error"},
    {WSANO_DATA, "WSANO_DATA", "Valid name, no data record of requested type"},
    {WSATYPE_NOT_FOUND, "WSATYPE_NOT_FOUND", "Class type not found"},
    {ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY", "Not enough memory"},
};

const NamedError* findError(int code)
{
    for (const auto& entry : kErrorNames) {
        if (entry.code == code)
            return &entry;
    }
    return nullptr;
}

} // namespace

int lastError()
{
    return WSAGetLastError();
}

const char* errorName(int code)
{
    const NamedError* entry = findError(code);
    return entry ? entry->name : "";
}

std::string errorText(int code)
{
    char* text = nullptr;
    const DWORD length = FormatMessageA(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
        nullptr, static_cast<DWORD>(code), MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
        reinterpret_cast<LPSTR>(&text), 0, nullptr);
    std::string result;
    if (length > 0 && text) {
        result.assign(text, length);
        // FormatMessage ends its text with ".\r\n"; the message is shown inside a line.
        while (!result.empty() &&
               (result.back() == '\n' || result.back() == '\r' || result.back() == ' '))
            result.pop_back();
    }
    if (text)
        LocalFree(text);
    // Wine, for one, has no text for most WinSock codes ("Unknown error" or nothing).
    if (result.empty() || result.rfind("Unknown error", 0) == 0) {
        const NamedError* entry = findError(code);
        result = entry ? entry->text : "Unknown error";
    }
    return result;
}

std::string callErrorText(std::string_view operation, int code)
{
    if (operation != "bind")
        return {};
    // A TCP server binds with SO_EXCLUSIVEADDRUSE (listenerAddressOption): a second socket on its
    // port is then refused as "access denied" (the "DENIED" of Microsoft's table of binds in
    // "Sharing Transport Addresses"; Wine answers so whenever the port is taken).
    if (code == WSAEACCES)
        return "the port is in use: another socket holds it, and WinSock says \"access denied\" "
               "rather than WSAEADDRINUSE when the port is held exclusively "
               "(SO_EXCLUSIVEADDRUSE, which LanChat and most Windows servers set) or "
               "reserved by Windows";
    // FormatMessage's "Only one usage of each socket address ... is normally permitted".
    if (code == WSAEADDRINUSE)
        return "the port is in use: another socket holds it";
    return {};
}

const char* resolverErrorName(int code)
{
    return errorName(code);
}

std::string resolverErrorText(int code)
{
    // gai_strerror is documented as not thread-safe on Windows; FormatMessage is.
    return errorText(code);
}

bool resolverUsesSocketErrors()
{
    return true;
}

bool isWouldBlock(int code)
{
    return code == WSAEWOULDBLOCK;
}

bool isInterrupted(int code)
{
    return code == WSAEINTR;
}

bool isConnectInProgress(int code)
{
    // A non-blocking connect reports WSAEWOULDBLOCK; a repeated one WSAEALREADY or WSAEINVAL.
    return code == WSAEWOULDBLOCK || code == WSAEINTR || code == WSAEINPROGRESS ||
           code == WSAEALREADY || code == WSAEINVAL;
}

bool isAcceptRetriable(int code)
{
    return code == WSAEWOULDBLOCK || code == WSAEINTR || code == WSAECONNRESET;
}

bool isConnReset(int code)
{
    return code == WSAECONNRESET;
}

bool isMessageTooBig(int code)
{
    return code == WSAEMSGSIZE;
}

int errorConnRefused()
{
    return WSAECONNREFUSED;
}

int errorTooManyOpen()
{
    return WSAEMFILE;
}

int closeSocket(NativeSocket s)
{
    return ::closesocket(s) == SOCKET_ERROR ? -1 : 0;
}

int setNonBlocking(NativeSocket s)
{
    u_long on = 1;
    return ::ioctlsocket(s, FIONBIO, &on) == SOCKET_ERROR ? -1 : 0;
}

const char* nonBlockingCallName()
{
    return "ioctlsocket";
}

const char* closeCallName()
{
    return "closesocket";
}

SocketOption listenerAddressOption()
{
    // "All server applications must set SO_EXCLUSIVEADDRUSE": SO_REUSEADDR on Windows would let
    // another socket hijack the port.
    return {SOL_SOCKET, SO_EXCLUSIVEADDRUSE, "SO_EXCLUSIVEADDRUSE"};
}

SocketOption datagramShareOption()
{
    return {SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR"};
}

long long receiveDatagram(NativeSocket s, char* buf, std::size_t len, sockaddr* from,
                          SockLen* fromLen, bool* truncated, int* error)
{
    const int n = ::recvfrom(s, buf, static_cast<int>(len), 0, from, fromLen);
    if (n == SOCKET_ERROR) {
        const int code = WSAGetLastError();
        if (code == WSAEMSGSIZE) {
            // The buffer was filled and the rest of the datagram is lost.
            *error = 0;
            *truncated = true;
            return static_cast<long long>(len);
        }
        *error = code;
        *truncated = false;
        return -1;
    }
    *error = 0;
    *truncated = false;
    return n;
}

int disableUdpConnReset(NativeSocket s)
{
    BOOL off = FALSE;
    DWORD returned = 0;
    if (WSAIoctl(s, SIO_UDP_CONNRESET, &off, sizeof off, nullptr, 0, &returned, nullptr, nullptr) ==
        SOCKET_ERROR)
        return WSAGetLastError();
    return 0;
}

bool hasUdpConnResetOption()
{
    return true;
}

bool fdSetCanHold(NativeSocket, std::size_t alreadyInSet)
{
    // fd_set is an array of FD_SETSIZE handles (raised by CMake for every translation unit);
    // FD_SET silently drops a socket once it is full.
    return alreadyInSet < FD_SETSIZE;
}

std::size_t fdSetCapacity()
{
    return FD_SETSIZE;
}

int selectNfds(NativeSocket)
{
    return 0; // ignored by Windows
}

unsigned long long handleValue(NativeSocket s)
{
    return static_cast<unsigned long long>(s);
}

int runtimeStartup()
{
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data);
}

void runtimeCleanup()
{
    WSACleanup();
}

bool runtimeNeedsStartup()
{
    return true;
}

} // namespace netcore::platform
