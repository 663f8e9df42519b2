// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/inputline.h"

#include <QApplication>
#include <QClipboard>
#include <QKeyEvent>
#include <QMessageBox>
#include <QMimeData>

namespace ui {

InputLine::InputLine(QWidget* parent)
    : QLineEdit(parent)
{
    setAccessibleName(tr("Message input"));
    setPlaceholderText(tr("Type a message, or /help"));
    setMaxLength(4000);
    connect(this, &QLineEdit::returnPressed, this, &InputLine::submit);
}

bool InputLine::event(QEvent* e)
{
    // Tab is a focus change for most widgets; here it completes a nick.
    if (e->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(e);
        if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier) {
            complete();
            return true;
        }
    }
    return QLineEdit::event(e);
}

void InputLine::keyPressEvent(QKeyEvent* e)
{
    if (e->key() != Qt::Key_Tab)
        m_matchIndex = -1; // any other key ends a completion
    if (e->matches(QKeySequence::Paste)) {
        const QMimeData* clip = QApplication::clipboard()->mimeData();
        if (clip && clip->hasImage() && !clip->hasText()) {
            const QImage image = qvariant_cast<QImage>(clip->imageData());
            if (!image.isNull()) {
                emit imagePasted(image);
                return;
            }
        }
        const QString text = QApplication::clipboard()->text();
        if (text.contains(QLatin1Char('\n'))) {
            pasteLines(text);
            return;
        }
    }
    switch (e->key()) {
    case Qt::Key_Up:
        if (m_history.isEmpty())
            return;
        if (m_historyIndex < 0) {
            m_draft = text();
            m_historyIndex = static_cast<int>(m_history.size());
        }
        if (m_historyIndex > 0)
            setText(m_history.at(--m_historyIndex));
        return;
    case Qt::Key_Down:
        if (m_historyIndex < 0)
            return;
        if (++m_historyIndex >= m_history.size()) {
            m_historyIndex = -1;
            setText(m_draft);
        } else {
            setText(m_history.at(m_historyIndex));
        }
        return;
    default:
        QLineEdit::keyPressEvent(e);
    }
}

void InputLine::pasteLines(const QString& text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (auto& line : lines)
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
    // Blank lines are not sent (as when typed), so they are not counted in the question either.
    lines.removeIf([](const QString& line) { return line.trimmed().isEmpty(); });
    if (lines.size() <= 1) {
        insert(lines.value(0));
        return;
    }
    const auto answer = QMessageBox::question(
        this, tr("Paste several lines"),
        tr("The clipboard holds %n line(s). Send them all as separate messages?", nullptr,
           static_cast<int>(lines.size())),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return;
    lines.first().prepend(this->text()); // what was typed before the paste
    clear();
    for (const auto& line : lines)
        if (!line.isEmpty())
            emit submitted(line);
}

void InputLine::submit()
{
    const QString line = text();
    if (line.trimmed().isEmpty())
        return;
    if (m_history.isEmpty() || m_history.last() != line)
        m_history.append(line);
    while (m_history.size() > HistorySize)
        m_history.removeFirst();
    m_historyIndex = -1;
    m_draft.clear();
    clear();
    emit submitted(line);
}

void InputLine::complete()
{
    if (!m_completions)
        return;
    const QString current = text();
    if (m_matchIndex < 0) {
        // Start: the word before the cursor.
        const qsizetype cursor = cursorPosition();
        m_wordStart = current.lastIndexOf(QLatin1Char(' '), cursor - 1) + 1;
        m_completionPrefix = current.mid(m_wordStart, cursor - m_wordStart);
        if (m_completionPrefix.isEmpty())
            return;
        m_matches.clear();
        for (const QString& nick : m_completions())
            if (nick.startsWith(m_completionPrefix, Qt::CaseInsensitive))
                m_matches.append(nick);
        m_matches.sort(Qt::CaseInsensitive);
        if (m_matches.isEmpty())
            return;
        m_matchIndex = 0;
    } else {
        m_matchIndex = (m_matchIndex + 1) % static_cast<int>(m_matches.size());
    }
    // At the start of the line a nick is addressed: "nick: ".
    const QString suffix = m_wordStart == 0 ? QStringLiteral(": ") : QStringLiteral(" ");
    const QString before = current.left(m_wordStart);
    const qsizetype end = current.indexOf(QLatin1Char(' '), m_wordStart);
    QString after = end < 0 ? QString() : current.mid(end);
    if (m_wordStart == 0 && after.startsWith(QLatin1Char(':')))
        after = after.mid(1);
    after = after.trimmed();
    const QString completed = before + m_matches.at(m_matchIndex) + suffix;
    setText(completed + after);
    setCursorPosition(static_cast<int>(completed.size()));
}

} // namespace ui
