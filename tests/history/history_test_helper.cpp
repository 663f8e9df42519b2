// SPDX-License-Identifier: GPL-3.0-or-later
// The history suites' child process.
//   history_test_helper burst DB COUNT
//     stores COUNT lines in #lan, one a millisecond, and prints "committed N" on stdout each
//     time the store reports lines up to N committed (the crash test kills it mid-burst);
//   history_test_helper make-fixture-v1 DB
//     writes a history file of schema version 1 (tests/history/fixtures/history-v1.sqlite);
//   history_test_helper make-fixture-v3 DB
//     writes a history file of schema version 3 as LanChat wrote it before the caller folded
//     chat names: folded rfc1459 style here (tests/history/fixtures/history-v3-rfc1459.sqlite);
//   history_test_helper unfolded DB
//     appends a line whose ChatKey has no folded name, then reads that chat, printing
//     "append <id>" and "loadLast error: <error>" (a debug build stops at the assertion first).

#include "history/historyschema.h"
#include "history/historystore.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <cstdio>

using namespace history;

namespace {

int burst(const QString& path, int count)
{
    HistoryStore store;
    if (!store.open(path)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return 1;
    }
    QObject::connect(&store, &HistoryStore::committed, &store, [](qint64 upTo) {
        std::printf("committed %lld\n", static_cast<long long>(upTo));
        std::fflush(stdout);
    });
    int sent = 0;
    QTimer timer;
    timer.setInterval(1);
    QObject::connect(&timer, &QTimer::timeout, &store, [&] {
        Record r;
        // historytest::room(): "#lan" is its own folded name under any CASEMAPPING.
        r.chat = {QStringLiteral("LanNet"), QStringLiteral("host-1"), QStringLiteral("#lan"),
                  QStringLiteral("#lan")};
        r.sender = QStringLiteral("flood");
        r.text = QStringLiteral("burst line %1").arg(sent + 1);
        store.append(r);
        if (++sent == count) {
            timer.stop();
            QObject::connect(&store, &HistoryStore::committed, qApp, [&store, count](qint64) {
                if (store.lastCommitted() >= count)
                    QCoreApplication::quit();
            });
        }
    });
    timer.start();
    return QCoreApplication::exec();
}

// Writes a file of schema `version` with `statements` run on it, as an older LanChat left it.
int makeFixture(const QString& path, int version, const QStringList& statements)
{
    QFile::remove(path);
    int rc = 0;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fixture"));
        db.setDatabaseName(path);
        QString error;
        if (!db.open() || !HistorySchema::migrate(db, version, &error)) {
            std::fprintf(stderr, "%s %s\n", qPrintable(db.lastError().text()), qPrintable(error));
            return 1;
        }
        QSqlQuery q(db);
        for (const QString& s : statements) {
            if (!q.exec(s)) {
                std::fprintf(stderr, "%s\n", qPrintable(q.lastError().text()));
                rc = 1;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
    return rc;
}

int makeFixtureV1(const QString& path)
{
    // Version 1's tables as they were: no FTS index, no `self` column.
    return makeFixture(
        path, 1,
        {
            QStringLiteral("INSERT INTO networks (id, host_id, name) VALUES"
                           " (1, 'host-abc', 'LanNet'), (2, '', 'OtherNet')"),
            QStringLiteral("INSERT INTO chats (id, network_id, name, folded, private) VALUES"
                           " (1, 1, '#lan', '#lan', 0), (2, 1, 'Bob', 'bob', 1),"
                           " (3, 2, '#general', '#general', 0)"),
            QStringLiteral(
                "INSERT INTO messages (id, chat_id, time, server_time, msgid, sender, kind, text)"
                " VALUES"
                " (1, 1, 1714560000000, NULL, NULL, 'alice', 'message', 'hello from version one'),"
                " (2, 1, 1714560001000, 1714560000900, 'm-2', 'bob', 'action', 'waves <b>hi</b>'),"
                " (3, 1, 1714560002000, NULL, NULL, 'carol', 'join', ''),"
                " (4, 2, 1714560003000, NULL, NULL, 'Bob', 'message', 'private café talk'),"
                " (5, 2, 1714560004000, NULL, NULL, 'me', 'message', 'reply in private'),"
                " (6, 3, 1714560005000, NULL, NULL, 'dave', 'notice', 'other network notice')"),
        });
}

int makeFixtureV3(const QString& path)
{
    // Version 3 as LanChat wrote it until issue 13: `folded` is QString::toLower with rfc1459's
    // []\~ -> {}|^, whatever the server's CASEMAPPING said; the FTS index in step.
    return makeFixture(
        path, 3,
        {
            QStringLiteral("INSERT INTO networks (id, host_id, name) VALUES"
                           " (1, 'host-abc', 'LanNet')"),
            QStringLiteral("INSERT INTO chats (id, network_id, name, folded, private) VALUES"
                           " (1, 1, '#Team[Ops]\\~', '#team{ops}|^', 0),"
                           " (2, 1, 'Bob[away]', 'bob{away}', 1),"
                           " (3, 1, '#lan', '#lan', 0)"),
            QStringLiteral(
                "INSERT INTO messages (id, chat_id, time, server_time, msgid, sender, kind, text,"
                " self) VALUES"
                " (1, 1, 1714560000000, NULL, NULL, 'alice', 'message', 'ops standup at ten', 0),"
                " (2, 1, 1714560001000, NULL, NULL, 'me', 'message', 'bracketed room reply', 1),"
                " (3, 2, 1714560002000, NULL, NULL, 'Bob[away]', 'message', 'back soon', 0),"
                " (4, 3, 1714560003000, NULL, NULL, 'carol', 'message', 'plain room line', 0)"),
            QStringLiteral("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')"),
        });
}

int unfolded(const QString& path)
{
    HistoryStore store;
    if (!store.open(path)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return 1;
    }
    Record r;
    r.chat.network = QStringLiteral("LanNet");
    r.chat.hostId = QStringLiteral("host-1");
    r.chat.chat = QStringLiteral("#Lan"); // and no folded name: the caller's bug
    r.sender = QStringLiteral("alice");
    r.text = QStringLiteral("never stored");
    std::printf("append %lld\n", static_cast<long long>(store.append(r)));
    std::fflush(stdout);
    QFuture<Page> read = store.loadLast(r.chat, 10);
    read.waitForFinished();
    const Page page = read.result();
    std::printf("loadLast error: %s\n", qPrintable(page.error));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4 && args.at(1) == QLatin1String("burst"))
        return burst(args.at(2), args.at(3).toInt());
    if (args.size() == 3 && args.at(1) == QLatin1String("make-fixture-v1"))
        return makeFixtureV1(args.at(2));
    if (args.size() == 3 && args.at(1) == QLatin1String("make-fixture-v3"))
        return makeFixtureV3(args.at(2));
    if (args.size() == 3 && args.at(1) == QLatin1String("unfolded"))
        return unfolded(args.at(2));
    std::fprintf(stderr, "usage: history_test_helper burst DB COUNT | make-fixture-v1 DB |"
                         " make-fixture-v3 DB | unfolded DB\n");
    return 2;
}
