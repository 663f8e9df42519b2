// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// TLS's record layer for the Socket Inspector's Bytes view, in Qt values: one direction of a TLS
// socket's stream, fed in the order its send() or recv() calls moved it, marks where each
// record starts and what its clear 5-byte header says (netcore::TlsRecordScanner underneath).

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

namespace netcore {
class TlsRecordScanner;
} // namespace netcore

namespace bridge {

struct TlsRecordMark
{
    quint64 offset = 0; // where the record's header starts in the stream
    quint8 type = 0;    // 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data
    QString typeName;   // "handshake", as RFC 8446 names it
    QString version;    // "TLS 1.2" (what the header says; TLS 1.3 records say 1.2 too)
    int length = 0;     // of the body
};

class TlsRecordReader
{
public:
    TlsRecordReader();
    ~TlsRecordReader();
    TlsRecordReader(const TlsRecordReader&) = delete;
    TlsRecordReader& operator=(const TlsRecordReader&) = delete;

    // One call's bytes: `data` as captured, `moved` as many as the call moved (more when the
    // capture cap cut them). The records whose header ends in them are appended to *marks.
    void feed(const QByteArray& data, quint64 moved, QList<TlsRecordMark>* marks);
    // The bytes stopped looking like TLS records (or a header was among bytes not captured).
    bool lost() const;

private:
    std::unique_ptr<netcore::TlsRecordScanner> m_scanner;
};

} // namespace bridge
