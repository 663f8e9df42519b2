// SPDX-License-Identifier: GPL-3.0-or-later
// TLS sessions with Schannel (SSPI, secur32), driven through memory: the records from the
// socket gather in a buffer that InitializeSecurityContext / AcceptSecurityContext (handshake)
// or DecryptMessage (after it) consume, keeping what they leave (SECBUFFER_EXTRA) for the next
// call; the tokens they make and EncryptMessage's records go to the socket. Schannel itself
// never touches a socket.
//
//   receive(records) -> m_in -> ISC/ASC          -> handshake records to send
//                            -> DecryptMessage   -> plaintext
//   send(plaintext)  -> EncryptMessage (header, data, trailer)  -> records to send
//
// The certificate is checked here, not by Schannel (SCH_CRED_MANUAL_CRED_VALIDATION): the pinned
// fingerprint, else the system's trust (CertGetCertificateChain and the SSL policy under the
// server name), else trust on first use.
//
// Under Wine 8 (Schannel backed by GnuTLS) the client side works, with TLS 1.2 at most; Wine has
// no AcceptSecurityContext (SEC_E_UNSUPPORTED_FUNCTION: no TLS server under Wine), and it reports
// the peer's close_notify as an alert record that decrypts to nothing rather than
// SEC_I_CONTEXT_EXPIRED.

#include "tls/schannel_context_win.h"
#include "tls/tls_common.h"

#include "netcore/tls_records.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace netcore {

namespace {

using tls::Credential;
using tls::statusError;

constexpr ULONG ClientFlags = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT |
                              ISC_REQ_CONFIDENTIALITY | ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM |
                              ISC_REQ_EXTENDED_ERROR | ISC_REQ_MANUAL_CRED_VALIDATION |
                              ISC_REQ_USE_SUPPLIED_CREDS;
constexpr ULONG ServerFlags = ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT |
                              ASC_REQ_CONFIDENTIALITY | ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_STREAM |
                              ASC_REQ_EXTENDED_ERROR;

// The record content types this file looks at.
constexpr unsigned char AlertRecord = 21;
constexpr unsigned char HandshakeRecord = 22;

class SchannelSession final : public TlsSession
{
public:
    SchannelSession(std::shared_ptr<Credential> credential, bool server, TlsClientOptions options,
                    std::string notTlsReply)
        : m_credential(std::move(credential))
        , m_server(server)
        , m_options(std::move(options))
        , m_notTlsReply(std::move(notTlsReply))
        , m_target(tls::wide(m_options.serverName))
    {}

    ~SchannelSession() override
    {
        if (m_hasContext)
            DeleteSecurityContext(&m_context);
    }

    bool start(std::string* out) override
    {
        if (failed())
            return false;
        if (m_server)
            return true;
        return handshake(out, false);
    }

    bool receive(std::string_view records, std::string* plain, std::string* out) override
    {
        if (failed() || records.empty())
            return !failed();
        if (m_server && !m_sawInput) {
            m_sawInput = true;
            if (static_cast<unsigned char>(records[0]) != HandshakeRecord ||
                (records.size() >= 2 && !looksLikeTlsHandshake(records))) {
                // Not a handshake record: a plain client (an IRC line) on the TLS port.
                fail({make_error_code(TlsErrc::notTls), "TLS handshake", {}, {}});
                out->append(m_notTlsReply);
                return false;
            }
        }
        m_sawInput = true;
        m_in.append(records);
        noteClientHello();
        while (!failed() && !m_in.empty() && !m_peerClosed) {
            const std::size_t before = m_in.size();
            const bool inHandshake = !m_done || m_postHandshake;
            if (inHandshake ? !handshake(out, true) : !decrypt(plain, out))
                return false;
            if (m_in.size() == before || m_waiting)
                break; // a record is not whole yet
        }
        return !failed();
    }

    bool send(std::string_view plain, std::string* out) override
    {
        if (failed())
            return false;
        if (!m_done) {
            m_pending.append(plain);
            return true;
        }
        return encrypt(plain, out);
    }

