// SPDX-License-Identifier: GPL-3.0-or-later
// TLS sessions with OpenSSL 3, driven through memory BIOs: the records from the socket are
// written into one BIO, the records for the socket read out of the other; OpenSSL itself never
// touches a socket.
//
//   receive(records) -> BIO_write(in)  -> SSL_do_handshake / SSL_read -> plaintext
//                                         BIO_read(out) -> records to send (handshake, alerts)
//   send(plaintext)  -> SSL_write      -> BIO_read(out) -> records to send

#include "netcore/tls_records.h"
#include "tls/openssl_support_posix.h"
#include "tls/tls_common.h"

#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>

namespace netcore {

namespace {

using tls::Pointer;

bool isIpAddress(const std::string& name)
{
    unsigned char buffer[16];
    return inet_pton(AF_INET, name.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, name.c_str(), buffer) == 1;
}

// What a failed handshake means, from the reason OpenSSL gives.
TlsErrc classify(unsigned long code)
{
    switch (ERR_GET_REASON(code)) {
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
    case SSL_R_NO_PROTOCOLS_AVAILABLE:
        return TlsErrc::protocolVersion;
    default:
        return TlsErrc::handshakeFailed;
    }
}

class OpenSslSession final : public TlsSession
{
public:
    OpenSslSession(SSL_CTX* context, bool server, TlsClientOptions options, std::string notTlsReply)
        : m_ssl(SSL_new(context))
        , m_server(server)
        , m_options(std::move(options))
        , m_notTlsReply(std::move(notTlsReply))
    {
        if (!m_ssl) {
            m_error = tls::libraryError(TlsErrc::handshakeFailed, "TLS session");
            return;
        }
        m_in = BIO_new(BIO_s_mem());
        m_out = BIO_new(BIO_s_mem());
        SSL_set_bio(m_ssl.get(), m_in, m_out); // the session owns them now
        SSL_set_msg_callback(m_ssl.get(), &OpenSslSession::message);
        SSL_set_msg_callback_arg(m_ssl.get(), this);
        if (server) {
            SSL_set_accept_state(m_ssl.get());
            return;
        }
        SSL_set_connect_state(m_ssl.get());
        const std::string& name = m_options.serverName;
        if (name.empty())
            return;
        if (isIpAddress(name)) {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl.get()), name.c_str());
        } else {
            // SSL_set_tlsext_host_name, without its macro's C cast.
            SSL_ctrl(m_ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char*>(name.c_str()));
            SSL_set1_host(m_ssl.get(), name.c_str());
        }
    }

    bool start(std::string* out) override
    {
        if (failed())
            return false;
        if (!m_server && !handshake(out))
            return false;
        tls::drainInto(m_out, out);
        return true;
    }

    bool receive(std::string_view records, std::string* plain, std::string* out) override
    {
        if (failed() || records.empty())
            return !failed();
        if (m_server && !m_sawInput && static_cast<unsigned char>(records[0]) != 22) {
            // Not a handshake record: a plain client (an IRC line) on the TLS port.
            m_sawInput = true;
            fail({make_error_code(TlsErrc::notTls), "TLS handshake", {}, {}});
            out->append(m_notTlsReply);
            return false;
        }
        m_sawInput = true;
        BIO_write(m_in, records.data(), static_cast<int>(records.size()));
        bool ok = m_done || handshake(out);
        if (ok && m_done)
            ok = readPlain(plain);
        tls::drainInto(m_out, out);
        return ok;
    }

    bool send(std::string_view plain, std::string* out) override
    {
        if (failed())
            return false;
        if (!m_done) {
            m_pending.append(plain);
            return true;
        }
        const bool ok = write(plain);
        tls::drainInto(m_out, out);
        return ok;
    }

    void closeNotify(std::string* out) override
    {
        if (failed() || !m_done || m_shutDown)
            return;
        m_shutDown = true;
        SSL_shutdown(m_ssl.get());
        ERR_clear_error();
        tls::drainInto(m_out, out);
    }

