// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers for the Schannel side of the TLS layer: SECURITY_STATUS and CryptoAPI errors
// in their own words ("SEC_E_UNTRUSTED_ROOT (0x80090325)"), PEM in and out, fingerprints, and
// a host's identity imported so that Schannel can use its key (tls_certificate_win.cpp).

#include "netcore/tls.h"

#ifndef SECURITY_WIN32
#define SECURITY_WIN32
#endif
// In this order: winsock2.h before windows.h, UNICODE_STRING (subauth.h) before schannel.h.
#include <winsock2.h>

#include <windows.h>

#include <ncrypt.h>
#include <subauth.h>
#include <wincrypt.h>

// SCH_CREDENTIALS and TLS_PARAMETERS (TLS 1.3) are declared only with this.
#ifndef SCHANNEL_USE_BLACKLISTS
#define SCHANNEL_USE_BLACKLISTS
#endif
#include <schannel.h>
#include <security.h>
#include <sspi.h>

#include <memory>
#include <string>

namespace netcore::tls {

// "SEC_E_UNTRUSTED_ROOT (0x80090325)": a SECURITY_STATUS, HRESULT or CryptoAPI error code.
std::string statusText(long status);

inline NetError statusError(TlsErrc code, const std::string& operation, long status,
                            const std::string& more = {})
{
    return {make_error_code(code), operation, {}, statusText(status) + more};
}

// The thread's last CryptoAPI error as a NetError.
inline NetError lastError(TlsErrc code, const std::string& operation)
{
    return statusError(code, operation, static_cast<long>(GetLastError()));
}

// The DER bytes of the first PEM block in `pem` whose label is `label` ("CERTIFICATE");
// "" if there is none.
std::string derFromPem(const std::string& pem, const std::string& label);
// DER bytes as a PEM block with `label`.
std::string pemFromDer(const std::string& der, const std::string& label);

// SHA-256 of a certificate's DER bytes, "AB:CD:...", "" if it cannot be hashed.
std::string fingerprint(const CERT_CONTEXT* certificate);

// Whether the system's trust store vouches for `certificate` as a TLS server named `name`
// (CertGetCertificateChain, then the SSL policy with the name).
bool systemTrusts(const CERT_CONTEXT* certificate, const std::string& name);
// A CALG_ as a cipher suite's part ("AES_256", "SHA384"), nullptr if unknown.
const char* algorithmName(ALG_ID id);

// A UTF-8 string as UTF-16 and back.
std::wstring wide(const std::string& text);
std::string narrow(const wchar_t* text);

// A host's certificate with its private key where Schannel finds it: a key container made for
// this identity (CNG first, so that TLS 1.3 can sign with RSA-PSS on Windows; the CryptoAPI
// RSA provider when CNG cannot take it, as under Wine), removed again when this ends.
class ServerIdentity
{
public:
    // `cng`: try the CNG key storage provider; false: the CryptoAPI RSA provider only.
    static std::unique_ptr<ServerIdentity> import(const TlsIdentity& identity, bool cng,
                                                  NetError* error);
    ~ServerIdentity();
    ServerIdentity(const ServerIdentity&) = delete;
    ServerIdentity& operator=(const ServerIdentity&) = delete;

    const CERT_CONTEXT* certificate() const { return m_certificate; }

private:
    ServerIdentity() = default;

    const CERT_CONTEXT* m_certificate = nullptr;
    std::wstring m_container; // the key container's name ("" none)
    bool m_cng = false;       // in the CNG key storage provider, else the CryptoAPI one
};

} // namespace netcore::tls
