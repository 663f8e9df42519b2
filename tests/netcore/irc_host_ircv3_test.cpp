// SPDX-License-Identifier: GPL-3.0-or-later
// The host's IRCv3 capabilities and the commands modern clients send (issue 15), over real
// loopback sockets: CAP LS 302, multi-prefix, userhost-in-names, away-notify, extended-join,
// setname, invite-notify with INVITE and the room modes +i +l +s +p, labeled-response with
// batch, msgid, MONITOR, WHOWAS, WHOX and WHO masks, ELIST, KILL, WALLOPS, bot mode, and the
// server queries (USERHOST, ISON, TIME, VERSION, INFO, ADMIN, HELP). Expected replies follow
// the specifications on ircv3.net and the modern IRC client protocol document.

#include "irc_host_support.h"

#include <set>

namespace netcore::irc {
namespace {

class HostCapTest : public HostTest
{};

TEST_P(HostCapTest, EveryNewCommandAndErrorGetsItsReply)
{
    // ada is in #lan (its operator); bob is in #lan and in #other (whose operator he is).
    const std::vector<ReplyCase> table = {
        {"Userhost", "USERHOST bob ada nobody",
         "^:lan\\.test 302 ada :bob=\\+~bob@127\\.0\\.0\\.1 ada=\\+~ada@127\\.0\\.0\\.1$"},
        {"UserhostNoParams", "USERHOST", " 461 ada USERHOST :Not enough parameters$"},
        {"Ison", "ISON bob nobody ADA", "^:lan\\.test 303 ada :bob ada$"},
        {"IsonOneParam", "ISON :nobody bob", "^:lan\\.test 303 ada :bob$"},
        {"Time", "TIME",
         "^:lan\\.test 391 ada lan\\.test \\d+ 0 :\\w+day, \\d+ \\w+ \\d{4} "
         "\\d\\d:\\d\\d:\\d\\d UTC$"},
        {"Version", "VERSION", "^:lan\\.test 351 ada LanChat-\\S+ lan\\.test :LanChat host"},
        {"VersionIsupport", "VERSION", "^:lan\\.test 005 ada .*CHANMODES=b,k,l,imnpst"},
        {"Info", "INFO", "^:lan\\.test 371 ada :LanChat "},
        {"InfoEnd", "INFO", " 374 ada :End of /INFO list$"},
        {"Admin", "ADMIN", "^:lan\\.test 256 ada lan\\.test :Administrative info$"},
        {"AdminMail", "ADMIN", " 259 ada :"},
        {"Help", "HELP", "^:lan\\.test 704 ada \\* :LanChat host"},
        {"HelpEnd", "HELP", "^:lan\\.test 706 ada \\* :End of /HELP$"},
        {"HelpCommand", "HELP privmsg", "^:lan\\.test 704 ada PRIVMSG :PRIVMSG <target>"},
        {"Helpop", "HELPOP INVITE", "^:lan\\.test 705 ada INVITE :Invites someone"},
        {"HelpUnknown", "HELP FROB", " 524 ada FROB :No help available on this topic$"},
        {"WhowasNone", "WHOWAS nobody", " 406 ada nobody :There was no such nickname$"},
        {"WhowasEnd", "WHOWAS nobody", " 369 ada nobody :End of WHOWAS$"},
        {"WhowasNoParams", "WHOWAS", " 461 ada WHOWAS :Not enough parameters$"},
        {"InviteNoParams", "INVITE bob", " 461 ada INVITE :Not enough parameters$"},
        {"InviteNobody", "INVITE nobody #lan", " 401 ada nobody :No such nick/channel$"},
        {"InviteNoRoom", "INVITE bob #nowhere", " 403 ada #nowhere :No such channel$"},
        {"InviteNotOn", "INVITE bob #other", " 442 ada #other :You're not on that channel$"},
        {"InviteAlreadyOn", "INVITE bob #lan", " 443 ada bob #lan :is already on channel$"},
        {"KillNotOper", "KILL bob :bye",
         " 481 ada :Permission Denied- You're not a host "
         "operator$"},
        {"KillNoParams", "KILL", " 461 ada KILL :Not enough parameters$"},
        {"WallopsNotOper", "WALLOPS :hi", " 481 ada :Permission Denied"},
        {"MonitorList", "MONITOR L", " 733 ada :End of MONITOR list$"},
        {"MonitorBad", "MONITOR X", " 421 ada MONITOR :Unknown MONITOR subcommand"},
        {"MonitorNoNicks", "MONITOR +", " 461 ada MONITOR :Not enough parameters$"},
        {"KeyWithSpace", "MODE #lan +k :two words",
         " 696 ada #lan k \\* :A key is 1 to 23 characters without spaces or commas$"},
        {"KeyEmpty", "MODE #lan +k :", " 696 ada #lan k \\* :"},
        {"LusersLocal", "LUSERS", " 265 ada 2 2 :Current local users 2, max 2$"},
        {"LusersGlobal", "LUSERS", " 266 ada 2 2 :Current global users 2, max 2$"},
        {"ModeLimitBad", "MODE #lan +l many",
         " 696 ada #lan l many :The limit must be a whole number above 0$"},
        {"ModeLimitNone", "MODE #lan +l", " 461 ada MODE :Not enough parameters$"},
        {"ModeLimit", "MODE #lan +l 5", "^:ada!\\S+ MODE #lan \\+l 5$"},
        {"ModeRoomAll", "MODE #lan +ips", "^:ada!\\S+ MODE #lan \\+ips$"},
        {"ModeIs", "MODE #lan", "^:lan\\.test 324 ada #lan \\+inpstl 5$"},
        {"ModeRoomOff", "MODE #lan -ipsl", "^:ada!\\S+ MODE #lan -ipsl$"},
        {"UserModes", "MODE ada +iwB", "^:ada!\\S+ MODE ada \\+iwB$"},
        {"UserModesAre", "MODE ada", " 221 ada \\+iwB$"},
        {"UserModeUnknown", "MODE ada +z", " 501 ada :Unknown MODE flag$"},
        {"UserModesOff", "MODE ada -iwB", "^:ada!\\S+ MODE ada -iwB$"},
        {"SetnameEmpty", "SETNAME :",
         "^:lan\\.test FAIL SETNAME INVALID_REALNAME :A real name "
         "cannot be empty$"},
        {"WhoMask", "WHO b*",
         "^:lan\\.test 352 ada \\* ~bob 127\\.0\\.0\\.1 lan\\.test bob H :0 bob Test$"},
        {"WhoMaskEnd", "WHO b*", " 315 ada b\\* :End of /WHO list$"},
        {"WhoStar", "WHO *", " 352 ada \\* ~ada "},
        {"Whox", "WHO bob %tcuihsnfdlaor,42",
         "^:lan\\.test 354 ada 42 \\* ~bob 127\\.0\\.0\\.1 127\\.0\\.0\\.1 lan\\.test bob H 0 \\d+ "
         "0 0 :bob Test$"},
        {"WhoxRoom", "WHO #lan %cnf", "^:lan\\.test 354 ada #lan ada H@$"},
        {"WhoxToken", "WHO bob %tn,321", "^:lan\\.test 354 ada 321 bob$"},
        {"WhoisIdle", "WHOIS bob", "^:lan\\.test 317 ada bob \\d+ \\d+ :seconds idle"},
        {"ListMore", "LIST >1", "^:lan\\.test 322 ada #lan 2 :"},
        {"ListFewer", "LIST <2", "^:lan\\.test 322 ada #other 1 :"},
        {"ListMask", "LIST #oth*", "^:lan\\.test 322 ada #other 1 :"},
        {"ListNotMask", "LIST !#oth*", "^:lan\\.test 322 ada #lan 2 :"},
    };
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    send(ada, "JOIN #lan");
    expect(ada, " 366 ada #lan ");
    send(bob, "JOIN #lan,#other");
    expect(bob, " 366 bob #other ");
    expect(ada, "bob!\\S+ JOIN #lan");
    expectReplies(ada, table);
}

TEST_P(HostCapTest, ListFiltersLeaveOutWhatDoesNotMatch)
{
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    joinRoom(ada, "ada", "#lan");
    joinRoom(bob, "bob", "#lan");
    joinRoom(bob, "bob", "#other");
    send(ada, "LIST >1");
    expect(ada, " 322 ada #lan 2 ");
    expect(ada, " 323 ada ");
    send(ada, "LIST #oth*");
    expect(ada, " 322 ada #other 1 ");
    expect(ada, " 323 ada ");
    int rooms = 0;
    loop->invoke([&] {
        for (const auto& line : ada->lines)
            rooms += line.find(" 322 ") != std::string::npos;
    });
    EXPECT_EQ(rooms, 2) << "each filter listed exactly one room";
}

TEST_P(HostCapTest, CapLsListsValuesInLinesAndCapReqIsAllOrNothing)
{
    startHost();
    auto c = connectClient();
    send(c, "CAP LS 302");
    expect(c, "^:lan\\.test CAP \\* LS :server-time .*labeled-response standard-replies "
              "extended-monitor draft/chathistory$");
    send(c, "CAP REQ :multi-prefix no-such-cap");
    expect(c, "^:lan\\.test CAP \\* NAK :multi-prefix no-such-cap$");
    send(c, "CAP LIST");
    expect(c, "^:lan\\.test CAP \\* LIST :cap-notify$"); // a refused REQ enables nothing
    send(c, "CAP REQ :multi-prefix batch");
    expect(c, "CAP \\* ACK :multi-prefix batch$");
    send(c, "CAP REQ :-batch");
    expect(c, "CAP \\* ACK :-batch$");
    send(c, "CAP LIST");
    expect(c, "CAP \\* LIST :multi-prefix cap-notify$");
    send(c, "NICK ada");
    send(c, "USER ada 0 * :Ada");
    send(c, "CAP END");
    expect(c, " 001 ada ");
}

TEST_P(HostCapTest, MultiPrefixAndUserhostInNamesShowEveryPrefixAndMask)
{
    startHost();
    auto ada = registered("ada");
    auto both = withCaps("cyd", "multi-prefix userhost-in-names");
    auto multi = withCaps("dan", "multi-prefix");
    joinRoom(ada, "ada", "#lan");
    send(ada, "MODE #lan +v ada");
    expect(ada, "MODE #lan \\+v ada$");
    joinRoom(both, "cyd", "#lan");
    joinRoom(multi, "dan", "#lan");
    send(both, "NAMES #lan");
    expect(both, "^:lan\\.test 353 cyd = #lan :@\\+ada!~ada@127\\.0\\.0\\.1 "
                 "cyd!~cyd@127\\.0\\.0\\.1 dan!~dan@127\\.0\\.0\\.1$");
    send(multi, "NAMES #lan");
    expect(multi, "^:lan\\.test 353 dan = #lan :@\\+ada cyd dan$");
    send(ada, "NAMES #lan");
    expect(ada, "^:lan\\.test 353 ada = #lan :@ada cyd dan$"); // the highest prefix only
    send(multi, "WHO #lan");
    expect(multi, " 352 dan #lan ~ada 127\\.0\\.0\\.1 lan\\.test ada H@\\+ :0 ada Test$");
    send(multi, "WHOIS ada");
    expect(multi, " 319 dan ada :@\\+#lan$");
}

TEST_P(HostCapTest, AwayNotifyAndExtendedJoinReachThoseWhoAskedOnly)
{
    startHost();
    auto watcher = withCaps("wat", "away-notify extended-join");
    auto plain = registered("pla");
    auto ada = registered("ada");
    joinRoom(watcher, "wat", "#lan");
    joinRoom(plain, "pla", "#lan");
    send(ada, "AWAY :at lunch");
    expect(ada, " 306 ada ");
    send(ada, "JOIN #lan");
    expect(watcher, "^:ada!~ada@127\\.0\\.0\\.1 JOIN #lan \\* :ada Test$");
    expect(watcher, "^:ada!~ada@127\\.0\\.0\\.1 AWAY :at lunch$"); // a joining away user
    expect(plain, "^:ada!~ada@127\\.0\\.0\\.1 JOIN #lan$");
    send(ada, "AWAY");
    expect(watcher, "^:ada!~ada@127\\.0\\.0\\.1 AWAY$");
    send(ada, "AWAY :back soon");
    expect(watcher, "^:ada!\\S+ AWAY :back soon$");
    EXPECT_TRUE(never(plain, " AWAY")) << "away-notify only to those who asked";
    EXPECT_TRUE(never(ada, "^:ada!\\S+ AWAY")) << "nobody is told of their own away";
}

TEST_P(HostCapTest, SetnameChangesTheRealNameForAllToSee)
{
    startHost();
    auto ada = withCaps("ada", "setname");
    auto bob = withCaps("bob", "setname");
    auto plain = registered("pla");
    for (auto& [c, nick] : {std::pair{ada, "ada"}, {bob, "bob"}, {plain, "pla"}})
        joinRoom(c, nick, "#lan");
    send(ada, "SETNAME :Ada King, Countess of Lovelace");
    expect(ada, "^:ada!~ada@127\\.0\\.0\\.1 SETNAME :Ada King, Countess of Lovelace$");
    expect(bob, "^:ada!\\S+ SETNAME :Ada King, Countess of Lovelace$");
    EXPECT_TRUE(never(plain, "SETNAME"));
    send(plain, "WHOIS ada");
    expect(plain, " 311 pla ada ~ada 127\\.0\\.0\\.1 \\* :Ada King, Countess of Lovelace$");
    send(ada, "SETNAME :" + std::string(400, 'x'));
    expect(ada, "FAIL SETNAME INVALID_REALNAME :That real name is too long$");
}

TEST_P(HostCapTest, InviteOnlyLimitSecretAndPrivateRooms)
{
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    auto notified = withCaps("cyd", "invite-notify");
    auto eve = registered("eve");
    joinRoom(ada, "ada", "#club");
    joinRoom(notified, "cyd", "#club");
    send(ada, "MODE #club +isl 3");
    expect(ada, "MODE #club \\+isl 3$");

    // +i: only with an invitation, which only an operator may give here.
    send(bob, "JOIN #club");
    expect(bob, " 473 bob #club :Cannot join channel \\(\\+i\\)$");
    send(notified, "INVITE bob #club");
    expect(notified, " 482 cyd #club :You're not channel operator$");
    send(ada, "INVITE bob #club");
    expect(ada, "^:lan\\.test 341 ada bob #club$");
    expect(bob, "^:ada!~ada@127\\.0\\.0\\.1 INVITE bob #club$");
    expect(notified, "^:ada!~ada@127\\.0\\.0\\.1 INVITE bob #club$"); // invite-notify
    send(bob, "JOIN #club");
    expect(bob, "^:lan\\.test 353 bob @ #club :@ada cyd bob$"); // a secret room's symbol

    // +l 3: the room is full; an invitation lets one more in.
    send(eve, "JOIN #club");
    expect(eve, " 473 eve #club ");
    send(ada, "MODE #club -i");
    expect(ada, "MODE #club -i$");
    send(eve, "JOIN #club");
    expect(eve, " 471 eve #club :Cannot join channel \\(\\+l\\)$");

    // +s: outsiders do not see the room in LIST, NAMES, WHO or WHOIS.
    send(eve, "LIST");
    expect(eve, " 323 eve ");
    send(eve, "NAMES #club");
    expect(eve, " 366 eve #club ");
    send(eve, "WHO #club");
    expect(eve, " 315 eve #club ");
    send(eve, "WHOIS ada");
    expect(eve, " 318 eve ada ");
    EXPECT_TRUE(never(eve, "#club [0-9]| 353 | 352 | 319 "));
    send(bob, "LIST");
    expect(bob, " 322 bob #club 3 :"); // members see it

    // +p: shown as private in NAMES, kept out of LIST.
    send(ada, "MODE #club -s+p");
    expect(ada, "MODE #club -s\\+p$");
    send(bob, "NAMES #club");
    expect(bob, " 353 bob \\* #club :");
    send(eve, "LIST");
    expect(eve, " 323 eve ");
    EXPECT_TRUE(never(eve, " 322 eve #club"));
}

TEST_P(HostCapTest, LabeledResponsesComeLabelledOrInABatch)
{
    startHost();
    auto ada = withCaps("ada", "labeled-response batch echo-message");
    auto bob = registered("bob");
    // One line: the label on it.
    send(ada, "@label=one PING :x");
    expect(ada, "^@label=one :lan\\.test PONG lan\\.test :x$");
    // No reply: a labelled ACK.
    send(ada, "@label=two PONG :x");
    expect(ada, "^@label=two :lan\\.test ACK$");
    // Several lines: a labeled-response batch.
    send(ada, "@label=three JOIN #lan");
    const std::string start = expect(ada, "^@label=three :lan\\.test BATCH \\+(\\S+) "
                                          "labeled-response$");
    const std::string id =
        start.substr(start.find('+') + 1, start.find(' ', start.find('+')) - start.find('+') - 1);
    expect(ada, "^@batch=" + id + " :ada!\\S+ JOIN #lan$");
    expect(ada, "^@batch=" + id + " :lan\\.test 353 ada ");
    expect(ada, "^@batch=" + id + " :lan\\.test 366 ada ");
    expect(ada, "^:lan\\.test BATCH -" + id + "$");
    // An echoed message carries the label; the recipient's copy does not.
    send(ada, "@label=four PRIVMSG bob :hello");
    expect(ada, "^@label=four :ada!\\S+ PRIVMSG bob :hello$");
    expect(bob, "^:ada!\\S+ PRIVMSG bob :hello$");
    // An error is a response too; a label with a special character comes back escaped.
    send(ada, "@label=a\\sb FROB");
    expect(ada, "^@label=a\\\\sb :lan\\.test 421 ada FROB :Unknown command$");
    // Without labeled-response, labels are ignored.
    send(bob, "@label=five PING :y");
    expect(bob, "^:lan\\.test PONG lan\\.test :y$");
}

TEST_P(HostCapTest, EveryMessageHasOneMsgidForAllItsRecipients)
{
    startHost();
    auto ada = withCaps("ada", "message-tags echo-message");
    auto bob = withCaps("bob", "message-tags server-time");
    auto plain = registered("pla");
    for (auto& [c, nick] : {std::pair{ada, "ada"}, {bob, "bob"}, {plain, "pla"}})
        joinRoom(c, nick, "#lan");
    send(ada, "@+draft/reply=abc PRIVMSG #lan :first");
    const std::string echoed = expect(ada, "PRIVMSG #lan :first$");
    const std::string received = expect(bob, "PRIVMSG #lan :first$");
    EXPECT_FALSE(tag(echoed, "msgid").empty()) << echoed;
    EXPECT_EQ(tag(echoed, "msgid"), tag(received, "msgid"));
    EXPECT_EQ(tag(received, "\\+draft/reply"), "abc") << "client tags are passed on";
    EXPECT_FALSE(tag(received, "time").empty());
    expect(plain, "^:ada!\\S+ PRIVMSG #lan :first$"); // no tags without message-tags
    send(ada, "PRIVMSG #lan :second");
    const std::string next = expect(bob, "PRIVMSG #lan :second$");
    EXPECT_NE(tag(next, "msgid"), tag(received, "msgid"));
    send(plain, "PART #lan");
    EXPECT_FALSE(tag(expect(bob, "pla!\\S+ PART #lan"), "msgid").empty())
        << "events have msgids too";
}

TEST_P(HostCapTest, MonitorTellsWhenNicksComeAndGo)
{
    config.monitorLimit = 3;
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    send(ada, "MONITOR + bob,cyd");
    expect(ada, "^:lan\\.test 730 ada :bob!~bob@127\\.0\\.0\\.1$");
    expect(ada, "^:lan\\.test 731 ada :cyd$");
    auto cyd = registered("cyd");
    expect(ada, "^:lan\\.test 730 ada :cyd!~cyd@127\\.0\\.0\\.1$");
    send(bob, "QUIT :bye");
    expect(ada, "^:lan\\.test 731 ada :bob$");
    send(cyd, "NICK cyd2");
    expect(ada, "^:lan\\.test 731 ada :cyd$");
    send(ada, "MONITOR + dan,eve");
    expect(ada, "^:lan\\.test 734 ada 3 eve :Monitor list is full\\.$");
    expect(ada, " 731 ada :dan$");
    send(ada, "MONITOR L");
    expect(ada, "^:lan\\.test 732 ada :bob,cyd,dan$");
    expect(ada, " 733 ada :End of MONITOR list$");
    send(ada, "MONITOR - bob");
    send(ada, "MONITOR S");
    expect(ada, " 731 ada :cyd,dan$");
    send(ada, "MONITOR C");
    send(ada, "MONITOR L");
    expect(ada, " 733 ada ");
    auto dan = registered("dan");
    EXPECT_TRUE(never(ada, " 730 ")) << "a cleared list tells nothing";
}

TEST_P(HostCapTest, ExtendedMonitorTellsOfAwayAndRealNameWithoutASharedRoom)
{
    startHost();
    auto watcher = withCaps("wat", "extended-monitor away-notify setname");
    auto plain = withCaps("pla", "away-notify setname"); // monitors without extended-monitor
    auto ada = registered("ada");
    send(watcher, "MONITOR + ada");
    expect(watcher, " 730 wat :ada!");
    send(plain, "MONITOR + ada");
    expect(plain, " 730 pla :ada!");
    send(ada, "AWAY :reading");
    expect(watcher, "^:ada!~ada@127\\.0\\.0\\.1 AWAY :reading$");
    send(ada, "SETNAME :Ada L.");
    expect(watcher, "^:ada!~ada@127\\.0\\.0\\.1 SETNAME :Ada L\\.$");
    EXPECT_TRUE(never(plain, "AWAY|SETNAME")) << "only with extended-monitor";
}

TEST_P(HostCapTest, WhowasRemembersThoseWhoLeftOrChangedNick)
{
    config.whowasLimit = 2;
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    send(bob, "NICK robert");
    expect(bob, "NICK :robert$");
    send(ada, "WHOWAS bob");
    expect(ada, "^:lan\\.test 314 ada bob ~bob 127\\.0\\.0\\.1 \\* :bob Test$");
    expect(ada, "^:lan\\.test 312 ada bob lan\\.test :\\d{4}-");
    expect(ada, " 369 ada bob :End of WHOWAS$");
    send(bob, "QUIT");
    // ada's WHOWAS travels on another connection: wait until the host has let bob go.
    EXPECT_TRUE(closedWithin(bob));
    send(ada, "WHOWAS robert 1");
    expect(ada, " 314 ada robert ~bob ");
    // Bounded: two more departures push bob's entry out.
    for (const char* nick : {"cyd", "dan"}) {
        auto c = registered(nick);
        send(c, "QUIT");
        EXPECT_TRUE(closedWithin(c));
    }
    send(ada, "WHOWAS bob");
    expect(ada, " 406 ada bob :There was no such nickname$");
}

TEST_P(HostCapTest, OperatorsKillAndSendWallops)
{
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    auto cyd = registered("cyd");
    joinRoom(bob, "bob", "#lan");
    joinRoom(cyd, "cyd", "#lan");
    send(ada, "OPER admin s3cret");
    expect(ada, " 381 ada ");
    send(cyd, "MODE cyd +w");
    expect(cyd, "MODE cyd \\+w$");
    send(ada, "WALLOPS :the host restarts at noon");
    expect(cyd, "^:ada!~ada@127\\.0\\.0\\.1 WALLOPS :the host restarts at noon$");
    EXPECT_TRUE(never(bob, "WALLOPS")) << "only those with +w";
    send(ada, "KILL bob :spamming");
    expect(bob, "^:ada!~ada@127\\.0\\.0\\.1 KILL bob :spamming$");
    expect(bob, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Killed \\(ada \\(spamming\\)\\)\\)$");
    EXPECT_TRUE(closedWithin(bob));
    expect(cyd, "^:bob!\\S+ QUIT :Killed \\(ada \\(spamming\\)\\)$");
    send(ada, "KILL lan.test");
    expect(ada, " 483 ada :You can't kill a server!$");
}

TEST_P(HostCapTest, BotsAreMarkedInWhoWhoisAndTheirMessages)
{
    startHost();
    auto bot = registered("robo");
    auto ada = withCaps("ada", "message-tags");
    joinRoom(bot, "robo", "#lan");
    joinRoom(ada, "ada", "#lan");
    send(bot, "MODE robo +B");
    expect(bot, "MODE robo \\+B$");
    send(ada, "WHO robo");
    expect(ada, " 352 ada \\* ~robo 127\\.0\\.0\\.1 lan\\.test robo HB :0 ");
    send(ada, "WHOIS robo");
    expect(ada, " 335 ada robo :is a bot on LanChat$");
    send(bot, "PRIVMSG #lan :beep");
    const std::string line = expect(ada, "PRIVMSG #lan :beep$");
    EXPECT_TRUE(std::regex_search(line, std::regex("^@(\\S*;)?bot[; ]"))) << line;
}

TEST_P(HostCapTest, InvisibleUsersAreHiddenFromStrangersOnly)
{
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    auto eve = registered("eve");
    joinRoom(ada, "ada", "#lan");
    joinRoom(bob, "bob", "#lan");
    send(ada, "MODE ada +i");
    expect(ada, "MODE ada \\+i$");
    send(eve, "WHO a*");
    expect(eve, " 315 eve a\\* ");
    EXPECT_TRUE(never(eve, " 352 eve \\S+ ~ada "));
    send(bob, "WHO a*");
    expect(bob, " 352 bob \\* ~ada "); // who shares a room sees her
    send(eve, "WHO ada");
    expect(eve, " 352 eve \\* ~ada "); // asked for by her exact nick
    send(eve, "LUSERS");
    expect(eve, " 251 eve :There are 2 users and 1 invisible on 1 servers$");
}

TEST_P(HostCapTest, AnEmptyRealNameIsRefused)
{
    startHost();
    auto c = connectClient();
    send(c, "NICK ada");
    send(c, "USER ada 0 * :");
    expect(c, " 461 ada USER :Not enough parameters$");
    EXPECT_TRUE(never(c, " 001 "));
    send(c, "USER ada 0 * :Ada");
    expect(c, " 001 ada ");
}

INSTANTIATE_TEST_SUITE_P(Loops, HostCapTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::irc
