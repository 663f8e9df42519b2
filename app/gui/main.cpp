// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat: the LanChat window. Wires the widgets (ui/) to the bridge, the settings and the
// command line.

#include "window/mainwindow.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("LanChat"));
    QApplication::setOrganizationName(QStringLiteral("LanChat"));
    QApplication::setApplicationVersion(QStringLiteral(LANCHAT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("lanchat"));

    // German (or another language we have) from the system locale.
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("lanchat"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Chat on a local network, and see how sockets work."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption host(QStringLiteral("host"),
                                  QApplication::translate("main", "Host a chat at start."));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QApplication::translate("main", "The port to host on."),
                                  QStringLiteral("N"));
    const QCommandLineOption join(QStringLiteral("join"),
                                  QApplication::translate("main", "Join HOST[:PORT] at start."),
                                  QStringLiteral("HOST[:PORT]"));
    const QCommandLineOption nick(
        QStringLiteral("nick"), QApplication::translate("main", "Your nick."), QStringLiteral("N"));
    const QCommandLineOption loop(
        QStringLiteral("loop"),
        QApplication::translate("main", "Event loop: select, epoll, asyncselect."),
        QStringLiteral("NAME"));
    const QCommandLineOption presence(
        QStringLiteral("presence"),
        QApplication::translate("main", "Presence: auto, loopback, off or addresses."),
        QStringLiteral("MODE"));
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QApplication::translate("main", "A separate set of settings and history."),
        QStringLiteral("NAME"));
    const QCommandLineOption fresh(
        QStringLiteral("no-restore"),
        QApplication::translate("main", "Do not rejoin the chats open at the last exit."));
    parser.addOptions({host, port, join, nick, loop, presence, profile, fresh});
    parser.process(app);

    // Settings per profile, in the standard configuration folder (QSettings' INI format there,
    // so a profile is one readable file).
    const QString profileName =
        parser.isSet(profile) ? parser.value(profile) : QStringLiteral("default");
    const QString configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QDir().mkpath(configDir);
    QSettings settings(configDir + QStringLiteral("/") + profileName + QStringLiteral(".ini"),
                       QSettings::IniFormat);

    ui::MainWindow window(&settings);
    auto& s = window.appSettings();
    if (parser.isSet(nick))
        s.nick = parser.value(nick);
    if (parser.isSet(loop))
        s.loop = parser.value(loop);
    // --presence, else LANCHAT_PRESENCE, else the saved setting (design.md, section 2).
    if (parser.isSet(presence))
        s.presenceMode = parser.value(presence);
    else if (const QString env = qEnvironmentVariable("LANCHAT_PRESENCE"); !env.isEmpty())
        s.presenceMode = env;
    if (profileName != QLatin1String("default"))
        window.setWindowTitle(window.windowTitle() + QStringLiteral(" [") + profileName +
                              QLatin1Char(']'));
    window.show();
    window.start(!parser.isSet(fresh));
    if (parser.isSet(host)) {
        bool ok = true;
        const uint value = parser.isSet(port) ? parser.value(port).toUInt(&ok) : s.defaultPort;
        if (!ok || value == 0 || value > 65535) {
            std::fprintf(stderr, "lanchat: --port: not a port number\n");
            return 2;
        }
        window.hostChat(static_cast<quint16>(value), s.hostName, {}, s.loop);
    }
    if (parser.isSet(join) && !window.joinHost(parser.value(join)))
        return 2;
    return QApplication::exec();
}
