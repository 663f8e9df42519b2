// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/tlsrecords.h"

#include "qtconvert.h"

#include "netcore/tls_records.h"

namespace bridge {

TlsRecordReader::TlsRecordReader()
    : m_scanner(std::make_unique<netcore::TlsRecordScanner>())
{}

TlsRecordReader::~TlsRecordReader() = default;

void TlsRecordReader::feed(const QByteArray& data, quint64 moved, QList<TlsRecordMark>* marks)
{
    std::vector<netcore::TlsRecordHeader> headers;
    m_scanner->feed(std::string_view(data.constData(), std::size_t(data.size())), &headers);
    if (moved > quint64(data.size()))
        m_scanner->skip(moved - quint64(data.size()));
    for (const netcore::TlsRecordHeader& h : headers)
        marks->append({h.offset, h.type, toQString(netcore::tlsContentTypeName(h.type)),
                       toQString(netcore::tlsVersionName(h.version)), int(h.length)});
}

bool TlsRecordReader::lost() const
{
    return m_scanner->lost();
}

} // namespace bridge
