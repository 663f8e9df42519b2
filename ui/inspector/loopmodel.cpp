// SPDX-License-Identifier: GPL-3.0-or-later
#include "loopmodel.h"

#include "inspectorroles.h"
#include "tracefeed.h"

#include <QBrush>
#include <QColor>

namespace ui {

using bridge::TraceCall;
using bridge::TraceRecord;

namespace {

QString setText(const QList<quint64>& ids)
{
    QStringList parts;
    for (const quint64 id : ids)
        parts.append(id ? QLatin1Char('#') + QString::number(id) : QStringLiteral("wake-up"));
    return QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
}

QString setsText(const std::array<QList<quint64>, 3>& sets)
{
    return QLatin1String("R") + setText(sets[0]) + QLatin1String(" W") + setText(sets[1]) +
           QLatin1String(" E") + setText(sets[2]);
}

} // namespace

LoopModel::LoopModel(bridge::TraceFeed* feed, QObject* parent)
    : QAbstractTableModel(parent)
    , m_feed(feed)
{
    connect(feed, &bridge::TraceFeed::batchDelivered, this, &LoopModel::append);
    connect(feed, &bridge::TraceFeed::reset, this, &LoopModel::reload);
    reload();
}

bool LoopModel::isLoopEvent(const TraceRecord& r)
{
    return r.call == TraceCall::Select || r.call == TraceCall::Epoll ||
           r.call == TraceCall::EpollCtl || r.call == TraceCall::WSAAsyncSelect ||
           r.call == TraceCall::AsyncMessage;
}

void LoopModel::reload()
{
    beginResetModel();
    m_rows.clear();
    for (int i = 0; i < m_feed->size(); ++i) {
        if (isLoopEvent(m_feed->at(i)))
            m_rows.push_back(m_feed->at(i));
    }
    while (m_rows.size() > std::size_t(kMaxRows))
        m_rows.pop_front();
    endResetModel();
}

void LoopModel::append(const QList<TraceRecord>& records)
{
    QList<TraceRecord> added;
    for (const TraceRecord& r : records) {
        if (isLoopEvent(r))
            added.append(r);
    }
    if (added.isEmpty())
        return;
    if (added.size() > kMaxRows)
        added = added.mid(added.size() - kMaxRows);
    const int excess = int(m_rows.size() + std::size_t(added.size())) - kMaxRows;
    if (excess > 0) {
        beginRemoveRows({}, 0, excess - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + excess);
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_rows.insert(m_rows.end(), added.cbegin(), added.cend());
    endInsertRows();
}

void LoopModel::setSocket(quint64 socket)
{
    if (socket == m_socket)
        return;
    m_socket = socket;
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                         {Qt::BackgroundRole, Qt::FontRole});
}

bool LoopModel::mentions(int row, quint64 socket) const
{
    if (row < 0 || row >= rowCount() || !socket)
        return false;
    const TraceRecord& r = m_rows[std::size_t(row)];
    if (r.socket == socket)
        return true;
    for (int i = 0; i < 3; ++i) {
        if (r.setsIn[i].contains(socket) || r.setsOut[i].contains(socket))
            return true;
    }
    return false;
}

quint64 LoopModel::socketAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return 0;
    const TraceRecord& r = m_rows[std::size_t(row)];
    if (r.socket)
        return r.socket;
    for (int i = 0; i < 3; ++i) {
        for (const quint64 id : r.setsOut[i]) {
            if (id)
                return id;
        }
    }
    return 0;
}

int LoopModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LoopModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LoopModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const TraceRecord& r = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return QString::number(double(r.timeNs) / 1e6, 'f', 3);
        case CallColumn:
            return r.call == TraceCall::AsyncMessage ? QStringLiteral("FD message (WM_APP)")
                                                     : r.callName;
        case SocketColumn:
            return r.socket ? QString(QLatin1Char('#') + QString::number(r.socket)) : QString();
        case InColumn:
            if (r.call == TraceCall::Select)
                return setsText(r.setsIn);
            if (r.call == TraceCall::WSAAsyncSelect)
                return bridge::asyncEventText(r.asyncEvents);
            return r.call == TraceCall::AsyncMessage ? QString() : r.args;
        case OutColumn:
            if (r.call == TraceCall::Select || r.call == TraceCall::Epoll)
                return setsText(r.setsOut);
            if (r.call == TraceCall::AsyncMessage) {
                QString text = bridge::asyncEventText(r.asyncEvents);
                if (r.args.contains(QLatin1String("stale")))
                    text += QLatin1String(" (stale)");
                return text;
            }
            return QString();
        case ResultColumn:
            return r.call == TraceCall::AsyncMessage ? QString() : QString::number(r.result);
        case ErrorColumn:
            // An FD_* message carries an error word (WSAGETSELECTERROR): 0 if all went well.
            if (r.call == TraceCall::AsyncMessage)
                return r.error ? r.errorLabel() : QStringLiteral("error word 0");
            return r.errorLabel();
        case ColumnCount:
            break;
        }
        break;
    case Qt::ForegroundRole:
        if (r.error)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        break;
    case Qt::BackgroundRole:
        if (m_socket && mentions(index.row(), m_socket))
            return QBrush(QColor(0xe6, 0xf2, 0xff));
        break;
    case inspector::SocketIdRole:
        return socketAt(index.row());
    case inspector::SeqRole:
        return r.seq;
    default:
        break;
    }
    return {};
}

QVariant LoopModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const kNames[ColumnCount] = {QT_TR_NOOP("Time (ms)"),
                                                    QT_TR_NOOP("Wake-up"),
                                                    QT_TR_NOOP("Socket"),
                                                    QT_TR_NOOP("Passed in / registered"),
                                                    QT_TR_NOOP("Returned / delivered"),
                                                    QT_TR_NOOP("Result"),
                                                    QT_TR_NOOP("Error")};
    return section >= 0 && section < ColumnCount ? tr(kNames[section]) : QVariant();
}

} // namespace ui
