// SPDX-License-Identifier: GPL-3.0-or-later
// The FILEHOST client (netcore/irc/filehost_client.h) against a real FileHost over loopback,
// on each loop: an IrcHost advertising it, a client engine registered from 127.0.0.1 (so the
// host's LAN rule lets uploads in), uploads of a file and of bytes, fetching them back, the
// limits, the refusals, the deadlines and HTTPS with a pinned fingerprint. The URL parsing is
// tested in memory.

#include "irc_client_support.h"
#include "netcore/irc/filehost.h"
#include "netcore/irc/filehost_client.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>

namespace netcore::irc {
namespace {

namespace fs = std::filesystem;

std::string randomBytes(std::size_t size, unsigned seed)
{
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (char& ch : bytes)
        ch = static_cast<char>(random() & 0xff);
    return bytes;
}

class FileHostClientTest : public ClientTest
{
protected:
    void SetUp() override
    {
        ClientTest::SetUp();
        std::random_device random;
        dir = fs::temp_directory_path() / ("lanchat-filehost-client-test-" +
                                           std::to_string(random()) + std::to_string(random()));
        fs::create_directories(dir);
        files.directory = (dir / "store").string();
    }

    void TearDown() override
    {
        if (loop)
            loop->invoke([&] {
                if (client)
                    client->reset();
                if (fileHost)
                    fileHost->reset();
                if (stalling)
                    stalling->reset();
                if (stalled)
                    stalled->clear();
            });
        ClientTest::TearDown();
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }

    void startFileHost(std::optional<FileHost::TlsListen> tls = std::nullopt)
    {
        fileHost = make<std::unique_ptr<FileHost>>();
        const auto error = loop->invoke([&] {
            *fileHost = std::make_unique<FileHost>(*loop, files);
            ListenOptions listen;
            listen.host = "127.0.0.1";
            if (tls)
                tls->listen = listen;
            return (*fileHost)->start(listen, tls);
        });
        ASSERT_TRUE(error);
        ASSERT_FALSE(*error) << error->describe();
        filePort = inLoop([&] { return (*fileHost)->localAddress().port(); });
        if (tls)
            tlsPort = inLoop([&] { return (*fileHost)->tlsAddress().port(); });
        uploadUrl = "http://127.0.0.1:" + std::to_string(filePort) + "/upload";
    }

    // The file host, the IRC host advertising it, and ada in the chat from 127.0.0.1 (whose
    // engine learns the upload URL); then the client under test.
    void startAll(std::optional<FileHost::TlsListen> tls = std::nullopt,
                  TlsClientOptions options = {})
    {
        startFileHost(tls);
        hostConfig.fileHostUrl = uploadUrl;
        startHost();
        loop->invoke([&] {
            (*fileHost)->setUploaderCheck([h = host](const SocketAddress& peer) {
                return *h && (*h)->hasRegisteredClientFrom(peer);
            });
        });
        ada = startClient(clientConfig("ada"));
        ASSERT_TRUE(waitInRoom(ada));
        ASSERT_EQ(inLoop([&] { return ada->client->fileHostUrl(); }), uploadUrl);
        makeClient(options);
    }

    void makeClient(TlsClientOptions options = {})
    {
        client = make<std::unique_ptr<FileHostClient>>();
        loop->invoke([&] { *client = std::make_unique<FileHostClient>(*loop, options); });
    }

    struct Progress
    {
        std::uint64_t sent = 0;
        std::uint64_t total = 0;
        int reports = 0;
    };

    FileUploadResult upload(FileUploadRequest request, std::shared_ptr<Progress> progress = {})
    {
        auto result = make<std::optional<FileUploadResult>>();
        loop->invoke([&] {
            FileHostClient::ProgressHandler onProgress;
            if (progress)
                onProgress = [progress](FileHostClient::Id, std::uint64_t sent,
                                        std::uint64_t total) {
                    EXPECT_GE(sent, progress->sent) << "progress goes forward";
                    progress->sent = sent;
                    progress->total = total;
                    ++progress->reports;
                };
            (*client)->upload(
                std::move(request),
                [result](FileHostClient::Id, const FileUploadResult& r) { *result = r; },
                onProgress);
        });
        EXPECT_TRUE(test::waitUntil(*loop, [&] { return result->has_value(); }))
            << "the upload did not end";
        return inLoop([&] { return result->value_or(FileUploadResult{}); });
    }

