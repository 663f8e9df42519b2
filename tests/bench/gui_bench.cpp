// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat-gui-bench: drives the real LanChat window (offscreen unless a display is asked for)
// with incoming chat traffic and prints how the GUI thread copes. A program, not a test.
//
//   - startup: from the program's start to the window shown (target: 0.5 s);
//   - a flood: a `lanchat-cli host` (flood control off) and `lanchat-irc-bench` senders put
//     RATE messages/s into #lan for SECONDS, which the window has joined; a 5 ms timer in the
//     GUI thread measures its stalls (how late each tick comes): p99 <= 50 ms, max <= 200 ms;
//   - memory: bounded means flat once every store that a flood fills is full. Before the
//     measured flood, a filling flood runs until the room's scrollback (5,000 lines) and the
//     Socket Inspector's ring (100,000 events; it traces the window's own sockets even while
//     closed) are full, up to FILL seconds; then the measured flood may grow the resident memory
//     by at most 8 MiB. With --fill 0 (the CI smoke run) memory is reported, not judged;
//   - a file (--transfer MIB, issue 17): `lanchat-cli send` offers MIB of random bytes to the
//     window by DCC, which takes it without asking (the sender is in its auto-accept list) and
//     shows its progress in the Transfers list and its sockets in the Inspector, while the same
//     probe measures the GUI thread's stalls: p99 <= 50 ms. The reference, in the same run: the
//     probe for as long with nothing happening. The file is compared with what was sent.
//
//   lanchat-gui-bench --cli build/dev/app/cli/lanchat-cli --bench
//   build/dev/tests/bench/lanchat-irc-bench
//                     [--seconds 60] [--rate 2000] [--fill 300] [--transfer 1024]

#include "bridge/tracefeed.h"
#include "chat/chatpage.h"
#include "chat/messageview.h"
#include "gui/application.h"
#include "inspector/inspectordock.h"
#include "window/mainwindow.h"

#include "transfers/transferspanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>

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

// How late each tick of a 5 ms timer in the GUI thread comes: the thread's stalls.
class StallProbe
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const double late = static_cast<double>(m_tick.nsecsElapsed()) / 1e6 - 5.0;
            m_tick.restart();
            m_stalls.push_back(std::max(0.0, late));
        });
    }
    void start()
    {
        m_stalls.clear();
        m_tick.start();
        m_timer.start();
    }
    void stop()
    {
        m_timer.stop();
        std::sort(m_stalls.begin(), m_stalls.end());
    }
    double percentile(double p) const
    {
        if (m_stalls.empty())
            return 0.0;
        return m_stalls[std::min(
            m_stalls.size() - 1,
            static_cast<std::size_t>(p * static_cast<double>(m_stalls.size())))];
    }
    double worst() const { return m_stalls.empty() ? 0.0 : m_stalls.back(); }
    std::size_t ticks() const { return m_stalls.size(); }
    QString summary() const
    {
        return QStringLiteral("p50 %1 ms, p99 %2 ms, max %3 ms, %4 ticks")
            .arg(percentile(0.5), 0, 'f', 1)
            .arg(percentile(0.99), 0, 'f', 1)
            .arg(worst(), 0, 'f', 1)
            .arg(ticks());
    }

private:
    QTimer m_timer;
    QElapsedTimer m_tick;
    std::vector<double> m_stalls;
};

QByteArray sha256Of(const QString& path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return hash.result();
}

bool writeRandomFile(const QString& path, qint64 mib)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (qint64 i = 0; i < mib; ++i) {
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(block.data()),
                                              block.size() / 4);
        if (file.write(block) != block.size())
            return false;
    }
    return true;
}

