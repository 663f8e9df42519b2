// SPDX-License-Identifier: GPL-3.0-or-later
// The window's hold-back of chat lines (ui/chat/holdback, through ChatHistory with a real
// HistoryStore on a temporary file): a line is shown once the history has stored it, but never
// waits longer than HoldBack::MaxWaitMs, and never more than HoldBack::MaxLines lines wait;
// lines shown early are still stored once the writer catches up, and the order is kept.
// The writer is stalled for real (history_stall.h).

#include "bridge/chatevent.h"
#include "bridge/chatsession.h"
#include "chat/chathistory.h"
#include "chat/chatpage.h"
#include "chat/holdback.h"
#include "chat/messageview.h"
#include "history/historystore.h"
#include "history_stall.h"
#include "widget_test_support.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

#include <memory>

using namespace uitest;
using ui::ChatHistory;
using ui::ChatPage;
using ui::HoldBack;

namespace {

QString viewText(ChatPage* page)
{
    page->view()->flush();
    return page->view()->document()->toPlainText();
}

int shownLines(ChatPage* page, const QString& prefix)
{
    return static_cast<int>(viewText(page).count(prefix));
}

// A room with its history: a session that never connects (it only names the chat), a page,
// and ChatHistory over a store on a temporary file.
struct Room
{
    Room()
    {
        bridge::SessionSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = 6667;
        session = std::make_unique<bridge::ChatSession>(s);
        page = new ChatPage(session.get(), ChatPage::Kind::Room, QStringLiteral("#lan"), &parent);
        history = new ChatHistory(&store, dir.filePath(QStringLiteral("room.sqlite")), &parent);
        history->open(0);
    }
    // A message line as the event handler presents it.
    void say(const QString& text)
    {
        bridge::ChatEvent e;
        e.kind = bridge::ChatEvent::Kind::Message;
        e.time = QDateTime::currentDateTime();
        e.room = QStringLiteral("#lan");
        e.nick = QStringLiteral("bob");
        e.text = text;
        const QDateTime t = e.time;
        history->present(page, history::Kind::Message, e, e.nick, text,
                         [t, text](ui::MessageView* v) {
                             v->addMessage(t, QStringLiteral("bob"), text, false);
                         });
    }
    // The texts stored for the room, oldest first.
    QStringList stored(int count = 5000)
    {
        QStringList texts;
        bool done = false;
        store.loadLast(ChatHistory::chatKey(page), count)
            .then(&parent, [&](const history::Page& p) {
                for (const auto& m : p.messages)
                    texts.append(m.record.text);
                done = true;
            });
        if (!QTest::qWaitFor([&] { return done; }, Timeout))
            return {QStringLiteral("(no answer from the store)")};
        return texts;
    }

    QTemporaryDir dir;
    QWidget parent;
    history::HistoryStore store;
    std::unique_ptr<bridge::ChatSession> session;
    ChatPage* page = nullptr;
    ChatHistory* history = nullptr;
};

} // namespace

class TestHoldBack : public QObject
{
    Q_OBJECT

private slots:
    void unstoredLineKeepsItsPlace();
    void lineWaitsForItsCommit();
    void waitIsBoundedInTime();
    void waitIsBoundedInLines();
};

// Without a store: the order of stored and unstored lines (ids as the store hands them out).
void TestHoldBack::unstoredLineKeepsItsPlace()
{
    QWidget parent;
    ChatPage page(nullptr, ChatPage::Kind::Room, QStringLiteral("#lan"), &parent);
    HoldBack holdBack;
    QStringList drawn;
    auto line = [&](const QString& text) {
        return [&drawn, text](ui::MessageView*) { drawn.append(text); };
    };
    holdBack.add(&page, 0, {}, line(QStringLiteral("alone"))); // nothing waits: at once
    QCOMPARE(drawn, QStringList{QStringLiteral("alone")});
    holdBack.add(&page, 5, {}, line(QStringLiteral("stored 5")));
    holdBack.add(&page, 0, {}, line(QStringLiteral("unstored after 5")));
    holdBack.add(&page, 6, {}, line(QStringLiteral("stored 6")));
    QCOMPARE(drawn.size(), 1);
    QCOMPARE(holdBack.waiting(), 3);
    holdBack.commit(5);
    QCOMPARE(drawn, (QStringList{QStringLiteral("alone"), QStringLiteral("stored 5"),
                                 QStringLiteral("unstored after 5")}));
    holdBack.commit(6);
    QCOMPARE(drawn.last(), QStringLiteral("stored 6"));
    QCOMPARE(holdBack.waiting(), 0);
    QCOMPARE(holdBack.shownEarly(), 0);
}

