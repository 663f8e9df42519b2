// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historytypes.h"

#include <array>

namespace history {

namespace {
constexpr std::array<std::pair<Kind, const char*>, 10> KindNames = {{
    {Kind::Message, "message"},
    {Kind::Action, "action"},
    {Kind::Notice, "notice"},
    {Kind::Join, "join"},
    {Kind::Part, "part"},
    {Kind::Quit, "quit"},
    {Kind::Nick, "nick"},
    {Kind::Topic, "topic"},
    {Kind::System, "system"},
    {Kind::Kick, "kick"},
}};
} // namespace

QString kindName(Kind kind)
{
    for (const auto& [k, name] : KindNames)
        if (k == kind)
            return QLatin1String(name);
    return QStringLiteral("message");
}

std::optional<Kind> kindFromName(const QString& name)
{
    for (const auto& [k, n] : KindNames)
        if (name == QLatin1String(n))
            return k;
    return std::nullopt;
}

bool ChatKey::isRoom() const
{
    if (chat.isEmpty())
        return false;
    const QChar c = chat.front();
    return c == u'#' || c == u'&' || c == u'+' || c == u'!';
}

} // namespace history
