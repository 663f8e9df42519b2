// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/socketsmodel.h"

#include "bridge/tracefeed.h"
#include "inspector/inspectorcolors.h"
#include "inspector/inspectorroles.h"
#include "inspector/socketwords.h"

#include <QBrush>
#include <QColor>

namespace ui {

SocketsModel::SocketsModel(bridge::TraceFeed* feed, QObject* parent)
    : QAbstractTableModel(parent)
    , m_feed(feed)
    , m_ids(feed->socketIds())
{
    connect(feed, &bridge::TraceFeed::socketsChanged, this, &SocketsModel::handleSocketsChanged);
}

void SocketsModel::handleSocketsChanged()
{
    const QList<quint64> ids = m_feed->socketIds();
    if (ids == m_ids) {
        if (!m_ids.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_ids.size()) - 1, ColumnCount - 1));
        return;
    }
    // Sockets only come and go in whole (new ones are the highest ids, clearing removes
    // closed ones): a reset is simple and cheap for the few sockets a chat has.
    beginResetModel();
    m_ids = ids;
    endResetModel();
}

int SocketsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int SocketsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SocketsModel::tlsText(const bridge::SocketInfo& s)
{
    if (!s.tls)
        return {};
    if (s.tlsVersion.isEmpty())
        return s.closed ? tr("TLS, no handshake") : tr("TLS handshake\u2026");
    // The fingerprint's first three bytes ("3A:4F:9C"), enough to tell two certificates apart.
    return QStringLiteral("%1, %2, %3\u2026")
        .arg(s.tlsVersion, s.tlsCipher, s.tlsFingerprint.left(8));
}

int SocketsModel::rowOf(quint64 socket) const
{
    return int(m_ids.indexOf(socket));
}

quint64 SocketsModel::socketAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids[row] : 0;
}

QVariant SocketsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_ids.size())
        return {};
    const bridge::SocketInfo* s = m_feed->socket(m_ids[index.row()]);
    if (!s)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case IdColumn:
            return QString(QLatin1Char('#') + QString::number(s->id));
        case ProtocolColumn:
            return s->protocol;
        case RoleColumn:
            return SocketWords::role(s->role);
        case LocalColumn:
            return s->local;
        case RemoteColumn:
            return s->remote;
        case StateColumn:
            return SocketWords::state(s->state);
        case OsStateColumn:
            return osStateText(*s);
        case QueuesColumn:
            return queuesText(*s);
        case TlsColumn:
            return tlsText(*s);
        case BytesInColumn:
            return s->bytesIn;
        case BytesOutColumn:
            return s->bytesOut;
        case CallsInColumn:
            return s->callsIn;
        case CallsOutColumn:
            return s->callsOut;
        case AgeColumn: {
            // The age at the close, or at the last event seen (a trace file has no "now").
            const qint64 end = s->closed ? s->closedNs : s->lastNs;
            return QString(QString::number(double(end - s->openedNs) / 1e9, 'f', 1) +
                           QLatin1String(" s"));
        }
        case ErrorColumn:
            return s->lastError;
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == OsStateColumn) {
            if (s->osGone)
                return tr("The OS no longer lists this connection: it is gone.");
            return SocketWords::osStateMeaning(s->osState);
        }
        if (index.column() == QueuesColumn && s->sendQueue >= 0) {
            if (s->osState == QLatin1String("LISTEN"))
                return tr("%1 connections wait for accept(); the backlog holds %2")
                    .arg(s->receiveQueue)
                    .arg(s->sendQueue);
            return tr("%1 bytes sent but not yet acknowledged by the peer; %2 bytes received "
                      "but not yet read by the program")
                .arg(s->sendQueue)
                .arg(s->receiveQueue);
        }
        if (!s->tls)
            break;
        if (index.column() == TlsColumn && !s->tlsVersion.isEmpty())
            return tr("%1 with %2; the server's certificate: SHA-256 %3")
                .arg(s->tlsVersion, s->tlsCipher, s->tlsFingerprint);
        if (index.column() == BytesInColumn)
            return tr("%1 bytes of TLS records on the wire, carrying %2 bytes of plaintext")
                .arg(s->bytesIn)
                .arg(s->plainIn);
        if (index.column() == BytesOutColumn)
            return tr("%1 bytes of TLS records on the wire, carrying %2 bytes of plaintext")
                .arg(s->bytesOut)
                .arg(s->plainOut);
        break;
    case Qt::ForegroundRole:
        if (s->closed)
            return QBrush(inspector::quietText());
        if (!s->lastError.isEmpty() && index.column() == ErrorColumn)
            return QBrush(inspector::errorText());
        break;
    case inspector::SocketIdRole:
        return s->id;
    default:
        break;
    }
    return {};
}

QString SocketsModel::osStateText(const bridge::SocketInfo& socket)
{
    if (socket.osGone)
        return tr("gone");
    return socket.osState;
}

QString SocketsModel::queuesText(const bridge::SocketInfo& socket)
{
    if (socket.sendQueue < 0 || socket.receiveQueue < 0)
        return {};
    return QString::number(socket.sendQueue) + QLatin1String(" / ") +
           QString::number(socket.receiveQueue);
}

QVariant SocketsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const kNames[ColumnCount] = {
        QT_TR_NOOP("Id"),        QT_TR_NOOP("Proto"),       QT_TR_NOOP("Role"),
        QT_TR_NOOP("Local"),     QT_TR_NOOP("Remote"),      QT_TR_NOOP("State"),
        QT_TR_NOOP("TCP (OS)"),  QT_TR_NOOP("Queues (OS)"), QT_TR_NOOP("TLS"),
        QT_TR_NOOP("Bytes in"),  QT_TR_NOOP("Bytes out"),   QT_TR_NOOP("Calls in"),
        QT_TR_NOOP("Calls out"), QT_TR_NOOP("Age"),         QT_TR_NOOP("Last error")};
    return section >= 0 && section < ColumnCount ? tr(kNames[section]) : QVariant();
}

} // namespace ui
