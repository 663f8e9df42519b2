// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the TLS layer's record handling on our side (netcore/tls.h: on Linux
// tls_session_posix.cpp, OpenSSL through memory BIOs): whatever a peer sends, in whatever
// pieces the socket happens to deliver it. The input:
//
//   byte 0       what is fuzzed (mod 3):
//                  0  a host's session fed the payload as a client's records
//                  1  a client's session, after its ClientHello, fed the payload as a host's
//                  2  a real client and host shaking hands in memory, every flight passed in
//                     pieces, one byte of that conversation flipped (bytes 9-11); then the
//                     payload sent as plaintext both ways, and close_notify
//   bytes 1-8    piece sizes, used in turn: n delivers n bytes, 0 all that is left
//   bytes 9-10   mode 2: which byte of the handshake to flip (big-endian offset over both
//                directions), byte 11 the bits to flip it by (0: none)
//   the rest     the payload
//
// Besides "no crash, no undefined behaviour" it checks what TlsSession promises:
//   - once receive() returned false it keeps doing so, adds nothing, and send() fails too;
//     error() is then a TlsErrc, and it is empty while receive() returns true;
//   - no plaintext comes out before handshakeDone();
//   - looksLikeTlsHandshake() is the first-bytes rule (22, then 3), our ClientHello passes it,
//     a host's session whose first byte is not 22 fails as notTls with its reply in the clear,
//     and one whose first bytes pass the rule never does;
//   - an untouched in-memory handshake ends on both sides (the host's certificate pinned), the
//     payload arrives intact both ways, and close_notify is seen as peerClosed(); a flipped
//     byte never changes the plaintext delivered (it stops or fails the receiver);
//   - the Inspector's view of the wire (tls_records.h) finds the same records and handshake
//     steps whatever the pieces, each record where the one before ends, and never loses its
//     way in a real conversation; a session keeps at most kMaxSteps handshake steps.

#include "netcore/tls.h"
#include "netcore/tls_records.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace netcore;

constexpr std::size_t HeaderSize = 12;
const char* const NotTlsReply = "ERROR :This port speaks TLS\r\n";

void check(bool ok)
{
    if (!ok)
        std::abort();
}

// The host's identity and the contexts, made once (a key pair per input would be slow); the
// server context null where this platform cannot serve TLS (Wine's Schannel has no server side).
struct Contexts
{
    std::optional<TlsIdentity> identity;
    std::shared_ptr<TlsContext> server;
    std::shared_ptr<TlsContext> client;
    std::string fingerprint;

    Contexts()
    {
        NetError error;
        identity = makeSelfSignedIdentity("lan.test", &error);
        if (identity) {
            server = TlsContext::server(*identity, &error);
            fingerprint = certificateFingerprint(identity->certificatePem);
        }
        client = TlsContext::client(&error);
    }
};

const Contexts& contexts()
{
    static const Contexts made;
    return made;
}

// Cuts a byte stream into the pieces the input asks for.
class Pieces
{
public:
    explicit Pieces(std::string_view sizes)
        : m_sizes(sizes)
    {}

    std::string_view next(std::string_view& rest)
    {
        const auto size = static_cast<unsigned char>(m_sizes[m_turn++ % m_sizes.size()]);
        const std::size_t n = size == 0 ? rest.size() : std::min<std::size_t>(size, rest.size());
        const std::string_view piece = rest.substr(0, n);
        rest.remove_prefix(n);
        return piece;
    }

private:
    std::string_view m_sizes;
    std::size_t m_turn = 0;
};

