// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A chat's address as people type it: "host", "host:port", "[v6]:port", and as an IRC URL,
// "ircs://host:port" (TLS, RFC 7194) or "irc://host".

#include <QString>

namespace ui {

// "ircs://host:port/..." -> "host:port" and *tls; "irc://host" -> "host"; else as typed
// (trimmed).
inline QString withoutScheme(const QString& typed, bool* tls)
{
    QString address = typed.trimmed();
    *tls = address.startsWith(QLatin1String("ircs://"), Qt::CaseInsensitive);
    if (*tls || address.startsWith(QLatin1String("irc://"), Qt::CaseInsensitive))
        address =
            address.mid(address.indexOf(QLatin1String("//")) + 2).section(QLatin1Char('/'), 0, 0);
    return address;
}

// The host part of "host", "host:port", "[v6]:port" or a bare IPv6 address.
inline QString hostPart(const QString& address)
{
    if (address.startsWith(QLatin1Char('[')))
        return address.mid(1, address.indexOf(QLatin1Char(']')) - 1);
    if (address.count(QLatin1Char(':')) == 1)
        return address.section(QLatin1Char(':'), 0, 0);
    return address;
}

} // namespace ui
