// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/loopmodel.h"

#include "bridge/tracefeed.h"
#include "inspector/inspectorcolors.h"
#include "inspector/inspectorroles.h"

#include <QBrush>
#include <QColor>

#include <algorithm>
#include <vector>

namespace ui {

using bridge::TraceCall;
using bridge::TraceRecord;

namespace {

QString setText(std::span<const quint64> ids)
{
    QStringList parts;
    for (const quint64 id : ids)
        parts.append(id ? QLatin1Char('#') + QString::number(id) : QStringLiteral("wake-up"));
    return QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
}

// "R{#3, #5} W{} E{}"; `set(i)` gives the read, write and except sets.
template <typename Set> QString setsText(Set set)
{
    return QLatin1String("R") + setText(set(0)) + QLatin1String(" W") + setText(set(1)) +
           QLatin1String(" E") + setText(set(2));
}

} // namespace

LoopModel::LoopModel(bridge::TraceFeed* feed, QObject* parent)
    : QAbstractTableModel(parent)
    , m_feed(feed)
{
    connect(feed, &bridge::TraceFeed::batchDelivered, this, &LoopModel::append);
    connect(feed, &bridge::TraceFeed::aboutToDrop, this, &LoopModel::dropFront);
    connect(feed, &bridge::TraceFeed::dropped, this, [this] {
        m_dropped += quint64(m_dropping);
        m_dropping = 0;
    });
    connect(feed, &bridge::TraceFeed::aboutToReset, this, [this] {
        beginResetModel();
        m_rows.clear();
    });
    connect(feed, &bridge::TraceFeed::reset, this, [this] {
        rebuild();
        endResetModel();
    });
    rebuild();
}

bool LoopModel::isLoopEvent(const TraceRecord& r)
{
    return r.call == TraceCall::Select || r.call == TraceCall::Epoll ||
           r.call == TraceCall::EpollCtl || r.call == TraceCall::WSAAsyncSelect ||
           r.call == TraceCall::AsyncMessage;
}

const TraceRecord& LoopModel::record(int row) const
{
    return m_feed->at(int(m_rows[std::size_t(row)] - m_dropped));
}

void LoopModel::rebuild()
{
    m_rows.clear();
    m_dropped = 0;
    m_dropping = 0;
    for (int i = 0; i < m_feed->size(); ++i) {
        if (isLoopEvent(m_feed->at(i)))
            m_rows.push_back(quint64(i));
    }
}

void LoopModel::dropFront(int count)
{
    // The feed's first `count` records are about to go: so do the rows that point at them.
    // Until the feed's dropped(), the remaining rows still count from the old front.
    const quint64 end = m_dropped + quint64(count);
    const auto first = std::find_if(m_rows.begin(), m_rows.end(),
                                    [end](quint64 position) { return position >= end; });
    const int gone = int(first - m_rows.begin());
    if (gone > 0) {
        beginRemoveRows({}, 0, gone - 1);
        m_rows.erase(m_rows.begin(), first);
        endRemoveRows();
    }
    m_dropping = count;
}

void LoopModel::append(const QList<TraceRecord>& records)
{
    // The batch is the newest part of the feed's history.
    const quint64 base = m_dropped + quint64(m_feed->size() - int(records.size()));
    std::vector<quint64> added;
    for (int i = 0; i < records.size(); ++i) {
        if (isLoopEvent(records[i]))
            added.push_back(base + quint64(i));
    }
    if (added.empty())
        return;
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
    const TraceRecord& r = record(row);
    if (r.socket == socket)
        return true;
    for (int i = 0; i < 3; ++i) {
        if (std::ranges::find(r.setIn(i), socket) != r.setIn(i).end() ||
            std::ranges::find(r.setOut(i), socket) != r.setOut(i).end())
            return true;
    }
    return false;
}

quint64 LoopModel::socketAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return 0;
    const TraceRecord& r = record(row);
    if (r.socket)
        return r.socket;
    for (int i = 0; i < 3; ++i) {
        for (const quint64 id : r.setOut(i)) {
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
    const TraceRecord& r = record(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return m_feed->timeText(r.timeNs);
        case CallColumn:
            return r.call == TraceCall::AsyncMessage ? QStringLiteral("FD message (WM_APP)")
                                                     : r.callName;
        case SocketColumn:
            return r.socket ? QString(QLatin1Char('#') + QString::number(r.socket)) : QString();
        case InColumn:
            if (r.call == TraceCall::Select)
                return setsText([&r](int i) { return r.setIn(i); });
            if (r.call == TraceCall::WSAAsyncSelect)
                return bridge::asyncEventText(r.asyncEvents);
            return r.call == TraceCall::AsyncMessage ? QString() : r.args;
        case OutColumn:
            if (r.call == TraceCall::Select || r.call == TraceCall::Epoll)
                return setsText([&r](int i) { return r.setOut(i); });
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
            return QBrush(inspector::errorText());
        break;
    case Qt::BackgroundRole:
        if (m_socket && mentions(index.row(), m_socket))
            return QBrush(inspector::currentBackground());
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
    static const char* const kNames[ColumnCount] = {QT_TR_NOOP("Time"),
                                                    QT_TR_NOOP("Wake-up"),
                                                    QT_TR_NOOP("Socket"),
                                                    QT_TR_NOOP("Passed in / registered"),
                                                    QT_TR_NOOP("Returned / delivered"),
                                                    QT_TR_NOOP("Result"),
                                                    QT_TR_NOOP("Error")};
    return section >= 0 && section < ColumnCount ? tr(kNames[section]) : QVariant();
}

} // namespace ui