    void closeNotify(std::string* out) override
    {
        if (failed() || !m_done || m_shutDown)
            return;
        m_shutDown = true;
        DWORD type = SCHANNEL_SHUTDOWN;
        SecBuffer token{sizeof type, SECBUFFER_TOKEN, &type};
        SecBufferDesc control{SECBUFFER_VERSION, 1, &token};
        if (ApplyControlToken(&m_context, &control) != SEC_E_OK)
            return; // the connection closes without our close_notify
        SecBuffer outBuffer{0, SECBUFFER_TOKEN, nullptr};
        SecBufferDesc outDesc{SECBUFFER_VERSION, 1, &outBuffer};
        ULONG attributes = 0;
        if (m_server)
            AcceptSecurityContext(&m_credential->handle, &m_context, nullptr, ServerFlags, 0,
                                  nullptr, &outDesc, &attributes, nullptr);
        else
            InitializeSecurityContextW(&m_credential->handle, &m_context, target(), ClientFlags, 0,
                                       0, nullptr, 0, nullptr, &outDesc, &attributes, nullptr);
        takeToken(&outBuffer, out);
    }

    bool handshakeDone() const override { return m_done; }
    bool peerClosed() const override { return m_peerClosed; }
    const TlsInfo& info() const override { return m_info; }
    const NetError& error() const override { return m_error; }

private:
    bool failed() const { return static_cast<bool>(m_error); }
    void fail(NetError error) { m_error = std::move(error); }

    SEC_WCHAR* target() { return m_target.empty() ? nullptr : m_target.data(); }

    static void takeToken(SecBuffer* buffer, std::string* out)
    {
        if (buffer->pvBuffer && buffer->cbBuffer)
            out->append(static_cast<const char*>(buffer->pvBuffer), buffer->cbBuffer);
        if (buffer->pvBuffer)
            FreeContextBuffer(buffer->pvBuffer);
        buffer->pvBuffer = nullptr;
    }

    // Schannel shows no handshake messages: they are read from the records that pass (the clear
    // ones by name, the encrypted ones as such), for the trace's steps.
    void watch(TlsHandshakeWatcher& watcher, std::string_view records, bool sent)
    {
        if (m_done && !m_postHandshake)
            return;
        std::vector<std::string> steps;
        watcher.feed(records, &steps);
        for (std::string& step : steps)
            addStep(std::move(step), sent);
    }

    // The version a ClientHello offers (server side), to tell a peer that speaks only old TLS.
    void noteClientHello()
    {
        if (!m_server || m_helloVersion || m_in.size() < 11 || m_in[5] != 1)
            return;
        m_helloVersion =
            static_cast<unsigned char>(m_in[9]) << 8 | static_cast<unsigned char>(m_in[10]);
    }

    // Whether m_in begins with a whole TLS record (5 bytes of header, then its length).
    bool wholeRecord() const
    {
        if (m_in.size() < 5)
            return false;
        const std::size_t length = static_cast<std::size_t>(static_cast<unsigned char>(m_in[3]))
                                       << 8 |
                                   static_cast<unsigned char>(m_in[4]);
        return m_in.size() >= 5 + length;
    }

    // What a failed handshake means.
    TlsErrc classify(SECURITY_STATUS status) const
    {
        if (status == SEC_E_ALGORITHM_MISMATCH)
            return TlsErrc::protocolVersion;
        if (m_server && m_helloVersion && m_helloVersion < 0x0303)
            return TlsErrc::protocolVersion;
        if (m_server || m_in.size() < 7)
            return TlsErrc::handshakeFailed;
        const auto byte = [this](std::size_t i) { return static_cast<unsigned char>(m_in[i]); };
        // A protocol_version alert (70) from the host, in the clear during the handshake.
        if (byte(0) == AlertRecord && byte(6) == 70)
            return TlsErrc::protocolVersion;
        // A ServerHello for a version below 1.2.
        if (m_in.size() >= 11 && byte(0) == HandshakeRecord && byte(5) == 2 &&
            (byte(9) << 8 | byte(10)) < 0x0303)
            return TlsErrc::protocolVersion;
        return TlsErrc::handshakeFailed;
    }

