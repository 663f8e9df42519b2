// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The LanChat program's composition root (qBittorrent's Application): it reads the command
// line, opens the profile's settings, makes the services (the host, presence, the history
// store, the trace feed for the Socket Inspector) and hands them to the window, which only
// arranges and connects views. It owns the services and destroys them after the window, in
// order: the chats leave, then the host stops, then presence, the history and the trace.

#include "commandline.h"

#include <QObject>
#include <QTranslator>

#include <memory>

class QSettings;

namespace bridge {
class HostService;
class PresenceService;
class TraceFeed;
} // namespace bridge

namespace history {
class HistoryStore;
} // namespace history

namespace ui {
class MainWindow;
} // namespace ui

namespace app {

// The user's language (the system locale) for Qt's own words (Cancel, shortcut names: Debian's
// qt6-translations-l10n) and ours (:/i18n/lanchat_*.qm, built into the program); installed
// while it lives (an application object must exist).
class Translations
{
public:
    Translations();
    ~Translations();
    Translations(const Translations&) = delete;
    Translations& operator=(const Translations&) = delete;
    bool hasQtWords() const;  // Qt's catalogue for the language was found
    bool hasOwnWords() const; // ours was

private:
    QTranslator m_qt;
    QTranslator m_own;
};

class Application : public QObject
{
    Q_OBJECT

public:
    // Makes the services and the window for the profile kept in `settings` (which outlives
    // the application).
    explicit Application(QSettings* settings, QObject* parent = nullptr);
    ~Application() override;

    ui::MainWindow* window() const { return m_window.get(); }

    // The command line's choices over the saved settings (--nick, --loop, --presence, else
    // LANCHAT_PRESENCE), then shows the window, starts presence, restores the saved chats and
    // hosts or joins as asked. False when --join names no host address (the window said so).
    bool launch(const CommandLine& options);

    // The profile's history file: the user's data folder when the settings are in the standard
    // place, else beside the settings file (a --profile elsewhere, the tests); or the path the
    // settings name.
    static QString historyPath(const QSettings& settings);
    // The profile's settings file, in the standard configuration folder (created).
    static QString settingsPath(const QString& profile);

    // The program: answers --help, --version and wrong options without needing a display,
    // then runs the window until it closes. main() is this.
    static int main(int argc, char** argv);

private:
    QSettings* m_settings;
    std::unique_ptr<bridge::TraceFeed> m_trace;
    std::unique_ptr<history::HistoryStore> m_history;
    std::unique_ptr<bridge::PresenceService> m_presence;
    std::unique_ptr<bridge::HostService> m_host;
    std::unique_ptr<ui::MainWindow> m_window;
};

} // namespace app
