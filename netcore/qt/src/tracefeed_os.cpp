// SPDX-License-Identifier: GPL-3.0-or-later
// The feed's view of what the OS says about TCP sockets: netcore::readOsTcpTable on a pool
// thread, its result put into the registry on the GUI thread.

#include "bridge/tracefeed.h"

#include "netcore/tcp_states.h"

namespace bridge {

void TraceFeed::startOsPoll()
{
    m_osPool.setMaxThreadCount(1);
    connect(&m_osTimer, &QTimer::timeout, this, &TraceFeed::pollOsStates);
    m_osTimer.start(m_osPollMs);
}

void TraceFeed::endOsPoll()
{
    m_osTimer.stop();
    m_osPool.waitForDone();
}

void TraceFeed::setOsPollInterval(int ms)
{
    m_osPollMs = std::max(0, ms);
    if (m_osPollMs > 0)
        m_osTimer.start(m_osPollMs);
    else
        m_osTimer.stop();
}

void TraceFeed::pollOsStates()
{
    // Live sockets only: a recording's addresses (its epoch unknown) are another run's.
    if (!m_live || m_epochWallMs == 0)
        return;
    // Only while a TCP socket the OS may still list is known: an idle Inspector reads nothing.
    for (const SocketInfo& s : std::as_const(m_sockets)) {
        if (s.protocol == QLatin1String("TCP") && !s.osGone) {
            refreshOsStates();
            return;
        }
    }
}

void TraceFeed::refreshOsStates()
{
    if (m_osReading)
        return;
    m_osReading = true;
    m_osPool.start([this] {
        auto table = std::make_shared<netcore::OsTcpTable>(netcore::readOsTcpTable());
        QMetaObject::invokeMethod(
            this, [this, table] { applyOsTable(*table); }, Qt::QueuedConnection);
    });
}

} // namespace bridge
