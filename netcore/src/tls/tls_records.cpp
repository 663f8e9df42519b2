// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/tls_records.h"

#include <algorithm>
#include <cstdio>

namespace netcore {

namespace {

bool knownContentType(std::uint8_t type)
{
    return type >= static_cast<std::uint8_t>(TlsContentType::ChangeCipherSpec) &&
           type <= static_cast<std::uint8_t>(TlsContentType::ApplicationData);
}

// A record header's version: 3.x (SSL 3.0 up to the TLS 1.2 that TLS 1.3 records also say).
bool plausibleVersion(std::uint16_t version)
{
    return (version >> 8) == 3 && (version & 0xff) <= 4;
}

std::uint16_t be16(const unsigned char* p)
{
    return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

} // namespace

std::string tlsContentTypeName(std::uint8_t type)
{
    switch (static_cast<TlsContentType>(type)) {
    case TlsContentType::ChangeCipherSpec:
        return "change_cipher_spec";
    case TlsContentType::Alert:
        return "alert";
    case TlsContentType::Handshake:
        return "handshake";
    case TlsContentType::ApplicationData:
        return "application_data";
    }
    return "type " + std::to_string(type);
}

std::string tlsVersionName(std::uint16_t version)
{
    switch (version) {
    case 0x0300:
        return "SSL 3.0";
    case 0x0301:
        return "TLS 1.0";
    case 0x0302:
        return "TLS 1.1";
    case 0x0303:
        return "TLS 1.2";
    case 0x0304:
        return "TLS 1.3";
    default:
        break;
    }
    char text[8];
    std::snprintf(text, sizeof text, "0x%04x", version);
    return text;
}

std::string tlsHandshakeMessageName(std::uint8_t type)
{
    switch (type) {
    case 0:
        return "HelloRequest";
    case 1:
        return "ClientHello";
    case 2:
        return "ServerHello";
    case 4:
        return "NewSessionTicket";
    case 5:
        return "EndOfEarlyData";
    case 8:
        return "EncryptedExtensions";
    case 11:
        return "Certificate";
    case 12:
        return "ServerKeyExchange";
    case 13:
        return "CertificateRequest";
    case 14:
        return "ServerHelloDone";
    case 15:
        return "CertificateVerify";
    case 16:
        return "ClientKeyExchange";
    case 20:
        return "Finished";
    case 24:
        return "KeyUpdate";
    default:
        break;
    }
    return "handshake type " + std::to_string(type);
}

std::string tlsAlertName(std::uint8_t description)
{
    static constexpr std::pair<std::uint8_t, const char*> kNames[] = {
        {0, "close_notify"},
        {10, "unexpected_message"},
        {20, "bad_record_mac"},
        {22, "record_overflow"},
        {40, "handshake_failure"},
        {42, "bad_certificate"},
        {43, "unsupported_certificate"},
        {44, "certificate_revoked"},
        {45, "certificate_expired"},
        {46, "certificate_unknown"},
        {47, "illegal_parameter"},
        {48, "unknown_ca"},
        {49, "access_denied"},
        {50, "decode_error"},
        {51, "decrypt_error"},
        {70, "protocol_version"},
        {71, "insufficient_security"},
        {80, "internal_error"},
        {86, "inappropriate_fallback"},
        {90, "user_canceled"},
        {100, "no_renegotiation"},
        {109, "missing_extension"},
        {110, "unsupported_extension"},
        {112, "unrecognized_name"},
        {116, "certificate_required"},
        {120, "no_application_protocol"},
    };
    for (const auto& [value, name] : kNames) {
        if (value == description)
            return name;
    }
    return "alert " + std::to_string(description);
}

void TlsRecordScanner::feed(std::string_view bytes, std::vector<TlsRecordHeader>* out)
{
    while (!bytes.empty() && !m_lost) {
        if (m_bodyLeft > 0) {
            const std::size_t step =
                static_cast<std::size_t>(std::min<std::uint64_t>(m_bodyLeft, bytes.size()));
            m_bodyLeft -= step;
            m_position += step;
            bytes.remove_prefix(step);
            continue;
        }
        if (m_headerHave == 0)
            m_headerOffset = m_position;
        m_header[m_headerHave++] = static_cast<unsigned char>(bytes.front());
        bytes.remove_prefix(1);
        ++m_position;
        if (m_headerHave < 5)
            continue;
        m_headerHave = 0;
        TlsRecordHeader header;
        header.offset = m_headerOffset;
        header.type = m_header[0];
        header.version = be16(m_header + 1);
        header.length = be16(m_header + 3);
        if (!knownContentType(header.type) || !plausibleVersion(header.version) ||
            header.length > kMaxBodyLength) {
            m_lost = true;
            return;
        }
        m_bodyLeft = header.length;
        out->push_back(header);
    }
}

void TlsRecordScanner::skip(std::uint64_t count)
{
    if (m_lost || count == 0)
        return;
    if (m_headerHave > 0 || count > m_bodyLeft) {
        m_lost = true; // a header (or part of one) was among the bytes not seen
        return;
    }
    m_bodyLeft -= count;
    m_position += count;
}

void TlsHandshakeWatcher::feed(std::string_view bytes, std::vector<std::string>* steps)
{
    while (!bytes.empty() && !m_lost) {
        if (m_headerHave < 5) {
            m_header[m_headerHave++] = static_cast<unsigned char>(bytes.front());
            bytes.remove_prefix(1);
            if (m_headerHave < 5)
                continue;
            const std::uint16_t length = be16(m_header + 3);
            if (!knownContentType(m_header[0]) || !plausibleVersion(be16(m_header + 1)) ||
                length > TlsRecordScanner::kMaxBodyLength) {
                m_lost = true;
                return;
            }
            m_bodyLeft = length;
            m_body.clear();
        }
        const std::size_t step = std::min(m_bodyLeft, bytes.size());
        m_body.append(bytes.substr(0, step));
        bytes.remove_prefix(step);
        m_bodyLeft -= step;
        if (m_bodyLeft == 0) {
            record(steps);
            m_headerHave = 0;
        }
    }
}

void TlsHandshakeWatcher::record(std::vector<std::string>* steps)
{
    switch (static_cast<TlsContentType>(m_header[0])) {
    case TlsContentType::ChangeCipherSpec:
        steps->push_back("ChangeCipherSpec");
        m_encrypted = true;
        return;
    case TlsContentType::Alert:
        if (!m_encrypted && m_body.size() >= 2)
            steps->push_back("Alert: " + tlsAlertName(static_cast<std::uint8_t>(m_body[1])));
        else
            steps->push_back("Alert (encrypted)");
        return;
    case TlsContentType::ApplicationData:
        // TLS 1.3 sends the handshake after ServerHello in application-data records.
        m_encrypted = true;
        steps->push_back("Encrypted handshake");
        return;
    case TlsContentType::Handshake:
        break;
    }
    if (m_encrypted) {
        steps->push_back("Encrypted handshake");
        return;
    }
    m_messages += m_body;
    // A message: its type, a 3-byte length, the body; one record may hold several, and one
    // message may span records.
    while (m_messages.size() >= 4) {
        const auto* p = reinterpret_cast<const unsigned char*>(m_messages.data());
        const std::size_t length = std::size_t(p[1]) << 16 | std::size_t(p[2]) << 8 | p[3];
        if (m_messages.size() < 4 + length)
            break;
        steps->push_back(tlsHandshakeMessageName(p[0]));
        m_messages.erase(0, 4 + length);
    }
    if (m_messages.size() > 1 << 18)
        m_lost = true; // no message is that long: not a handshake
}

} // namespace netcore
