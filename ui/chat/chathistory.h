// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The window's side of the chat history (ui/history): the lines of rooms and private chats go
// to the store and are shown once stored, through the bounded hold-back (holdback.h); a chat
// that opens shows its stored lines above, and older pages as the reader scrolls up; export
// and clearing for the Chat menu.

#include "chat/holdback.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

class QWidget;

namespace bridge {
struct ChatEvent;
} // namespace bridge

namespace history {
class HistoryStore;
struct ChatKey;
struct SearchHit;
enum class Kind;
} // namespace history

namespace ui {

class ChatPage;

class ChatHistory : public QObject
{
    Q_OBJECT

public:
    // `store` (not owned) keeps its file at `path`; `dialogParent` is the window.
    ChatHistory(history::HistoryStore* store, QString path, QWidget* dialogParent);

    history::HistoryStore* store() const { return m_store; }
    HoldBack* holdBack() { return &m_holdBack; }
    bool isOpen() const;
    // Opens the file (retention in days, 0: forever); when it cannot be used, says why in a
    // box that does not block the window, which works on without history.
    void open(int retentionDays);
    // Shows what is waiting, then closes the file (history turned off in the settings).
    void close();
    void setRetentionDays(int days);

    // Where a page's lines are stored (invalid for a server tab or a closed chat).
    static history::ChatKey chatKey(const ChatPage* page);
    // A line of `page`: stored (rooms and private chats) and drawn once stored. `shown`: the
    // line's words when they are not `text` (an event's), for the shown-lines log.
    void present(ChatPage* page, history::Kind kind, const bridge::ChatEvent& e,
                 const QString& sender, const QString& text, HoldBack::Draw draw,
                 const QString& shown = {});
    // Asks the server for what was said in `page`'s chat after the last line stored here (its
    // latest lines when none is), if it keeps history (draft/chathistory).
    void catchUp(ChatPage* page);
    // Whether a line with this msgid was shown in `page`'s chat in this run.
    bool known(const ChatPage* page, const QString& msgId) const;
    // The chat's last `lines` stored lines above what it shows; older ones as it scrolls up.
    void restore(ChatPage* page, int lines);
    // Loads older pages into `page` until the line of `hit` is shown, and selects it.
    void showLine(ChatPage* page, const history::SearchHit& hit);

    // The Chat menu's actions on the current chat (`page`, nullptr or a server tab for none).
    void exportChat(ChatPage* page);
    void clear(ChatPage* page, bool all);

signals:
    // For the status bar.
    void message(const QString& text, int timeoutMs);

private:
    history::HistoryStore* m_store;
    QString m_path;
    QWidget* m_dialogParent;
    HoldBack m_holdBack;
    // The msgids shown in this run, by chat (network and folded name): a line the server's
    // history brings again is not shown twice. Bounded: a chat's set starts again past 10000.
    QHash<QString, QSet<QString>> m_seen;
};

} // namespace ui
