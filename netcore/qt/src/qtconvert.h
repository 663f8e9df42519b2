// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The bridge's conversions between netcore's values (UTF-8 std::string, system_clock) and Qt's,
// in one place. Private to the bridge: the widgets only ever see the Qt side.

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace bridge {

// netcore's text is UTF-8 (peer text was decoded to valid UTF-8 by the engine).
inline QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

inline std::string toStdString(const QString& text)
{
    return text.toStdString();
}

inline QStringList toQStringList(const std::vector<std::string>& list)
{
    QStringList out;
    out.reserve(static_cast<qsizetype>(list.size()));
    for (const auto& item : list)
        out.push_back(toQString(item));
    return out;
}

inline std::vector<std::string> toStdStrings(const QStringList& list)
{
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(list.size()));
    for (const auto& item : list)
        out.push_back(item.toStdString());
    return out;
}

// A UTC instant from netcore; shown in local time by whoever displays it (local-time
// conversion stays off the loop threads: glibc's tzset is not thread-safe).
inline QDateTime toQDateTime(std::chrono::system_clock::time_point time)
{
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace bridge
