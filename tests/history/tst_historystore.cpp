// SPDX-License-Identifier: GPL-3.0-or-later
// The store: lines survive a reopen in order (rooms and private chats), commit before show,
// pages for scrolling up, network identity by host id, retention and clearing, history off.

#include "history/historystore.h"
#include "history_test_support.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace history;
using namespace historytest;

class TestHistoryStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void persistsAcrossReopenInOrder();
    void commitsBeforeShow();
    void pagesBackwards();
    void loadsAroundALine();
    void hostIdKeepsHistoryAcrossRenames();
    void chatNamesFoldAsTheCallerSays();
    void unfoldedKeyIsRefusedLoudly();
    void keepsTimesAndTags();
    void clearsOneChatAndAll();
    void retentionDeletesOldLines();
    void historyOffStoresNothing();
    void secondInstanceIsRefused();
    void readsSeeEarlierAppends();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString dbPath() const { return m_dir->filePath(QStringLiteral("history/test.sqlite")); }
};

void TestHistoryStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestHistoryStore::persistsAcrossReopenInOrder()
{
    qint64 last = 0;
    {
        HistoryStore store;
        QVERIFY2(store.open(dbPath()), qPrintable(store.errorString()));
        for (int i = 0; i < 50; ++i) {
            last = store.append(
                line(room(), QStringLiteral("alice"), QStringLiteral("room %1").arg(i)));
            store.append(
                line(privateChat(), QStringLiteral("bob"), QStringLiteral("private %1").arg(i)));
        }
        store.append(line(room(QStringLiteral("#other")), QStringLiteral("carol"),
                          QStringLiteral("elsewhere")));
        QVERIFY(last > 0);
    } // closed: everything queued is written
    HistoryStore store;
    QVERIFY2(store.open(dbPath()), qPrintable(store.errorString()));
    const Page roomPage = result(store.loadLast(room(), 1000));
    QVERIFY2(roomPage.error.isEmpty(), qPrintable(roomPage.error));
    QCOMPARE(roomPage.messages.size(), 50);
    QVERIFY(roomPage.atStart);
    for (int i = 0; i < 50; ++i) {
        QCOMPARE(roomPage.messages[i].record.text, QStringLiteral("room %1").arg(i));
        QCOMPARE(roomPage.messages[i].record.sender, QStringLiteral("alice"));
        QVERIFY(roomPage.messages[i].history);
        if (i > 0)
            QVERIFY(roomPage.messages[i].id > roomPage.messages[i - 1].id);
    }
    const Page privatePage = result(store.loadLast(privateChat(), 10));
    QCOMPARE(privatePage.messages.size(), 10);
    QVERIFY(!privatePage.atStart);
    QCOMPARE(privatePage.messages.first().record.text, QStringLiteral("private 40"));
    QCOMPARE(privatePage.messages.last().record.text, QStringLiteral("private 49"));
    const QList<ChatInfo> chats = result(store.chats());
    QCOMPARE(chats.size(), 3);
    // New ids continue after the stored ones.
    QVERIFY(store.append(line(room(), QStringLiteral("alice"), QStringLiteral("after"))) > last);
}

void TestHistoryStore::commitsBeforeShow()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    QSignalSpy spy(&store, &HistoryStore::committed);
    const qint64 a = store.append(line(room(), QStringLiteral("alice"), QStringLiteral("one")));
    const qint64 b = store.append(line(room(), QStringLiteral("alice"), QStringLiteral("two")));
    QVERIFY(b > a);
    QVERIFY(store.lastCommitted() < a); // not yet: the batch is written off the GUI thread
    QVERIFY(spy.wait(2000));
    QVERIFY(waitCommitted(store, b));
    QCOMPARE(spy.last().at(0).toLongLong() >= a, true);
    // What committed says is in the file, as a second connection sees after close.
    store.close();
    HistoryStore again;
    QVERIFY(again.open(dbPath()));
    QCOMPARE(result(again.loadLast(room(), 10)).messages.size(), 2);
}