// The records and handshake steps the Inspector finds in one direction's bytes: the same when
// fed in pieces as at once, each record where the one before ends. True if it kept its way.
bool scan(std::string_view stream, Pieces& pieces)
{
    TlsRecordScanner whole, cut;
    std::vector<TlsRecordHeader> records, cutRecords;
    whole.feed(stream, &records);
    TlsHandshakeWatcher watcher, cutWatcher;
    std::vector<std::string> steps, cutSteps;
    watcher.feed(stream, &steps);
    for (std::string_view rest = stream; !rest.empty();) {
        const std::string_view piece = pieces.next(rest);
        cut.feed(piece, &cutRecords);
        cutWatcher.feed(piece, &cutSteps);
    }
    check(whole.lost() == cut.lost() && whole.position() == cut.position());
    check(whole.lost() || whole.position() == stream.size());
    check(records.size() == cutRecords.size() && steps == cutSteps);
    check(watcher.lost() == cutWatcher.lost());
    std::uint64_t next = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const TlsRecordHeader& r = records[i];
        check(r.offset == cutRecords[i].offset && r.type == cutRecords[i].type &&
              r.version == cutRecords[i].version && r.length == cutRecords[i].length);
        check(r.offset == next && r.length <= TlsRecordScanner::kMaxBodyLength);
        next = r.offset + 5 + r.length;
    }
    return !whole.lost() && !watcher.lost();
}

// One side of a conversation and what came out of it.
struct Side
{
    explicit Side(std::unique_ptr<TlsSession> s)
        : session(std::move(s))
    {}

    std::unique_ptr<TlsSession> session;
    std::string plain;
    bool ok = true;

    // One receive(), checked against what a session promises.
    void receive(std::string_view records, std::string* out)
    {
        const bool wasOk = ok;
        const std::size_t plainBefore = plain.size();
        const std::size_t outBefore = out->size();
        ok = session->receive(records, &plain, out);
        if (!wasOk) {
            check(!ok && plain.size() == plainBefore && out->size() == outBefore);
        }
        checkState();
    }

    void checkState()
    {
        const std::error_code code = session->error().code;
        if (ok) {
            check(!code);
        } else {
            check(code.category() == tlsCategory() &&
                  code.value() >= static_cast<int>(TlsErrc::handshakeFailed) &&
                  code.value() <= static_cast<int>(TlsErrc::unavailable));
            std::string out;
            check(!session->send("PING :x\r\n", &out));
        }
        if (!session->handshakeDone())
            check(plain.empty());
        check(session->takeSteps().size() <= TlsSession::kMaxSteps);
    }

    // Records from the peer, delivered in pieces; the replies appended to *out.
    void feed(std::string_view records, Pieces& pieces, std::string* out)
    {
        while (!records.empty())
            receive(pieces.next(records), out);
    }
};

void fuzzServer(std::string_view payload, Pieces& pieces)
{
    Side host{contexts().server->serverSession(NotTlsReply)};
    std::string out;
    host.feed(payload, pieces, &out);
    scan(payload, pieces);
    if (payload.empty())
        return;
    // Not a handshake record: a plain client, told so in the clear. (Schannel also calls a
    // first piece of 22 and then not 3 plain text; OpenSSL lets the handshake fail on it.)
    const bool notTls = host.session->error().code == make_error_code(TlsErrc::notTls);
    if (static_cast<unsigned char>(payload[0]) != 22)
        check(notTls && out == NotTlsReply && !host.session->handshakeDone());
    if (looksLikeTlsHandshake(payload))
        check(!notTls);
}

void fuzzClient(std::string_view payload, Pieces& pieces)
{
    TlsClientOptions options;
    options.serverName = "lan.test";
    options.trustOnFirstUse = true;
    Side client{contexts().client->clientSession(options)};
    std::string hello;
    check(client.session->start(&hello) && looksLikeTlsHandshake(hello));
    std::string out;
    client.feed(payload, pieces, &out);
    scan(payload, pieces);
}

// Passes records from one side to the other in pieces, flipping the byte `flipAt` (counted over
// everything passed so far, both ways) by `flipMask`; true if it flipped it in this pass.
struct Wire
{
    Wire(Pieces& p, std::size_t at, unsigned char mask)
        : pieces(p)
        , flipAt(at)
        , flipMask(mask)
    {}

