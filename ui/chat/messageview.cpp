// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/messageview.h"

#include "bridge/loops.h"
#include "contrast.h"

#include <QImage>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextImageFormat>
#include <QWheelEvent>

namespace ui {

namespace {

constexpr int MarkerState = 1; // QTextBlock::userState of the unread marker line
constexpr int DayState = 2;    // ... of a day's heading

const QRegularExpression& linkPattern()
{
    // http(s) and www links; a trailing punctuation mark is not part of the link.
    static const QRegularExpression pattern(
        QStringLiteral(R"((?:https?://|www\.)[^\s<>"]+[^\s<>".,;:!?)\]'])"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

} // namespace

MessageView::MessageView(QWidget* parent)
    : QTextBrowser(parent)
{
    setReadOnly(true);
    setOpenExternalLinks(true);
    setOpenLinks(true);
    setUndoRedoEnabled(false);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    document()->setMaximumBlockCount(5000);
    setAccessibleName(tr("Messages"));
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &MessageView::flush);
}

QColor MessageView::nickColor(const QString& nick, const QColor& background)
{
    // FNV-1a over the folded nick: stable across runs and platforms (qHash is seeded).
    quint32 h = 2166136261u;
    for (const QChar c : nick.toLower()) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    // A hue from the hash; its lightness moved as far as the background needs.
    return contrast::readable(QColor::fromHsl(static_cast<int>(h % 360), 150, 110), background);
}

QColor MessageView::readable(const QColor& wanted) const
{
    return contrast::readable(wanted, palette().color(QPalette::Base));
}

void MessageView::setScrollback(int lines)
{
    document()->setMaximumBlockCount(lines > 0 ? lines + 1 : 0);
}

void MessageView::setActive(bool active)
{
    if (active == m_active)
        return;
    flush(); // lines that arrived while in the old state keep its marker
    m_active = active;
    if (active) {
        m_unread = 0;
        emit unreadChanged(0);
    } else {
        removeMarker();
        m_markerPending = true;
    }
}

bool MessageView::hasUnreadMarker() const
{
    // Lines still waiting for their batch count too.
    const_cast<MessageView*>(this)->flush();
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next())
        if (b.userState() == MarkerState)
            return true;
    return false;
}

void MessageView::removeMarker()
{
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next()) {
        if (b.userState() != MarkerState)
            continue;
        // The marker's line and one paragraph separator: the one before it, or for the
        // first line the one after it. The line that stays takes over the removed block's
        // data, the marker's state with it: reset it, or the next removal takes that line.
        QTextCursor c(document());
        const int start = b.position();
        const int end = start + b.length() - 1; // b.length() counts the separator after it
        if (start > 0) {
            c.setPosition(start - 1);
            c.setPosition(end, QTextCursor::KeepAnchor);
        } else {
            c.setPosition(start);
            c.setPosition(b.next().isValid() ? end + 1 : end, QTextCursor::KeepAnchor);
        }
        c.removeSelectedText();
        c.block().setUserState(0);
        return;
    }
}

void MessageView::addPicture(const QImage& picture, const QUrl& href, const QString& caption)
{
    flush();
    QScrollBar* bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    const QString name = QStringLiteral("lanchat-picture:%1").arg(++m_pictures);
    document()->addResource(QTextDocument::ImageResource, QUrl(name), picture);
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (!document()->isEmpty())
        cursor.insertBlock();
    cursor.block().setUserState(0);
    QTextImageFormat image;
    image.setName(name);
    image.setWidth(picture.width());
    image.setHeight(picture.height());
    image.setAnchor(true);
    image.setAnchorHref(href.toString());
    // Qt takes a tooltip with tags for rich text: the caption (a peer's name) goes escaped
    // inside a paragraph of our own, so it shows as the text it is.
    image.setToolTip(QStringLiteral("<p>") + caption.toHtmlEscaped() + QStringLiteral("</p>"));
    cursor.insertImage(image);
    if (atBottom)
        bar->setValue(bar->maximum());
}

QList<QUrl> MessageView::linksIn(const QString& text)
{
    QList<QUrl> links;
    auto it = linkPattern().globalMatch(text);
    while (it.hasNext()) {
        QString href = it.next().captured();
        if (href.startsWith(QLatin1String("www."), Qt::CaseInsensitive))
            href.prepend(QStringLiteral("http://"));
        links.append(QUrl(href, QUrl::StrictMode));
    }
    return links;
}

void MessageView::insertLinked(QTextCursor& cursor, const QString& text,
                               const QTextCharFormat& format)
{
    qsizetype at = 0;
    auto it = linkPattern().globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        cursor.insertText(text.mid(at, m.capturedStart() - at), format);
        QString href = m.captured();
        if (href.startsWith(QLatin1String("www."), Qt::CaseInsensitive))
            href.prepend(QStringLiteral("http://"));
        QTextCharFormat link = format;
        link.setAnchor(true);
        link.setAnchorHref(href);
        link.setForeground(readable(palette().color(QPalette::Link)));
        link.setFontUnderline(true);
        cursor.insertText(m.captured(), link);
        at = m.capturedEnd();
    }
    cursor.insertText(text.mid(at), format);
}