// The DCC scenario: a file sent to the window by `lanchat-cli send`, the GUI's stalls meanwhile
// and, for reference, with nothing happening. False when the file did not arrive whole.
bool measureTransfer(ui::MainWindow& window, const QString& cli, int port, const QString& dir,
                     qint64 mib)
{
    const QString source = dir + QStringLiteral("/transfer.bin");
    if (!writeRandomFile(source, mib)) {
        std::fprintf(stderr, "lanchat-gui-bench: cannot write %s\n", qPrintable(source));
        return false;
    }
    const QByteArray sent = sha256Of(source);

    StallProbe idle;
    idle.start();
    waitFor([] { return false; }, 5);
    idle.stop();

    QProcess sender;
    sender.setProcessChannelMode(QProcess::MergedChannels);
    sender.start(cli, {QStringLiteral("send"), QStringLiteral("127.0.0.1:%1").arg(port),
                       QStringLiteral("watcher"), source, QStringLiteral("--nick"),
                       QStringLiteral("sender")});
    StallProbe busy;
    busy.start();
    QElapsedTimer took;
    took.start();
    ui::TransfersPanel* transfers = window.transfers();
    bridge::TransferInfo last;
    const bool ended = waitFor(
        [&] {
            QTreeWidgetItem* row = transfers->list()->topLevelItem(0);
            if (!row)
                return false;
            last = transfers->info(row);
            return last.finished();
        },
        600);
    busy.stop();
    const double seconds = static_cast<double>(took.elapsed()) / 1000.0;
    sender.waitForFinished(20000);
    const bool whole =
        ended && last.state == bridge::TransferInfo::State::Done && sha256Of(last.path) == sent;
    std::printf("  a file by DCC into the window: %lld MiB in %.1f s (%.0f MiB/s), %s\n",
                static_cast<long long>(mib), seconds, static_cast<double>(mib) / seconds,
                whole ? "arrived whole"
                      : qPrintable(QStringLiteral("NOT ARRIVED: %1 %2; sender said: %3")
                                       .arg(bridge::transferStateText(last.state), last.error,
                                            QString::fromUtf8(sender.readAll()))));
    std::printf("  GUI stalls during it:      %s (p99 target 50: %s)\n", qPrintable(busy.summary()),
                verdict(busy.percentile(0.99) <= 50));
    std::printf("  GUI stalls, nothing on:    %s (the reference)\n", qPrintable(idle.summary()));
    QFile::remove(source);
    if (!last.path.isEmpty())
        QFile::remove(last.path);
    return whole;
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
    const QCommandLineOption fillOption(
        QStringLiteral("fill"),
        QStringLiteral("at most this long a flood first fills the scrollback and the Inspector's "
                       "ring (0: no filling flood)"),
        QStringLiteral("S"), QStringLiteral("300"));
    const QCommandLineOption transferOption(
        QStringLiteral("transfer"),
        QStringLiteral("then a file of this many MiB by DCC into the window (0: none)"),
        QStringLiteral("MIB"), QStringLiteral("0"));
    parser.addOptions(
        {cliOption, benchOption, secondsOption, rateOption, fillOption, transferOption});
    parser.process(app);
    const QString cli = parser.value(cliOption);
    const QString bench = parser.value(benchOption);
    const int seconds = std::max(1, parser.value(secondsOption).toInt());
    const int rate = std::max(1, parser.value(rateOption).toInt());
    const int fillLimit = std::max(0, parser.value(fillOption).toInt());
    const qint64 transferMiB = std::max(0LL, parser.value(transferOption).toLongLong());
    if (cli.isEmpty() || bench.isEmpty()) {
        std::fprintf(stderr, "lanchat-gui-bench: --cli and --bench are needed\n");
        return 2;
    }

    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("bench.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("identity/nick"), QStringLiteral("watcher"));
    settings.setValue(QStringLiteral("network/presence"), QStringLiteral("off"));
    // Files from "sender" are taken without asking, into the bench's folder.
    settings.setValue(QStringLiteral("files/folder"), dir.filePath(QStringLiteral("downloads")));
    settings.setValue(QStringLiteral("files/autoAcceptFrom"),
                      QStringList{QStringLiteral("sender")});

    // 1. Startup: the window shown and painted.
    app::Application application(&settings); // the window as the program makes it
    ui::MainWindow& window = *application.window();
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

    bridge::TraceFeed* feed = window.inspector()->feed();
    const int scrollback = room->view()->document()->maximumBlockCount();
    auto full = [&] {
        return feed->size() >= feed->capacity() &&
               room->view()->document()->blockCount() >= scrollback;
    };
    // The load generator: `senders` clients in #lan, `rate` messages/s in all, for `forSeconds`.
    const int senders = 5;
    auto startLoad = [&](QProcess& load, int forSeconds) {
        load.setProcessChannelMode(QProcess::MergedChannels);
        load.start(bench,
                   {QStringLiteral("--target"), QStringLiteral("127.0.0.1:%1").arg(port),
                    QStringLiteral("--clients"), QString::number(senders),
                    QStringLiteral("--senders"), QString::number(senders), QStringLiteral("--room"),
                    QStringLiteral("#lan"), QStringLiteral("--rate"),
                    QString::number(rate / senders), QStringLiteral("--messages"),
                    QString::number(rate / senders * forSeconds)});
    };
    // Resident memory and what the stores hold, every 10 s of a flood (a line of the report).
    QElapsedTimer flood;
    QStringList samples;
    QTimer sample;
    sample.setInterval(10000);
    QObject::connect(&sample, &QTimer::timeout, [&] {
        samples.append(QStringLiteral("%1 s: %2 MiB (ring %3 events)")
                           .arg(flood.elapsed() / 1000)
                           .arg(residentMiB(), 0, 'f', 1)
                           .arg(feed->size()));
    });

    // 3. The filling flood: until the scrollback and the Inspector's ring are full.
    const double rssStart = residentMiB();
    double fillSeconds = 0;
    bool filled = false;
    if (fillLimit > 0) {
        QProcess fill;
        startLoad(fill, fillLimit);
        flood.start();
        sample.start();
        filled = waitFor(full, fillLimit);
        fillSeconds = static_cast<double>(flood.elapsed()) / 1000.0;
        sample.stop();
        fill.kill();
        fill.waitForFinished(5000);
        // Killed, its senders leave the room once the host sees their sockets close; by then
        // the window has taken what they sent. The measured flood's senders join afresh.
        if (!waitFor([&] { return room->nicks().size() == 1; }, 20))
            std::fprintf(stderr, "lanchat-gui-bench: the filling flood's senders are still in "
                                 "#lan; measuring anyway\n");
    }
    const QStringList fillSamples = samples;
    samples.clear();

    // 4. The measured flood, and the GUI thread's stalls meanwhile.
    QProcess load;
    startLoad(load, seconds);
    const double rssBefore = residentMiB();
    double rssHalf = -1;
    StallProbe probe;
    flood.start();
    probe.start();
    sample.start();
    QTimer half;
    half.setSingleShot(true);
    QObject::connect(&half, &QTimer::timeout, [&] { rssHalf = residentMiB(); });
    half.start(seconds * 500);
    waitFor([&] { return load.state() == QProcess::NotRunning; }, seconds + 120);
    probe.stop();
    sample.stop();
    const double floodSeconds = static_cast<double>(flood.elapsed()) / 1000.0;
    const double rssEnd = residentMiB();
    const QString loadOutput = QString::fromUtf8(load.readAll());
    const int shown = room->view()->document()->blockCount();

    const double p99 = probe.percentile(0.99);
    const double worst = probe.worst();
    std::printf("lanchat-gui-bench: %d messages/s into #lan for %d s (%s)\n", rate, seconds,
                qPrintable(QGuiApplication::platformName()));
    std::printf("  startup to window shown:   %lld ms   (target 500 ms: %s)\n",
                static_cast<long long>(startupMs), verdict(startupMs <= 500));
    std::printf("  flood lasted:              %.1f s; load generator said:\n", floodSeconds);
    for (const auto& line : loadOutput.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        std::printf("      %s\n", qPrintable(line));
    std::printf("  GUI stalls (5 ms ticks):   p50 %.1f ms, p99 %.1f ms (target 50: %s), max %.1f "
                "ms (target 200: %s), %zu ticks\n",
                probe.percentile(0.5), p99, verdict(p99 <= 50), worst, verdict(worst <= 200),
                probe.ticks());
    std::printf("  lines in the room's view:  %d (scrollback cap %d)\n", shown, scrollback - 1);
    std::printf("  Inspector's ring:          %d of %d events, %.1f MiB of payload bytes\n",
                feed->size(), feed->capacity(), double(feed->payloadBytes()) / 1048576.0);
    if (fillLimit > 0) {
        std::printf("  filling flood:             %.0f s until the scrollback and the ring were "
                    "full (%s); resident memory %.1f -> %.1f MiB\n",
                    fillSeconds, filled ? "full" : "NOT FULL", rssStart, rssBefore);
        std::printf("      %s\n", qPrintable(fillSamples.join(QLatin1String(", "))));
    }
    std::printf("  resident memory, measured flood: %.1f MiB at the start, %.1f halfway, %.1f "
                "at the end\n",
                rssBefore, rssHalf, rssEnd);
    if (!samples.isEmpty())
        std::printf("      %s\n", qPrintable(samples.join(QLatin1String(", "))));
    // Bounded: no more than 8 MiB of growth through the measured flood, the stores being full.
    const double growth = rssEnd - rssBefore;
    if (filled)
        std::printf("  memory growth, measured flood: %.1f MiB (bounded, <= 8 MiB: %s)\n", growth,
                    verdict(growth <= 8.0));
    else
        std::printf("  memory growth, measured flood: %.1f MiB (not judged: the stores were not "
                    "full first%s)\n",
                    growth, fillLimit > 0 ? "" : ", --fill 0");
    bool transferred = true;
    if (transferMiB > 0) {
        if (!waitFor([&] { return room->nicks().size() == 1; }, 20))
            std::fprintf(stderr, "lanchat-gui-bench: the flood's senders are still in #lan\n");
        transferred = measureTransfer(window, cli, port, dir.path(), transferMiB);
    }
    host.terminate();
    host.waitForFinished(5000);
    return transferred ? 0 : 1;
}
