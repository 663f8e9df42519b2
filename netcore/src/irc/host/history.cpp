// SPDX-License-Identifier: GPL-3.0-or-later
#include "irc/host/history.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>

namespace netcore::irc::hostimpl {

namespace {

constexpr const char* KeyTag = "lanchat/key";
constexpr const char* ToTag = "lanchat/to";
constexpr const char* SecretTag = "lanchat/secret";

std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Reads `digits` decimal digits at `pos`; -1 if they are not all digits.
int number(std::string_view text, std::size_t pos, std::size_t digits)
{
    if (pos + digits > text.size())
        return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + digits; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// Private messages are in the file: only its owner may read it.
void ownerOnly(const std::string& path)
{
    std::error_code ignored;
    std::filesystem::permissions(
        path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
        std::filesystem::perm_options::replace, ignored);
}

std::string fileLine(const std::string& key, const HistoryLine& line)
{
    Message m;
    m.tags = {{"time", line.time}, {"msgid", line.msgid}, {KeyTag, key}};
    if (!line.toMask.empty())
        m.tags.push_back({ToTag, line.toMask});
    if (line.secret)
        m.tags.push_back({SecretTag, ""});
    m.tags.insert(m.tags.end(), line.clientTags.begin(), line.clientTags.end());
    m.source = line.source;
    m.command = line.command;
    m.params = {line.target, line.text};
    m.trailing = true;
    return format(m);
}

} // namespace

std::int64_t parseIsoTime(std::string_view text)
{
    // YYYY-MM-DDThh:mm:ss[.fff]Z
    const int year = number(text, 0, 4), month = number(text, 5, 2), day = number(text, 8, 2);
    const int hour = number(text, 11, 2), minute = number(text, 14, 2);
    const int second = number(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 ||
        text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || hour > 23 || minute > 59 || second > 60)
        return -1;
    int millis = 0;
    std::size_t end = 19;
    if (text[19] == '.') {
        std::size_t digits = 0;
        for (end = 20; end < text.size() && text[end] >= '0' && text[end] <= '9'; ++end) {
            if (digits++ < 3)
                millis = millis * 10 + (text[end] - '0');
        }
        if (digits == 0)
            return -1;
        for (; digits < 3; ++digits)
            millis *= 10;
    }
    if (end + 1 != text.size() || text[end] != 'Z')
        return -1;
    using namespace std::chrono;
    const year_month_day date{std::chrono::year(year), std::chrono::month(unsigned(month)),
                              std::chrono::day(unsigned(day))};
    if (!date.ok())
        return -1;
    const auto at =
        sys_days(date) + hours(hour) + minutes(minute) + seconds(second) + milliseconds(millis);
    return duration_cast<milliseconds>(at.time_since_epoch()).count();
}

History::History(std::string file, std::size_t perTarget, std::chrono::seconds maxAge,
                 std::function<void(const std::string&)> log, Defer defer)
    : m_file(std::move(file))
    , m_perTarget(perTarget)
    , m_maxAge(maxAge)
    , m_log(std::move(log))
    , m_defer(std::move(defer))
{}

History::~History()
{
    flush();
}

std::string History::privateKey(const std::string& foldedA, const std::string& foldedB)
{
    return foldedA < foldedB ? foldedA + " " + foldedB : foldedB + " " + foldedA;
}

void History::load()
{
    if (!enabled() || m_file.empty())
        return;
    std::ifstream in(m_file, std::ios::binary);
    std::size_t read = 0, refused = 0, secret = 0;
    if (in) {
        Limits roomy;
        roomy.maxLine = 1 << 16;
        roomy.maxTags = 1 << 16;
        std::string text;
        while (std::getline(in, text)) {
            if (!text.empty() && text.back() == '\r')
                text.pop_back();
            if (text.empty())
                continue;
            const ParseResult parsed = parse(text, roomy);
            HistoryLine line;
            std::string key;
            if (parsed.message && parsed.message->params.size() == 2) {
                const Message& m = *parsed.message;
                for (const Tag& tag : m.tags) {
                    if (tag.key == "time")
                        line.time = tag.value;
                    else if (tag.key == "msgid")
                        line.msgid = tag.value;
                    else if (tag.key == KeyTag)
                        key = tag.value;
                    else if (tag.key == ToTag)
                        line.toMask = tag.value;
                    else if (tag.key == SecretTag)
                        line.secret = true;
                    else if (!tag.key.empty() && tag.key.front() == '+')
                        line.clientTags.push_back(tag);
                }
                line.ms = parseIsoTime(line.time);
                line.source = m.source;
                line.command = m.command;
                line.target = m.param(0);
                line.text = m.param(1);
            }
            if (key.empty() || line.ms < 0 || line.msgid.empty() || line.source.empty()) {
                ++refused;
                continue;
            }
            ++read;
            if (line.secret) {
                ++secret;
                continue;
            }
            m_byKey[key].push_back(std::move(line));
        }
    }
    const std::int64_t now = nowMs();
    m_kept = 0;
    for (auto& [key, lines] : m_byKey) {
        std::stable_sort(lines.begin(), lines.end(),
                         [](const HistoryLine& a, const HistoryLine& b) { return a.ms < b.ms; });
        prune(lines, now);
        m_kept += lines.size();
    }
    std::erase_if(m_byKey, [](const auto& entry) { return entry.second.empty(); });
    if (read != m_kept || refused)
        rewrite(); // without what is no longer kept
    if (read || refused)
        m_log("history: " + std::to_string(m_kept) + " lines kept of " + std::to_string(read) +
              " in " + m_file +
              (secret ? " (" + std::to_string(secret) +
                            " from secret rooms "
                            "dropped)"
                      : "") +
              (refused ? "; " + std::to_string(refused) + " unreadable lines skipped" : ""));
}

void History::prune(std::deque<HistoryLine>& lines, std::int64_t now) const
{
    while (lines.size() > m_perTarget)
        lines.pop_front();
    if (m_maxAge.count() > 0) {
        const std::int64_t oldest = now - std::int64_t(m_maxAge.count()) * 1000;
        while (!lines.empty() && lines.front().ms < oldest)
            lines.pop_front();
    }
}

void History::add(const std::string& key, HistoryLine line)
{
    if (!enabled())
        return;
    auto& lines = m_byKey[key];
    const std::size_t before = lines.size();
    if (!m_file.empty())
        append(key, line);
    lines.push_back(std::move(line));
    prune(lines, lines.back().ms);
    m_kept = m_kept + lines.size() - before;
    // Bounded in all, too (many private conversations): the conversation whose latest line is
    // the oldest goes first.
    while (m_kept > m_perTarget * kMaxConversations && m_byKey.size() > 1) {
        auto oldest = m_byKey.begin();
        for (auto it = m_byKey.begin(); it != m_byKey.end(); ++it) {
            if (it->second.back().ms < oldest->second.back().ms)
                oldest = it;
        }
        m_kept -= oldest->second.size();
        m_byKey.erase(oldest);
    }
    // The file holds what was pruned as well; once it has grown well past what is kept, it is
    // written again with only that.
    if (!m_file.empty() && m_appended > std::max<std::size_t>(m_kept, 10000))
        rewrite();
}

void History::clear(const std::string& key)
{
    const auto it = m_byKey.find(key);
    if (it == m_byKey.end())
        return;
    m_kept -= it->second.size();
    m_byKey.erase(it);
    rewrite();
}

std::vector<const HistoryLine*> History::lines(const std::string& key) const
{
    std::vector<const HistoryLine*> out;
    const auto it = m_byKey.find(key);
    if (it == m_byKey.end())
        return out;
    const std::int64_t oldest = m_maxAge.count() > 0
                                    ? nowMs() - std::int64_t(m_maxAge.count()) * 1000
                                    : std::numeric_limits<std::int64_t>::min();
    for (const HistoryLine& line : it->second) {
        if (line.ms >= oldest)
            out.push_back(&line);
    }
    return out;
}

std::vector<std::string> History::keys() const
{
    std::vector<std::string> out;
    out.reserve(m_byKey.size());
    for (const auto& [key, lines] : m_byKey)
        out.push_back(key);
    return out;
}

void History::append(const std::string& key, const HistoryLine& line)
{
    if (m_failed)
        return;
    m_pending += fileLine(key, line);
    ++m_appended;
    // A turn that says a lot (a flood) is written as it goes, in pieces of this size.
    constexpr std::size_t kWriteAt = 64 * 1024;
    if (!m_defer || m_pending.size() >= kWriteAt) {
        flush();
    } else if (!m_flushScheduled) {
        m_flushScheduled = true;
        m_defer([this] {
            m_flushScheduled = false;
            flush();
        });
    }
}

void History::flush()
{
    if (m_pending.empty() || m_failed)
        return;
    if (!m_out.is_open()) {
        m_out.open(m_file, std::ios::binary | std::ios::app);
        if (!m_out) {
            writeFailed("cannot open " + m_file);
            return;
        }
        ownerOnly(m_file);
    }
    m_out.write(m_pending.data(), std::streamsize(m_pending.size()));
    m_out.flush();
    m_pending.clear();
    if (!m_out)
        writeFailed("cannot write " + m_file + " (is the disk full?)");
}

void History::rewrite()
{
    if (m_file.empty() || m_failed)
        return;
    m_pending.clear(); // what it holds is in memory too, and written below
    m_out.close();
    const std::string temporary = m_file + ".new";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        ownerOnly(temporary);
        for (const auto& [key, lines] : m_byKey) {
            for (const HistoryLine& line : lines)
                out << fileLine(key, line);
        }
        out.flush();
        if (!out) {
            writeFailed("cannot write " + temporary + " (is the disk full?)");
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            return;
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, m_file, error);
    if (error) {
        writeFailed("cannot replace " + m_file + ": " + error.message());
        return;
    }
    m_appended = 0;
}

void History::writeFailed(const std::string& what)
{
    m_failed = true;
    m_pending.clear();
    m_out.close();
    m_log("history: " + what + "; the history stays in memory only until the host restarts");
}

} // namespace netcore::irc::hostimpl
