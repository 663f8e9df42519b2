// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Timeline's filters: one socket, one call, errors only, a text (each off by default), and
// the idle waits: a select() or epoll_wait() that timed out with nothing to do (hidden by
// default: an idle program makes ten a second per loop).

#include <QSortFilterProxyModel>

namespace bridge {
struct TraceRecord;
} // namespace bridge

namespace ui {

class TimelineModel;

class TimelineFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TimelineFilter(QObject* parent = nullptr);

    void setSourceTimeline(TimelineModel* model);

    void setSocket(quint64 socket); // 0 = every socket
    quint64 socket() const { return m_socket; }
    void setCall(int call); // a bridge::TraceCall value, -1 = every call
    int call() const { return m_call; }
    void setErrorsOnly(bool on);
    bool errorsOnly() const { return m_errorsOnly; }
    void setShowIdleWaits(bool on);
    static bool isIdleWait(const bridge::TraceRecord& record);
    bool showIdleWaits() const { return m_showIdle; }
    void setText(const QString& text); // in the call, arguments or error, any case
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    TimelineModel* m_timeline = nullptr;
    quint64 m_socket = 0;
    int m_call = -1;
    bool m_errorsOnly = false;
    bool m_showIdle = false;
    QString m_text;
};

} // namespace ui
