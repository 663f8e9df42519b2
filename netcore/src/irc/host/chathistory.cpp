// SPDX-License-Identifier: GPL-3.0-or-later
// CHATHISTORY (ircv3.net draft/chathistory): LATEST, BEFORE, AFTER, AROUND, BETWEEN and
// TARGETS over the host's History, answered in a `chathistory` batch with each line's msgid and
// time as its recipients saw them. A room's history only to its members (a secret room's too);
// a private conversation's lines only to whoever sent or received them, by nick and by
// user@host, so that someone taking a nick later does not read what was said to its owner.
// At most HostConfig::historyPerAnswer lines an answer (ISUPPORT CHATHISTORY): a client asks again
// for more.

#include "irc/host/engine.h"

#include <algorithm>

namespace netcore::irc::hostimpl::chathistory {

namespace {

// A message reference: "*", "msgid=ID" or "timestamp=YYYY-MM-DDThh:mm:ss.sssZ".
struct Ref
{
    bool any = false;
    std::string msgid;
    std::int64_t ms = -1;
};

bool parseRef(const std::string& text, Ref* ref)
{
    if (text == "*") {
        ref->any = true;
        return true;
    }
    if (text.rfind("msgid=", 0) == 0 && text.size() > 6) {
        ref->msgid = text.substr(6);
        return true;
    }
    if (text.rfind("timestamp=", 0) == 0) {
        ref->ms = parseIsoTime(std::string_view(text).substr(10));
        return ref->ms >= 0;
    }
    return false;
}

using Lines = std::vector<const HistoryLine*>;

// Where a reference falls in `lines`: those before it are [0, before), those after it
// [after, size). A msgid not found: nothing before or after it.
struct Position
{
    std::size_t before = 0;
    std::size_t after = 0;
    bool found = true;
};

Position locate(const Lines& lines, const Ref& ref)
{
    Position p;
    if (!ref.msgid.empty()) {
        const auto it = std::find_if(lines.begin(), lines.end(),
                                     [&](const HistoryLine* l) { return l->msgid == ref.msgid; });
        if (it == lines.end())
            return {0, lines.size(), false};
        p.before = std::size_t(it - lines.begin());
        p.after = p.before + 1;
        return p;
    }
    p.before = std::size_t(
        std::lower_bound(lines.begin(), lines.end(), ref.ms,
                         [](const HistoryLine* l, std::int64_t ms) { return l->ms < ms; }) -
        lines.begin());
    p.after = std::size_t(
        std::upper_bound(lines.begin(), lines.end(), ref.ms,
                         [](std::int64_t ms, const HistoryLine* l) { return ms < l->ms; }) -
        lines.begin());
    return p;
}

// The first or last `limit` of lines[from, to).
Lines slice(const Lines& lines, std::size_t from, std::size_t to, std::size_t limit, bool last)
{
    if (from >= to)
        return {};
    if (to - from > limit) {
        if (last)
            from = to - limit;
        else
            to = from + limit;
    }
    return Lines(lines.begin() + std::ptrdiff_t(from), lines.begin() + std::ptrdiff_t(to));
}

// Whether `mask` (nick!user@host) is `c` now: the same nick and the same user@host.
bool isClient(const std::string& mask, const Client& c)
{
    const auto bang = mask.find('!');
    return bang != std::string::npos && sameName(mask.substr(0, bang), c.nick) &&
           mask.substr(bang + 1) == c.user + "@" + c.host;
}

void fail(Engine& host, Client& c, const char* code, std::vector<std::string> context,
          const std::string& text)
{
    host.sender.standardReply(c, "FAIL", "CHATHISTORY", code, std::move(context), text);
}

void sendBatch(Engine& host, Client& c, const std::string& target, const Lines& lines)
{
    Sender& sender = host.sender;
    const std::string id = sender.batchId();
    const std::string& server = host.config.serverName;
    sender.sendLine(c, format({{}, server, "BATCH", {"+" + id, "chathistory", target}}));
    for (const HistoryLine* line : lines) {
        Message m;
        m.tags = {{"batch", id}, {"time", line->time}, {"msgid", line->msgid}};
        if (c.caps & CapMessageTags)
            m.tags.insert(m.tags.end(), line->clientTags.begin(), line->clientTags.end());
        m.source = line->source;
        m.command = line->command;
        m.params = {line->target, line->text};
        m.trailing = true;
        sender.sendLine(c, formatLimited(m, host.config.maxLine));
    }
    sender.sendLine(c, format({{}, server, "BATCH", {"-" + id}}));
}

// The lines of `target` that `c` may read, and the name to answer under; false (and a FAIL
// said) if it may read none.
bool readable(Engine& host, Client& c, const std::string& sub, const std::string& target,
              Lines* lines)
{
    if (!target.empty() && target.front() == '#') {
        Room* r = host.world.findRoom(target);
        if (!r || !r->member(&c)) {
            fail(host, c, "INVALID_TARGET", {sub, target},
                 "Only a room's members may read its history");
            return false;
        }
        *lines = host.history.lines(History::roomKey(fold(r->name)));
        return true;
    }
    if (!isValidNick(target, host.config.nickLength)) {
        fail(host, c, "INVALID_TARGET", {sub, target}, "No such room or nick");
        return false;
    }
    *lines = host.history.lines(History::privateKey(fold(c.nick), fold(target)));
    std::erase_if(*lines, [&](const HistoryLine* l) {
        return !isClient(l->source, c) && !isClient(l->toMask, c);
    });
    return true;
}

void targets(Engine& host, Client& c, const Message& m, std::size_t limit)
{
    Ref from, to;
    if (!parseRef(m.param(1), &from) || !parseRef(m.param(2), &to) || from.ms < 0 || to.ms < 0) {
        fail(host, c, "INVALID_PARAMS", {"TARGETS"}, "TARGETS takes two timestamp= references");
        return;
    }
    const std::int64_t low = std::min(from.ms, to.ms), high = std::max(from.ms, to.ms);
    struct Found
    {
        std::string name;
        const HistoryLine* latest;
    };
    std::vector<Found> found;
    const std::string self = fold(c.nick);
    for (const std::string& key : host.history.keys()) {
        Lines lines;
        std::string name;
        if (key.front() == '#') {
            Room* r = host.world.findRoom(key);
            if (!r || !r->member(&c))
                continue;
            name = r->name;
            lines = host.history.lines(key);
        } else {
            const auto space = key.find(' ');
            const std::string a = key.substr(0, space), b = key.substr(space + 1);
            if (a != self && b != self)
                continue;
            if (!readable(host, c, "TARGETS", a == self ? b : a, &lines))
                continue;
        }
        std::erase_if(lines, [&](const HistoryLine* l) { return l->ms <= low || l->ms >= high; });
        if (lines.empty())
            continue;
        const HistoryLine* latest = lines.back();
        if (name.empty()) {
            // The other person, as the latest line names them.
            const std::string sourceNick = latest->source.substr(0, latest->source.find('!'));
            name = isClient(latest->source, c) ? latest->target : sourceNick;
        }
        found.push_back({name, latest});
    }
    std::sort(found.begin(), found.end(),
              [](const Found& x, const Found& y) { return x.latest->ms < y.latest->ms; });
    if (found.size() > limit)
        found.resize(limit);
    Sender& sender = host.sender;
    const std::string id = sender.batchId();
    const std::string& server = host.config.serverName;
    sender.sendLine(c, format({{}, server, "BATCH", {"+" + id, "draft/chathistory-targets"}}));
    for (const Found& f : found)
        sender.sendLine(
            c,
            format({{{"batch", id}}, server, "CHATHISTORY", {"TARGETS", f.name, f.latest->time}}));
    sender.sendLine(c, format({{}, server, "BATCH", {"-" + id}}));
}

} // namespace

void command(Engine& host, Client& c, const Message& m)
{
    std::string sub = m.param(0);
    std::transform(sub.begin(), sub.end(), sub.begin(),
                   [](char ch) { return ch >= 'a' && ch <= 'z' ? char(ch - 32) : ch; });
    const bool between = sub == "BETWEEN";
    const std::size_t limitAt = between ? 4 : 3;
    static const char* const known[] = {"LATEST", "BEFORE",  "AFTER",
                                        "AROUND", "BETWEEN", "TARGETS"};
    if (std::none_of(std::begin(known), std::end(known), [&](const char* k) { return sub == k; })) {
        fail(host, c, "INVALID_PARAMS", {sub.empty() ? "*" : sub},
             "Unknown subcommand: LATEST, BEFORE, AFTER, AROUND, BETWEEN or TARGETS");
        return;
    }
    const std::string& limitText = m.param(limitAt);
    if (m.params.size() <= limitAt || limitText.empty() || limitText.size() > 6 ||
        limitText.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(limitText) == 0) {
        fail(host, c, "INVALID_PARAMS", {sub}, "Missing or invalid parameters");
        return;
    }
    // A huge range is answered in pieces: at most historyPerAnswer lines at a time.
    const std::size_t limit = std::min<std::size_t>(
        std::stoul(limitText), std::max<std::size_t>(host.config.historyPerAnswer, 1));
    if (sub == "TARGETS") {
        targets(host, c, m, limit);
        return;
    }
    const std::string& target = m.param(1);
    Ref ref, second;
    if (!parseRef(m.param(2), &ref) || (ref.any && sub != "LATEST") ||
        (between && (!parseRef(m.param(3), &second) || second.any))) {
        fail(host, c, "INVALID_MSGREFTYPE", {sub, target},
             "A reference is msgid=ID or timestamp=YYYY-MM-DDThh:mm:ss.sssZ");
        return;
    }
    Lines lines;
    if (!readable(host, c, sub, target, &lines))
        return;
    Lines chosen;
    const Position p = ref.any ? Position{lines.size(), 0, true} : locate(lines, ref);
    if (!p.found) {
        // An unknown msgid: nothing to answer with.
    } else if (sub == "LATEST") {
        chosen = slice(lines, ref.any ? 0 : p.after, lines.size(), limit, true);
    } else if (sub == "BEFORE") {
        chosen = slice(lines, 0, p.before, limit, true);
    } else if (sub == "AFTER") {
        chosen = slice(lines, p.after, lines.size(), limit, false);
    } else if (sub == "AROUND") {
        const std::size_t centre = p.before;
        const std::size_t from = centre > (limit - 1) / 2 ? centre - (limit - 1) / 2 : 0;
        chosen = slice(lines, from, lines.size(), limit, false);
    } else {
        const Position q = locate(lines, second);
        if (q.found && p.before <= q.before)
            chosen = slice(lines, p.after, q.before, limit, false);
        else if (q.found)
            chosen = slice(lines, q.after, p.before, limit, true);
    }
    sendBatch(host, c, target, chosen);
}

} // namespace netcore::irc::hostimpl::chathistory
