// SPDX-License-Identifier: GPL-3.0-or-later
// FILEHOST's limits and deadlines: the space in all (the oldest go), expiry, a stalled upload,
// malformed requests, a peer that vanishes mid-upload, per-address limits, what is served
// inline, a mebibyte streamed both ways, a restart, HTTPS, and a full disk. Requests and who
// may make them: irc_filehost_test.cpp.

#include "irc_filehost_support.h"

namespace netcore::irc {
namespace {

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

} // namespace
} // namespace netcore::irc
