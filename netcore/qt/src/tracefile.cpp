// SPDX-License-Identifier: GPL-3.0-or-later
// The feed's files: JSON Lines in (lanchat-cli --trace-file, an export) and out, CSV out, and
// one record as text (netcore's formatter, the same lines as lanchat-cli --trace).

#include "bridge/tracefeed.h"

#include "qtconvert.h"
#include "traceconvert.h"

#include "netcore/trace_format.h"

#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <string>
#include <vector>

namespace bridge {

namespace {

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

bool TraceFeed::loadJsonLines(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    std::vector<netcore::TraceEvent> events;
    int lineNumber = 0;
    while (!file.atEnd()) {
        QByteArray line = file.readLine().trimmed(); // also drops a Windows CR
        ++lineNumber;
        if (line.isEmpty())
            continue;
        std::string why;
        const auto event =
            netcore::traceEventFromJson(std::string_view(line.constData(), line.size()), &why);
        if (!event) {
            if (error)
                *error = QStringLiteral("line %1: %2").arg(lineNumber).arg(toQString(why));
            return false;
        }
        events.push_back(std::move(*event));
    }
    // A recording from before the structured fields gets them here, once (see trace_format.h).
    netcore::upgradeLegacyTrace(events);
    m_epochWallMs = 0; // its times are from another run's clock
    replaceWith(events);
    return true;
}

QString TraceFeed::formatText(const TraceRecord& record)
{
    return toQString(netcore::formatTraceEvent(toEvent(record)));
}

QString TraceFeed::toJsonLine(const TraceRecord& record)
{
    return toQString(netcore::traceEventToJson(toEvent(record)));
}

bool TraceFeed::exportJsonLines(const QString& path, QString* error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    for (const TraceRecord& r : m_history) {
        const std::string line = netcore::traceEventToJson(toEvent(r)) + '\n';
        file.write(line.data(), qint64(line.size()));
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

QStringList TraceFeed::csvColumns()
{
    return {QStringLiteral("seq"),     QStringLiteral("time_ms"),    QStringLiteral("thread"),
            QStringLiteral("socket"),  QStringLiteral("protocol"),   QStringLiteral("call"),
            QStringLiteral("winsock"), QStringLiteral("args"),       QStringLiteral("result"),
            QStringLiteral("error"),   QStringLiteral("error_name"), QStringLiteral("bytes"),
            QStringLiteral("data")};
}

bool TraceFeed::exportCsv(const QString& path, QString* error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    QTextStream out(&file);
    out << csvColumns().join(QLatin1Char(',')) << "\r\n";
    for (const TraceRecord& r : m_history) {
        const QStringList fields = {
            QString::number(r.seq),
            QString::number(double(r.timeNs) / 1e6, 'f', 3),
            QString::number(r.thread),
            QString::number(r.socket),
            r.protocol,
            r.callName,
            r.winsockCall(),
            csvField(r.args),
            QString::number(r.result),
            r.error ? QString::number(r.error) : QString(),
            r.errorName,
            r.bytes ? QString::number(r.bytes) : QString(),
            csvField(toQString(netcore::escapeBytes(r.data.toStdString()))),
        };
        out << fields.join(QLatin1Char(',')) << "\r\n";
    }
    out.flush();
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace bridge
