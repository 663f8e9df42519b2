// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// FILEHOST: the host keeps files people upload over HTTP and hands back a link to post in the
// chat (the IRCv3 work-in-progress "filehost" extension: the ISUPPORT tokens soju.im/FILEHOST
// and draft/FILEHOST carry the upload URL; see docs/protocol.md).
//
//   OPTIONS /upload          204, Allow and Accept-Post
//   POST /upload             the body is the file (Content-Type, Content-Disposition's
//                            filename, Content-Length required): 201 Created with Location
//   GET|HEAD /files/ID[/NAME]  the file, with its type only from an allowlist of safe types
//
// Who may upload: anyone with a registered IRC connection to the host from the same address
// (the host tells, through the uploader check), or HTTP Basic with the host's password (any
// user name) or an operator's name and password. Limits on the size of one file, the space of
// all (the oldest files go first), how long files are kept, connections and uploads per
// address, and deadlines for slow or stalled requests. Each request gets `Connection: close`:
// one request a connection.
//
// It runs on one EventLoop (all of it in the loop's thread), beside the IrcHost or alone. The
// HTTP parsing is Debian's http-parser: where the build has no http-parser (the Windows build)
// fileHostAvailable() is false and start() says so.

#include "netcore/address.h"
#include "netcore/error.h"
#include "netcore/tcp.h"
#include "netcore/tls.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace netcore {
class EventLoop;
}

namespace netcore::irc {

struct FileHostConfig
{
    std::string directory; // where the files are kept (made if missing); required

    // The scheme://host:port the links start with, for the plain and the TLS port ("": from
    // the request's Host header).
    std::string publicUrl;
    std::string publicTlsUrl;

    // Who may upload besides those with a registered IRC connection from the same address.
    std::string password; // Basic auth with any user name and this password ("": none)
    struct Credentials
    {
        std::string name;
        std::string password;
    };
    std::vector<Credentials> operators; // Basic auth with one of these names and passwords

    // Limits.
    std::uint64_t maxFileBytes = 25ull << 20;   // one file: larger is 413
    std::uint64_t maxTotalBytes = 500ull << 20; // all files: the oldest go to make room
    std::chrono::seconds expiry{7 * 24 * 3600}; // a file is removed this long after upload
    std::size_t maxConnections = 64;
    std::size_t maxConnectionsPerAddress = 8;
    // Uploads per address: a token bucket (a burst, then so many a minute; 0: no limit).
    double uploadBurst = 10;
    double uploadsPerMinute = 10;
    // Deadlines: the request line and headers; no byte in either direction for this long;
    // a whole request, its body included.
    std::chrono::milliseconds headerTimeout{10000};
    std::chrono::milliseconds idleTimeout{30000};
    std::chrono::milliseconds requestTimeout{600000};
    // How often expired files are looked for (the expiry itself is exact: an expired file is
    // never served).
    std::chrono::milliseconds sweepInterval{60000};
};

class FileHost
{
public:
    struct Events
    {
        // Uploads, downloads refused, errors: one readable line each, with the peer's address.
        std::function<void(const std::string&)> log;
    };
    // Whether someone at this address has a registered IRC connection to the host.
    using UploaderCheck = std::function<bool(const SocketAddress& peer)>;

    // The path clients POST to.
    static constexpr const char* UploadPath = "/upload";

    // Loop thread for everything.
    FileHost(EventLoop& loop, FileHostConfig config, Events events = {});
    ~FileHost();
    FileHost(const FileHost&) = delete;
    FileHost& operator=(const FileHost&) = delete;

    void setUploaderCheck(UploaderCheck check);

    // Opens the store (files left from before are kept, within the limits; unfinished uploads
    // are removed) and listens: plain HTTP, HTTPS with `tls`'s certificate, or both.
    struct TlsListen
    {
        ListenOptions listen;
        TlsIdentity identity;
        std::shared_ptr<TlsContext> context; // made from `identity` when null
    };
    NetError start(const std::optional<ListenOptions>& plain,
                   const std::optional<TlsListen>& tls = std::nullopt);
    // Closes the listeners and every connection (an upload in progress is removed).
    void stop();

    SocketAddress localAddress() const; // the plain port's
    SocketAddress tlsAddress() const;
    std::size_t fileCount() const;
    std::uint64_t storedBytes() const;
    std::size_t connectionCount() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// Whether this build has FILEHOST (false where http-parser was not found).
bool fileHostAvailable();

} // namespace netcore::irc
