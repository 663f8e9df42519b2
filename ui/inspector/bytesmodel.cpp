// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/bytesmodel.h"

#include "bridge/tracefeed.h"
#include "inspector/inspectorcolors.h"
#include "inspector/inspectorroles.h"

#include <QBrush>
#include <QColor>
#include <QFontDatabase>

namespace ui {

using bridge::TraceCall;
using bridge::TraceRecord;

namespace {

bool isIncoming(const TraceRecord& r)
{
    return r.call == TraceCall::Recv || r.call == TraceCall::Recvfrom;
}

} // namespace

quint64 BytesModel::carrier(int index) const
{
    // SSL_read's plaintext came out of the recv before it; SSL_write's went out in the next send.
    const TraceRecord& tls = m_feed->at(index);
    const bool in = tls.call == TraceCall::TlsDecrypt;
    for (int i = index; in ? i >= 0 : i < m_feed->size(); i += in ? -1 : 1) {
        const TraceRecord& r = m_feed->at(i);
        if (r.socket == tls.socket && r.isDataCall() && r.result > 0 && isIncoming(r) == in)
            return r.seq;
    }
    return 0;
}

BytesModel::BytesModel(bridge::TraceFeed* feed, QObject* parent)
    : QAbstractTableModel(parent)
    , m_feed(feed)
{
    connect(feed, &bridge::TraceFeed::reset, this, [this] {
        beginResetModel();
        m_chunks.clear();
        m_rows.clear();
        m_socket = 0;
        m_seq = 0;
        m_selectedRow = -1;
        endResetModel();
    });
}

void BytesModel::setEvent(quint64 seq)
{
    for (int i = m_feed->size() - 1; i >= 0; --i) {
        const TraceRecord& r = m_feed->at(i);
        if (r.seq == seq) {
            if (r.isDataCall())
                rebuild(r.socket, isIncoming(r), seq);
            else if (r.isTlsData())
                rebuild(r.socket, r.call == TraceCall::TlsDecrypt, carrier(i));
            else
                setSocket(r.socket);
            return;
        }
    }
}

void BytesModel::setSocket(quint64 socket)
{
    for (int i = m_feed->size() - 1; i >= 0; --i) {
        const TraceRecord& r = m_feed->at(i);
        if (r.socket == socket && r.isDataCall() && r.result > 0) {
            rebuild(socket, isIncoming(r), r.seq);
            return;
        }
    }
    rebuild(socket, true, 0);
}

void BytesModel::setIncoming(bool incoming)
{
    if (!m_socket)
        return;
    for (int i = m_feed->size() - 1; i >= 0; --i) {
        const TraceRecord& r = m_feed->at(i);
        if (r.socket == m_socket && r.isDataCall() && r.result > 0 && isIncoming(r) == incoming) {
            rebuild(m_socket, incoming, r.seq);
            return;
        }
    }
    rebuild(m_socket, incoming, 0);
}

void BytesModel::rebuild(quint64 socket, bool incoming, quint64 seq)
{
    beginResetModel();
    m_socket = socket;
    m_incoming = incoming;
    m_seq = seq;
    m_chunks.clear();
    m_rows.clear();
    m_plainLines.clear();
    m_selectedRow = -1;
    const bridge::SocketInfo* info = m_feed->socket(socket);
    m_tls = info && info->tls;
    bridge::TlsRecordReader records;
    int selectedChunk = -1;
    quint64 offset = 0;
    Chunk waiting; // SSL_write's plaintext, for the next send
    for (int i = 0; i < m_feed->size(); ++i) {
        const TraceRecord& r = m_feed->at(i);
        if (r.socket != socket)
            continue;
        if (m_tls && r.isTlsData() && (r.call == TraceCall::TlsDecrypt) == incoming) {
            Chunk& to = incoming ? (m_chunks.isEmpty() ? waiting : m_chunks.last()) : waiting;
            to.plainCall = r.callName;
            to.plainBytes += r.bytes;
            to.plain += r.data;
            continue;
        }
        if (!r.isDataCall() || isIncoming(r) != incoming || r.result <= 0)
            continue;
        Chunk chunk;
        chunk.seq = r.seq;
        chunk.call = r.callName;
        chunk.offset = offset;
        chunk.bytes = quint64(r.result);
        chunk.data = r.data;
        if (m_tls) {
            records.feed(chunk.data, chunk.bytes, &chunk.records);
            if (!incoming) {
                chunk.plainCall = waiting.plainCall;
                chunk.plainBytes = waiting.plainBytes;
                chunk.plain = waiting.plain;
                waiting = Chunk();
            }
        }
        offset += chunk.bytes;
        if (r.seq == seq)
            selectedChunk = int(m_chunks.size());
        m_chunks.append(chunk);
    }
    // Keep the chunks around the selected one (or the latest).
    if (m_chunks.size() > kMaxChunks) {
        const int centre = selectedChunk >= 0 ? selectedChunk : int(m_chunks.size()) - 1;
        int first = std::max(0, centre - kMaxChunks / 2);
        first = std::min(first, int(m_chunks.size()) - kMaxChunks);
        m_chunks = m_chunks.mid(first, kMaxChunks);
    }
    for (int c = 0; c < m_chunks.size(); ++c) {
        if (m_chunks[c].seq == seq)
            m_selectedRow = int(m_rows.size());
        addRows(c);
    }
    endResetModel();
}

void BytesModel::addRows(int c)
{
    const Chunk& chunk = m_chunks[c];
    const int size = int(chunk.data.size());
    const int firstRow = int(m_rows.size());
    // Where each record starts in this chunk's captured bytes: a row of its own before them.
    int record = 0;
    auto recordAt = [&](int i) { return int(chunk.records[i].offset - chunk.offset); };
    while (record < chunk.records.size() && recordAt(record) < 0)
        ++record; // (cannot be: a record's header is listed in the chunk where it starts)
    for (int from = 0; from < size;) {
        if (record < chunk.records.size() && recordAt(record) == from)
            m_rows.append({c, RowKind::Record, from, 0, record++});
        int end = std::min(from + kBytesPerRow, size);
        if (record < chunk.records.size() && recordAt(record) < end)
            end = recordAt(record);
        m_rows.append({c, RowKind::Bytes, from, end - from});
        from = end;
    }
    if (chunk.bytes > quint64(size) || size == 0)
        m_rows.append({c, RowKind::NotCaptured, size});
    // Beneath: the plaintext, a row per line (its line end kept with it).
    QByteArrayList lines;
    for (qsizetype from = 0; from < chunk.plain.size();) {
        const qsizetype end = chunk.plain.indexOf('\n', from);
        const qsizetype next = end < 0 ? chunk.plain.size() : end + 1;
        lines.append(chunk.plain.mid(from, next - from));
        from = next;
    }
    if (chunk.plainBytes > quint64(chunk.plain.size()))
        lines.append(QByteArray()); // the plaintext bytes the capture cap cut off
    for (int i = 0; i < lines.size(); ++i)
        m_rows.append({c, RowKind::Plain, 0, 0, i});
    m_plainLines.append(lines);
    m_rows[firstRow].first = true;
}

int BytesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BytesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BytesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& row = m_rows[index.row()];
    const Chunk& chunk = m_chunks[row.chunk];
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::FontRole:
        if (index.column() != ChunkColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    case Qt::BackgroundRole:
        // Alternate per chunk, so a chunk's extent is visible at a glance.
        if (chunk.seq == m_seq)
            return QBrush(inspector::currentBackground());
        return QBrush(inspector::stripeBackground(row.chunk));
    case Qt::ForegroundRole:
        if (row.kind == RowKind::NotCaptured)
            return QBrush(inspector::warningText());
        if (row.kind == RowKind::Record)
            return QBrush(inspector::quietText());
        break;
    case Qt::ToolTipRole:
        if (row.kind == RowKind::Record)
            return tr("The record's header, 5 bytes in the clear: its type, the version it says "
                      "(TLS 1.3 records say TLS 1.2, for old middleboxes) and its length. The body "
                      "after it is encrypted once the keys are agreed.");
        if (row.kind == RowKind::Plain)
            return tr("The plaintext the TLS layer carried in this chunk's records: what the "
                      "program sent or read, never seen on the wire.");
        break;
    case inspector::ChunkRole:
        return row.chunk;
    case inspector::SeqRole:
        return chunk.seq;
    case inspector::SocketIdRole:
        return m_socket;
    default:
        break;
    }
    return {};
}