void TestHistoryStore::pagesBackwards()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    for (int i = 0; i < 250; ++i)
        store.append(line(room(), QStringLiteral("alice"), QString::number(i)));
    Page page = result(store.loadLast(room(), 100));
    QCOMPARE(page.messages.size(), 100);
    QCOMPARE(page.messages.first().record.text, QStringLiteral("150"));
    QVERIFY(!page.atStart);
    page = result(store.loadBefore(room(), page.messages.first().id, 100));
    QCOMPARE(page.messages.size(), 100);
    QCOMPARE(page.messages.first().record.text, QStringLiteral("50"));
    QCOMPARE(page.messages.last().record.text, QStringLiteral("149"));
    QVERIFY(!page.atStart);
    page = result(store.loadBefore(room(), page.messages.first().id, 100));
    QCOMPARE(page.messages.size(), 50);
    QCOMPARE(page.messages.first().record.text, QStringLiteral("0"));
    QVERIFY(page.atStart);
    // A chat never stored: empty, at its start, no error.
    page = result(store.loadLast(room(QStringLiteral("#nothing")), 100));
    QVERIFY(page.messages.isEmpty());
    QVERIFY(page.atStart);
    QVERIFY(page.error.isEmpty());
}

void TestHistoryStore::loadsAroundALine()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    qint64 target = 0;
    for (int i = 0; i < 100; ++i) {
        const qint64 id = store.append(line(room(), QStringLiteral("alice"), QString::number(i)));
        store.append(line(room(QStringLiteral("#noise")), QStringLiteral("x"), QString::number(i)));
        if (i == 40)
            target = id;
    }
    const Page page = result(store.loadAround({room(), target}, 5, 3));
    QCOMPARE(page.messages.size(), 9);
    QCOMPARE(page.messages.at(5).id, target);
    QCOMPARE(page.messages.at(0).record.text, QStringLiteral("35"));
    QCOMPARE(page.messages.at(8).record.text, QStringLiteral("43"));
}

void TestHistoryStore::hostIdKeepsHistoryAcrossRenames()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    store.append(
        line(chatKey(QStringLiteral("OldName"), QStringLiteral("host-7"), QStringLiteral("#lan")),
             QStringLiteral("a"), QStringLiteral("before")));
    store.append(
        line(chatKey(QStringLiteral("NewName"), QStringLiteral("host-7"), QStringLiteral("#lan")),
             QStringLiteral("a"), QStringLiteral("after")));
    // Same name, no host id: another network (an IRC server of that name).
    store.append(line(chatKey(QStringLiteral("NewName"), QString(), QStringLiteral("#lan")),
                      QStringLiteral("a"), QStringLiteral("elsewhere")));
    const Page page = result(store.loadLast(
        chatKey(QStringLiteral("Whatever"), QStringLiteral("host-7"), QStringLiteral("#lan")), 10));
    QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
    QCOMPARE(page.messages.size(), 2);
    QCOMPARE(page.messages.at(0).record.text, QStringLiteral("before"));
    QCOMPARE(page.messages.at(1).record.text, QStringLiteral("after"));
    const Page other = result(
        store.loadLast(chatKey(QStringLiteral("NewName"), QString(), QStringLiteral("#lan")), 10));
    QCOMPARE(other.messages.size(), 1);
}

void TestHistoryStore::chatNamesFoldAsTheCallerSays()
{
    // History folds nothing itself: "#Lan[1]" and "#lan{1}" are one chat on an rfc1459 server
    // and two on an ascii one (a LanChat host), because the caller's folded names say so.
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    const auto rfc = [](const QString& name) {
        return chatKey(QStringLiteral("IrcNet"), QString(), name, CaseMapping::Rfc1459);
    };
    store.append(line(rfc(QStringLiteral("#Lan[1]")), QStringLiteral("a"), QStringLiteral("x")));
    store.append(line(rfc(QStringLiteral("#lan{1}")), QStringLiteral("a"), QStringLiteral("y")));
    store.append(line(room(QStringLiteral("#Lan[1]")), QStringLiteral("a"), QStringLiteral("x")));
    store.append(line(room(QStringLiteral("#lan{1}")), QStringLiteral("a"), QStringLiteral("y")));
    store.append(
        line(privateChat(QStringLiteral("Bob")), QStringLiteral("Bob"), QStringLiteral("z")));
    QCOMPARE(result(store.loadLast(rfc(QStringLiteral("#LAN[1]")), 10)).messages.size(), 2);
    const Page brackets = result(store.loadLast(room(QStringLiteral("#LAN[1]")), 10));
    QCOMPARE(brackets.messages.size(), 1);
    QCOMPARE(brackets.messages.at(0).record.text, QStringLiteral("x"));
    const Page braces = result(store.loadLast(room(QStringLiteral("#LAN{1}")), 10));
    QCOMPARE(braces.messages.size(), 1);
    QCOMPARE(braces.messages.at(0).record.text, QStringLiteral("y"));
    QCOMPARE(result(store.loadLast(privateChat(QStringLiteral("bob")), 10)).messages.size(), 1);
    // The same name folded some other way is another key: the store compares folded names only.
    ChatKey other = room(QStringLiteral("#Lan[1]"));
    other.folded = QStringLiteral("#Lan[1]");
    QVERIFY(result(store.loadLast(other, 10)).messages.isEmpty());
    // The stored chats keep the name first seen and give back the caller's folded name.
    const QList<ChatInfo> chats = result(store.chats());
    QCOMPARE(chats.size(), 4);
    for (const ChatInfo& info : chats)
        QVERIFY2(info.chat.folded ==
                     fold(info.chat.chat,
                          info.chat.hostId.isEmpty() ? CaseMapping::Rfc1459 : CaseMapping::Ascii),
                 qPrintable(info.chat.folded));
}

