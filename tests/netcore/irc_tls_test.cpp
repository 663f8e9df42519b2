// SPDX-License-Identifier: GPL-3.0-or-later
// IRC inside TLS (issue 16): a host with a TLS port beside its plain one, or TLS alone; the
// client engine joining it with the host's fingerprint pinned; a TLS client and a plain one
// chatting across the two ports; WHOIS saying who is on TLS; the wrong client on each port; a
// changed fingerprint refused without retrying; a handshake left hanging cut off in time.

#include "irc_client_support.h"
#include "platform_test.h"

#include "netcore/irc/numerics.h"
#include "netcore/tls.h"

namespace netcore::irc {
namespace {

using Kind = ClientEvent::Kind;

// Under Wine, Schannel (GnuTLS behind secur32) has no AcceptSecurityContext (its secur32 answers
// SEC_E_UNSUPPORTED_FUNCTION): no TLS server handshake can run there, so TlsContext::server()
// says TLS_UNAVAILABLE (its self-check) and a host runs plain. The tests that need a TLS server
// are skipped under Wine; on Windows itself they run, and the client tests run everywhere.
#define SKIP_WITHOUT_TLS_SERVER()                                                                  \
    do {                                                                                           \
        if (test::runningUnderWine())                                                              \
            GTEST_SKIP() << "Wine's Schannel has no AcceptSecurityContext "                        \
                            "(SEC_E_UNSUPPORTED_FUNCTION): no TLS server under Wine";              \
    } while (false)

class TlsHostTest : public ClientTest
{
protected:
    // The host with a TLS port (and a plain one when `plain`).
    void startTlsHost(bool plain)
    {
        NetError error;
        const auto identity = makeSelfSignedIdentity("lan.test", &error);
        ASSERT_TRUE(identity) << error.describe();
        fingerprint = certificateFingerprint(identity->certificatePem);
        host = make<std::unique_ptr<IrcHost>>();
        const auto started = loop->invoke([&] {
            *host = std::make_unique<IrcHost>(*loop, hostConfig);
            ListenOptions listen;
            listen.host = "127.0.0.1";
            IrcHost::TlsListen tls{listen, *identity};
            return (*host)->start(plain ? std::make_optional(listen) : std::nullopt, tls);
        });
        ASSERT_TRUE(started);
        ASSERT_FALSE(*started) << started->describe();
        port = *loop->invoke([&] { return (*host)->localAddress().port(); });
        tlsPort = *loop->invoke([&] { return (*host)->tlsAddress().port(); });
        EXPECT_EQ(*loop->invoke([&] { return (*host)->tlsFingerprint(); }), fingerprint);
    }

    ClientConfig tlsConfig(const std::string& nick, const std::string& pin)
    {
        ClientConfig c = clientConfig(nick, tlsPort);
        c.tls = true;
        c.tlsOptions.pinnedFingerprint = pin;
        return c;
    }

