// SPDX-License-Identifier: GPL-3.0-or-later
#include "application.h"

#include "bridge/hostservice.h"
#include "bridge/presenceservice.h"
#include "bridge/tracefeed.h"
#include "dialogs/nickdialog.h"
#include "history/historystore.h"
#include "version.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QTranslator>

#include <cstdio>

namespace app {

namespace {

// The program's name and version: set before any application object, so that the command
// line's answers have them too.
void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("LanChat"));
    QCoreApplication::setOrganizationName(QStringLiteral("LanChat"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LANCHAT_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("lanchat"));
}


QStringList argumentsOf(int argc, char** argv)
{
    QStringList list;
    for (int i = 0; i < argc; ++i)
        list.append(QString::fromLocal8Bit(argv[i]));
    return list;
}

} // namespace

Translations::Translations()
{
    if (m_qt.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                  QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qt);
    if (m_own.load(QLocale(), QStringLiteral("lanchat"), QStringLiteral("_"),
                   QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&m_own);
}

Translations::~Translations()
{
    QCoreApplication::removeTranslator(&m_own);
    QCoreApplication::removeTranslator(&m_qt);
}

bool Translations::hasQtWords() const
{
    return !m_qt.isEmpty();
}

bool Translations::hasOwnWords() const
{
    return !m_own.isEmpty();
}

Application::Application(QSettings* settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_trace(std::make_unique<bridge::TraceFeed>())
    , m_history(std::make_unique<history::HistoryStore>())
    , m_presence(std::make_unique<bridge::PresenceService>())
    , m_host(std::make_unique<bridge::HostService>())
{
    // The Inspector's feed follows the trace from the start, so it knows every socket when the
    // user first opens it.
    m_trace->setLive(true);
    ui::Services services;
    services.settings = m_settings;
    services.host = m_host.get();
    services.presence = m_presence.get();
    services.history = m_history.get();
    services.historyPath = historyPath(*m_settings);
    services.trace = m_trace.get();
    m_window = std::make_unique<ui::MainWindow>(services);
}

Application::~Application() = default;

bool Application::launch(const CommandLine& options)
{
    auto& s = m_window->appSettings();
    // The first start asks for the nick (unless given here), once; saved before the options
    // below change anything for this run only.
    if (options.nick.isEmpty() && !m_settings->contains(QStringLiteral("identity/nick"))) {
        ui::NickDialog dialog(s.nick, m_window.get());
        if (dialog.exec() == QDialog::Accepted && !dialog.nick().isEmpty()) {
            s.nick = dialog.nick();
            s.alternativeNick = s.nick + QLatin1Char('_');
            s.realName = s.nick;
        }
        s.save(*m_settings);
    }
    if (!options.nick.isEmpty() && options.nick != s.nick) {
        // The profile's alternative belongs to the profile's nick: a nick asked for here is
        // followed by its own alternative (carol, carol_, carol1, ...).
        s.nick = options.nick;
        s.alternativeNick = options.nick + QLatin1Char('_');
    }
    if (!options.loop.isEmpty())
        s.loop = options.loop;
    // --presence, else LANCHAT_PRESENCE, else the saved setting (design.md, section 2).
    if (!options.presence.isEmpty())
        s.presenceMode = options.presence;
    else if (const QString env = qEnvironmentVariable("LANCHAT_PRESENCE"); !env.isEmpty())
        s.presenceMode = env;
    m_window->setProfile(options.profile);
    m_window->show();
    m_window->start(options.restore);
    if (options.host)
        m_window->hostChat(options.port != 0 ? options.port : s.defaultPort, s.hostName, {},
                           s.loop);
    return options.join.isEmpty() || m_window->joinHost(options.join);
}

QString Application::historyPath(const QSettings& settings)
{
    const QString path = settings.value(QStringLiteral("history/path")).toString();
    if (!path.isEmpty())
        return path;
    const QFileInfo settingsFile(settings.fileName());
    const QString configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    if (settingsFile.absolutePath() == QFileInfo(configDir).absoluteFilePath())
        return history::HistoryStore::defaultPath(settingsFile.completeBaseName());
    return settingsFile.absolutePath() + QLatin1Char('/') + settingsFile.completeBaseName() +
           QStringLiteral(".history.sqlite");
}

QString Application::settingsPath(const QString& profile)
{
    // QSettings' INI format, so a profile is one readable file.
    const QString configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QDir().mkpath(configDir);
    return configDir + QLatin1Char('/') + profile + QStringLiteral(".ini");
}

int Application::main(int argc, char** argv)
{
    setIdentity();
    CommandLine::Parsed parsed = CommandLine::parse(argumentsOf(argc, argv));
    if (parsed.outcome != CommandLine::Outcome::Run) {
        // Answered like any console program: a QCoreApplication (no display) is enough for
        // the translations; parsed again, so the texts are in the user's language.
        QCoreApplication core(argc, argv);
        const Translations translations;
        parsed = CommandLine::parse(QCoreApplication::arguments());
        const QByteArray text = parsed.text.toLocal8Bit();
        std::fputs(text.constData(),
                   parsed.outcome == CommandLine::Outcome::Error ? stderr : stdout);
        return parsed.exitCode;
    }
    QApplication gui(argc, argv);
    const Translations translations;
    QSettings settings(settingsPath(parsed.options.profile), QSettings::IniFormat);
    Application application(&settings);
    if (!application.launch(parsed.options))
        return 2;
    return QApplication::exec();
}

} // namespace app
