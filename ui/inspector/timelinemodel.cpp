// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/timelinemodel.h"

#include "bridge/tracefeed.h"
#include "inspector/errorexplanations.h"
#include "inspector/inspectorcolors.h"
#include "inspector/inspectorroles.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace ui {

using bridge::TraceRecord;

TimelineModel::TimelineModel(bridge::TraceFeed* feed, QObject* parent)
    : QAbstractTableModel(parent)
    , m_feed(feed)
{
    connect(feed, &bridge::TraceFeed::aboutToDrop, this,
            [this](int count) { beginRemoveRows({}, 0, count - 1); });
    connect(feed, &bridge::TraceFeed::dropped, this, [this] { endRemoveRows(); });
    connect(feed, &bridge::TraceFeed::aboutToAppend, this, [this](int count) {
        const int first = m_feed->size();
        beginInsertRows({}, first, first + count - 1);
    });
    connect(feed, &bridge::TraceFeed::appended, this, [this] { endInsertRows(); });
    connect(feed, &bridge::TraceFeed::aboutToReset, this, [this] { beginResetModel(); });
    connect(feed, &bridge::TraceFeed::reset, this, [this] { endResetModel(); });
}

int TimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_feed->size();
}

int TimelineModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const TraceRecord& TimelineModel::record(int row) const
{
    return m_feed->at(row);
}

QString TimelineModel::callText(const TraceRecord& r)
{
    const QString winsock = r.winsockCall();
    if (winsock.isEmpty())
        return r.callName + QLatin1String("()");
    return r.callName + QStringLiteral("() \u2259 ") + winsock + QLatin1String("()");
}

QString TimelineModel::errorText(const TraceRecord& r)
{
    if (!r.error)
        return {};
    QString text = r.errorLabel();
    if (const QString winsock = r.winsockError(); !winsock.isEmpty())
        text += QStringLiteral(" \u2259 ") + winsock;
    const QString why = ErrorExplanations::explain(r.errorName, r.call);
    if (!why.isEmpty())
        text += QLatin1String(": ") + why;
    return text;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_feed->size())
        return {};
    const TraceRecord& r = record(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case TimeColumn: {
            // The wall clock, as the chat's timestamps (with milliseconds); a file's events
            // have only the time since its trace began.
            const QDateTime wall = m_feed->wallTime(r);
            if (role == Qt::ToolTipRole && wall.isValid())
                return QString(wall.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) +
                               QStringLiteral(" (+") +
                               QString::number(double(r.timeNs) / 1e6, 'f', 3) +
                               QStringLiteral(" ms)"));
            return m_feed->timeText(r.timeNs);
        }
        case ThreadColumn:
            return QString(QLatin1Char('T') + QString::number(r.thread));
        case SocketColumn:
            return r.socket ? QString(QLatin1Char('#') + QString::number(r.socket)) : QString();
        case ProtocolColumn:
            return r.protocol;
        case CallColumn:
            return callText(r);
        case ArgumentsColumn:
            if (r.call == bridge::TraceCall::AsyncMessage && r.error)
                return QString(r.args + QLatin1String(" (error word ") + r.errorName +
                               QLatin1Char(')'));
            return r.args;
        case ResultColumn:
            // A data call's result is its byte count: the Bytes column says it.
            if (r.call == bridge::TraceCall::AsyncMessage ||
                ((r.isDataCall() || r.isTlsData()) && r.result > 0 &&
                 quint64(r.result) == r.bytes) ||
                r.call == bridge::TraceCall::TlsHandshake)
                return QString();
            return QString::number(r.result);
        case ErrorColumn:
            return errorText(r);
        case BytesColumn:
            if ((!r.isDataCall() && !r.isTlsData()) || !r.bytes)
                return QString();
            return r.isCut() ? QStringLiteral("%1 (%2 captured)").arg(r.bytes).arg(r.data.size())
                             : QString::number(r.bytes);
        case ColumnCount:
            break;
        }
        break;
    case Qt::ForegroundRole:
        if (r.isHardError())
            return QBrush(inspector::errorText());
        if (r.error)
            return QBrush(inspector::warningText());
        break;
    case Qt::BackgroundRole:
        if (r.isHardError())
            return QBrush(inspector::errorBackground());
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == TimeColumn || index.column() == ResultColumn ||
            index.column() == BytesColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case inspector::SocketIdRole:
        return r.socket;
    case inspector::SeqRole:
        return r.seq;
    case inspector::HardErrorRole:
        return r.isHardError();
    default:
        break;
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case ThreadColumn:
        return tr("Thread");
    case SocketColumn:
        return tr("Socket");
    case ProtocolColumn:
        return tr("Proto");
    case CallColumn:
        return tr("Call");
    case ArgumentsColumn:
        return tr("Arguments");
    case ResultColumn:
        return tr("Result");
    case ErrorColumn:
        return tr("Error");
    case BytesColumn:
        return tr("Bytes");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace ui
