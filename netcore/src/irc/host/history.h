// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The host's catch-up history (draft/chathistory): the recent PRIVMSG and NOTICE lines of each
// room and of each private conversation, bounded per conversation by count and age, and kept
// in a file so that a restart keeps them. The file is IRC lines, one per message, with the
// host's own tags for what the line does not say (lanchat/key, lanchat/to, lanchat/secret):
//
//   @time=2026-12-05T12:00:00.000Z;msgid=x;lanchat/key=#lan :ada!~ada@10.0.0.2 PRIVMSG #lan :hi
//
// Lines are appended as they come, written together at the end of the loop's turn (one write
// for what a turn said, not one per line: a system call per message cost the host a third of its
// throughput at full speed); the file is rewritten with only what is kept when it is
// loaded and when it has grown well past that. A line from a secret room (+s) is not loaded
// again: modes do not outlive the host, so neither may what they kept private. Writing is
// best effort: a write that fails (a full disk) is said once in the host's log and history goes
// on in memory.

#include "netcore/irc/message.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <fstream>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace netcore::irc::hostimpl {

// History holds at most this many full conversations' worth of lines in all.
inline constexpr std::size_t kMaxConversations = 200;

struct HistoryLine
{
    std::int64_t ms = 0; // unix milliseconds, from `time`
    std::string time;    // the server-time the recipients saw
    std::string msgid;   // the msgid they saw
    std::string source;  // nick!user@host
    std::string command; // PRIVMSG or NOTICE
    std::string target;  // the room, or the nick it was sent to
    std::string text;
    std::vector<Tag> clientTags;
    std::string toMask;  // private messages: the recipient's nick!user@host
    bool secret = false; // said in a secret room
};

class History
{
public:
    // Schedules a task for the end of the loop's current turn.
    using Defer = std::function<void(std::function<void()>)>;

    // `file` "": memory only. `perTarget` 0: no history at all. `defer`: where the lines a turn
    // added are written from (none: each line is written at once).
    History(std::string file, std::size_t perTarget, std::chrono::seconds maxAge,
            std::function<void(const std::string&)> log, Defer defer = {});
    ~History();
    History(const History&) = delete;
    History& operator=(const History&) = delete;

    bool enabled() const { return m_perTarget > 0; }
    // Reads the file, keeps what is within the bounds and not secret, and rewrites it.
    void load();

    // The key of a room's history (its folded name) and of a private conversation (both
    // folded nicks, in order, with a space between: no nick has one).
    static std::string roomKey(const std::string& foldedRoom) { return foldedRoom; }
    static std::string privateKey(const std::string& foldedA, const std::string& foldedB);

    void add(const std::string& key, HistoryLine line);
    // A room that has ended: its lines go (from the file too).
    void clear(const std::string& key);
    // The lines of one conversation, oldest first, without those past the age limit.
    std::vector<const HistoryLine*> lines(const std::string& key) const;
    // Every conversation's key.
    std::vector<std::string> keys() const;
    // Writes the lines added since the last write (the end of a turn, and the destructor).
    void flush();

private:
    void prune(std::deque<HistoryLine>& lines, std::int64_t nowMs) const;
    void append(const std::string& key, const HistoryLine& line);
    void rewrite();
    void writeFailed(const std::string& what);

    std::string m_file;
    std::size_t m_perTarget;
    std::chrono::seconds m_maxAge;
    std::function<void(const std::string&)> m_log;
    std::unordered_map<std::string, std::deque<HistoryLine>> m_byKey;
    Defer m_defer;
    std::ofstream m_out;
    std::string m_pending; // file lines added in this turn, not yet written
    bool m_flushScheduled = false;
    std::size_t m_appended = 0; // lines appended since the last rewrite
    std::size_t m_kept = 0;     // lines kept in memory
    bool m_failed = false;
};

// "2026-12-05T12:00:00.000Z" (and without the fraction) -> unix milliseconds; -1 if malformed.
std::int64_t parseIsoTime(std::string_view text);

} // namespace netcore::irc::hostimpl
