// SPDX-License-Identifier: GPL-3.0-or-later
#include "appsettings.h"

#include <QDir>
#include <QStandardPaths>

#include <QRegularExpression>

namespace ui {

QString defaultNick()
{
    QString name = qEnvironmentVariable("USER");
    if (name.isEmpty())
        name = qEnvironmentVariable("USERNAME");
    name.replace(QRegularExpression(QStringLiteral(R"([^A-Za-z0-9\-_\[\]\\`^{}|])")),
                 QStringLiteral("_"));
    if (name.isEmpty() || name.front().isDigit() || name.front() == QLatin1Char('-'))
        name.prepend(QLatin1Char('_'));
    return name.left(30) == QLatin1String("_") ? QStringLiteral("lanchat") : name.left(30);
}

QRegularExpression nickPattern()
{
    return QRegularExpression(
        QStringLiteral(R"([A-Za-z_\[\]\\`^{}|][A-Za-z0-9_\-\[\]\\`^{}|]{0,29})"));
}

void AppSettings::load(QSettings& s)
{
    nick = s.value(QStringLiteral("identity/nick"), defaultNick()).toString();
    alternativeNick =
        s.value(QStringLiteral("identity/alternativeNick"), QString(nick + QLatin1Char('_')))
            .toString();
    realName = s.value(QStringLiteral("identity/realName"), nick).toString();
    defaultPort = static_cast<quint16>(s.value(QStringLiteral("network/port"), 6667).toUInt());
    loop = s.value(QStringLiteral("network/loop"), QStringLiteral("select")).toString();
    presenceMode = s.value(QStringLiteral("network/presence"), QStringLiteral("auto")).toString();
    presencePort =
        static_cast<quint16>(s.value(QStringLiteral("network/presencePort"), 6667).toUInt());
    notifyMentions = s.value(QStringLiteral("notifications/mentions"), true).toBool();
    notifyPrivate = s.value(QStringLiteral("notifications/private"), true).toBool();
    quietWhileAway = s.value(QStringLiteral("notifications/quietWhileAway"), true).toBool();
    highlightWords = s.value(QStringLiteral("notifications/highlightWords")).toStringList();
    theme = s.value(QStringLiteral("appearance/theme"), QStringLiteral("system")).toString();
    font = s.value(QStringLiteral("appearance/font")).toString();
    scrollback = s.value(QStringLiteral("appearance/scrollback"), 5000).toInt();
    historyEnabled = s.value(QStringLiteral("history/enabled"), true).toBool();
    historyDays = s.value(QStringLiteral("history/days"), 0).toInt();
    historyLines = s.value(QStringLiteral("history/lines"), 100).toInt();
    hostName = s.value(QStringLiteral("host/name"), QStringLiteral("LanChat")).toString();
    hostTls = s.value(QStringLiteral("host/tls"), true).toBool();
    hostTlsPort = static_cast<quint16>(s.value(QStringLiteral("host/tlsPort"), 6697).toUInt());
    hostPlain = s.value(QStringLiteral("host/plain"), true).toBool() || !hostTls;
    hostFiles = s.value(QStringLiteral("host/files"), true).toBool();
    recentHosts = s.value(QStringLiteral("network/recent")).toStringList();
    favourites = s.value(QStringLiteral("network/favourites")).toStringList();
    autoConnect = s.value(QStringLiteral("network/autoConnect")).toStringList();
    favouritePeople = s.value(QStringLiteral("people/favourites")).toStringList();
    downloadFolder = s.value(QStringLiteral("files/folder")).toString();
    autoAcceptFrom = s.value(QStringLiteral("files/autoAcceptFrom")).toStringList();
}

void AppSettings::save(QSettings& s) const
{
    s.setValue(QStringLiteral("identity/nick"), nick);
    s.setValue(QStringLiteral("identity/alternativeNick"), alternativeNick);
    s.setValue(QStringLiteral("identity/realName"), realName);
    s.setValue(QStringLiteral("network/port"), defaultPort);
    s.setValue(QStringLiteral("network/loop"), loop);
    s.setValue(QStringLiteral("network/presence"), presenceMode);
    s.setValue(QStringLiteral("network/presencePort"), presencePort);
    s.setValue(QStringLiteral("notifications/mentions"), notifyMentions);
    s.setValue(QStringLiteral("notifications/private"), notifyPrivate);
    s.setValue(QStringLiteral("notifications/quietWhileAway"), quietWhileAway);
    s.setValue(QStringLiteral("notifications/highlightWords"), highlightWords);
    s.setValue(QStringLiteral("appearance/theme"), theme);
    s.setValue(QStringLiteral("appearance/font"), font);
    s.setValue(QStringLiteral("appearance/scrollback"), scrollback);
    s.setValue(QStringLiteral("history/enabled"), historyEnabled);
    s.setValue(QStringLiteral("history/days"), historyDays);
    s.setValue(QStringLiteral("history/lines"), historyLines);
    s.setValue(QStringLiteral("host/name"), hostName);
    s.setValue(QStringLiteral("host/tls"), hostTls);
    s.setValue(QStringLiteral("host/tlsPort"), hostTlsPort);
    s.setValue(QStringLiteral("host/plain"), hostPlain);
    s.setValue(QStringLiteral("host/files"), hostFiles);
    s.setValue(QStringLiteral("network/recent"), recentHosts);
    s.setValue(QStringLiteral("network/favourites"), favourites);
    s.setValue(QStringLiteral("network/autoConnect"), autoConnect);
    s.setValue(QStringLiteral("people/favourites"), favouritePeople);
    s.setValue(QStringLiteral("files/folder"), downloadFolder);
    s.setValue(QStringLiteral("files/autoAcceptFrom"), autoAcceptFrom);
}

QString AppSettings::downloadFolderPath() const
{
    if (!downloadFolder.isEmpty())
        return downloadFolder;
    const QString downloads = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return downloads.isEmpty() ? QDir::homePath() : downloads;
}

void AppSettings::addRecent(const QString& address)
{
    recentHosts.removeAll(address);
    recentHosts.prepend(address);
    while (recentHosts.size() > 10)
        recentHosts.removeLast();
}

void AppSettings::setFavourite(const QString& address, bool on)
{
    favourites.removeAll(address);
    if (on)
        favourites.append(address);
    else
        autoConnect.removeAll(address);
}

void AppSettings::setFavouritePerson(const QString& person, bool on)
{
    favouritePeople.removeIf(
        [&](const QString& n) { return n.compare(person, Qt::CaseInsensitive) == 0; });
    if (on)
        favouritePeople.append(person);
}

void AppSettings::setAutoConnect(const QString& address, bool on)
{
    autoConnect.removeAll(address);
    if (on) {
        autoConnect.append(address);
        if (!favourites.contains(address))
            favourites.append(address);
    }
}

} // namespace ui