void MessageView::append(const QDateTime& time, const QList<Part>& parts, bool counts)
{
    m_pending.append({time, parts, counts});
    // A line now and then is written at once; a flood is written in batches, one layout each.
    if (!m_lastWrite.isValid() || m_lastWrite.elapsed() >= FlushIntervalMs)
        flush();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start(FlushIntervalMs);
}

void MessageView::flush()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty())
        return;
    QScrollBar* bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    const int unreadBefore = m_unread;
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    // With a cap, lines beyond it would only be written to be dropped.
    const qsizetype cap = document()->maximumBlockCount();
    qsizetype first = 0;
    if (cap > 0 && m_pending.size() > cap)
        first = m_pending.size() - cap;
    for (qsizetype i = first; i < m_pending.size(); ++i)
        write(cursor, m_pending.at(i));
    cursor.endEditBlock();
    m_pending.clear();
    m_lastWrite.start();
    if (atBottom)
        bar->setValue(bar->maximum());
    if (m_unread != unreadBefore)
        emit unreadChanged(m_unread);
}

void MessageView::write(QTextCursor& cursor, const Line& line)
{
    cursor.movePosition(QTextCursor::End);
    const bool empty = document()->isEmpty();
    if (!m_active && m_markerPending && line.counts) {
        m_markerPending = false;
        if (!empty)
            cursor.insertBlock();
        QTextCharFormat marker;
        marker.setForeground(readable(QColor(200, 60, 60)));
        cursor.insertText(tr("\u2500\u2500\u2500\u2500 new messages \u2500\u2500\u2500\u2500"),
                          marker);
        cursor.block().setUserState(MarkerState);
        cursor.insertBlock();
        cursor.block().setUserState(0);
    } else if (!empty) {
        cursor.insertBlock();
        cursor.block().setUserState(0);
    }

    // A new day (a chat open over midnight, or the first line after yesterday's history).
    const QDate day = line.time.toLocalTime().date();
    if (m_lastDay.isValid() && day != m_lastDay) {
        writeDayHeading(cursor, day);
        cursor.insertBlock();
        cursor.block().setUserState(0);
    }
    m_lastDay = day;
    writeParts(cursor, line.time, line.parts);
    if (!m_active && line.counts)
        ++m_unread;
}

