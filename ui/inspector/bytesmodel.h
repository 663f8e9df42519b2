// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Bytes of one socket's stream in one direction, as offset / hex / text, cut at each
// recv() (or send()) chunk: a row never spans two chunks, and each chunk's first row names the
// call, so one IRC line arriving in two recv() calls, or two lines in one, is plain to see.
// Peer text is shown as text (a table cell is never markup); bytes the capture cap cut off
// get a row of their own saying how many.

#include <QAbstractTableModel>
#include <QByteArray>

namespace bridge {
class TraceFeed;
struct TraceRecord;
} // namespace bridge

namespace ui {

class BytesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ChunkColumn,
        OffsetColumn,
        HexColumn,
        TextColumn,
        ColumnCount
    };
    static constexpr int kBytesPerRow = 16;
    static constexpr int kMaxChunks = 400; // around the selected one

    explicit BytesModel(bridge::TraceFeed* feed, QObject* parent = nullptr);

    // Shows the stream of the data call with this sequence number (its socket, its direction).
    void setEvent(quint64 seq);
    // Shows the socket's latest data call.
    void setSocket(quint64 socket);
    quint64 socket() const { return m_socket; }
    // The stream shown: what the socket received (recv, recvfrom) or what it sent.
    bool incoming() const { return m_incoming; }
    // Shows the socket's other stream (its latest call that way).
    void setIncoming(bool incoming);
    quint64 selectedSeq() const { return m_seq; }
    // The row where the selected chunk starts.
    int selectedRow() const { return m_selectedRow; }

    struct Chunk
    {
        quint64 seq = 0;
        QString call;
        quint64 offset = 0; // in the stream, as far as the history reaches back
        quint64 bytes = 0;  // moved by the call
        QByteArray data;    // captured
    };
    const QList<Chunk>& chunks() const { return m_chunks; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        int chunk = 0;
        int from = 0;   // in the chunk's data
        int length = 0; // 0: the "not captured" row
    };
    void rebuild(quint64 socket, bool incoming, quint64 seq);

    bridge::TraceFeed* m_feed;
    quint64 m_socket = 0;
    quint64 m_seq = 0;
    bool m_incoming = true;
    int m_selectedRow = -1;
    QList<Chunk> m_chunks;
    QList<Row> m_rows;
};

} // namespace ui
