// SPDX-License-Identifier: GPL-3.0-or-later
// ChatSession's FILEHOST: uploads to the host's file host and pictures fetched back from it,
// by netcore's FileHostClient beside the session's client, in its loop thread; each answer goes
// to the GUI thread as a queued signal. The bridge's request ids are its own (given in the GUI
// thread, so that the slots return them at once); the loop thread maps them to the client's.

#include "bridge/chatsession.h"

#include "chatsession_worker.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QMimeDatabase>

namespace bridge {

namespace irc = netcore::irc;

namespace {

// The URL as this session may use it: a plain http:// URL is refused on a TLS session (the
// filehost extension has clients do so: the file would travel in the clear).
std::string usableFileHost(const std::string& advertised, bool tls)
{
    const auto url = irc::parseHttpUrl(advertised);
    if (!url || (tls && !url->tls))
        return {};
    return advertised;
}

QString noFileHost()
{
    return QCoreApplication::translate(
        "bridge", "this host does not share files (it advertises no FILEHOST)");
}

QString notStarted()
{
    return QCoreApplication::translate("bridge", "the session has not started");
}

// How https uploads and fetches trust the host: as the IRC connection does (the fingerprint
// pinned for it, or the certificate it accepted), else by the system's trust store.
netcore::TlsClientOptions tlsOptions(const irc::IrcClient& client, const SessionSettings& settings)
{
    netcore::TlsClientOptions options;
    options.pinnedFingerprint = toStdString(settings.tlsFingerprint);
    if (options.pinnedFingerprint.empty()) {
        if (const auto info = client.tlsInfo(); info && (info->pinned || info->trusted))
            options.pinnedFingerprint = info->fingerprint;
    }
    return options;
}

// An upload's work in the loop thread (`w`: the session's Worker): to the URL the engine knows
// now, with the session's password as HTTP Basic when it has one.
auto uploadJob(ChatSession* self, irc::FileUploadRequest request)
{
    return [self, request = std::move(request)](auto& w, quint64 id) mutable {
        const SessionSettings& settings = self->settings();
        request.url = usableFileHost(w.client->fileHostUrl(), settings.tls);
        if (request.url.empty()) {
            QMetaObject::invokeMethod(
                self, [self, id] { emit self->uploadFinished(id, {}, noFileHost()); },
                Qt::QueuedConnection);
            return;
        }
        if (!settings.password.isEmpty()) {
            request.user = w.client->nick();
            request.password = toStdString(settings.password);
        }
        w.files->setTlsOptions(tlsOptions(*w.client, settings));
        const auto requests = &w.fileRequests;
        w.fileRequests[id] = w.files->upload(
            std::move(request),
            [self, requests, id](irc::FileHostClient::Id, const irc::FileUploadResult& r) {
                requests->erase(id);
                const QString url = toQString(r.location);
                const QString error = r.error ? toQString(r.error.describe()) : QString();
                QMetaObject::invokeMethod(
                    self, [self, id, url, error] { emit self->uploadFinished(id, url, error); },
                    Qt::QueuedConnection);
            },
            [self, id](irc::FileHostClient::Id, std::uint64_t sent, std::uint64_t total) {
                QMetaObject::invokeMethod(
                    self,
                    [self, id, sent = qint64(sent), total = qint64(total)] {
                        emit self->uploadProgress(id, sent, total);
                    },
                    Qt::QueuedConnection);
            });
    };
}

} // namespace

void ChatSession::updateFileHost(const QString& advertised)
{
    const QString usable = toQString(usableFileHost(toStdString(advertised), m_settings.tls));
    if (usable == m_fileHostUrl)
        return;
    m_fileHostUrl = usable;
    emit fileHostChanged(m_fileHostUrl);
}

bool ChatSession::isSharedFileLink(const QUrl& url) const
{
    if (m_fileHostUrl.isEmpty() || !url.isValid())
        return false;
    const auto host = irc::parseHttpUrl(toStdString(m_fileHostUrl));
    const auto link = irc::parseHttpUrl(toStdString(url.toString(QUrl::FullyEncoded)));
    return host && link && irc::sameOrigin(*host, *link) && url.path().startsWith(u"/files/");
}

quint64 ChatSession::startFileRequest(std::function<void(Worker&, quint64)> begin,
                                      std::function<void(quint64)> refuse)
{
    const quint64 id = ++m_lastFileRequest;
    Worker* worker = m_worker.get();
    if (!worker->loop) {
        QMetaObject::invokeMethod(
            this, [id, refuse = std::move(refuse)] { refuse(id); }, Qt::QueuedConnection);
        return id;
    }
    worker->loop->post([worker, id, begin = std::move(begin)] {
        if (!worker->client)
            return; // the session is going
        if (!worker->files)
            worker->files = std::make_unique<irc::FileHostClient>(*worker->loop);
        begin(*worker, id);
    });
    return id;
}

quint64 ChatSession::uploadFile(const QString& path)
{
    irc::FileUploadRequest request;
    request.localPath = toStdString(path);
    // Its type as a browser would send it (by name, then content), so the host serves a
    // picture as one and a text as text.
    request.contentType = toStdString(QMimeDatabase().mimeTypeForFile(path).name());
    return startFileRequest(uploadJob(this, std::move(request)),
                            [this](quint64 id) { emit uploadFinished(id, {}, notStarted()); });
}

quint64 ChatSession::uploadData(const QByteArray& bytes, const QString& fileName,
                                const QString& contentType)
{
    irc::FileUploadRequest request;
    request.bytes = bytes.toStdString();
    request.fileName = toStdString(fileName);
    request.contentType = toStdString(contentType);
    return startFileRequest(uploadJob(this, std::move(request)),
                            [this](quint64 id) { emit uploadFinished(id, {}, notStarted()); });
}

quint64 ChatSession::fetchImage(const QString& url)
{
    return fetchFromFileHost(url, false);
}

quint64 ChatSession::fetchFileInfo(const QString& url)
{
    return fetchFromFileHost(url, true);
}

quint64 ChatSession::fetchFromFileHost(const QString& url, bool headOnly)
{
    irc::FileFetchRequest request;
    request.url = toStdString(url);
    request.maxBytes = MaxImageBytes;
    request.headOnly = headOnly;
    auto begin = [this, request, url, headOnly](Worker& w, quint64 id) mutable {
        // Only from the FILEHOST as the engine knows it now: none refuses every URL.
        request.allowedOrigin = usableFileHost(w.client->fileHostUrl(), m_settings.tls);
        w.files->setTlsOptions(tlsOptions(*w.client, m_settings));
        const auto requests = &w.fileRequests;
        w.fileRequests[id] = w.files->fetch(std::move(request), [this, requests, id, url, headOnly](
                                                                    irc::FileHostClient::Id,
                                                                    const irc::FileFetchResult& r) {
            requests->erase(id);
            const QByteArray bytes = r.error ? QByteArray() : QByteArray::fromStdString(r.bytes);
            const qint64 size = r.size ? static_cast<qint64>(*r.size) : -1;
            const QString type = toQString(r.contentType);
            const QString error = r.error ? toQString(r.error.describe()) : QString();
            QMetaObject::invokeMethod(
                this,
                [this, id, url, bytes, size, type, error, headOnly] {
                    if (headOnly)
                        emit fileInfoFetched(id, url, size, type, error);
                    else
                        emit imageFetched(id, url, bytes, type, error);
                },
                Qt::QueuedConnection);
        });
    };
    return startFileRequest(std::move(begin), [this, url, headOnly](quint64 id) {
        if (headOnly)
            emit fileInfoFetched(id, url, -1, {}, notStarted());
        else
            emit imageFetched(id, url, {}, {}, notStarted());
    });
}

void ChatSession::cancelFileRequest(quint64 id)
{
    m_worker->post([worker = m_worker.get(), id](auto&) {
        const auto it = worker->fileRequests.find(id);
        if (it == worker->fileRequests.end() || !worker->files)
            return;
        worker->files->cancel(it->second);
        worker->fileRequests.erase(it);
    });
}

} // namespace bridge