    std::string fingerprint;
    std::uint16_t tlsPort = 0;
};

TEST_P(TlsHostTest, ATlsClientAndAPlainOneChatAcrossThePorts)
{
    SKIP_WITHOUT_TLS_SERVER();
    startTlsHost(true);
    ASSERT_NE(port, 0);
    auto ada = startClient(tlsConfig("ada", fingerprint));
    ASSERT_TRUE(waitInRoom(ada)) << inLoop([&] { return ada->dump(); });
    auto bob = startClient(clientConfig("bob"));
    ASSERT_TRUE(waitInRoom(bob));
    inLoop([&] {
        const auto info = ada->client->tlsInfo();
        ASSERT_TRUE(info);
        EXPECT_EQ(info->fingerprint, fingerprint);
        EXPECT_TRUE(info->pinned);
        EXPECT_FALSE(info->version.empty());
        const ClientEvent* ready = ada->find([](auto& e) { return e.kind == Kind::TlsReady; });
        ASSERT_NE(ready, nullptr);
        EXPECT_NE(ready->text.find("TLSv1."), std::string::npos) << ready->text;
        EXPECT_FALSE(bob->client->tlsInfo()) << "bob is on the plain port";
        ada->client->sendMessage("#lan", "over TLS");
        bob->client->sendMessage("#lan", "in the clear");
        bob->client->whois("ada");
        ada->client->whois("bob");
    });
    ASSERT_TRUE(waitFor(bob, [](auto& e) { return e.text == "over TLS" && !e.self; }));
    ASSERT_TRUE(waitFor(ada, [](auto& e) { return e.text == "in the clear" && !e.self; }));
    ASSERT_TRUE(waitFor(bob, [](auto& e) { return e.kind == Kind::Whois; }));
    ASSERT_TRUE(waitFor(ada, [](auto& e) { return e.kind == Kind::Whois; }));
    inLoop([&] {
        EXPECT_TRUE(bob->find([](auto& e) { return e.kind == Kind::Whois; })->whois->secure)
            << "ada is on TLS (671)";
        EXPECT_FALSE(ada->find([](auto& e) { return e.kind == Kind::Whois; })->whois->secure);
    });
}

TEST_P(TlsHostTest, ATlsOnlyHostAndAChangedFingerprint)
{
    SKIP_WITHOUT_TLS_SERVER();
    startTlsHost(false);
    EXPECT_EQ(port, 0) << "no plain port";
    auto ada = startClient(tlsConfig("ada", "SHA256:" + fingerprint));
    ASSERT_TRUE(waitInRoom(ada));

    // Another certificate than the one pinned: refused, said, and not retried.
    std::string other = fingerprint;
    other[0] = other[0] == 'A' ? 'B' : 'A';
    ClientConfig config = tlsConfig("eve", other);
    config.reconnect = true;
    auto eve = startClient(config);
    ASSERT_TRUE(waitFor(eve, [](auto& e) {
        return e.kind == Kind::StateChanged && e.state == ClientState::Disconnected;
    }));
    std::this_thread::sleep_for(300ms);
    inLoop([&] {
        const ClientEvent* end = eve->find([](auto& e) {
            return e.kind == Kind::StateChanged && e.state == ClientState::Disconnected;
        });
        EXPECT_EQ(end->error.code, make_error_code(TlsErrc::fingerprintChanged))
            << end->error.describe();
        EXPECT_EQ(eve->client->state(), ClientState::Disconnected);
        EXPECT_EQ(eve->count(Kind::Registered), 0u);
        const auto info = eve->client->tlsInfo();
        ASSERT_TRUE(info) << "the host's fingerprint is known, to be shown";
        EXPECT_EQ(info->fingerprint, fingerprint);
    });
}

TEST_P(TlsHostTest, TheWrongClientOnEachPortIsToldOrClosed)
{
    SKIP_WITHOUT_TLS_SERVER();
    startTlsHost(true);
    // A plain client on the TLS port: the ERROR line in the clear says why.
    auto plain = startClient(clientConfig("carl", tlsPort));
    ASSERT_TRUE(waitFor(plain, [](auto& e) {
        return e.kind == Kind::StateChanged && e.state == ClientState::Disconnected;
    }));
    inLoop([&] {
        const ClientEvent* error = plain->find([](auto& e) { return e.kind == Kind::Error; });
        ASSERT_NE(error, nullptr) << plain->dump();
        EXPECT_NE(error->text.find("This port speaks TLS"), std::string::npos) << error->text;
    });
    // A TLS client on the plain port: closed in its handshake.
    ClientConfig config = tlsConfig("dan", fingerprint);
    config.port = port;
    auto tls = startClient(config);
    ASSERT_TRUE(waitFor(tls, [](auto& e) {
        return e.kind == Kind::StateChanged && e.state == ClientState::Disconnected;
    }));
    inLoop([&] {
        const ClientEvent* end = tls->find([](auto& e) {
            return e.kind == Kind::StateChanged && e.state == ClientState::Disconnected;
        });
        EXPECT_EQ(end->error.code, make_error_code(TlsErrc::closedInHandshake))
            << end->error.describe();
        EXPECT_EQ((*host)->clientCount(), 0u);
    });
}

TEST_P(TlsHostTest, AHandshakeLeftHangingIsCutOff)
{
    SKIP_WITHOUT_TLS_SERVER();
    hostConfig.tlsHandshakeTimeout = 200ms;
    startTlsHost(true);
    auto result = connectAndWait(test::localhost(tlsPort));
    ASSERT_TRUE(result->connection);
    bool closed = false;
    inLoop([&] {
        result->connection->setCloseHandler(
            [&closed](TcpConnection&, const NetError&) { closed = true; });
        result->connection->start();
        // Half a ClientHello, then nothing.
        result->connection->send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return (*host)->clientCount() == 1; }));
    ASSERT_TRUE(test::waitUntil(
        *loop, [&] { return closed; }, 5s))
        << "the host let the handshake hang";
    inLoop([&] { EXPECT_EQ((*host)->clientCount(), 0u); });
}

INSTANTIATE_TEST_SUITE_P(Loops, TlsHostTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::irc
