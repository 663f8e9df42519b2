// SPDX-License-Identifier: GPL-3.0-or-later
#include "join_lines.h"

namespace cli {

const char* const JoinHelpText =
    "Lines you type go to the current room. Commands:\n"
    "  /join #room [key]      join a room (and make it the current one)\n"
    "  /part [#room] [reason] leave a room (the current one by default)\n"
    "  /msg NICK|#room text   a message to someone (private) or to a room\n"
    "  /query NICK [text]     talk with someone: your lines go to them\n"
    "  /notice NICK|#room text  a notice (no automatic replies to it)\n"
    "  /me text               an action: * you text\n"
    "  /nick NEW              change your nick\n"
    "  /topic [text]          show or set the current room's topic\n"
    "  /away [text]           mark yourself away; /back to return\n"
    "  /names [#room]         who is in a room\n"
    "  /who [#room|mask]      who is in a room (the current one), or matches a mask\n"
    "  /whois NICK            about someone\n"
    "  /kick NICK [reason]    remove someone from the current room\n"
    "  /mode [#room|NICK] [modes [args]]  show or change modes\n"
    "  /invite NICK [#room]   invite someone (to the current room)\n"
    "  /list [mask]           the rooms on the server\n"
    "  /lag                   the round trip to the server\n"
    "  /info                  the server: network, case mapping, capabilities\n"
    "  /quote LINE            send a raw IRC line\n"
    "  /quit [reason]         leave (so does the end of input)\n"
    "  //text                 send text that starts with '/'";

std::vector<std::string> whoisLines(const netcore::irc::WhoisReply& w)
{
    std::vector<std::string> lines;
    if (!w.found)
        return lines;
    lines.push_back("-!- " + w.nick + " is " + w.user + "@" + w.host + " (" + w.realName + ")");
    if (!w.rooms.empty()) {
        std::string rooms;
        for (const auto& room : w.rooms)
            rooms += (rooms.empty() ? "" : " ") + room;
        lines.push_back("-!- " + w.nick + " is in " + rooms);
    }
    if (!w.server.empty())
        lines.push_back("-!- " + w.nick + " is on " + w.server + " (" + w.serverInfo + ")");
    if (w.idle)
        lines.push_back("-!- " + w.nick + " has been idle " + std::to_string(w.idle->count()) +
                        " s");
    if (w.away)
        lines.push_back("-!- " + w.nick + " is away: " + w.awayText);
    if (w.oper)
        lines.push_back("-!- " + w.nick + " is an operator");
    if (w.secure)
        lines.push_back("-!- " + w.nick + " is using a secure connection (TLS)");
    for (const auto& line : w.other)
        lines.push_back("-!- " + w.nick + " " + line);
    return lines;
}

std::vector<std::string> whoLines(const netcore::irc::ClientEvent& e)
{
    std::vector<std::string> lines;
    const std::size_t listed = e.whoList ? e.whoList->size() : 0;
    if (e.whoList) {
        for (const netcore::irc::WhoEntry& who : *e.whoList) {
            std::string marks = who.prefixes;
            for (const auto& [on, word] :
                 {std::pair{who.away, "away"}, std::pair{who.oper, "operator"},
                  std::pair{who.bot, "bot"}})
                if (on)
                    marks += (marks.empty() ? "" : ", ") + std::string(word);
            lines.push_back("-!- " + who.nick + " (" + who.user + "@" + who.host + ")" +
                            (who.room.empty() ? "" : " in " + who.room) + ": " + who.realName +
                            (marks.empty() ? "" : " [" + marks + "]"));
        }
    }
    std::string end =
        "-!- who " + e.target + ": " +
        (listed == 0 ? std::string("nobody")
                     : std::to_string(listed) + (listed == 1 ? " person" : " people"));
    if (e.count > 0)
        end += ", and " + std::to_string(e.count) + " more not listed";
    lines.push_back(end);
    return lines;
}

} // namespace cli
