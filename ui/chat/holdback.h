// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The lines of a chat waiting for the history to store them before they are shown ("a line
// seen is a line kept", docs/history.md).
//
//   add() ──► [ 41 | 42 | (0→42) | 43 ] ──► shown
//               oldest          newest
//   commit(42) shows 41, 42 and the unstored line queued behind 42; 43 waits on.
//
// Lines are always shown oldest first: a line that is not stored (id 0) takes the id of the
// line before it, so it never overtakes a stored one.

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace ui {

class ChatPage;
class MessageView;

class HoldBack : public QObject
{
    Q_OBJECT

public:
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

private:
    struct Line
    {
        qint64 id = 0;
        QPointer<ChatPage> page;
        QString text;
        Draw draw;
    };
    void showFirst();

    QList<Line> m_lines;
    QString m_shownLog;
};

} // namespace ui
