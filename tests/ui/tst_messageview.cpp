// SPDX-License-Identifier: GPL-3.0-or-later
// MessageView: peer text (nicks and messages) is shown as exactly what was sent, never as HTML;
// links become anchors; control characters never reach the document; a nick's colour is
// stable; the unread marker appears while the view is inactive and counts new lines.

#include "chat/eventtext.h"
#include "chat/messageview.h"
#include "widget_test_support.h"

#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>

using ui::MessageView;

namespace {

struct Fragment
{
    QString text;
    QTextCharFormat format;
};

QList<Fragment> fragments(const QTextDocument* document)
{
    QList<Fragment> out;
    for (QTextBlock b = document->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().isValid())
                out.append({it.fragment().text(), it.fragment().charFormat()});
    return out;
}

// Where the document could have turned text into something else: images, tables, lists,
// anchors, resources it would load.
QString structureProblems(const QTextDocument* document)
{
    QString why;
    for (const auto& f : fragments(document)) {
        if (f.format.isImageFormat())
            why += QStringLiteral("an image (%1); ").arg(f.format.toImageFormat().name());
        if (f.format.objectType() != QTextFormat::NoObject)
            why += QStringLiteral("an object of type %1; ").arg(f.format.objectType());
        if (f.format.isAnchor())
            why += QStringLiteral("an anchor to %1; ").arg(f.format.anchorHref());
    }
    for (QTextBlock b = document->begin(); b.isValid(); b = b.next())
        if (b.textList())
            why += QStringLiteral("a list; ");
    if (document->rootFrame()->childFrames().size() > 0)
        why += QStringLiteral("a frame or table; ");
    return why;
}

} // namespace

class TestMessageView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void markupShownLiterally_data();
    void markupShownLiterally();
    void linksBecomeAnchors_data();
    void linksBecomeAnchors();
    void controlCharactersNeverReachTheDocument_data();
    void controlCharactersNeverReachTheDocument();
    void nickColorIsStable();
    void nickIsDrawnInItsColour();
    void unreadMarkerWhileInactive();
    void unreadMarkerMovesDown();
    void tabSwitchesLoseNoLine();
    void scrollbackIsCapped();
    void historyLooksLikeLiveLines();
    void historyPagesShareADayHeading();
    void eventWordsFromStoredParts();

private:
    // The document as the user sees it: lines arriving close together are written in one
    // batch up to MessageView::FlushIntervalMs later; flush() writes them now.
    QTextDocument* document() const
    {
        m_view->flush();
        return m_view->document();
    }
    std::unique_ptr<MessageView> m_view;
};

void TestMessageView::init()
{
    m_view = std::make_unique<MessageView>();
    m_view->resize(600, 300);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestMessageView::cleanup()
{
    m_view.reset();
}

void TestMessageView::markupShownLiterally_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("bold") << QStringLiteral("<b>x</b>");
    QTest::newRow("image") << QStringLiteral("<img src=\"file:///etc/passwd\">");
    QTest::newRow("entity") << QStringLiteral("&amp; &lt; &#65;");
    QTest::newRow("table") << QStringLiteral("<table><tr><td>cell</td></tr></table>");
    QTest::newRow("list") << QStringLiteral("<ul><li>item</li></ul>");
    QTest::newRow("anchor") << QStringLiteral("<a href=\"javascript:alert(1)\">click</a>");
    QTest::newRow("html document") << QStringLiteral("<html><body><h1>Big</h1></body></html>");
    QTest::newRow("style") << QStringLiteral("<span style=\"font-size:90pt\">huge</span>");
}

