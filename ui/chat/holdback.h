// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The lines of a chat waiting for the history to store them before they are shown ("a line
// seen is a line kept", docs/history.md), with two bounds so that a stalled disk cannot stall
// the chat (issue 13):
//
//   - a line waits at most MaxWaitMs for its commit;
//   - at most MaxLines lines wait.
//
// Past either bound the oldest lines are shown at once, in order, and counted as shown early:
// the store still has them in its queue and writes them when its writer catches up, so nothing
// is lost; only a crash in that window would lose what was shown.
//
//   add() ──► [ 41 | 42 | (0→42) | 43 ] ──► shown
//               oldest          newest
//   commit(42) shows 41, 42 and the unstored line queued behind 42; 43 waits on.
//
// Lines are always shown oldest first: a line that is not stored (id 0) takes the id of the
// line before it, so it never overtakes a stored one.

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace ui {

class ChatPage;
class MessageView;

class HoldBack : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxWaitMs = 250;
    static constexpr int MaxLines = 1000;
    using Draw = std::function<void(MessageView*)>;

    explicit HoldBack(QObject* parent = nullptr);

    // Shows `draw` on `page` once the line `id` is committed (id 0: a line that is not stored).
    // `text` is for the shown-lines log only (LANCHAT_SHOWN_LOG).
    void add(ChatPage* page, qint64 id, const QString& text, Draw draw);
    // Every line with an id up to `upTo` is stored.
    void commit(qint64 upTo);
    // The history is off or has failed: nothing will be committed; show all now.
    void releaseAll();

    int waiting() const { return static_cast<int>(m_lines.size()); }
    // Since the start: lines shown before their commit because a bound was reached, the most
    // that waited at once, and the longest wait of a line (ms).
    qint64 shownEarly() const { return m_shownEarly; }
    int mostWaiting() const { return m_mostWaiting; }
    qint64 longestWaitMs() const { return m_longestWaitMs; }

private:
    struct Line
    {
        qint64 id = 0;
        qint64 arrivedMs = 0;
        QPointer<ChatPage> page;
        QString text;
        Draw draw;
    };
    void showFirst(bool early);
    void showOverdue();
    void armDeadline();

    QList<Line> m_lines;
    QElapsedTimer m_clock;
    QTimer m_deadline;
    QString m_shownLog;
    qint64 m_shownEarly = 0;
    int m_mostWaiting = 0;
    qint64 m_longestWaitMs = 0;
};

} // namespace ui
