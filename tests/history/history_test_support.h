// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the history suites: lines to store, and waiting for their commit.

#include "history/historystore.h"

#include "netcore/irc/casemapping.h"

#include <QFile>
#include <QFuture>
#include <QSignalSpy>
#include <QTest>

namespace historytest {

using netcore::irc::CaseMapping;

// A chat name folded as the window gets it from the bridge's session: by the server's
// CASEMAPPING (a LanChat host says ascii), with netcore's one folding rule.
inline QString fold(const QString& name, CaseMapping mapping = CaseMapping::Ascii)
{
    return QString::fromStdString(netcore::irc::foldCase(name.toStdString(), mapping));
}

inline history::ChatKey chatKey(const QString& network, const QString& hostId, const QString& chat,
                                CaseMapping mapping = CaseMapping::Ascii)
{
    return {network, hostId, chat, fold(chat, mapping)};
}

inline history::ChatKey room(const QString& name = QStringLiteral("#lan"),
                             CaseMapping mapping = CaseMapping::Ascii)
{
    return chatKey(QStringLiteral("LanNet"), QStringLiteral("host-1"), name, mapping);
}

inline history::ChatKey privateChat(const QString& nick = QStringLiteral("bob"))
{
    return chatKey(QStringLiteral("LanNet"), QStringLiteral("host-1"), nick);
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
