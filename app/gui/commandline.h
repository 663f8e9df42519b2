// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The window's command line (`lanchat --help` lists it). Parsed before any QGuiApplication
// exists: --help, --version and wrong options are answered without a display (issue 14).

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace app {

struct CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    bool host = false; // --host: host a chat at start
    quint16 port = 0;  // --port N (0: the settings' port)
    QString join;      // --join HOST[:PORT]
    QString nick;      // --nick N
    QString loop;      // --loop NAME
    QString presence;  // --presence MODE
    QString profile = QStringLiteral("default");
    bool restore = true; // not --no-restore

    enum class Outcome
    {
        Run,     // open the window
        Help,    // print `text` (the help) and exit 0
        Version, // print `text` (name and version) and exit 0
        Error,   // print `text` on stderr and exit with `exitCode`
    };
    struct Parsed;

    // `arguments` as in argv, the program's name first. Texts are translated when a translator
    // is installed (an application object exists); parsing needs none.
    static Parsed parse(const QStringList& arguments);
};

struct CommandLine::Parsed
{
    Outcome outcome = Outcome::Run;
    CommandLine options;
    QString text;
    int exitCode = 0;
};

} // namespace app
