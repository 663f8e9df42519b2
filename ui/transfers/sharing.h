// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Sharing with a room through the host (FILEHOST) and pictures in the chat: files dropped on
// a room or chosen with Chat > Share file..., and pictures pasted into the input line, are
// uploaded to the host the chat is on and their links posted; a link to a picture on that host
// (and a picture received by DCC) is shown as a thumbnail under its line, which opens the
// picture; a link to another kind of file there gets a line with its name and a Download link. Only pictures from the host the chat is on and from DCC are fetched or shown: a
// link to anywhere else stays a link (privacy). Pictures are decoded with limits (bytes,
// dimensions, memory); one that cannot be shown gets a line saying so.

#include <QHash>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

namespace bridge {
class ChatSession;
struct ChatEvent;
} // namespace bridge

namespace ui {

class ChatHistory;
class ChatPage;
class ChatRouter;

class Sharing : public QObject
{
    Q_OBJECT

public:
    // Pictures go through `history`'s hold-back, so a thumbnail comes under its line.
    Sharing(ChatRouter* router, ChatHistory* history, QObject* parent = nullptr);

    // Follows the session's messages (for links to pictures) and its uploads.
    void watch(bridge::ChatSession* session);
    // Uploads each file to the chat's host and posts its link in the chat.
    void share(ChatPage* page, const QStringList& files);
    // A pasted picture, as a PNG.
    void sharePicture(ChatPage* page, const QImage& image);
    // A picture on this computer (received by DCC) as a thumbnail in `page`; false if the file
    // is not a picture that can be shown.
    bool showLocalPicture(ChatPage* page, const QString& path, const QString& caption);

    // The thumbnail of picture bytes: at most ThumbnailSize, decoded within the limits below;
    // nullopt and *why when they are not a picture that can be shown.
    static std::optional<QImage> thumbnail(const QByteArray& bytes, QString* why);
    static constexpr int MaxPictureBytes = 8 << 20;
    static constexpr int MaxPictureSide = 12000;
    static constexpr int ThumbnailWidth = 320;
    static constexpr int ThumbnailHeight = 240;

private:
    void handleEvent(bridge::ChatSession* session, const bridge::ChatEvent& event);
    void handleUploaded(bridge::ChatSession* session, quint64 id, const QString& url,
                        const QString& error);
    void handleFetched(bridge::ChatSession* session, quint64 id, const QString& url,
                       const QByteArray& bytes, const QString& error);
    bool startUpload(ChatPage* page, quint64 id, const QString& name);

    struct Pending
    {
        QPointer<ChatPage> page;
        QString name;
    };
    void showPicture(ChatPage* page, const QImage& image, const QUrl& href, const QString& caption);

    ChatRouter* m_router;
    ChatHistory* m_history;
    QHash<QPair<const bridge::ChatSession*, quint64>, Pending> m_uploads;
    QHash<QPair<const bridge::ChatSession*, quint64>, Pending> m_fetches;
};

} // namespace ui
