// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs what the user typed in a chat (parsed by ChatCommands): text to say, or a slash command
// asked of the chat's session, each as one of its typed operations (no IRC text here).

#include <QObject>

namespace bridge {
class ChatSession;
} // namespace bridge

namespace ui {

class ChatEventHandler;
class ChatPage;
class ChatRouter;
struct ChatCommand;

class CommandRunner : public QObject
{
    Q_OBJECT

public:
    // Neither owned; both outlive the runner.
    CommandRunner(ChatRouter* router, ChatEventHandler* events, QObject* parent = nullptr);

    // A line typed in `page`'s input.
    void handleLine(ChatPage* page, const QString& line);
    void run(ChatPage* page, const ChatCommand& command);

signals:
    // /quit: the session is to be closed (the window's SessionList does it).
    void quitRequested(bridge::ChatSession* session, const QString& reason);
    // /join in a session that has ended: connect it again, with `room` among its rooms.
    void reconnectRequested(bridge::ChatSession* session, const QString& room);
    // /dcc send nick file: the window offers the file (and shows it in Transfers).
    void sendFileRequested(bridge::ChatSession* session, const QString& nick, const QString& file);

private:
    ChatRouter* m_router;
    ChatEventHandler* m_events;
};

} // namespace ui
