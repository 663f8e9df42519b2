// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Loop: each wake-up of the event loop. For select, the read/write/except sets passed in
// and returned; for epoll_wait, what came back; for asyncselect, the WSAAsyncSelect
// registrations and each FD_* message with its error word.
//
// The rows are the loop events still in the feed's history, held as positions in it, never as
// copies of its records: the history is the one store of events (up to its capacity, 100,000),
// and the Loop shows the part of it that is the loop's, as the Timeline shows all of it.

#include "bridge/tracefeed.h"

#include <QAbstractTableModel>

#include <deque>

namespace ui {

class LoopModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        CallColumn,
        SocketColumn,
        InColumn,  // sets passed in / events registered
        OutColumn, // sets returned / FD_* events delivered
        ResultColumn,
        ErrorColumn,
        ColumnCount
    };
    explicit LoopModel(bridge::TraceFeed* feed, QObject* parent = nullptr);

    static bool isLoopEvent(const bridge::TraceRecord& r);

    // The socket selected in the Inspector: rows that name it (as the row's socket or in a
    // set) are highlighted.
    void setSocket(quint64 socket);
    quint64 socket() const { return m_socket; }
    bool mentions(int row, quint64 socket) const;
    // The row's socket; for a select() or epoll_wait(), the first socket it returned ready.
    quint64 socketAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    const bridge::TraceRecord& record(int row) const;
    void append(const QList<bridge::TraceRecord>& records);
    void dropFront(int count);
    void rebuild();

    bridge::TraceFeed* m_feed;
    // Positions in the feed's history, counted from its last reset: the record of position p
    // is the feed's at(p - m_dropped).
    std::deque<quint64> m_rows;
    quint64 m_dropped = 0; // records the history has dropped since its last reset
    int m_dropping = 0;    // between the feed's aboutToDrop and dropped
    quint64 m_socket = 0;
};

} // namespace ui