    // One InitializeSecurityContext / AcceptSecurityContext call with what m_in holds (with
    // `withInput`; none for the ClientHello).
    bool handshake(std::string* out, bool withInput)
    {
        m_waiting = false;
        if (withInput && !wholeRecord()) {
            m_waiting = true; // Schannel would say SEC_E_INCOMPLETE_MESSAGE
            return true;
        }
        SecBuffer inBuffers[2] = {
            {static_cast<ULONG>(m_in.size()), SECBUFFER_TOKEN, m_in.data()},
            {0, SECBUFFER_EMPTY, nullptr},
        };
        SecBufferDesc inDesc{SECBUFFER_VERSION, 2, inBuffers};
        SecBuffer outBuffers[2] = {{0, SECBUFFER_TOKEN, nullptr}, {0, SECBUFFER_ALERT, nullptr}};
        SecBufferDesc outDesc{SECBUFFER_VERSION, 2, outBuffers};
        ULONG attributes = 0;
        CtxtHandle* existing = m_hasContext ? &m_context : nullptr;
        CtxtHandle* made = m_hasContext ? nullptr : &m_context;
        SECURITY_STATUS s;
        if (m_server)
            s = AcceptSecurityContext(&m_credential->handle, existing, &inDesc, ServerFlags, 0,
                                      made, &outDesc, &attributes, nullptr);
        else
            s = InitializeSecurityContextW(&m_credential->handle, existing, target(), ClientFlags,
                                           0, 0, withInput ? &inDesc : nullptr, 0, made, &outDesc,
                                           &attributes, nullptr);
        const std::size_t outBefore = out->size();
        takeToken(&outBuffers[0], out);
        takeToken(&outBuffers[1], out);
        const auto sent = [&] {
            watch(m_sentWatch, std::string_view(*out).substr(outBefore), true);
        };
        if (s == SEC_E_INCOMPLETE_MESSAGE) {
            sent();
            m_waiting = true;
            return true;
        }
        if (s == SEC_I_CONTINUE_NEEDED || s == SEC_E_OK || s == SEC_I_INCOMPLETE_CREDENTIALS)
            m_hasContext = true;
        if (FAILED(s) || s == SEC_I_INCOMPLETE_CREDENTIALS) {
            if (withInput)
                watch(m_receivedWatch, m_in, false); // the peer's alert, say
            sent();                                  // ours, if Schannel made one
            fail(statusError(classify(s), "TLS handshake", s));
            return false;
        }
        if (withInput) {
            const bool extra = inBuffers[1].BufferType == SECBUFFER_EXTRA &&
                               inBuffers[1].cbBuffer > 0 && inBuffers[1].cbBuffer < m_in.size();
            const std::size_t consumed = extra ? m_in.size() - inBuffers[1].cbBuffer : m_in.size();
            watch(m_receivedWatch, std::string_view(m_in).substr(0, consumed), false);
            m_in.erase(0, consumed);
        }
        sent();
        if (s != SEC_E_OK)
            return true; // SEC_I_CONTINUE_NEEDED: more to come from the peer
        if (m_postHandshake) {
            m_postHandshake = false; // a TLS 1.3 message after the handshake, taken in
            return true;
        }
        return handshakeEnded(out);
    }