    FileFetchResult fetch(FileFetchRequest request)
    {
        auto result = make<std::optional<FileFetchResult>>();
        loop->invoke([&] {
            (*client)->fetch(
                std::move(request),
                [result](FileHostClient::Id, const FileFetchResult& r) { *result = r; });
        });
        EXPECT_TRUE(test::waitUntil(*loop, [&] { return result->has_value(); }))
            << "the fetch did not end";
        return inLoop([&] { return result->value_or(FileFetchResult{}); });
    }

    FileFetchRequest fetchOf(const std::string& url, std::uint64_t maxBytes = 8 << 20)
    {
        FileFetchRequest r;
        r.url = url;
        r.allowedOrigin = uploadUrl;
        r.maxBytes = maxBytes;
        return r;
    }

    fs::path writeFile(const std::string& name, const std::string& bytes)
    {
        const fs::path path = dir / name;
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return path;
    }

    // A server that accepts and then says nothing.
    std::uint16_t startStallingServer()
    {
        stalling = make<std::unique_ptr<TcpListener>>();
        stalled = make<std::vector<std::shared_ptr<TcpConnection>>>();
        return inLoop([&] {
            ListenOptions listen;
            listen.host = "127.0.0.1";
            NetError error;
            *stalling = TcpListener::open(
                *loop, listen,
                [s = stalled](std::shared_ptr<TcpConnection> c) {
                    c->start();
                    s->push_back(std::move(c));
                },
                [](const NetError&) {}, &error);
            EXPECT_TRUE(*stalling) << error.describe();
            return *stalling ? (*stalling)->localAddress().port() : std::uint16_t(0);
        });
    }

