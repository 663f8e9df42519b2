// SPDX-License-Identifier: GPL-3.0-or-later
// The file: migrations take an empty file and the committed version-1 fixture to the current
// version with their data intact; unreadable, damaged, locked and newer files are refused with
// a clear message and left byte for byte as they were.

#include "history/historyfile.h"
#include "history/historyschema.h"
#include "history/historystore.h"
#include "history_test_support.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace history;
using namespace historytest;

namespace {

// A raw connection to look at (or lock) a file beside the store.
class RawConnection
{
public:
    explicit RawConnection(const QString& path)
        : m_name(QStringLiteral("raw-%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QVariant value(const QString& sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }
    bool exec(const QString& sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        return q.exec(sql);
    }

private:
    static inline int s_count = 0;
    QString m_name;
};

} // namespace

class TestHistorySchema : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void emptyFileReachesCurrentVersion();
    void everyVersionReachesCurrent();
    void fixtureVersion1ReachesCurrentIntact();
    void legacyFoldingIsTheOldStores_data();
    void legacyFoldingIsTheOldStores();
    void oldFileFindsBracketChats();
    void newChatsAreNeverTakenForOldOnes();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void refusesLockedFile();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path(const QString& name = QStringLiteral("h.sqlite")) const
    {
        return m_dir->filePath(name);
    }
    void makeHistoryFile(const QString& file);
    void copyFixture(const QString& name, int version);
};

void TestHistorySchema::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestHistorySchema::makeHistoryFile(const QString& file)
{
    HistoryStore store;
    QVERIFY(store.open(file));
    for (int i = 0; i < 100; ++i)
        store.append(line(room(), QStringLiteral("alice"), QStringLiteral("line %1").arg(i)));
    store.close();
}

// A committed fixture, checked to be at `version`, copied to path() (writable).
void TestHistorySchema::copyFixture(const QString& name, int version)
{
    const QString fixture = QStringLiteral(HISTORY_FIXTURES "/") + name;
    QVERIFY2(QFile::exists(fixture), qPrintable(fixture));
    {
        RawConnection raw(fixture);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), version);
    }
    QVERIFY(QFile::copy(fixture, path()));
    QFile::setPermissions(path(), QFile::ReadOwner | QFile::WriteOwner);
}

void TestHistorySchema::emptyFileReachesCurrentVersion()
{
    {
        HistoryStore store;
        QVERIFY2(store.open(path()), qPrintable(store.errorString()));
    }
    RawConnection raw(path());
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(),
             HistorySchema::CurrentVersion);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    for (const char* table : {"networks", "chats", "messages", "messages_fts"})
        QVERIFY2(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = '%1'")
                               .arg(QLatin1String(table)))
                         .toInt() == 1,
                 table);
    // FTS5 is there (Debian's Qt SQLite driver uses the system SQLite, built with it).
    QVERIFY(raw.exec(QStringLiteral("SELECT * FROM messages_fts WHERE messages_fts MATCH 'x'")));
}

void TestHistorySchema::everyVersionReachesCurrent()
{
    for (int v = 0; v <= HistorySchema::CurrentVersion; ++v) {
        const QString file = path(QStringLiteral("v%1.sqlite").arg(v));
        {
            const QString name = QStringLiteral("make-v%1").arg(v);
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(file);
                QVERIFY(db.open());
                QString error;
                QVERIFY2(HistorySchema::migrate(db, v, &error), qPrintable(error));
                QCOMPARE(HistorySchema::version(db, &error), v);
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
        HistoryStore store;
        QVERIFY2(store.open(file), qPrintable(store.errorString()));
        const qint64 id = store.append(line(room(), QStringLiteral("a"), QStringLiteral("works")));
        QVERIFY(waitCommitted(store, id));
        QCOMPARE(result(store.search(QStringLiteral("works"))).hits.size(), 1);
        store.close();
        RawConnection raw(file);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(),
                 HistorySchema::CurrentVersion);
    }
}

