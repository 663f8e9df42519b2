// SPDX-License-Identifier: GPL-3.0-or-later
// FILEHOST's requests and who may make them: ISUPPORT's URL, an upload and its link, OPTIONS,
// a chat connection (from this machine too) or Basic credentials, what is refused; and the
// header helpers. Limits and deadlines: irc_filehost_limits_test.cpp.

#include "irc_filehost_support.h"

#include "netcore/interfaces.h"

namespace netcore::irc {
namespace {

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

// The hosting user joins their own host over 127.0.0.1 but uploads to the LAN address it
// advertises: this machine's addresses count as one (other machines' do not).
TEST_P(FileHostTest, AChatConnectionFromThisMachineCountsForItsOtherAddresses)
{
    startBoth();
    auto ada = registered("ada");
    const auto from = [&](const char* ip) {
        return *loop->invoke(
            [&] { return (*host)->hasRegisteredClientFrom(SocketAddress::fromNumeric(ip, 0)); });
    };
    EXPECT_TRUE(from("127.0.0.1"));
    EXPECT_TRUE(from("127.0.0.2"));
    EXPECT_FALSE(from("192.0.2.7")); // TEST-NET-1: never this machine
    NetError error;
    for (const auto& nic : listIPv4Interfaces(&error)) {
        if (nic.up && !nic.address.empty()) {
            EXPECT_TRUE(from(nic.address.c_str())) << nic.name << " " << nic.address;
        }
    }
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