    FileHostConfig files;
    fs::path dir;
    std::shared_ptr<std::unique_ptr<FileHost>> fileHost;
    std::shared_ptr<std::unique_ptr<FileHostClient>> client;
    std::shared_ptr<std::unique_ptr<TcpListener>> stalling;
    std::shared_ptr<std::vector<std::shared_ptr<TcpConnection>>> stalled;
    std::shared_ptr<Recorder> ada;
    std::uint16_t filePort = 0;
    std::uint16_t tlsPort = 0;
    std::string uploadUrl;
};

const std::regex kLocation("^http://127\\.0\\.0\\.1:\\d+/files/[0-9a-f]{32}/[^/]+$");

TEST_P(FileHostClientTest, UploadsAFileAndBytesAndFetchesThemBack)
{
    startAll();
    // A file of several chunks, streamed from disk, its name not ASCII (filename*).
    const std::string content = randomBytes(700 * 1024 + 17, 1);
    FileUploadRequest request;
    request.url = uploadUrl;
    request.localPath = writeFile("été.bin", content).string();
    request.contentType = "application/octet-stream";
    auto progress = make<Progress>();
    const FileUploadResult up = upload(request, progress);
    ASSERT_FALSE(up.error) << up.error.describe();
    EXPECT_EQ(up.status, 201);
    EXPECT_EQ(up.size, content.size());
    EXPECT_TRUE(std::regex_match(up.location, kLocation)) << up.location;
    EXPECT_NE(up.location.find("/%C3%A9t%C3%A9.bin"), std::string::npos) << up.location;
    inLoop([&] {
        EXPECT_GE(progress->reports, 1);
        EXPECT_EQ(progress->sent, content.size()) << "the last report is the whole file";
        EXPECT_EQ(progress->total, content.size());
    });
    const FileFetchResult back = fetch(fetchOf(up.location));
    ASSERT_FALSE(back.error) << back.error.describe();
    EXPECT_EQ(back.status, 200);
    EXPECT_TRUE(back.bytes == content) << "the bytes fetched differ from those uploaded ("
                                       << back.bytes.size() << " of " << content.size() << ")";

    // Bytes in memory: a pasted picture.
    FileUploadRequest pasted;
    pasted.url = uploadUrl;
    pasted.bytes = std::string("\x89PNG\r\n\x1a\n", 8) + randomBytes(3000, 2);
    pasted.fileName = "pasted image.png";
    pasted.contentType = "image/png";
    const FileUploadResult up2 = upload(pasted);
    ASSERT_FALSE(up2.error) << up2.error.describe();
    EXPECT_NE(up2.location.find("/pasted%20image.png"), std::string::npos) << up2.location;
    const FileFetchResult image = fetch(fetchOf(up2.location));
    ASSERT_FALSE(image.error) << image.error.describe();
    EXPECT_EQ(image.contentType, "image/png");
    EXPECT_TRUE(image.bytes == pasted.bytes);
    EXPECT_EQ(inLoop([&] { return (*client)->activeRequests(); }), 0u);
    EXPECT_EQ(inLoop([&] { return (*fileHost)->fileCount(); }), 2u);
}

TEST_P(FileHostClientTest, AFetchPastItsLimitFails)
{
    startAll();
    FileUploadRequest request;
    request.url = uploadUrl;
    request.bytes = randomBytes(100 * 1000, 3);
    request.fileName = "big.png";
    request.contentType = "image/png";
    const FileUploadResult up = upload(request);
    ASSERT_FALSE(up.error) << up.error.describe();
    const FileFetchResult r = fetch(fetchOf(up.location, 50 * 1000));
    EXPECT_EQ(r.error.code, make_error_code(FileHostErrc::tooLarge)) << r.error.describe();
    EXPECT_EQ(errorName(r.error.code), "FILEHOST_TOO_LARGE");
    EXPECT_TRUE(r.bytes.empty());
    // Exactly the limit is fine.
    EXPECT_FALSE(fetch(fetchOf(up.location, 100 * 1000)).error);
}

TEST_P(FileHostClientTest, OnlyTheFileHostsOriginIsFetchedFrom)
{
    startAll();
    auto other = make<test::EchoServer>(); // dropped once the loop has stopped
    ASSERT_TRUE(inLoop([&] { return other->open(*loop); }));
    const std::string at = std::to_string(filePort);
    for (const std::string& url : {
             "http://127.0.0.1:" + std::to_string(inLoop([&] { return other->port(); })) +
                 "/files/x",
             "https://127.0.0.1:" + at + "/files/x", // another scheme
             "http://localhost:" + at + "/files/x",  // another name for it: still another
             std::string("http://example.com/picture.png"),
         }) {
        const FileFetchResult r = fetch(fetchOf(url));
        EXPECT_EQ(r.error.code, make_error_code(FileHostErrc::foreignOrigin))
            << url << ": " << r.error.describe();
        EXPECT_EQ(r.status, 0);
    }
    // Nothing allowed: nothing fetched.
    FileFetchRequest none = fetchOf("http://127.0.0.1:" + at + "/files/x");
    none.allowedOrigin.clear();
    EXPECT_EQ(fetch(none).error.code, make_error_code(FileHostErrc::foreignOrigin));
    EXPECT_EQ(fetch(fetchOf("ftp://127.0.0.1:" + at + "/x")).error.code,
              make_error_code(FileHostErrc::badUrl));
    inLoop([&] { EXPECT_EQ(other->accepted, 0) << "a foreign origin was connected to"; });
}

TEST_P(FileHostClientTest, RefusalsComeWithTheirStatus)
{
    files.maxFileBytes = 1000;
    startAll();
    const FileFetchResult missing = fetch(fetchOf("http://127.0.0.1:" + std::to_string(filePort) +
                                                  "/files/" + std::string(32, 'a') + "/gone.png"));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.error.code, make_error_code(FileHostErrc::httpStatus));
    EXPECT_NE(missing.error.describe().find("404 Not Found: no such file"), std::string::npos)
        << missing.error.describe();

