// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat-gui-bench: drives the real LanChat window (offscreen unless a display is asked for)
// with incoming chat traffic and prints how the GUI thread copes. A program, not a test.
//
//   - startup: from the program's start to the window shown (target: 0.5 s);
//   - a flood: a `lanchat-cli host` (flood control off) and `lanchat-irc-bench` senders put
//     RATE messages/s into #lan for SECONDS, which the window has joined; a 5 ms timer in the
//     GUI thread measures its stalls (how late each tick comes): p99 <= 50 ms, max <= 200 ms;
//   - memory: the process's resident memory before, halfway and at the end: bounded by the
//     scrollback cap (5,000 lines) and the Inspector's ring (100,000 events), so once both are
//     full it stays flat: the second half may grow by at most 8 MiB.
//
//   lanchat-gui-bench --cli build/dev/app/cli/lanchat-cli --bench
//   build/dev/tests/bench/lanchat-irc-bench
//                     [--seconds 60] [--rate 2000]

#include "chatpage.h"
#include "mainwindow.h"
#include "messageview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

QElapsedTimer g_sinceStart;

double residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QString text = QString::fromLatin1(status.readAll());
    const auto m = QRegularExpression(QStringLiteral(R"(VmRSS:\s+(\d+) kB)")).match(text);
    return m.hasMatch() ? m.captured(1).toDouble() / 1024.0 : -1;
}

// Waits (running the GUI's event loop) until `done` or `seconds` pass.
template <typename F> bool waitFor(F done, double seconds)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > seconds * 1000)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

const char* verdict(bool ok)
{
    return ok ? "met" : "MISSED";
}

} // namespace