    Pieces& pieces;
    std::size_t flipAt;
    unsigned char flipMask;
    std::size_t passed = 0;
    std::string toHost, toClient; // everything each way, as sent (before any flip)

    bool pass(std::string& records, Side& to, bool toTheHost, std::string* replies)
    {
        std::string bytes = std::move(records);
        records.clear();
        (toTheHost ? toHost : toClient) += bytes;
        const bool flip = flipMask && flipAt >= passed && flipAt - passed < bytes.size();
        if (flip)
            bytes[flipAt - passed] = static_cast<char>(bytes[flipAt - passed] ^ flipMask);
        passed += bytes.size();
        to.feed(bytes, pieces, replies);
        return flip;
    }
};

void fuzzHandshake(std::string_view payload, Pieces& pieces, std::size_t flipAt,
                   unsigned char flipMask)
{
    TlsClientOptions options;
    options.serverName = "lan.test";
    options.pinnedFingerprint = contexts().fingerprint;
    Side client{contexts().client->clientSession(options)};
    // A server context of its own: one shared by all inputs would keep every completed
    // handshake's session in its cache, and libFuzzer would take that for a leak each time.
    NetError error;
    const auto server = TlsContext::server(*contexts().identity, &error);
    check(server != nullptr);
    Side host{server->serverSession(NotTlsReply)};
    std::string toHost, toClient;
    check(client.session->start(&toHost) && looksLikeTlsHandshake(toHost));
    Wire wire{pieces, flipAt, flipMask};
    // A TLS 1.3 handshake is three flights; a broken one ends sooner (or stalls, waiting for
    // bytes a flipped length promised).
    for (int turn = 0; turn < 8 && (!toHost.empty() || !toClient.empty()); ++turn) {
        wire.pass(toHost, host, true, &toClient);
        wire.pass(toClient, client, false, &toHost);
    }
    const bool untouched = flipMask == 0 || flipAt >= wire.passed;
    const bool done =
        client.ok && host.ok && client.session->handshakeDone() && host.session->handshakeDone();
    if (untouched) {
        check(done && client.session->info().pinned && !client.session->info().version.empty());
        check(scan(wire.toHost, pieces) && scan(wire.toClient, pieces));
    }
    if (!done)
        return;

    // The payload as plaintext both ways, sent in pieces too (so several records). A flipped
    // byte in them may stop the receiver or make it fail, but what it delivers is always what
    // was sent, up to where it stopped.
    bool flipped = false;
    for (Side* from : {&client, &host}) {
        Side& to = from == &client ? host : client;
        if (!from->ok || !to.ok)
            return;
        std::string records, replies;
        for (std::string_view rest = payload; !rest.empty();)
            check(from->session->send(pieces.next(rest), &records));
        const std::size_t before = to.plain.size();
        flipped = wire.pass(records, to, &to == &host, &replies) || flipped;
        const std::string_view got = std::string_view(to.plain).substr(before);
        check(payload.substr(0, got.size()) == got);
        if (!flipped)
            check(to.ok && got == payload);
    }
    std::string records, replies;
    client.session->closeNotify(&records);
    if (!wire.pass(records, host, true, &replies) && !flipped) {
        check(host.ok && host.session->peerClosed());
        check(scan(wire.toHost, pieces) && scan(wire.toClient, pieces));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check(looksLikeTlsHandshake(input) == (size >= 2 && data[0] == 22 && data[1] == 3));
    if (size < HeaderSize || !contexts().client)
        return 0;
    Pieces pieces(input.substr(1, 8));
    const std::string_view payload = input.substr(HeaderSize);
    const int mode = data[0] % 3;
    if (mode == 1) {
        fuzzClient(payload, pieces);
    } else if (contexts().server) {
        if (mode == 0)
            fuzzServer(payload, pieces);
        else
            fuzzHandshake(payload, pieces, static_cast<std::size_t>(data[9] << 8 | data[10]),
                          data[11]);
    }
    return 0;
}
