// SPDX-License-Identifier: GPL-3.0-or-later
// The Schannel side's small helpers: error names, PEM, fingerprints, system trust, UTF-16.

#include "tls/schannel_support_win.h"

#include <cstdio>
#include <vector>

namespace netcore::tls {

namespace {

struct StatusName
{
    long status;
    const char* name;
};

#define NETCORE_STATUS(x)                                                                          \
    {                                                                                              \
        static_cast<long>(x), #x                                                                   \
    }
const StatusName StatusNames[] = {
    NETCORE_STATUS(SEC_E_OK),
    NETCORE_STATUS(SEC_I_CONTINUE_NEEDED),
    NETCORE_STATUS(SEC_I_COMPLETE_NEEDED),
    NETCORE_STATUS(SEC_I_INCOMPLETE_CREDENTIALS),
    NETCORE_STATUS(SEC_I_CONTEXT_EXPIRED),
    NETCORE_STATUS(SEC_I_RENEGOTIATE),
    NETCORE_STATUS(SEC_E_INSUFFICIENT_MEMORY),
    NETCORE_STATUS(SEC_E_INVALID_HANDLE),
    NETCORE_STATUS(SEC_E_UNSUPPORTED_FUNCTION),
    NETCORE_STATUS(SEC_E_TARGET_UNKNOWN),
    NETCORE_STATUS(SEC_E_INTERNAL_ERROR),
    NETCORE_STATUS(SEC_E_SECPKG_NOT_FOUND),
    NETCORE_STATUS(SEC_E_INVALID_TOKEN),
    NETCORE_STATUS(SEC_E_MESSAGE_ALTERED),
    NETCORE_STATUS(SEC_E_OUT_OF_SEQUENCE),
    NETCORE_STATUS(SEC_E_NO_AUTHENTICATING_AUTHORITY),
    NETCORE_STATUS(SEC_E_CONTEXT_EXPIRED),
    NETCORE_STATUS(SEC_E_INCOMPLETE_MESSAGE),
    NETCORE_STATUS(SEC_E_BUFFER_TOO_SMALL),
    NETCORE_STATUS(SEC_E_WRONG_PRINCIPAL),
    NETCORE_STATUS(SEC_E_UNKNOWN_CREDENTIALS),
    NETCORE_STATUS(SEC_E_NO_CREDENTIALS),
    NETCORE_STATUS(SEC_E_CERT_UNKNOWN),
    NETCORE_STATUS(SEC_E_CERT_EXPIRED),
    NETCORE_STATUS(SEC_E_CERT_WRONG_USAGE),
    NETCORE_STATUS(SEC_E_UNTRUSTED_ROOT),
    NETCORE_STATUS(SEC_E_ILLEGAL_MESSAGE),
    NETCORE_STATUS(SEC_E_ALGORITHM_MISMATCH),
    NETCORE_STATUS(SEC_E_DECRYPT_FAILURE),
    NETCORE_STATUS(SEC_E_ENCRYPT_FAILURE),
    NETCORE_STATUS(SEC_E_INVALID_PARAMETER),
    NETCORE_STATUS(SEC_E_LOGON_DENIED),
    NETCORE_STATUS(SEC_E_WRONG_CREDENTIAL_HANDLE),
    NETCORE_STATUS(SEC_E_UNFINISHED_CONTEXT_DELETED),
    NETCORE_STATUS(SEC_E_NO_CONTEXT),
    NETCORE_STATUS(NTE_BAD_KEYSET),
    NETCORE_STATUS(NTE_EXISTS),
    NETCORE_STATUS(NTE_BAD_DATA),
    NETCORE_STATUS(NTE_BAD_KEY),
    NETCORE_STATUS(NTE_BAD_TYPE),
    NETCORE_STATUS(NTE_BAD_ALGID),
    NETCORE_STATUS(NTE_BAD_FLAGS),
    NETCORE_STATUS(NTE_NOT_SUPPORTED),
    NETCORE_STATUS(NTE_INVALID_PARAMETER),
    NETCORE_STATUS(NTE_NO_KEY),
    NETCORE_STATUS(NTE_PROV_TYPE_NOT_DEF),
    NETCORE_STATUS(NTE_KEYSET_NOT_DEF),
    NETCORE_STATUS(CRYPT_E_ASN1_BADTAG),
    NETCORE_STATUS(CRYPT_E_ASN1_EOD),
    NETCORE_STATUS(CRYPT_E_ASN1_CORRUPT),
    NETCORE_STATUS(CRYPT_E_NOT_FOUND),
    NETCORE_STATUS(CRYPT_E_INVALID_X500_STRING),
    NETCORE_STATUS(CRYPT_E_NO_KEY_PROPERTY),
    NETCORE_STATUS(CERT_E_UNTRUSTEDROOT),
    NETCORE_STATUS(CERT_E_CN_NO_MATCH),
    NETCORE_STATUS(CERT_E_EXPIRED),
    NETCORE_STATUS(CERT_E_CHAINING),
    NETCORE_STATUS(CERT_E_WRONG_USAGE),
    NETCORE_STATUS(CERT_E_REVOKED),
    NETCORE_STATUS(TRUST_E_CERT_SIGNATURE),
    NETCORE_STATUS(ERROR_INVALID_PARAMETER),
    NETCORE_STATUS(ERROR_INVALID_DATA),
    NETCORE_STATUS(ERROR_NOT_SUPPORTED),
    NETCORE_STATUS(ERROR_CALL_NOT_IMPLEMENTED),
    NETCORE_STATUS(ERROR_MORE_DATA),
    NETCORE_STATUS(ERROR_FILE_NOT_FOUND),
};
#undef NETCORE_STATUS

} // namespace

std::string statusText(long status)
{
    char number[16];
    std::snprintf(number, sizeof number, "0x%08lX", static_cast<unsigned long>(status));
    for (const StatusName& known : StatusNames)
        if (known.status == status)
            return std::string(known.name) + " (" + number + ")";
    return std::string("error ") + number;
}

std::string derFromPem(const std::string& pem, const std::string& label)
{
    const std::string begin = "-----BEGIN " + label + "-----";
    const std::string end = "-----END " + label + "-----";
    const std::size_t from = pem.find(begin);
    if (from == std::string::npos)
        return {};
    const std::size_t to = pem.find(end, from);
    if (to == std::string::npos)
        return {};
    const std::string block = pem.substr(from, to + end.size() - from);
    DWORD size = 0;
    if (!CryptStringToBinaryA(block.c_str(), static_cast<DWORD>(block.size()),
                              CRYPT_STRING_BASE64HEADER, nullptr, &size, nullptr, nullptr) ||
        size == 0)
        return {};
    std::string der(size, '\0');
    if (!CryptStringToBinaryA(block.c_str(), static_cast<DWORD>(block.size()),
                              CRYPT_STRING_BASE64HEADER, reinterpret_cast<BYTE*>(der.data()), &size,
                              nullptr, nullptr))
        return {};
    der.resize(size);
    return der;
}

std::string pemFromDer(const std::string& der, const std::string& label)
{
    const auto* bytes = reinterpret_cast<const BYTE*>(der.data());
    DWORD size = 0;
    if (!CryptBinaryToStringA(bytes, static_cast<DWORD>(der.size()), CRYPT_STRING_BASE64, nullptr,
                              &size))
        return {};
    std::string base64(size, '\0');
    if (!CryptBinaryToStringA(bytes, static_cast<DWORD>(der.size()), CRYPT_STRING_BASE64,
                              base64.data(), &size))
        return {};
    base64.resize(size);
    // Lines of 64 as OpenSSL writes them, "\n" alone.
    std::string lines;
    for (const char c : base64)
        if (c != '\r' && c != '\n' && c != '\0')
            lines += c;
    std::string pem = "-----BEGIN " + label + "-----\n";
    for (std::size_t i = 0; i < lines.size(); i += 64)
        pem += lines.substr(i, 64) + "\n";
    return pem + "-----END " + label + "-----\n";
}

std::string fingerprint(const CERT_CONTEXT* certificate)
{
    BYTE digest[32];
    DWORD length = sizeof digest;
    if (!certificate ||
        !CryptHashCertificate2(BCRYPT_SHA256_ALGORITHM, 0, nullptr, certificate->pbCertEncoded,
                               certificate->cbCertEncoded, digest, &length) ||
        length != sizeof digest)
        return {};
    static const char* const Hex = "0123456789ABCDEF";
    std::string out;
    for (DWORD i = 0; i < length; ++i) {
        if (i)
            out += ':';
        out += Hex[digest[i] >> 4];
        out += Hex[digest[i] & 0x0F];
    }
    return out;
}

bool systemTrusts(const CERT_CONTEXT* certificate, const std::string& name)
{
    if (name.empty())
        return false;
    LPSTR usage = const_cast<LPSTR>(szOID_PKIX_KP_SERVER_AUTH);
    CERT_CHAIN_PARA chainParameters{};
    chainParameters.cbSize = sizeof chainParameters;
    chainParameters.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    chainParameters.RequestedUsage.Usage.cUsageIdentifier = 1;
    chainParameters.RequestedUsage.Usage.rgpszUsageIdentifier = &usage;
    const CERT_CHAIN_CONTEXT* chain = nullptr;
    if (!CertGetCertificateChain(nullptr, certificate, nullptr, certificate->hCertStore,
                                 &chainParameters, 0, nullptr, &chain))
        return false;
    std::wstring serverName = tls::wide(name);
    SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl{};
    ssl.cbSize = sizeof ssl;
    ssl.dwAuthType = AUTHTYPE_SERVER;
    ssl.pwszServerName = serverName.data();
    CERT_CHAIN_POLICY_PARA policy{};
    policy.cbSize = sizeof policy;
    policy.pvExtraPolicyPara = &ssl;
    CERT_CHAIN_POLICY_STATUS status{};
    status.cbSize = sizeof status;
    const bool verified =
        CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain, &policy, &status) &&
        status.dwError == 0;
    CertFreeCertificateChain(chain);
    return verified;
}

const char* algorithmName(ALG_ID id)
{
    switch (id) {
    case CALG_AES_128:
        return "AES_128";
    case CALG_AES_256:
        return "AES_256";
    case CALG_AES_192:
        return "AES_192";
    case CALG_3DES:
        return "3DES";
    case CALG_RC4:
        return "RC4";
    case CALG_SHA_256:
        return "SHA256";
    case CALG_SHA_384:
        return "SHA384";
    case CALG_SHA1:
        return "SHA1";
    default:
        return nullptr;
    }
}

std::wstring wide(const std::string& text)
{
    if (text.empty())
        return {};
    const int n =
        MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(n > 0 ? n : 0), L'\0');
    if (n > 0)
        MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), n);
    return out;
}

std::string narrow(const wchar_t* text)
{
    if (!text || !*text)
        return {};
    const int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
    if (n <= 1)
        return {};
    std::string out(static_cast<std::size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text, -1, out.data(), n, nullptr, nullptr);
    out.resize(static_cast<std::size_t>(n - 1));
    return out;
}

} // namespace netcore::tls
