// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Timeline: every trace event of the feed's history, one row each, oldest first. The rows
// are the feed's own records (no copy); the model follows the feed's drop/append signals.

#include <QAbstractTableModel>

namespace bridge {
class TraceFeed;
struct TraceRecord;
} // namespace bridge

namespace ui {

class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        ThreadColumn,
        SocketColumn,
        ProtocolColumn,
        CallColumn,
        ArgumentsColumn,
        ResultColumn,
        BytesColumn,
        ErrorColumn, // last: it takes the room left, and most rows leave it empty
        ColumnCount
    };

    explicit TimelineModel(bridge::TraceFeed* feed, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const bridge::TraceRecord& record(int row) const;
    bridge::TraceFeed* feed() const { return m_feed; }

    // "close() ≙ closesocket()" on POSIX; the call alone otherwise.
    static QString callText(const bridge::TraceRecord& r);
    // "EAGAIN (11) ≙ WSAEWOULDBLOCK: nothing to read yet: ..."
    static QString errorText(const bridge::TraceRecord& r);

private:
    bridge::TraceFeed* m_feed;
    int m_appending = 0;
};

} // namespace ui
