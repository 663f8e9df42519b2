// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A chat's input line: Enter sends, Up/Down walk this chat's history, Tab completes a nick
// (again: the next match); a paste of several lines asks before sending them all.

#include <QImage>
#include <QLineEdit>
#include <QStringList>

#include <functional>

namespace ui {

class InputLine : public QLineEdit
{
    Q_OBJECT

public:
    explicit InputLine(QWidget* parent = nullptr);

    // Where Tab completion looks (the room's members, for example).
    void setCompletions(std::function<QStringList()> source) { m_completions = std::move(source); }
    const QStringList& history() const { return m_history; }
    static constexpr int HistorySize = 200;

signals:
    // One typed line, or each line of a confirmed multi-line paste.
    void submitted(const QString& line);
    // Ctrl+V with a picture (a screenshot) and no text on the clipboard.
    void imagePasted(const QImage& image);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    void submit();
    void complete();
    void pasteLines(const QString& text);

    std::function<QStringList()> m_completions;
    QStringList m_history;
    int m_historyIndex = -1; // -1: not walking the history
    QString m_draft;         // what was typed before walking the history
    // Tab completion state: the word being completed and the matches cycled through.
    QString m_completionPrefix;
    QStringList m_matches;
    int m_matchIndex = -1;
    qsizetype m_wordStart = 0;
};

} // namespace ui
