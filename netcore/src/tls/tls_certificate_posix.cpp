// SPDX-License-Identifier: GPL-3.0-or-later
// Certificates with OpenSSL 3: a host's own (self-signed, ECDSA P-256) and fingerprints.

#include "tls/openssl_support_posix.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace netcore {

namespace {

// 10 years, in seconds.
constexpr long Validity = 10L * 365 * 24 * 60 * 60;

bool addExtension(X509* certificate, int nid, const std::string& value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    if (!extension)
        return false;
    const bool added = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

} // namespace

std::optional<TlsIdentity> makeSelfSignedIdentity(const std::string& name, NetError* error)
{
    const auto failed = [&](const char* step) {
        if (error)
            *error = tls::libraryError(TlsErrc::badCertificate, step, name);
        return std::nullopt;
    };
    tls::Pointer<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
    if (!key)
        return failed("make an ECDSA P-256 key");
    tls::Pointer<X509, X509_free> certificate(X509_new());
    if (!certificate)
        return failed("make a certificate");
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return failed("draw a serial number");
    serial[0] &= 0x7F; // positive
    tls::Pointer<BIGNUM, BN_free> number(BN_bin2bn(serial, sizeof serial, nullptr));
    X509* c = certificate.get();
    const std::string commonName = name.empty() ? std::string("lanchat") : name.substr(0, 64);
    X509_NAME* subject = X509_get_subject_name(c);
    if (X509_set_version(c, 2) != 1 || !number ||
        !BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(c)) ||
        !X509_gmtime_adj(X509_getm_notBefore(c), -3600) ||
        !X509_gmtime_adj(X509_getm_notAfter(c), Validity) ||
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(commonName.c_str()), -1,
                                   -1, 0) != 1 ||
        X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>("LanChat host"), -1, -1,
                                   0) != 1 ||
        X509_set_issuer_name(c, subject) != 1 || X509_set_pubkey(c, key.get()) != 1)
        return failed("fill in the certificate");
    if (!addExtension(c, NID_subject_alt_name, "DNS:" + commonName) ||
        !addExtension(c, NID_basic_constraints, "critical,CA:FALSE") ||
        !addExtension(c, NID_key_usage, "critical,digitalSignature") ||
        !addExtension(c, NID_ext_key_usage, "serverAuth"))
        return failed("add the certificate's extensions");
    if (X509_sign(c, key.get(), EVP_sha256()) <= 0)
        return failed("sign the certificate");

    TlsIdentity identity;
    tls::Pointer<BIO, BIO_free> certificatePem(BIO_new(BIO_s_mem()));
    tls::Pointer<BIO, BIO_free> keyPem(BIO_new(BIO_s_mem()));
    if (!certificatePem || !keyPem || PEM_write_bio_X509(certificatePem.get(), c) != 1 ||
        PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1)
        return failed("write the certificate as PEM");
    identity.certificatePem = tls::drain(certificatePem.get());
    identity.privateKeyPem = tls::drain(keyPem.get());
    return identity;
}

std::string certificateFingerprint(const std::string& certificatePem)
{
    tls::Pointer<BIO, BIO_free> in(
        BIO_new_mem_buf(certificatePem.data(), static_cast<int>(certificatePem.size())));
    if (!in)
        return {};
    tls::Pointer<X509, X509_free> certificate(
        PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr));
    return certificate ? tls::fingerprint(certificate.get()) : std::string();
}

} // namespace netcore
