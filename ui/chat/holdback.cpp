// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/holdback.h"

#include "chat/chatpage.h"

#include <QFile>

namespace ui {

HoldBack::HoldBack(QObject* parent)
    : QObject(parent)
    // LANCHAT_SHOWN_LOG (for the crash test): every line, as it is drawn, is also written to
    // that file, so a test that kills the program knows what it had shown.
    , m_shownLog(qEnvironmentVariable("LANCHAT_SHOWN_LOG"))
{}

void HoldBack::add(ChatPage* page, qint64 id, const QString& text, Draw draw)
{
    // A line that is not stored waits only behind the lines before it, keeping the order.
    const bool waits = id != 0 || !m_lines.isEmpty();
    m_lines.append({id == 0 && waits ? m_lines.constLast().id : id, page,
                    m_shownLog.isEmpty() ? QString() : text, std::move(draw)});
    if (!waits)
        showFirst();
}

void HoldBack::commit(qint64 upTo)
{
    while (!m_lines.isEmpty() && m_lines.constFirst().id <= upTo)
        showFirst();
}

void HoldBack::releaseAll()
{
    while (!m_lines.isEmpty())
        showFirst();
}

void HoldBack::showFirst()
{
    Line line = m_lines.takeFirst();
    if (!line.page)
        return; // its tab was closed meanwhile
    line.draw(line.page->view());
    if (!m_shownLog.isEmpty()) {
        QFile log(m_shownLog);
        if (log.open(QIODevice::Append))
            log.write((line.text + QLatin1Char('\n')).toUtf8());
    }
}

} // namespace ui
