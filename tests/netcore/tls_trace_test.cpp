// SPDX-License-Identifier: GPL-3.0-or-later
// The TLS layer in the trace (issue 16, the Socket Inspector's two layers): each handshake
// message as a step on both ends, in order; the end of the handshake with the version, cipher
// and the server's fingerprint (the same on both ends); the plaintext the layer carried, never
// in the socket's own bytes; a refused certificate as a failed step named like a socket error;
// the socket registry's TLS columns; a recording's round trip. And the record layer read from
// the outside (TlsRecordScanner, TlsHandshakeWatcher), fed a real handshake in pieces.

#include "tls_test_support.h"
#include "trace_recorder.h"

#include "netcore/socket_registry.h"
#include "netcore/tls_records.h"

#include <algorithm>

namespace netcore {
namespace {

using test::identity;

class TlsTraceTest : public test::TlsTest
{
protected:
    // The TLS steps of one socket, "sent ClientHello" / "received Finished" / "Established".
    static std::vector<std::string> steps(const std::vector<TraceEvent>& events, SocketId socket)
    {
        std::vector<std::string> out;
        for (const TraceEvent& e : events) {
            if (e.socket != socket || e.call != Call::TlsHandshake || !e.tls)
                continue;
            const std::string& step = e.tls->step;
            const bool end = step == "Established" || step == "Failed" || step == "Abandoned";
            out.push_back(end ? step : (e.tls->sent ? "sent " : "received ") + step);
        }
        return out;
    }

    static std::string joined(const std::vector<TraceEvent>& events, SocketId socket, Call call)
    {
        std::string bytes;
        for (const TraceEvent& e : events) {
            if (e.socket == socket && e.call == call)
                bytes += e.data;
        }
        return bytes;
    }

    static const TraceEvent* established(const std::vector<TraceEvent>& events, SocketId socket)
    {
        for (const TraceEvent& e : events) {
            if (e.socket == socket && e.call == Call::TlsHandshake && e.tls &&
                e.tls->step == "Established")
                return &e;
        }
        return nullptr;
    }

    // The position of `wanted` in `all`, in that order (each after the one before); -1 if not.
    static bool inOrder(const std::vector<std::string>& all, const std::vector<std::string>& wanted)
    {
        auto at = all.begin();
        for (const std::string& step : wanted) {
            at = std::find(at, all.end(), step);
            if (at == all.end())
                return false;
            ++at;
        }
        return true;
    }
};

TEST_P(TlsTraceTest, BothEndsShowTheHandshakeStepsAndThePlaintextAboveTheRecords)
{
    SKIP_WITHOUT_TLS_SERVER();
    test::Recorder recorder(64 * 1024);
    auto server = startServer();
    const std::string fingerprint = certificateFingerprint(identity().certificatePem);
    auto peer = connectPeer(server->port(), pinned(fingerprint));
    const std::string line = "PRIVMSG #lan :secret words\r\n";
    loop->invoke([&] { peer->connection->send(line); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return peer->received == line; }));
    SocketId client = 0;
    SocketId accepted = 0;
    loop->invoke([&] {
        client = peer->connection->id();
        accepted = server->clients.at(0)->id();
    });
    const std::vector<TraceEvent> events = recorder.events();
    const std::string all = test::describe(events);

    // The client: its hello, the host's answer, its own Finished, then the end.
    const auto mine = steps(events, client);
    EXPECT_TRUE(inOrder(mine, {"sent ClientHello", "received ServerHello", "received Certificate",
                               "received CertificateVerify", "received Finished", "sent Finished",
                               "Established"}))
        << all;
    // The host: the same messages, the other way round.
    const auto theirs = steps(events, accepted);
    EXPECT_TRUE(inOrder(theirs, {"received ClientHello", "sent ServerHello", "sent Certificate",
                                 "sent CertificateVerify", "sent Finished", "received Finished",
                                 "Established"}))
        << all;

    const TraceEvent* ours = established(events, client);
    const TraceEvent* host = established(events, accepted);
    ASSERT_TRUE(ours && host) << all;
    EXPECT_EQ(ours->tls->version, "TLSv1.3");
    EXPECT_FALSE(ours->tls->cipher.empty());
    EXPECT_EQ(ours->tls->fingerprint, fingerprint)
        << "the host's certificate, as the client saw it";
    EXPECT_EQ(host->tls->fingerprint, fingerprint) << "the host's own certificate";
    EXPECT_EQ(host->tls->cipher, ours->tls->cipher);

