// SPDX-License-Identifier: GPL-3.0-or-later
// InputLine, driven by real key events: Enter submits and clears, Up/Down walk the history and
// give back the draft, Tab completes nicks (cycling), a multi-line paste asks first.

#include "chat/inputline.h"
#include "widget_test_support.h"

#include <QClipboard>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using ui::InputLine;

class TestInputLine : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void enterSubmitsAndClears();
    void emptyLineIsNotSent();
    void historyWalksAndRestoresDraft();
    void historySkipsRepeats();
    void historyIsCapped();
    void tabCompletes_data();
    void tabCompletes();
    void tabCyclesThroughMatches();
    void tabStaysInTheLine();
    void otherKeyEndsCompletion();
    void multiLinePasteAsks_data();
    void multiLinePasteAsks();

private:
    QString typed(const char* keys);
    std::unique_ptr<InputLine> m_line;
    std::unique_ptr<QSignalSpy> m_submitted;
};

void TestInputLine::init()
{
    m_line = std::make_unique<InputLine>();
    m_line->setCompletions([] {
        return QStringList{QStringLiteral("bob"), QStringLiteral("alice"), QStringLiteral("carol")};
    });
    m_line->show();
    m_line->activateWindow();
    m_line->setFocus();
    QVERIFY2(QTest::qWaitForWindowExposed(m_line.get()), "the input line never showed");
    m_submitted = std::make_unique<QSignalSpy>(m_line.get(), &InputLine::submitted);
}

void TestInputLine::cleanup()
{
    m_submitted.reset();
    m_line.reset();
}

QString TestInputLine::typed(const char* keys)
{
    QTest::keyClicks(m_line.get(), QString::fromUtf8(keys));
    return m_line->text();
}

void TestInputLine::enterSubmitsAndClears()
{
    QCOMPARE(typed("hello <b>there</b>"), QStringLiteral("hello <b>there</b>"));
    QTest::keyClick(m_line.get(), Qt::Key_Return);
    QVERIFY2(
        m_submitted->size() == 1,
        qPrintable(QStringLiteral("Enter gave %1 submitted() signals").arg(m_submitted->size())));
    QCOMPARE(m_submitted->at(0).at(0).toString(), QStringLiteral("hello <b>there</b>"));
    QVERIFY2(m_line->text().isEmpty(),
             qPrintable(QStringLiteral("the line still holds \"%1\"").arg(m_line->text())));
    // The keypad's Enter as well.
    typed("/me waves");
    QTest::keyClick(m_line.get(), Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(m_submitted->size(), 2);
    QCOMPARE(m_submitted->at(1).at(0).toString(), QStringLiteral("/me waves"));
}

void TestInputLine::emptyLineIsNotSent()
{
    QTest::keyClick(m_line.get(), Qt::Key_Return);
    typed("   ");
    QTest::keyClick(m_line.get(), Qt::Key_Return);
    QVERIFY2(m_submitted->isEmpty(), "an empty or blank line was submitted");
    QVERIFY2(m_line->history().isEmpty(), "an empty line went into the history");
}

void TestInputLine::historyWalksAndRestoresDraft()
{
    typed("one");
    QTest::keyClick(m_line.get(), Qt::Key_Return);
    typed("two");
    QTest::keyClick(m_line.get(), Qt::Key_Return);
    typed("three");
    QTest::keyClick(m_line.get(), Qt::Key_Return);
    typed("draft in progress");

    const QStringList expectedUp = {QStringLiteral("three"), QStringLiteral("two"),
                                    QStringLiteral("one"), QStringLiteral("one")};
    for (const auto& expected : expectedUp) {
        QTest::keyClick(m_line.get(), Qt::Key_Up);
        QVERIFY2(
            m_line->text() == expected,
            qPrintable(
                QStringLiteral("Up shows \"%1\", expected \"%2\"").arg(m_line->text(), expected)));
    }
    const QStringList expectedDown = {QStringLiteral("two"), QStringLiteral("three"),
                                      QStringLiteral("draft in progress")};
    for (const auto& expected : expectedDown) {
        QTest::keyClick(m_line.get(), Qt::Key_Down);
        QVERIFY2(m_line->text() == expected,
                 qPrintable(QStringLiteral("Down shows \"%1\", expected \"%2\"")
                                .arg(m_line->text(), expected)));
    }
    // Past the draft Down does nothing.
    QTest::keyClick(m_line.get(), Qt::Key_Down);
    QCOMPARE(m_line->text(), QStringLiteral("draft in progress"));

    // A line picked from the history and sent again goes to the end of it.
    QTest::keyClick(m_line.get(), Qt::Key_Up);
    QTest::keyClick(m_line.get(), Qt::Key_Up);
    QCOMPARE(m_line->text(), QStringLiteral("two"));
    QTest::keyClick(m_line.get(), Qt::Key_Return);
    QCOMPARE(m_submitted->last().at(0).toString(), QStringLiteral("two"));
    QCOMPARE(m_line->history().last(), QStringLiteral("two"));
    QVERIFY2(m_line->text().isEmpty(), "the line was not cleared after sending from history");
}

void TestInputLine::historySkipsRepeats()
{
    for (int i = 0; i < 3; ++i) {
        typed("same");
        QTest::keyClick(m_line.get(), Qt::Key_Return);
    }
    QCOMPARE(m_submitted->size(), 3);
    QCOMPARE(m_line->history(), QStringList{QStringLiteral("same")});
}

void TestInputLine::historyIsCapped()
{
    for (int i = 0; i < InputLine::HistorySize + 20; ++i) {
        m_line->setText(QString::number(i));
        QTest::keyClick(m_line.get(), Qt::Key_Return);
    }
    QCOMPARE(m_line->history().size(), qsizetype(InputLine::HistorySize));
    QCOMPARE(m_line->history().last(), QString::number(InputLine::HistorySize + 19));
}

void TestInputLine::tabCompletes_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<int>("cursor"); // -1: at the end
    QTest::addColumn<QString>("after");
    QTest::addColumn<int>("cursorAfter");

    QTest::newRow("line start addresses the nick") << "al" << -1 << "alice: " << 7;
    QTest::newRow("case-insensitive") << "AL" << -1 << "alice: " << 7;
    QTest::newRow("whole nick") << "bob" << -1 << "bob: " << 5;
    QTest::newRow("mid-line, no colon") << "hi al" << -1 << "hi alice " << 9;
    QTest::newRow("mid-line with text after") << "hi car there" << 6 << "hi carol there" << 9;
    QTest::newRow("no match leaves the line") << "zed" << -1 << "zed" << 3;
    QTest::newRow("nothing to complete") << "hi " << -1 << "hi " << 3;
}

