// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The user's settings, kept with QSettings (one set per --profile).

#include <QRegularExpression>
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
    bool hostTls = true;         // the host offers TLS beside the plain port
    quint16 hostTlsPort = 6697;  // RFC 7194
    bool hostPlain = true;       // off: TLS only
    bool hostFiles = true;       // shared files (FILEHOST): members upload and post links
    QStringList recentHosts;     // "host:port", newest first
    QStringList favourites;      // "host:port"
    QStringList autoConnect;     // favourites joined on start
    QStringList favouritePeople; // nicks watched (MONITOR) in every chat
    // Files people send (DCC): where they go, and whose are taken without asking (nobody's
    // by default: nothing is written without the user's yes).
    QString downloadFolder; // "" = the system's Downloads folder (downloadFolderPath())
    QStringList autoAcceptFrom;
    QString downloadFolderPath() const;

    void load(QSettings& settings);
    void save(QSettings& settings) const;
    void addRecent(const QString& address);
    // A host marked or unmarked as favourite (unmarked, it is not joined on start either), or
    // to be joined on start (which makes it a favourite).
    void setFavourite(const QString& address, bool on);
    void setAutoConnect(const QString& address, bool on);
    void setFavouritePerson(const QString& person, bool on);
};

// The user's login name as a nick (letters, digits and -_[]\`^{}| only).
QString defaultNick();
// What a nick may be, as in modern IRC: no spaces or ,*?!@:#&; not starting with a digit or
// '-'; up to 30 characters.
QRegularExpression nickPattern();

} // namespace ui