    bool handshakeDone() const override { return m_done; }
    bool peerClosed() const override { return m_peerClosed; }
    const TlsInfo& info() const override { return m_info; }
    const NetError& error() const override { return m_error; }

private:
    bool failed() const { return static_cast<bool>(m_error); }

    // OpenSSL's message callback: each handshake message, alert and ChangeCipherSpec, in the
    // clear (also those that went encrypted), as a step for the trace.
    static void message(int writing, int, int contentType, const void* buffer, std::size_t length,
                        SSL*, void* self)
    {
        const auto* bytes = static_cast<const unsigned char*>(buffer);
        auto* session = static_cast<OpenSslSession*>(self);
        const bool sent = writing != 0;
        switch (contentType) {
        case SSL3_RT_HANDSHAKE:
            if (length >= 1)
                session->addStep(tlsHandshakeMessageName(bytes[0]), sent);
            break;
        case SSL3_RT_CHANGE_CIPHER_SPEC:
            session->addStep("ChangeCipherSpec", sent);
            break;
        case SSL3_RT_ALERT:
            if (length >= 2)
                session->addStep("Alert: " + tlsAlertName(bytes[1]), sent);
            break;
        default:
            break; // record headers, the inner content type: not steps
        }
    }

    void fail(NetError error)
    {
        m_error = std::move(error);
        ERR_clear_error();
    }

    bool handshake(std::string* out)
    {
        ERR_clear_error();
        const int r = SSL_do_handshake(m_ssl.get());
        if (r == 1)
            return handshakeEnded(out);
        const int reason = SSL_get_error(m_ssl.get(), r);
        if (reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE)
            return true;
        const TlsErrc code = classify(ERR_peek_error());
        fail(tls::libraryError(code, "TLS handshake"));
        return false;
    }

    bool handshakeEnded(std::string* out)
    {
        m_done = true;
        m_info.version = SSL_get_version(m_ssl.get());
        if (const SSL_CIPHER* cipher = SSL_get_current_cipher(m_ssl.get()))
            m_info.cipher = SSL_CIPHER_get_name(cipher);
        if (m_server) {
            if (const X509* own = SSL_get_certificate(m_ssl.get()))
                m_info.fingerprint = tls::fingerprint(own);
        } else {
            const X509* peer = SSL_get0_peer_certificate(m_ssl.get());
            if (peer) {
                m_info.fingerprint = tls::fingerprint(peer);
                char subject[256];
                X509_NAME_oneline(X509_get_subject_name(peer), subject, sizeof subject);
                m_info.subject = subject;
            }
            m_info.trusted = peer && SSL_get_verify_result(m_ssl.get()) == X509_V_OK;
            if (!acceptPeer())
                return false;
        }
        if (!m_pending.empty()) {
            const std::string pending = std::move(m_pending);
            m_pending.clear();
            if (!write(pending))
                return false;
        }
        tls::drainInto(m_out, out);
        return true;
    }

    bool acceptPeer()
    {
        if (auto refused = tls::judgePeer(m_options, &m_info)) {
            fail(std::move(*refused));
            return false;
        }
        return true;
    }

    bool write(std::string_view plain)
    {
        if (plain.empty())
            return true;
        ERR_clear_error();
        if (SSL_write(m_ssl.get(), plain.data(), static_cast<int>(plain.size())) > 0)
            return true;
        fail(tls::libraryError(TlsErrc::handshakeFailed, "TLS write"));
        return false;
    }

    bool readPlain(std::string* plain)
    {
        char chunk[16 * 1024];
        for (;;) {
            ERR_clear_error();
            const int n = SSL_read(m_ssl.get(), chunk, sizeof chunk);
            if (n > 0) {
                plain->append(chunk, static_cast<std::size_t>(n));
                continue;
            }
            const int reason = SSL_get_error(m_ssl.get(), n);
            if (reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE)
                return true;
            if (reason == SSL_ERROR_ZERO_RETURN) {
                m_peerClosed = true;
                return true;
            }
            fail(tls::libraryError(TlsErrc::handshakeFailed, "TLS read"));
            return false;
        }
    }

    Pointer<SSL, SSL_free> m_ssl;
    BIO* m_in = nullptr;  // records from the peer (owned by m_ssl)
    BIO* m_out = nullptr; // records for the peer (owned by m_ssl)
    bool m_server;
    TlsClientOptions m_options;
    std::string m_notTlsReply;
    bool m_sawInput = false;
    bool m_done = false;
    bool m_peerClosed = false;
    bool m_shutDown = false;
    std::string m_pending; // plaintext sent before the handshake ended
    TlsInfo m_info;
    NetError m_error;
};

class OpenSslContext final : public TlsContext
{
public:
    explicit OpenSslContext(bool server)
        : m_context(SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()))
        , m_server(server)
    {
        if (!m_context)
            return;
        SSL_CTX* c = m_context.get();
        SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
        SSL_CTX_set_options(c, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_NO_TICKET);
        SSL_CTX_set_mode(c, SSL_MODE_RELEASE_BUFFERS);
        // No resumption: a server keeps no session per handshake (its cache held about 1 KiB
        // for each, never used) and sends no TLS 1.3 tickets.
        SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
        if (server)
            SSL_CTX_set_num_tickets(c, 0);
        // The verdict on a host's certificate is taken after the handshake (acceptPeer): the
        // trust store's result is one of its inputs, not the last word.
        SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);
        if (!server)
            SSL_CTX_set_default_verify_paths(c);
    }

    SSL_CTX* get() const { return m_context.get(); }

    std::unique_ptr<TlsSession> serverSession(std::string notTlsReply) override
    {
        return std::make_unique<OpenSslSession>(m_context.get(), true, TlsClientOptions{},
                                                std::move(notTlsReply));
    }

    std::unique_ptr<TlsSession> clientSession(const TlsClientOptions& options) override
    {
        return std::make_unique<OpenSslSession>(m_context.get(), false, options, std::string());
    }

private:
    Pointer<SSL_CTX, SSL_CTX_free> m_context;
    bool m_server;
};

} // namespace

std::shared_ptr<TlsContext> TlsContext::server(const TlsIdentity& identity, NetError* error)
{
    ERR_clear_error();
    auto context = std::make_shared<OpenSslContext>(true);
    const auto failed = [&](const char* step) -> std::shared_ptr<TlsContext> {
        if (error)
            *error = tls::libraryError(TlsErrc::badCertificate, step);
        return nullptr;
    };
    if (!context->get())
        return failed("make a TLS context");
    Pointer<BIO, BIO_free> certificateIn(BIO_new_mem_buf(
        identity.certificatePem.data(), static_cast<int>(identity.certificatePem.size())));
    Pointer<BIO, BIO_free> keyIn(BIO_new_mem_buf(identity.privateKeyPem.data(),
                                                 static_cast<int>(identity.privateKeyPem.size())));
    Pointer<X509, X509_free> certificate(
        PEM_read_bio_X509(certificateIn.get(), nullptr, nullptr, nullptr));
    if (!certificate)
        return failed("read the certificate (PEM)");
    Pointer<EVP_PKEY, EVP_PKEY_free> key(
        PEM_read_bio_PrivateKey(keyIn.get(), nullptr, nullptr, nullptr));
    if (!key)
        return failed("read the private key (PEM, without a passphrase)");
    if (SSL_CTX_use_certificate(context->get(), certificate.get()) != 1 ||
        SSL_CTX_use_PrivateKey(context->get(), key.get()) != 1)
        return failed("use the certificate and key");
    if (SSL_CTX_check_private_key(context->get()) != 1)
        return failed("match the key to the certificate");
    return context;
}

std::shared_ptr<TlsContext> TlsContext::client(NetError* error)
{
    ERR_clear_error();
    auto context = std::make_shared<OpenSslContext>(false);
    if (!context->get()) {
        if (error)
            *error = tls::libraryError(TlsErrc::handshakeFailed, "make a TLS context");
        return nullptr;
    }
    return context;
}

} // namespace netcore
