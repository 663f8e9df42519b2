// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// TLS between a TCP connection and what speaks over it (the IRC host and client engines). A
// TlsSession is the protocol alone, driven through memory: the records that came from the
// socket go in, the plaintext for the user and the records for the socket come out; netcore's
// sockets still do every send() and recv() (and the trace shows them, records and all). The
// library is the platform's: OpenSSL 3 on Linux (tls_*_posix.cpp), Schannel on Windows
// (tls_*_win.cpp; under Wine, whose Schannel has no server side, only as a client).
//
// Trust works as SSH's does where there is no certificate authority (a LAN): a host makes its
// own certificate (makeSelfSignedIdentity) and shows its SHA-256 fingerprint; a client accepts
// a certificate the system's trust store vouches for under the name it asked for, or the one
// whose fingerprint it was given (pinned), or, when told to trust on first use, any, telling
// the fingerprint so that it can be remembered. TLS 1.2 and 1.3 only; no renegotiation, no
// compression.

#include "netcore/error.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netcore {

// Errors of the TLS layer (NetError::detail carries the library's own words).
enum class TlsErrc
{
    handshakeFailed = 1, // the peer and we could not agree (the library says why)
    notTls,              // the peer does not speak TLS (plain text on a TLS port)
    unknownCertificate,  // the host's certificate is neither trusted nor pinned
    fingerprintChanged,  // the host's certificate is not the one pinned for it
    protocolVersion,     // the peer offered only TLS versions below 1.2
    closedInHandshake,   // the peer closed the connection before the handshake ended
    handshakeTimeout,    // the handshake did not end in time
    badCertificate,      // a certificate or key that cannot be used (a PEM file, say)
    unavailable,         // this build has no TLS
};
const std::error_category& tlsCategory();
std::error_code make_error_code(TlsErrc e);
// "TLS_NOT_TLS", "TLS_FINGERPRINT_CHANGED", ...
const char* tlsErrorName(TlsErrc e);

// A certificate and its private key, PEM.
struct TlsIdentity
{
    std::string certificatePem;
    std::string privateKeyPem;
};

// A self-signed certificate for `name` (its common name and DNS name): an ECDSA P-256 key on
// Linux, RSA 2048 on Windows (the key type Wine's Schannel can use), SHA-256 signature, valid
// from an hour ago for 10 years.
std::optional<TlsIdentity> makeSelfSignedIdentity(const std::string& name, NetError* error);

// A certificate and key from PEM files (the key without a passphrase).
std::optional<TlsIdentity> loadIdentity(const std::string& certificateFile,
                                        const std::string& keyFile, NetError* error);
// A host's own identity kept in `directory`: tls-certificate.pem and tls-key.pem (the key
// readable by its owner only), read, or made for `name` and written the first time (*made).
std::optional<TlsIdentity> loadOrMakeIdentity(const std::string& directory, const std::string& name,
                                              NetError* error, bool* made = nullptr);

// The SHA-256 fingerprint of a PEM certificate's DER bytes, as "AB:CD:...:EF" (95 characters);
// "" if it cannot be read.
std::string certificateFingerprint(const std::string& certificatePem);
// A fingerprint as a person may type it ("ab:cd..", "ABCD..", "SHA256:AB:CD..") in the form
// above; "" if it is not 32 bytes of hex.
std::string normalizeFingerprint(std::string_view text);

// What a session learnt in its handshake.
struct TlsInfo
{
    std::string version; // "TLSv1.3"
    std::string cipher;  // "TLS_AES_256_GCM_SHA384"
    // The server's certificate, "AB:CD:...": the peer's on a client, our own on a server.
    std::string fingerprint;
    std::string subject;  // its subject, "CN=lan.host" (client side)
    bool trusted = false; // vouched for by the system's trust store under the name asked
    bool pinned = false;  // the fingerprint pinned for it
};

struct TlsClientOptions
{
    std::string serverName;        // SNI and the name the certificate must carry to be trusted
    std::string pinnedFingerprint; // accepted when it is the host's ("" none; any form)
    bool trustOnFirstUse = false;  // accept any certificate (its fingerprint in TlsInfo)
};

// A handshake message (or alert, or ChangeCipherSpec) that went by, for the trace.
struct TlsHandshakeStep
{
    std::string name; // "ClientHello", "Alert: bad_certificate" (as TlsTraceStep::step)
    bool sent = false;
};

class TlsSession
{
public:
    virtual ~TlsSession() = default;

    // The handshake messages sent and received since the last call, in order (the Socket
    // Inspector's handshake steps). At most kMaxSteps are kept between calls.
    std::vector<TlsHandshakeStep> takeSteps() { return std::exchange(m_steps, {}); }
    static constexpr std::size_t kMaxSteps = 64;

    // Client: the ClientHello into *out. Server: nothing (the peer speaks first).
    virtual bool start(std::string* out) = 0;
    // Records from the peer: the plaintext in them appended to *plain, the records to send
    // (handshake, alerts) to *out. False once the session has failed (error(); an alert for
    // the peer may be in *out).
    virtual bool receive(std::string_view records, std::string* plain, std::string* out) = 0;
    // Plaintext to send, as records into *out (kept until the handshake has ended).
    virtual bool send(std::string_view plain, std::string* out) = 0;
    // Our close_notify into *out.
    virtual void closeNotify(std::string* out) = 0;

    virtual bool handshakeDone() const = 0;
    virtual bool peerClosed() const = 0; // the peer's close_notify came
    virtual const TlsInfo& info() const = 0;
    virtual const NetError& error() const = 0;

protected:
    void addStep(std::string name, bool sent)
    {
        if (m_steps.size() < kMaxSteps)
            m_steps.push_back({std::move(name), sent});
    }

private:
    std::vector<TlsHandshakeStep> m_steps;
};

// The configuration sessions share: a server's certificate, or a client's trust store.
class TlsContext
{
public:
    virtual ~TlsContext() = default;

    // A server context with `identity`; nullptr and *error if it cannot be used.
    static std::shared_ptr<TlsContext> server(const TlsIdentity& identity, NetError* error);
    // A client context with the system's trust store.
    static std::shared_ptr<TlsContext> client(NetError* error);

    // A server session; `notTlsReply`: sent in the clear (then the connection closes) to a peer
    // whose first bytes are not TLS (an IRC ERROR line, so that a plain client reads why).
    virtual std::unique_ptr<TlsSession> serverSession(std::string notTlsReply) = 0;
    virtual std::unique_ptr<TlsSession> clientSession(const TlsClientOptions& options) = 0;
};

// Whether the first bytes of a stream are a TLS handshake record (a ClientHello, as a TLS
// client sends on a plain port): content type 22, version 3.x.
bool looksLikeTlsHandshake(std::string_view firstBytes);

} // namespace netcore

template <> struct std::is_error_code_enum<netcore::TlsErrc> : std::true_type
{};