void TestMessageView::markupShownLiterally()
{
    QFETCH(QString, text);
    const QDateTime now = QDateTime::currentDateTime();
    m_view->addMessage(now, text, text, false);
    m_view->addMessage(now, QStringLiteral("ada"), text, true, true); // highlighted
    m_view->addAction(now, text, text, false);
    m_view->addNotice(now, text, text);
    m_view->addEvent(now, QStringLiteral("bob set the topic: ") + text);
    m_view->addError(now, text);

    const QString plain = document()->toPlainText();
    const QStringList lines = plain.split(QLatin1Char('\n'));
    QVERIFY2(lines.size() == 6,
             qPrintable(QStringLiteral("%1 lines:\n%2").arg(lines.size()).arg(plain)));
    const QStringList expected = {
        QLatin1Char('<') + text + QStringLiteral("> ") + text,
        QStringLiteral("<ada> ") + text,
        QStringLiteral("* ") + text + QLatin1Char(' ') + text,
        QLatin1Char('-') + text + QStringLiteral("- ") + text,
        QStringLiteral("bob set the topic: ") + text,
        text,
    };
    for (int i = 0; i < expected.size(); ++i)
        QVERIFY2(lines[i].endsWith(expected[i]),
                 qPrintable(QStringLiteral("line %1 shows \"%2\", expected it to end in \"%3\"")
                                .arg(i)
                                .arg(lines[i], expected[i])));
    const QString problems = structureProblems(document());
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("the document holds ") + problems));
    QVERIFY2(!m_view->toHtml().contains(QLatin1String("<img")), "toHtml() holds an <img>");
}

void TestMessageView::linksBecomeAnchors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("linkText");
    QTest::addColumn<QString>("href");

    QTest::newRow("https") << QStringLiteral("see https://example.com/a?b=1&c=2 now")
                           << QStringLiteral("https://example.com/a?b=1&c=2")
                           << QStringLiteral("https://example.com/a?b=1&c=2");
    QTest::newRow("trailing full stop")
        << QStringLiteral("go to http://example.org/x.") << QStringLiteral("http://example.org/x")
        << QStringLiteral("http://example.org/x");
    QTest::newRow("in brackets") << QStringLiteral("(http://example.org/p)")
                                 << QStringLiteral("http://example.org/p")
                                 << QStringLiteral("http://example.org/p");
    QTest::newRow("www") << QStringLiteral("www.example.net is up")
                         << QStringLiteral("www.example.net")
                         << QStringLiteral("http://www.example.net");
    QTest::newRow("not inside markup")
        << QStringLiteral("<a href=\"http://evil.example/\">x</a>")
        << QStringLiteral("http://evil.example/") << QStringLiteral("http://evil.example/");
}

void TestMessageView::linksBecomeAnchors()
{
    QFETCH(QString, text);
    QFETCH(QString, linkText);
    QFETCH(QString, href);

    m_view->addMessage(QDateTime::currentDateTime(), QStringLiteral("bob"), text, false);
    QStringList anchors;
    for (const auto& f : fragments(document()))
        if (f.format.isAnchor())
            anchors << f.text + QStringLiteral(" -> ") + f.format.anchorHref();
    QVERIFY2(anchors == QStringList{linkText + QStringLiteral(" -> ") + href},
             qPrintable(QStringLiteral("anchors: [%1], expected %2 -> %3")
                            .arg(anchors.join(QStringLiteral(", ")), linkText, href)));
    QVERIFY2(document()->toPlainText().endsWith(QStringLiteral("<bob> ") + text),
             qPrintable(document()->toPlainText()));
    QVERIFY2(m_view->openExternalLinks(), "links do not open in the browser");
}

