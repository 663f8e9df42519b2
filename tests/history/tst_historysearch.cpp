// SPDX-License-Identifier: GPL-3.0-or-later
// Search: FTS5 finds words (all of them, in any order, ignoring case and accents), a search can
// be limited to one chat, and each hit's locator opens its chat at that line.

#include "history_test_support.h"
#include "history/historystore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace history;
using namespace historytest;

class TestHistorySearch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void findsWords_data();
    void findsWords();
    void respectsChatScope();
    void locatorOpensTheLine();
    void highlightsTheMatch();
    void queryTextIsNeverSyntax_data();
    void queryTextIsNeverSyntax();
    void newestFirstWithinLimit();

private:
    QTemporaryDir m_dir;
    HistoryStore m_store;
    qint64 m_zebraId = 0;
};

void TestHistorySearch::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_store.open(m_dir.filePath(QStringLiteral("search.sqlite"))),
             qPrintable(m_store.errorString()));
    for (int i = 0; i < 100; ++i)
        m_store.append(
            line(room(), QStringLiteral("alice"), QStringLiteral("filler line %1").arg(i)));
    m_store.append(
        line(room(), QStringLiteral("alice"), QStringLiteral("The quick brown fox jumps")));
    m_store.append(line(room(), QStringLiteral("bob"), QStringLiteral("lunch at the Café today?")));
    m_zebraId = m_store.append(
        line(privateChat(), QStringLiteral("bob"), QStringLiteral("a zebra in the room")));
    m_store.append(line(room(QStringLiteral("#other")), QStringLiteral("carol"),
                        QStringLiteral("another fox, slower")));
    m_store.append(line(room(QStringLiteral("#other")), QStringLiteral("carol"),
                        QStringLiteral("odd \"quotes\" AND NEAR(x) OR col:umn *star* -minus")));
    for (int i = 0; i < 100; ++i)
        m_store.append(
            line(privateChat(), QStringLiteral("bob"), QStringLiteral("more filler %1").arg(i)));
}

void TestHistorySearch::findsWords_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("hits");
    QTest::newRow("one word") << QStringLiteral("fox") << 2;
    QTest::newRow("case") << QStringLiteral("QUICK") << 1;
    QTest::newRow("all words, any order") << QStringLiteral("jumps quick") << 1;
    QTest::newRow("not all words") << QStringLiteral("quick zebra") << 0;
    QTest::newRow("accents") << QStringLiteral("cafe") << 1;
    QTest::newRow("prefix") << QStringLiteral("zeb*") << 1;
    QTest::newRow("whole words only") << QStringLiteral("zeb") << 0;
    QTest::newRow("sender") << QStringLiteral("carol") << 2;
    QTest::newRow("no words") << QStringLiteral("   ") << 0;
    QTest::newRow("absent") << QStringLiteral("nowhere") << 0;
}

void TestHistorySearch::findsWords()
{
    QFETCH(QString, query);
    QFETCH(int, hits);
    const SearchResults r = result(m_store.search(query));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.hits.size(), hits);
}

void TestHistorySearch::respectsChatScope()
{
    const SearchResults all = result(m_store.search(QStringLiteral("fox")));
    QCOMPARE(all.hits.size(), 2);
    const SearchResults inLan = result(m_store.search(QStringLiteral("fox"), room()));
    QCOMPARE(inLan.hits.size(), 1);
    QCOMPARE(inLan.hits.at(0).locator.chat.chat, QStringLiteral("#lan"));
    const SearchResults inOther =
        result(m_store.search(QStringLiteral("fox"), room(QStringLiteral("#other"))));
    QCOMPARE(inOther.hits.size(), 1);
    QCOMPARE(inOther.hits.at(0).message.record.sender, QStringLiteral("carol"));
    QVERIFY(result(m_store.search(QStringLiteral("fox"), privateChat())).hits.isEmpty());
    QVERIFY(result(m_store.search(QStringLiteral("fox"), room(QStringLiteral("#never"))))
                .hits.isEmpty());
    QCOMPARE(result(m_store.search(QStringLiteral("filler"), privateChat(), 1000)).hits.size(),
             100);
}

void TestHistorySearch::locatorOpensTheLine()
{
    const SearchResults r = result(m_store.search(QStringLiteral("zebra")));
    QCOMPARE(r.hits.size(), 1);
    const SearchHit& hit = r.hits.at(0);
    QCOMPARE(hit.locator.messageId, m_zebraId);
    QCOMPARE(hit.locator.chat, privateChat());
    QCOMPARE(hit.message.record.text, QStringLiteral("a zebra in the room"));
    const Page page = result(m_store.loadAround(hit.locator, 3, 3));
    QCOMPARE(page.messages.size(), 4); // nothing before it in that chat; three after
    QCOMPARE(page.messages.at(0).id, m_zebraId);
    QVERIFY(page.atStart);
    QCOMPARE(page.messages.at(1).record.text, QStringLiteral("more filler 0"));
}

void TestHistorySearch::highlightsTheMatch()
{
    const SearchResults r = result(m_store.search(QStringLiteral("brown")));
    QCOMPARE(r.hits.size(), 1);
    const SearchHit& hit = r.hits.at(0);
    QVERIFY2(hit.snippet.contains(QLatin1String("quick brown fox")), qPrintable(hit.snippet));
    QCOMPARE(hit.highlights.size(), 1);
    QCOMPARE(hit.snippet.mid(hit.highlights.at(0).first, hit.highlights.at(0).second),
             QStringLiteral("brown"));
    QVERIFY(!hit.snippet.contains(QChar(0xE000)));
}

void TestHistorySearch::queryTextIsNeverSyntax_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("hits");
    QTest::newRow("quote") << QStringLiteral("\"quotes") << 1;
    QTest::newRow("AND") << QStringLiteral("AND") << 1;
    QTest::newRow("NEAR(") << QStringLiteral("NEAR(x)") << 1;
    QTest::newRow("column") << QStringLiteral("col:umn") << 1;
    QTest::newRow("minus") << QStringLiteral("-minus") << 1;
    QTest::newRow("lone star") << QStringLiteral("*") << 0;
    QTest::newRow("chat tag") << QStringLiteral("chat_tag:c1") << 0;
}

void TestHistorySearch::queryTextIsNeverSyntax()
{
    QFETCH(QString, query);
    QFETCH(int, hits);
    const SearchResults r = result(m_store.search(query));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.hits.size(), hits);
}

void TestHistorySearch::newestFirstWithinLimit()
{
    const SearchResults r = result(m_store.search(QStringLiteral("filler"), {}, 10));
    QCOMPARE(r.hits.size(), 10);
    QCOMPARE(r.hits.at(0).message.record.text, QStringLiteral("more filler 99"));
    for (int i = 1; i < r.hits.size(); ++i)
        QVERIFY(r.hits.at(i).message.id < r.hits.at(i - 1).message.id);
}

QTEST_GUILESS_MAIN(TestHistorySearch)
#include "tst_historysearch.moc"
