// SPDX-License-Identifier: GPL-3.0-or-later
// The IRC host over real loopback sockets: registration and the welcome burst, CAP, rooms and
// messages, modes, operators, and the protections. Expected replies follow RFC 2812 and the
// modern IRC client protocol document (numerics, their parameters and order).

#include "irc/host/dispatch.h"
#include "irc_host_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <regex>

namespace netcore::irc {
namespace {

TEST_P(HostTest, RegistrationSendsTheWelcomeBurst)
{
    startHost();
    auto c = connectClient();
    send(c, "NICK ada");
    send(c, "USER ada 0 * :Ada Lovelace");
    expect(c,
           "^:lan\\.test 001 ada :Welcome to the LanChat IRC network, ada!~ada@127\\.0\\.0\\.1$");
    expect(c, "^:lan\\.test 002 ada :Your host is lan\\.test");
    expect(c, "^:lan\\.test 003 ada :This server was created ");
    expect(c, "^:lan\\.test 004 ada lan\\.test lanchat Biow biklmnopstv$");
    // ISUPPORT in two lines (at most 13 tokens each).
    const std::string isupport =
        expect(c, "^:lan\\.test 005 ada ") + " " + expect(c, "^:lan\\.test 005 ada ");
    for (const char* token :
         {"CASEMAPPING=ascii", "CHANTYPES=#", "NICKLEN=30", "CHANNELLEN=50", "PREFIX=\\(ov\\)@\\+",
          "NETWORK=LanChat", "HOSTID=test-host-id", "TOPICLEN=390", "CHANMODES=b,k,l,imnpst",
          "MONITOR=100", "WHOX", "ELIST=MNU", "BOT=B", "AWAYLEN=390"})
        EXPECT_TRUE(std::regex_search(isupport, std::regex(std::string(" ") + token + " ")))
            << token << " missing in " << isupport;
    EXPECT_TRUE(std::regex_search(isupport, std::regex(":are supported by this server$")));
    expect(c, "^:lan\\.test 251 ada :There are 1 users");
    expect(c, "^:lan\\.test 252 ada 0 :");
    expect(c, "^:lan\\.test 253 ada 0 :");
    expect(c, "^:lan\\.test 254 ada 1 :channels formed");
    expect(c, "^:lan\\.test 255 ada :I have 1 clients");
    expect(c, "^:lan\\.test 375 ada :- lan\\.test Message of the day");
    expect(c, "^:lan\\.test 372 ada :- Welcome to the test host\\.$");
    expect(c, "^:lan\\.test 376 ada :End of /MOTD");
}

TEST_P(HostTest, CommandsBeforeRegistrationAreRefused)
{
    startHost();
    auto c = connectClient();
    send(c, "JOIN #lan");
    expect(c, "^:lan\\.test 451 \\* :You have not registered$");
    send(c, "PING :early");
    expect(c, "^:lan\\.test PONG lan\\.test :early$");
}

TEST_P(HostTest, CapNegotiationHoldsRegistrationAndEnablesCapabilities)
{
    startHost();
    auto c = connectClient();
    send(c, "CAP LS 302");
    send(c, "NICK ada");
    send(c, "USER ada 0 * :Ada");
    expect(c, "^:lan\\.test CAP \\* LS :server-time message-tags echo-message multi-prefix "
              "away-notify extended-join userhost-in-names cap-notify chghost setname "
              "invite-notify batch labeled-response standard-replies extended-monitor "
              "draft/chathistory$");
    EXPECT_TRUE(never(c, " 001 ")) << "registration must wait for CAP END";
    send(c, "CAP REQ :server-time echo-message");
    expect(c, "^:lan\\.test CAP ada ACK :server-time echo-message$");
    send(c, "CAP REQ :no-such-cap");
    expect(c, ":lan\\.test CAP ada NAK :no-such-cap$"); // now with @time
    send(c, "CAP END");
    expect(c, "^@time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z :lan\\.test 001 ada ");
    send(c, "JOIN #lan");
    expect(c, "JOIN #lan$");
    send(c, "PRIVMSG #lan :echo me");
    expect(c, "^@time=\\S+ :ada!~ada@127\\.0\\.0\\.1 PRIVMSG #lan :echo me$");
    send(c, "CAP LIST");
    expect(c, "CAP ada LIST :server-time echo-message cap-notify$"); // implied by LS 302
    send(c, "CAP BOGUS");
    expect(c, " 410 ada BOGUS :Invalid CAP command$");
}

TEST_P(HostTest, MessageTagsReachOnlyThoseWhoAskedForThem)
{
    startHost();
    auto tagged = connectClient();
    send(tagged, "CAP REQ :message-tags");
    send(tagged, "NICK tagged");
    send(tagged, "USER t 0 * :T");
    send(tagged, "CAP END");
    expect(tagged, " 001 tagged ");
    auto plain = registered("plain");
    auto sender = registered("sender");
    for (auto& c : {tagged, plain, sender}) {
        send(c, "JOIN #lan");
        expect(c, " 366 ");
    }
    send(sender, "@+example.com/color=red PRIVMSG #lan :hi");
    expect(tagged, "^@msgid=\\S+;\\+example\\.com/color=red :sender!~sender@127\\.0\\.0\\.1 "
                   "PRIVMSG #lan :hi$");
    expect(plain, "^:sender!~sender@127\\.0\\.0\\.1 PRIVMSG #lan :hi$");
    send(sender, "@+typing=active TAGMSG #lan");
    expect(tagged, "^@msgid=\\S+;\\+typing=active :sender!\\S+ TAGMSG #lan$");
    EXPECT_TRUE(never(plain, "TAGMSG"));
}

TEST_P(HostTest, RoomChatReachesEveryMemberInOrder)
{
    config.floodLinesPerSecond = 0; // 100 lines at once; flood control has its own test
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    auto cyd = registered("cyd");
    send(ada, "JOIN #lan");
    expect(ada, "^:ada!~ada@127\\.0\\.0\\.1 JOIN #lan$");
    expect(ada, "^:lan\\.test 353 ada = #lan :@ada$");
    expect(ada, "^:lan\\.test 366 ada #lan :End of /NAMES list$");
    send(bob, "JOIN #lan");
    expect(bob, "^:lan\\.test 353 bob = #lan :@ada bob$");
    expect(ada, "^:bob!~bob@127\\.0\\.0\\.1 JOIN #lan$");
    send(cyd, "JOIN #lan");
    expect(cyd, " 366 cyd #lan ");
    for (int i = 0; i < 100; ++i)
        send(ada, "PRIVMSG #lan :message " + std::to_string(i));
    for (int i = 0; i < 100; ++i) {
        expect(bob, "^:ada!~ada@127\\.0\\.0\\.1 PRIVMSG #lan :message " + std::to_string(i) + "$");
        expect(cyd, " PRIVMSG #lan :message " + std::to_string(i) + "$");
    }
    EXPECT_TRUE(never(ada, "PRIVMSG #lan")) << "no echo without echo-message";
    send(bob, "PART #lan :bye now");
    expect(ada, "^:bob!~bob@127\\.0\\.0\\.1 PART #lan :bye now$");
    expect(cyd, " PART #lan :bye now$");
    send(cyd, "QUIT :gone");
    expect(cyd, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Quit: gone\\)$");
    expect(ada, "^:cyd!~cyd@127\\.0\\.0\\.1 QUIT :Quit: gone$");
    EXPECT_TRUE(closedWithin(cyd));
}

TEST_P(HostTest, PrivateMessagesAwayAndNickChanges)
{
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    send(ada, "PRIVMSG BOB :psst");
    expect(bob, "^:ada!~ada@127\\.0\\.0\\.1 PRIVMSG bob :psst$");
    send(bob, "AWAY :at lunch");
    expect(bob, " 306 bob :You have been marked as being away$");
    send(ada, "PRIVMSG bob :still there?");
    expect(ada, "^:lan\\.test 301 ada bob :at lunch$");
    send(ada, "NOTICE bob :a notice gets no away reply");
    expect(bob, "NOTICE bob :a notice gets no away reply$");
    EXPECT_TRUE(never(ada, " 301 "));
    send(bob, "AWAY");
    expect(bob, " 305 bob :You are no longer marked as being away$");

    send(ada, "JOIN #lan");
    expect(ada, " 366 ada #lan ");
    send(bob, "JOIN #lan");
    expect(ada, "bob!\\S+ JOIN #lan");
    send(ada, "NICK Ada_");
    expect(ada, "^:ada!~ada@127\\.0\\.0\\.1 NICK :Ada_$");
    expect(bob, "^:ada!~ada@127\\.0\\.0\\.1 NICK :Ada_$");
    send(bob, "NICK ADA_");
    expect(bob, " 433 bob ADA_ :Nickname is already in use$");
}

class HostReplyTest : public HostTest
{};

TEST_P(HostReplyTest, EveryCommandAndErrorGetsItsReply)
{
    // ada is in #lan (its operator); bob is in #lan and in #other (whose operator he is).
    const std::vector<ReplyCase> table = {
        {"Ping", "PING :abc", "^:lan\\.test PONG lan\\.test :abc$"},
        {"PingNoOrigin", "PING", " 409 ada :No origin specified$"},
        {"Unknown", "FROB x", " 421 ada FROB :Unknown command$"},
        {"JoinNoParams", "JOIN", " 461 ada JOIN :Not enough parameters$"},
        {"JoinBadName", "JOIN lan", " 403 ada lan :No such channel$"},
        {"PartNoRoom", "PART #nowhere", " 403 ada #nowhere :No such channel$"},
        {"PartNotOn", "PART #other", " 442 ada #other :You're not on that channel$"},
        {"PrivmsgNoTarget", "PRIVMSG", " 411 ada :No recipient given \\(PRIVMSG\\)$"},
        {"PrivmsgNoText", "PRIVMSG #lan", " 412 ada :No text to send$"},
        {"PrivmsgNoNick", "PRIVMSG nobody :x", " 401 ada nobody :No such nick/channel$"},
        {"PrivmsgNoRoom", "PRIVMSG #nowhere :x", " 403 ada #nowhere :No such channel$"},
        {"PrivmsgExternal", "PRIVMSG #other :x", " 404 ada #other :Cannot send to channel$"},
        {"NickNone", "NICK", " 431 ada :No nickname given$"},
        {"NickBad", "NICK 9lives", " 432 ada 9lives :Erroneous nickname$"},
        {"NickBadChar", "NICK a*b", " 432 ada a\\*b :Erroneous nickname$"},
        {"NickInUse", "NICK BOB", " 433 ada BOB :Nickname is already in use$"},
        {"UserAgain", "USER a 0 * :x", " 462 ada :You may not reregister$"},
        {"PassAgain", "PASS x", " 462 ada :You may not reregister$"},
        {"TopicNoParams", "TOPIC", " 461 ada TOPIC :Not enough parameters$"},
        {"TopicNoRoom", "TOPIC #nowhere", " 403 ada #nowhere :No such channel$"},
        {"TopicNone", "TOPIC #lan", " 331 ada #lan :No topic is set$"},
        {"TopicNotOn", "TOPIC #other :mine", " 442 ada #other :You're not on that channel$"},
        {"TopicSet", "TOPIC #lan :Lunch at noon",
         "^:ada!~ada@127\\.0\\.0\\.1 TOPIC #lan :Lunch at noon$"},
        {"KickNoParams", "KICK #lan", " 461 ada KICK :Not enough parameters$"},
        {"KickNotThere", "KICK #lan nobody", " 441 ada nobody #lan :They aren't on that channel$"},
        {"KickNotOn", "KICK #other bob", " 442 ada #other :You're not on that channel$"},
        {"ModeRoom", "MODE #lan", "^:lan\\.test 324 ada #lan \\+nt$"},
        {"ModeCreation", "MODE #lan", "^:lan\\.test 329 ada #lan \\d+$"},
        {"ModeSelf", "MODE ada", "^:lan\\.test 221 ada \\+$"},
        {"ModeOther", "MODE bob", " 502 ada :Can't change mode for other users$"},
        {"ModeUnknown", "MODE #lan +x", " 472 ada x :is unknown mode char to me$"},
        {"ModeNotOn", "MODE #other +m", " 442 ada #other :You're not on that channel$"},
        {"ModeNoSuchNick", "MODE nobody", " 401 ada nobody :No such nick/channel$"},
        {"BanList", "MODE #lan b", " 368 ada #lan :End of channel ban list$"},
        {"ModeOpNotThere", "MODE #lan +o nobody", " 401 ada nobody :No such nick/channel$"},
        {"WhoisNobody", "WHOIS nobody", " 401 ada nobody :No such nick/channel$"},
        {"WhoisEnd", "WHOIS nobody", " 318 ada nobody :End of /WHOIS list$"},
        {"Whois", "WHOIS bob", "^:lan\\.test 311 ada bob ~bob 127\\.0\\.0\\.1 \\* :bob Test$"},
        {"WhoisRooms", "WHOIS bob", "^:lan\\.test 319 ada bob :(#lan @#other|@#other #lan)$"},
        {"WhoisServer", "WHOIS bob", "^:lan\\.test 312 ada bob lan\\.test :"},
        {"Who", "WHO #lan",
         "^:lan\\.test 352 ada #lan ~ada 127\\.0\\.0\\.1 lan\\.test ada H@ :0 ada Test$"},
        {"WhoEnd", "WHO #lan", "^:lan\\.test 315 ada #lan :End of /WHO list$"},
        {"WhoNick", "WHO bob",
         "^:lan\\.test 352 ada \\* ~bob 127\\.0\\.0\\.1 lan\\.test bob H :0 bob Test$"},
        {"NamesRoom", "NAMES #lan", "^:lan\\.test 353 ada = #lan :@ada bob$"},
        {"NamesEnd", "NAMES #lan", " 366 ada #lan :End of /NAMES list$"},
        {"ListStart", "LIST", " 321 ada Channel :Users  Name$"},
        {"ListRoom", "LIST", "^:lan\\.test 322 ada #lan 2 :"},
        {"ListEnd", "LIST", " 323 ada :End of /LIST$"},
        {"Motd", "MOTD", " 372 ada :- Welcome to the test host\\.$"},
        {"Lusers", "LUSERS", " 251 ada :There are 2 users"},
        {"Away", "AWAY :brb", " 306 ada :You have been marked as being away$"},
        {"Back", "AWAY", " 305 ada :You are no longer marked as being away$"},
        {"OperWrong", "OPER admin wrong", " 464 ada :Password incorrect$"},
        {"OperNoParams", "OPER admin", " 461 ada OPER :Not enough parameters$"},
        {"DieNotOper", "DIE", " 481 ada :Permission Denied- You're not a host operator$"},
        {"CapBad", "CAP FOO", " 410 ada FOO :Invalid CAP command$"},
        {"BadTags", "@ PRIVMSG #lan :x", " 421 ada \\* :Unknown command: malformed message tags$"},
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

TEST_P(HostTest, ModesKeysBansModerationOperatorsAndKick)
{
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    auto cyd = registered("cyd");
    send(ada, "JOIN #club");
    expect(ada, " 366 ada #club ");
    send(ada, "MODE #club +k sesame");
    expect(ada, "^:ada!\\S+ MODE #club \\+k sesame$");
    send(bob, "JOIN #club");
    expect(bob, " 475 bob #club :Cannot join channel \\(\\+k\\)$");
    send(bob, "JOIN #club sesame");
    expect(bob, " 366 bob #club ");
    send(ada, "MODE #club +b cyd!*@*");
    expect(ada, "MODE #club \\+b cyd!\\*@\\*$");
    send(cyd, "JOIN #club sesame");
    expect(cyd, " 474 cyd #club :Cannot join channel \\(\\+b\\)$");
    send(ada, "MODE #club b");
    expect(ada, "^:lan\\.test 367 ada #club cyd!\\*@\\*$");
    send(ada, "MODE #club +m");
    expect(bob, "MODE #club \\+m$");
    send(bob, "PRIVMSG #club :can I talk?");
    expect(bob, " 404 bob #club :Cannot send to channel$");
    send(ada, "MODE #club +v bob");
    expect(bob, "^:ada!\\S+ MODE #club \\+v bob$");
    send(bob, "PRIVMSG #club :now I can");
    expect(ada, "PRIVMSG #club :now I can$");
    send(bob, "TOPIC #club :bob's topic");
    expect(bob, " 482 bob #club :You're not channel operator$");
    send(bob, "KICK #club ada");
    expect(bob, " 482 bob #club :You're not channel operator$");
    send(ada, "MODE #club +o bob");
    expect(bob, "MODE #club \\+o bob$");
    send(bob, "MODE #club -k *");
    expect(ada, "MODE #club -k \\*$");
    send(bob, "KICK #club ada :out you go");
    expect(ada, "^:bob!\\S+ KICK #club ada :out you go$");
    send(ada, "PRIVMSG #club :hello?");
    expect(ada, " 404 ada #club ");
}

TEST_P(HostTest, OperatorCanStopTheHostWithDie)
{
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    send(ada, "OPER admin s3cret");
    expect(ada, " 381 ada :You are now a host operator$");
    expect(ada, "^:ada!\\S+ MODE ada \\+o$");
    send(bob, "WHOIS ada");
    expect(bob, " 313 bob ada :is a host operator$");
    send(ada, "DIE");
    expect(bob, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Host stopped by ada\\)$");
    EXPECT_TRUE(closedWithin(ada));
    EXPECT_TRUE(closedWithin(bob));
    EXPECT_TRUE(test::waitUntil(*loop, [&] { return !stopped->empty(); }));
    EXPECT_EQ(*loop->invoke([&] { return *stopped; }), "Host stopped by ada");
    // Nobody new gets in.
    auto late = connectAndWait(test::localhost(port));
    EXPECT_FALSE(late->connection);
}

TEST_P(HostTest, PasswordIsRequiredWhenSet)
{
    config.password = "letmein";
    startHost();
    auto wrong = connectClient();
    send(wrong, "PASS nope");
    send(wrong, "NICK ada");
    send(wrong, "USER ada 0 * :Ada");
    expect(wrong, " 464 ada :Password incorrect$");
    expect(wrong, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Bad password\\)$");
    EXPECT_TRUE(closedWithin(wrong));
    auto right = connectClient();
    send(right, "PASS letmein");
    send(right, "NICK ada");
    send(right, "USER ada 0 * :Ada");
    expect(right, " 001 ada ");
}

TEST_P(HostTest, LongLineIsCutAndAnswered)
{
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    send(ada, "JOIN #lan");
    expect(ada, " 366 ada #lan ");
    send(bob, "JOIN #lan");
    expect(ada, "bob!\\S+ JOIN #lan");
    send(ada, "PRIVMSG #lan :" + std::string(600, 'x'));
    expect(ada, " 417 ada :Input line was too long");
    const std::string got = expect(bob, "PRIVMSG #lan :x+$");
    EXPECT_LE(got.size() + 2, 512u);
    send(ada, "PING :still served");
    expect(ada, "PONG lan\\.test :still served$");
}

TEST_P(HostTest, BadInputClosesWithANamedError)
{
    startHost();
    auto witness = registered("witness");

    auto unterminated = connectClient();
    loop->invoke([&] { unterminated->connection->send(std::string(5000, 'a')); }); // no line end
    expect(unterminated, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Line too long: more than 4096 "
                         "bytes without a line end\\)$");
    EXPECT_TRUE(closedWithin(unterminated));

    auto nul = connectClient();
    loop->invoke([&] { nul->connection->send(std::string("NICK a\0b\r\n", 10)); });
    expect(nul, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Binary data: a NUL byte is not IRC\\)$");
    EXPECT_TRUE(closedWithin(nul));

    auto junk = registered("junk");
    send(junk, "PRIVMSG witness :caf\xe9 \xff\xfe invalid UTF-8 passes as bytes");
    expect(witness, "PRIVMSG witness :caf\xe9 \xff\xfe invalid UTF-8 passes as bytes$");

    send(witness, "PING :alive");
    expect(witness, "PONG lan\\.test :alive$");
}

TEST_P(HostTest, FloodIsDelayedThenCutOff)
{
    config.floodBurst = 5;
    config.floodLinesPerSecond = 10;
    config.floodBacklogLines = 20;
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    send(ada, "JOIN #lan");
    expect(ada, " 366 ada #lan ");
    send(bob, "JOIN #lan");
    expect(bob, " 366 bob #lan ");
    expect(ada, "bob!\\S+ JOIN #lan");
    // 15 lines: a burst of 5 goes at once, the rest is delayed, none is lost.
    const auto start = std::chrono::steady_clock::now();
    std::string burst;
    for (int i = 0; i < 15; ++i)
        burst += "PRIVMSG #lan :flood " + std::to_string(i) + "\r\n";
    loop->invoke([&] { ada->connection->send(burst); });
    expect(bob, "PRIVMSG #lan :flood 14$");
    EXPECT_GE(std::chrono::steady_clock::now() - start, 500ms) << "10 delayed lines at 10/s";

    // Far beyond the backlog: Excess Flood.
    std::string flood;
    for (int i = 0; i < 200; ++i)
        flood += "PRIVMSG #lan :excess " + std::to_string(i) + "\r\n";
    loop->invoke([&] { ada->connection->send(flood); });
    expect(ada, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Excess Flood\\)$");
    expect(bob, "^:ada!\\S+ QUIT :Excess Flood$");
    EXPECT_TRUE(closedWithin(ada));
}

TEST_P(HostTest, RegistrationAndPingTimeouts)
{
    config.registrationTimeout = 300ms;
    config.pingInterval = 300ms;
    config.pongTimeout = 500ms;
    startHost();
    auto silent = connectClient();
    expect(silent, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Registration timeout\\)$", 5s);
    EXPECT_TRUE(closedWithin(silent));

    // mute registers first, so it is never pinged later than answers: answers, which answers
    // once, is not pinged a second time and dropped before mute's timeout is seen.
    auto mute = registered("mute");
    auto answers = registered("answers");
    expect(answers, "PING :lan\\.test$", 5s);
    send(answers, "PONG :lan.test");
    expect(mute, "PING :lan\\.test$", 5s);
    expect(mute, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Ping timeout: \\d+ seconds\\)$", 5s);
    EXPECT_TRUE(closedWithin(mute));
    EXPECT_FALSE(*loop->invoke([&] { return answers->closed; }));
}

TEST_P(HostTest, AReaderThatStopsReadingIsCutOffAndOthersGoOn)
{
    config.sendQueueHard = 64 * 1024;
    config.sendQueueSoft = 16 * 1024;
    config.floodLinesPerSecond = 0; // no flood control: the sender is fast
    startHost();
    auto sender = registered("sender");
    auto reader = registered("reader");
    auto sleeper = registered("sleeper");
    for (auto& c : {sender, reader, sleeper}) {
        send(c, "JOIN #lan");
        expect(c, " 366 ");
    }
    loop->invoke([&] { sleeper->connection->setReading(false); }); // stops reading
    const std::string text(400, 'z');
    std::string batch;
    for (int i = 0; i < 50; ++i)
        batch += "PRIVMSG #lan :" + text + "\r\n";
    for (int round = 0; round < 2000; ++round) {
        loop->invoke([&] { sender->connection->send(batch); });
        if (*loop->invoke([&] { return (*host)->clientCount(); }) < 3)
            break;
        std::this_thread::sleep_for(10ms);
    }
    expect(reader, "^:sleeper!\\S+ QUIT :SendQ exceeded$");
    send(sender, "PRIVMSG #lan :after");
    expect(reader, "PRIVMSG #lan :after$");
}

TEST_P(HostTest, ClientsPerAddressAreLimited)
{
    config.maxClientsPerAddress = 2;
    startHost();
    auto a = connectClient();
    auto b = connectClient();
    auto c = connectClient();
    expect(c, "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\(Too many connections from your address "
              "\\(2\\)\\)$");
    EXPECT_TRUE(closedWithin(c));
    send(a, "PING :a");
    expect(a, "PONG lan\\.test :a$");
}

TEST_P(HostTest, ResetMidLineRemovesTheClientAndTellsOthersOnce)
{
    startHost();
    auto ada = registered("ada");
    auto bob = registered("bob");
    send(ada, "JOIN #lan,#two");
    expect(ada, " 366 ada #two ");
    send(bob, "JOIN #lan,#two");
    expect(ada, "bob!\\S+ JOIN #two");
    loop->invoke([&] {
        bob->connection->send("PRIVMSG #lan :half a li");
        bob->connection->abort();
    });
    // A reset (Wine closes with a FIN instead, see docs/netcore.md).
    expect(ada, "^:bob!~bob@127\\.0\\.0\\.1 QUIT :(Connection lost|Client closed the connection)");
    EXPECT_TRUE(never(ada, " QUIT ")) << "the QUIT reaches a member of two rooms once";
    EXPECT_TRUE(never(ada, "half a li"));
    send(ada, "NAMES #two");
    expect(ada, " 353 ada = #two :@ada$");
}

TEST_P(HostTest, ManyClientsVanishingAtOnceLeaveTheHostServing)
{
    // Each QUIT goes to members whose own resets are not read yet, so sends fail in the middle
    // of the broadcast: the host must not drop them while it walks the member list.
    config.floodLinesPerSecond = 0;
    startHost();
    auto witness = registered("witness");
    send(witness, "JOIN #lan");
    expect(witness, " 366 witness #lan ");
    std::vector<std::shared_ptr<LineClient>> crowd;
    for (int i = 0; i < 30; ++i) {
        auto c = registered("crowd" + std::to_string(i));
        send(c, "JOIN #lan");
        expect(c, " 366 ");
        crowd.push_back(c);
    }
    loop->invoke([&] {
        for (auto& c : crowd)
            c->connection->abort();
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return (*host)->clientCount() == 1; }));
    auto quits = [&] {
        return *loop->invoke([&] {
            return std::count_if(
                witness->lines.begin(), witness->lines.end(),
                [](const std::string& l) { return l.find(" QUIT :") != std::string::npos; });
        });
    };
    // quits() runs directly when called in the loop thread (invoke), as waitUntil does.
    EXPECT_TRUE(test::waitUntil(*loop, [&] { return quits() >= 30; }));
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(quits(), 30) << "each QUIT reaches the witness once";
    send(witness, "PING :alive");
    expect(witness, "PONG lan\\.test :alive$");
}

TEST_P(HostTest, AMegabyteOfRandomBytesHarmsNobodyElse)
{
    startHost();
    auto witness = registered("witness");
    auto junk = connectClient();
    std::mt19937 random(7);
    std::string bytes(1 << 20, '\0');
    for (auto& b : bytes)
        b = static_cast<char>(random() % 256);
    loop->invoke([&] { junk->connection->send(bytes); });
    // Random bytes hold NUL bytes, long lines and lines without end: the host answers with a
    // named ERROR and closes, whichever comes first.
    expect(junk,
           "^ERROR :Closing Link: 127\\.0\\.0\\.1 \\((Binary data|Line too long|Excess Flood)");
    EXPECT_TRUE(closedWithin(junk));
    send(witness, "PING :still here");
    expect(witness, "PONG lan\\.test :still here$", 2s);
}

TEST_P(HostTest, AConnectStormIsRefusedCleanlyBeyondTheLimit)
{
    config.maxClients = 256;
    config.maxClientsPerAddress = 2000;
    startHost();
    auto witness = registered("witness");
    // 1,000 connections in waves of 300, each wave beyond the limit of 256.
    constexpr int Waves = 4;
    constexpr int PerWave = 250 + 50;
    int refused = 0;
    for (int wave = 0; wave < Waves; ++wave) {
        std::vector<std::shared_ptr<test::ClientResult>> results;
        for (int i = 0; i < PerWave && wave * PerWave + i < 1000; ++i)
            results.push_back(connect(test::localhost(port)));
        ASSERT_TRUE(test::waitUntil(*loop, [&] {
            return std::all_of(results.begin(), results.end(),
                               [](const auto& r) { return r->done; });
        }));
        for (const auto& r : results)
            EXPECT_TRUE(r->connection) << "connect failed: " << r->error.describe();
        // Those over the limit are told so and closed; count them, then drop the wave.
        std::vector<std::shared_ptr<LineClient>> clients;
        loop->invoke([&] {
            for (auto& r : results) {
                if (!r->connection)
                    continue;
                auto c = make<LineClient>();
                c->connection = r->connection;
                c->attach();
                clients.push_back(c);
            }
        });
        // The host holds the witness and 255 of the wave; the rest are refused and closed.
        const std::size_t overLimit = clients.size() > 255 ? clients.size() - 255 : 0;
        ASSERT_TRUE(test::waitUntil(*loop, [&] {
            return static_cast<std::size_t>(std::count_if(
                       clients.begin(), clients.end(), [](const auto& c) { return c->closed; })) >=
                   overLimit;
        }));
        refused += *loop->invoke([&] {
            int n = 0;
            for (auto& c : clients) {
                if (!c->lines.empty() &&
                    c->lines.front().find("Too many clients") != std::string::npos)
                    ++n;
                if (c->connection->state() != SocketState::Closed)
                    c->connection->abort();
            }
            return n;
        });
        send(witness, "PING :wave " + std::to_string(wave));
        expect(witness, "PONG lan\\.test :wave " + std::to_string(wave) + "$", 3s);
    }
    EXPECT_GT(refused, 0) << "connections beyond the limit must be refused with an ERROR";
    EXPECT_TRUE(test::waitUntil(*loop, [&] { return (*host)->clientCount() == 1; }))
        << "only the witness is left";
}

TEST_P(HostTest, TheCommandTableAnswersRegistrationAndMissingParameters)
{
    // Every row of the dispatcher's table, checked from the table itself: a command that needs
    // registration is refused before it (451), one only for registration after it (462), and
    // one parameter fewer than its minimum gets 461 with the command's name.
    config.floodLinesPerSecond = 0;
    startHost();
    auto ada = registered("ada");
    auto fresh = connectClient();
    int checks = 0;
    for (const hostimpl::Command& command : hostimpl::commands()) {
        const std::string name(command.name);
        SCOPED_TRACE(name);
        const bool beforeOnly = command.allowed == hostimpl::Allowed::BeforeRegistration;
        if (command.allowed == hostimpl::Allowed::Registered) {
            send(fresh, name);
            expect(fresh, "^:lan\\.test 451 \\* :You have not registered$");
            ++checks;
        }
        if (beforeOnly) {
            send(ada, name);
            expect(ada, "^:lan\\.test 462 ada :You may not reregister$");
            ++checks;
        }
        const auto& c = beforeOnly ? fresh : ada;
        const std::string to = beforeOnly ? "\\*" : "ada";
        const std::string needMore =
            "^:lan\\.test 461 " + to + " " + name + " :Not enough parameters$";
        if (command.minParams > 0) {
            std::string line = name;
            for (std::size_t i = 0; i + 1 < command.minParams; ++i)
                line += " p" + std::to_string(i);
            send(c, line);
            expect(c, needMore);
            ++checks;
        }
        if (command.firstNonEmpty) {
            send(c, name + " :");
            expect(c, needMore);
            ++checks;
        }
    }
    EXPECT_GE(checks, 20) << "the table has lost its rows";
    send(ada, "PING :still here");
    expect(ada, "PONG lan\\.test :still here$");
}

INSTANTIATE_TEST_SUITE_P(Loops, HostTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);
INSTANTIATE_TEST_SUITE_P(Loops, HostReplyTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

TEST(NickRules, AsInModernIrc)
{
    EXPECT_TRUE(isValidNick("ada"));
    EXPECT_TRUE(isValidNick("[ada]_`{}|^\\"));
    EXPECT_FALSE(isValidNick(""));
    EXPECT_FALSE(isValidNick("1ada"));
    EXPECT_FALSE(isValidNick("-ada"));
    for (const char* bad : {"a b", "a,b", "a*b", "a?b", "a!b", "a@b", "a:b", "a#b", "a\x01"})
        EXPECT_FALSE(isValidNick(bad)) << bad;
    // Issue 15: any non-ASCII byte was taken, so "\xd0\xb0lice" (Cyrillic a) passed for alice.
    for (const char* lookAlike : {"\xd0\xb0"
                                  "lice",
                                  "al\xc3\xaf"
                                  "ce",
                                  "\xef\xbd\x81"
                                  "da",
                                  "ad\xa0"
                                  "a"})
        EXPECT_FALSE(isValidNick(lookAlike)) << lookAlike;
    for (const char* bad : {"a.b", "a/b", "a~b", "a$b", "a%b", "a+b", "a=b", "a'b", "a\"b"})
        EXPECT_FALSE(isValidNick(bad)) << bad;
    EXPECT_TRUE(isValidNick(std::string(30, 'a')));
    EXPECT_FALSE(isValidNick(std::string(31, 'a')));
    EXPECT_TRUE(isValidRoomName("#lan"));
    EXPECT_FALSE(isValidRoomName("lan"));
    EXPECT_FALSE(isValidRoomName("#"));
    EXPECT_FALSE(isValidRoomName("#a b"));
    EXPECT_FALSE(isValidRoomName("#a,b"));
    EXPECT_FALSE(isValidRoomName("#a\x07"));
    EXPECT_FALSE(isValidRoomName("#" + std::string(50, 'a')));
}

} // namespace
} // namespace netcore::irc
