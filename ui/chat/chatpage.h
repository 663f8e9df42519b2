// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One chat tab: a room (topic line, messages, its user list), a private chat, or a host's
// server messages; an input line under it.

#include "bridge/chatevent.h"
#include "bridge/chatsession.h"

#include <QPointer>
#include <QSet>
#include <QWidget>

class QLineEdit;
class QMimeData;
class QListWidget;
class QSplitter;

namespace ui {

class InputLine;
class MessageView;

class ChatPage : public QWidget
{
    Q_OBJECT

public:
    enum class Kind
    {
        Server, // the host's own messages (MOTD, errors, server notices)
        Room,
        Private,
    };

    ChatPage(bridge::ChatSession* session, Kind kind, const QString& target,
             QWidget* parent = nullptr);

    bridge::ChatSession* session() const { return m_session; }
    Kind kind() const { return m_kind; }
    // The room or nick this tab talks to ("" for a server tab).
    QString target() const { return m_target; }
    void setTarget(const QString& target); // a private chat's partner changed nick
    // A tab for the chat's title: "#lan", "bob", or the host's address.
    QString title() const;

    MessageView* view() const { return m_view; }
    InputLine* input() const { return m_input; }
    void setTopic(const QString& topic);
    QString topic() const;
    // The room's members as its session knows them, with their away marks.
    void setMembers(const QList<bridge::RoomMember>& members);
    QStringList nicks() const;
    // The members as shown, "@alice", "+bob (away)", for tests and accessibility.
    QStringList shownMembers() const;

    // Local files dropped on a private chat (to be sent to its person).
    static QStringList droppedFiles(const QMimeData* data);

signals:
    void lineEntered(const QString& line);
    void memberActivated(const QString& nick);
    // Files dropped on a chat (a private chat sends them to its person; a room shares them);
    // "Send file..." on a member of a room; a picture pasted into the input line.
    void filesDropped(const QStringList& files);
    void imagePasted(const QImage& image);
    void sendFileRequested(const QString& nick);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPointer<bridge::ChatSession> m_session;
    Kind m_kind;
    QString m_target;
    QLineEdit* m_topic = nullptr;
    MessageView* m_view = nullptr;
    QListWidget* m_members = nullptr;
    InputLine* m_input = nullptr;
    QStringList m_nicks;
};

} // namespace ui
