// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The plain values the history store takes and gives: what a chat is, a message to store, a
// stored message, a page of them, a search hit. Every text here came from a peer or a server:
// it is data, to be shown as plain text.

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>

namespace history {

// What a stored line is (docs/history.md lists the names stored in the file).
enum class Kind
{
    Message,
    Action,
    Notice,
    Join,
    Part,
    Quit,
    Nick,
    Topic,
    System,
    Kick,
};
QString kindName(Kind kind);
std::optional<Kind> kindFromName(const QString& name);

// One chat: a room ("#lan", "&local") or a private chat (the peer's nick) on one network.
// The network is its IRC network name (ISUPPORT NETWORK, or the host address when the server
// gives none) and, for LanChat hosts, the stable host id (ISUPPORT HOSTID). When hostId is set
// it alone identifies the network, so a host at a new address or renamed keeps its history.
//
// `folded` is `chat` folded by the server's CASEMAPPING (ISUPPORT; netcore/irc/casemapping.h).
// The caller computes it: the window asks the bridge's session, which folds with the same rule
// as the client engine, so "#Lan" and "#LAN" are one chat here exactly when they are one room on
// that server. History cannot fold it itself (it is Qt Core and Sql only and must not include
// netcore); it stores and finds chats by `folded` and keeps `chat` as the name to show.
// A key with a chat but no folded name is a programming error: HistoryStore asserts in a debug
// build and refuses the call with a logged reason in a release build.
//
// Keys the store gives back (search hits, chats()) carry the folded name as stored: a chat not
// asked for since an older LanChat wrote it still has that version's folding (rfc1459, see
// HistoryFile::adoptLegacyChat), and moves to the caller's folded name when first asked for.
// Look chats up with keys the caller folded; a hit's Locator opens its line in any case.
struct ChatKey
{
    QString network;
    QString hostId;
    QString chat;
    QString folded;

    bool isRoom() const; // the name starts with #, &, + or !
    bool isValid() const { return !chat.isEmpty() && (!network.isEmpty() || !hostId.isEmpty()); }
    bool operator==(const ChatKey&) const = default;
};

// A line to store.
struct Record
{
    ChatKey chat;
    Kind kind = Kind::Message;
    QDateTime time;       // when it arrived (or was sent); invalid: now
    QDateTime serverTime; // the server-time tag, invalid if none
    QString msgId;        // the msgid tag, "" if none
    QString sender;       // a nick, "" for system lines
    QString text;
    bool self = false; // sent by this user
};

// A stored line. `id` orders a chat's lines (larger is newer) and is the ticket append() gave.
struct StoredMessage
{
    qint64 id = 0;
    Record record;
    bool history = true; // read back from the store (the view marks these as history)
};

// Some consecutive lines of one chat, oldest first.
struct Page
{
    QList<StoredMessage> messages;
    bool atStart = false; // nothing older is stored
    QString error;        // "" unless the read failed
};

// Where a search hit is: open `chat` around `messageId` (HistoryStore::loadAround).
struct Locator
{
    ChatKey chat;
    qint64 messageId = 0;
};

struct SearchHit
{
    Locator locator;
    StoredMessage message;
    // The matched text in context (cut with "…" when long) and the matched words in it as
    // (start, length) ranges of `snippet`.
    QString snippet;
    QList<std::pair<qsizetype, qsizetype>> highlights;
};

struct SearchResults
{
    QList<SearchHit> hits; // newest first
    QString error;
};

enum class ExportFormat
{
    PlainText,
    Html,
    Json,
};

// A stored chat, for a list of what history holds.
struct ChatInfo
{
    ChatKey chat;
    qint64 messages = 0;
    qint64 lastId = 0;
};

} // namespace history

Q_DECLARE_METATYPE(history::Record)
Q_DECLARE_METATYPE(history::StoredMessage)
Q_DECLARE_METATYPE(history::Page)
Q_DECLARE_METATYPE(history::SearchResults)