void TestHistoryStore::unfoldedKeyIsRefusedLoudly()
{
    // A key without its folded name is a programming error: a debug build stops at the
    // assertion, a release build refuses the call; both say why in the log, and nothing is
    // stored under a name folded some other way. A child process, so the assertion can fire.
    QProcess child;
    child.start(QStringLiteral(HISTORY_HELPER_PATH), {QStringLiteral("unfolded"), dbPath()});
    QVERIFY(child.waitForFinished(30000));
    const QString out = QString::fromUtf8(child.readAllStandardOutput());
    const QString err = QString::fromUtf8(child.readAllStandardError());
    QVERIFY2(err.contains(QLatin1String("append(\"#Lan\") refused")) &&
                 err.contains(QLatin1String("no folded name")),
             qPrintable(err));
#ifdef QT_NO_DEBUG
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QCOMPARE(child.exitCode(), 0);
    QVERIFY2(out.contains(QLatin1String("append 0\n")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("loadLast error: the chat key has no folded name")),
             qPrintable(out));
#else
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QVERIFY2(err.contains(QLatin1String("ChatKey without a folded name")), qPrintable(err));
    QVERIFY2(!out.contains(QLatin1String("append")), qPrintable(out));
#endif
    HistoryStore store;
    QVERIFY2(store.open(dbPath()), qPrintable(store.errorString()));
    QVERIFY(result(store.chats()).isEmpty());
    QVERIFY(result(store.search(QStringLiteral("stored"))).hits.isEmpty());
}

void TestHistoryStore::keepsTimesAndTags()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    Record r = line(room(), QStringLiteral("alice"), QStringLiteral("tagged"), Kind::Action);
    r.time = QDateTime(QDate(2024, 5, 1), QTime(12, 30, 15, 250), Qt::UTC);
    r.serverTime = QDateTime(QDate(2024, 5, 1), QTime(12, 30, 14, 999), Qt::UTC);
    r.msgId = QStringLiteral("abc-123");
    r.self = true;
    store.append(r);
    store.append(line(room(), QString(), QStringLiteral("topic is x"), Kind::Topic));
    store.close();
    QVERIFY(store.open(dbPath()));
    const Page page = result(store.loadLast(room(), 10));
    QCOMPARE(page.messages.size(), 2);
    const Record& got = page.messages.at(0).record;
    QCOMPARE(got.kind, Kind::Action);
    QCOMPARE(got.time, r.time);
    QCOMPARE(got.serverTime, r.serverTime);
    QCOMPARE(got.msgId, r.msgId);
    QVERIFY(got.self);
    QCOMPARE(page.messages.at(1).record.kind, Kind::Topic);
    QVERIFY(!page.messages.at(1).record.serverTime.isValid());
    QVERIFY(page.messages.at(1).record.msgId.isEmpty());
}

