// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Errors are values. A failing socket call reaches its caller as a std::error_code in one of
// netcore's categories, together with the operation and the address it concerned (NetError).
//
//   socketCategory():   WSAGetLastError()/errno values. message() gives the symbolic name, the
//                       number and the system text: "ECONNREFUSED (111): Connection refused",
//                       "WSAECONNREFUSED (10061): No connection could be made ...".
//   resolverCategory(): getaddrinfo results on POSIX (EAI_*); Windows uses the socket category.
//   netcoreCategory():  netcore's own conditions (Errc), e.g. a socket select() cannot hold.
//   tlsCategory():      the TLS layer's (TlsErrc, netcore/tls.h), with the library's words in
//                       NetError::detail.
//   fileCategory():     errno values of file calls (the C runtime's on both systems):
//                       "ENOSPC (28): No space left on device".
// A category whose codes have symbolic names derives from NamedErrorCategory, so errorName()
// knows them whichever layer defines them (TLS_NOT_TLS, DCC_STALLED, ENOSPC).

#include <string>
#include <system_error>
#include <utility>

namespace netcore {

enum class Errc
{
    fdSetFull = 1,    // select() cannot hold the socket (FD_SETSIZE)
    loopStartTimeout, // a loop thread did not come up in time
    loopNotRunning,   // the loop has stopped; the call was not made
    noAddresses,      // the name resolved to no usable address
    invalidAddress,   // a HOST[:PORT] text that cannot be parsed
    loopUnavailable,  // an event loop name that does not exist on this platform
    connectionLimit,  // refused by a configured limit
    timedOut,         // a netcore timer expired (connect timeout and the like)
    socketClosed,     // the socket was closed before the call
    protocolError,    // the peer broke the protocol (a line without end beyond the limit)
    refused,          // the peer refused us (an IRC server: wrong password, banned, nick taken)
};

class NamedErrorCategory : public std::error_category
{
public:
    // "TLS_NOT_TLS", "ENOSPC"; "" when the code has none.
    virtual const char* symbolicName(int code) const noexcept = 0;
};

const std::error_category& socketCategory();
const std::error_category& resolverCategory();
const std::error_category& netcoreCategory();
const std::error_category& fileCategory();

std::error_code makeSocketError(int code);
std::error_code makeResolverError(int code);
// An errno value from a file call (fopen, fwrite, rename, ...).
std::error_code makeFileError(int code);
std::error_code make_error_code(Errc e);

// The symbolic name alone ("ECONNREFUSED", "WSAEWOULDBLOCK", "EAI_NONAME"), or "" if none.
std::string errorName(const std::error_code& ec);
// "NAME (number)" as the trace shows it, e.g. "EAGAIN (11)"; "" for no error.
std::string errorLabel(const std::error_code& ec);

// An error with what was being done and to what: "connect to 127.0.0.1:1".
struct NetError
{
    NetError() = default;
    NetError(std::error_code c, std::string op = {}, std::string what = {}, std::string more = {})
        : code(c)
        , operation(std::move(op))
        , target(std::move(what))
        , detail(std::move(more))
    {}

    std::error_code code;
    std::string operation; // "connect", "bind", "getaddrinfo", ...
    std::string target;    // the address or name concerned, may be empty
    std::string detail;    // more, in a library's words (OpenSSL's error text), may be empty

    explicit operator bool() const { return static_cast<bool>(code); }
    // "connect 127.0.0.1:1: ECONNREFUSED (111): Connection refused"; the detail after it in
    // parentheses
    std::string describe() const;
};

} // namespace netcore

template <> struct std::is_error_code_enum<netcore::Errc> : std::true_type
{};