void TestMessageView::controlCharactersNeverReachTheDocument_data()
{
    QTest::addColumn<QString>("nick");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("visible"); // what must still be there

    QTest::newRow("ANSI colour") << QStringLiteral("bob") << QStringLiteral("\x1b[31mred\x1b[0m")
                                 << QStringLiteral("red");
    QTest::newRow("terminal title")
        << QStringLiteral("bob") << QStringLiteral("\x1b]0;pwned\x07title")
        << QStringLiteral("title");
    QTest::newRow("bell, backspace, CR") << QStringLiteral("bob")
                                         << QStringLiteral("a\x07"
                                                           "b\x08"
                                                           "c\rd")
                                         << QStringLiteral("a");
    QTest::newRow("IRC formatting") << QStringLiteral("bob")
                                    << QStringLiteral("\x02"
                                                      "bold\x02 \x03"
                                                      "4,1red\x03 \x1fu\x1f")
                                    << QStringLiteral("bold");
    QTest::newRow("newline and NUL-like") << QStringLiteral("bob")
                                          << QStringLiteral("one\ntwo\x01"
                                                            "three\x7f")
                                          << QStringLiteral("one");
    QTest::newRow("in the nick") << QStringLiteral("b\x1b[2Job") << QStringLiteral("hi")
                                 << QStringLiteral("hi");
    QTest::newRow("C1 CSI") << QStringLiteral("bob") << QStringLiteral("x\u009b31my")
                            << QStringLiteral("x");
}

void TestMessageView::controlCharactersNeverReachTheDocument()
{
    QFETCH(QString, nick);
    QFETCH(QString, text);
    QFETCH(QString, visible);

    const QDateTime now = QDateTime::currentDateTime();
    m_view->addMessage(now, nick, text, false);
    m_view->addAction(now, nick, text, false);
    m_view->addNotice(now, nick, text);
    m_view->addEvent(now, text);

    QString all;
    for (const auto& f : fragments(document()))
        all += f.text;
    for (const QChar c : all) {
        const ushort u = c.unicode();
        // QTextDocument keeps its own block and line separators; none of these may appear.
        const bool control = u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0);
        QVERIFY2(!control, qPrintable(QStringLiteral("U+%1 reached the document: \"%2\"")
                                          .arg(u, 4, 16, QLatin1Char('0'))
                                          .arg(all.toHtmlEscaped())));
        QVERIFY2(u != QChar::LineSeparator && u != QChar::ParagraphSeparator,
                 "a line break from peer text split a message");
    }
    QVERIFY2(document()->blockCount() == 4,
             qPrintable(QStringLiteral("4 messages gave %1 lines").arg(document()->blockCount())));
    QVERIFY2(all.contains(visible),
             qPrintable(QStringLiteral("\"%1\" is gone: %2").arg(visible, all)));
}

void TestMessageView::nickColorIsStable()
{
    const QColor alice = MessageView::nickColor(QStringLiteral("alice"));
    QVERIFY(alice.isValid());
    QCOMPARE(MessageView::nickColor(QStringLiteral("alice")), alice);
    // IRC nicks are case-insensitive: the same person, the same colour.
    QCOMPARE(MessageView::nickColor(QStringLiteral("ALICE")), alice);
    // Stable across runs and machines (not a seeded hash): FNV-1a of "alice" is 0x872213e7,
    // 0x872213e7 % 360 = 239.
    QVERIFY2(alice.hslHue() == 239,
             qPrintable(QStringLiteral("alice's hue is %1").arg(alice.hslHue())));
    // Readable (neither near white nor near black) and spread over the wheel.
    QSet<int> hues;
    for (int i = 0; i < 40; ++i) {
        const QColor c = MessageView::nickColor(QStringLiteral("user%1").arg(i));
        QVERIFY2(c.lightness() > 60 && c.lightness() < 200,
                 qPrintable(QStringLiteral("user%1: lightness %2").arg(i).arg(c.lightness())));
        hues.insert(c.hslHue() / 30);
    }
    QVERIFY2(
        hues.size() >= 6,
        qPrintable(QStringLiteral("40 nicks used only %1 of 12 hue sectors").arg(hues.size())));
}

