// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The host tests' fixture: an IrcHost on a loop, raw line clients over real loopback sockets,
// and waiting for a line that matches a pattern.

#include "netcore/irc/host.h"
#include "netcore/irc/message.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <regex>

namespace netcore::irc {

using namespace std::chrono_literals;
using test::LoopTest;

constexpr const char* ServerName = "lan.test";

// A raw IRC client: sends lines, collects every line it receives (loop thread only).
struct LineClient
{
    std::shared_ptr<TcpConnection> connection;
    LineReader reader{Limits{}, 1 << 20};
    std::vector<std::string> lines;
    std::size_t cursor = 0; // lines before this were already matched
    bool closed = false;
    NetError closeError;

    void attach()
    {
        connection->setDataHandler([this](TcpConnection&, std::string_view data) {
            reader.feed(data);
            while (auto line = reader.next())
                lines.emplace_back(line->text);
        });
        connection->setCloseHandler([this](TcpConnection&, const NetError& e) {
            closed = true;
            closeError = e;
        });
        connection->start();
    }
    void send(const std::string& line) { connection->send(line + "\r\n"); }
};

// One row of a reply table: a line the client sends and a line it must receive.
struct ReplyCase
{
    const char* name;
    const char* line;
    const char* reply; // a regular expression for a line the sender must receive
};

class HostTest : public LoopTest
{
protected:
    void SetUp() override
    {
        LoopTest::SetUp();
        config.serverName = ServerName;
        config.hostId = "test-host-id";
        config.operators = {{"admin", "s3cret"}};
        config.motd = {"Welcome to the test host."};
        config.maxClientsPerAddress = 50;
    }

    void startHost()
    {
        host = make<std::unique_ptr<IrcHost>>();
        stopped = make<std::string>();
        logs = make<std::vector<std::string>>();
        const auto error = loop->invoke([&] {
            IrcHost::Events events;
            auto stopReason = stopped;
            events.stopped = [stopReason](const std::string& reason) { *stopReason = reason; };
            events.log = [lines = logs](const std::string& line) { lines->push_back(line); };
            *host = std::make_unique<IrcHost>(*loop, config, events);
            ListenOptions listen;
            listen.host = "127.0.0.1";
            return (*host)->start(listen);
        });
        ASSERT_TRUE(error);
        ASSERT_FALSE(*error) << error->describe();
        port = *loop->invoke([&] { return (*host)->localAddress().port(); });
    }

    void TearDown() override
    {
        if (loop && host)
            loop->invoke([&] { host->reset(); });
        LoopTest::TearDown();
    }

    std::shared_ptr<LineClient> connectClient()
    {
        auto result = connectAndWait(test::localhost(port));
        EXPECT_TRUE(result->connection) << result->error.describe();
        auto client = make<LineClient>();
        loop->invoke([&] {
            client->connection = result->connection;
            client->attach();
        });
        return client;
    }

    void send(const std::shared_ptr<LineClient>& c, const std::string& line)
    {
        loop->invoke([&] { c->send(line); });
    }

    // Waits for the next line (after the cursor) matching `pattern`; returns it, or "" on
    // timeout. Lines before the match are skipped.
    std::string expect(const std::shared_ptr<LineClient>& c, const std::string& pattern,
                       std::chrono::milliseconds timeout = 5s)
    {
        const std::regex re(pattern);
        std::string found;
        std::size_t scanned = *loop->invoke([&] { return c->cursor; });
        const bool ok = test::waitUntil(
            *loop,
            [&] {
                for (; scanned < c->lines.size(); ++scanned) {
                    if (std::regex_search(c->lines[scanned], re)) {
                        found = c->lines[scanned];
                        c->cursor = scanned + 1;
                        return true;
                    }
                }
                return false;
            },
            timeout);
        if (!ok) {
            std::string seen;
            loop->invoke([&] {
                for (std::size_t i = c->cursor; i < c->lines.size(); ++i)
                    seen += "  " + c->lines[i] + "\n";
            });
            ADD_FAILURE() << "no line matching /" << pattern << "/; received:\n" << seen;
        }
        return found;
    }

    // True if no line matching `pattern` arrives within `wait` (after the cursor).
    bool never(const std::shared_ptr<LineClient>& c, const std::string& pattern,
               std::chrono::milliseconds wait = 300ms)
    {
        std::this_thread::sleep_for(wait);
        const std::regex re(pattern);
        return *loop->invoke([&] {
            for (std::size_t i = c->cursor; i < c->lines.size(); ++i) {
                if (std::regex_search(c->lines[i], re))
                    return false;
            }
            return true;
        });
    }

    std::shared_ptr<LineClient> registered(const std::string& nick)
    {
        auto c = connectClient();
        send(c, "NICK " + nick);
        send(c, "USER " + nick + " 0 * :" + nick + " Test");
        expect(c, "^:lan\\.test 001 " + nick + " :Welcome");
        expect(c, " (376|422) " + nick + " ");
        return c;
    }

    // Registers with the capabilities asked for (all acknowledged).
    std::shared_ptr<LineClient> withCaps(const std::string& nick, const std::string& caps)
    {
        auto c = connectClient();
        send(c, "CAP LS 302");
        send(c, "CAP REQ :" + caps);
        send(c, "NICK " + nick);
        send(c, "USER " + nick + " 0 * :" + nick + " Test");
        expect(c, " CAP \\* ACK :");
        send(c, "CAP END");
        expect(c, " 001 " + nick + " ");
        expect(c, " (376|422) " + nick + " ");
        return c;
    }

    void joinRoom(const std::shared_ptr<LineClient>& c, const std::string& nick,
                  const std::string& room)
    {
        send(c, "JOIN " + room);
        expect(c, " 366 " + nick + " " + room + " ");
    }

    // The value of tag `key` in `line` ("" if it has none).
    static std::string tag(const std::string& line, const std::string& key)
    {
        const std::regex re("[@;]" + key + "=([^; ]*)");
        std::smatch match;
        return std::regex_search(line, match, re) ? match[1].str() : std::string();
    }

    // Each row's line sent by `c`, and its reply expected among the replies to that line only.
    void expectReplies(const std::shared_ptr<LineClient>& c, const std::vector<ReplyCase>& table)
    {
        int sync = 0;
        for (const ReplyCase& row : table) {
            SCOPED_TRACE(row.name);
            // Every reply to the rows before has arrived (a connection's lines are answered in
            // order), so skipping them leaves only this row's replies to match.
            const std::string token = "sync" + std::to_string(++sync);
            send(c, "PING :" + token);
            expect(c, "PONG \\S+ :" + token + "$");
            loop->invoke([&] { c->cursor = c->lines.size(); });
            send(c, row.line);
            expect(c, row.reply);
        }
    }

    bool closedWithin(const std::shared_ptr<LineClient>& c, std::chrono::milliseconds timeout = 5s)
    {
        return test::waitUntil(
            *loop, [&] { return c->closed; }, timeout);
    }

    HostConfig config;
    std::shared_ptr<std::unique_ptr<IrcHost>> host;
    std::shared_ptr<std::string> stopped;
    std::shared_ptr<std::vector<std::string>> logs; // the host's log lines (loop thread)
    std::uint16_t port = 0;
};

} // namespace netcore::irc