    FileUploadRequest big;
    big.url = uploadUrl;
    big.bytes = randomBytes(2000, 4);
    big.fileName = "big.bin";
    const FileUploadResult tooBig = upload(big);
    EXPECT_EQ(tooBig.status, 413);
    EXPECT_EQ(tooBig.error.code, make_error_code(FileHostErrc::httpStatus))
        << tooBig.error.describe();
    EXPECT_TRUE(tooBig.location.empty());

    // The caller's own limit: refused before connecting.
    big.maxBytes = 1500;
    const FileUploadResult refused = upload(big);
    EXPECT_EQ(refused.error.code, make_error_code(FileHostErrc::tooLarge));
    EXPECT_EQ(refused.status, 0);

    // A file that is not there.
    FileUploadRequest absent;
    absent.url = uploadUrl;
    absent.localPath = (dir / "absent.png").string();
    EXPECT_EQ(errorName(upload(absent).error.code), "ENOENT");
}

TEST_P(FileHostClientTest, UploadsNeedTheChatOrCredentials)
{
    // No IRC connection from here: 401 (the host has a password); with it as Basic: in.
    files.password = "pw";
    startFileHost();
    makeClient();
    FileUploadRequest request;
    request.url = uploadUrl;
    request.bytes = "hello";
    request.fileName = "hello.txt";
    request.contentType = "text/plain";
    const FileUploadResult refused = upload(request);
    EXPECT_EQ(refused.status, 401) << refused.error.describe();
    request.user = "ada";
    request.password = "pw";
    const FileUploadResult in = upload(request);
    ASSERT_FALSE(in.error) << in.error.describe();
    EXPECT_EQ(fetch(fetchOf(in.location)).bytes, "hello");
}

TEST_P(FileHostClientTest, AStalledServerHitsTheDeadline)
{
    makeClient();
    const std::string origin = "http://127.0.0.1:" + std::to_string(startStallingServer());
    FileFetchRequest r;
    r.url = origin + "/files/x";
    r.allowedOrigin = origin;
    r.stallTimeout = 300ms;
    const auto started = std::chrono::steady_clock::now();
    const FileFetchResult fetched = fetch(r);
    EXPECT_EQ(fetched.error.code, make_error_code(FileHostErrc::timedOut))
        << fetched.error.describe();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);

    FileUploadRequest u;
    u.url = origin + "/upload";
    u.bytes = "x";
    u.timeout = 400ms; // the whole request
    const FileUploadResult up = upload(u);
    EXPECT_EQ(up.error.code, make_error_code(FileHostErrc::timedOut)) << up.error.describe();
    EXPECT_EQ(inLoop([&] { return (*client)->activeRequests(); }), 0u);
}

TEST_P(FileHostClientTest, UploadsOverHttpsToAPinnedCertificate)
{
    NetError error;
    const auto identity = makeSelfSignedIdentity("lan.test", &error);
    ASSERT_TRUE(identity) << error.describe();
    TlsClientOptions pinned;
    pinned.pinnedFingerprint = certificateFingerprint(identity->certificatePem);
    startAll(FileHost::TlsListen{{}, *identity, nullptr}, pinned);
    const std::string httpsUrl = "https://127.0.0.1:" + std::to_string(tlsPort) + "/upload";

    FileUploadRequest request;
    request.url = httpsUrl;
    request.bytes = randomBytes(300 * 1024, 5);
    request.fileName = "secret.png";
    request.contentType = "image/png";
    const FileUploadResult up = upload(request);
    ASSERT_FALSE(up.error) << up.error.describe();
    EXPECT_EQ(up.location.rfind("https://127.0.0.1:" + std::to_string(tlsPort) + "/files/", 0), 0u)
        << up.location;
    FileFetchRequest back;
    back.url = up.location;
    back.allowedOrigin = httpsUrl;
    const FileFetchResult got = fetch(back);
    ASSERT_FALSE(got.error) << got.error.describe();
    EXPECT_TRUE(got.bytes == request.bytes);

    // Another certificate than the one pinned: refused, nothing sent.
    TlsClientOptions wrong;
    wrong.pinnedFingerprint = normalizeFingerprint(std::string(64, 'a'));
    inLoop([&] { (*client)->setTlsOptions(wrong); });
    const FileUploadResult refused = upload(request);
    EXPECT_EQ(refused.error.code, make_error_code(TlsErrc::fingerprintChanged))
        << refused.error.describe();
    EXPECT_EQ(inLoop([&] { return (*fileHost)->fileCount(); }), 1u);
}

