// SPDX-License-Identifier: GPL-3.0-or-later
// Certificates with CryptoAPI and CNG: a host's own (self-signed), fingerprints, and a PEM
// identity imported where Schannel can use its key.
//
// A host's own key is RSA 2048, not ECDSA P-256 as on Linux: Wine's Schannel (GnuTLS behind
// secur32) takes a certificate's private key only from a CryptoAPI RSA key container (it reads
// the container's key pair itself), so an ECDSA key cannot be used with Schannel under Wine; RSA
// works the same on Windows and under Wine. An ECDSA identity (one made on Linux, say) is still
// accepted on Windows, through CNG.
//
// The PEM private key is PKCS#8 ("BEGIN PRIVATE KEY", as OpenSSL writes it; PKCS#1 "BEGIN RSA
// PRIVATE KEY" is read too). CryptoAPI speaks RSA keys as PRIVATEKEYBLOBs, so the few DER
// structures between the two (RSAPrivateKey inside PrivateKeyInfo) are written and read here.

#include "tls/schannel_support_win.h"

#include <cstring>
#include <string_view>
#include <vector>

namespace netcore {

namespace {

using tls::ServerIdentity;

// rsaEncryption, 1.2.840.113549.1.1.1, as a DER OID.
const std::string RsaOid("\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x01\x01", 11);

// --- DER, the little that is needed --------------------------------------------------------

std::string derElement(unsigned char tag, const std::string& content)
{
    std::string out(1, static_cast<char>(tag));
    const std::size_t n = content.size();
    if (n < 0x80) {
        out += static_cast<char>(n);
    } else {
        std::string length;
        for (std::size_t rest = n; rest; rest >>= 8)
            length.insert(length.begin(), static_cast<char>(rest & 0xFF));
        out += static_cast<char>(0x80 | length.size());
        out += length;
    }
    return out + content;
}

// An unsigned INTEGER from little-endian bytes (as CryptoAPI's blobs hold them).
std::string derInteger(const BYTE* littleEndian, std::size_t n)
{
    std::string big;
    for (std::size_t i = n; i-- > 0;)
        big += static_cast<char>(littleEndian[i]);
    std::size_t zeros = 0;
    while (zeros + 1 < big.size() && big[zeros] == 0)
        ++zeros;
    big.erase(0, zeros);
    if (big.empty())
        big.assign(1, '\0');
    if (static_cast<unsigned char>(big[0]) & 0x80)
        big.insert(big.begin(), '\0');
    return derElement(0x02, big);
}

// Reads DER elements one after another.
class DerReader
{
public:
    explicit DerReader(std::string_view bytes)
        : m_rest(bytes)
    {}

    // The next element's tag and content; false at the end or on broken DER.
    bool next(unsigned char* tag, std::string_view* content)
    {
        if (m_rest.size() < 2)
            return false;
        *tag = static_cast<unsigned char>(m_rest[0]);
        std::size_t length = static_cast<unsigned char>(m_rest[1]);
        std::size_t header = 2;
        if (length & 0x80) {
            const std::size_t count = length & 0x7F;
            if (count == 0 || count > 4 || m_rest.size() < 2 + count)
                return false;
            length = 0;
            for (std::size_t i = 0; i < count; ++i)
                length = (length << 8) | static_cast<unsigned char>(m_rest[2 + i]);
            header += count;
        }
        if (m_rest.size() - header < length)
            return false;
        *content = m_rest.substr(header, length);
        m_rest.remove_prefix(header + length);
        return true;
    }

