// SPDX-License-Identifier: GPL-3.0-or-later
// FILEHOST over real loopback sockets: a real IrcHost and FileHost on one loop, IRC clients
// registered from 127.0.0.1, and raw HTTP/1.1 requests. Expected answers follow the IRCv3
// filehost work-in-progress specification (201 + Location, OPTIONS, HEAD and GET) and RFC 9110
// (401 with WWW-Authenticate, 411, 413, 415, 429, 507).

#include "irc/filehost/response.h"
#include "irc_host_support.h"
#include "netcore/irc/filehost.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <regex>

namespace netcore::irc {
namespace {

namespace fs = std::filesystem;

// A raw HTTP client: sends bytes, collects what comes back until the host closes (every
// answer ends with Connection: close). Loop thread only.
struct HttpClient
{
    std::shared_ptr<TcpConnection> connection;
    std::string received;
    bool closed = false;
    bool peerFinished = false;

    void attach()
    {
        connection->setDataHandler(
            [this](TcpConnection&, std::string_view data) { received.append(data); });
        connection->setPeerShutdownHandler([this](TcpConnection& c) {
            peerFinished = true;
            c.close();
        });
        connection->setCloseHandler([this](TcpConnection&, const NetError&) { closed = true; });
        connection->start();
    }
};

struct HttpReply
{
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers; // names in lower case
    std::string body;