INSTANTIATE_TEST_SUITE_P(Loops, FileHostClientTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

TEST(FileHostUrl, ParsesHttpAndHttpsUrls)
{
    auto url = parseHttpUrl("HTTP://Files.Test:8080/upload?x=1#frag");
    ASSERT_TRUE(url);
    EXPECT_FALSE(url->tls);
    EXPECT_EQ(url->host, "Files.Test");
    EXPECT_EQ(url->port, 8080);
    EXPECT_EQ(url->target, "/upload?x=1");
    EXPECT_EQ(url->origin(), "http://files.test:8080");
    EXPECT_EQ(url->hostHeader(), "Files.Test:8080");

    url = parseHttpUrl("https://[fe80::1]/files/a");
    ASSERT_TRUE(url);
    EXPECT_TRUE(url->tls);
    EXPECT_EQ(url->host, "fe80::1");
    EXPECT_EQ(url->port, 443);
    EXPECT_EQ(url->hostHeader(), "[fe80::1]");
    EXPECT_EQ(url->origin(), "https://[fe80::1]:443");

    url = parseHttpUrl("http://[::1]:6668");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->target, "/");
    EXPECT_EQ(url->toString(), "http://[::1]:6668/");

    url = parseHttpUrl("http://user:pw@10.0.0.1/upload");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->host, "10.0.0.1");
    EXPECT_EQ(url->userInfo, "user:pw");
    EXPECT_EQ(url->toString(), "http://10.0.0.1/upload") << "credentials never in the text";

    for (const char* bad :
         {"", "ftp://host/x", "host/upload", "http://", "http:///x", "http://host:0/",
          "http://host:65536/", "http://host:8o/", "http://[::1/", "http://[zz]/", "http://ho st/",
          "http://host/a b", "http://host\r\n/", "http://ho%st/", "javascript://x"}) {
        NetError error;
        EXPECT_FALSE(parseHttpUrl(bad, &error)) << bad;
        EXPECT_EQ(errorName(error.code), "FILEHOST_BAD_URL") << bad;
        EXPECT_FALSE(error.detail.empty()) << bad;
    }
}

TEST(FileHostUrl, OriginsAndLocations)
{
    const auto base = parseHttpUrl("http://127.0.0.1:8080/upload");
    ASSERT_TRUE(base);
    EXPECT_TRUE(sameOrigin(*base, *parseHttpUrl("http://127.0.0.1:8080/files/a")));
    EXPECT_TRUE(sameOrigin(*parseHttpUrl("http://Host/x"), *parseHttpUrl("http://host:80/y")));
    EXPECT_FALSE(sameOrigin(*base, *parseHttpUrl("http://127.0.0.1:8081/files/a")));
    EXPECT_FALSE(sameOrigin(*base, *parseHttpUrl("https://127.0.0.1:8080/files/a")));

    EXPECT_EQ(resolveLocation(*base, "/files/abc/x.png"), "http://127.0.0.1:8080/files/abc/x.png");
    EXPECT_EQ(resolveLocation(*base, "files/abc"), "http://127.0.0.1:8080/files/abc");
    EXPECT_EQ(resolveLocation(*base, "https://other:1/f"), "https://other:1/f");
    EXPECT_EQ(resolveLocation(*base, "//other/f"), "http://other/f");
    EXPECT_EQ(resolveLocation(*base, "ftp://other/f"), "");
    EXPECT_EQ(resolveLocation(*base, ""), "");
}

} // namespace
} // namespace netcore::irc
