// SPDX-License-Identifier: GPL-3.0-or-later
// The window's command line (app/gui/commandline): what each option sets, and that the real
// program answers --help, --version and wrong options like any console program when there is
// no display at all (issue 14: `lanchat --help` used to abort, its QApplication finding no
// display before the options were read).

#include "gui/commandline.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using app::CommandLine;

Q_DECLARE_METATYPE(CommandLine::Outcome)

namespace {

// The program's environment with no display of any kind.
QProcessEnvironment withoutDisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void answersWithoutDisplay_data();
    void answersWithoutDisplay();
};

void TestCommandLine::parses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<CommandLine::Outcome>("outcome");
    QTest::addColumn<int>("exitCode");
    using O = CommandLine::Outcome;
    QTest::newRow("nothing") << QStringList{} << O::Run << 0;
    QTest::newRow("help") << QStringList{QStringLiteral("--help")} << O::Help << 0;
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << O::Help << 0;
    QTest::newRow("version") << QStringList{QStringLiteral("--version")} << O::Version << 0;
    QTest::newRow("unknown") << QStringList{QStringLiteral("--frobnicate")} << O::Error << 1;
    QTest::newRow("port not a number")
        << QStringList{QStringLiteral("--host"), QStringLiteral("--port"), QStringLiteral("x")}
        << O::Error << 2;
    QTest::newRow("port too large")
        << QStringList{QStringLiteral("--port"), QStringLiteral("65536")} << O::Error << 2;
    QTest::newRow("everything")
        << QStringList{QStringLiteral("--host"),     QStringLiteral("--port"),
                       QStringLiteral("6000"),       QStringLiteral("--join"),
                       QStringLiteral("[::1]:6667"), QStringLiteral("--nick"),
                       QStringLiteral("ada"),        QStringLiteral("--loop"),
                       QStringLiteral("epoll"),      QStringLiteral("--presence"),
                       QStringLiteral("off"),        QStringLiteral("--profile"),
                       QStringLiteral("lab"),        QStringLiteral("--no-restore")}
        << O::Run << 0;
}

void TestCommandLine::parses()
{
    QFETCH(QStringList, arguments);
    QFETCH(CommandLine::Outcome, outcome);
    QFETCH(int, exitCode);
    const auto parsed = CommandLine::parse(QStringList{QStringLiteral("lanchat")} + arguments);
    QCOMPARE(parsed.outcome, outcome);
    QCOMPARE(parsed.exitCode, exitCode);
    const CommandLine& o = parsed.options;
    if (outcome == CommandLine::Outcome::Help)
        QVERIFY2(parsed.text.contains(QLatin1String("--profile")), qPrintable(parsed.text));
    if (outcome == CommandLine::Outcome::Error)
        QVERIFY2(parsed.text.startsWith(QLatin1String("lanchat: ")), qPrintable(parsed.text));
    if (qstrcmp(QTest::currentDataTag(), "nothing") == 0) {
        QVERIFY(!o.host);
        QCOMPARE(o.port, quint16(0));
        QCOMPARE(o.profile, QStringLiteral("default"));
        QVERIFY(o.restore);
    }
    if (qstrcmp(QTest::currentDataTag(), "everything") == 0) {
        QVERIFY(o.host);
        QCOMPARE(o.port, quint16(6000));
        QCOMPARE(o.join, QStringLiteral("[::1]:6667"));
        QCOMPARE(o.nick, QStringLiteral("ada"));
        QCOMPARE(o.loop, QStringLiteral("epoll"));
        QCOMPARE(o.presence, QStringLiteral("off"));
        QCOMPARE(o.profile, QStringLiteral("lab"));
        QVERIFY(!o.restore);
    }
}

void TestCommandLine::answersWithoutDisplay_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << 0
                            << QStringLiteral("--no-restore") << QString();
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << 0
                               << QStringLiteral("LanChat ") << QString();
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 1 << QString()
                                    << QStringLiteral("frobnicate");
    QTest::newRow("bad port") << QStringList{QStringLiteral("--host"), QStringLiteral("--port"),
                                             QStringLiteral("99999")}
                              << 2 << QString() << QStringLiteral("--port: not a port number");
}

void TestCommandLine::answersWithoutDisplay()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    QProcess program;
    program.setProcessEnvironment(withoutDisplay());
    program.start(QStringLiteral(LANCHAT_GUI_PATH), arguments);
    QVERIFY2(program.waitForFinished(30000), "lanchat did not exit");
    const QString stdoutText = QString::fromLocal8Bit(program.readAllStandardOutput());
    const QString stderrText = QString::fromLocal8Bit(program.readAllStandardError());
    const QString said =
        QStringLiteral("exit %1 (%2), stdout:\n%3\nstderr:\n%4")
            .arg(program.exitCode())
            .arg(program.exitStatus() == QProcess::NormalExit ? QStringLiteral("normal")
                                                              : QStringLiteral("crashed"))
            .arg(stdoutText, stderrText);
    QVERIFY2(program.exitStatus() == QProcess::NormalExit, qPrintable(said));
    QVERIFY2(program.exitCode() == exitCode, qPrintable(said));
    QVERIFY2(stdoutText.contains(out), qPrintable(said));
    QVERIFY2(stderrText.contains(err), qPrintable(said));
    QVERIFY2(!stderrText.contains(QLatin1String("display")), qPrintable(said));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