    // The plaintext: encrypted by the client, decrypted by the host, echoed back.
    EXPECT_EQ(joined(events, client, Call::TlsEncrypt), line);
    EXPECT_EQ(joined(events, accepted, Call::TlsDecrypt), line);
    EXPECT_EQ(joined(events, client, Call::TlsDecrypt), line);
    // The socket's own bytes are records: the words are not among them.
    const std::string wire =
        joined(events, client, Call::Send) + joined(events, client, Call::Recv);
    EXPECT_GT(wire.size(), line.size());
    EXPECT_EQ(wire.find("secret words"), std::string::npos);
    EXPECT_EQ(static_cast<unsigned char>(joined(events, client, Call::Send)[0]), 22)
        << "the first record is the handshake's";

    // The registry: TLS, what the handshake agreed, the plaintext beside the wire's bytes.
    SocketRegistry registry;
    for (const TraceEvent& e : events)
        registry.apply(e);
    const SocketInfo* info = registry.find(client);
    ASSERT_TRUE(info);
    EXPECT_TRUE(info->tls);
    EXPECT_EQ(info->tlsVersion, "TLSv1.3");
    EXPECT_EQ(info->tlsCipher, ours->tls->cipher);
    EXPECT_EQ(info->tlsFingerprint, fingerprint);
    EXPECT_EQ(info->plainOut, line.size());
    EXPECT_EQ(info->plainIn, line.size());
    EXPECT_GT(info->bytesOut, info->plainOut);
    EXPECT_EQ(info->lastErrorName, "");

    // A recording keeps all of it.
    for (const TraceEvent* e : {ours, host}) {
        const auto back = traceEventFromJson(traceEventToJson(*e));
        ASSERT_TRUE(back && back->tls);
        EXPECT_EQ(back->call, Call::TlsHandshake);
        EXPECT_EQ(back->tls->step, "Established");
        EXPECT_EQ(back->tls->version, e->tls->version);
        EXPECT_EQ(back->tls->cipher, e->tls->cipher);
        EXPECT_EQ(back->tls->fingerprint, fingerprint);
    }
    // And the console's line says it.
    EXPECT_NE(formatTraceEvent(*ours).find("TLS handshake(established: TLSv1.3"), std::string::npos)
        << formatTraceEvent(*ours);
}

TEST_P(TlsTraceTest, ARefusedCertificateIsAFailedStepNamedLikeASocketError)
{
    SKIP_WITHOUT_TLS_SERVER();
    test::Recorder recorder;
    auto server = startServer();
    const std::string fingerprint = certificateFingerprint(identity().certificatePem);
    auto changed = connectPeer(server->port(), pinned("AB:" + fingerprint.substr(3)));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return changed->closed; }));
    SocketId client = 0;
    loop->invoke([&] { client = changed->connection->id(); });
    const std::vector<TraceEvent> events = recorder.events();
    const auto mine = steps(events, client);
    ASSERT_FALSE(mine.empty()) << test::describe(events);
    EXPECT_EQ(mine.back(), "Failed") << test::describe(events);
    EXPECT_EQ(std::count(mine.begin(), mine.end(), "Established"), 0);
    // Named as socket errors are, before the socket's close().
    const auto failed = std::find_if(events.begin(), events.end(), [&](const TraceEvent& e) {
        return e.socket == client && e.tls && e.tls->step == "Failed";
    });
    ASSERT_NE(failed, events.end());
    EXPECT_EQ(failed->errorName, "TLS_FINGERPRINT_CHANGED");
    EXPECT_EQ(failed->error, static_cast<int>(TlsErrc::fingerprintChanged));
    EXPECT_NE(failed->args.find(fingerprint), std::string::npos) << failed->args;
    EXPECT_TRUE(std::any_of(failed, events.end(), [&](const TraceEvent& e) {
        return e.socket == client && e.call == Call::Close;
    })) << "the failure comes before the close";
    SocketRegistry registry;
    for (const TraceEvent& e : events)
        registry.apply(e);
    ASSERT_TRUE(registry.find(client));
    EXPECT_EQ(registry.find(client)->lastErrorName, "TLS_FINGERPRINT_CHANGED");
    EXPECT_EQ(registry.find(client)->tlsVersion, "") << "no handshake ended";
}

TEST_P(TlsTraceTest, AHandshakeLeftHalfWayIsAFailedStepOnTheHost)
{
    SKIP_WITHOUT_TLS_SERVER();
    test::Recorder recorder;
    auto server = startServer();
    auto half = connectPeer(server->port(), std::nullopt);
    loop->invoke([&] {
        half->connection->send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] {
        return std::any_of(server->clients.begin(), server->clients.end(),
                           [](const auto& c) { return c->tls() != nullptr; });
    }));
    loop->invoke([&] { half->connection->close(); });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return !server->closeErrors.empty(); }));
    SocketId accepted = 0;
    loop->invoke([&] { accepted = server->clients.at(0)->id(); });
    const auto theirs = steps(recorder.events(), accepted);
    ASSERT_FALSE(theirs.empty()) << test::describe(recorder.events());
    EXPECT_EQ(theirs.back(), "Failed")
        << "the peer closed in the handshake: TLS_CLOSED_IN_HANDSHAKE";
}

