// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Bytes of one socket's stream in one direction, as offset / hex / text, cut at each
// recv() (or send()) chunk: a row never spans two chunks, and each chunk's first row names the
// call, so one IRC line arriving in two recv() calls, or two lines in one, is plain to see.
// Peer text is shown as text (a table cell is never markup); bytes the capture cap cut off
// get a row of their own saying how many.
//
// A TLS socket's streams show both layers: a row before each record (its clear 5-byte header:
// type, version, length; a record's bytes never share a row with the next one's), and beneath
// each chunk the plaintext the TLS layer took out of it (recv: SSL_read / DecryptMessage) or put
// into it (send: SSL_write / EncryptMessage), a row per line.

#include "bridge/tlsrecords.h"

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
        // A TLS socket's: the records whose header starts in this chunk, and the plaintext
        // the TLS layer carried in it (its calls' name and bytes, what was captured of them).
        QList<bridge::TlsRecordMark> records;
        QString plainCall;
        quint64 plainBytes = 0;
        QByteArray plain;
    };
    // Whether the socket shown has TLS over it (its records and plaintext are shown).
    bool tls() const { return m_tls; }
    const QList<Chunk>& chunks() const { return m_chunks; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    enum class RowKind
    {
        Bytes,
        NotCaptured, // the bytes the capture cap cut off
        Record,      // a TLS record's header (item: its index in the chunk's records)
        Plain,       // a line of the plaintext carried (item: its index in plainLines)
    };
    struct Row
    {
        Row(int c, RowKind k, int f = 0, int l = 0, int i = 0)
            : chunk(c)
            , kind(k)
            , from(f)
            , length(l)
            , item(i)
        {}
        int chunk = 0;
        RowKind kind = RowKind::Bytes;
        int from = 0;       // Bytes: in the chunk's data
        int length = 0;     // Bytes: how many
        int item = 0;       // Record, Plain: which one
        bool first = false; // the chunk's first row (it names the call)
    };
    void rebuild(quint64 socket, bool incoming, quint64 seq);
    void addRows(int chunk);
    // The send or recv that carried the TLS data call at history index `index`.
    quint64 carrier(int index) const;
    QVariant display(const Row& row, int column) const;
    QString plainLine(const Row& row) const; // a Plain row's text

    bridge::TraceFeed* m_feed;
    quint64 m_socket = 0;
    quint64 m_seq = 0;
    bool m_incoming = true;
    int m_selectedRow = -1;
    bool m_tls = false;
    QList<Chunk> m_chunks;
    QList<Row> m_rows;
    QList<QByteArrayList> m_plainLines; // per chunk
};

} // namespace ui