QVariant BytesModel::display(const Row& row, int column) const
{
    const Chunk& chunk = m_chunks[row.chunk];
    switch (Column(column)) {
    case ChunkColumn:
        if (row.first)
            return QStringLiteral("%1 #%2: %3 bytes")
                .arg(chunk.call)
                .arg(row.chunk + 1)
                .arg(chunk.bytes);
        if (row.kind == RowKind::Plain && row.item == 0)
            return tr("\u21b3 %1: %2 bytes").arg(chunk.plainCall).arg(chunk.plainBytes);
        return QString();
    case OffsetColumn:
        if (row.kind == RowKind::Plain)
            return QString();
        return QStringLiteral("%1").arg(chunk.offset + quint64(row.from), 8, 16, QLatin1Char('0'));
    case HexColumn:
        switch (row.kind) {
        case RowKind::Bytes:
            return QString::fromLatin1(chunk.data.mid(row.from, row.length).toHex(' '));
        case RowKind::NotCaptured:
            return tr("\u2026 %1 bytes not captured (capture cap)")
                .arg(chunk.bytes - quint64(chunk.data.size()));
        case RowKind::Record: {
            const bridge::TlsRecordMark& mark = chunk.records[row.item];
            return tr("TLS record: %1 (%2), %3 bytes")
                .arg(mark.typeName)
                .arg(mark.type)
                .arg(mark.length);
        }
        case RowKind::Plain:
            return QString();
        }
        break;
    case TextColumn: {
        if (row.kind == RowKind::Record)
            return tr("header: %1").arg(chunk.records[row.item].version);
        if (row.kind == RowKind::Plain)
            return plainLine(row);
        if (row.kind != RowKind::Bytes)
            return QString();
        QString text;
        for (const char c : chunk.data.mid(row.from, row.length)) {
            const auto u = static_cast<unsigned char>(c);
            text += u >= 0x20 && u < 0x7f ? QChar(QLatin1Char(c)) : QChar(u'\u00b7');
        }
        return text;
    }
    case ColumnCount:
        break;
    }
    return {};
}

QString BytesModel::plainLine(const Row& row) const
{
    const Chunk& chunk = m_chunks[row.chunk];
    const QByteArray& line = m_plainLines[row.chunk][row.item];
    if (line.isEmpty())
        return tr("\u2026 %1 bytes of plaintext not captured (capture cap)")
            .arg(chunk.plainBytes - quint64(chunk.plain.size()));
    // Peer text is data: shown as text, its line end as the escape it is.
    QString text = QString::fromUtf8(line);
    text.replace(QLatin1Char('\r'), QLatin1String("\\r"));
    text.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return text;
}

QVariant BytesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const kNames[ColumnCount] = {QT_TR_NOOP("Chunk"), QT_TR_NOOP("Offset"),
                                                    QT_TR_NOOP("Hex"), QT_TR_NOOP("Text")};
    return section >= 0 && section < ColumnCount ? tr(kNames[section]) : QVariant();
}

} // namespace ui
