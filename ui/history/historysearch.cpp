// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historysearch.h"

#include "history/historysql.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QStringList>

namespace history {

namespace {

// The search snippet's markers: private-use characters, taken out again before a hit is given.
constexpr char16_t MarkStart = 0xE000;
constexpr char16_t MarkEnd = 0xE001;

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

// Takes FTS5's snippet apart: the text without the markers, and the marked ranges in it.
void setSnippet(SearchHit& hit, const QString& marked)
{
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
}

} // namespace

HistorySearch::HistorySearch(QString connectionName, ChatIds& ids)
    : m_connectionName(std::move(connectionName))
    , m_ids(ids)
{}

SearchResults HistorySearch::search(const QString& text, const std::optional<ChatKey>& scope,
                                    int limit)
{
    SearchResults results;
    qint64 scopeChat = 0;
    if (scope) {
        scopeChat = m_ids.chatId(*scope, false);
        if (scopeChat < 0)
            results.error = m_ids.lastError();
        if (scopeChat <= 0)
            return results; // nothing stored in that chat
    }
    const QString match = matchExpression(text, scopeChat);
    if (match.isEmpty())
        return results;

    const QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(database);
    q.setForwardOnly(true);
    // FTS5 walks its index newest first and stops at the limit: no sort over all matches.
    q.prepare(QStringLiteral("SELECT rowid, snippet(messages_fts, 0, char(57344), char(57345),"
                             " '…', 24) FROM messages_fts WHERE messages_fts MATCH ?"
                             " ORDER BY rowid DESC LIMIT ?"));
    q.addBindValue(match);
    q.addBindValue(limit);
    if (!q.exec()) {
        results.error = sql::errorText(q);
        return results;
    }
    QSqlQuery row(database);
    sql::prepareMessageQuery(row, QStringLiteral("WHERE m.id = ?"), sql::WithChat::Yes);
    while (q.next()) {
        row.bindValue(0, q.value(0));
        if (!row.exec() || !row.next())
            continue;
        SearchHit hit;
        const ChatKey chat = sql::chatAt(row);
        hit.message = sql::messageAt(row, chat);
        hit.locator = {chat, hit.message.id};
        setSnippet(hit, q.value(1).toString());
        results.hits.append(std::move(hit));
    }
    return results;
}

} // namespace history