void TestMessageView::nickIsDrawnInItsColour()
{
    m_view->addMessage(QDateTime::currentDateTime(), QStringLiteral("carol"), QStringLiteral("hi"),
                       false);
    bool found = false;
    for (const auto& f : fragments(document()))
        if (f.text == QLatin1String("carol")) {
            found = true;
            QCOMPARE(f.format.foreground().color(),
                     MessageView::nickColor(QStringLiteral("carol")));
        }
    QVERIFY2(found, "no fragment holds the nick alone");
}

void TestMessageView::unreadMarkerWhileInactive()
{
    QSignalSpy changed(m_view.get(), &MessageView::unreadChanged);
    const QDateTime now = QDateTime::currentDateTime();
    m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("seen"), false);
    QVERIFY2(!m_view->hasUnreadMarker(), "a marker while the view is active");
    QCOMPARE(m_view->unread(), 0);

    m_view->setActive(false);
    m_view->addEvent(now, QStringLiteral("--> carol joined")); // events do not count
    QVERIFY2(!m_view->hasUnreadMarker(), "a join made an unread marker");
    m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("new one"), false);
    m_view->addAction(now, QStringLiteral("bob"), QStringLiteral("waves"), false);
    m_view->addNotice(now, QStringLiteral("bob"), QStringLiteral("note"));
    QVERIFY2(m_view->hasUnreadMarker(), "no unread marker after new messages");
    QCOMPARE(m_view->unread(), 3);
    QVERIFY2(!changed.isEmpty() && changed.last().at(0).toInt() == 3,
             "unreadChanged did not report 3");

    // The marker sits right above the first unread line.
    const QStringList lines = document()->toPlainText().split(QLatin1Char('\n'));
    const qsizetype marker = lines.indexOf(QRegularExpression(QStringLiteral(".*new messages.*")));
    QVERIFY2(marker >= 0, qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY2(marker + 1 < lines.size() &&
                 lines[marker + 1].endsWith(QLatin1String("<bob> new one")),
             qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY2(lines[marker - 1].contains(QLatin1String("joined")),
             qPrintable(lines.join(QLatin1Char('\n'))));

    m_view->setActive(true);
    QCOMPARE(m_view->unread(), 0);
    QCOMPARE(changed.last().at(0).toInt(), 0);
    m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("while active"), false);
    QCOMPARE(m_view->unread(), 0);
}

void TestMessageView::unreadMarkerMovesDown()
{
    const QDateTime now = QDateTime::currentDateTime();
    m_view->setActive(false);
    m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("first"), false);
    m_view->setActive(true);
    m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("read"), false);
    m_view->setActive(false);
    QVERIFY2(!m_view->hasUnreadMarker(), "the old marker stays after the view was read");
    m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("second"), false);

    const QStringList lines = document()->toPlainText().split(QLatin1Char('\n'));
    QCOMPARE(lines.filter(QStringLiteral("new messages")).size(), 1);
    QVERIFY2(lines.size() == 4 && lines[2].contains(QLatin1String("new messages")) &&
                 lines[3].endsWith(QLatin1String("<bob> second")),
             qPrintable(lines.join(QLatin1Char('\n'))));
    QCOMPARE(m_view->unread(), 1);

    // A marker at the very top (the first line of the view) goes cleanly too.
    MessageView fresh;
    fresh.setActive(false);
    fresh.addMessage(now, QStringLiteral("bob"), QStringLiteral("a"), false);
    fresh.setActive(true);
    fresh.setActive(false);
    QVERIFY(!fresh.hasUnreadMarker());
    QVERIFY2((fresh.flush(), fresh.document())->toPlainText().split(QLatin1Char('\n')).size() == 1,
             qPrintable((fresh.flush(), fresh.document())->toPlainText()));
}

