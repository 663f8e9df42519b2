// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/tcp_states.h"

namespace netcore {

std::string_view tcpStateName(TcpState state)
{
    switch (state) {
    case TcpState::Unknown:
        return "";
    case TcpState::Listen:
        return "LISTEN";
    case TcpState::SynSent:
        return "SYN_SENT";
    case TcpState::SynReceived:
        return "SYN_RECEIVED";
    case TcpState::Established:
        return "ESTABLISHED";
    case TcpState::FinWait1:
        return "FIN_WAIT_1";
    case TcpState::FinWait2:
        return "FIN_WAIT_2";
    case TcpState::CloseWait:
        return "CLOSE_WAIT";
    case TcpState::Closing:
        return "CLOSING";
    case TcpState::LastAck:
        return "LAST_ACK";
    case TcpState::TimeWait:
        return "TIME_WAIT";
    case TcpState::Closed:
        return "CLOSED";
    }
    return "";
}

} // namespace netcore