    bool handshakeEnded(std::string* out)
    {
        m_done = true;
        SecPkgContext_ConnectionInfo connection{};
        SECURITY_STATUS s =
            QueryContextAttributesW(&m_context, SECPKG_ATTR_CONNECTION_INFO, &connection);
        if (s != SEC_E_OK) {
            fail(statusError(TlsErrc::handshakeFailed, "TLS handshake", s));
            return false;
        }
        if (connection.dwProtocol & SP_PROT_TLS1_3) {
            m_info.version = "TLSv1.3";
            m_tls13 = true;
        } else if (connection.dwProtocol & SP_PROT_TLS1_2) {
            m_info.version = "TLSv1.2";
        } else {
            fail({make_error_code(TlsErrc::protocolVersion),
                  "TLS handshake",
                  {},
                  "the peer negotiated a TLS version below 1.2"});
            return false;
        }
        SecPkgContext_CipherInfo cipher{};
        cipher.dwVersion = SECPKGCONTEXT_CIPHERINFO_V1;
        if (QueryContextAttributesW(&m_context, SECPKG_ATTR_CIPHER_INFO, &cipher) == SEC_E_OK &&
            cipher.szCipherSuite[0]) {
            m_info.cipher = tls::narrow(cipher.szCipherSuite);
            // Wine names a suite's hash it does not know "<unknown>": the name without it.
            const std::size_t unknown = m_info.cipher.find("_<unknown>");
            if (unknown != std::string::npos)
                m_info.cipher.erase(unknown);
        } else { // older Windows: the algorithms alone
            const char* bulk = tls::algorithmName(connection.aiCipher);
            const char* hash = tls::algorithmName(connection.aiHash);
            m_info.cipher = bulk ? bulk : "cipher " + std::to_string(connection.aiCipher);
            if (hash)
                m_info.cipher += std::string("_") + hash;
        }
        s = QueryContextAttributesW(&m_context, SECPKG_ATTR_STREAM_SIZES, &m_sizes);
        if (s != SEC_E_OK) {
            fail(statusError(TlsErrc::handshakeFailed, "TLS handshake", s));
            return false;
        }
        if (m_server && m_credential->identity)
            m_info.fingerprint = tls::fingerprint(m_credential->identity->certificate());
        if (!m_server && !checkPeer())
            return false;
        if (!m_pending.empty()) {
            const std::string pending = std::move(m_pending);
            m_pending.clear();
            if (!encrypt(pending, out))
                return false;
        }
        return true;
    }

    // The host's certificate (client side): its fingerprint and subject, then the verdict.
    bool checkPeer()
    {
        const CERT_CONTEXT* peer = nullptr;
        const SECURITY_STATUS s =
            QueryContextAttributesW(&m_context, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &peer);
        if (s != SEC_E_OK || !peer) {
            fail(statusError(TlsErrc::unknownCertificate, "TLS handshake", s,
                             ": the host sent no certificate"));
            return false;
        }
        m_info.fingerprint = tls::fingerprint(peer);
        const DWORD size = CertNameToStrA(X509_ASN_ENCODING, &peer->pCertInfo->Subject,
                                          CERT_X500_NAME_STR, nullptr, 0);
        if (size > 1) {
            std::string subject(size, '\0');
            CertNameToStrA(X509_ASN_ENCODING, &peer->pCertInfo->Subject, CERT_X500_NAME_STR,
                           subject.data(), size);
            subject.resize(size - 1);
            m_info.subject = subject;
        }
        m_info.trusted = tls::systemTrusts(peer, m_options.serverName);
        CertFreeCertificateContext(peer);
        return acceptPeer();
    }

    bool acceptPeer()
    {
        if (auto refused = tls::judgePeer(m_options, &m_info)) {
            fail(std::move(*refused));
            return false;
        }
        return true;
    }

    // Plaintext as records: header, data and trailer, a record at most cbMaximumMessage long.
    bool encrypt(std::string_view plain, std::string* out)
    {
        while (!plain.empty()) {
            const std::size_t n = std::min<std::size_t>(plain.size(), m_sizes.cbMaximumMessage);
            std::vector<char> record(m_sizes.cbHeader + n + m_sizes.cbTrailer);
            std::memcpy(record.data() + m_sizes.cbHeader, plain.data(), n);
            SecBuffer buffers[4] = {
                {m_sizes.cbHeader, SECBUFFER_STREAM_HEADER, record.data()},
                {static_cast<ULONG>(n), SECBUFFER_DATA, record.data() + m_sizes.cbHeader},
                {m_sizes.cbTrailer, SECBUFFER_STREAM_TRAILER, record.data() + m_sizes.cbHeader + n},
                {0, SECBUFFER_EMPTY, nullptr},
            };
            SecBufferDesc desc{SECBUFFER_VERSION, 4, buffers};
            const SECURITY_STATUS s = EncryptMessage(&m_context, 0, &desc, 0);
            if (s != SEC_E_OK) {
                fail(statusError(TlsErrc::handshakeFailed, "TLS write", s));
                return false;
            }
            for (int i = 0; i < 3; ++i)
                out->append(static_cast<const char*>(buffers[i].pvBuffer), buffers[i].cbBuffer);
            plain.remove_prefix(n);
        }
        return true;
    }

