// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// TLS's record layer read from the outside, as a learner sees it on the wire: each record's
// 5-byte header (content type, version, length) in the clear, its body unreadable once the
// keys are agreed. The Socket Inspector's Bytes view marks the records of a TLS socket's streams
// with it, and a Schannel session (which shows no handshake messages) tells its handshake steps
// from the records it sends and receives. Pure parsing: no library, no socket.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace netcore {

enum class TlsContentType : std::uint8_t
{
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
};

struct TlsRecordHeader
{
    std::uint64_t offset = 0; // where the header starts, in the stream fed so far
    std::uint8_t type = 0;    // a TlsContentType
    std::uint16_t version = 0;
    std::uint16_t length = 0; // of the body
};

// "handshake", "change_cipher_spec", "alert", "application_data", as RFC 8446 names them;
// "type 42" for another.
std::string tlsContentTypeName(std::uint8_t type);
// "TLS 1.2" for 0x0303, "TLS 1.0" for 0x0301, "SSL 3.0", "0x1234" for another.
std::string tlsVersionName(std::uint16_t version);
// The name of a handshake message type: "ClientHello", "Finished"; "handshake type 99" else.
std::string tlsHandshakeMessageName(std::uint8_t type);
// An alert's description as RFC 8446 names it: "bad_certificate"; "alert 199" else.
std::string tlsAlertName(std::uint8_t description);

// Follows one direction of a TLS connection, fed the bytes in the order they moved, in pieces
// of any size (a header may be cut between two recv() calls). Bytes it was not shown (a capture
// cap) can be skipped by count while they are inside a record's body.
class TlsRecordScanner
{
public:
    // The next bytes of the stream; the records whose header ends in them are appended to *out.
    void feed(std::string_view bytes, std::vector<TlsRecordHeader>* out);
    // `count` bytes moved but not seen. Inside a body they are skipped; where a header would
    // be, the scanner has lost the record boundaries and says so (lost()).
    void skip(std::uint64_t count);
    // The stream stopped looking like TLS records (an unknown content type, a length past the
    // protocol's limit, or bytes skipped over a header): nothing more is reported.
    bool lost() const { return m_lost; }
    // Where in the stream the scanner is (bytes fed and skipped).
    std::uint64_t position() const { return m_position; }

    // The largest record body TLS allows (2^14 plus the expansion of encryption, RFC 8446 5.2).
    static constexpr std::uint16_t kMaxBodyLength = 16384 + 256;

private:
    std::uint64_t m_position = 0;
    std::uint64_t m_bodyLeft = 0; // of the current record's body
    unsigned char m_header[5] = {};
    int m_headerHave = 0;
    std::uint64_t m_headerOffset = 0;
    bool m_lost = false;
};

// Handshake messages in clear handshake records, for a TLS library that does not show them
// (Schannel): fed the records one direction sends, it names each message (ClientHello, ...),
// and once the records turn encrypted (after a ChangeCipherSpec, or TLS 1.3 application-data
// records during the handshake) one "Encrypted handshake" per record, and alerts in the clear.
class TlsHandshakeWatcher
{
public:
    // Appends the steps the bytes complete.
    void feed(std::string_view bytes, std::vector<std::string>* steps);

    bool lost() const { return m_lost; }

private:
    void record(std::vector<std::string>* steps);

    unsigned char m_header[5] = {};
    int m_headerHave = 0;
    std::size_t m_bodyLeft = 0;
    std::string m_body;       // the current record's body
    std::string m_messages;   // clear handshake bytes not yet a whole message
    bool m_encrypted = false; // a ChangeCipherSpec went by (or encrypted records came)
    bool m_lost = false;
};

} // namespace netcore
