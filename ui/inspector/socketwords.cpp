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

} // namespace ui
