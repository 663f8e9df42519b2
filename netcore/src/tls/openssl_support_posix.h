// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers for the OpenSSL side of the TLS layer: owning pointers, memory BIOs, the
// library's error queue as a NetError, fingerprints.

#include "netcore/tls.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace netcore::tls {

template <typename T, auto Free> struct Deleter
{
    void operator()(T* p) const { Free(p); }
};
template <typename T, auto Free> using Pointer = std::unique_ptr<T, Deleter<T, Free>>;

// Everything a memory BIO holds, taken out.
// Appends what a memory BIO holds to `out` and empties it: one copy, straight into `out` (the
// host drains every member's records each turn).
inline void drainInto(BIO* bio, std::string* out)
{
    for (;;) {
        const std::size_t pending = BIO_ctrl_pending(bio);
        if (pending == 0)
            return;
        const std::size_t at = out->size();
        out->resize(at + pending);
        const int n = BIO_read(bio, out->data() + at, static_cast<int>(pending));
        out->resize(at + static_cast<std::size_t>(n > 0 ? n : 0));
        if (n <= 0)
            return;
    }
}

inline std::string drain(BIO* bio)
{
    std::string out;
    drainInto(bio, &out);
    return out;
}

// The library's error queue in its own words ("error:0A00010B:SSL routines::wrong version
// number"), emptied.
inline std::string libraryText()
{
    std::string text;
    while (const unsigned long code = ERR_get_error()) {
        char line[256];
        ERR_error_string_n(code, line, sizeof line);
        text += (text.empty() ? "" : "; ") + std::string(line);
    }
    return text;
}

inline NetError libraryError(TlsErrc code, const std::string& operation,
                             const std::string& target = {})
{
    NetError error{make_error_code(code), operation, target, libraryText()};
    return error;
}

// SHA-256 of the certificate's DER bytes, "AB:CD:...".
inline std::string fingerprint(const X509* certificate)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest, &length) != 1)
        return {};
    static const char* const Hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        if (i)
            out += ':';
        out += Hex[digest[i] >> 4];
        out += Hex[digest[i] & 0x0F];
    }
    return out;
}

} // namespace netcore::tls
