// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/holdback.h"

#include "chat/chatpage.h"

#include <QFile>

#include <algorithm>

namespace ui {

namespace {

// Marks a line in the shown-lines log that was shown before the history had stored it.
const QString EarlyMark = QStringLiteral("[shown before stored] ");

} // namespace

HoldBack::HoldBack(QObject* parent)
    : QObject(parent)
    // LANCHAT_SHOWN_LOG (for the crash test): every line, as it is drawn, is also written to
    // that file, so a test that kills the program knows what it had shown.
    , m_shownLog(qEnvironmentVariable("LANCHAT_SHOWN_LOG"))
{
    m_clock.start();
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &HoldBack::showOverdue);
}

void HoldBack::add(ChatPage* page, qint64 id, const QString& text, Draw draw)
{
    // A line that is not stored waits only behind the lines before it, keeping the order.
    const bool waits = id != 0 || !m_lines.isEmpty();
    m_lines.append({id == 0 && waits ? m_lines.constLast().id : id, m_clock.elapsed(), page,
                    m_shownLog.isEmpty() ? QString() : text, std::move(draw)});
    if (!waits) {
        showFirst(false);
        return;
    }
    m_mostWaiting = std::max(m_mostWaiting, waiting());
    while (m_lines.size() > MaxLines)
        showFirst(true);
    if (!m_deadline.isActive())
        armDeadline();
}

void HoldBack::commit(qint64 upTo)
{
    while (!m_lines.isEmpty() && m_lines.constFirst().id <= upTo)
        showFirst(false);
    armDeadline();
}

void HoldBack::releaseAll()
{
    while (!m_lines.isEmpty())
        showFirst(false);
    m_deadline.stop();
}

void HoldBack::showFirst(bool early)
{
    Line line = m_lines.takeFirst();
    m_longestWaitMs = std::max(m_longestWaitMs, m_clock.elapsed() - line.arrivedMs);
    if (early)
        ++m_shownEarly;
    if (!line.page)
        return; // its tab was closed meanwhile
    line.draw(line.page->view());
    if (!m_shownLog.isEmpty()) {
        QFile log(m_shownLog);
        if (log.open(QIODevice::Append))
            log.write(((early ? EarlyMark : QString()) + line.text + QLatin1Char('\n')).toUtf8());
    }
}

void HoldBack::showOverdue()
{
    const qint64 due = m_clock.elapsed() - MaxWaitMs;
    while (!m_lines.isEmpty() && m_lines.constFirst().arrivedMs <= due)
        showFirst(true);
    armDeadline();
}

void HoldBack::armDeadline()
{
    if (m_lines.isEmpty()) {
        m_deadline.stop();
        return;
    }
    const qint64 left = m_lines.constFirst().arrivedMs + MaxWaitMs - m_clock.elapsed();
    m_deadline.start(static_cast<int>(std::max<qint64>(0, left)));
}

} // namespace ui
