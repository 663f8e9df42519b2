// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Opening the history file: looking at it before SQLite does, checking that it is a LanChat
// history file of a version this build understands, and taking it to the current version
// (HistorySchema's migrations). Nothing here ever deletes, renames or overwrites a file that is
// refused (docs/history.md lists the checks, in order).
//
// Also the one migration that cannot run at open: chats stored by a LanChat from before the
// caller folded names (history version 3 and older) were folded here, rfc1459 style. The new
// folding is the server's CASEMAPPING, which only the caller knows, so such a chat is moved to
// its new folded name the first time a key asks for it (adoptLegacyChat).

#include "history/historytypes.h"

#include <QSqlDatabase>
#include <QString>

namespace history {

class HistoryFile
{
public:
    // Opens `path` as the Qt SQL connection `connectionName` (in the calling thread), creating
    // or migrating it. "" on success, with the largest stored message id in `maxId`; otherwise
    // why the file is not used, and the connection is removed again.
    static QString open(const QString& path, const QString& connectionName, qint64* maxId);
    // Closes and removes the connection.
    static void close(const QString& connectionName);

    // The folding this store used before the caller folded names (LanChat before issue 13):
    // QString::toLower, then rfc1459's []\~ -> {}|^. Only for finding chats in such files.
    static QString legacyFoldChatName(const QString& name);

    // Finds the chat of `chat` on `networkId` that an older LanChat stored under
    // legacyFoldChatName(chat.chat), if no key of the new kind has taken it yet, and moves it to
    // chat.folded: from then on it is found by that directly. Its id, 0 when there is none, -1
    // with `error` set when the lookup or the move fails. Old files merged names that differ
    // only in []\~ versus {}|^ into one chat; the first of them asked for after the upgrade
    // takes those lines.
    static qint64 adoptLegacyChat(const QSqlDatabase& db, qint64 networkId, const ChatKey& chat,
                                  QString* error);
};

} // namespace history
