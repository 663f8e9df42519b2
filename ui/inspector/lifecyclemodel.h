// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Lifecycle of one socket as the lecture's sequence of steps: the server's (socket, bind,
// listen, accept, recv/send, shutdown, closesocket), the client's (getaddrinfo, socket,
// connect, trying each address on a socket of its own, send/recv, shutdown, closesocket) or UDP's
// (socket, setsockopt(SO_BROADCAST), bind, sendto/recvfrom, closesocket), each with the real call
// made, its result and time.

#include <QAbstractTableModel>

namespace bridge {
class TraceFeed;
struct TraceRecord;
} // namespace bridge

namespace ui {

class LifecycleModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        StepColumn,
        CallColumn,
        ResultColumn,
        TimeColumn,
        NoteColumn,
        ColumnCount
    };
    enum class Status
    {
        Pending, // not reached (yet)
        Done,
        Current, // the furthest step reached by a socket still open
        Failed,
    };

    explicit LifecycleModel(bridge::TraceFeed* feed, QObject* parent = nullptr);

    void setSocket(quint64 socket);
    quint64 socket() const { return m_socket; }
    // "server (listener)", "server (accepted)", "client", "UDP"
    QString sequenceName() const { return m_sequence; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    Status status(int row) const;
    QString stepName(int row) const;
    // A client's sockets for one connect, one per address tried, in order (the selected
    // socket's among them); just the selected socket for the other sequences.
    QList<quint64> attempts() const { return m_attempts; }

private:
    struct Step
    {
        QString name;
        QString call;
        QString result;
        qint64 timeNs = -1;
        QString note;
        Status status = Status::Pending;
        int calls = 0;
        quint64 seq = 0;
        quint64 socket = 0; // the attempt's socket (a client trying several addresses)
    };
    void rebuild();
    QList<quint64> attemptChain(quint64 socket) const;

    bridge::TraceFeed* m_feed;
    quint64 m_socket = 0;
    QString m_sequence;
    QList<Step> m_steps;
    QList<quint64> m_attempts;
};

} // namespace ui
