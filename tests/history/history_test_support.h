// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the history suites: lines to store, and waiting for their commit.

#include "history/historystore.h"

#include <QFile>
#include <QFuture>
#include <QSignalSpy>
#include <QTest>

namespace historytest {

inline history::ChatKey room(const QString& name = QStringLiteral("#lan"))
{
    return {QStringLiteral("LanNet"), QStringLiteral("host-1"), name};
}

inline history::ChatKey privateChat(const QString& nick = QStringLiteral("bob"))
{
    return {QStringLiteral("LanNet"), QStringLiteral("host-1"), nick};
}

inline history::Record line(const history::ChatKey& chat, const QString& sender,
                            const QString& text, history::Kind kind = history::Kind::Message)
{
    history::Record r;
    r.chat = chat;
    r.kind = kind;
    r.sender = sender;
    r.text = text;
    r.time = QDateTime::currentDateTimeUtc();
    return r;
}

// Waits until every line up to `id` is committed.
inline bool waitCommitted(history::HistoryStore& store, qint64 id, int timeoutMs = 10000)
{
    return QTest::qWaitFor([&] { return store.lastCommitted() >= id; }, timeoutMs);
}

template <typename T> T result(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

inline QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace historytest
