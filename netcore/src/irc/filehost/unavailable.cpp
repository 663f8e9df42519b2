// SPDX-License-Identifier: GPL-3.0-or-later
// FileHost in a build without http-parser (the Windows build): it exists, so that callers need
// no #ifdef, but start() says that this build has no file host.

#include "netcore/irc/filehost.h"

namespace netcore::irc {

struct FileHost::Impl
{};

bool fileHostAvailable()
{
    return false;
}

FileHost::FileHost(EventLoop&, FileHostConfig, Events)
    : m_impl(std::make_unique<Impl>())
{}

FileHost::~FileHost() = default;

void FileHost::setUploaderCheck(UploaderCheck) {}

NetError FileHost::start(const std::optional<ListenOptions>&, const std::optional<TlsListen>&)
{
    return {std::make_error_code(std::errc::function_not_supported),
            "filehost",
            {},
            "this build has no file host (it needs http-parser, which the Windows build lacks)"};
}

void FileHost::stop() {}

SocketAddress FileHost::localAddress() const
{
    return {};
}

SocketAddress FileHost::tlsAddress() const
{
    return {};
}

std::size_t FileHost::fileCount() const
{
    return 0;
}

std::uint64_t FileHost::storedBytes() const
{
    return 0;
}

std::size_t FileHost::connectionCount() const
{
    return 0;
}

} // namespace netcore::irc
