// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the TLS tests share: a host's certificate made once, a TLS echo server, client peers,
// and a fixture on every loop.

#include "platform_test.h"
#include "test_support.h"

#include "netcore/tls.h"

namespace netcore::test {

// Under Wine, Schannel (GnuTLS behind secur32) has no AcceptSecurityContext (its secur32 answers
// SEC_E_UNSUPPORTED_FUNCTION): no TLS server handshake can run there, so TlsContext::server()
// says TLS_UNAVAILABLE (its self-check) and a host runs plain. The tests that need a TLS server
// are skipped under Wine; on Windows itself they run, and the client tests run everywhere.
#define SKIP_WITHOUT_TLS_SERVER()                                                                  \
    do {                                                                                           \
        if (::netcore::test::runningUnderWine())                                                   \
            GTEST_SKIP() << "Wine's Schannel has no AcceptSecurityContext "                        \
                            "(SEC_E_UNSUPPORTED_FUNCTION): no TLS server under Wine";              \
    } while (false)

inline const TlsIdentity& identity()
{
    static const TlsIdentity made = [] {
        NetError error;
        auto id = makeSelfSignedIdentity("lan.test", &error);
        return id ? *id : TlsIdentity{};
    }();
    return made;
}

// A TLS echo server: each line of plaintext comes back; what happened kept for the test.
struct TlsEchoServer
{
    std::shared_ptr<TlsContext> context;
    std::unique_ptr<TcpListener> listener;
    std::vector<std::shared_ptr<TcpConnection>> clients;
    std::vector<NetError> closeErrors;
    int ready = 0;
    std::string received;

    bool open(EventLoop& loop)
    {
        NetError error;
        context = TlsContext::server(identity(), &error);
        if (!context) {
            ADD_FAILURE() << error.describe();
            return false;
        }
        ListenOptions options;
        options.host = "127.0.0.1";
        listener = TcpListener::open(
            loop, options,
            [this](std::shared_ptr<TcpConnection> c) {
                c->useTls(context->serverSession("ERROR :This port speaks TLS\r\n"));
                c->setTlsReadyHandler([this](TcpConnection&) { ++ready; });
                c->setDataHandler([this](TcpConnection& conn, std::string_view data) {
                    received.append(data);
                    conn.send(data);
                });
                c->setCloseHandler(
                    [this](TcpConnection&, const NetError& e) { closeErrors.push_back(e); });
                c->start();
                clients.push_back(std::move(c));
            },
            [](const NetError&) {}, &error);
        return listener != nullptr;
    }
    std::uint16_t port() const { return listener->localAddress().port(); }
};

// A client connection, plain or TLS, and what it saw.
struct Peer
{
    std::shared_ptr<TcpConnection> connection;
    std::string received;
    bool ready = false;
    bool closed = false;
    NetError closeError;
};

class TlsTest : public LoopTest
{
protected:
    std::shared_ptr<TlsEchoServer> startServer()
    {
        auto server = make<TlsEchoServer>();
        EXPECT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
        return server;
    }

    // Connects to `port`; with `tls`, a TLS session with those options.
    std::shared_ptr<Peer> connectPeer(std::uint16_t port, std::optional<TlsClientOptions> tls)
    {
        auto peer = make<Peer>();
        auto result = connectAndWait(localhost(port));
        EXPECT_TRUE(result->connection) << result->error.describe();
        if (!result->connection)
            return peer;
        loop->invoke([&] {
            peer->connection = result->connection;
            TcpConnection& c = *peer->connection;
            if (tls) {
                NetError error;
                auto context = TlsContext::client(&error);
                ASSERT_TRUE(context) << error.describe();
                c.useTls(context->clientSession(*tls));
            }
            Peer* p = peer.get();
            c.setTlsReadyHandler([p](TcpConnection&) { p->ready = true; });
            c.setDataHandler(
                [p](TcpConnection&, std::string_view data) { p->received.append(data); });
            c.setCloseHandler([p](TcpConnection&, const NetError& e) {
                p->closed = true;
                p->closeError = e;
            });
            c.start();
        });
        return peer;
    }

    static TlsClientOptions pinned(const std::string& fingerprint)
    {
        TlsClientOptions options;
        options.serverName = "127.0.0.1";
        options.pinnedFingerprint = fingerprint;
        return options;
    }
};

} // namespace netcore::test
