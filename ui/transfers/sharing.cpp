// SPDX-License-Identifier: GPL-3.0-or-later
#include "transfers/sharing.h"

#include "bridge/chatsession.h"
#include "chat/chathistory.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"
#include "chat/holdback.h"
#include "chat/messageview.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QLocale>
#include <QPainter>
#include <QRegularExpression>

namespace ui {

namespace {

bool pictureName(const QString& name)
{
    static const QRegularExpression picture(QStringLiteral(R"(\.(png|jpe?g|gif|webp|bmp)$)"),
                                            QRegularExpression::CaseInsensitiveOption);
    return picture.match(name).hasMatch();
}

// A shared file that may be a picture: the type the host serves it with, or its name (a client
// that uploaded it without a type).
bool mayBePicture(const QString& contentType, const QString& name)
{
    return contentType.startsWith(QLatin1String("image/")) || pictureName(name);
}

QString now()
{
    return QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
}

} // namespace

Sharing::Sharing(ChatRouter* router, ChatHistory* history, QObject* parent)
    : QObject(parent)
    , m_router(router)
    , m_history(history)
{
    // A picture that would take more memory than this is refused by Qt's decoder itself.
    QImageReader::setAllocationLimit(256);
}

void Sharing::watch(bridge::ChatSession* session)
{
    connect(session, &bridge::ChatSession::event, this,
            [this, session](const bridge::ChatEvent& e) { handleEvent(session, e); });
    connect(session, &bridge::ChatSession::uploadFinished, this,
            [this, session](quint64 id, const QString& url, const QString& error) {
                handleUploaded(session, id, url, error);
            });
    connect(
        session, &bridge::ChatSession::imageFetched, this,
        [this, session](quint64 id, const QString& url, const QByteArray& bytes, const QString&,
                        const QString& error) { handleFetched(session, id, url, bytes, error); });
    connect(
        session, &bridge::ChatSession::fileInfoFetched, this,
        [this, session](quint64 id, const QString& url, qint64 size, const QString& type,
                        const QString& error) { handleInfo(session, id, url, size, type, error); });
}

bool Sharing::startUpload(ChatPage* page, quint64 id, const QString& name)
{
    m_uploads.insert({page->session(), id}, {page, name});
    page->view()->addEvent(QDateTime::currentDateTime(), tr("Sharing %1...").arg(name));
    return true;
}

void Sharing::share(ChatPage* page, const QStringList& files)
{
    bridge::ChatSession* session = page->session();
    if (!session)
        return;
    if (session->fileHostUrl().isEmpty()) {
        page->view()->addError(QDateTime::currentDateTime(),
                               tr("This host does not share files. To send a file to one person, "
                                  "drop it on your private chat with them."));
        return;
    }
    for (const auto& file : files)
        startUpload(page, session->uploadFile(file), QFileInfo(file).fileName());
}

void Sharing::sharePicture(ChatPage* page, const QImage& image)
{
    bridge::ChatSession* session = page->session();
    if (!session)
        return;
    if (session->fileHostUrl().isEmpty()) {
        page->view()->addError(QDateTime::currentDateTime(),
                               tr("This host does not share files, so a picture cannot be "
                                  "pasted here."));
        return;
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        page->view()->addError(QDateTime::currentDateTime(), tr("The picture could not be saved."));
        return;
    }
    const QString name = QStringLiteral("picture-%1.png").arg(now());
    startUpload(page, session->uploadData(png, name, QStringLiteral("image/png")), name);
}

void Sharing::handleUploaded(bridge::ChatSession* session, quint64 id, const QString& url,
                             const QString& error)
{
    const Pending pending = m_uploads.take({session, id});
    if (!pending.page)
        return;
    if (!error.isEmpty()) {
        pending.page->view()->addError(QDateTime::currentDateTime(),
                                       tr("Sharing %1 failed: %2").arg(pending.name, error));
        return;
    }
    // The link, said in the chat: every client shows it; LanChat shows a picture's thumbnail.
    session->sendMessage(pending.page->target(), url);
}

void Sharing::handleEvent(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    using K = bridge::ChatEvent::Kind;
    if (e.kind != K::Message && e.kind != K::Action && e.kind != K::Notice)
        return;
    // Most lines have no link to a shared file: a quick look before the links are sought.
    if (session->fileHostUrl().isEmpty() || !e.text.contains(QLatin1String("/files/")))
        return;
    const QString chat = !e.room.isEmpty() ? e.room : (e.self ? e.target : e.nick);
    ChatPage* page = m_router->page(session, chat);
    if (!page)
        return;
    for (const QUrl& url : MessageView::linksIn(e.text)) {
        // Only the host this chat is on: no fetching of links to anywhere else.
        if (!session->isSharedFileLink(url))
            continue;
        // First its size and type (HEAD), then, for a picture, its bytes.
        const QString name = url.fileName(QUrl::FullyDecoded);
        const quint64 id = session->fetchFileInfo(url.toString());
        m_infos.insert({session, id}, {page, name.isEmpty() ? url.path() : name});
    }
}

void Sharing::handleInfo(bridge::ChatSession* session, quint64 id, const QString& url, qint64 size,
                         const QString& contentType, const QString& error)
{
    Pending pending = m_infos.take({session, id});
    if (!pending.page)
        return;
    pending.size = size;
    if (!error.isEmpty()) {
        showFileLine(pending, QUrl(url), tr("it cannot be reached: %1").arg(error));
        return;
    }
    if (!mayBePicture(contentType, pending.name)) {
        showFileLine(pending, QUrl(url), {});
        return;
    }
    if (size > MaxPictureBytes) {
        showFileLine(pending, QUrl(url),
                     tr("too large to show here (over %1 MiB)").arg(MaxPictureBytes >> 20));
        return;
    }
    m_fetches.insert({session, session->fetchImage(url)}, pending);
}

void Sharing::handleFetched(bridge::ChatSession* session, quint64 id, const QString& url,
                            const QByteArray& bytes, const QString& error)
{
    const Pending pending = m_fetches.take({session, id});
    if (!pending.page)
        return;
    QString why = error;
    if (why.isEmpty()) {
        if (const auto image = thumbnail(bytes, &why)) {
            showPicture(pending.page, *image, QUrl(url), pending.name);
            return;
        }
    }
    // A picture that cannot be shown is still a file: its line, with why.
    showFileLine(pending, QUrl(url), tr("the picture cannot be shown: %1").arg(why));
}

// "Shared file: report.pdf, 1.2 MB  Download", after the lines still waiting to be stored.
void Sharing::showFileLine(const Pending& file, const QUrl& url, const QString& note)
{
    QString line =
        file.size >= 0
            ? tr("Shared file: %1, %2").arg(file.name, QLocale().formattedDataSize(file.size))
            : tr("Shared file: %1").arg(file.name);
    if (!note.isEmpty())
        line += QStringLiteral(" (%1)").arg(note);
    const QDateTime now = QDateTime::currentDateTime();
    m_history->holdBack()->add(file.page, 0, line, [=](MessageView* v) {
        v->addEventLink(now, line, tr("Download"), url);
    });
}

bool Sharing::showLocalPicture(ChatPage* page, const QString& path, const QString& caption)
{
    if (!pictureName(path))
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > MaxPictureBytes)
        return false;
    QString why;
    const auto image = thumbnail(file.readAll(), &why);
    if (!image)
        return false;
    showPicture(page, *image, QUrl::fromLocalFile(path), caption);
    return true;
}

