// SPDX-License-Identifier: GPL-3.0-or-later
// The history store's figures (issue 7), each printed with its target and met/MISSED:
//   1. storing --rate lines/s for --seconds s: how long the GUI thread (a 5 ms QTimer here)
//      stalls, p99 and max, and how long a line waits for its commit;
//   2. filling the file to --messages lines (most in one chat);
//   3. search over them (rare word, common word, two words, one chat);
//   4. opening the big chat's last page, warm and after reopening the file.
// lanchat-history-bench [--seconds 60] [--rate 2000] [--messages 1000000] [--dir DIR]
// Exit status 1 only when the store fails; a MISSED figure is reported, not an error.

#include "history/historystore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <vector>

using namespace history;

namespace {

// The names are lower-case ASCII: each is its own folded name under any CASEMAPPING.
const ChatKey BigChat{QStringLiteral("BenchNet"), QStringLiteral("bench-host"),
                      QStringLiteral("#big"), QStringLiteral("#big")};

ChatKey smallChat(int i)
{
    const QString name = QStringLiteral("#room%1").arg(i);
    return {QStringLiteral("BenchNet"), QStringLiteral("bench-host"), name, name};
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(index, v.size() - 1)];
}

bool report(const char* what, double value, const char* unit, double target)
{
    const bool met = value <= target;
    std::printf("  %-46s %10.2f %-3s (target <= %g %s) %s\n", what, value, unit, target, unit,
                met ? "met" : "MISSED");
    std::fflush(stdout);
    return met;
}

class Words
{
public:
    Words()
    {
        for (int i = 0; i < 5000; ++i) {
            QString w;
            const int len = 3 + static_cast<int>(m_random.bounded(6));
            for (int c = 0; c < len; ++c)
                w.append(QChar(u'a' + static_cast<char16_t>(m_random.bounded(26))));
            m_words << w;
        }
    }
    QString sentence(int words)
    {
        QStringList s;
        for (int i = 0; i < words; ++i)
            s << m_words.at(static_cast<int>(m_random.bounded(m_words.size())));
        return s.join(u' ');
    }
    quint32 bounded(quint32 n) { return m_random.bounded(n); }

private:
    QRandomGenerator m_random{42};
    QStringList m_words;
};

Record makeRecord(const ChatKey& chat, const QString& sender, const QString& text)
{
    Record r;
    r.chat = chat;
    r.sender = sender;
    r.text = text;
    r.time = QDateTime::currentDateTimeUtc();
    return r;
}