void MessageView::writeParts(QTextCursor& cursor, const QDateTime& time, const QList<Part>& parts)
{
    QTextCharFormat stamp;
    stamp.setForeground(readable(palette().color(QPalette::PlaceholderText)));
    cursor.insertText(QLatin1Char('[') + time.toLocalTime().toString(QStringLiteral("HH:mm:ss")) +
                          QStringLiteral("] "),
                      stamp);
    for (const Part& part : parts) {
        QTextCharFormat format;
        if (part.color.isValid())
            format.setForeground(part.color);
        if (part.bold)
            format.setFontWeight(QFont::Bold);
        format.setFontItalic(part.italic);
        if (!part.href.isEmpty()) {
            format.setAnchor(true);
            format.setAnchorHref(part.href);
            format.setForeground(readable(palette().color(QPalette::Link)));
            format.setFontUnderline(true);
            cursor.insertText(bridge::displayText(part.text), format);
            continue;
        }
        insertLinked(cursor, bridge::displayText(part.text), format);
    }
}

void MessageView::writeDayHeading(QTextCursor& cursor, QDate day)
{
    QTextCharFormat heading;
    heading.setForeground(readable(palette().color(QPalette::PlaceholderText)));
    heading.setFontWeight(QFont::Bold);
    cursor.insertText(QStringLiteral("\u2500\u2500\u2500\u2500 ") +
                          locale().toString(day, QLocale::LongFormat) +
                          QStringLiteral(" \u2500\u2500\u2500\u2500"),
                      heading);
    cursor.block().setUserState(DayState);
}

QList<MessageView::Part> MessageView::partsOf(Style style, const QString& nick, const QString& text,
                                              bool self, bool highlight) const
{
    const QColor base = palette().color(QPalette::Base);
    switch (style) {
    case Style::Message:
        return {{QStringLiteral("<"), {}, false, false},
                {nick, nickColor(nick, base), self, false},
                {QStringLiteral("> "), {}, false, false},
                {text, highlight ? readable(QColor(200, 40, 40)) : QColor(), highlight, false}};
    case Style::Action:
        return {{QStringLiteral("* "), {}, false, true},
                {nick, nickColor(nick, base), false, true},
                {QLatin1Char(' ') + text, {}, false, true}};
    case Style::Notice:
        return {{QLatin1Char('-') + nick + QStringLiteral("- "), readable(QColor(150, 90, 20)),
                 true, false},
                {text, {}, false, false}};
    case Style::Event:
        break;
    }
    return {{text, readable(QColor(110, 110, 110)), false, false}};
}

void MessageView::requestOlder()
{
    if (m_atStart || m_olderPending || m_oldestId == 0)
        return;
    m_olderPending = true;
    emit olderWanted();
}

void MessageView::changeEvent(QEvent* event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    flush();
    // Each coloured run keeps its hue; its lightness moves as far as the new background needs
    // (readable() leaves a colour that reads well alone).
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            const QBrush brush = f.charFormat().foreground();
            if (brush.style() == Qt::NoBrush)
                continue;
            const QColor now = readable(brush.color());
            if (now == brush.color())
                continue;
            cursor.setPosition(f.position());
            cursor.setPosition(f.position() + f.length(), QTextCursor::KeepAnchor);
            QTextCharFormat format;
            format.setForeground(now);
            cursor.mergeCharFormat(format);
        }
    }
    cursor.endEditBlock();
}

void MessageView::wheelEvent(QWheelEvent* event)
{
    QScrollBar* bar = verticalScrollBar();
    const bool atTop = bar->value() == bar->minimum();
    QTextBrowser::wheelEvent(event);
    if (atTop && event->angleDelta().y() > 0)
        requestOlder();
}

