// SPDX-License-Identifier: GPL-3.0-or-later
// TLS between TCP connections on every loop (issue 16): a host's own certificate and its
// fingerprint; a client that trusts it by its pinned fingerprint or on first use, and refuses
// it unknown or changed; plain text on a TLS port answered in the clear and closed; a peer that
// leaves in the middle of the handshake. Real sockets on loopback, real OpenSSL.

#include "tls_test_support.h"

namespace netcore {
namespace {

using namespace std::chrono_literals;
using test::identity;
using test::TlsTest;

TEST(TlsIdentityTest, AHostMakesItsOwnCertificateWithAFingerprint)
{
    NetError error;
    const auto made = makeSelfSignedIdentity("lan.test", &error);
    ASSERT_TRUE(made) << error.describe();
    EXPECT_NE(made->certificatePem.find("BEGIN CERTIFICATE"), std::string::npos);
    EXPECT_NE(made->privateKeyPem.find("BEGIN PRIVATE KEY"), std::string::npos);
    const std::string fingerprint = certificateFingerprint(made->certificatePem);
    ASSERT_EQ(fingerprint.size(), 95u) << fingerprint;
    EXPECT_EQ(normalizeFingerprint(fingerprint), fingerprint);
    // As people type it: lower case, without colons, with "SHA256:" in front.
    std::string plain;
    for (const char c : fingerprint)
        if (c != ':')
            plain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(normalizeFingerprint(plain), fingerprint);
    EXPECT_EQ(normalizeFingerprint("SHA256:" + fingerprint), fingerprint);
    EXPECT_EQ(normalizeFingerprint("AB:CD"), "");
    EXPECT_EQ(normalizeFingerprint(std::string(64, 'G')), "");
    // Each host its own.
    const auto other = makeSelfSignedIdentity("lan.test", &error);
    ASSERT_TRUE(other);
    EXPECT_NE(certificateFingerprint(other->certificatePem), fingerprint);
    // A key that is not the certificate's is refused.
    NetError refused;
    EXPECT_FALSE(TlsContext::server({made->certificatePem, other->privateKeyPem}, &refused));
    EXPECT_EQ(refused.code, make_error_code(TlsErrc::badCertificate)) << refused.describe();
    EXPECT_FALSE(TlsContext::server({"not a certificate", made->privateKeyPem}, &refused));
    // Where the system cannot serve TLS (Wine's Schannel), a server context is refused as
    // unavailable, with the reason, so that a host runs plain and says why.
    NetError served;
    const auto context = TlsContext::server(*made, &served);
    if (test::runningUnderWine()) {
        EXPECT_FALSE(context);
        EXPECT_EQ(served.code, make_error_code(TlsErrc::unavailable)) << served.describe();
        EXPECT_NE(served.describe().find("SEC_E_"), std::string::npos) << served.describe();
    } else {
        EXPECT_TRUE(context) << served.describe();
    }
}

TEST_P(TlsTest, APinnedClientChatsAndTheWireIsEncrypted)
{
    SKIP_WITHOUT_TLS_SERVER();
    auto server = startServer();
    const std::string fingerprint = certificateFingerprint(identity().certificatePem);
    auto peer = connectPeer(server->port(), pinned(fingerprint));
    // Sent before the handshake has ended: kept, then sent.
    loop->invoke([&] { peer->connection->send("PRIVMSG #lan :secret words\r\n"); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] {
        return peer->received == "PRIVMSG #lan :secret words\r\n";
    })) << loop->invoke([&] { return peer->closeError.describe(); }).value_or("");
    loop->invoke([&] {
        EXPECT_TRUE(peer->ready);
        EXPECT_EQ(server->ready, 1);
        const TlsInfo& info = peer->connection->tls()->info();
        EXPECT_EQ(info.version, "TLSv1.3");
        EXPECT_FALSE(info.cipher.empty());
        EXPECT_EQ(info.fingerprint, fingerprint);
        EXPECT_TRUE(info.pinned);
        EXPECT_FALSE(info.trusted) << "a self-signed certificate is in no trust store";
        EXPECT_NE(info.subject.find("CN=lan.test"), std::string::npos) << info.subject;
        // The socket carried more than the plaintext: records, handshake and all.
        EXPECT_GT(peer->connection->stats().bytesOut, 28u + 200u);
        peer->connection->close();
    });
    ASSERT_TRUE(
        test::waitUntil(*loop, [&] { return peer->closed && !server->closeErrors.empty(); }));
    loop->invoke([&] {
        EXPECT_FALSE(peer->closeError) << peer->closeError.describe();
        EXPECT_FALSE(server->closeErrors[0]) << server->closeErrors[0].describe();
    });
}

TEST_P(TlsTest, AnUnknownOrChangedCertificateIsRefused)
{
    SKIP_WITHOUT_TLS_SERVER();
    auto server = startServer();
    const std::string fingerprint = certificateFingerprint(identity().certificatePem);

    TlsClientOptions unknown;
    unknown.serverName = "127.0.0.1";
    auto first = connectPeer(server->port(), unknown);
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return first->closed; }));
    loop->invoke([&] {
        EXPECT_EQ(first->closeError.code, make_error_code(TlsErrc::unknownCertificate));
        EXPECT_NE(first->closeError.describe().find(fingerprint), std::string::npos)
            << first->closeError.describe();
        EXPECT_EQ(errorLabel(first->closeError.code), "TLS_UNKNOWN_CERTIFICATE (3)");
        EXPECT_FALSE(first->ready);
    });

    auto changed = connectPeer(server->port(), pinned("AB:" + fingerprint.substr(3)));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return changed->closed; }));
    loop->invoke([&] {
        EXPECT_EQ(changed->closeError.code, make_error_code(TlsErrc::fingerprintChanged));
        const std::string said = changed->closeError.describe();
        EXPECT_NE(said.find("the host's certificate is SHA256 " + fingerprint), std::string::npos)
            << said;
        EXPECT_EQ(changed->received, "");
    });

    // Trust on first use: accepted, the fingerprint told.
    TlsClientOptions firstUse = unknown;
    firstUse.trustOnFirstUse = true;
    auto trusting = connectPeer(server->port(), firstUse);
    loop->invoke([&] { trusting->connection->send("hello\r\n"); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return trusting->received == "hello\r\n"; }));
    loop->invoke([&] {
        EXPECT_EQ(trusting->connection->tls()->info().fingerprint, fingerprint);
        EXPECT_FALSE(trusting->connection->tls()->info().pinned);
    });
}

