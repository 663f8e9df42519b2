// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Loop: each wake-up of the event loop. For select, the read/write/except sets passed in
// and returned; for epoll_wait, what came back; for asyncselect, the WSAAsyncSelect
// registrations and each FD_* message with its error word.

#include "tracefeed.h"

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
    static constexpr int kMaxRows = 50000;

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
    void append(const QList<bridge::TraceRecord>& records);
    void reload();

    bridge::TraceFeed* m_feed;
    std::deque<bridge::TraceRecord> m_rows;
    quint64 m_socket = 0;
};

} // namespace ui
