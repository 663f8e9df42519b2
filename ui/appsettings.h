// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The user's settings, kept with QSettings (one set per --profile).

#include <QSettings>
#include <QString>
#include <QStringList>

namespace ui {

struct AppSettings
{
    QString nick;
    QString alternativeNick;
    QString realName;
    quint16 defaultPort = 6667;
    QString loop = QStringLiteral("select");
    QString presenceMode = QStringLiteral("auto");
    quint16 presencePort = 6667;
    bool notifyMentions = true;
    bool notifyPrivate = true;
    bool quietWhileAway = true;
    QStringList highlightWords;
    QString theme = QStringLiteral("system"); // system, light, dark
    QString font;                             // QFont::toString(); "" = the system's
    int scrollback = 5000;
    bool historyEnabled = true; // store every line shown (SQLite, docs/history.md)
    int historyDays = 0;        // keep lines this many days; 0: forever
    int historyLines = 100;     // lines restored when a chat opens
    QString hostName = QStringLiteral("LanChat");
    QStringList recentHosts; // "host:port", newest first
    QStringList favourites;  // "host:port"
    QStringList autoConnect; // favourites joined on start

    void load(QSettings& settings);
    void save(QSettings& settings) const;
    void addRecent(const QString& address);
};

// The user's login name as a nick (letters, digits and -_[]\`^{}| only).
QString defaultNick();

} // namespace ui