TEST_P(TlsTest, PlainTextOnTheTlsPortIsAnsweredInTheClearAndClosed)
{
    SKIP_WITHOUT_TLS_SERVER();
    auto server = startServer();
    auto plain = connectPeer(server->port(), std::nullopt);
    loop->invoke([&] { plain->connection->send("NICK ada\r\nUSER ada 0 * :Ada\r\n"); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return plain->closed; }));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return !server->closeErrors.empty(); }));
    loop->invoke([&] {
        EXPECT_EQ(plain->received, "ERROR :This port speaks TLS\r\n");
        EXPECT_EQ(server->closeErrors[0].code, make_error_code(TlsErrc::notTls))
            << server->closeErrors[0].describe();
        EXPECT_EQ(server->received, "") << "nothing of it reached the user";
    });
}

TEST_P(TlsTest, APeerThatLeavesInTheHandshakeIsNamed)
{
    SKIP_WITHOUT_TLS_SERVER();
    auto server = startServer();
    auto half = connectPeer(server->port(), std::nullopt);
    // The first bytes of a ClientHello (a handshake record of 512 bytes), then nothing more.
    loop->invoke([&] {
        half->connection->send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
    });
    std::this_thread::sleep_for(100ms);
    loop->invoke([&] {
        EXPECT_TRUE(server->closeErrors.empty()) << "waits for the rest";
        half->connection->close();
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return !server->closeErrors.empty(); }));
    loop->invoke([&] {
        EXPECT_EQ(server->closeErrors[0].code, make_error_code(TlsErrc::closedInHandshake))
            << server->closeErrors[0].describe();
        EXPECT_EQ(server->ready, 0);
    });
}

TEST_P(TlsTest, RandomBytesFailTheHandshakeWithTheLibrarysWords)
{
    SKIP_WITHOUT_TLS_SERVER();
    auto server = startServer();
    auto noise = connectPeer(server->port(), std::nullopt);
    std::string bytes("\x16\x03\x03\x00\x10", 5); // a handshake record of garbage
    for (int i = 0; i < 16; ++i)
        bytes += static_cast<char>(0xA5 ^ (i * 37));
    loop->invoke([&] { noise->connection->send(bytes); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return !server->closeErrors.empty(); }));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return noise->closed; }));
    loop->invoke([&] {
        const NetError& e = server->closeErrors[0];
        EXPECT_EQ(e.code, make_error_code(TlsErrc::handshakeFailed)) << e.describe();
        EXPECT_FALSE(e.detail.empty()) << "OpenSSL's own words";
        EXPECT_NE(e.describe().find("127.0.0.1:"), std::string::npos) << e.describe();
    });
}

INSTANTIATE_TEST_SUITE_P(Loops, TlsTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore
