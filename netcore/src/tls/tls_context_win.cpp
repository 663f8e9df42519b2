// SPDX-License-Identifier: GPL-3.0-or-later
// Schannel's contexts: the credentials a server (its certificate and key) or a client (the
// system's trust) acquires once and its sessions share, and the check that this system's
// Schannel can serve TLS at all (Wine's cannot: a host there runs plain and says why).

#include "tls/schannel_context_win.h"

namespace netcore {

using tls::Credential;
using tls::statusError;

SECURITY_STATUS tls::acquire(Credential* credential, bool server)
{
    PCCERT_CONTEXT certificate =
        credential->identity ? credential->identity->certificate() : nullptr;
    const DWORD flags = server ? 0
                               : SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS |
                                     SCH_CRED_NO_SERVERNAME_CHECK;
    TLS_PARAMETERS parameters{};
    parameters.grbitDisabledProtocols =
        SP_PROT_SSL2 | SP_PROT_SSL3 | SP_PROT_TLS1_0 | SP_PROT_TLS1_1;
    SCH_CREDENTIALS modern{};
    modern.dwVersion = SCH_CREDENTIALS_VERSION;
    modern.cCreds = certificate ? 1 : 0;
    modern.paCred = certificate ? &certificate : nullptr;
    modern.dwFlags = flags | SCH_USE_STRONG_CRYPTO;
    modern.cTlsParameters = 1;
    modern.pTlsParameters = &parameters;
    const ULONG use = server ? SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND;
    wchar_t package[] = UNISP_NAME_W;
    SECURITY_STATUS s = AcquireCredentialsHandleW(nullptr, package, use, nullptr, &modern, nullptr,
                                                  nullptr, &credential->handle, nullptr);
    if (s == SEC_E_OK) {
        // Wine takes SCH_CREDENTIALS for the older structure and enables every version: kept
        // only if what it enables is 1.2 and up.
        SecPkgCred_SupportedProtocols enabled{};
        if (QueryCredentialsAttributesW(&credential->handle, SECPKG_ATTR_SUPPORTED_PROTOCOLS,
                                        &enabled) == SEC_E_OK &&
            enabled.grbitProtocol && !(enabled.grbitProtocol & parameters.grbitDisabledProtocols))
            return s;
        FreeCredentialsHandle(&credential->handle);
    }
    SCHANNEL_CRED older{};
    older.dwVersion = SCHANNEL_CRED_VERSION;
    older.cCreds = modern.cCreds;
    older.paCred = modern.paCred;
    older.dwFlags = flags;
    older.grbitEnabledProtocols = server ? SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER
                                         : SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;
    s = AcquireCredentialsHandleW(nullptr, package, use, nullptr, &older, nullptr, nullptr,
                                  &credential->handle, nullptr);
    if (s == SEC_E_OK)
        return s;
    // Older Windows without TLS 1.3 refuses its flag.
    older.grbitEnabledProtocols = server ? SP_PROT_TLS1_2_SERVER : SP_PROT_TLS1_2_CLIENT;
    return AcquireCredentialsHandleW(nullptr, package, use, nullptr, &older, nullptr, nullptr,
                                     &credential->handle, nullptr);
}

namespace {

class SchannelContext final : public TlsContext
{
public:
    SchannelContext(std::shared_ptr<Credential> credential, bool server)
        : m_credential(std::move(credential))
        , m_server(server)
    {}

    std::unique_ptr<TlsSession> serverSession(std::string notTlsReply) override
    {
        return tls::makeSchannelSession(m_credential, true, TlsClientOptions{},
                                        std::move(notTlsReply));
    }

    std::unique_ptr<TlsSession> clientSession(const TlsClientOptions& options) override
    {
        return tls::makeSchannelSession(m_credential, false, options, std::string());
    }

private:
    std::shared_ptr<Credential> m_credential;
    bool m_server;
};

// Whether this system's Schannel can serve TLS at all: a handshake between a server session of
// `context` and a client session of our own, in memory. Wine's secur32 has no
// AcceptSecurityContext (SEC_E_UNSUPPORTED_FUNCTION): a host there must not open a TLS port
// that no handshake can cross, and says why instead.
NetError serverSelfCheck(TlsContext& context)
{
    NetError error;
    const auto client = TlsContext::client(&error);
    if (!client)
        return error;
    TlsClientOptions options;
    options.trustOnFirstUse = true;
    auto clientSession = client->clientSession(options);
    auto serverSession = context.serverSession({});
    std::string toServer;
    std::string toClient;
    std::string plain;
    if (!clientSession->start(&toServer))
        return clientSession->error();
    for (int round = 0;
         round < 8 && !(clientSession->handshakeDone() && serverSession->handshakeDone());
         ++round) {
        std::string records;
        records.swap(toServer);
        if (!records.empty() && !serverSession->receive(records, &plain, &toClient))
            return serverSession->error();
        records.clear();
        records.swap(toClient);
        if (!records.empty() && !clientSession->receive(records, &plain, &toServer))
            return clientSession->error();
        if (toServer.empty() && toClient.empty())
            break;
    }
    if (!serverSession->handshakeDone())
        return {make_error_code(TlsErrc::handshakeFailed),
                "serve TLS",
                {},
                "a handshake with itself did not end"};
    return {};
}

} // namespace

std::shared_ptr<TlsContext> TlsContext::server(const TlsIdentity& identity, NetError* error)
{
    // The key in CNG first (TLS 1.3 on Windows), else in a CryptoAPI container (Wine).
    NetError cngError;
    NetError capiError;
    for (const bool cng : {true, false}) {
        NetError& e = cng ? cngError : capiError;
        auto credential = std::make_shared<Credential>();
        credential->identity = tls::ServerIdentity::import(identity, cng, &e);
        if (!credential->identity) {
            if (e.operation == "match the key to the certificate" ||
                e.operation.rfind("read the", 0) == 0)
                break; // the PEM itself is wrong: no other way will do
            continue;
        }
        const SECURITY_STATUS s = tls::acquire(credential.get(), true);
        credential->acquired = s == SEC_E_OK;
        if (s == SEC_E_OK) {
            auto context = std::make_shared<SchannelContext>(std::move(credential), true);
            if (NetError check = serverSelfCheck(*context)) {
                if (error)
                    *error = {make_error_code(TlsErrc::unavailable),
                              "serve TLS",
                              {},
                              "this system's Schannel cannot complete a server handshake: " +
                                  (check.detail.empty() ? check.describe() : check.detail)};
                return nullptr;
            }
            return context;
        }
        e = statusError(TlsErrc::badCertificate, "use the certificate and key", s);
    }
    if (error) {
        *error = capiError ? capiError : cngError;
        if (cngError && capiError && cngError.detail != capiError.detail)
            error->detail += (error->detail.empty() ? "with CNG: " : "; with CNG: ") +
                             cngError.operation + ": " + cngError.detail;
    }
    return nullptr;
}

std::shared_ptr<TlsContext> TlsContext::client(NetError* error)
{
    auto credential = std::make_shared<Credential>();
    const SECURITY_STATUS s = tls::acquire(credential.get(), false);
    credential->acquired = s == SEC_E_OK;
    if (s != SEC_E_OK) {
        if (error)
            *error = statusError(TlsErrc::handshakeFailed, "make a TLS context", s);
        return nullptr;
    }
    return std::make_shared<SchannelContext>(std::move(credential), false);
}

} // namespace netcore
