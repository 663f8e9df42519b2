// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/error.h"
#include "netcore/tls.h"

#include "platform/platform.h"

#include <string>

namespace netcore {

namespace {

std::string withNumber(const char* name, int code)
{
    std::string label = (name && *name) ? name : "error";
    label += " (";
    label += std::to_string(code);
    label += ')';
    return label;
}

class SocketCategory final : public std::error_category
{
public:
    const char* name() const noexcept override { return "socket"; }
    std::string message(int code) const override
    {
        return withNumber(platform::errorName(code), code) + ": " + platform::errorText(code);
    }
};

class ResolverCategory final : public std::error_category
{
public:
    const char* name() const noexcept override { return "resolver"; }
    std::string message(int code) const override
    {
        return withNumber(platform::resolverErrorName(code), code) + ": " +
               platform::resolverErrorText(code);
    }
};

class NetcoreCategory final : public std::error_category
{
public:
    const char* name() const noexcept override { return "netcore"; }
    std::string message(int code) const override
    {
        switch (static_cast<Errc>(code)) {
        case Errc::fdSetFull:
            return "select() cannot watch this socket: it is beyond FD_SETSIZE (" +
                   std::to_string(platform::fdSetCapacity()) + ")";
        case Errc::loopStartTimeout:
            return "the event loop's thread did not start in time";
        case Errc::loopNotRunning:
            return "the event loop is not running";
        case Errc::noAddresses:
            return "the name resolved to no usable address";
        case Errc::invalidAddress:
            return "not a valid HOST[:PORT]";
        case Errc::loopUnavailable:
            return "no such event loop on this platform";
        case Errc::connectionLimit:
            return "refused by a connection limit";
        case Errc::timedOut:
            return "timed out";
        case Errc::socketClosed:
            return "the socket is closed";
        case Errc::protocolError:
            return "the peer broke the protocol";
        case Errc::refused:
            return "refused by the peer";
        }
        return "unknown netcore error " + std::to_string(code);
    }
};

} // namespace

const std::error_category& socketCategory()
{
    static const SocketCategory category;
    return category;
}

const std::error_category& resolverCategory()
{
    static const ResolverCategory category;
    return category;
}

const std::error_category& netcoreCategory()
{
    static const NetcoreCategory category;
    return category;
}

std::error_code makeSocketError(int code)
{
    return {code, socketCategory()};
}

std::error_code makeResolverError(int code)
{
    if (platform::resolverUsesSocketErrors())
        return makeSocketError(code);
    return {code, resolverCategory()};
}

std::error_code make_error_code(Errc e)
{
    return {static_cast<int>(e), netcoreCategory()};
}

std::string errorName(const std::error_code& ec)
{
    if (!ec)
        return {};
    if (ec.category() == socketCategory())
        return platform::errorName(ec.value());
    if (ec.category() == resolverCategory())
        return platform::resolverErrorName(ec.value());
    if (ec.category() == tlsCategory())
        return tlsErrorName(static_cast<TlsErrc>(ec.value()));
    return {};
}

std::string errorLabel(const std::error_code& ec)
{
    if (!ec)
        return {};
    const std::string name = errorName(ec);
    if (name.empty())
        return ec.message();
    return withNumber(name.c_str(), ec.value());
}

std::string NetError::describe() const
{
    std::string text = operation.empty() ? std::string("error") : operation;
    if (!target.empty())
        text += ' ' + target;
    text += ": ";
    if (!code)
        return text + "no error";
    const std::string more = detail.empty() ? std::string() : " (" + detail + ")";
    // Where the system's text would mislead for this call, the platform says what it means;
    // the error's name and number stay.
    if (code.category() == socketCategory()) {
        const std::string meaning = platform::callErrorText(operation, code.value());
        if (!meaning.empty())
            return text + errorLabel(code) + ": " + meaning + more;
    }
    // TLS errors are named too ("TLS_FINGERPRINT_CHANGED: ..."); their numbers mean nothing.
    if (code.category() == tlsCategory())
        return text + errorName(code) + ": " + code.message() + more;
    return text + code.message() + more;
}

} // namespace netcore