void TestHistoryStore::clearsOneChatAndAll()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    for (int i = 0; i < 30; ++i) {
        store.append(line(room(), QStringLiteral("a"), QStringLiteral("keep %1").arg(i)));
        store.append(line(privateChat(), QStringLiteral("b"), QStringLiteral("gone %1").arg(i)));
    }
    QCOMPARE(result(store.clearChat(privateChat())), qint64(30));
    QVERIFY(result(store.loadLast(privateChat(), 100)).messages.isEmpty());
    QCOMPARE(result(store.loadLast(room(), 100)).messages.size(), 30);
    // The index follows: the cleared words are not found any more.
    QVERIFY(result(store.search(QStringLiteral("gone"))).hits.isEmpty());
    QCOMPARE(result(store.search(QStringLiteral("keep"))).hits.size(), 30);
    QCOMPARE(result(store.clearAll()), qint64(30));
    QVERIFY(result(store.loadLast(room(), 100)).messages.isEmpty());
    QVERIFY(result(store.search(QStringLiteral("keep"))).hits.isEmpty());
    QVERIFY(result(store.chats()).isEmpty());
    // Writing goes on after a clear, and survives a reopen.
    const qint64 id = store.append(line(room(), QStringLiteral("a"), QStringLiteral("new")));
    QVERIFY(waitCommitted(store, id));
    store.close();
    QVERIFY(store.open(dbPath()));
    QCOMPARE(result(store.loadLast(room(), 10)).messages.size(), 1);
    QCOMPARE(result(store.search(QStringLiteral("new"))).hits.size(), 1);
}

void TestHistoryStore::retentionDeletesOldLines()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 10; ++i) {
        Record old = line(room(), QStringLiteral("a"), QStringLiteral("ancient %1").arg(i));
        old.time = now.addDays(-40 + i); // 40..31 days ago
        store.append(old);
        Record recent = line(room(), QStringLiteral("a"), QStringLiteral("recent %1").arg(i));
        recent.time = now.addDays(-i); // 0..9 days ago
        store.append(recent);
    }
    QCOMPARE(result(store.loadLast(room(), 100)).messages.size(), 20);
    store.setRetentionDays(30);
    QCOMPARE(store.retentionDays(), 30);
    const Page page = result(store.loadLast(room(), 100)); // queued after the purge
    QCOMPARE(page.messages.size(), 10);
    for (const StoredMessage& m : page.messages)
        QVERIFY(m.record.text.startsWith(QLatin1String("recent")));
    QVERIFY(result(store.search(QStringLiteral("ancient"))).hits.isEmpty());
    // Kept forever again: nothing more goes; the setting applies on open too.
    store.setRetentionDays(0);
    QCOMPARE(result(store.loadLast(room(), 100)).messages.size(), 10);
    store.setRetentionDays(5);
    store.close();
    QVERIFY(store.open(dbPath()));
    QCOMPARE(result(store.loadLast(room(), 100)).messages.size(), 5);
}

void TestHistoryStore::historyOffStoresNothing()
{
    HistoryStore store;
    QVERIFY(!store.isOpen());
    QCOMPARE(store.append(line(room(), QStringLiteral("a"), QStringLiteral("x"))), qint64(0));
    QVERIFY(!result(store.loadLast(room(), 10)).error.isEmpty());
    QVERIFY(!result(store.search(QStringLiteral("x"))).error.isEmpty());
    QVERIFY(!QFile::exists(dbPath()));
    // An invalid chat is not stored either.
    QVERIFY(store.open(dbPath()));
    QCOMPARE(store.append(line({}, QStringLiteral("a"), QStringLiteral("x"))), qint64(0));
}

void TestHistoryStore::secondInstanceIsRefused()
{
    HistoryStore first;
    QVERIFY(first.open(dbPath()));
    const qint64 id = first.append(line(room(), QStringLiteral("a"), QStringLiteral("mine")));
    QVERIFY(waitCommitted(first, id));
    HistoryStore second;
    QVERIFY(!second.open(dbPath()));
    QVERIFY2(second.errorString().contains(QLatin1String("in use by another LanChat")),
             qPrintable(second.errorString()));
    QVERIFY(!second.isOpen());
    // The first goes on undisturbed.
    const qint64 next = first.append(line(room(), QStringLiteral("a"), QStringLiteral("more")));
    QVERIFY(waitCommitted(first, next));
    QCOMPARE(result(first.loadLast(room(), 10)).messages.size(), 2);
    first.close();
    QVERIFY2(second.open(dbPath()), qPrintable(second.errorString()));
    QCOMPARE(result(second.loadLast(room(), 10)).messages.size(), 2);
}

void TestHistoryStore::readsSeeEarlierAppends()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    store.append(line(room(), QStringLiteral("a"), QStringLiteral("just now")));
    // No wait for the commit: the read is queued behind the write.
    const Page page = result(store.loadLast(room(), 10));
    QCOMPARE(page.messages.size(), 1);
}

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
