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
    m_selectedRow = -1;
    int selectedChunk = -1;
    quint64 offset = 0;
    for (int i = 0; i < m_feed->size(); ++i) {
        const TraceRecord& r = m_feed->at(i);
        if (r.socket != socket || !r.isDataCall() || isIncoming(r) != incoming || r.result <= 0)
            continue;
        Chunk chunk;
        chunk.seq = r.seq;
        chunk.call = r.callName;
        chunk.offset = offset;
        chunk.bytes = quint64(r.result);
        chunk.data = r.data;
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
        const Chunk& chunk = m_chunks[c];
        if (chunk.seq == seq)
            m_selectedRow = int(m_rows.size());
        for (int from = 0; from < chunk.data.size(); from += kBytesPerRow)
            m_rows.append(
                {c, from, int(std::min<qsizetype>(kBytesPerRow, chunk.data.size() - from))});
        if (chunk.bytes > quint64(chunk.data.size()) || chunk.data.isEmpty())
            m_rows.append({c, int(chunk.data.size()), 0});
    }
    endResetModel();
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
        switch (Column(index.column())) {
        case ChunkColumn:
            if (row.from == 0)
                return QStringLiteral("%1 #%2: %3 bytes")
                    .arg(chunk.call)
                    .arg(row.chunk + 1)
                    .arg(chunk.bytes);
            return QString();
        case OffsetColumn:
            return QStringLiteral("%1").arg(chunk.offset + quint64(row.from), 8, 16,
                                            QLatin1Char('0'));
        case HexColumn: {
            if (!row.length)
                return tr("\u2026 %1 bytes not captured (capture cap)")
                    .arg(chunk.bytes - quint64(chunk.data.size()));
            return QString::fromLatin1(chunk.data.mid(row.from, row.length).toHex(' '));
        }
        case TextColumn: {
            if (!row.length)
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
        break;
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
        if (!row.length)
            return QBrush(inspector::warningText());
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

QVariant BytesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const kNames[ColumnCount] = {QT_TR_NOOP("Chunk"), QT_TR_NOOP("Offset"),
                                                    QT_TR_NOOP("Hex"), QT_TR_NOOP("Text")};
    return section >= 0 && section < ColumnCount ? tr(kNames[section]) : QVariant();
}

} // namespace ui