void TestInputLine::tabCompletes()
{
    QFETCH(QString, before);
    QFETCH(int, cursor);
    QFETCH(QString, after);
    QFETCH(int, cursorAfter);

    QTest::keyClicks(m_line.get(), before);
    if (cursor >= 0)
        m_line->setCursorPosition(cursor);
    QTest::keyClick(m_line.get(), Qt::Key_Tab);
    QVERIFY2(m_line->text() == after,
             qPrintable(QStringLiteral("\"%1\" + Tab gave \"%2\", expected \"%3\"")
                            .arg(before, m_line->text(), after)));
    QCOMPARE(m_line->cursorPosition(), cursorAfter);
    QVERIFY2(m_line->hasFocus(), "Tab moved the focus away from the input line");
}

void TestInputLine::tabCyclesThroughMatches()
{
    m_line->setCompletions([] {
        return QStringList{QStringLiteral("alice"), QStringLiteral("bob"),
                           QStringLiteral("Alfred")};
    });
    typed("al");
    const QStringList expected = {QStringLiteral("Alfred: "), QStringLiteral("alice: "),
                                  QStringLiteral("Alfred: ")};
    for (const auto& e : expected) {
        QTest::keyClick(m_line.get(), Qt::Key_Tab);
        QVERIFY2(
            m_line->text() == e,
            qPrintable(QStringLiteral("Tab shows \"%1\", expected \"%2\"").arg(m_line->text(), e)));
    }

    m_line->clear();
    typed("hey al");
    QTest::keyClick(m_line.get(), Qt::Key_Tab);
    QCOMPARE(m_line->text(), QStringLiteral("hey Alfred "));
    QTest::keyClick(m_line.get(), Qt::Key_Tab);
    QCOMPARE(m_line->text(), QStringLiteral("hey alice "));
}

void TestInputLine::tabStaysInTheLine()
{
    // With a second widget to move to, Tab still completes and keeps the focus.
    QWidget window;
    auto* line = new InputLine(&window);
    auto* other = new QLineEdit(&window);
    line->setCompletions([] { return QStringList{QStringLiteral("alice")}; });
    other->move(0, 40);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    line->setFocus();
    QVERIFY2(QTest::qWaitFor([&] { return line->hasFocus(); }, uitest::Timeout),
             "the input line never got the focus");
    QTest::keyClicks(line, QStringLiteral("al"));
    QTest::keyClick(line, Qt::Key_Tab);
    QCOMPARE(line->text(), QStringLiteral("alice: "));
    QVERIFY2(line->hasFocus(), "Tab moved the focus to the next widget");
}

void TestInputLine::otherKeyEndsCompletion()
{
    typed("al");
    QTest::keyClick(m_line.get(), Qt::Key_Tab);
    typed("hi");
    QCOMPARE(m_line->text(), QStringLiteral("alice: hi"));
    // A new Tab starts over from the word before the cursor.
    typed(" ca");
    QTest::keyClick(m_line.get(), Qt::Key_Tab);
    QCOMPARE(m_line->text(), QStringLiteral("alice: hi carol "));
}

void TestInputLine::multiLinePasteAsks_data()
{
    QTest::addColumn<bool>("accept");
    QTest::newRow("answered yes") << true;
    QTest::newRow("answered no") << false;
}

void TestInputLine::multiLinePasteAsks()
{
    QFETCH(bool, accept);
    QApplication::clipboard()->setText(QStringLiteral("first\r\nsecond <b>2</b>\n\nthird\n"));
    typed("say: ");
    uitest::ModalWatcher watcher([accept](QWidget* modal) {
        auto* box = qobject_cast<QMessageBox*>(modal);
        if (box)
            box->button(accept ? QMessageBox::Yes : QMessageBox::No)->click();
    });
    QTest::keyClick(m_line.get(), Qt::Key_V, Qt::ControlModifier);
    QVERIFY2(
        watcher.texts.size() == 1,
        qPrintable(QStringLiteral("%1 dialogs asked about the paste").arg(watcher.texts.size())));
    QVERIFY2(
        watcher.texts.first().contains(QLatin1Char('3')),
        qPrintable(
            QStringLiteral("the question does not say 3 lines: %1").arg(watcher.texts.first())));
    QStringList sent;
    for (const auto& args : *m_submitted)
        sent << args.at(0).toString();
    if (accept) {
        QCOMPARE(sent, (QStringList{QStringLiteral("say: first"), QStringLiteral("second <b>2</b>"),
                                    QStringLiteral("third")}));
        QVERIFY(m_line->text().isEmpty());
    } else {
        QVERIFY2(sent.isEmpty(), qPrintable(sent.join(QLatin1Char('|'))));
        QCOMPARE(m_line->text(), QStringLiteral("say: "));
    }
}

QTEST_MAIN(TestInputLine)
#include "tst_inputline.moc"
