// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The client side of FILEHOST (netcore/irc/filehost.h, docs/protocol.md): uploading a file to
// the URL a server advertises (IrcClient::fileHostUrl()) and fetching files back from the same
// host, for thumbnails. HTTP/1.1, one request a connection, over netcore's TCP (and TLS for
// https:// URLs, trusting what the IRC connection trusts: the caller passes its
// TlsClientOptions), the answer parsed by http-parser.
//
//   upload   POST URL with Content-Length, Content-Type, Content-Disposition (filename*,
//            RFC 8187, for a name that is not ASCII) and, when given, HTTP Basic credentials;
//            the body streamed from disk as the connection drains (never whole in memory).
//            201 (or 200) with Location: done; the Location made absolute against the URL.
//   fetch    GET URL with a byte limit, only of a URL on the allowed origin (the file host's
//            scheme, host and port): a link to anywhere else is refused before any socket is
//            made, so showing thumbnails never fetches arbitrary web links. Redirects are not
//            followed.
//   head     the same with HEAD: a shared file's size and type without its bytes (a file line
//            in the chat says how large a file is before anyone downloads it).
//
// Each request has a deadline for the whole and for a stall (no byte moving either way).
// Errors are NetError values: FileHostErrc's (FILEHOST_HTTP_STATUS with the status, ...), the
// socket's, TLS's (TLS_FINGERPRINT_CHANGED) or a file's (ENOENT). Where the build has no
// http-parser (the Windows build) fileHostClientAvailable() is false and every request ends
// with FILEHOST_UNAVAILABLE; the URL functions work everywhere.

#include "netcore/error.h"
#include "netcore/tls.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace netcore {
class EventLoop;
}

namespace netcore::irc {

enum class FileHostErrc
{
    badUrl = 1,    // not an http:// or https:// URL with a host (NetError::detail says why)
    foreignOrigin, // a fetch of a URL that is not on the file host's origin: refused
    httpStatus,    // the server answered with an error status (the result's status)
    tooLarge,      // more bytes than the limit (an upload over maxBytes, a fetch over its)
    timedOut,      // the request's deadline passed, or nothing moved for its stall timeout
    badResponse,   // not HTTP, cut short, or a success without Location
    cancelled,     // cancel()ed (handlers are not called then; for callers' bookkeeping)
    unavailable,   // this build has no HTTP client (no http-parser: the Windows build)
};
const std::error_category& fileHostCategory();
std::error_code make_error_code(FileHostErrc e);
// "FILEHOST_BAD_URL", "FILEHOST_HTTP_STATUS", ...; netcore::errorName() gives them too.
const char* fileHostErrorName(FileHostErrc e);

// An http:// or https:// URL taken apart.
struct HttpUrl
{
    bool tls = false;       // https
    std::string host;       // a name or an address; an IPv6 literal without its brackets
    std::uint16_t port = 0; // as given, else 80 or 443
    std::string target;     // path and query as given ("/" when there is none); no fragment
    std::string userInfo;   // "user:password" before '@' ("" none; never sent by itself)
    bool explicitPort = false;

    // "https://[::1]:8443": scheme, host (lower case) and port, the port always written.
    std::string origin() const;
    // The Host header: host (bracketed when IPv6) and the port when not the scheme's default.
    std::string hostHeader() const;
    // The URL again (without user info): origin() + target.
    std::string toString() const;
};

// Parses an absolute http:// or https:// URL (the scheme in any case; host a name, IPv4 or
// [IPv6]; an optional port 1-65535; the rest the target). nullopt and *error
// (FILEHOST_BAD_URL, with why in detail) otherwise: another scheme, no host, a bad port, spaces
// or control characters.
std::optional<HttpUrl> parseHttpUrl(std::string_view url, NetError* error = nullptr);
// Whether two URLs have the same origin (scheme, host without regard to case, port).
bool sameOrigin(const HttpUrl& a, const HttpUrl& b);
// A Location header made absolute against the URL it answered ("/files/x" on base's origin; a
// relative path against base's directory); "" when it is neither absolute http(s) nor
// relative.
std::string resolveLocation(const HttpUrl& base, std::string_view location);

struct FileUploadRequest
{
    std::string url; // the FILEHOST upload URL
    // What to send: the file at localPath (streamed from disk), or, when localPath is empty,
    // `bytes` (a pasted picture, say).
    std::string localPath;
    std::string bytes;
    std::string fileName;    // the name for Content-Disposition ("": localPath's last part)
    std::string contentType; // "": application/octet-stream
    // HTTP Basic credentials, sent when password is not empty (user name may be empty).
    std::string user;
    std::string password;
    std::uint64_t maxBytes = 0; // larger is refused before connecting (FILEHOST_TOO_LARGE); 0: none
    std::chrono::milliseconds timeout{10 * 60 * 1000}; // the whole request
    std::chrono::milliseconds stallTimeout{30000};     // no byte moving either way
};

struct FileUploadResult
{
    int status = 0;       // the HTTP status (0: no answer came)
    std::string location; // the file's absolute URL (on success)
    std::uint64_t size = 0;
    NetError error; // empty on success
};

struct FileFetchRequest
{
    std::string url;
    // The origin fetches are allowed to (a URL on it, e.g. the upload URL): any other URL is
    // refused without connecting (FILEHOST_FOREIGN_ORIGIN); "" refuses every URL.
    std::string allowedOrigin;
    std::uint64_t maxBytes = 8ull << 20; // more is FILEHOST_TOO_LARGE (stopped at once)
    bool headOnly = false; // HEAD: the size and type, no body (maxBytes does not apply)
    std::chrono::milliseconds timeout{30000};
    std::chrono::milliseconds stallTimeout{10000};
};

struct FileFetchResult
{
    int status = 0;
    std::string contentType; // as the server said it ("image/png")
    std::string bytes;       // the body (on success; none for headOnly)
    // The file's size: its Content-Length (for headOnly, what a GET would bring), else the
    // bytes that came; nullopt when a HEAD's answer did not say.
    std::optional<std::uint64_t> size;
    NetError error;
};

class FileHostClient
{
public:
    using Id = std::uint64_t;
    using UploadHandler = std::function<void(Id, const FileUploadResult&)>;
    // Bytes of the body taken by the connection so far, of `total`.
    using ProgressHandler = std::function<void(Id, std::uint64_t sent, std::uint64_t total)>;
    using FetchHandler = std::function<void(Id, const FileFetchResult&)>;

    // Loop thread for everything. `tls`: how https:// URLs are trusted (the IRC connection's
    // options: its pinned fingerprint); serverName "" means the URL's host.
    explicit FileHostClient(EventLoop& loop, TlsClientOptions tls = {});
    // Cuts off every request in progress; no handler is called after.
    ~FileHostClient();
    FileHostClient(const FileHostClient&) = delete;
    FileHostClient& operator=(const FileHostClient&) = delete;

    void setTlsOptions(TlsClientOptions tls); // for the requests that start after

    // Each returns the request's id (never 0). The handler is called once, later, in the loop
    // thread (never inside these calls), also for a request refused at once (a bad URL, a
    // foreign origin, a file that cannot be read). It may destroy this client.
    Id upload(FileUploadRequest request, UploadHandler done, ProgressHandler progress = {});
    Id fetch(FileFetchRequest request, FetchHandler done);
    // Stops a request; its handler is not called.
    void cancel(Id id);
    std::size_t activeRequests() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// Whether this build has the FILEHOST client (false where http-parser was not found).
bool fileHostClientAvailable();

} // namespace netcore::irc

template <> struct std::is_error_code_enum<netcore::irc::FileHostErrc> : std::true_type
{};
