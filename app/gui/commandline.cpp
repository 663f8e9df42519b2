// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace app {

CommandLine::Parsed CommandLine::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Chat on a local network, and see how sockets work."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption host(QStringLiteral("host"), tr("Host a chat at start."));
    const QCommandLineOption port(QStringLiteral("port"), tr("The port to host on."),
                                  QStringLiteral("N"));
    const QCommandLineOption join(QStringLiteral("join"), tr("Join HOST[:PORT] at start."),
                                  QStringLiteral("HOST[:PORT]"));
    const QCommandLineOption nick(QStringLiteral("nick"), tr("Your nick."), QStringLiteral("N"));
    const QCommandLineOption loop(QStringLiteral("loop"),
                                  tr("Event loop: select, epoll, asyncselect."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption presence(QStringLiteral("presence"),
                                      tr("Presence: auto, loopback, off or addresses."),
                                      QStringLiteral("MODE"));
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     tr("A separate set of settings and history."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption fresh(QStringLiteral("no-restore"),
                                   tr("Do not rejoin the chats open at the last exit."));
    parser.addOptions({host, port, join, nick, loop, presence, profile, fresh});

    Parsed parsed;
    const QString program = arguments.value(0, QStringLiteral("lanchat"));
    if (!parser.parse(arguments)) {
        parsed.outcome = Outcome::Error;
        parsed.text = program + QStringLiteral(": ") + parser.errorText() + QLatin1Char('\n');
        parsed.exitCode = 1; // as QCommandLineParser::process() exits
        return parsed;
    }
    if (parser.isSet(help) || parser.isSet(QStringLiteral("help-all"))) {
        parsed.outcome = Outcome::Help;
        parsed.text = parser.helpText();
        return parsed;
    }
    if (parser.isSet(version)) {
        parsed.outcome = Outcome::Version;
        parsed.text = QCoreApplication::applicationName() + QLatin1Char(' ') +
                      QCoreApplication::applicationVersion() + QLatin1Char('\n');
        return parsed;
    }
    CommandLine& o = parsed.options;
    if (parser.isSet(port)) {
        bool ok = false;
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value == 0 || value > 65535) {
            parsed.outcome = Outcome::Error;
            parsed.text = program + QStringLiteral(": --port: ") + tr("not a port number") +
                          QLatin1Char('\n');
            parsed.exitCode = 2;
            return parsed;
        }
        o.port = static_cast<quint16>(value);
    }
    o.host = parser.isSet(host);
    o.join = parser.value(join);
    o.nick = parser.value(nick);
    o.loop = parser.value(loop);
    o.presence = parser.value(presence);
    if (parser.isSet(profile))
        o.profile = parser.value(profile);
    o.restore = !parser.isSet(fresh);
    return parsed;
}

} // namespace app
