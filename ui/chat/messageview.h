// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A chat's messages: timestamps, a stable colour per nick, actions, notices, joins and parts,
// an unread marker line, clickable links. Peer text is inserted as plain text through
// QTextCursor (never parsed as HTML); only the links get an anchor format.

#include <QDateTime>
#include <QElapsedTimer>
#include <QTextBrowser>
#include <QTimer>
#include <QUrl>

namespace ui {

class MessageView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit MessageView(QWidget* parent = nullptr);

    void addMessage(const QDateTime& time, const QString& nick, const QString& text, bool self,
                    bool highlight = false);
    void addAction(const QDateTime& time, const QString& nick, const QString& text, bool self);
    void addNotice(const QDateTime& time, const QString& from, const QString& text);
    void addEvent(const QDateTime& time, const QString& text); // joins, parts, topic, ...
    // An event line followed by a link that does something ("Join"): `href` is one of the
    // window's own lanchat: links (MainWindow::openLanChatUrl).
    void addEventLink(const QDateTime& time, const QString& text, const QString& linkText,
                      const QUrl& href);
    // The same with several links after the text ("... Accept · Save as · Decline").
    void addEventLinks(const QDateTime& time, const QString& text,
                       const QList<QPair<QString, QUrl>>& links);
    void addError(const QDateTime& time, const QString& text);
    // A picture under the lines (a thumbnail), a link to `href` (the picture itself, on the
    // host or on disk); `caption` as its tooltip.
    void addPicture(const QImage& picture, const QUrl& href, const QString& caption);
    // The links in `text`, as the view underlines them (http, https and www.).
    static QList<QUrl> linksIn(const QString& text);

    // Stored lines from earlier sessions, put above everything shown so far, drawn as they
    // were when live (a join as a join, not as something said), under a heading for each day,
    // with a line marking where the history ends. `lines` are oldest first.
    enum class Style
    {
        Message,
        Action,
        Notice,
        Event, // joins, parts, quits, kicks, nick changes, the topic: `text` says it all
    };
    struct HistoryLine
    {
        QDateTime time;
        Style style = Style::Message;
        QString nick; // who said it; unused for an event
        QString text;
        bool self = false;
    };
    // `oldestId`: the store's id of the first line (for loading what is before it);
    // `atStart`: nothing older is stored. The first call also draws the end-of-history line;
    // later ones (older pages) keep the view where the reader is.
    void prependHistory(const QList<HistoryLine>& lines, qint64 oldestId = 0, bool atStart = true);
    int historyLines() const { return m_historyLines; }
    qint64 oldestHistoryId() const { return m_oldestId; }
    bool historyAtStart() const { return m_atStart; }
    // Asks for older lines (olderWanted) unless everything is shown or a request is pending;
    // scrolling up past the top does it too.
    void requestOlder();

    // While inactive (not the visible tab, or the window not active), the first new line gets
    // an unread marker above it; becoming inactive again moves the marker down.
    void setActive(bool active);
    bool hasUnreadMarker() const;
    int unread() const { return m_unread; }
    // Lines kept (older ones go); 0 = no limit.
    void setScrollback(int lines);

    // A stable colour for a nick (the same nick, the same hue, everywhere), readable (WCAG AA)
    // on `background`.
    static QColor nickColor(const QString& nick, const QColor& background = Qt::white);
    // Lines arriving faster than the view should relayout wait up to FlushInterval and go in
    // together; this writes them now.
    void flush();
    static constexpr int FlushIntervalMs = 40;

signals:
    void unreadChanged(int count);
    void olderWanted();

protected:
    void wheelEvent(QWheelEvent* event) override;
    // A new theme: the lines already shown take colours readable on its background.
    void changeEvent(QEvent* event) override;

private:
    struct Part
    {
        QString text;
        QColor color;
        bool bold = false;
        bool italic = false;
        QString href = {}; // the whole part is a link to this (an action of ours)
    };
    struct Line
    {
        QDateTime time;
        QList<Part> parts;
        bool counts = false;
    };
    // Every colour readable on the view's background (light or dark theme).
    QList<Part> partsOf(Style style, const QString& nick, const QString& text, bool self,
                        bool highlight = false) const;
    QColor readable(const QColor& wanted) const;
    void append(const QDateTime& time, const QList<Part>& parts, bool counts);
    void write(QTextCursor& cursor, const Line& line);
    // The time stamp and the parts, at the cursor.
    void writeParts(QTextCursor& cursor, const QDateTime& time, const QList<Part>& parts);
    // "──── Saturday, 5 December 2026 ────" as the cursor's block (DayState).
    void writeDayHeading(QTextCursor& cursor, QDate day);
    void insertLinked(QTextCursor& cursor, const QString& text, const QTextCharFormat& format);
    void removeMarker();

    QList<Line> m_pending;
    int m_historyLines = 0;
    qint64 m_oldestId = 0;
    QDate m_topDay;  // the day of the oldest history line shown (its heading is the first block)
    QDate m_lastDay; // the day of the newest line: a live line on another day gets a heading
    bool m_atStart = true;
    bool m_olderPending = false;
    QElapsedTimer m_lastWrite;
    QTimer m_flushTimer;
    bool m_active = true;
    bool m_markerPending = false;
    int m_unread = 0;
    int m_pictures = 0;
};

} // namespace ui
