// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/loops.h"

#include "netcore/event_loop.h"
#include "netcore/irc/client.h"

namespace bridge {

QStringList availableLoops()
{
    QStringList names;
    for (const auto& name : netcore::EventLoop::available())
        names.append(QString::fromStdString(name));
    return names;
}

QString displayText(const QString& text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7F && c.unicode() < 0xA0)) {
            const std::string shown = netcore::irc::displayText(text.toStdString());
            return QString::fromUtf8(shown.data(), static_cast<qsizetype>(shown.size()));
        }
    }
    return text; // nothing to change (the common case)
}

} // namespace bridge
