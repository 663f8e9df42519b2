// SPDX-License-Identifier: GPL-3.0-or-later
// The file: migrations take an empty file and the committed version-1 fixture to the current
// version with their data intact; unreadable, damaged, locked and newer files are refused with
// a clear message and left byte for byte as they were.

#include "history_test_support.h"
#include "history/historyschema.h"
#include "history/historystore.h"

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
    const QString fixture = QStringLiteral(HISTORY_FIXTURES "/history-v1.sqlite");
    QVERIFY(QFile::exists(fixture));
    {
        RawConnection raw(fixture);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 1);
    }
    QVERIFY(QFile::copy(fixture, path()));
    QFile::setPermissions(path(), QFile::ReadOwner | QFile::WriteOwner);
    HistoryStore store;
    QVERIFY2(store.open(path()), qPrintable(store.errorString()));
    const ChatKey lan{QStringLiteral("LanNet"), QStringLiteral("host-abc"), QStringLiteral("#lan")};
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
    const Page priv = result(store.loadLast(
        {QStringLiteral("LanNet"), QStringLiteral("host-abc"), QStringLiteral("bob")}, 10));
    QCOMPARE(priv.messages.size(), 2);
    QCOMPARE(priv.messages.at(0).record.text, QStringLiteral("private café talk"));
    const Page other = result(
        store.loadLast({QStringLiteral("OtherNet"), QString(), QStringLiteral("#general")}, 10));
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
