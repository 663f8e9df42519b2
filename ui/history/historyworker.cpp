// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyworker.h"

#include "history/historyexporter.h"
#include "history/historyschema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSqlError>
#include <QTimer>

namespace history {

namespace {

constexpr int RetentionCheckMs = 60 * 60 * 1000;
constexpr int DeleteChunk = 5000;
// The search snippet's markers: private-use characters, taken out again before a hit is given.
constexpr char16_t MarkStart = 0xE000;
constexpr char16_t MarkEnd = 0xE001;

const QString Columns =
    QStringLiteral("m.id, m.time, m.server_time, m.msgid, m.sender, m.kind, m.text, m.self");

QString errorText(const QSqlQuery& q)
{
    return q.lastError().text();
}

QDateTime fromMs(const QVariant& v)
{
    if (v.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

QVariant toMs(const QDateTime& t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

// Qt binds a null QString as SQL NULL; the text columns are NOT NULL.
QString nonNull(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QString networkCacheKey(const ChatKey& chat)
{
    return chat.hostId.isEmpty() ? QStringLiteral("n:") + chat.network
                                 : QStringLiteral("h:") + chat.hostId;
}

// The user's words as an FTS5 query: each word a quoted string (so no word is read as FTS5
// syntax), all required, in the text or the sender; "word*" searches a prefix.
QString matchExpression(const QString& text, qint64 scopeChat)
{
    QStringList terms;
    const QStringList words =
        text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    for (QString word : words) {
        const bool prefix = word.endsWith(u'*') && word.size() > 1;
        if (prefix)
            word.chop(1);
        word.replace(u'"', QStringLiteral("\"\""));
        terms << QStringLiteral("{text sender} : \"") + word + u'"' +
                     (prefix ? QStringLiteral("*") : QString());
    }
    if (terms.isEmpty())
        return {};
    if (scopeChat > 0)
        terms << QStringLiteral("chat_tag : \"c%1\"").arg(scopeChat);
    return terms.join(QStringLiteral(" AND "));
}

} // namespace

QString foldChatName(const QString& name)
{
    QString folded = name.toLower();
    for (QChar& c : folded) {
        switch (c.unicode()) {
        case u'[':
            c = u'{';
            break;
        case u']':
            c = u'}';
            break;
        case u'\\':
            c = u'|';
            break;
        case u'~':
            c = u'^';
            break;
        default:
            break;
        }
    }
    return folded;
}

HistoryWorker::HistoryWorker(std::shared_ptr<WriteQueue> queue, QString connectionName)
    : m_queue(std::move(queue))
    , m_connectionName(std::move(connectionName))
    , m_flushTimer(new QTimer(this))
    , m_retentionTimer(new QTimer(this))
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(FlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, [this] { flush(); });
    m_retentionTimer->setInterval(RetentionCheckMs);
    connect(m_retentionTimer, &QTimer::timeout, this, [this] { purgeNow(); });
}

HistoryWorker::~HistoryWorker()
{
    close();
}

QSqlDatabase HistoryWorker::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QString HistoryWorker::open(const QString& path, qint64* maxId)
{
    close();
    *maxId = 0;

    // Look before SQLite does: a file that is not an SQLite database is refused unread by it.
    const QFileInfo info(path);
    if (info.exists()) {
        if (info.isDir())
            return QStringLiteral("%1 is a folder, not a history file").arg(path);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString());
        const QByteArray head = file.read(16);
        if (info.size() > 0 && head != QByteArray("SQLite format 3\0", 16))
            return QStringLiteral("%1 is damaged or not a history file (no SQLite header)")
                .arg(path);
    } else if (!QDir().mkpath(info.absolutePath())) {
        return QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
    }

    QString error;
    {
        QSqlDatabase database =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        database.setDatabaseName(path);
        // Fail at once when another instance holds the file, rather than wait for it.
        database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
        if (!database.open()) {
            error =
                QStringLiteral("%1 cannot be opened: %2").arg(path, database.lastError().text());
        } else {
            QSqlQuery q(database);
            // Held for as long as we run: a second instance on the same file gets "locked".
            q.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE"));
            QString why;
            int version = -1;
            if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                version = q.value(0).toInt();
            else
                why = errorText(q);
            const auto described = [&path](const QSqlError& e, const QString& what) {
                // SQLITE_BUSY (5) and SQLITE_LOCKED (6), also as extended codes.
                const int code = e.nativeErrorCode().toInt();
                if ((code & 0xff) == 5 || (code & 0xff) == 6)
                    return QStringLiteral("%1 is in use by another LanChat (the same --profile "
                                          "running twice?)")
                        .arg(path);
                return QStringLiteral("%1 is damaged or unreadable: %2").arg(path, what);
            };
            if (version < 0) {
                error = described(q.lastError(), why);
            } else if (version > HistorySchema::CurrentVersion) {
                error = QStringLiteral("%1 was written by a newer LanChat (history version %2; "
                                       "this one knows up to %3)")
                            .arg(path)
                            .arg(version)
                            .arg(HistorySchema::CurrentVersion);
            } else if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next()) {
                error = described(q.lastError(), errorText(q));
            } else if (version == 0 && q.value(0).toInt() > 0) {
                error = QStringLiteral("%1 is an SQLite file of another program, not a LanChat "
                                       "history file")
                            .arg(path);
            } else if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next() ||
                       q.value(0).toString() != QLatin1String("wal")) {
                error = described(q.lastError(), QStringLiteral("cannot use a WAL journal"));
            } else if (!q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"))) {
                error = described(q.lastError(), errorText(q));
            } else if (!HistorySchema::migrate(database, HistorySchema::CurrentVersion, &why)) {
                error = described(database.lastError(), why);
            } else if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")) ||
                       !q.exec(QStringLiteral("COMMIT"))) {
                // Another connection may read a WAL file while it writes: make sure that we
                // can write (and, in exclusive locking mode, keep the lock from now on).
                error = described(q.lastError(), errorText(q));
            } else if (!q.exec(QStringLiteral("SELECT max(id) FROM messages")) || !q.next()) {
                error = described(q.lastError(), errorText(q));
            } else {
                *maxId = q.value(0).toLongLong();
            }
        }
        if (error.isEmpty()) {
            m_insert = std::make_unique<QSqlQuery>(database);
            m_insertFts = std::make_unique<QSqlQuery>(database);
            if (!m_insert->prepare(QStringLiteral(
                    "INSERT INTO messages (id, chat_id, time, server_time, msgid, sender, kind,"
                    " text, self) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) ||
                !m_insertFts->prepare(
                    QStringLiteral("INSERT INTO messages_fts (rowid, text, sender, chat_tag)"
                                   " VALUES (?, ?, ?, ?)"))) {
                error = QStringLiteral("%1: %2").arg(path, m_insert->lastError().text());
                m_insert.reset();
                m_insertFts.reset();
            }
        }
        if (!error.isEmpty())
            database.close();
    }
    if (!error.isEmpty()) {
        QSqlDatabase::removeDatabase(m_connectionName);
        return error;
    }
    m_open = true;
    if (m_retentionDays > 0) {
        purgeNow();
        m_retentionTimer->start();
    }
    return {};
}

void HistoryWorker::close()
{
    if (m_open)
        flush();
    m_flushTimer->stop();
    m_retentionTimer->stop();
    m_insert.reset();
    m_insertFts.reset();
    m_networks.clear();
    m_chats.clear();
    if (m_open) {
        m_open = false;
        {
            QSqlDatabase database = db();
            database.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

void HistoryWorker::fail(const QString& message)
{
    qWarning("history: %s", qPrintable(message));
    close();
    emit failed(message);
}

void HistoryWorker::rowsQueued()
{
    qsizetype queued = 0;
    {
        QMutexLocker lock(&m_queue->mutex);
        queued = m_queue->rows.size();
    }
    if (queued >= BatchRows)
        flush();
    else if (queued > 0 && !m_flushTimer->isActive())
        m_flushTimer->start();
}

bool HistoryWorker::flush()
{
    QList<WriteQueue::Row> rows;
    {
        QMutexLocker lock(&m_queue->mutex);
        rows.swap(m_queue->rows);
        m_queue->wakePending = false;
    }
    m_flushTimer->stop();
    if (rows.isEmpty() || !m_open)
        return m_open;

    // The queries end before fail() closes the connection.
    const QString error = writeRows(rows);
    if (!error.isEmpty()) {
        fail(QStringLiteral("history cannot be written: ") + error);
        return false;
    }
    emit committed(rows.constLast().id);
    return true;
}

QString HistoryWorker::writeRows(const QList<WriteQueue::Row>& rows)
{
    // Peer text may be empty (a join); the columns are NOT NULL, so never bind a null string.
    const auto text = nonNull;
    QSqlDatabase database = db();
    QSqlQuery q(database);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return errorText(q);
    for (const WriteQueue::Row& row : rows) {
        const Record& r = row.record;
        const qint64 chat = chatId(r.chat, true);
        if (chat <= 0) {
            const QString why = QStringLiteral("the chat %1: %2").arg(r.chat.chat, m_lastError);
            q.exec(QStringLiteral("ROLLBACK"));
            return why;
        }
        const QDateTime time = r.time.isValid() ? r.time : QDateTime::currentDateTimeUtc();
        m_insert->bindValue(0, row.id);
        m_insert->bindValue(1, chat);
        m_insert->bindValue(2, time.toMSecsSinceEpoch());
        m_insert->bindValue(3, toMs(r.serverTime));
        m_insert->bindValue(4, r.msgId.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                 : QVariant(r.msgId));
        m_insert->bindValue(5, text(r.sender));
        m_insert->bindValue(6, kindName(r.kind));
        m_insert->bindValue(7, text(r.text));
        m_insert->bindValue(8, r.self ? 1 : 0);
        m_insertFts->bindValue(0, row.id);
        m_insertFts->bindValue(1, text(r.text));
        m_insertFts->bindValue(2, text(r.sender));
        m_insertFts->bindValue(3, QStringLiteral("c%1").arg(chat));
        if (!m_insert->exec() || !m_insertFts->exec()) {
            const QString why = m_insert->lastError().isValid() ? m_insert->lastError().text()
                                                                : m_insertFts->lastError().text();
            q.exec(QStringLiteral("ROLLBACK"));
            return why;
        }
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const QString why = errorText(q);
        q.exec(QStringLiteral("ROLLBACK"));
        return why;
    }
    return {};
}

qint64 HistoryWorker::networkId(const ChatKey& chat, bool create)
{
    const QString key = networkCacheKey(chat);
    if (const auto it = m_networks.constFind(key); it != m_networks.constEnd())
        return *it;
    QSqlQuery q(db());
    if (chat.hostId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT id FROM networks WHERE host_id = '' AND name = ?"));
        q.addBindValue(nonNull(chat.network));
    } else {
        q.prepare(QStringLiteral("SELECT id, name FROM networks WHERE host_id = ?"));
        q.addBindValue(chat.hostId);
    }
    if (!q.exec()) {
        m_lastError = errorText(q);
        return -1;
    }
    if (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        // A LanChat host that was renamed keeps its history under its new name.
        if (create && !chat.hostId.isEmpty() && !chat.network.isEmpty() &&
            q.value(1).toString() != chat.network) {
            QSqlQuery rename(db());
            rename.prepare(QStringLiteral("UPDATE networks SET name = ? WHERE id = ?"));
            rename.addBindValue(chat.network);
            rename.addBindValue(id);
            rename.exec();
        }
        m_networks.insert(key, id);
        return id;
    }
    if (!create)
        return 0;
    q.prepare(QStringLiteral("INSERT INTO networks (host_id, name) VALUES (?, ?)"));
    q.addBindValue(nonNull(chat.hostId));
    q.addBindValue(nonNull(chat.network));
    if (!q.exec()) {
        m_lastError = errorText(q);
        return -1;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    m_networks.insert(key, id);
    return id;
}

qint64 HistoryWorker::chatId(const ChatKey& chat, bool create)
{
    const qint64 network = networkId(chat, create);
    if (network <= 0)
        return network;
    const QString folded = foldChatName(chat.chat);
    const QString key = QString::number(network) + u'/' + folded;
    if (const auto it = m_chats.constFind(key); it != m_chats.constEnd())
        return *it;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT id FROM chats WHERE network_id = ? AND folded = ?"));
    q.addBindValue(network);
    q.addBindValue(folded);
    if (!q.exec())
        return -1;
    if (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        m_chats.insert(key, id);
        return id;
    }
    if (!create)
        return 0;
    q.prepare(QStringLiteral(
        "INSERT INTO chats (network_id, name, folded, private) VALUES (?, ?, ?, ?)"));
    q.addBindValue(network);
    q.addBindValue(chat.chat);
    q.addBindValue(folded);
    q.addBindValue(chat.isRoom() ? 0 : 1);
    if (!q.exec()) {
        m_lastError = errorText(q);
        return -1;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    m_chats.insert(key, id);
    return id;
}

QList<StoredMessage> HistoryWorker::readRows(QSqlQuery& q, const ChatKey& chat)
{
    QList<StoredMessage> rows;
    while (q.next()) {
        StoredMessage m;
        m.id = q.value(0).toLongLong();
        m.record.chat = chat;
        m.record.time = fromMs(q.value(1));
        m.record.serverTime = fromMs(q.value(2));
        m.record.msgId = q.value(3).toString();
        m.record.sender = q.value(4).toString();
        m.record.kind = kindFromName(q.value(5).toString()).value_or(Kind::System);
        m.record.text = q.value(6).toString();
        m.record.self = q.value(7).toInt() != 0;
        rows.append(std::move(m));
    }
    return rows;
}

Page HistoryWorker::loadLast(const ChatKey& chat, int count)
{
    return loadBefore(chat, std::numeric_limits<qint64>::max(), count);
}

Page HistoryWorker::loadBefore(const ChatKey& chat, qint64 beforeId, int count)
{
    Page page;
    if (!flush()) {
        page.error = QStringLiteral("history is off");
        return page;
    }
    const qint64 id = chatId(chat, false);
    if (id <= 0) {
        page.atStart = true;
        if (id < 0)
            page.error = db().lastError().text();
        return page;
    }
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + Columns +
              QStringLiteral(" FROM messages m WHERE m.chat_id = ? AND m.id < ?"
                             " ORDER BY m.id DESC LIMIT ?"));
    q.addBindValue(id);
    q.addBindValue(beforeId);
    q.addBindValue(count + 1); // one more tells whether older ones exist
    if (!q.exec()) {
        page.error = errorText(q);
        return page;
    }
    page.messages = readRows(q, chat);
    page.atStart = page.messages.size() <= count;
    if (!page.atStart)
        page.messages.removeLast();
    std::reverse(page.messages.begin(), page.messages.end());
    return page;
}

Page HistoryWorker::loadAround(const Locator& at, int before, int after)
{
    Page page = loadBefore(at.chat, at.messageId + 1, before + 1);
    if (!page.error.isEmpty() || page.messages.isEmpty())
        return page;
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + Columns +
              QStringLiteral(" FROM messages m WHERE m.chat_id = ? AND m.id > ?"
                             " ORDER BY m.id LIMIT ?"));
    q.addBindValue(chatId(at.chat, false));
    q.addBindValue(at.messageId);
    q.addBindValue(after);
    if (!q.exec()) {
        page.error = errorText(q);
        return page;
    }
    page.messages += readRows(q, at.chat);
    return page;
}

SearchResults HistoryWorker::search(const QString& text, const std::optional<ChatKey>& scope,
                                    int limit)
{
    SearchResults results;
    if (!flush()) {
        results.error = QStringLiteral("history is off");
        return results;
    }
    qint64 scopeChat = 0;
    if (scope) {
        scopeChat = chatId(*scope, false);
        if (scopeChat <= 0)
            return results; // nothing stored in that chat
    }
    const QString match = matchExpression(text, scopeChat);
    if (match.isEmpty())
        return results;

    QSqlQuery q(db());
    q.setForwardOnly(true);
    // FTS5 walks its index newest first and stops at the limit: no sort over all matches.
    q.prepare(QStringLiteral("SELECT rowid, snippet(messages_fts, 0, char(57344), char(57345),"
                             " '…', 24) FROM messages_fts WHERE messages_fts MATCH ?"
                             " ORDER BY rowid DESC LIMIT ?"));
    q.addBindValue(match);
    q.addBindValue(limit);
    if (!q.exec()) {
        results.error = errorText(q);
        return results;
    }
    QSqlQuery row(db());
    row.prepare(QStringLiteral("SELECT ") + Columns +
                QStringLiteral(", c.name, n.name, n.host_id FROM messages m"
                               " JOIN chats c ON c.id = m.chat_id"
                               " JOIN networks n ON n.id = c.network_id WHERE m.id = ?"));
    while (q.next()) {
        row.bindValue(0, q.value(0));
        if (!row.exec() || !row.next())
            continue;
        SearchHit hit;
        const ChatKey chat{row.value(9).toString(), row.value(10).toString(),
                           row.value(8).toString()};
        hit.message.id = row.value(0).toLongLong();
        Record& r = hit.message.record;
        r.chat = chat;
        r.time = fromMs(row.value(1));
        r.serverTime = fromMs(row.value(2));
        r.msgId = row.value(3).toString();
        r.sender = row.value(4).toString();
        r.kind = kindFromName(row.value(5).toString()).value_or(Kind::System);
        r.text = row.value(6).toString();
        r.self = row.value(7).toInt() != 0;
        hit.locator = {chat, hit.message.id};
        const QString marked = q.value(1).toString();
        qsizetype start = -1;
        for (const QChar c : marked) {
            if (c.unicode() == MarkStart) {
                start = hit.snippet.size();
            } else if (c.unicode() == MarkEnd) {
                if (start >= 0)
                    hit.highlights.append({start, hit.snippet.size() - start});
                start = -1;
            } else {
                hit.snippet.append(c);
            }
        }
        results.hits.append(std::move(hit));
    }
    return results;
}

QString HistoryWorker::exportChat(const ChatKey& chat, ExportFormat format, const QString& path)
{
    if (!flush())
        return QStringLiteral("history is off");
    const qint64 id = chatId(chat, false);
    if (id < 0)
        return db().lastError().text();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    HistoryExporter exporter(&file, format, chat);
    exporter.begin();
    if (id > 0) {
        QSqlQuery q(db());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT ") + Columns +
                  QStringLiteral(" FROM messages m WHERE m.chat_id = ? ORDER BY m.id"));
        q.addBindValue(id);
        if (!q.exec())
            return errorText(q);
        while (q.next()) {
            // One row at a time: a long chat is never held in memory whole.
            StoredMessage m;
            m.id = q.value(0).toLongLong();
            m.record.chat = chat;
            m.record.time = fromMs(q.value(1));
            m.record.serverTime = fromMs(q.value(2));
            m.record.msgId = q.value(3).toString();
            m.record.sender = q.value(4).toString();
            m.record.kind = kindFromName(q.value(5).toString()).value_or(Kind::System);
            m.record.text = q.value(6).toString();
            m.record.self = q.value(7).toInt() != 0;
            exporter.add(m);
        }
    }
    exporter.end();
    if (!file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

QList<ChatInfo> HistoryWorker::chats()
{
    QList<ChatInfo> list;
    if (!flush())
        return list;
    QSqlQuery q(db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT n.name, n.host_id, c.name,"
            " (SELECT count(*) FROM messages m WHERE m.chat_id = c.id),"
            " (SELECT max(id) FROM messages m WHERE m.chat_id = c.id)"
            " FROM chats c JOIN networks n ON n.id = c.network_id ORDER BY n.name, c.folded")))
        return list;
    while (q.next()) {
        ChatInfo info;
        info.chat = {q.value(0).toString(), q.value(1).toString(), q.value(2).toString()};
        info.messages = q.value(3).toLongLong();
        info.lastId = q.value(4).toLongLong();
        if (info.messages > 0)
            list.append(info);
    }
    return list;
}

qint64 HistoryWorker::deleteWhere(const QString& condition, const QVariantList& values)
{
    // In chunks, each its own transaction, with the queued rows written in between: a long
    // delete never keeps new lines waiting for their commit.
    QSqlQuery select(db());
    select.prepare(QStringLiteral("SELECT id FROM messages WHERE ") + condition +
                   QStringLiteral(" LIMIT %1").arg(DeleteChunk));
    QSqlQuery unindex(db());
    unindex.prepare(QStringLiteral(
        "INSERT INTO messages_fts (messages_fts, rowid, text, sender, chat_tag)"
        " SELECT 'delete', id, text, sender, 'c' || chat_id FROM messages WHERE id = ?"));
    QSqlQuery remove(db());
    remove.prepare(QStringLiteral("DELETE FROM messages WHERE id = ?"));
    QSqlQuery tx(db());
    qint64 deleted = 0;
    for (;;) {
        if (!flush())
            return -1;
        for (int i = 0; i < values.size(); ++i)
            select.bindValue(i, values.at(i));
        if (!select.exec())
            return -1;
        QList<qint64> ids;
        while (select.next())
            ids.append(select.value(0).toLongLong());
        select.finish();
        if (ids.isEmpty())
            return deleted;
        tx.exec(QStringLiteral("BEGIN IMMEDIATE"));
        for (const qint64 id : std::as_const(ids)) {
            unindex.bindValue(0, id);
            remove.bindValue(0, id);
            if (!unindex.exec() || !remove.exec()) {
                tx.exec(QStringLiteral("ROLLBACK"));
                return -1;
            }
        }
        if (!tx.exec(QStringLiteral("COMMIT"))) {
            tx.exec(QStringLiteral("ROLLBACK"));
            return -1;
        }
        deleted += ids.size();
    }
}

qint64 HistoryWorker::clearChat(const ChatKey& chat)
{
    if (!flush())
        return -1;
    const qint64 id = chatId(chat, false);
    if (id <= 0)
        return id < 0 ? -1 : 0;
    return deleteWhere(QStringLiteral("chat_id = ?"), {id});
}

qint64 HistoryWorker::clearAll()
{
    if (!flush())
        return -1;
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM messages")) || !q.next())
        return -1;
    const qint64 count = q.value(0).toLongLong();
    const bool ok =
        q.exec(QStringLiteral("BEGIN IMMEDIATE")) &&
        q.exec(QStringLiteral("INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')")) &&
        q.exec(QStringLiteral("DELETE FROM messages")) &&
        q.exec(QStringLiteral("DELETE FROM chats")) &&
        q.exec(QStringLiteral("DELETE FROM networks")) && q.exec(QStringLiteral("COMMIT"));
    if (!ok) {
        q.exec(QStringLiteral("ROLLBACK"));
        return -1;
    }
    m_networks.clear();
    m_chats.clear();
    return count;
}

qint64 HistoryWorker::purgeOlderThan(const QDateTime& cutoff)
{
    if (!flush())
        return -1;
    return deleteWhere(QStringLiteral("time < ?"), {cutoff.toMSecsSinceEpoch()});
}

void HistoryWorker::purgeNow()
{
    if (m_open && m_retentionDays > 0)
        purgeOlderThan(QDateTime::currentDateTimeUtc().addDays(-m_retentionDays));
}

void HistoryWorker::setRetentionDays(int days)
{
    m_retentionDays = std::max(0, days);
    if (m_retentionDays == 0) {
        m_retentionTimer->stop();
        return;
    }
    purgeNow();
    if (m_open)
        m_retentionTimer->start();
}

} // namespace history
