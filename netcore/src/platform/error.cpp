// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/error.h"

#include "platform/platform.h"

#include <cerrno>
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

// The errno values file calls set (the C runtime's numbers, the same names on both systems).
const char* fileErrorName(int code)
{
    switch (code) {
#define LANCHAT_ERRNO(name)                                                                        \
    case name:                                                                                     \
        return #name;
        LANCHAT_ERRNO(EPERM)
        LANCHAT_ERRNO(ENOENT)
        LANCHAT_ERRNO(EIO)
        LANCHAT_ERRNO(EBADF)
        LANCHAT_ERRNO(ENOMEM)
        LANCHAT_ERRNO(EACCES)
        LANCHAT_ERRNO(EBUSY)
        LANCHAT_ERRNO(EEXIST)
        LANCHAT_ERRNO(EXDEV)
        LANCHAT_ERRNO(ENOTDIR)
        LANCHAT_ERRNO(EISDIR)
        LANCHAT_ERRNO(EINVAL)
        LANCHAT_ERRNO(ENFILE)
        LANCHAT_ERRNO(EMFILE)
        LANCHAT_ERRNO(EFBIG)
        LANCHAT_ERRNO(ENOSPC)
        LANCHAT_ERRNO(ESPIPE)
        LANCHAT_ERRNO(EROFS)
        LANCHAT_ERRNO(ENAMETOOLONG)
#ifdef EDQUOT
        LANCHAT_ERRNO(EDQUOT)
#endif
#ifdef ELOOP
        LANCHAT_ERRNO(ELOOP)
#endif
#undef LANCHAT_ERRNO
    }
    return "";
}

class FileCategory final : public NamedErrorCategory
{
public:
    const char* name() const noexcept override { return "file"; }
    const char* symbolicName(int code) const noexcept override { return fileErrorName(code); }
    std::string message(int code) const override
    {
        return withNumber(fileErrorName(code), code) + ": " + std::generic_category().message(code);
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

const std::error_category& fileCategory()
{
    static const FileCategory category;
    return category;
}

std::error_code makeFileError(int code)
{
    return {code, fileCategory()};
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
    if (const auto* named = dynamic_cast<const NamedErrorCategory*>(&ec.category()))
        return named->symbolicName(ec.value());
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
    // File errors are told as socket errors are: "ENOSPC (28): No space left on device".
    if (code.category() == fileCategory())
        return text + code.message() + more;
    // Other named errors ("TLS_FINGERPRINT_CHANGED: ...", "DCC_STALLED: ..."): their numbers
    // mean nothing.
    if (dynamic_cast<const NamedErrorCategory*>(&code.category()) && !errorName(code).empty())
        return text + errorName(code) + ": " + code.message() + more;
    return text + code.message() + more;
}

} // namespace netcore
