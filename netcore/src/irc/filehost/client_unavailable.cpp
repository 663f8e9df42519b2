// SPDX-License-Identifier: GPL-3.0-or-later
// FileHostClient in a build without http-parser (the Windows build): it exists, so that callers
// need no #ifdef, but every request ends with FILEHOST_UNAVAILABLE (its handler called later,
// in the loop thread, as always).

#include "netcore/event_loop.h"
#include "netcore/irc/filehost_client.h"

namespace netcore::irc {

namespace {

NetError unavailable()
{
    return {make_error_code(FileHostErrc::unavailable),
            "filehost",
            {},
            "this build has no file host client (it needs http-parser, which the Windows build "
            "lacks)"};
}

} // namespace

struct FileHostClient::Impl
{
    EventLoop& loop;
    Id nextId = 1;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
};

bool fileHostClientAvailable()
{
    return false;
}

FileHostClient::FileHostClient(EventLoop& loop, TlsClientOptions)
    : m_impl(std::make_unique<Impl>(Impl{loop}))
{}

FileHostClient::~FileHostClient() = default;

void FileHostClient::setTlsOptions(TlsClientOptions) {}

FileHostClient::Id FileHostClient::upload(FileUploadRequest, UploadHandler done, ProgressHandler)
{
    const Id id = m_impl->nextId++;
    if (done)
        m_impl->loop.post([weak = std::weak_ptr<int>(m_impl->alive), done, id] {
            FileUploadResult result;
            result.error = unavailable();
            if (weak.lock())
                done(id, result);
        });
    return id;
}

FileHostClient::Id FileHostClient::fetch(FileFetchRequest, FetchHandler done)
{
    const Id id = m_impl->nextId++;
    if (done)
        m_impl->loop.post([weak = std::weak_ptr<int>(m_impl->alive), done, id] {
            FileFetchResult result;
            result.error = unavailable();
            if (weak.lock())
                done(id, result);
        });
    return id;
}

void FileHostClient::cancel(Id) {}

std::size_t FileHostClient::activeRequests() const
{
    return 0;
}

} // namespace netcore::irc