    // The next element's content if its tag is `expected`.
    bool expect(unsigned char expected, std::string_view* content)
    {
        unsigned char tag = 0;
        return next(&tag, content) && tag == expected;
    }

private:
    std::string_view m_rest;
};

// A big-endian INTEGER as `size` little-endian bytes; false if it does not fit.
bool littleEndian(std::string_view integer, std::size_t size, std::string* out)
{
    while (!integer.empty() && integer[0] == 0)
        integer.remove_prefix(1);
    if (integer.size() > size)
        return false;
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < integer.size(); ++i)
        bytes[i] = integer[integer.size() - 1 - i];
    out->append(bytes);
    return true;
}

// --- RSA keys between PKCS#8 and PRIVATEKEYBLOB --------------------------------------------

// A CryptoAPI PRIVATEKEYBLOB (RSA) as PKCS#8 PrivateKeyInfo DER.
std::string pkcs8FromBlob(const std::vector<BYTE>& blob)
{
    constexpr std::size_t Head = sizeof(BLOBHEADER) + sizeof(RSAPUBKEY);
    if (blob.size() < Head)
        return {};
    RSAPUBKEY rsa;
    std::memcpy(&rsa, blob.data() + sizeof(BLOBHEADER), sizeof rsa);
    const std::size_t full = rsa.bitlen / 8;
    const std::size_t half = rsa.bitlen / 16;
    if (blob.size() < Head + full * 2 + half * 5)
        return {};
    const BYTE* p = blob.data() + Head;
    const BYTE exponent[4] = {static_cast<BYTE>(rsa.pubexp), static_cast<BYTE>(rsa.pubexp >> 8),
                              static_cast<BYTE>(rsa.pubexp >> 16),
                              static_cast<BYTE>(rsa.pubexp >> 24)};
    const BYTE zero = 0;
    std::string key = derInteger(&zero, 1);       // version
    key += derInteger(p, full);                   // modulus
    key += derInteger(exponent, 4);               // public exponent
    key += derInteger(p + full + half * 5, full); // private exponent
    for (int i = 0; i < 5; ++i)                   // p, q, dp, dq, qinv
        key += derInteger(p + full + half * static_cast<std::size_t>(i), half);
    const std::string algorithm = derElement(0x30, RsaOid + std::string("\x05\x00", 2));
    return derElement(0x30,
                      derInteger(&zero, 1) + algorithm + derElement(0x04, derElement(0x30, key)));
}

// PKCS#1 RSAPrivateKey DER as a CryptoAPI PRIVATEKEYBLOB (AT_KEYEXCHANGE); empty if it is not.
std::vector<BYTE> blobFromRsaKey(std::string_view der)
{
    std::string_view sequence;
    if (!DerReader(der).expect(0x30, &sequence))
        return {};
    DerReader fields(sequence);
    std::string_view value[9]; // version, n, e, d, p, q, dp, dq, qinv
    for (auto& v : value)
        if (!fields.expect(0x02, &v))
            return {};
    std::string_view modulus = value[1];
    while (!modulus.empty() && modulus[0] == 0)
        modulus.remove_prefix(1);
    const std::size_t full = modulus.size();
    if (full < 64 || full % 2)
        return {};
    const std::size_t half = full / 2;
    std::string exponentBytes;
    if (!littleEndian(value[2], 4, &exponentBytes))
        return {};
    BLOBHEADER header{PRIVATEKEYBLOB, CUR_BLOB_VERSION, 0, CALG_RSA_KEYX};
    RSAPUBKEY rsa{0x32415352 /* "RSA2" */, static_cast<DWORD>(full * 8), 0};
    std::memcpy(&rsa.pubexp, exponentBytes.data(), 4);
    std::string body;
    if (!littleEndian(modulus, full, &body))
        return {};
    for (int i = 4; i <= 8; ++i) // p, q, dp, dq, qinv
        if (!littleEndian(value[i], half, &body))
            return {};
    if (!littleEndian(value[3], full, &body))
        return {};
    std::vector<BYTE> blob(sizeof header + sizeof rsa + body.size());
    std::memcpy(blob.data(), &header, sizeof header);
    std::memcpy(blob.data() + sizeof header, &rsa, sizeof rsa);
    std::memcpy(blob.data() + sizeof header + sizeof rsa, body.data(), body.size());
    return blob;
}

// The RSAPrivateKey inside PKCS#8 PrivateKeyInfo; empty if the key is not RSA.
std::string_view rsaKeyOfPkcs8(std::string_view pkcs8)
{
    std::string_view info;
    std::string_view version;
    std::string_view algorithm;
    std::string_view key;
    if (!DerReader(pkcs8).expect(0x30, &info))
        return {};
    DerReader fields(info);
    if (!fields.expect(0x02, &version) || !fields.expect(0x30, &algorithm) ||
        !fields.expect(0x04, &key))
        return {};
    return algorithm.substr(0, RsaOid.size()) == RsaOid ? key : std::string_view();
}

// --- Key containers -------------------------------------------------------------------------

// A fresh key container name, "LanChat-" and 32 random hex digits.
std::wstring containerName()
{
    BYTE random[16] = {};
    HCRYPTPROV provider = 0;
    if (CryptAcquireContextW(&provider, nullptr, nullptr, PROV_RSA_AES, CRYPT_VERIFYCONTEXT)) {
        CryptGenRandom(provider, sizeof random, random);
        CryptReleaseContext(provider, 0);
    }
    std::wstring name = L"LanChat-";
    static const wchar_t* const Hex = L"0123456789abcdef";
    for (const BYTE b : random) {
        name += Hex[b >> 4];
        name += Hex[b & 0x0F];
    }
    name += std::to_wstring(GetCurrentProcessId()) + L"-" + std::to_wstring(GetTickCount64());
    return name;
}

// Whether the key behind `handle` is the certificate's.
bool samePublicKey(HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle, DWORD keySpec,
                   const CERT_CONTEXT* certificate)
{
    DWORD size = 0;
    if (!CryptExportPublicKeyInfo(handle, keySpec, X509_ASN_ENCODING, nullptr, &size))
        return false;
    std::vector<BYTE> info(size);
    auto* key = reinterpret_cast<CERT_PUBLIC_KEY_INFO*>(info.data());
    return CryptExportPublicKeyInfo(handle, keySpec, X509_ASN_ENCODING, key, &size) &&
           CertComparePublicKeyInfo(X509_ASN_ENCODING,
                                    &certificate->pCertInfo->SubjectPublicKeyInfo, key);
}

void deleteCapiContainer(const std::wstring& name)
{
    HCRYPTPROV gone = 0;
    CryptAcquireContextW(&gone, name.c_str(), MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES,
                         CRYPT_DELETEKEYSET);
}

void deleteCngKey(const std::wstring& name)
{
    NCRYPT_PROV_HANDLE provider = 0;
    NCRYPT_KEY_HANDLE key = 0;
    if (NCryptOpenStorageProvider(&provider, MS_KEY_STORAGE_PROVIDER, 0) != ERROR_SUCCESS)
        return;
    if (NCryptOpenKey(provider, &key, name.c_str(), 0, 0) == ERROR_SUCCESS)
        NCryptDeleteKey(key, 0); // frees the handle
    NCryptFreeObject(provider);
}

NetError keyError(const char* operation, long status)
{
    return tls::statusError(TlsErrc::badCertificate, operation, status);
}

// 10 years and an hour ago, as FILETIME ticks (100 ns).
constexpr ULONGLONG Hour = 3600ULL * 10000000ULL;
constexpr ULONGLONG Validity = 10ULL * 365 * 24 * Hour;

FILETIME shifted(const FILETIME& now, ULONGLONG later, ULONGLONG earlier)
{
    ULARGE_INTEGER t;
    t.LowPart = now.dwLowDateTime;
    t.HighPart = now.dwHighDateTime;
    t.QuadPart = t.QuadPart + later - earlier;
    return {t.LowPart, t.HighPart};
}

// A structure in DER (CryptEncodeObjectEx).
bool encode(const char* structType, const void* value, std::vector<BYTE>* out)
{
    DWORD size = 0;
    if (!CryptEncodeObjectEx(X509_ASN_ENCODING, structType, value, 0, nullptr, nullptr, &size))
        return false;
    out->resize(size);
    return CryptEncodeObjectEx(X509_ASN_ENCODING, structType, value, 0, nullptr, out->data(),
                               &size) != 0;
}

} // namespace

