// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the client engine's suites share: a recorder of a client's events, a fixture with a
// LanChat host on loopback and clients to it, and a scripted server on a real socket for what
// our host does not do (another case mapping, away-notify, INVITE, no CAP at all).

#include "netcore/irc/client.h"
#include "netcore/irc/host.h"
#include "netcore/irc/message.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace netcore::irc {

using namespace std::chrono_literals;
using netcore::test::LoopTest;
using Kind = ClientEvent::Kind;

// A client engine with every event it reported (loop thread only).
struct Recorder
{
    std::unique_ptr<IrcClient> client;
    std::vector<ClientEvent> events;

    const ClientEvent* find(const std::function<bool(const ClientEvent&)>& predicate) const
    {
        for (const auto& e : events)
            if (predicate(e))
                return &e;
        return nullptr;
    }
    std::size_t count(Kind kind) const
    {
        return static_cast<std::size_t>(std::count_if(
            events.begin(), events.end(), [&](const ClientEvent& e) { return e.kind == kind; }));
    }
    bool registered() const { return client && client->state() == ClientState::Registered; }
    // Every event, one per line, for failure messages.
    std::string dump() const
    {
        std::string out;
        for (const auto& e : events)
            out += std::to_string(static_cast<int>(e.kind)) + " " + clientStateName(e.state) +
                   " room=" + e.room + " nick=" + e.nick + " target=" + e.target +
                   " text=" + e.text + (e.error ? " error=" + e.error.describe() : "") + "\n";
        return out;
    }
};

// A server that answers each line by a script, on a real loopback socket; it keeps every line
// it was sent (loop thread only).
struct ScriptedServer
{
    using Script = std::function<void(TcpConnection&, const Message&)>;

    std::unique_ptr<TcpListener> listener;
    std::shared_ptr<TcpConnection> peer;
    LineReader reader;
    std::vector<std::string> lines;
    Script script;

    // Loop thread.
    bool open(EventLoop& loop, Script s)
    {
        script = std::move(s);
        ListenOptions options;
        options.host = "127.0.0.1";
        NetError error;
        listener = TcpListener::open(
            loop, options,
            [this](std::shared_ptr<TcpConnection> c) {
                peer = std::move(c);
                reader = LineReader();
                peer->setDataHandler([this](TcpConnection& conn, std::string_view data) {
                    reader.feed(data);
                    while (auto line = reader.next()) {
                        lines.emplace_back(line->text);
                        if (const auto m = parse(line->text).message)
                            script(conn, *m);
                    }
                });
                peer->start();
            },
            [](const NetError&) {}, &error);
        return listener != nullptr;
    }

    std::uint16_t port() const { return listener->localAddress().port(); }
    std::size_t count(const std::string& line) const
    {
        return static_cast<std::size_t>(std::count(lines.begin(), lines.end(), line));
    }
};

class ClientTest : public LoopTest
{
protected:
    void SetUp() override
    {
        LoopTest::SetUp();
        hostConfig.serverName = "lan.test";
        hostConfig.maxClientsPerAddress = 50;
        hostConfig.operators = {{"admin", "s3cret"}};
    }

    void startHost()
    {
        host = make<std::unique_ptr<IrcHost>>();
        const auto error = loop->invoke([&] {
            *host = std::make_unique<IrcHost>(*loop, hostConfig);
            ListenOptions listen;
            listen.host = "127.0.0.1";
            return (*host)->start(listen);
        });
        ASSERT_TRUE(error);
        ASSERT_FALSE(*error) << error->describe();
        port = *loop->invoke([&] { return (*host)->localAddress().port(); });
    }

    ClientConfig clientConfig(const std::string& nick, std::uint16_t to = 0)
    {
        ClientConfig c;
        c.host = "127.0.0.1";
        c.port = to ? to : port;
        c.nick = nick;
        c.rooms = {"#lan"};
        c.tick = 20ms;
        c.reconnectMin = 100ms;
        c.reconnectMax = 400ms;
        return c;
    }

    std::shared_ptr<Recorder> startClient(ClientConfig config)
    {
        auto r = make<Recorder>();
        recorders.push_back(r);
        loop->invoke([&] {
            Recorder* raw = r.get();
            r->client =
                std::make_unique<IrcClient>(*loop, std::move(config), [raw](const ClientEvent& e) {
                    raw->events.push_back(e);
                });
            r->client->connect();
        });
        return r;
    }

    bool waitFor(const std::shared_ptr<Recorder>& r,
                 const std::function<bool(const ClientEvent&)>& predicate,
                 std::chrono::milliseconds timeout = 20s)
    {
        return test::waitUntil(
            *loop, [&] { return r->find(predicate) != nullptr; }, timeout);
    }

    // Waits until registered and in #lan with its member list.
    bool waitInRoom(const std::shared_ptr<Recorder>& r, const std::string& room = "#lan")
    {
        return test::waitUntil(*loop, [&] {
            const JoinedRoom* in = r->client->room(room);
            return r->registered() && in && !in->members.empty();
        });
    }

    // Runs f in the loop thread and returns its result.
    template <typename F> auto inLoop(F&& f)
    {
        if constexpr (std::is_void_v<std::invoke_result_t<F&>>)
            EXPECT_TRUE(loop->invoke(std::forward<F>(f)));
        else
            return *loop->invoke(std::forward<F>(f));
    }

    void TearDown() override
    {
        // In the loop thread, where they live: the clients first, then the host.
        if (loop)
            loop->invoke([&] {
                for (auto& r : recorders)
                    r->client.reset();
                if (host)
                    host->reset();
            });
        LoopTest::TearDown();
    }

    std::vector<std::shared_ptr<Recorder>> recorders;

    HostConfig hostConfig;
    std::shared_ptr<std::unique_ptr<IrcHost>> host;
    std::uint16_t port = 0;

    // A scripted server, open on a loopback port; its port.
    std::uint16_t startScripted(std::shared_ptr<ScriptedServer>& server, ScriptedServer::Script s)
    {
        server = make<ScriptedServer>();
        EXPECT_TRUE(inLoop([&] { return server->open(*loop, std::move(s)); }));
        return inLoop([&] { return server->port(); });
    }
};

} // namespace netcore::irc
