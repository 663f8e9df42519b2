// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the window works with, made by the application object (app/gui/application.cpp), which
// owns them all and destroys them after the window.

#include <QString>

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

struct Services
{
    QSettings* settings = nullptr; // the profile's settings file
    bridge::HostService* host = nullptr;
    bridge::PresenceService* presence = nullptr;
    history::HistoryStore* history = nullptr; // not opened yet: the window opens it
    QString historyPath;                      // where this profile's history lives
    bridge::TraceFeed* trace = nullptr;       // live, for the Socket Inspector
};

} // namespace ui