void MessageView::prependHistory(const QList<HistoryLine>& lines, qint64 oldestId, bool atStart)
{
    const bool first = m_historyLines == 0;
    m_olderPending = false;
    if (oldestId != 0 && (m_oldestId == 0 || oldestId < m_oldestId))
        m_oldestId = oldestId;
    m_atStart = atStart;
    if (lines.isEmpty())
        return;
    flush();
    QScrollBar* bar = verticalScrollBar();
    const int fromBottom = bar->maximum() - bar->value();
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    cursor.movePosition(QTextCursor::Start);
    const bool hadContent = !document()->isEmpty();
    QTextCharFormat grey;
    grey.setForeground(readable(palette().color(QPalette::PlaceholderText)));
    // An older page ending on the day the view's history starts with: that day's heading
    // moves up to the first of its lines.
    const QDate newest = lines.last().time.toLocalTime().date();
    if (!first && m_topDay == newest && document()->firstBlock().userState() == DayState) {
        cursor.select(QTextCursor::BlockUnderCursor);
        cursor.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        cursor.block().setUserState(0); // the merged block keeps the heading's state
        cursor.movePosition(QTextCursor::Start);
    }
    QDate day;
    for (const auto& line : lines) {
        const QDate lineDay = line.time.toLocalTime().date();
        if (lineDay != day) {
            writeDayHeading(cursor, lineDay);
            cursor.insertBlock();
            cursor.block().setUserState(0);
            day = lineDay;
        }
        writeParts(cursor, line.time, partsOf(line.style, line.nick, line.text, line.self));
        cursor.insertBlock();
        cursor.block().setUserState(0);
    }
    m_topDay = lines.first().time.toLocalTime().date();
    // An older page simply goes above the lines already there; the first one ends with the
    // line that marks off the history from this session's lines.
    if (first) {
        QTextCharFormat marker = grey;
        marker.setFontItalic(true);
        cursor.insertText(
            tr("\u2500\u2500\u2500\u2500 earlier messages above \u2500\u2500\u2500\u2500"), marker);
        if (hadContent) {
            cursor.insertBlock();
            cursor.block().setUserState(0);
            // The lines of this session, on another day than the history's last: their day.
            if (m_lastDay.isValid() && m_lastDay != newest) {
                writeDayHeading(cursor, m_lastDay);
                cursor.insertBlock();
                cursor.block().setUserState(0);
            }
        } else {
            m_lastDay = newest;
        }
    }
    cursor.endEditBlock();
    m_historyLines += static_cast<int>(lines.size());
    // The first page: show the newest lines; an older page: keep what the reader looks at.
    bar->setValue(first ? bar->maximum() : bar->maximum() - fromBottom);
}

void MessageView::addMessage(const QDateTime& time, const QString& nick, const QString& text,
                             bool self, bool highlight)
{
    append(time, partsOf(Style::Message, nick, text, self, highlight),
           !self); // our own line is not unread
}

void MessageView::addAction(const QDateTime& time, const QString& nick, const QString& text,
                            bool self)
{
    append(time, partsOf(Style::Action, nick, text, self), !self);
}

void MessageView::addNotice(const QDateTime& time, const QString& from, const QString& text)
{
    append(time, partsOf(Style::Notice, from, text, false), true);
}

void MessageView::addEvent(const QDateTime& time, const QString& text)
{
    append(time, partsOf(Style::Event, {}, text, false), false);
}

void MessageView::addEventLink(const QDateTime& time, const QString& text, const QString& linkText,
                               const QUrl& href)
{
    addEventLinks(time, text, {{linkText, href}});
}

void MessageView::addEventLinks(const QDateTime& time, const QString& text,
                                const QList<QPair<QString, QUrl>>& links)
{
    QList<Part> parts = partsOf(Style::Event, {}, text, false);
    for (qsizetype i = 0; i < links.size(); ++i) {
        const auto& [linkText, href] = links[i];
        parts.append({i == 0 ? QStringLiteral(" ") : QStringLiteral(" \u00b7 "), {}, false, false});
        parts.append({linkText, {}, true, false, href.toString(QUrl::FullyEncoded)});
    }
    append(time, parts, false);
}

void MessageView::addError(const QDateTime& time, const QString& text)
{
    append(time, {{text, readable(QColor(200, 30, 30)), true, false}}, false);
}

} // namespace ui