void TestHistorySchema::fixtureVersion1ReachesCurrentIntact()
{
    copyFixture(QStringLiteral("history-v1.sqlite"), 1);
    if (QTest::currentTestFailed())
        return;
    HistoryStore store;
    QVERIFY2(store.open(path()), qPrintable(store.errorString()));
    const ChatKey lan =
        chatKey(QStringLiteral("LanNet"), QStringLiteral("host-abc"), QStringLiteral("#lan"));
    const Page page = result(store.loadLast(lan, 10));
    QCOMPARE(page.messages.size(), 3);
    QCOMPARE(page.messages.at(0).id, qint64(1));
    QCOMPARE(page.messages.at(0).record.text, QStringLiteral("hello from version one"));
    QCOMPARE(page.messages.at(0).record.time.toMSecsSinceEpoch(), qint64(1714560000000));
    QVERIFY(!page.messages.at(0).record.self); // the column version 3 added, defaulted
    QCOMPARE(page.messages.at(1).record.kind, Kind::Action);
    QCOMPARE(page.messages.at(1).record.msgId, QStringLiteral("m-2"));
    QCOMPARE(page.messages.at(1).record.serverTime.toMSecsSinceEpoch(), qint64(1714560000900));
    QCOMPARE(page.messages.at(1).record.text, QStringLiteral("waves <b>hi</b>"));
    QCOMPARE(page.messages.at(2).record.kind, Kind::Join);
    // "Bob" was stored folded the old way ("bob"): found under the caller's folding all the same.
    const Page priv = result(store.loadLast(
        chatKey(QStringLiteral("LanNet"), QStringLiteral("host-abc"), QStringLiteral("BOB")), 10));
    QCOMPARE(priv.messages.size(), 2);
    QCOMPARE(priv.messages.at(0).record.text, QStringLiteral("private café talk"));
    const Page other = result(store.loadLast(
        chatKey(QStringLiteral("OtherNet"), QString(), QStringLiteral("#general")), 10));
    QCOMPARE(other.messages.size(), 1);
    // Migration 2 indexed the old lines.
    const SearchResults found = result(store.search(QStringLiteral("cafe")));
    QCOMPARE(found.hits.size(), 1);
    QCOMPARE(found.hits.at(0).locator.messageId, qint64(4));
    // And new lines continue after them.
    const qint64 id = store.append(line(lan, QStringLiteral("a"), QStringLiteral("new")));
    QCOMPARE(id, qint64(7));
    QVERIFY(waitCommitted(store, id));
    store.close();
    RawConnection raw(path());
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(),
             HistorySchema::CurrentVersion);
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 7);
}

void TestHistorySchema::legacyFoldingIsTheOldStores_data()
{
    // What LanChat before issue 13 stored in chats.folded (its foldChatName).
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("folded");
    QTest::newRow("plain") << QStringLiteral("#Lan") << QStringLiteral("#lan");
    QTest::newRow("rfc1459 specials")
        << QStringLiteral("#Team[Ops]\\~") << QStringLiteral("#team{ops}|^");
    QTest::newRow("already folded")
        << QStringLiteral("bob{away}|^") << QStringLiteral("bob{away}|^");
    QTest::newRow("beyond ASCII (toLower)") << QStringLiteral("#CAFÉ") << QStringLiteral("#café");
}

void TestHistorySchema::legacyFoldingIsTheOldStores()
{
    QFETCH(QString, name);
    QFETCH(QString, folded);
    QCOMPARE(HistoryFile::legacyFoldChatName(name), folded);
}

void TestHistorySchema::oldFileFindsBracketChats()
{
    // A version-3 file as the old store wrote it: chats folded rfc1459 style, whatever the
    // server's CASEMAPPING. A LanChat host says ascii, so the caller's folded names differ from
    // the stored ones exactly where []\~ are; the lookup misses and finds them the old way.
    copyFixture(QStringLiteral("history-v3-rfc1459.sqlite"), 3);
    if (QTest::currentTestFailed())
        return;
    const auto key = [](const QString& name) {
        return chatKey(QStringLiteral("LanNet"), QStringLiteral("host-abc"), name);
    };
    const ChatKey team = key(QStringLiteral("#TEAM[Ops]\\~"));
    QCOMPARE(team.folded, QStringLiteral("#team[ops]\\~")); // not the stored "#team{ops}|^"
    qint64 hitId = 0;
    ChatKey hitKey;
    {
        HistoryStore store;
        QVERIFY2(store.open(path()), qPrintable(store.errorString()));
        // A search before the chat is asked for gives its key as stored (the old folding).
        const SearchResults found = result(store.search(QStringLiteral("standup")));
        QCOMPARE(found.hits.size(), 1);
        hitId = found.hits.at(0).locator.messageId;
        hitKey = found.hits.at(0).locator.chat;
        QCOMPARE(hitKey.chat, QStringLiteral("#Team[Ops]\\~"));
        QCOMPARE(hitKey.folded, QStringLiteral("#team{ops}|^"));

        const Page page = result(store.loadLast(team, 10));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.messages.size(), 2);
        QCOMPARE(page.messages.at(0).record.text, QStringLiteral("ops standup at ten"));
        QVERIFY(page.messages.at(1).record.self);
        const Page bob = result(store.loadLast(key(QStringLiteral("BOB[AWAY]")), 10));
        QCOMPARE(bob.messages.size(), 1);
        QCOMPARE(bob.messages.at(0).record.text, QStringLiteral("back soon"));
        // On an ascii server "#team{ops}|^" is another room: it does not get #Team[Ops]\~'s lines.
        QVERIFY(result(store.loadLast(key(QStringLiteral("#team{ops}|^")), 10)).messages.isEmpty());
        // The hit still opens its line, though its key's folded name has moved.
        const Page around = result(store.loadAround({hitKey, hitId}, 5, 5));
        QCOMPARE(around.messages.size(), 2);
        QCOMPARE(around.messages.at(0).id, hitId);
        // New lines go to the same chat.
        const qint64 id = store.append(line(team, QStringLiteral("me"), QStringLiteral("later")));
        QVERIFY(waitCommitted(store, id));
        QCOMPARE(result(store.chats()).size(), 3);
    }
    {
        // From then on the chat is under the new key; the one not asked for keeps the old mark.
        RawConnection raw(path());
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(),
                 HistorySchema::CurrentVersion);
        QCOMPARE(raw.value(QStringLiteral("SELECT folded FROM chats WHERE id = 1")).toString(),
                 team.folded);
        QCOMPARE(raw.value(QStringLiteral("SELECT legacy_folded FROM chats WHERE id = 1")).toInt(),
                 0);
        QCOMPARE(raw.value(QStringLiteral("SELECT folded FROM chats WHERE id = 2")).toString(),
                 QStringLiteral("bob[away]"));
        QCOMPARE(raw.value(QStringLiteral("SELECT legacy_folded FROM chats WHERE id = 3")).toInt(),
                 1);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM chats")).toInt(), 3);
    }
    HistoryStore store;
    QVERIFY2(store.open(path()), qPrintable(store.errorString()));
    QCOMPARE(result(store.loadLast(team, 10)).messages.size(), 3);
    QCOMPARE(result(store.loadLast(key(QStringLiteral("#LAN")), 10)).messages.size(), 1);
    // The hit's old key finds nothing once the chat has moved; the line itself still opens.
    QVERIFY(result(store.loadLast(hitKey, 10)).messages.isEmpty());
    QCOMPARE(result(store.loadAround({hitKey, hitId}, 0, 0)).messages.size(), 1);
}

