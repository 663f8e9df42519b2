// SPDX-License-Identifier: GPL-3.0-or-later
// ChatSession's DCC file transfers: netcore's DccManager beside the session's client, in its
// loop thread; each transfer event goes to the GUI thread as transferChanged.

#include "bridge/chatsession.h"

#include "chatsession_worker.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace bridge {

namespace dcc = netcore::irc::dcc;

namespace {

TransferInfo::State toState(dcc::TransferState state)
{
    switch (state) {
    case dcc::TransferState::Offered:
        return TransferInfo::State::Offered;
    case dcc::TransferState::Waiting:
        return TransferInfo::State::Waiting;
    case dcc::TransferState::Connecting:
        return TransferInfo::State::Connecting;
    case dcc::TransferState::Transferring:
        return TransferInfo::State::Transferring;
    case dcc::TransferState::Done:
        return TransferInfo::State::Done;
    case dcc::TransferState::Failed:
        return TransferInfo::State::Failed;
    }
    return TransferInfo::State::Failed;
}

TransferChange toChange(dcc::TransferEvent::Kind kind)
{
    switch (kind) {
    case dcc::TransferEvent::Kind::Offered:
        return TransferChange::Offered;
    case dcc::TransferEvent::Kind::Refused:
        return TransferChange::Refused;
    case dcc::TransferEvent::Kind::Changed:
        return TransferChange::Changed;
    case dcc::TransferEvent::Kind::Progress:
        return TransferChange::Progress;
    case dcc::TransferEvent::Kind::Problem:
        return TransferChange::Problem;
    }
    return TransferChange::Problem;
}

TransferInfo toTransferInfo(const dcc::TransferInfo& t)
{
    TransferInfo info;
    info.id = t.id;
    info.sending = t.direction == dcc::Direction::Send;
    info.state = toState(t.state);
    info.nick = toQString(t.nick);
    info.peerAddress = toQString(t.peerAddress);
    info.offeredName = toQString(t.offeredName);
    info.safeName = toQString(dcc::safeFileName(t.offeredName));
    info.path = toQString(t.path);
    info.size = t.size ? static_cast<qint64>(*t.size) : -1;
    info.position = static_cast<qint64>(t.position);
    info.resumedFrom = static_cast<qint64>(t.resumedFrom);
    info.passive = t.passive;
    info.bytesPerSecond = t.bytesPerSecond;
    if (const auto left = t.timeLeft())
        info.secondsLeft = left->count();
    if (t.error) {
        info.error = toQString(t.error.describe());
        info.errorName = toQString(netcore::errorName(t.error.code));
    }
    return info;
}

} // namespace

QString transferStateText(TransferInfo::State state)
{
    switch (state) {
    case TransferInfo::State::Offered:
        return QCoreApplication::translate("bridge", "offered");
    case TransferInfo::State::Waiting:
        return QCoreApplication::translate("bridge", "waiting");
    case TransferInfo::State::Connecting:
        return QCoreApplication::translate("bridge", "connecting");
    case TransferInfo::State::Transferring:
        return QCoreApplication::translate("bridge", "transferring");
    case TransferInfo::State::Done:
        return QCoreApplication::translate("bridge", "done");
    case TransferInfo::State::Failed:
        return QCoreApplication::translate("bridge", "failed");
    }
    return {};
}

void ChatSession::startTransfers()
{
    qRegisterMetaType<bridge::TransferInfo>();
    qRegisterMetaType<bridge::TransferChange>();
    Worker* worker = m_worker.get();
    worker->dcc = std::make_unique<dcc::DccManager>(
        *worker->loop, *worker->client, dcc::DccOptions{}, [this](const dcc::TransferEvent& t) {
            // In the loop thread: converted, and queued to the GUI thread.
            const TransferChange change = toChange(t.kind);
            const TransferInfo info = toTransferInfo(t.info);
            const QString text = toQString(t.text);
            QMetaObject::invokeMethod(
                this, [this, change, info, text] { emit transferChanged(change, info, text); },
                Qt::QueuedConnection);
        });
}

void ChatSession::sendFile(const QString& nick, const QString& path, bool passive)
{
    m_worker->postDcc([this, n = toStdString(nick), p = toStdString(path), passive](auto& d) {
        netcore::NetError error;
        if (d.sendFile(n, p, passive, &error) != 0)
            return;
        TransferInfo info;
        info.sending = true;
        info.state = TransferInfo::State::Failed;
        info.nick = toQString(n);
        info.path = toQString(p);
        info.error = toQString(error.describe());
        info.errorName = toQString(netcore::errorName(error.code));
        QMetaObject::invokeMethod(
            this, [this, info] { emit transferChanged(TransferChange::Problem, info, info.error); },
            Qt::QueuedConnection);
    });
}

void ChatSession::acceptTransfer(quint64 id, const QString& directory)
{
    m_worker->postDcc([id, dir = toStdString(directory)](auto& d) {
        netcore::NetError error;
        d.accept(id, dir, &error); // a failure ends the transfer: Failed, with the error
    });
}

void ChatSession::acceptTransferAs(quint64 id, const QString& filePath)
{
    m_worker->postDcc([id, path = toStdString(filePath)](auto& d) {
        netcore::NetError error;
        d.acceptAs(id, path, &error);
    });
}

void ChatSession::declineTransfer(quint64 id)
{
    m_worker->postDcc([id](auto& d) { d.decline(id); });
}

void ChatSession::cancelTransfer(quint64 id)
{
    m_worker->postDcc([id](auto& d) { d.cancel(id); });
}

void ChatSession::forgetTransfer(quint64 id)
{
    m_worker->postDcc([id](auto& d) { d.forget(id); });
}

} // namespace bridge
