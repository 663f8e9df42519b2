// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Sockets table, netstat-like, from the feed's registry: every socket seen, closed ones
// greyed until cleared.

#include <QAbstractTableModel>

namespace bridge {
class TraceFeed;
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
    quint64 socketAt(int row) const;

private:
    void handleSocketsChanged();

    bridge::TraceFeed* m_feed;
    QList<quint64> m_ids;
};

} // namespace ui