void TestHistorySchema::newChatsAreNeverTakenForOldOnes()
{
    // Only chats an older LanChat stored are looked up by the old folding: a chat stored now as
    // "#a{b}" (ascii) is not "#a[b]", though the old folding made them one.
    HistoryStore store;
    QVERIFY(store.open(path()));
    const qint64 id = store.append(
        line(room(QStringLiteral("#a{b}")), QStringLiteral("a"), QStringLiteral("braces")));
    QVERIFY(waitCommitted(store, id));
    QVERIFY(result(store.loadLast(room(QStringLiteral("#a[b]")), 10)).messages.isEmpty());
    QCOMPARE(result(store.loadLast(room(QStringLiteral("#A{B}")), 10)).messages.size(), 1);
    store.close();
    RawConnection raw(path());
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM chats")).toInt(), 1);
    QCOMPARE(raw.value(QStringLiteral("SELECT folded FROM chats")).toString(),
             QStringLiteral("#a{b}"));
}

void TestHistorySchema::refusesBadFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("garbage") << QStringLiteral("garbage") << QStringLiteral("not a history file");
    QTest::newRow("damaged") << QStringLiteral("damaged")
                             << QStringLiteral("damaged or unreadable");
    QTest::newRow("newer") << QStringLiteral("newer") << QStringLiteral("newer LanChat");
    QTest::newRow("foreign") << QStringLiteral("foreign") << QStringLiteral("another program");
}

void TestHistorySchema::refusesBadFiles()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    const QString file = path();
    if (kind == QLatin1String("garbage")) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray junk;
        for (int i = 0; i < 10000; ++i)
            junk.append(char(i * 7 + 3));
        f.write(junk);
    } else if (kind == QLatin1String("damaged")) {
        makeHistoryFile(file);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(100)); // page 1 after the header: the schema's b-tree
        f.write(QByteArray(3000, '\xab'));
    } else if (kind == QLatin1String("newer")) {
        makeHistoryFile(file);
        RawConnection raw(file);
        QVERIFY(raw.exec(
            QStringLiteral("PRAGMA user_version = %1").arg(HistorySchema::CurrentVersion + 1)));
    } else if (kind == QLatin1String("foreign")) {
        RawConnection raw(file);
        QVERIFY(
            raw.exec(QStringLiteral("CREATE TABLE photos (id INTEGER PRIMARY KEY, data BLOB)")));
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO photos (data) VALUES (x'0102')")));
    }
    const QByteArray before = fileBytes(file);
    QVERIFY(!before.isEmpty());
    const QStringList filesBefore = QDir(m_dir->path()).entryList(QDir::Files);

    HistoryStore store;
    QSignalSpy committed(&store, &HistoryStore::committed);
    QVERIFY(!store.open(file));
    QVERIFY(!store.isOpen());
    QVERIFY2(store.errorString().contains(expected), qPrintable(store.errorString()));
    QVERIFY2(store.errorString().contains(QLatin1String("left as it is")),
             qPrintable(store.errorString()));
    QVERIFY2(store.errorString().contains(file), qPrintable(store.errorString()));
    // History off for the run: lines are not stored, nothing is written.
    QCOMPARE(store.append(line(room(), QStringLiteral("a"), QStringLiteral("x"))), qint64(0));
    store.close();
    QCOMPARE(fileBytes(file), before);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), filesBefore);
    QCOMPARE(committed.size(), 0);
}

void TestHistorySchema::refusesLockedFile()
{
    const QString file = path();
    makeHistoryFile(file);
    const QByteArray before = fileBytes(file);
    {
        RawConnection other(file);
        QVERIFY(other.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        HistoryStore store;
        QVERIFY(!store.open(file));
        QVERIFY2(store.errorString().contains(QLatin1String("in use by another LanChat")),
                 qPrintable(store.errorString()));
        QCOMPARE(fileBytes(file), before);
        QVERIFY(other.exec(QStringLiteral("ROLLBACK")));
    }
    QCOMPARE(fileBytes(file), before);
    // Once it is free the store opens it, with the lines intact.
    HistoryStore store;
    QVERIFY2(store.open(file), qPrintable(store.errorString()));
    QCOMPARE(result(store.loadLast(room(), 1000)).messages.size(), 100);
}

QTEST_GUILESS_MAIN(TestHistorySchema)
#include "tst_historyschema.moc"
