// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Sharing with a room through the host (FILEHOST) and pictures in the chat: files dropped on
// a room or chosen with Chat > Share file..., and pictures pasted into the input line, are
// uploaded to the host the chat is on and their links posted; a link to a picture on that host
// (and a picture received by DCC) is shown as a thumbnail under its line, which opens the
// picture; a link to another kind of file there (or a picture that cannot be shown) gets a
// line with its name, its size and a Download link. Only links to the host the chat is on are
// asked about (their size and type first, then a picture's bytes), and pictures from DCC: a
// link to anywhere else stays a link, never fetched (privacy). Pictures are decoded with limits
// (bytes, dimensions, memory); one that cannot be shown gets a line saying so.

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
    void handleInfo(bridge::ChatSession* session, quint64 id, const QString& url, qint64 size,
                    const QString& contentType, const QString& error);
    void handleFetched(bridge::ChatSession* session, quint64 id, const QString& url,
                       const QByteArray& bytes, const QString& error);
    bool startUpload(ChatPage* page, quint64 id, const QString& name);

    struct Pending
    {
        QPointer<ChatPage> page;
        QString name;
        qint64 size = -1; // a shared file's, as the host said it (-1: not known)
    };
    void showFileLine(const Pending& file, const QUrl& url, const QString& note);
    void showPicture(ChatPage* page, const QImage& image, const QUrl& href, const QString& caption);

    ChatRouter* m_router;
    ChatHistory* m_history;
    QHash<QPair<const bridge::ChatSession*, quint64>, Pending> m_uploads;
    QHash<QPair<const bridge::ChatSession*, quint64>, Pending> m_infos;   // HEADs
    QHash<QPair<const bridge::ChatSession*, quint64>, Pending> m_fetches; // pictures' bytes
};

} // namespace ui