// Issue 14, bug 1: switching away from a tab and back, again and again, with the marker in
// the middle of the view, must neither drop nor merge a line.
void TestMessageView::tabSwitchesLoseNoLine()
{
    const QDateTime now = QDateTime::currentDateTime();
    m_view->addEvent(now, QStringLiteral("--> carol joined"));
    m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("one"), false);
    m_view->setActive(false);
    m_view->addAction(now, QStringLiteral("carol"), QStringLiteral("waves back"), false);
    m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("two"), false);
    QStringList expected = {QStringLiteral("--> carol joined"), QStringLiteral("<bob> one"),
                            QStringLiteral("* carol waves back"), QStringLiteral("<bob> two")};
    for (int round = 0; round < 4; ++round) {
        m_view->setActive(true);  // Ctrl+PgUp: the marker stays while the tab is read
        m_view->setActive(false); // Ctrl+PgDown: it goes
        m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("more %1").arg(round), false);
        expected << QStringLiteral("<bob> more %1").arg(round);
        m_view->flush();
        QStringList lines = document()->toPlainText().split(QLatin1Char('\n'));
        lines.removeIf([](const QString& l) { return l.contains(QLatin1String("new messages")); });
        for (QString& l : lines)
            l.remove(QRegularExpression(QStringLiteral("^\\[[0-9:]+\\] ")));
        QVERIFY2(lines == expected, qPrintable(document()->toPlainText()));
        QCOMPARE(document()->toPlainText().count(QStringLiteral("new messages")), 1);
    }
}

void TestMessageView::scrollbackIsCapped()
{
    m_view->setScrollback(10);
    const QDateTime now = QDateTime::currentDateTime();
    for (int i = 0; i < 50; ++i)
        m_view->addMessage(now, QStringLiteral("bob"), QStringLiteral("line %1").arg(i), false);
    QVERIFY2(document()->blockCount() <= 11,
             qPrintable(QStringLiteral("%1 lines kept").arg(document()->blockCount())));
    QVERIFY(document()->toPlainText().endsWith(QLatin1String("line 49")));
}

// Issue 14, bug 7: history came back as "<dave> --> dave joined", all grey, each line with its
// date. It is drawn as the live lines are, under a heading per day.
void TestMessageView::historyLooksLikeLiveLines()
{
    using Style = MessageView::Style;
    const QDateTime today = QDateTime::currentDateTime();
    const QDateTime yesterday = today.addDays(-1);
    m_view->addMessage(today, QStringLiteral("ada"), QStringLiteral("live line"), true);
    m_view->prependHistory(
        {{yesterday, Style::Message, QStringLiteral("bob"), QStringLiteral("hi there"), false},
         {yesterday, Style::Event, QStringLiteral("dave"), QStringLiteral("--> dave joined"),
          false},
         {yesterday, Style::Action, QStringLiteral("dave"), QStringLiteral("waves"), false},
         {yesterday, Style::Notice, QStringLiteral("host"), QStringLiteral("notice"), false}},
        1, true);
    const QString text = document()->toPlainText();
    const QString stamp =
        QLatin1Char('[') + yesterday.toString(QStringLiteral("HH:mm:ss")) + QLatin1Char(']');
    QVERIFY2(text.contains(stamp + QStringLiteral(" <bob> hi there")), qPrintable(text));
    QVERIFY2(text.contains(stamp + QStringLiteral(" --> dave joined")), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("<dave>")), qPrintable(text));
    QVERIFY2(text.contains(stamp + QStringLiteral(" * dave waves")), qPrintable(text));
    QVERIFY2(text.contains(stamp + QStringLiteral(" -host- notice")), qPrintable(text));
    QVERIFY2(!text.contains(yesterday.toString(QStringLiteral("yyyy-MM-dd"))), qPrintable(text));

    // A heading for yesterday above its lines, and one for today above the live line, after
    // the end of the history.
    const QString dayBefore = m_view->locale().toString(yesterday.date(), QLocale::LongFormat);
    const QString day = m_view->locale().toString(today.date(), QLocale::LongFormat);
    const qsizetype headingBefore = text.indexOf(dayBefore);
    const qsizetype end = text.indexOf(QLatin1String("earlier messages above"));
    const qsizetype headingToday = text.indexOf(day, end);
    QVERIFY2(headingBefore >= 0 && headingBefore < text.indexOf(QLatin1String("<bob>")),
             qPrintable(text));
    QVERIFY2(end > 0 && headingToday > end &&
                 headingToday < text.indexOf(QLatin1String("<ada> live line")),
             qPrintable(text));

    // The nick keeps its colour, as in a live line; the event is not drawn as someone's words.
    bool bobColoured = false;
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().text() == QLatin1String("bob") &&
                it.fragment().charFormat().foreground().color() ==
                    MessageView::nickColor(QStringLiteral("bob")))
                bobColoured = true;
    QVERIFY(bobColoured);
}