// After the lines still waiting to be stored (its own line among them), never above them.
void Sharing::showPicture(ChatPage* page, const QImage& image, const QUrl& href,
                          const QString& caption)
{
    // A thin frame, so a picture with a white edge does not melt into the chat.
    QImage framed = image.convertToFormat(QImage::Format_ARGB32);
    QPainter painter(&framed);
    painter.setPen(QColor(128, 128, 128, 160));
    painter.drawRect(framed.rect().adjusted(0, 0, -1, -1));
    painter.end();
    m_history->holdBack()->add(page, 0, caption,
                               [=](MessageView* v) { v->addPicture(framed, href, caption); });
}

std::optional<QImage> Sharing::thumbnail(const QByteArray& bytes, QString* why)
{
    if (bytes.size() > MaxPictureBytes) {
        *why = tr("it is larger than %1 MiB").arg(MaxPictureBytes >> 20);
        return std::nullopt;
    }
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    if (!reader.canRead()) {
        *why = tr("it is not a picture LanChat can read");
        return std::nullopt;
    }
    const QSize size = reader.size();
    if (!size.isValid() || size.width() > MaxPictureSide || size.height() > MaxPictureSide) {
        *why =
            tr("its size (%1 x %2) is beyond what is shown").arg(size.width()).arg(size.height());
        return std::nullopt;
    }
    if (size.width() > ThumbnailWidth || size.height() > ThumbnailHeight)
        reader.setScaledSize(size.scaled(ThumbnailWidth, ThumbnailHeight, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull()) {
        *why = reader.errorString();
        return std::nullopt;
    }
    return image;
}

} // namespace ui