template <typename T> T wait(QFuture<T> future)
{
    // Keep the GUI thread's events flowing (committed signals) while waiting.
    while (!future.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return future.result();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Length of the write phase."),
                                           QStringLiteral("s"), QStringLiteral("60"));
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Lines per second."),
                                        QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption messagesOption(QStringLiteral("messages"),
                                            QStringLiteral("Lines in the file for search/open."),
                                            QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption dirOption(QStringLiteral("dir"),
                                       QStringLiteral("Folder for the file (default: temporary)."),
                                       QStringLiteral("dir"));
    parser.addOptions({secondsOption, rateOption, messagesOption, dirOption});
    parser.process(app);
    const double seconds = parser.value(secondsOption).toDouble();
    const int rate = parser.value(rateOption).toInt();
    const qint64 total = parser.value(messagesOption).toLongLong();

    QTemporaryDir temp;
    const QString dir = parser.isSet(dirOption) ? parser.value(dirOption) : temp.path();
    const QString path = dir + QStringLiteral("/bench-history.sqlite");
    QFile::remove(path);

    HistoryStore store;
    QObject::connect(&store, &HistoryStore::errorOccurred, &app, [](const QString& message) {
        std::fprintf(stderr, "%s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
    QElapsedTimer openTimer;
    openTimer.start();
    if (!store.open(path)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return 1;
    }
    std::printf("history bench: %s\n  open (new file)                                %10.2f ms\n",
                qPrintable(path), openTimer.nsecsElapsed() / 1e6);
    Words words;
    bool allMet = true;

    // 1. The write phase, with the GUI thread's stalls measured by a 5 ms timer.
    {
        std::printf("1. storing %d lines/s for %g s\n", rate, seconds);
        QObject phase; // the context of this phase's connections: they end with it
        std::vector<double> stalls;
        std::vector<double> commitWaits;
        std::deque<std::pair<qint64, qint64>> pending; // id, append time (ns)
        QElapsedTimer clock;
        clock.start();
        const int probeMs = 5;
        qint64 lastTick = clock.nsecsElapsed();
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(probeMs);
        QObject::connect(&probe, &QTimer::timeout, &phase, [&] {
            const qint64 now = clock.nsecsElapsed();
            stalls.push_back(std::max(0.0, (now - lastTick) / 1e6 - probeMs));
            lastTick = now;
        });
        QObject::connect(&store, &HistoryStore::committed, &phase, [&](qint64 upTo) {
            const qint64 now = clock.nsecsElapsed();
            while (!pending.empty() && pending.front().first <= upTo) {
                commitWaits.push_back((now - pending.front().second) / 1e6);
                pending.pop_front();
            }
        });
        qint64 sent = 0;
        QTimer writer;
        writer.setTimerType(Qt::PreciseTimer);
        writer.setInterval(10);
        QObject::connect(&writer, &QTimer::timeout, &phase, [&] {
            const double elapsed = clock.nsecsElapsed() / 1e9;
            const auto due = static_cast<qint64>(elapsed * rate);
            for (; sent < due; ++sent) {
                const ChatKey chat =
                    sent % 10 == 0 ? smallChat(static_cast<int>(sent / 10 % 9)) : BigChat;
                const qint64 id = store.append(
                    makeRecord(chat, QStringLiteral("nick%1").arg(sent % 50), words.sentence(8)));
                pending.emplace_back(id, clock.nsecsElapsed());
            }
            if (elapsed >= seconds)
                QCoreApplication::quit();
        });
        probe.start();
        writer.start();
        if (QCoreApplication::exec() != 0)
            return 1;
        writer.stop();
        probe.stop();
        while (!pending.empty() && clock.elapsed() < 60000 + seconds * 1000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        std::printf("  %lld lines stored in %.1f s\n", static_cast<long long>(sent),
                    clock.elapsed() / 1000.0);
        allMet &= report("GUI thread stall p99", percentile(stalls, 0.99), "ms", 50);
        allMet &= report("GUI thread stall max", percentile(stalls, 1.0), "ms", 200);
        std::printf("  %-46s %10.2f ms (p50 %.2f, max %.2f)\n",
                    "commit wait p99 (append -> committed)", percentile(commitWaits, 0.99),
                    percentile(commitWaits, 0.5), percentile(commitWaits, 1.0));
    }

    // 2. Fill to `total` lines: nine in ten in #big, a rare word in one line in ten thousand.
    {
        const Page before = wait(store.loadLast(BigChat, 1));
        (void)before;
        qint64 stored = store.lastCommitted();
        std::printf("2. filling to %lld lines\n", static_cast<long long>(total));
        QElapsedTimer fill;
        fill.start();
        while (stored < total) {
            qint64 last = 0;
            const qint64 chunk = std::min<qint64>(5000, total - stored);
            for (qint64 i = 0; i < chunk; ++i, ++stored) {
                const ChatKey chat =
                    stored % 10 == 0 ? smallChat(static_cast<int>(stored / 10 % 9)) : BigChat;
                QString text = words.sentence(8);
                if (stored % 10000 == 5001)
                    text += QStringLiteral(" needle");
                last =
                    store.append(makeRecord(chat, QStringLiteral("nick%1").arg(stored % 50), text));
            }
            while (store.lastCommitted() < last && store.isOpen())
                QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            if (!store.isOpen())
                return 1;
        }
        std::printf("  %lld lines in %.1f s (%.0f lines/s)\n", static_cast<long long>(stored),
                    fill.elapsed() / 1000.0, stored / std::max(0.001, fill.elapsed() / 1000.0));
    }

    // 3. Search.
    {
        std::printf("3. search over %lld lines (newest 100 hits)\n", static_cast<long long>(total));
        const QString common = words.sentence(1);
        struct Query
        {
            const char* name;
            QString text;
            std::optional<ChatKey> scope;
        };
        const std::vector<Query> queries = {
            {"rare word (all history)", QStringLiteral("needle"), std::nullopt},
            {"common word (all history)", common, std::nullopt},
            {"two words (all history)", words.sentence(2), std::nullopt},
            {"rare word in #big", QStringLiteral("needle"), BigChat},
            {"common word in a small chat", common, smallChat(3)},
        };
        for (const Query& q : queries) {
            std::vector<double> times;
            qsizetype hits = 0;
            for (int i = 0; i < 5; ++i) {
                QElapsedTimer t;
                t.start();
                const SearchResults r = wait(store.search(q.text, q.scope, 100));
                times.push_back(t.nsecsElapsed() / 1e6);
                hits = r.hits.size();
                if (!r.error.isEmpty()) {
                    std::fprintf(stderr, "search: %s\n", qPrintable(r.error));
                    return 1;
                }
            }
            const QByteArray label = QStringLiteral("%1, %2 hits, max of 5")
                                         .arg(QLatin1String(q.name))
                                         .arg(hits)
                                         .toUtf8();
            allMet &= report(label.constData(), percentile(times, 1.0), "ms", 200);
        }
    }

    // 4. Opening the big chat: its last page, warm, then after closing and reopening the file.
    {
        std::printf("4. opening #big (last 200 lines)\n");
        std::vector<double> times;
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer t;
            t.start();
            const Page page = wait(store.loadLast(BigChat, 200));
            times.push_back(t.nsecsElapsed() / 1e6);
            if (page.messages.size() != 200)
                return 1;
        }
        allMet &= report("last page, warm (max of 5)", percentile(times, 1.0), "ms", 100);
        store.close();
        QElapsedTimer t;
        t.start();
        if (!store.open(path))
            return 1;
        const double openMs = t.nsecsElapsed() / 1e6;
        t.restart();
        const Page page = wait(store.loadLast(BigChat, 200));
        const double pageMs = t.nsecsElapsed() / 1e6;
        std::printf("  %-46s %10.2f ms\n", "reopen the file", openMs);
        allMet &= report("last page after reopening", pageMs, "ms", 100);
        allMet &= report("reopen + last page", openMs + pageMs, "ms", 100);
        const QFileInfo info(path);
        std::printf("  file size %.1f MB\n", info.size() / 1e6);
        if (page.messages.size() != 200)
            return 1;
    }
    std::printf("%s\n", allMet ? "all targets met" : "some targets MISSED");
    return 0;
}
