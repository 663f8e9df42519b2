// SPDX-License-Identifier: GPL-3.0-or-later
// What FILEHOST does with a request: OPTIONS, POST /upload (who may, the limits, the body
// streamed to a .part file, 201 with Location), GET and HEAD of a stored file (streamed as the
// connection drains), and the refusals, each with its status and a log line.

#include "irc/filehost/server.h"
#include "netcore/irc/dcc.h"

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace netcore::irc {

using filehost::Request;
using filehost::Response;

namespace {

constexpr std::string_view kFilesPrefix = "/files/";
constexpr const char* kUploadAllow = "OPTIONS, POST";
constexpr const char* kFileAllow = "OPTIONS, GET, HEAD";
// A download queues at most this much before waiting for the connection to drain, and reads
// at most kPumpPerTurn in one turn of the loop (the other connections get their turn).
constexpr std::size_t kHighWater = 256 * 1024;
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kPumpPerTurn = 1024 * 1024;

// A Host header fit to build a URL from: a name or address and a port, nothing else.
bool isPlainHost(std::string_view host)
{
    return !host.empty() && host.size() <= 255 &&
           std::all_of(host.begin(), host.end(), [](char ch) {
               return std::isalnum(static_cast<unsigned char>(ch)) ||
                      std::string_view(".-:[]").find(ch) != std::string_view::npos;
           });
}

std::string sizeText(std::uint64_t bytes)
{
    return std::to_string(bytes) + " bytes";
}

// A full disk or quota: 507 Insufficient Storage (anything else failing is a 500).
int storageStatus(const NetError& error)
{
    const std::string name = errorName(error.code);
    return name == "ENOSPC" || name == "EDQUOT" ? 507 : 500;
}

} // namespace

std::string FileHost::Impl::baseUrl(const Exchange& x, const Request& request) const
{
    const std::string& configured = x.tls ? config.publicTlsUrl : config.publicUrl;
    if (!configured.empty())
        return configured;
    const std::string* host = request.header("host");
    if (host && isPlainHost(*host))
        return (x.tls ? "https://" : "http://") + *host;
    return {}; // a relative Location
}

std::string FileHost::Impl::authorize(const Exchange& x, const Request& request, int* status,
                                      bool* challenge) const
{
    *challenge = false;
    // The LAN rule: someone here is in the chat.
    if (uploaderCheck && uploaderCheck(x.connection->peerAddress()))
        return {};
    const bool basicPossible = !config.password.empty() || !config.operators.empty();
    if (const std::string* authorization = request.header("authorization")) {
        if (filehost::authScheme(*authorization) == "basic") {
            const auto credentials = filehost::parseBasic(*authorization);
            if (!credentials) {
                *status = 400;
                return "a malformed Basic Authorization header";
            }
            if (!config.password.empty() &&
                filehost::sameSecret(credentials->password, config.password))
                return {};
            for (const auto& oper : config.operators) {
                if (filehost::sameSecret(credentials->user, oper.name) &&
                    filehost::sameSecret(credentials->password, oper.password))
                    return {};
            }
            *status = 403;
            return "wrong user name or password";
        }
    }
    if (basicPossible) {
        *status = 401;
        *challenge = true;
        return "no IRC connection to the host from this address: connect to the chat first, or "
               "give the host's password (HTTP Basic, any user name)";
    }
    *status = 403;
    return "no IRC connection to the host from this address: connect to the chat first";
}

bool FileHost::Impl::onHeaders(Exchange& x, const Request& request)
{
    x.what = request.method + " " + request.target.substr(0, 200);
    if (request.httpMajor != 1) {
        refuse(x, 505, "HTTP/1.0 and HTTP/1.1 only");
        return false;
    }
    const std::string path = request.path();
    const bool isHead = request.method == "HEAD";
    if (request.method == "OPTIONS") {
        Response r;
        r.status = 204;
        if (path == FileHost::UploadPath) {
            r.headers = {{"Allow", kUploadAllow}, {"Accept-Post", "*/*"}};
        } else if (path.rfind(kFilesPrefix, 0) == 0) {
            r.headers = {{"Allow", kFileAllow}};
        } else if (request.target == "*") {
            r.headers = {{"Allow", "OPTIONS, GET, HEAD, POST"}, {"Accept-Post", "*/*"}};
        } else {
            refuse(x, 404, "no such resource");
            return false;
        }
        respond(x, r);
        return false;
    }
    if (path == FileHost::UploadPath) {
        if (request.method != "POST") {
            refuse(x, 405, "POST a file here", {{"Allow", kUploadAllow}});
            return false;
        }
        return beginUpload(x, request);
    }
    if (path.rfind(kFilesPrefix, 0) == 0) {
        if (request.method != "GET" && !isHead) {
            refuse(x, 405, "files are read with GET or HEAD", {{"Allow", kFileAllow}});
            return false;
        }
        std::string id = path.substr(kFilesPrefix.size());
        id = id.substr(0, id.find('/')); // a name after the id is for people only
        serveFile(x, request, id);
        return false;
    }
    if (path == "/" && (request.method == "GET" || isHead)) {
        Response r =
            filehost::textResponse(200, "LanChat file host. Clients upload with POST " +
                                            std::string(UploadPath) + " (IRCv3 FILEHOST).");
        respond(x, r, isHead);
        return false;
    }
    refuse(x, 404, "no such resource");
    return false;
}

bool FileHost::Impl::beginUpload(Exchange& x, const Request& request)
{
    int status = 0;
    bool challenge = false;
    const std::string denied = authorize(x, request, &status, &challenge);
    if (!denied.empty()) {
        std::vector<std::pair<std::string, std::string>> headers;
        if (challenge)
            headers.emplace_back("WWW-Authenticate", "Basic realm=\"LanChat\", charset=\"UTF-8\"");
        refuse(x, status, denied, std::move(headers));
        return false;
    }
    if (request.chunked || !request.contentLength) {
        refuse(x, 411, "an upload needs a Content-Length (chunked bodies are not taken)");
        return false;
    }
    const std::uint64_t size = *request.contentLength;
    if (size > config.maxFileBytes || size > config.maxTotalBytes) {
        refuse(x, 413,
               sizeText(size) + " is more than the host takes (" +
                   sizeText(std::min(config.maxFileBytes, config.maxTotalBytes)) + ")");
        return false;
    }
    std::string type;
    if (const std::string* contentType = request.header("content-type")) {
        std::string charset;
        if (!filehost::parseMediaType(*contentType, &type, &charset)) {
            refuse(x, 400, "a malformed Content-Type");
            return false;
        }
        if (type.rfind("multipart/", 0) == 0) {
            refuse(x, 415, "send the file itself as the body, not a form (" + type + ")");
            return false;
        }
        if (!charset.empty() && charset != "utf-8" && charset != "us-ascii") {
            refuse(x, 415, "text in " + charset + ": only UTF-8 is taken");
            return false;
        }
    }
    std::string name;
    if (const std::string* disposition = request.header("content-disposition")) {
        std::optional<std::string> fileName;
        if (!filehost::parseContentDisposition(*disposition, &fileName)) {
            refuse(x, 400, "a malformed Content-Disposition");
            return false;
        }
        if (fileName && !fileName->empty())
            name = dcc::safeFileName(*fileName); // data, never a path
    }
    if (const std::string* expect = request.header("expect")) {
        std::string value = *expect;
        std::transform(value.begin(), value.end(), value.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        if (value != "100-continue") {
            refuse(x, 417, "only Expect: 100-continue is understood");
            return false;
        }
    }
    auto [bucket, made] =
        uploadBuckets.try_emplace(x.ip, config.uploadBurst, config.uploadsPerMinute / 60.0);
    if (!bucket->second.tryTake()) {
        const auto wait = std::chrono::ceil<std::chrono::seconds>(bucket->second.waitForToken());
        refuse(x, 429,
               "too many uploads from your address; try again in " + std::to_string(wait.count()) +
                   " s",
               {{"Retry-After", std::to_string(std::max<long long>(wait.count(), 1))}});
        return false;
    }
    filehost::FileStore::Refusal refusal = filehost::FileStore::Refusal::None;
    NetError error;
    x.upload = store.begin(size, name, type, x.ip, &refusal, &error);
    if (!x.upload) {
        switch (refusal) {
        case filehost::FileStore::Refusal::TooLarge:
            refuse(x, 413, sizeText(size) + " is more than the host takes");
            break;
        case filehost::FileStore::Refusal::Busy:
            refuse(x, 503, "the space is taken by uploads in progress; try again soon",
                   {{"Retry-After", "30"}});
            break;
        default:
            refuse(x, storageStatus(error), "cannot store the file: " + error.describe());
            break;
        }
        return false;
    }
    x.phase = Exchange::Phase::Body;
    x.base = baseUrl(x, request);
    if (request.header("expect"))
        x.connection->send("HTTP/1.1 100 Continue\r\n\r\n");
    return true;
}

bool FileHost::Impl::onBody(Exchange& x, std::string_view data)
{
    if (!x.upload)
        return false;
    if (NetError e = x.upload->write(data)) {
        x.upload.reset(); // the .part file goes
        refuse(x, storageStatus(e), "cannot store the file, nothing kept: " + e.describe());
        return false;
    }
    return true;
}

void FileHost::Impl::onComplete(Exchange& x)
{
    if (!x.upload || x.phase != Exchange::Phase::Body)
        return;
    std::unique_ptr<filehost::FileStore::Upload> upload = std::move(x.upload);
    filehost::StoredFile stored;
    if (NetError e = store.commit(*upload, &stored)) {
        refuse(x, storageStatus(e), "cannot store the file, nothing kept: " + e.describe());
        return;
    }
    const std::string path =
        std::string(kFilesPrefix) + stored.id +
        (stored.name.empty() ? "" : "/" + filehost::percentEncode(stored.name));
    const std::string location = x.base + path;
    Response r;
    r.status = 201;
    r.headers = {{"Location", location}, {"Content-Type", "text/plain; charset=utf-8"}};
    r.body = location + "\n";
    log("filehost: " + x.where + " uploaded " +
        (stored.name.empty() ? std::string("a file") : "\"" + stored.name + "\"") + " (" +
        sizeText(stored.size) + (stored.type.empty() ? "" : ", " + stored.type) + "): " + location);
    respond(x, r);
}

void FileHost::Impl::onParseError(Exchange& x)
{
    if (x.upload)
        abandonUpload(x, x.parser.error());
    refuse(x, x.parser.errorStatus(), x.parser.error());
}

void FileHost::Impl::serveFile(Exchange& x, const Request& request, const std::string& id)
{
    const bool headOnly = request.method == "HEAD";
    const filehost::StoredFile* file = filehost::FileStore::isId(id) ? store.find(id) : nullptr;
    if (!file) {
        refuse(x, 404, "no such file (it may have expired)");
        return;
    }
    std::FILE* in = nullptr;
    if (!headOnly) {
        in = std::fopen(store.pathOf(*file).string().c_str(), "rb");
        if (!in) {
            const NetError e(makeFileError(errno), "fopen", store.pathOf(*file).string());
            refuse(x, 500, "cannot read the file: " + e.describe());
            return;
        }
    }
    Response r;
    r.status = 200;
    r.contentLength = file->size;
    r.headers = {
        {"Content-Type", filehost::servedType(file->type)},
        {"Content-Disposition",
         filehost::contentDisposition(filehost::servedInline(file->type) ? "inline" : "attachment",
                                      file->name)},
        {"Content-Security-Policy", "sandbox; default-src 'none'"},
        {"Cache-Control", "private, max-age=86400"},
    };
    const std::string head = filehost::formatResponse(r, true);
    if (headOnly) {
        x.phase = Exchange::Phase::Closing;
        x.connection->send(head);
        x.connection->close();
        return;
    }
    x.download = in;
    x.remaining = file->size;
    x.phase = Exchange::Phase::Sending;
    x.connection->send(head);
    pump(x);
}

void FileHost::Impl::pump(Exchange& x)
{
    if (x.phase != Exchange::Phase::Sending || !x.download)
        return;
    std::string chunk;
    std::size_t sentThisTurn = 0;
    while (x.remaining > 0 && x.connection->outboundBytes() < kHighWater) {
        if (sentThisTurn >= kPumpPerTurn) {
            // The socket takes it as fast as it comes: go on in the next turn.
            const SocketId id = x.id;
            loop.post(guarded([this, id] {
                auto it = exchanges.find(id);
                if (it != exchanges.end())
                    pump(*it->second);
            }));
            return;
        }
        chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, x.remaining)));
        const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), x.download);
        if (n == 0) {
            log("filehost: reading a file for " + x.where + " failed; closed");
            x.phase = Exchange::Phase::Closing;
            x.connection->abort();
            return;
        }
        x.remaining -= n;
        sentThisTurn += n;
        if (!x.connection->send(std::string_view(chunk.data(), n)))
            return; // closing or closed
    }
    if (x.remaining == 0) {
        std::fclose(x.download);
        x.download = nullptr;
        x.phase = Exchange::Phase::Closing;
        x.connection->close();
    }
    // Otherwise the drained handler brings the next part.
}

} // namespace netcore::irc