// The writer working: a line is not drawn when it arrives, but once stored (a batch later).
void TestHoldBack::lineWaitsForItsCommit()
{
    Room room;
    QVERIFY2(room.store.isOpen(), qPrintable(room.store.errorString()));
    QSignalSpy committed(&room.store, &history::HistoryStore::committed);
    room.say(QStringLiteral("first words"));
    QVERIFY2(!viewText(room.page).contains(QLatin1String("first words")),
             "shown before the history stored it");
    QVERIFY(committed.wait(Timeout));
    QVERIFY2(viewText(room.page).contains(QLatin1String("<bob> first words")),
             qPrintable(viewText(room.page)));
    QCOMPARE(room.history->holdBack()->shownEarly(), 0);
    QCOMPARE(room.stored(), QStringList{QStringLiteral("first words")});
}

// The writer stalled: a line is shown after MaxWaitMs all the same, while still unstored; once
// the writer runs again it is stored.
void TestHoldBack::waitIsBoundedInTime()
{
    Room room;
    QVERIFY2(room.store.isOpen(), qPrintable(room.store.errorString()));
    HistoryStall stall(&room.store);
    QVERIFY2(stall.started(), "the history's writer could not be stalled");
    const qint64 before = room.store.lastCommitted();
    QElapsedTimer clock;
    clock.start();
    room.say(QStringLiteral("said while the disk sleeps"));
    QTest::qWait(HoldBack::MaxWaitMs / 2);
    QVERIFY2(!viewText(room.page).contains(QLatin1String("disk sleeps")),
             "shown at once: the line did not wait for the history at all");
    QVERIFY2(
        QTest::qWaitFor([&] { return viewText(room.page).contains(QLatin1String("disk sleeps")); },
                        Timeout),
        "never shown while the writer was stalled: the wait has no time bound");
    const qint64 waited = clock.elapsed();
    // Qt's coarse timers may fire up to 5% early; a loaded machine may run them late.
    QVERIFY2(waited >= HoldBack::MaxWaitMs * 9 / 10 && waited <= HoldBack::MaxWaitMs + 1000,
             qPrintable(QStringLiteral("shown after %1 ms (the bound is %2 ms)")
                            .arg(waited)
                            .arg(HoldBack::MaxWaitMs)));
    QCOMPARE(room.store.lastCommitted(), before); // really still unstored when shown
    QCOMPARE(room.history->holdBack()->shownEarly(), 1);

    QSignalSpy committed(&room.store, &history::HistoryStore::committed);
    stall.release();
    QVERIFY2(committed.wait(Timeout), "the writer did not catch up");
    QCOMPARE(room.stored(), QStringList{QStringLiteral("said while the disk sleeps")});
    QCOMPARE(shownLines(room.page, QStringLiteral("disk sleeps")), 1); // not shown twice
}

// The writer stalled and a burst arriving faster than the time bound: at most MaxLines wait,
// the oldest are shown (in order) to make room; all are stored once the writer catches up.
void TestHoldBack::waitIsBoundedInLines()
{
    Room room;
    QVERIFY2(room.store.isOpen(), qPrintable(room.store.errorString()));
    HistoryStall stall(&room.store);
    QVERIFY2(stall.started(), "the history's writer could not be stalled");
    const int extra = 500;
    const int total = HoldBack::MaxLines + extra;
    HoldBack* holdBack = room.history->holdBack();
    int most = 0;
    for (int i = 0; i < total; ++i) { // no event loop meanwhile: the time bound cannot act
        room.say(QStringLiteral("burst %1").arg(i, 4, 10, QLatin1Char('0')));
        most = std::max(most, holdBack->waiting());
    }
    QVERIFY2(most <= HoldBack::MaxLines,
             qPrintable(QStringLiteral("%1 lines waited at once").arg(most)));
    QCOMPARE(holdBack->waiting(), HoldBack::MaxLines);
    QCOMPARE(holdBack->shownEarly(), qint64(extra));
    QCOMPARE(shownLines(room.page, QStringLiteral("<bob> burst ")), extra);
    QVERIFY2(viewText(room.page).contains(
                 QStringLiteral("burst %1").arg(extra - 1, 4, 10, QLatin1Char('0'))),
             "the oldest lines were not the ones shown");

    QSignalSpy committed(&room.store, &history::HistoryStore::committed);
    stall.release();
    QVERIFY2(QTest::qWaitFor([&] { return room.store.lastCommitted() >= total; }, Timeout),
             qPrintable(
                 QStringLiteral("%1 of %2 committed").arg(room.store.lastCommitted()).arg(total)));
    QVERIFY2(QTest::qWaitFor([&] { return holdBack->waiting() == 0; }, Timeout),
             "lines still waiting after the writer caught up");
    const QStringList stored = room.stored();
    QCOMPARE(stored.size(), total);
    const QString text = viewText(room.page);
    qsizetype at = 0;
    for (int i = 0; i < total; ++i) {
        const QString line = QStringLiteral("burst %1").arg(i, 4, 10, QLatin1Char('0'));
        QCOMPARE(stored.at(i), line);
        const qsizetype where = text.indexOf(line, at);
        QVERIFY2(where >= 0, qPrintable(line + QStringLiteral(" not shown in order")));
        at = where;
    }
}

QTEST_MAIN(TestHoldBack)
#include "tst_holdback.moc"