namespace tls {

std::unique_ptr<ServerIdentity> ServerIdentity::import(const TlsIdentity& identity, bool cng,
                                                       NetError* error)
{
    const auto failed = [&](NetError e) -> std::unique_ptr<ServerIdentity> {
        if (error)
            *error = std::move(e);
        return nullptr;
    };
    const std::string certificateDer = derFromPem(identity.certificatePem, "CERTIFICATE");
    if (certificateDer.empty())
        return failed({make_error_code(TlsErrc::badCertificate), "read the certificate (PEM)"});
    std::unique_ptr<ServerIdentity> imported(new ServerIdentity);
    imported->m_certificate = CertCreateCertificateContext(
        X509_ASN_ENCODING, reinterpret_cast<const BYTE*>(certificateDer.data()),
        static_cast<DWORD>(certificateDer.size()));
    if (!imported->m_certificate)
        return failed(lastError(TlsErrc::badCertificate, "read the certificate (DER)"));

    std::string pkcs8 = derFromPem(identity.privateKeyPem, "PRIVATE KEY");
    std::string_view rsaKey;
    std::string pkcs1 = derFromPem(identity.privateKeyPem, "RSA PRIVATE KEY");
    if (!pkcs8.empty()) {
        rsaKey = rsaKeyOfPkcs8(pkcs8);
    } else if (!pkcs1.empty()) {
        rsaKey = pkcs1;
        const std::string algorithm = derElement(0x30, RsaOid + std::string("\x05\x00", 2));
        const BYTE zero = 0;
        pkcs8 = derElement(0x30, derInteger(&zero, 1) + algorithm + derElement(0x04, pkcs1));
    } else {
        return failed({make_error_code(TlsErrc::badCertificate),
                       "read the private key (PEM, without a passphrase)"});
    }

    const std::wstring name = containerName();
    CRYPT_KEY_PROV_INFO where{};
    where.pwszContainerName = const_cast<wchar_t*>(name.c_str());
    if (cng) {
        NCRYPT_PROV_HANDLE provider = 0;
        NCRYPT_KEY_HANDLE key = 0;
        SECURITY_STATUS s = NCryptOpenStorageProvider(&provider, MS_KEY_STORAGE_PROVIDER, 0);
        if (s != ERROR_SUCCESS)
            return failed(keyError("open the CNG key storage provider", s));
        NCryptBuffer keyName{static_cast<ULONG>((name.size() + 1) * sizeof(wchar_t)),
                             NCRYPTBUFFER_PKCS_KEY_NAME, const_cast<wchar_t*>(name.c_str())};
        NCryptBufferDesc parameters{NCRYPTBUFFER_VERSION, 1, &keyName};
        s = NCryptImportKey(provider, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, &parameters, &key,
                            reinterpret_cast<BYTE*>(pkcs8.data()), static_cast<DWORD>(pkcs8.size()),
                            NCRYPT_DO_NOT_FINALIZE_FLAG);
        if (s == ERROR_SUCCESS)
            s = NCryptFinalizeKey(key, 0);
        NCryptFreeObject(provider);
        if (s != ERROR_SUCCESS) {
            if (key)
                NCryptFreeObject(key);
            return failed(keyError("import the private key (CNG)", s));
        }
        imported->m_container = name;
        imported->m_cng = true;
        const bool same = samePublicKey(key, 0, imported->m_certificate);
        NCryptFreeObject(key);
        if (!same)
            return failed(
                {make_error_code(TlsErrc::badCertificate), "match the key to the certificate"});
        where.pwszProvName = const_cast<wchar_t*>(MS_KEY_STORAGE_PROVIDER);
        where.dwProvType = 0;
        where.dwKeySpec = CERT_NCRYPT_KEY_SPEC;
    } else {
        std::vector<BYTE> blob = blobFromRsaKey(rsaKey);
        if (blob.empty())
            return failed({make_error_code(TlsErrc::badCertificate),
                           "read the private key (an RSA key; CryptoAPI takes no other)"});
        HCRYPTPROV provider = 0;
        HCRYPTKEY key = 0;
        if (!CryptAcquireContextW(&provider, name.c_str(), MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES,
                                  CRYPT_NEWKEYSET))
            return failed(lastError(TlsErrc::badCertificate, "make a key container"));
        imported->m_container = name;
        const bool ok =
            CryptImportKey(provider, blob.data(), static_cast<DWORD>(blob.size()), 0, 0, &key) != 0;
        const NetError importError = lastError(TlsErrc::badCertificate, "import the private key");
        SecureZeroMemory(blob.data(), blob.size());
        const bool same = ok && samePublicKey(provider, AT_KEYEXCHANGE, imported->m_certificate);
        if (key)
            CryptDestroyKey(key);
        CryptReleaseContext(provider, 0);
        if (!ok)
            return failed(importError);
        if (!same)
            return failed(
                {make_error_code(TlsErrc::badCertificate), "match the key to the certificate"});
        where.pwszProvName = const_cast<wchar_t*>(MS_ENH_RSA_AES_PROV_W);
        where.dwProvType = PROV_RSA_AES;
        where.dwKeySpec = AT_KEYEXCHANGE;
    }
    if (!CertSetCertificateContextProperty(imported->m_certificate, CERT_KEY_PROV_INFO_PROP_ID, 0,
                                           &where))
        return failed(lastError(TlsErrc::badCertificate, "attach the key to the certificate"));
    return imported;
}

ServerIdentity::~ServerIdentity()
{
    if (m_certificate)
        CertFreeCertificateContext(m_certificate);
    if (m_container.empty())
        return;
    if (m_cng)
        deleteCngKey(m_container);
    else
        deleteCapiContainer(m_container);
}

} // namespace tls

