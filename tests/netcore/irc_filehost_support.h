// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the FILEHOST suites share (irc_filehost_test.cpp: requests and who may make them;
// irc_filehost_limits_test.cpp: limits, deadlines, lost peers, the disk): a real IrcHost and
// FileHost on one loop, IRC clients registered from 127.0.0.1, and raw HTTP/1.1 requests.
// Expected answers follow the IRCv3 filehost work-in-progress specification (201 + Location,
// OPTIONS, HEAD and GET) and RFC 9110 (401 with WWW-Authenticate, 411, 413, 415, 429, 507).

#include "irc/filehost/response.h"
#include "irc_host_support.h"
#include "netcore/irc/filehost.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <regex>

namespace netcore::irc {

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

} // namespace netcore::irc
