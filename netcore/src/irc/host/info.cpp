// SPDX-License-Identifier: GPL-3.0-or-later
// What the host says about itself (ngircd's irc-info.c): ISUPPORT, VERSION, TIME, INFO, ADMIN
// and HELP, whose text for each command is here too.

#include "irc/host/engine.h"
#include "irc/host/queries.h"

#include <algorithm>
#include <cstdio>

#ifndef NETCORE_VERSION
#define NETCORE_VERSION "0"
#endif

namespace netcore::irc::hostimpl::queries {

namespace {

// HELP's subjects: the command, then its lines (syntax first). The index is "*".
struct HelpTopic
{
    std::string_view subject;
    std::initializer_list<std::string_view> lines;
};

const HelpTopic kHelp[] = {
    {"*",
     {"LanChat host: IRC for the local network. HELP <command> explains one of:",
      "ADMIN AWAY CAP HELP INFO INVITE ISON JOIN KICK KILL LIST LUSERS MODE MONITOR MOTD NAMES",
      "NICK NOTICE OPER PART PING PRIVMSG QUIT SETNAME TAGMSG TIME TOPIC USERHOST VERSION",
      "WALLOPS WHO WHOIS WHOWAS"}},
    {"ADMIN", {"ADMIN", "Who runs this host."}},
    {"AWAY", {"AWAY [:message]", "Marks you away with a message; without one, back."}},
    {"CAP", {"CAP LS [302] | REQ :caps | LIST | END", "IRCv3 capability negotiation."}},
    {"DIE", {"DIE", "Stops the host (host operators only)."}},
    {"HELP", {"HELP [command]", "This help; HELPOP is the same."}},
    {"INFO", {"INFO", "About the host's software."}},
    {"INVITE",
     {"INVITE <nick> <#room>",
      "Invites someone into a room; into an invite-only (+i) room only its operators can."}},
    {"ISON", {"ISON <nick> [nick...]", "Which of these nicks are online."}},
    {"JOIN", {"JOIN <#room>[,#room...] [key[,key...]]", "Enters rooms (JOIN 0 leaves all)."}},
    {"KICK", {"KICK <#room> <nick>[,nick...] [:reason]", "Removes someone from a room."}},
    {"KILL", {"KILL <nick> :reason", "Disconnects someone (host operators only)."}},
    {"LIST",
     {"LIST [#room[,#room...] | filters]",
      "Lists rooms. Filters: >N and <N (more or fewer than N people), masks such as #lan*."}},
    {"LUSERS", {"LUSERS", "How many people and rooms the host has."}},
    {"MODE",
     {"MODE <#room> [+|-modes] [arguments] | MODE <nick> [+|-modes]",
      "Room modes: b ban, i invite-only, k key, l limit, m moderated, n no outside messages,",
      "p private, s secret, t topic by operators, o operator, v voice.",
      "Your modes: i invisible, w wallops, B bot."}},
    {"MONITOR",
     {"MONITOR + nick[,nick...] | - nick[,...] | C | L | S",
      "Tells you when these nicks come online or leave."}},
    {"MOTD", {"MOTD", "The host's message of the day."}},
    {"NAMES", {"NAMES [#room[,#room...]]", "Who is in a room."}},
    {"NICK",
     {"NICK <nick>", "Your nick: letters, digits and []\\`_^{|}-, not starting with a "
                     "digit or '-'."}},
    {"NOTICE", {"NOTICE <target> :text", "A message that never gets an automatic reply."}},
    {"OPER", {"OPER <name> <password>", "Become a host operator."}},
    {"PART", {"PART <#room>[,#room...] [:reason]", "Leaves rooms."}},
    {"PING", {"PING <token>", "The host answers PONG with the token."}},
    {"PRIVMSG", {"PRIVMSG <target>[,target...] :text", "A message to a room or a person."}},
    {"QUIT", {"QUIT [:reason]", "Leaves the host."}},
    {"SETNAME", {"SETNAME :real name", "Changes your real name."}},
    {"TAGMSG", {"TAGMSG <target>", "Only message tags (typing, reactions)."}},
    {"TIME", {"TIME", "The host's time."}},
    {"TOPIC", {"TOPIC <#room> [:topic]", "Shows or sets a room's topic."}},
    {"USERHOST", {"USERHOST <nick> [nick...]", "user@host of up to five nicks."}},
    {"VERSION", {"VERSION", "The host's software and what it supports."}},
    {"WALLOPS", {"WALLOPS :text", "To everyone with +w (host operators only)."}},
    {"WHO",
     {"WHO <mask|#room> [%fields[,token]]",
      "Who matches; WHOX fields: t token, c room, u user, i ip, h host, s server, n nick,",
      "f flags, d hops, l idle, a account, o op level, r real name."}},
    {"WHOIS", {"WHOIS <nick>", "About someone."}},
    {"WHOWAS", {"WHOWAS <nick> [count]", "About someone who has left or changed nick."}},
};

// "Saturday, 5 December 2026 12:34:56 UTC", without gmtime (not thread-safe everywhere).
std::string humanTimeNow()
{
    using namespace std::chrono;
    static constexpr const char* days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                           "Thursday", "Friday", "Saturday"};
    static constexpr const char* months[] = {"January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December"};
    const auto now = floor<seconds>(system_clock::now());
    const auto day = floor<std::chrono::days>(now);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> time{now - day};
    const weekday wd{day};
    char text[80];
    std::snprintf(text, sizeof text, "%s, %u %s %d %02d:%02d:%02d UTC", days[wd.c_encoding()],
                  unsigned(ymd.day()), months[unsigned(ymd.month()) - 1], int(ymd.year()),
                  int(time.hours().count()), int(time.minutes().count()),
                  int(time.seconds().count()));
    return text;
}

} // namespace