// An older page that ends on the day the view's history begins with: one heading for that day,
// above its first line.
void TestMessageView::historyPagesShareADayHeading()
{
    using Style = MessageView::Style;
    const QDateTime day = QDateTime(QDate(2026, 11, 30), QTime(10, 0));
    m_view->prependHistory({{day.addSecs(600), Style::Message, QStringLiteral("bob"),
                             QStringLiteral("second"), false}},
                           20, false);
    m_view->prependHistory(
        {{day.addDays(-1), Style::Message, QStringLiteral("bob"), QStringLiteral("older"), false},
         {day, Style::Message, QStringLiteral("bob"), QStringLiteral("first"), false}},
        10, true);
    const QString text = document()->toPlainText();
    const QString heading = m_view->locale().toString(day.date(), QLocale::LongFormat);
    QCOMPARE(text.count(heading), 1);
    QVERIFY2(text.indexOf(heading) < text.indexOf(QLatin1String("<bob> first")) &&
                 text.indexOf(QLatin1String("<bob> first")) < text.indexOf(QLatin1String("second")),
             qPrintable(text));
    QCOMPARE(text.count(m_view->locale().toString(day.date().addDays(-1), QLocale::LongFormat)), 1);
    // Every line is still there, once.
    QCOMPARE(text.count(QLatin1String("<bob> ")), 3);
    QCOMPARE(m_view->historyLines(), 3);
}

// The history stores an event's parts; the words come from them, as live (kicks too).
void TestMessageView::eventWordsFromStoredParts()
{
    using K = history::Kind;
    using ui::EventText;
    QCOMPARE(EventText::line(K::Join, QStringLiteral("dave"), {}),
             QStringLiteral("--> dave joined"));
    QCOMPARE(EventText::line(K::Part, QStringLiteral("dave"), QStringLiteral("lunch")),
             QStringLiteral("<-- dave left (lunch)"));
    QCOMPARE(EventText::line(K::Quit, QStringLiteral("dave"), {}), QStringLiteral("<-- dave quit"));
    QCOMPARE(EventText::line(K::Nick, QStringLiteral("dave"), QStringLiteral("david")),
             QStringLiteral("dave is now known as david"));
    QCOMPARE(EventText::line(K::Topic, QStringLiteral("ada"), QStringLiteral("<b>pizza</b>")),
             QStringLiteral("ada set the topic: <b>pizza</b>"));
    QCOMPARE(EventText::line(K::Kick, QStringLiteral("ada"),
                             EventText::kickText(QStringLiteral("bob"), QStringLiteral("be nice"))),
             QStringLiteral("<-- bob was kicked by ada (be nice)"));
    QCOMPARE(EventText::line(K::Kick, QStringLiteral("ada"),
                             EventText::kickText(QStringLiteral("bob"), {})),
             QStringLiteral("<-- bob was kicked by ada"));
    // A line stored whole by LanChat 0.1 is shown as it is, not wrapped again.
    QCOMPARE(
        EventText::line(K::Quit, QStringLiteral("dave"), QStringLiteral("<-- dave quit (bye)")),
        QStringLiteral("<-- dave quit (bye)"));
}

QTEST_MAIN(TestMessageView)
#include "tst_messageview.moc"
