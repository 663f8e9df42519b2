// SPDX-License-Identifier: GPL-3.0-or-later
// What the TLS layer says the same way on every platform: its errors, fingerprints, and a
// TLS record told from an IRC line.

#include "tls/tls_common.h"

#include "platform/hex.h"

#include <cctype>

namespace netcore {

namespace {

class TlsCategory final : public NamedErrorCategory
{
public:
    const char* name() const noexcept override { return "tls"; }
    const char* symbolicName(int code) const noexcept override
    {
        return tlsErrorName(static_cast<TlsErrc>(code));
    }
    std::string message(int code) const override
    {
        switch (static_cast<TlsErrc>(code)) {
        case TlsErrc::handshakeFailed:
            return "the TLS handshake failed";
        case TlsErrc::notTls:
            return "the peer does not speak TLS";
        case TlsErrc::unknownCertificate:
            return "the host's certificate is not trusted and no fingerprint was pinned for it";
        case TlsErrc::fingerprintChanged:
            return "the host's certificate is not the one pinned for it";
        case TlsErrc::protocolVersion:
            return "the peer offered no TLS version this side accepts (1.2 or 1.3)";
        case TlsErrc::closedInHandshake:
            return "the peer closed the connection during the TLS handshake";
        case TlsErrc::handshakeTimeout:
            return "the TLS handshake did not end in time";
        case TlsErrc::badCertificate:
            return "the certificate or key cannot be used";
        case TlsErrc::unavailable:
            return "TLS is not available in this build";
        }
        return "unknown TLS error " + std::to_string(code);
    }
};

} // namespace

const std::error_category& tlsCategory()
{
    static const TlsCategory category;
    return category;
}

std::error_code make_error_code(TlsErrc e)
{
    return {static_cast<int>(e), tlsCategory()};
}

const char* tlsErrorName(TlsErrc e)
{
    switch (e) {
    case TlsErrc::handshakeFailed:
        return "TLS_HANDSHAKE_FAILED";
    case TlsErrc::notTls:
        return "TLS_NOT_TLS";
    case TlsErrc::unknownCertificate:
        return "TLS_UNKNOWN_CERTIFICATE";
    case TlsErrc::fingerprintChanged:
        return "TLS_FINGERPRINT_CHANGED";
    case TlsErrc::protocolVersion:
        return "TLS_PROTOCOL_VERSION";
    case TlsErrc::closedInHandshake:
        return "TLS_CLOSED_IN_HANDSHAKE";
    case TlsErrc::handshakeTimeout:
        return "TLS_HANDSHAKE_TIMEOUT";
    case TlsErrc::badCertificate:
        return "TLS_BAD_CERTIFICATE";
    case TlsErrc::unavailable:
        return "TLS_UNAVAILABLE";
    }
    return "TLS_UNKNOWN";
}

std::string normalizeFingerprint(std::string_view text)
{
    if (text.size() > 7 && (text.substr(0, 7) == "SHA256:" || text.substr(0, 7) == "sha256:"))
        text.remove_prefix(7);
    std::string digits;
    for (const char c : text) {
        if (c == ':' || c == ' ')
            continue;
        if (hexValue(c) < 0)
            return {};
        digits += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (digits.size() != 64)
        return {};
    std::string out;
    for (std::size_t i = 0; i < digits.size(); i += 2) {
        if (!out.empty())
            out += ':';
        out += digits.substr(i, 2);
    }
    return out;
}

std::optional<NetError> tls::judgePeer(const TlsClientOptions& options, TlsInfo* info)
{
    const std::string& actual = info->fingerprint;
    if (!options.pinnedFingerprint.empty()) {
        const std::string pinned = normalizeFingerprint(options.pinnedFingerprint);
        info->pinned = !pinned.empty() && pinned == actual;
        if (info->pinned)
            return std::nullopt;
        return NetError{make_error_code(TlsErrc::fingerprintChanged),
                        "TLS handshake",
                        {},
                        "the host's certificate is SHA256 " + actual + "; the one pinned is " +
                            (pinned.empty() ? options.pinnedFingerprint : pinned)};
    }
    if (info->trusted || options.trustOnFirstUse)
        return std::nullopt;
    return NetError{make_error_code(TlsErrc::unknownCertificate),
                    "TLS handshake",
                    {},
                    "its fingerprint is SHA256 " + actual};
}

bool looksLikeTlsHandshake(std::string_view firstBytes)
{
    return firstBytes.size() >= 2 && static_cast<unsigned char>(firstBytes[0]) == 22 &&
           static_cast<unsigned char>(firstBytes[1]) == 3;
}

} // namespace netcore