int main(int argc, char** argv)
{
    g_sinceStart.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("LANCHAT_PRESENCE", "loopback");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption cliOption(QStringLiteral("cli"), QStringLiteral("lanchat-cli"),
                                       QStringLiteral("PATH"));
    const QCommandLineOption benchOption(
        QStringLiteral("bench"), QStringLiteral("lanchat-irc-bench"), QStringLiteral("PATH"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("length of the flood"),
                                           QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption rateOption(QStringLiteral("rate"),
                                        QStringLiteral("messages/s into the room"),
                                        QStringLiteral("N"), QStringLiteral("2000"));
    parser.addOptions({cliOption, benchOption, secondsOption, rateOption});
    parser.process(app);
    const QString cli = parser.value(cliOption);
    const QString bench = parser.value(benchOption);
    const int seconds = std::max(1, parser.value(secondsOption).toInt());
    const int rate = std::max(1, parser.value(rateOption).toInt());
    if (cli.isEmpty() || bench.isEmpty()) {
        std::fprintf(stderr, "lanchat-gui-bench: --cli and --bench are needed\n");
        return 2;
    }

    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("bench.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("identity/nick"), QStringLiteral("watcher"));
    settings.setValue(QStringLiteral("network/presence"), QStringLiteral("off"));

    // 1. Startup: the window shown and painted.
    ui::MainWindow window(&settings);
    window.show();
    QCoreApplication::processEvents();
    const qint64 startupMs = g_sinceStart.elapsed();
    window.start(false);

    // 2. A host with flood control off, and the window in its room.
    QFile config(dir.filePath(QStringLiteral("host.toml")));
    if (!config.open(QIODevice::WriteOnly))
        return 1;
    config.write("[limits]\nflood_lines_per_second = 0\nmax_clients_per_address = 100\n");
    config.close();
    QProcess host;
    host.setProcessChannelMode(QProcess::MergedChannels);
    host.start(cli, {QStringLiteral("host"), QStringLiteral("--port"), QStringLiteral("0"),
                     QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--presence"), QStringLiteral("off"),
                     QStringLiteral("--state-dir"), dir.filePath(QStringLiteral("state")),
                     QStringLiteral("--config"), config.fileName()});
    QString hostOutput;
    int port = 0;
    waitFor(
        [&] {
            hostOutput += QString::fromUtf8(host.readAll());
            const auto m = QRegularExpression(QStringLiteral(R"(listening on 127\.0\.0\.1:(\d+))"))
                               .match(hostOutput);
            port = m.hasMatch() ? m.captured(1).toInt() : 0;
            return port != 0;
        },
        10);
    if (port == 0) {
        std::fprintf(stderr, "lanchat-gui-bench: the host did not start: %s\n",
                     qPrintable(hostOutput));
        return 1;
    }
    window.joinHost(QStringLiteral("127.0.0.1:%1").arg(port));
    ui::ChatPage* room = nullptr;
    if (!waitFor(
            [&] {
                const auto sessions = window.sessions();
                room = sessions.isEmpty() ? nullptr
                                          : window.page(sessions.first(), QStringLiteral("#lan"));
                return room != nullptr && !room->nicks().isEmpty();
            },
            20)) {
        std::fprintf(stderr, "lanchat-gui-bench: the window did not join #lan\n");
        return 1;
    }
    window.tabs()->setCurrentWidget(room);

    // 3. The flood, and the GUI thread's stalls meanwhile.
    const int senders = 5;
    QProcess load;
    load.setProcessChannelMode(QProcess::MergedChannels);
    load.start(bench,
               {QStringLiteral("--target"), QStringLiteral("127.0.0.1:%1").arg(port),
                QStringLiteral("--clients"), QString::number(senders), QStringLiteral("--senders"),
                QString::number(senders), QStringLiteral("--room"), QStringLiteral("#lan"),
                QStringLiteral("--rate"), QString::number(rate / senders),
                QStringLiteral("--messages"), QString::number(rate / senders * seconds)});
    const double rssBefore = residentMiB();
    double rssHalf = -1;
    std::vector<double> stalls;
    QElapsedTimer tick;
    tick.start();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const double late = static_cast<double>(tick.nsecsElapsed()) / 1e6 - 5.0;
        tick.restart();
        stalls.push_back(std::max(0.0, late));
    });
    QElapsedTimer flood;
    flood.start();
    probe.start();
    QTimer half;
    half.setSingleShot(true);
    QObject::connect(&half, &QTimer::timeout, [&] { rssHalf = residentMiB(); });
    half.start(seconds * 500);
    waitFor([&] { return load.state() == QProcess::NotRunning; }, seconds + 120);
    probe.stop();
    const double floodSeconds = static_cast<double>(flood.elapsed()) / 1000.0;
    const double rssEnd = residentMiB();
    const QString loadOutput = QString::fromUtf8(load.readAll());
    const int shown = room->view()->document()->blockCount();

    std::sort(stalls.begin(), stalls.end());
    auto percentile = [&](double p) {
        if (stalls.empty())
            return 0.0;
        return stalls[std::min(stalls.size() - 1,
                               static_cast<std::size_t>(p * static_cast<double>(stalls.size())))];
    };
    const double p99 = percentile(0.99);
    const double worst = stalls.empty() ? 0 : stalls.back();
    std::printf("lanchat-gui-bench: %d messages/s into #lan for %d s (%s)\n", rate, seconds,
                qPrintable(QGuiApplication::platformName()));
    std::printf("  startup to window shown:   %lld ms   (target 500 ms: %s)\n",
                static_cast<long long>(startupMs), verdict(startupMs <= 500));
    std::printf("  flood lasted:              %.1f s; load generator said:\n", floodSeconds);
    for (const auto& line : loadOutput.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        std::printf("      %s\n", qPrintable(line));
    std::printf("  GUI stalls (5 ms ticks):   p50 %.1f ms, p99 %.1f ms (target 50: %s), max %.1f "
                "ms (target 200: %s), %zu ticks\n",
                percentile(0.5), p99, verdict(p99 <= 50), worst, verdict(worst <= 200),
                stalls.size());
    std::printf("  lines in the room's view:  %d (scrollback cap 5,000)\n", shown);
    // Bounded: no more than 8 MiB of growth in the second half (the scrollback and the
    // Inspector's ring are full by then in a long enough run).
    std::printf("  resident memory:           %.1f MiB before, %.1f MiB halfway, %.1f MiB at the "
                "end (bounded, second half <= 8 MiB: %s)\n",
                rssBefore, rssHalf, rssEnd, verdict(rssHalf < 0 || rssEnd - rssHalf <= 8.0));
    host.terminate();
    host.waitForFinished(5000);
    return 0;
}
