// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/socketwords.h"

namespace ui {

QString SocketWords::role(bridge::SocketRole role)
{
    switch (role) {
    case bridge::SocketRole::Listener:
        return tr("listener");
    case bridge::SocketRole::Accepted:
        return tr("accepted");
    case bridge::SocketRole::Outgoing:
        return tr("outgoing");
    case bridge::SocketRole::PresenceListener:
        return tr("presence listener");
    case bridge::SocketRole::PresenceSender:
        return tr("presence sender");
    case bridge::SocketRole::Udp:
        return tr("udp");
    case bridge::SocketRole::DccListener:
        return tr("DCC listener");
    case bridge::SocketRole::DccSend:
        return tr("DCC send");
    case bridge::SocketRole::DccReceive:
        return tr("DCC receive");
    case bridge::SocketRole::Unknown:
        break;
    }
    return {};
}

QString SocketWords::state(bridge::SocketState state)
{
    switch (state) {
    case bridge::SocketState::Created:
        return tr("created");
    case bridge::SocketState::Bound:
        return tr("bound");
    case bridge::SocketState::Listening:
        return tr("listening");
    case bridge::SocketState::Connecting:
        return tr("connecting");
    case bridge::SocketState::Connected:
        return tr("connected");
    case bridge::SocketState::HalfClosed:
        return tr("half-closed");
    case bridge::SocketState::Closed:
        return tr("closed");
    }
    return {};
}

QString SocketWords::osStateMeaning(const QString& name)
{
    static const struct
    {
        const char* name;
        const char* meaning;
    } kMeanings[] = {
        {"LISTEN", QT_TR_NOOP("The socket waits for connections: listen() was called, and the "
                              "OS completes handshakes and queues them for accept().")},
        {"SYN_SENT", QT_TR_NOOP("connect() sent the first segment of the handshake (SYN) and "
                                "waits for the answer (SYN+ACK).")},
        {"SYN_RECEIVED", QT_TR_NOOP("A connection's SYN arrived and was answered; the OS waits "
                                    "for the last ACK of the handshake.")},
        {"ESTABLISHED", QT_TR_NOOP("The handshake is complete: data flows both ways.")},
        {"FIN_WAIT_1", QT_TR_NOOP("This side closed (its FIN is sent) and waits for the peer to "
                                  "acknowledge it.")},
        {"FIN_WAIT_2", QT_TR_NOOP("This side's FIN was acknowledged; it waits for the peer to "
                                  "close its side too.")},
        {"CLOSE_WAIT", QT_TR_NOOP("The peer closed its side (recv() returned 0); the OS waits "
                                  "for this program to close() the socket.")},
        {"CLOSING", QT_TR_NOOP("Both sides closed at the same time; waiting for the last ACK.")},
        {"LAST_ACK", QT_TR_NOOP("The peer closed first, then this side; waiting for the ACK of "
                                "this side's FIN.")},
        {"TIME_WAIT", QT_TR_NOOP("This side closed first. The connection is over and the program "
                                 "has closed the socket, but the OS keeps the pair of addresses "
                                 "for twice the maximum segment lifetime (60 s on Linux, 240 s on "
                                 "Windows), so that late segments of it are not taken for a new "
                                 "connection.")},
        {"CLOSED", QT_TR_NOOP("The OS keeps no connection for the socket.")},
    };
    for (const auto& m : kMeanings) {
        if (name == QLatin1String(m.name))
            return tr(m.meaning);
    }
    return {};
}

} // namespace ui
