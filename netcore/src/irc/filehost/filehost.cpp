// SPDX-License-Identifier: GPL-3.0-or-later
// FileHost, the public face of the file host: it owns the Impl and hands each call to it.

#include "irc/filehost/server.h"

namespace netcore::irc {

bool fileHostAvailable()
{
    return true;
}

FileHost::FileHost(EventLoop& loop, FileHostConfig config, Events events)
    : m_impl(std::make_unique<Impl>(loop, std::move(config), std::move(events)))
{}

FileHost::~FileHost()
{
    if (m_impl)
        m_impl->loop.assertInLoopThread("destroying a FileHost");
}

void FileHost::setUploaderCheck(UploaderCheck check)
{
    m_impl->uploaderCheck = std::move(check);
}

NetError FileHost::start(const std::optional<ListenOptions>& plain,
                         const std::optional<TlsListen>& tls)
{
    m_impl->loop.assertInLoopThread("FileHost::start");
    return m_impl->start(plain, tls);
}

void FileHost::stop()
{
    m_impl->loop.assertInLoopThread("FileHost::stop");
    m_impl->stop();
}

SocketAddress FileHost::localAddress() const
{
    return m_impl->listener ? m_impl->listener->localAddress() : SocketAddress();
}

SocketAddress FileHost::tlsAddress() const
{
    return m_impl->tlsListener ? m_impl->tlsListener->localAddress() : SocketAddress();
}

std::size_t FileHost::fileCount() const
{
    return m_impl->store.count();
}

std::uint64_t FileHost::storedBytes() const
{
    return m_impl->store.bytes();
}

std::size_t FileHost::connectionCount() const
{
    return m_impl->exchanges.size();
}

} // namespace netcore::irc
