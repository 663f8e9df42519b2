// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/timelinefilter.h"

#include "bridge/tracefeed.h"
#include "inspector/timelinemodel.h"

namespace ui {

TimelineFilter::TimelineFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{}

void TimelineFilter::setSourceTimeline(TimelineModel* model)
{
    m_timeline = model;
    setSourceModel(model);
}

void TimelineFilter::setSocket(quint64 socket)
{
    if (socket == m_socket)
        return;
    m_socket = socket;
    invalidateFilter();
}

void TimelineFilter::setCall(int call)
{
    if (call == m_call)
        return;
    m_call = call;
    invalidateFilter();
}

void TimelineFilter::setErrorsOnly(bool on)
{
    if (on == m_errorsOnly)
        return;
    m_errorsOnly = on;
    invalidateFilter();
}

void TimelineFilter::setShowIdleWaits(bool on)
{
    if (on == m_showIdle)
        return;
    m_showIdle = on;
    invalidateFilter();
}

bool TimelineFilter::isIdleWait(const bridge::TraceRecord& r)
{
    return (r.call == bridge::TraceCall::Select || r.call == bridge::TraceCall::Epoll) &&
           r.result == 0 && r.error == 0;
}

void TimelineFilter::setText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

bool TimelineFilter::filterAcceptsRow(int sourceRow, const QModelIndex&) const
{
    if (!m_timeline || sourceRow >= m_timeline->rowCount())
        return false;
    const bridge::TraceRecord& r = m_timeline->record(sourceRow);
    if (m_socket) {
        // The accept that created a socket belongs to it as well as to its listener.
        const bool accepted = r.call == bridge::TraceCall::Accept &&
                              r.args.endsWith(QLatin1String("#") + QString::number(m_socket));
        if (r.socket != m_socket && !accepted &&
            !r.args.contains(QLatin1String("-> #") + QString::number(m_socket) + QLatin1Char(' ')))
            return false;
    }
    if (m_call >= 0 && int(r.call) != m_call)
        return false;
    if (!m_showIdle && isIdleWait(r))
        return false;
    if (m_errorsOnly && !r.error)
        return false;
    if (!m_text.isEmpty()) {
        const auto cs = Qt::CaseInsensitive;
        if (!r.callName.contains(m_text, cs) && !r.args.contains(m_text, cs) &&
            !r.errorName.contains(m_text, cs) && !r.winsockCall().contains(m_text, cs) &&
            !r.winsockError().contains(m_text, cs))
            return false;
    }
    return true;
}

} // namespace ui