    std::string header(const std::string& name) const
    {
        for (const auto& [field, value] : headers) {
            if (field == name)
                return value;
        }
        return {};
    }
    bool has(const std::string& name) const
    {
        for (const auto& [field, value] : headers) {
            if (field == name)
                return true;
        }
        return false;
    }
};

HttpReply parseReply(const std::string& text)
{
    HttpReply reply;
    std::size_t at = 0;
    // Interim answers (100 Continue) come first.
    for (;;) {
        const auto end = text.find("\r\n\r\n", at);
        if (end == std::string::npos)
            return reply;
        std::istringstream head(text.substr(at, end - at));
        std::string line;
        std::getline(head, line);
        reply.status = std::atoi(line.substr(9, 3).c_str());
        reply.headers.clear();
        while (std::getline(head, line)) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            const auto colon = line.find(':');
            if (colon == std::string::npos)
                continue;
            std::string name = line.substr(0, colon);
            for (char& ch : name)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            reply.headers.emplace_back(name, line.substr(line.find_first_not_of(' ', colon + 1)));
        }
        at = end + 4;
        if (reply.status != 100)
            break;
    }
    reply.body = text.substr(at);
    return reply;
}

std::string base64(std::string_view in)
{
    static constexpr char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const auto v = (std::uint32_t(std::uint8_t(in[i])) << 16) |
                       (std::uint32_t(std::uint8_t(in[i + 1])) << 8) | std::uint8_t(in[i + 2]);
        out += {digits[v >> 18], digits[(v >> 12) & 63], digits[(v >> 6) & 63], digits[v & 63]};
    }
    if (i + 1 == in.size()) {
        const auto v = std::uint32_t(std::uint8_t(in[i])) << 16;
        out += {digits[v >> 18], digits[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const auto v = (std::uint32_t(std::uint8_t(in[i])) << 16) |
                       (std::uint32_t(std::uint8_t(in[i + 1])) << 8);
        out += {digits[v >> 18], digits[(v >> 12) & 63], digits[(v >> 6) & 63], '='};
    }
    return out;
}

std::string randomBytes(std::size_t size, unsigned seed)
{
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (char& ch : bytes)
        ch = static_cast<char>(random() & 0xff);
    return bytes;
}

class FileHostTest : public HostTest
{
protected:
    void SetUp() override
    {
        HostTest::SetUp();
        std::random_device random;
        dir = fs::temp_directory_path() /
              ("lanchat-filehost-test-" + std::to_string(random()) + std::to_string(random()));
        if (const char* small = std::getenv("LANCHAT_FILEHOST_FULL_DIR"))
            fullDir = small;
        files.directory = dir.string();
        files.sweepInterval = 100ms;
    }

    void TearDown() override
    {
        if (loop && fileHost)
            loop->invoke([&] { fileHost->reset(); });
        HostTest::TearDown();
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }

    // The file host, then the IRC host advertising it (its URL needs the file host's port).
    void startBoth()
    {
        startFileHost();
        config.fileHostUrl = "http://127.0.0.1:" + std::to_string(filePort) + "/upload";
        startHost();
        loop->invoke([&] {
            (*fileHost)->setUploaderCheck([h = host](const SocketAddress& peer) {
                return *h && (*h)->hasRegisteredClientFrom(peer);
            });
        });
    }

    void startFileHost(std::optional<FileHost::TlsListen> tls = std::nullopt)
    {
        if (!fileHost)
            fileHost = make<std::unique_ptr<FileHost>>();
        if (!fileLogs)
            fileLogs = make<std::vector<std::string>>();
        const auto error = loop->invoke([&] {
            FileHost::Events events;
            events.log = [lines = fileLogs](const std::string& line) { lines->push_back(line); };
            *fileHost = std::make_unique<FileHost>(*loop, files, events);
            ListenOptions listen;
            listen.host = "127.0.0.1";
            if (tls)
                tls->listen = listen;
            return (*fileHost)->start(listen, tls);
        });
        ASSERT_TRUE(error);
        ASSERT_FALSE(*error) << error->describe();
        filePort = *loop->invoke([&] { return (*fileHost)->localAddress().port(); });
        if (tls)
            tlsPort = *loop->invoke([&] { return (*fileHost)->tlsAddress().port(); });
    }

    std::shared_ptr<HttpClient> open(std::uint16_t to = 0,
                                     std::unique_ptr<TlsSession> tls = nullptr)
    {
        auto result = connectAndWait(test::localhost(to ? to : filePort));
        EXPECT_TRUE(result->connection) << result->error.describe();
        auto client = make<HttpClient>();
        loop->invoke([&] {
            client->connection = result->connection;
            if (tls)
                client->connection->useTls(std::move(tls));
            client->attach();
        });
        return client;
    }

    void sendRaw(const std::shared_ptr<HttpClient>& c, const std::string& bytes)
    {
        loop->invoke([&] { c->connection->send(bytes); });
    }

    // Waits for the host to answer and close.
    HttpReply reply(const std::shared_ptr<HttpClient>& c, std::chrono::milliseconds timeout = 10s)
    {
        EXPECT_TRUE(test::waitUntil(
            *loop, [&] { return c->closed; }, timeout))
            << "the host did not answer and close; received: "
            << *loop->invoke([&] { return c->received.substr(0, 400); });
        return parseReply(*loop->invoke([&] { return c->received; }));
    }

    HttpReply request(const std::string& method, const std::string& target,
                      const std::vector<std::string>& headers = {}, const std::string& body = {})
    {
        auto c = open();
        std::string text = method + " " + target +
                           " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(filePort) + "\r\n";
        for (const auto& header : headers)
            text += header + "\r\n";
        text += "\r\n" + body;
        sendRaw(c, text);
        return reply(c);
    }

    HttpReply upload(const std::string& body, const std::string& type = "image/png",
                     const std::string& name = "picture.png", std::vector<std::string> extra = {})
    {
        extra.push_back("Content-Type: " + type);
        if (!name.empty())
            extra.push_back("Content-Disposition: attachment; filename=\"" + name + "\"");
        extra.push_back("Content-Length: " + std::to_string(body.size()));
        return request("POST", "/upload", extra, body);
    }

    // The path part of a Location ("/files/ID/NAME").
    static std::string pathOf(const std::string& location)
    {
        const auto at = location.find("/files/");
        return at == std::string::npos ? location : location.substr(at);
    }

    std::vector<std::string> filesOnDisk(const fs::path& where) const
    {
        std::vector<std::string> names;
        std::error_code ec;
        for (fs::directory_iterator it(where, ec), end; !ec && it != end; it.increment(ec))
            names.push_back(it->path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
    bool partFileThere(const fs::path& where) const
    {
        for (const auto& name : filesOnDisk(where)) {
            if (name.find(".part") != std::string::npos)
                return true;
        }
        return false;
    }

    bool logged(const std::string& pattern, std::chrono::milliseconds timeout = 5s)
    {
        const std::regex re(pattern);
        return test::waitUntil(
            *loop,
            [&] {
                for (const auto& line : *fileLogs) {
                    if (std::regex_search(line, re))
                        return true;
                }
                return false;
            },
            timeout);
    }

    std::size_t fileCount()
    {
        return *loop->invoke([&] { return (*fileHost)->fileCount(); });
    }

    FileHostConfig files;
    fs::path dir;
    fs::path fullDir;
    std::shared_ptr<std::unique_ptr<FileHost>> fileHost;
    std::shared_ptr<std::vector<std::string>> fileLogs;
    std::uint16_t filePort = 0;
    std::uint16_t tlsPort = 0;
};

const std::regex kLocation("^http://127\\.0\\.0\\.1:\\d+/files/[0-9a-f]{32}(/[^/]+)?$");

TEST_P(FileHostTest, IsupportAdvertisesTheUploadUrl)
{
    startBoth();
    auto c = connectClient();
    send(c, "NICK ada");
    send(c, "USER ada 0 * :Ada");
    const std::string isupport = expect(c, " 005 ada ") + " " + expect(c, " 005 ada ");
    const std::string url = "http://127.0.0.1:" + std::to_string(filePort) + "/upload";
    EXPECT_NE(isupport.find(" soju.im/FILEHOST=" + url + " "), std::string::npos) << isupport;
    EXPECT_NE(isupport.find(" draft/FILEHOST=" + url + " "), std::string::npos) << isupport;
}

TEST_P(FileHostTest, UploadGivesALinkThatServesTheSameBytes)
{
    startBoth();
    auto ada = registered("ada");
    const std::string content = randomBytes(5000, 1) + std::string("\0\r\n\r\n", 5);
    // The peer's name is data, never a path: only its last component stays.
    const HttpReply created = upload(content, "image/png", "../../etc/picture.png");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string location = created.header("location");
    EXPECT_TRUE(std::regex_match(location, kLocation)) << location;
    EXPECT_NE(location.find("/picture.png"), std::string::npos) << location;
    EXPECT_EQ(fileCount(), 1u);
    EXPECT_FALSE(partFileThere(dir));
    EXPECT_EQ(filesOnDisk(dir).size(), 2u); // the file and its metadata, under the host's id

    const HttpReply got = request("GET", pathOf(location));
    ASSERT_EQ(got.status, 200);
    EXPECT_TRUE(got.body == content) << "the bytes served differ from those uploaded";
    EXPECT_EQ(got.header("content-type"), "image/png");
    EXPECT_EQ(got.header("content-disposition"), "inline; filename=\"picture.png\"");
    EXPECT_EQ(got.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(got.header("content-length"), std::to_string(content.size()));

    const HttpReply head = request("HEAD", pathOf(location));
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("content-length"), std::to_string(content.size()));
    EXPECT_EQ(head.header("content-type"), "image/png");
    EXPECT_TRUE(head.body.empty());
    EXPECT_TRUE(
        logged("127\\.0\\.0\\.1:\\d+ uploaded \"picture\\.png\" \\(5005 bytes, image/png\\)"));
}

TEST_P(FileHostTest, OptionsTellsWhatTheUploadUrlTakes)
{
    startBoth();
    const HttpReply options = request("OPTIONS", "/upload");
    EXPECT_EQ(options.status, 204);
    EXPECT_NE(options.header("allow").find("POST"), std::string::npos);
    EXPECT_EQ(options.header("accept-post"), "*/*");
    const HttpReply wrong = request("GET", "/upload");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(wrong.header("allow"), "OPTIONS, POST");
    EXPECT_EQ(request("GET", "/nothing/here").status, 404);
    EXPECT_EQ(request("GET", "/files/0123456789abcdef0123456789abcdef").status, 404);
    EXPECT_EQ(request("GET", "/files/..%2f..%2fetc%2fpasswd").status, 404);
}

TEST_P(FileHostTest, UploadWithoutAChatConnectionIsRefused)
{
    startBoth(); // no password: nothing else can let one in
    const HttpReply refused = upload("data");
    EXPECT_EQ(refused.status, 403);
    EXPECT_FALSE(refused.has("www-authenticate"));
    EXPECT_EQ(fileCount(), 0u);
    EXPECT_TRUE(logged("POST /upload: 403 Forbidden: no IRC connection"));
}

TEST_P(FileHostTest, BasicAuthWithTheHostPasswordLetsOneIn)
{
    files.password = "letmein";
    files.operators = {{"admin", "s3cret"}};
    startBoth();
    const HttpReply challenge = upload("data");
    EXPECT_EQ(challenge.status, 401);
    EXPECT_EQ(challenge.header("www-authenticate").rfind("Basic realm=", 0), 0u);
    const HttpReply anyUser =
        upload("data", "text/plain", "a.txt", {"Authorization: Basic " + base64("who:letmein")});
    EXPECT_EQ(anyUser.status, 201);
    const HttpReply oper =
        upload("data", "text/plain", "b.txt", {"Authorization: Basic " + base64("admin:s3cret")});
    EXPECT_EQ(oper.status, 201);
    const HttpReply wrong =
        upload("data", "text/plain", "c.txt", {"Authorization: Basic " + base64("who:nope")});
    EXPECT_EQ(wrong.status, 403);
    const HttpReply malformed = upload("data", "text/plain", "d.txt", {"Authorization: Basic !!!"});
    EXPECT_EQ(malformed.status, 400);
    EXPECT_EQ(fileCount(), 2u);
}

TEST_P(FileHostTest, TooLargeIsRefusedBeforeAnythingIsStored)
{
    files.maxFileBytes = 1000;
    startBoth();
    auto ada = registered("ada");
    const HttpReply tooLarge = upload(std::string(2000, 'x'));
    EXPECT_EQ(tooLarge.status, 413);
    EXPECT_EQ(fileCount(), 0u);
    EXPECT_TRUE(filesOnDisk(dir).empty());
    EXPECT_EQ(upload(std::string(1000, 'x')).status, 201);
}

TEST_P(FileHostTest, ALengthIsRequiredAndOnlyItsBytesAreKept)
{
    startBoth();
    auto ada = registered("ada");
    const HttpReply chunked =
        request("POST", "/upload", {"Content-Type: text/plain", "Transfer-Encoding: chunked"},
                "5\r\nhello\r\n0\r\n\r\n");
    EXPECT_EQ(chunked.status, 411);
    EXPECT_EQ(request("POST", "/upload", {"Content-Type: text/plain"}).status, 411);
    // Bytes past Content-Length are not the file's (nor a second request: one a connection).
    const HttpReply longer =
        request("POST", "/upload", {"Content-Type: text/plain", "Content-Length: 5"},
                "helloGET / HTTP/1.1\r\n\r\n");
    ASSERT_EQ(longer.status, 201);
    const HttpReply got = request("GET", pathOf(longer.header("location")));
    EXPECT_EQ(got.body, "hello");
    EXPECT_EQ(got.header("content-type"), "text/plain; charset=utf-8");
    EXPECT_EQ(got.header("content-disposition"), "attachment");
}

TEST_P(FileHostTest, UnsupportedBodiesAreRefused)
{
    startBoth();
    auto ada = registered("ada");
    EXPECT_EQ(upload("--x--", "multipart/form-data; boundary=x").status, 415);
    EXPECT_EQ(upload("text", "text/plain; charset=iso-8859-1").status, 415);
    EXPECT_EQ(upload("text", "not a type").status, 400);
    EXPECT_EQ(request("POST", "/upload", {"Content-Length: 4", "Expect: magic"}, "data").status,
              417);
    // curl's way: the host says 100 Continue before the body comes.
    auto c = open();
    sendRaw(c, "POST /upload HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_TRUE(test::waitUntil(
        *loop, [&] { return c->received.find("100 Continue") != std::string::npos; }, 5s));
    sendRaw(c, "data");
    EXPECT_EQ(reply(c).status, 201);
    EXPECT_EQ(fileCount(), 1u);
}

TEST_P(FileHostTest, TheOldestFilesGoWhenTheSpaceIsFull)
{
    files.maxTotalBytes = 3000;
    startBoth();
    auto ada = registered("ada");
    std::vector<std::string> links;
    for (int i = 0; i < 3; ++i) {
        const HttpReply r = upload(std::string(1000, char('a' + i)), "text/plain", "f.txt");
        ASSERT_EQ(r.status, 201);
        links.push_back(pathOf(r.header("location")));
        std::this_thread::sleep_for(5ms); // distinct upload times
    }
    const HttpReply fourth = upload(std::string(1500, 'd'), "text/plain", "g.txt");
    ASSERT_EQ(fourth.status, 201);
    EXPECT_EQ(request("GET", links[0]).status, 404);
    EXPECT_EQ(request("GET", links[1]).status, 404);
    EXPECT_EQ(request("GET", links[2]).status, 200);
    EXPECT_EQ(fileCount(), 2u);
    EXPECT_EQ(*loop->invoke([&] { return (*fileHost)->storedBytes(); }), 2500u);
    EXPECT_TRUE(logged("removed to make room"));
}

TEST_P(FileHostTest, FilesExpire)
{
    files.expiry = 1s;
    startBoth();
    auto ada = registered("ada");
    const HttpReply r = upload("short-lived", "text/plain", "t.txt");
    ASSERT_EQ(r.status, 201);
    EXPECT_EQ(request("GET", pathOf(r.header("location"))).status, 200);
    EXPECT_TRUE(test::waitUntil(
        *loop, [&] { return (*fileHost)->fileCount() == 0; }, 5s));
    EXPECT_EQ(request("GET", pathOf(r.header("location"))).status, 404);
    EXPECT_TRUE(filesOnDisk(dir).empty());
    EXPECT_TRUE(logged("expired"));
}

TEST_P(FileHostTest, AStalledUploadIsCutOffAndNothingKept)
{
    files.idleTimeout = 600ms;
    files.headerTimeout = 600ms;
    startBoth();
    auto ada = registered("ada");
    auto c = open();
    const auto began = std::chrono::steady_clock::now();
    sendRaw(c, "POST /upload HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + std::string(1000, 'x'));
    EXPECT_TRUE(test::waitUntil(
        *loop, [&] { return partFileThere(dir); }, 5s));
    const HttpReply r = reply(c, 5s); // then nothing more
    EXPECT_EQ(r.status, 408);
    EXPECT_LT(std::chrono::steady_clock::now() - began, 4s);
    EXPECT_FALSE(partFileThere(dir));
    EXPECT_EQ(fileCount(), 0u);
    EXPECT_TRUE(logged("upload from 127\\.0\\.0\\.1:\\d+ abandoned, nothing kept: the upload "
                       "stalled: nothing for 600 ms"));

    auto silent = open(); // headers that never end
    sendRaw(silent, "POST /upload HTTP/1.1\r\n");
    EXPECT_EQ(reply(silent, 5s).status, 408);
}

TEST_P(FileHostTest, MalformedRequestsGet400)
{
    startBoth();
    for (const char* bad : {"GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                            "POST /upload HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: "
                            "chunked\r\n\r\n",
                            "GET / HTTP/1.1\r\nBad Header\r\n\r\n"}) {
        SCOPED_TRACE(bad);
        auto c = open();
        sendRaw(c, bad);
        EXPECT_EQ(reply(c).status, 400);
    }
    auto huge = open();
    sendRaw(huge, "GET / HTTP/1.1\r\nX-Big: " + std::string(20000, 'y') + "\r\n\r\n");
    EXPECT_EQ(reply(huge).status, 431);
    EXPECT_TRUE(logged("400 Bad Request: malformed HTTP request"));
}

TEST_P(FileHostTest, APeerThatVanishesMidUploadLeavesNothing)
{
    startBoth();
    auto ada = registered("ada");
    for (const bool abortive : {false, true}) {
        SCOPED_TRACE(abortive ? "reset" : "FIN");
        auto c = open();
        sendRaw(c,
                "POST /upload HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + std::string(1000, 'x'));
        ASSERT_TRUE(test::waitUntil(
            *loop, [&] { return partFileThere(dir); }, 5s));
        loop->invoke([&] {
            if (abortive)
                c->connection->abort();
            else
                c->connection->close();
        });
        EXPECT_TRUE(test::waitUntil(
            *loop, [&] { return !partFileThere(dir) && (*fileHost)->connectionCount() == 0; }, 8s));
    }
    EXPECT_EQ(fileCount(), 0u);
    EXPECT_TRUE(logged("abandoned, nothing kept: the (peer closed the connection|connection was "
                       "lost) after 1000 of 100000 bytes"));
}

TEST_P(FileHostTest, ConnectionsAndUploadsPerAddressAreLimited)
{
    files.maxConnectionsPerAddress = 2;
    files.uploadBurst = 2;
    files.uploadsPerMinute = 1;
    startBoth();
    auto ada = registered("ada");
    auto first = open();
    auto second = open();
    ASSERT_TRUE(test::waitUntil(
        *loop, [&] { return (*fileHost)->connectionCount() == 2; }, 5s));
    auto third = open();
    const HttpReply refused = reply(third);
    EXPECT_EQ(refused.status, 429);
    EXPECT_FALSE(refused.header("retry-after").empty());
    loop->invoke([&] {
        first->connection->abort();
        second->connection->abort();
    });
    ASSERT_TRUE(test::waitUntil(
        *loop, [&] { return (*fileHost)->connectionCount() == 0; }, 5s));
    EXPECT_EQ(upload("1").status, 201);
    EXPECT_EQ(upload("2").status, 201);
    const HttpReply tooMany = upload("3");
    EXPECT_EQ(tooMany.status, 429);
    EXPECT_FALSE(tooMany.header("retry-after").empty());
    EXPECT_EQ(fileCount(), 2u);
}

TEST_P(FileHostTest, HtmlIsServedAsAnAttachmentThatIsNeverSniffed)
{
    startBoth();
    auto ada = registered("ada");
    for (const char* type : {"text/html", "image/svg+xml", "application/javascript"}) {
        SCOPED_TRACE(type);
        const HttpReply r = upload("<script>alert(1)</script>", type, "page.html");
        ASSERT_EQ(r.status, 201);
        const HttpReply got = request("GET", pathOf(r.header("location")));
        EXPECT_EQ(got.header("content-type"), "application/octet-stream");
        EXPECT_EQ(got.header("content-disposition"), "attachment; filename=\"page.html\"");
        EXPECT_EQ(got.header("x-content-type-options"), "nosniff");
        EXPECT_NE(got.header("content-security-policy").find("sandbox"), std::string::npos);
    }
}

TEST_P(FileHostTest, AMebibyteGoesUpAndComesBackStreamed)
{
    startBoth();
    auto ada = registered("ada");
    const std::string content = randomBytes(1 << 20, 7);
    const HttpReply r = upload(content, "application/zip", "big.zip");
    ASSERT_EQ(r.status, 201);
    const HttpReply got = request("GET", pathOf(r.header("location")));
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.body.size(), content.size());
    EXPECT_TRUE(got.body == content) << "the bytes served differ from those uploaded";
    EXPECT_EQ(got.header("content-disposition"), "attachment; filename=\"big.zip\"");
}

TEST_P(FileHostTest, FilesOutliveARestartAndLeftoversGo)
{
    startBoth();
    auto ada = registered("ada");
    const HttpReply r = upload("kept", "text/plain", "k.txt");
    ASSERT_EQ(r.status, 201);
    loop->invoke([&] { fileHost->reset(); });
    { // an upload cut off by a crash
        std::FILE* part = std::fopen((dir / "0123456789abcdef0123456789abcdef.part").c_str(), "wb");
        ASSERT_TRUE(part);
        std::fclose(part);
    }
    startFileHost();
    EXPECT_EQ(fileCount(), 1u);
    EXPECT_FALSE(partFileThere(dir));
    EXPECT_EQ(request("GET", pathOf(r.header("location"))).body, "kept");
}

TEST_P(FileHostTest, UploadsOverHttps)
{
    NetError error;
    const auto identity = makeSelfSignedIdentity("lan.test", &error);
    ASSERT_TRUE(identity) << error.describe();
    files.password = "pw";
    startFileHost(FileHost::TlsListen{{}, *identity, nullptr});
    auto context = TlsContext::client(&error);
    ASSERT_TRUE(context) << error.describe();
    TlsClientOptions options;
    options.serverName = "lan.test";
    options.trustOnFirstUse = true;
    auto c = open(tlsPort, context->clientSession(options));
    sendRaw(c, "POST /upload HTTP/1.1\r\nHost: lan.test\r\nAuthorization: Basic " + base64("x:pw") +
                   "\r\nContent-Length: 6\r\n\r\nsecret");
    const HttpReply r = reply(c);
    ASSERT_EQ(r.status, 201);
    EXPECT_EQ(r.header("location").rfind("https://lan.test/files/", 0), 0u) << r.header("location");
    // A plain request on the HTTPS port is told so in the clear.
    auto plain = open(tlsPort);
    sendRaw(plain, "GET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(reply(plain).status, 400);
}

// Run by the test filehost.disk_full, which gives it a small tmpfs of its own (as root, in a
// mount namespace): a disk that fills up mid-upload.
TEST_P(FileHostTest, AFullDiskIs507AndNothingHalfStored)
{
    if (fullDir.empty())
        GTEST_SKIP() << "needs LANCHAT_FILEHOST_FULL_DIR, a small file system of its own "
                        "(ctest's filehost.disk_full makes one as root)";
    files.directory = fullDir.string();
    dir = fullDir / "unused"; // TearDown removes dir, not the mount
    startBoth();
    auto ada = registered("ada");
    const HttpReply r = upload(randomBytes(4 << 20, 3), "application/zip", "huge.zip");
    EXPECT_EQ(r.status, 507);
    EXPECT_FALSE(partFileThere(fullDir));
    EXPECT_EQ(fileCount(), 0u);
    EXPECT_TRUE(logged("507 Insufficient Storage: cannot store the file, nothing kept: write "
                       ".*: ENOSPC \\(28\\)"));
}

INSTANTIATE_TEST_SUITE_P(Loops, FileHostTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

TEST(FileHostHeaders, ContentDispositionBothWays)
{
    using namespace filehost;
    std::optional<std::string> name;
    ASSERT_TRUE(parseContentDisposition("attachment; filename=\"a \\\"b\\\".png\"", &name));
    EXPECT_EQ(name, "a \"b\".png");
    ASSERT_TRUE(parseContentDisposition(
        "attachment; filename=\"fallback.png\"; filename*=UTF-8''%C3%A4pfel.png", &name));
    EXPECT_EQ(name, "\xC3\xA4pfel.png");
    ASSERT_TRUE(parseContentDisposition("inline", &name));
    EXPECT_FALSE(name);
    EXPECT_FALSE(parseContentDisposition("attachment; filename=\"unclosed", &name));
    EXPECT_EQ(contentDisposition("inline", "\xC3\xA4pfel.png"),
              "inline; filename=\"__pfel.png\"; filename*=UTF-8''%C3%A4pfel.png");
    EXPECT_EQ(contentDisposition("attachment", ""), "attachment");
}

TEST(FileHostHeaders, BasicCredentials)
{
    using namespace filehost;
    const auto ok = parseBasic("Basic " + base64("user:pass:with:colons"));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->user, "user");
    EXPECT_EQ(ok->password, "pass:with:colons");
    EXPECT_FALSE(parseBasic("Basic " + base64("nocolon")));
    EXPECT_FALSE(parseBasic("Bearer abc"));
    EXPECT_FALSE(parseBasic("Basic a"));
    EXPECT_EQ(servedType("image/svg+xml"), "application/octet-stream");
    EXPECT_TRUE(servedInline("image/webp"));
    EXPECT_FALSE(servedInline("application/pdf"));
}

} // namespace
} // namespace netcore::irc