std::optional<TlsIdentity> makeSelfSignedIdentity(const std::string& name, NetError* error)
{
    const auto failed = [&](const char* step) {
        if (error) {
            *error = tls::lastError(TlsErrc::badCertificate, step);
            error->target = name;
        }
        return std::nullopt;
    };
    const std::string commonName = name.empty() ? std::string("lanchat") : name.substr(0, 64);
    const std::wstring container = containerName();
    HCRYPTPROV provider = 0;
    if (!CryptAcquireContextW(&provider, container.c_str(), MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES,
                              CRYPT_NEWKEYSET))
        return failed("make a key container");
    struct Cleanup
    {
        HCRYPTPROV provider;
        HCRYPTKEY key = 0;
        const std::wstring& container;
        ~Cleanup()
        {
            if (key)
                CryptDestroyKey(key);
            CryptReleaseContext(provider, 0);
            deleteCapiContainer(container);
        }
    } cleanup{provider, 0, container};
    if (!CryptGenKey(provider, AT_KEYEXCHANGE, (2048U << 16) | CRYPT_EXPORTABLE, &cleanup.key))
        return failed("make an RSA 2048 key");

    // The subject: CN=name, O=LanChat host, as UTF8Strings.
    std::wstring cn = tls::wide(commonName);
    std::wstring organization = L"LanChat host";
    CERT_RDN_ATTR attributes[2] = {
        {const_cast<LPSTR>(szOID_COMMON_NAME),
         CERT_RDN_UTF8_STRING,
         {static_cast<DWORD>(cn.size() * sizeof(wchar_t)), reinterpret_cast<BYTE*>(cn.data())}},
        {const_cast<LPSTR>(szOID_ORGANIZATION_NAME),
         CERT_RDN_UTF8_STRING,
         {static_cast<DWORD>(organization.size() * sizeof(wchar_t)),
          reinterpret_cast<BYTE*>(organization.data())}},
    };
    CERT_RDN rdns[2] = {{1, &attributes[0]}, {1, &attributes[1]}};
    CERT_NAME_INFO nameInfo{2, rdns};
    std::vector<BYTE> subject;
    if (!encode(X509_UNICODE_NAME, &nameInfo, &subject))
        return failed("encode the certificate's subject");
    CERT_NAME_BLOB subjectBlob{static_cast<DWORD>(subject.size()), subject.data()};

    // Extensions: DNS name, not a CA, a TLS server's key usages.
    std::wstring dnsName = tls::wide(commonName);
    CERT_ALT_NAME_ENTRY altEntry{};
    altEntry.dwAltNameChoice = CERT_ALT_NAME_DNS_NAME;
    altEntry.pwszDNSName = dnsName.data();
    CERT_ALT_NAME_INFO altNames{1, &altEntry};
    CERT_BASIC_CONSTRAINTS2_INFO basic{FALSE, FALSE, 0};
    BYTE usageBits = CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_ENCIPHERMENT_KEY_USAGE;
    CRYPT_BIT_BLOB usage{1, &usageBits, 0};
    LPSTR serverAuth = const_cast<LPSTR>(szOID_PKIX_KP_SERVER_AUTH);
    CERT_ENHKEY_USAGE extendedUsage{1, &serverAuth};
    std::vector<BYTE> encoded[4];
    if (!encode(X509_ALTERNATE_NAME, &altNames, &encoded[0]) ||
        !encode(X509_BASIC_CONSTRAINTS2, &basic, &encoded[1]) ||
        !encode(X509_KEY_USAGE, &usage, &encoded[2]) ||
        !encode(X509_ENHANCED_KEY_USAGE, &extendedUsage, &encoded[3]))
        return failed("encode the certificate's extensions");
    const char* const oids[4] = {szOID_SUBJECT_ALT_NAME2, szOID_BASIC_CONSTRAINTS2, szOID_KEY_USAGE,
                                 szOID_ENHANCED_KEY_USAGE};
    const BOOL critical[4] = {FALSE, TRUE, TRUE, FALSE};
    CERT_EXTENSION extension[4];
    for (int i = 0; i < 4; ++i)
        extension[i] = {const_cast<LPSTR>(oids[i]),
                        critical[i],
                        {static_cast<DWORD>(encoded[i].size()), encoded[i].data()}};

    // Signed here rather than by CertCreateSelfSignCertificate, which draws a serial number
    // that may be negative (RFC 5280 wants it positive; some verifiers refuse it).
    DWORD publicSize = 0;
    if (!CryptExportPublicKeyInfo(provider, AT_KEYEXCHANGE, X509_ASN_ENCODING, nullptr,
                                  &publicSize))
        return failed("export the public key");
    std::vector<BYTE> publicKey(publicSize);
    auto* publicInfo = reinterpret_cast<CERT_PUBLIC_KEY_INFO*>(publicKey.data());
    if (!CryptExportPublicKeyInfo(provider, AT_KEYEXCHANGE, X509_ASN_ENCODING, publicInfo,
                                  &publicSize))
        return failed("export the public key");
    BYTE serial[16] = {};
    if (!CryptGenRandom(provider, sizeof serial, serial))
        return failed("draw a serial number");
    serial[15] = static_cast<BYTE>((serial[15] & 0x7F) | 0x40); // little-endian: positive
    CRYPT_ALGORITHM_IDENTIFIER signature{const_cast<LPSTR>(szOID_RSA_SHA256RSA), {0, nullptr}};
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    CERT_INFO info{};
    info.dwVersion = CERT_V3;
    info.SerialNumber = {sizeof serial, serial};
    info.SignatureAlgorithm = signature;
    info.Issuer = subjectBlob;
    info.Subject = subjectBlob;
    info.NotBefore = shifted(now, 0, Hour);
    info.NotAfter = shifted(now, Validity, 0);
    info.SubjectPublicKeyInfo = *publicInfo;
    info.cExtension = 4;
    info.rgExtension = extension;
    DWORD certificateSize = 0;
    if (!CryptSignAndEncodeCertificate(provider, AT_KEYEXCHANGE, X509_ASN_ENCODING,
                                       X509_CERT_TO_BE_SIGNED, &info, &signature, nullptr, nullptr,
                                       &certificateSize))
        return failed("sign the certificate");
    std::string certificateDer(certificateSize, '\0');
    if (!CryptSignAndEncodeCertificate(
            provider, AT_KEYEXCHANGE, X509_ASN_ENCODING, X509_CERT_TO_BE_SIGNED, &info, &signature,
            nullptr, reinterpret_cast<BYTE*>(certificateDer.data()), &certificateSize))
        return failed("sign the certificate");
    certificateDer.resize(certificateSize);

    DWORD blobSize = 0;
    if (!CryptExportKey(cleanup.key, 0, PRIVATEKEYBLOB, 0, nullptr, &blobSize))
        return failed("export the private key");
    std::vector<BYTE> blob(blobSize);
    if (!CryptExportKey(cleanup.key, 0, PRIVATEKEYBLOB, 0, blob.data(), &blobSize))
        return failed("export the private key");
    blob.resize(blobSize);
    const std::string pkcs8 = pkcs8FromBlob(blob);
    SecureZeroMemory(blob.data(), blob.size());
    TlsIdentity identity;
    identity.certificatePem = tls::pemFromDer(certificateDer, "CERTIFICATE");
    identity.privateKeyPem = tls::pemFromDer(pkcs8, "PRIVATE KEY");
    if (pkcs8.empty() || identity.certificatePem.empty() || identity.privateKeyPem.empty()) {
        if (error)
            *error = {make_error_code(TlsErrc::badCertificate), "write the certificate as PEM",
                      name};
        return std::nullopt;
    }
    return identity;
}

std::string certificateFingerprint(const std::string& certificatePem)
{
    const std::string der = tls::derFromPem(certificatePem, "CERTIFICATE");
    if (der.empty())
        return {};
    const CERT_CONTEXT* certificate =
        CertCreateCertificateContext(X509_ASN_ENCODING, reinterpret_cast<const BYTE*>(der.data()),
                                     static_cast<DWORD>(der.size()));
    if (!certificate)
        return {};
    std::string out = tls::fingerprint(certificate);
    CertFreeCertificateContext(certificate);
    return out;
}

} // namespace netcore
