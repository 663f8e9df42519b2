// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Sockets table, netstat-like, from the feed's registry: every socket seen, closed ones
// greyed until cleared. Beside the program's view of each socket, what the OS says: its TCP
// state (a closed socket's connection lingering in TIME_WAIT; "gone" once the OS dropped it)
// and the bytes in its send and receive queues. A TLS socket shows the version, cipher and server
// certificate's fingerprint its handshake agreed (the plaintext it carried in the byte columns'
// tooltips).

#include <QAbstractTableModel>

namespace bridge {
class TraceFeed;
struct SocketInfo;
} // namespace bridge

namespace ui {

class SocketsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        ProtocolColumn,
        RoleColumn,
        LocalColumn,
        RemoteColumn,
        StateColumn,
        OsStateColumn, // the TCP state the OS gives ("TIME_WAIT"), also after close()
        QueuesColumn,  // the OS's send and receive queues, in bytes
        TlsColumn,     // "TLSv1.3, TLS_AES_256_GCM_SHA384, 3A:4F:...": the handshake's outcome
        BytesInColumn,
        BytesOutColumn,
        CallsInColumn,
        CallsOutColumn,
        AgeColumn,
        ErrorColumn,
        ColumnCount
    };

    explicit SocketsModel(bridge::TraceFeed* feed, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int rowOf(quint64 socket) const; // -1 if unknown
    // "TLSv1.3, TLS_AES_256_GCM_SHA384, 3A:4F:9C…": the fingerprint's first bytes (the
    // tooltip has all); "TLS handshake…" while it runs; "" without TLS.
    static QString tlsText(const bridge::SocketInfo& socket);
    // "TIME_WAIT"; "gone" once a closed socket left the OS's table; "" if not known.
    static QString osStateText(const bridge::SocketInfo& socket);
    // "0 / 5" (send / receive); "" where the OS does not say.
    static QString queuesText(const bridge::SocketInfo& socket);
    quint64 socketAt(int row) const;

private:
    void handleSocketsChanged();

    bridge::TraceFeed* m_feed;
    QList<quint64> m_ids;
};

} // namespace ui