    // One DecryptMessage call on m_in: its plaintext, and what it leaves for the next.
    bool decrypt(std::string* plain, std::string* out)
    {
        m_waiting = false;
        const unsigned char type = static_cast<unsigned char>(m_in[0]);
        SecBuffer buffers[4] = {
            {static_cast<ULONG>(m_in.size()), SECBUFFER_DATA, m_in.data()},
            {0, SECBUFFER_EMPTY, nullptr},
            {0, SECBUFFER_EMPTY, nullptr},
            {0, SECBUFFER_EMPTY, nullptr},
        };
        SecBufferDesc desc{SECBUFFER_VERSION, 4, buffers};
        const SECURITY_STATUS s = DecryptMessage(&m_context, &desc, 0, nullptr);
        if (s == SEC_E_INCOMPLETE_MESSAGE) {
            m_waiting = true;
            return true;
        }
        if (s != SEC_E_OK && s != SEC_I_CONTEXT_EXPIRED && s != SEC_I_RENEGOTIATE) {
            fail(statusError(TlsErrc::handshakeFailed, "TLS read", s));
            return false;
        }
        std::size_t plainSize = 0;
        std::string extra;
        for (const SecBuffer& b : buffers) {
            if (b.BufferType == SECBUFFER_DATA && b.pvBuffer) {
                plain->append(static_cast<const char*>(b.pvBuffer), b.cbBuffer);
                plainSize += b.cbBuffer;
            } else if (b.BufferType == SECBUFFER_EXTRA && b.pvBuffer) {
                extra.assign(static_cast<const char*>(b.pvBuffer), b.cbBuffer);
            }
        }
        m_in = std::move(extra);
        // The peer's close_notify: SEC_I_CONTEXT_EXPIRED on Windows; under Wine an alert
        // record that decrypts to nothing (the only alerts that do not fail are warnings).
        if (s == SEC_I_CONTEXT_EXPIRED || (s == SEC_E_OK && type == AlertRecord && !plainSize)) {
            m_peerClosed = true;
            return true;
        }
        if (s == SEC_I_RENEGOTIATE) {
            if (!m_tls13) {
                fail(statusError(TlsErrc::handshakeFailed, "TLS read", s,
                                 ": the peer asked to renegotiate, which is refused"));
                return false;
            }
            // TLS 1.3 after the handshake (a session ticket, a key update): Schannel wants it
            // back through the handshake call.
            m_postHandshake = true;
            return handshake(out, true);
        }
        (void)out;
        return true;
    }

    std::shared_ptr<Credential> m_credential;
    CtxtHandle m_context{};
    bool m_hasContext = false;
    bool m_server;
    TlsClientOptions m_options;
    std::string m_notTlsReply;
    std::wstring m_target; // the server name, for SNI
    std::string m_in;      // records from the peer not yet consumed
    bool m_sawInput = false;
    bool m_waiting = false; // the last call wanted more bytes
    bool m_done = false;
    bool m_postHandshake = false; // TLS 1.3 handshake messages after the handshake pending
    bool m_tls13 = false;
    bool m_peerClosed = false;
    bool m_shutDown = false;
    unsigned m_helloVersion = 0;
    SecPkgContext_StreamSizes m_sizes{};
    std::string m_pending; // plaintext sent before the handshake ended
    TlsHandshakeWatcher m_sentWatch;
    TlsHandshakeWatcher m_receivedWatch;
    TlsInfo m_info;
    NetError m_error;
};

} // namespace

std::unique_ptr<TlsSession> tls::makeSchannelSession(std::shared_ptr<Credential> credential,
                                                     bool server, TlsClientOptions options,
                                                     std::string notTlsReply)
{
    return std::make_unique<SchannelSession>(std::move(credential), server, std::move(options),
                                             std::move(notTlsReply));
}

} // namespace netcore