INSTANTIATE_TEST_SUITE_P(Loops, TlsTraceTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

// A real ClientHello, as a client session starts.
std::string clientHello()
{
    NetError error;
    auto context = TlsContext::client(&error);
    EXPECT_TRUE(context) << error.describe();
    if (!context)
        return {};
    TlsClientOptions options;
    options.serverName = "lan.test";
    auto session = context->clientSession(options);
    std::string out;
    EXPECT_TRUE(session->start(&out));
    const auto steps = session->takeSteps();
    EXPECT_EQ(steps.size(), 1u);
    if (!steps.empty()) {
        EXPECT_EQ(steps[0].name, "ClientHello");
        EXPECT_TRUE(steps[0].sent);
    }
    return out;
}

TEST(TlsRecordsTest, TheScannerFindsEachRecordHeaderInPiecesOfAnySize)
{
    const std::string hello = clientHello();
    ASSERT_GT(hello.size(), 5u);
    // Two records: the hello, and application data of 3 bytes after it.
    const std::string stream = hello + std::string("\x17\x03\x03\x00\x03xyz", 8);
    for (const std::size_t piece :
         {std::size_t{1}, std::size_t{2}, std::size_t{7}, stream.size()}) {
        TlsRecordScanner scanner;
        std::vector<TlsRecordHeader> headers;
        for (std::size_t at = 0; at < stream.size(); at += piece)
            scanner.feed(std::string_view(stream).substr(at, piece), &headers);
        ASSERT_EQ(headers.size(), 2u) << "pieces of " << piece;
        EXPECT_FALSE(scanner.lost());
        EXPECT_EQ(headers[0].offset, 0u);
        EXPECT_EQ(tlsContentTypeName(headers[0].type), "handshake");
        EXPECT_EQ(headers[0].length + 5u, hello.size());
        EXPECT_EQ(headers[1].offset, hello.size());
        EXPECT_EQ(tlsContentTypeName(headers[1].type), "application_data");
        EXPECT_EQ(tlsVersionName(headers[1].version), "TLS 1.2");
        EXPECT_EQ(headers[1].length, 3u);
        EXPECT_EQ(scanner.position(), stream.size());
    }
}

TEST(TlsRecordsTest, BytesNotCapturedAreSkippedInsideABodyAndLoseTheTrailOverAHeader)
{
    const std::string record = std::string("\x17\x03\x03\x00\x10", 5) + std::string(16, 'x');
    TlsRecordScanner scanner;
    std::vector<TlsRecordHeader> headers;
    scanner.feed(record.substr(0, 9), &headers);
    scanner.skip(12); // the rest of the body, not captured
    scanner.feed(record, &headers);
    EXPECT_EQ(headers.size(), 2u);
    EXPECT_FALSE(scanner.lost());
    scanner.skip(30); // over the next header: the boundaries are lost
    EXPECT_TRUE(scanner.lost());

    TlsRecordScanner plain;
    plain.feed("NICK ada\r\n", &headers);
    EXPECT_TRUE(plain.lost()) << "an IRC line is no record";
}

TEST(TlsRecordsTest, TheWatcherNamesClearMessagesAndCountsEncryptedOnes)
{
    // A server hello and change cipher spec in the clear, then an encrypted record.
    std::string hello("\x16\x03\x03\x00\x08", 5);
    hello += std::string("\x02\x00\x00\x04", 4) + "abcd"; // ServerHello, 4 bytes of body
    const std::string ccs("\x14\x03\x03\x00\x01\x01", 6);
    const std::string encrypted = std::string("\x17\x03\x03\x00\x04", 5) + "????";
    const std::string alert("\x15\x03\x03\x00\x02\x02\x2a", 7);
    TlsHandshakeWatcher watcher;
    std::vector<std::string> steps;
    const std::string stream = hello + ccs + encrypted;
    for (const char c : stream)
        watcher.feed(std::string_view(&c, 1), &steps);
    EXPECT_EQ(steps,
              (std::vector<std::string>{"ServerHello", "ChangeCipherSpec", "Encrypted handshake"}));
    TlsHandshakeWatcher refused;
    steps.clear();
    refused.feed(alert, &steps);
    EXPECT_EQ(steps, std::vector<std::string>{"Alert: bad_certificate"});
    EXPECT_EQ(tlsHandshakeMessageName(1), "ClientHello");
    EXPECT_EQ(tlsAlertName(70), "protocol_version");
}

} // namespace
} // namespace netcore