void sendIsupport(Engine& host, Client& c)
{
    const HostConfig& config = host.config;
    std::vector<std::string> tokens = {
        "AWAYLEN=" + std::to_string(config.topicLength),
        "BOT=B",
        std::string("CASEMAPPING=") + caseMappingName(kCaseMapping),
        "CHANLIMIT=#:",
        "CHANMODES=b,k,l,imnpst",
        "CHANNELLEN=" + std::to_string(config.roomLength),
        "CHANTYPES=#",
        "ELIST=MNU",
        "MONITOR=" + std::to_string(config.monitorLimit),
        "NETWORK=" + config.networkName,
        "NICKLEN=" + std::to_string(config.nickLength),
        "PREFIX=(ov)@+",
        "TOPICLEN=" + std::to_string(config.topicLength),
        "WHOX",
    };
    if (host.history.enabled()) {
        tokens.push_back("CHATHISTORY=" +
                         std::to_string(std::max<std::size_t>(config.historyPerAnswer, 1)));
        tokens.push_back("MSGREFTYPES=msgid,timestamp");
    }
    if (!config.hostId.empty())
        tokens.push_back("HOSTID=" + config.hostId);
    // The upload URL (IRCv3 filehost, work in progress: soju's name and the draft's).
    const std::string& fileHost =
        c.tls && !config.fileHostTlsUrl.empty() ? config.fileHostTlsUrl : config.fileHostUrl;
    if (!fileHost.empty()) {
        tokens.push_back("soju.im/FILEHOST=" + fileHost);
        tokens.push_back("draft/FILEHOST=" + fileHost);
    }
    // At most 13 tokens a line (RFC 2812's 15 parameters less the nick and the text).
    for (std::size_t i = 0; i < tokens.size(); i += 13) {
        std::vector<std::string> line(tokens.begin() + i,
                                      tokens.begin() + std::min(tokens.size(), i + 13));
        host.sender.numeric(c, RPL_ISUPPORT, std::move(line), "are supported by this server");
    }
}

void version(Engine& host, Client& c, const Message&)
{
    host.sender.numeric(c, RPL_VERSION, {"LanChat-" NETCORE_VERSION, host.config.serverName},
                        "LanChat host: IRC for the local network");
    sendIsupport(host, c);
}

void time(Engine& host, Client& c, const Message&)
{
    host.sender.numeric(c, RPL_TIME, {host.config.serverName, std::to_string(unixSeconds()), "0"},
                        humanTimeNow());
}

void info(Engine& host, Client& c, const Message&)
{
    for (const char* line : {"LanChat " NETCORE_VERSION ": chat and presence for the local "
                             "network, and a window onto its sockets.",
                             "Licensed under the GNU General Public License, version 3 or later.",
                             "This host started at:"})
        host.sender.numeric(c, RPL_INFO, {}, line);
    host.sender.numeric(c, RPL_INFO, {}, host.createdText);
    host.sender.numeric(c, RPL_ENDOFINFO, {}, "End of /INFO list");
}

void admin(Engine& host, Client& c, const Message&)
{
    const HostConfig& config = host.config;
    host.sender.numeric(c, RPL_ADMINME, {config.serverName}, "Administrative info");
    host.sender.numeric(c, RPL_ADMINLOC1, {}, config.networkName + " host on the local network");
    host.sender.numeric(c, RPL_ADMINLOC2, {},
                        config.adminName.empty() ? "Run by whoever started LanChat here"
                                                 : config.adminName);
    host.sender.numeric(c, RPL_ADMINEMAIL, {},
                        config.adminEmail.empty() ? "No e-mail given" : config.adminEmail);
}

void help(Engine& host, Client& c, const Message& m)
{
    const std::string wanted = m.params.empty() || m.param(0).empty() ? "*" : m.param(0);
    const auto topic = std::find_if(std::begin(kHelp), std::end(kHelp), [&](const HelpTopic& t) {
        return sameName(t.subject, wanted);
    });
    if (topic == std::end(kHelp)) {
        host.sender.numeric(c, ERR_HELPNOTFOUND, {wanted}, "No help available on this topic");
        return;
    }
    const std::string subject(topic->subject);
    bool first = true;
    for (const std::string_view line : topic->lines) {
        host.sender.numeric(c, first ? RPL_HELPSTART : RPL_HELPTXT, {subject}, std::string(line));
        first = false;
    }
    host.sender.numeric(c, RPL_ENDOFHELP, {subject}, "End of /HELP");
}

} // namespace netcore::irc::hostimpl::queries
