// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Inside the client engine: IrcClient::Impl, whose work is spread over the files of this folder,
// one job each:
//
//   connection.cpp    connecting, back-off and reconnecting, the link's timers (PING, timeouts),
//                     reading lines and handing each command to its job
//   send_queue.*      what we send: the queue paced by a token bucket, text split below the
//                     line limit, our own messages reported when the server does not echo them
//   registration.cpp  CAP, PASS/NICK/USER, nick alternatives and refusals, the welcome, OPER
//   numerics.cpp      the numerics table: each numeric to the family that handles it
//   isupport.*        what the server supports (RPL_ISUPPORT): case mapping, prefixes, ...
//   rooms.cpp         the rooms we are in: members, topics, modes
//   away.cpp          who is away: our AWAY, away-notify, RPL_AWAY, the marks kept
//   who.cpp           WHO: the engine's own (after joining, refreshes) and the user's (who())
//   requests.cpp      requests with a reply of many lines, matched to it by label
//                     (labeled-response) or by order; standard replies (FAIL, WARN, NOTE)
//   whois.cpp         a WHOIS reply collected into one event
//   ctcp.cpp          PRIVMSG and NOTICE, CTCP (ACTION, VERSION, PING, CLIENTINFO)
//   client.cpp        the public face: IrcClient's operations and accessors
//
// Everything here runs in the loop thread.

#include "netcore/irc/client.h"

#include "netcore/event_loop.h"
#include "netcore/irc/casemapping.h"
#include "netcore/irc/message.h"
#include "netcore/irc/numerics.h"
#include "netcore/tcp.h"

#include "irc/client/isupport.h"
#include "irc/client/send_queue.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netcore::irc {

namespace client {

using Clock = std::chrono::steady_clock;

// A server's lines may carry up to 8191 bytes of tags (IRCv3) besides the 512 of the line.
inline constexpr std::size_t ServerTagLimit = 8191;
inline constexpr std::size_t MaxUnterminated = 16 * 1024;
inline const Limits ServerLimits{512, ServerTagLimit, 15};
// How long the server has to close the connection after our QUIT.
inline constexpr std::chrono::seconds QuitTimeout{5};

// The nick in a message's source ("nick!user@host" -> "nick").
inline std::string nickOf(std::string_view source)
{
    return std::string(source.substr(0, source.find('!')));
}

// The last parameter (a numeric's text, a list), "" when there is none: a server's line may
// have fewer parameters than it should.
inline const std::string& lastParam(const Message& m)
{
    return m.param(m.params.empty() ? 0 : m.params.size() - 1);
}

// The parameters from `from` on, joined by spaces.
std::string joinParams(const Message& m, std::size_t from);

// Calls f with each word of a space-separated list ("a b  c": "a", "b", "c").
template <typename F> void forEachWord(std::string_view list, F f)
{
    while (!list.empty()) {
        const std::size_t space = list.find(' ');
        if (space != 0)
            f(list.substr(0, space));
        list = space == std::string_view::npos ? std::string_view() : list.substr(space + 1);
    }
}

} // namespace client

struct IrcClient::Impl
{
    using Clock = client::Clock;
    using milliseconds = std::chrono::milliseconds;

    Impl(EventLoop& l, ClientConfig c, Handler h);

    EventLoop& loop;
    ClientConfig config;
    Handler handler;

    // --- connection (connection.cpp) ---------------------------------------------------------
    ClientState state = ClientState::Disconnected;
    std::shared_ptr<TcpConnector> connector;
    std::shared_ptr<TcpConnection> connection;
    LineReader reader{client::ServerLimits, client::MaxUnterminated};
    NetError closeError;     // set before we close or abort the connection ourselves
    std::string serverError; // the text of the server's ERROR line, if it sent one
    Clock::time_point lastReceived;
    Clock::time_point registrationDeadline;
    Clock::time_point closingDeadline;
    std::optional<Clock::time_point> pingSent;
    std::string pingToken;
    milliseconds lagValue{0};
    bool everRegistered = false; // in this session (since connect())
    // From RPL_WELCOME to the end of the MOTD: the server's details (RPL_YOURHOST, LUSERS...)
    // are not news for the user then; asked for later (/lusers), they are ServerText.
    bool welcomeBurst = false;
    bool quitRequested = false;
    bool fatal = false; // refused in a way retrying cannot fix (password, ban)
    milliseconds backoff{0};
    EventLoop::TimerId tickTimer = 0;
    EventLoop::TimerId retryTimer = 0;
    std::uint64_t pingCounter = 0;
    std::shared_ptr<TlsContext> tlsContext; // made at the first TLS connection
    std::optional<TlsInfo> tlsInfoValue;

    void startConnect();
    void connected(std::shared_ptr<TcpConnection> c, const NetError& error);
    bool startTls(); // false (and the connection failing) if there is no TLS here
    void fail(NetError error);
    void closed(const NetError& error);
    void lost(NetError error);
    void stopTicking();
    void tick();
    void sendPing();
    void received(std::string_view data);
    void handle(const Message& m);
    void handleCommand(const Message& m, ClientEvent& e);

    // --- sending (send_queue.cpp) ------------------------------------------------------------
    client::SendQueue queue;

    void sendNow(const Message& m); // at once, unpaced: registration, PONG, our PING
    void enqueue(const Message& m, std::optional<ClientEvent> echo = std::nullopt);
    void pump();
    std::size_t textBudget(std::string_view command, const std::string& target) const;
    void sendText(ClientEvent::Kind kind, const std::string& target, std::string_view text);
    void sendRawLine(std::string_view line);

    // --- registration (registration.cpp) -----------------------------------------------------
    std::string nick;       // the nick we have, or are asking for while registering
    std::string wishBefore; // the nick wanted before setNick() asked for another
    int alternative = 0;    // alternatives tried
    int generated = 0;      // of them, made from the nick ("nick_", "nick1", ...)
    std::string userHost;   // "user@host" as the server shows us, once known
    std::vector<std::string> offeredCaps;
    std::vector<std::string> caps;
    bool capEnded = false;
    bool operatorStatus = false;

    void beginRegistration();
    void handleCap(const Message& m);
    void endCap();
    bool hasCap(std::string_view cap) const;
    std::string nextNick();
    bool usesOwnAlternative() const;
    void requestNick(const std::string& wish);
    void regainNick(const std::string& freed);
    void onWelcome(const Message& m, ClientEvent& e);
    void onNickRefused(const Message& m, ClientEvent& e);
    void onPasswordRefused(const Message& m, ClientEvent& e);
    void onBanned(const Message& m, ClientEvent& e);
    void onOperatorGranted(const Message& m, ClientEvent& e);
    void onOperatorRefused(const Message& m, ClientEvent& e);

    // --- numerics (numerics.cpp) -------------------------------------------------------------
    void handleNumeric(const Message& m, ClientEvent& e);
    void reportNumeric(const Message& m, ClientEvent& e); // as ServerText or Error
    void onServerText(const Message& m, ClientEvent& e);
    void onWelcomeDetail(const Message& m, ClientEvent& e);
    void onMotd(const Message& m, ClientEvent& e);
    void onEndOfMotd(const Message& m, ClientEvent& e);
    void onIgnored(const Message&, ClientEvent&) {}

    // --- what the server supports (isupport.cpp) ---------------------------------------------
    client::ServerSupport support;

    void onIsupport(const Message& m, ClientEvent& e);
    void setCaseMapping(CaseMapping mapping);
    std::string fold(std::string_view name) const { return foldCase(name, support.caseMapping); }
    bool same(std::string_view a, std::string_view b) const
    {
        return equalsFolded(a, b, support.caseMapping);
    }
    bool isSelf(std::string_view who) const { return same(who, nick); }

    // --- rooms (rooms.cpp) -------------------------------------------------------------------
    std::map<std::string, JoinedRoom> roomMap; // by folded name
    struct PendingNames
    {
        std::string room;
        std::vector<std::string> names;
    };
    std::map<std::string, PendingNames> pending; // NAMES being collected, by folded room
    // The rooms to be in (rejoined after a reconnect): folded name -> "name" or "name key".
    std::map<std::string, std::string> wanted;

    void want(const std::string& roomAndKey);
    JoinedRoom* findRoom(std::string_view name);
    // A NAMES entry ("@+nick!user@host") or a bare nick: in the room, with its prefixes.
    RoomMember& setMember(JoinedRoom& room, std::string_view entry);
    bool removeMember(JoinedRoom& room, std::string_view name);
    bool inAnyRoom(std::string_view name) const;
    void onJoin(const Message& m, ClientEvent& e);
    void onPart(const Message& m, ClientEvent& e);
    void onKick(const Message& m, ClientEvent& e);
    void onQuit(const Message& m, ClientEvent& e);
    void onNick(const Message& m, ClientEvent& e);
    void onTopic(const Message& m, ClientEvent& e);
    void onMode(const Message& m, ClientEvent& e);
    void onInvite(const Message& m, ClientEvent& e);
    void applyRoomModes(const Message& m);
    void applyUserModes(const Message& m);
    void onTopicReply(const Message& m, ClientEvent& e);
    void onNamesReply(const Message& m, ClientEvent& e);
    void onEndOfNames(const Message& m, ClientEvent& e);

    // --- away (away.cpp) ---------------------------------------------------------------------
    // Who is away, as far as we know, by folded nick; the members' marks follow it. Only nicks
    // in a room with us (and ourselves) are kept.
    struct AwayMark
    {
        std::string nick;
        std::string text; // "" when only the mark is known (WHO)
    };
    std::map<std::string, AwayMark> awayNicks;
    std::string awayRequested; // the text of our latest AWAY
    std::string awayValue;     // ours, as the server confirmed ("" here)
    Clock::time_point nextWho;

    void onSelfAway(const Message& m, ClientEvent& e);
    void onAwayReply(const Message& m, ClientEvent& e);
    void onAwayNotify(const Message& m, ClientEvent& e);
    void markAway(const std::string& who, bool away, const std::string& text,
                  const ClientEvent& cause);
    void forgetIfGone(const std::string& who);

    // --- WHO (who.cpp) -----------------------------------------------------------------------
    void onWhoReply(const Message& m, ClientEvent& e);
    void onEndOfWho(const Message& m, ClientEvent& e);
    void refreshWho(Clock::time_point now);

    // --- requests and their replies (requests.cpp) --------------------------------------------
    // A request whose reply has many lines, until the reply has ended.
    enum class RequestKind
    {
        OwnWho,  // the engine's WHO (after joining, refreshes): the marks, nothing shown
        UserWho, // who(): collected into a WhoList event
        History, // CHATHISTORY (historyRequests has the rest)
    };
    struct Request
    {
        RequestKind kind = RequestKind::OwnWho;
        std::string label;             // "" without labeled-response
        std::string target;            // WHO's mask; CHATHISTORY's conversation
        std::vector<WhoEntry> entries; // UserWho: collected so far
        std::size_t more = 0;          // UserWho: matched beyond what is kept
    };
    std::deque<Request> requests; // in the order sent
    std::uint64_t labels = 0;     // labels given on this connection
    // The label of the line being handled: its own, or that of the batch it is in.
    std::string replyLabel;

    bool usesLabels() const;
    void sendRequest(RequestKind kind, const std::string& target, Message m);
    // The request the line being handled answers, if it is one of `kinds`: by its label, or
    // (without labeled-response) the oldest of those kinds.
    Request* answered(std::initializer_list<RequestKind> kinds);
    // The reply to `request` has ended: what it collected is reported.
    void finishRequest(Request* request, const ClientEvent& cause);
    void finishLabel(const std::string& label, const ClientEvent& cause);
    void beforeReply(const Message& m); // sets replyLabel
    void afterReply(const Message& m, const ClientEvent& e);
    void onStandardReply(const Message& m, ClientEvent& e); // FAIL, WARN, NOTE
    // A connection ended or began: no reply, batch or history request of the old one is
    // awaited any more.
    void forgetReplies();

    // --- whois (whois.cpp) -------------------------------------------------------------------
    // Replies being collected (from their first line to RPL_ENDOFWHOIS), by folded nick.
    std::map<std::string, WhoisReply> whoisPending;

    WhoisReply* whoisFor(std::string_view who);
    void onWhoisLine(const Message& m, ClientEvent& e);
    void onEndOfWhois(const Message& m, ClientEvent& e);

    // --- batches and history (history.cpp) ----------------------------------------------------
    struct OpenBatch
    {
        std::string type;      // "chathistory", "labeled-response", ...
        std::string target;    // chathistory: the conversation
        std::string label;     // the reply it is (labeled-response), on its start or its parent's
        bool labelled = false; // the label was on its own start: its end ends the reply
    };
    std::map<std::string, OpenBatch> batches; // by reference, while open
    // History being replayed, by folded target: pieces asked for, lines so far, the last msgid.
    struct HistoryRequest
    {
        std::string target;
        bool forward = false; // AFTER (more pieces may follow), not LATEST
        std::size_t pieces = 0;
        std::size_t lines = 0;      // in all pieces
        std::size_t pieceLines = 0; // in the present piece
        std::string lastMsgid;
    };
    std::map<std::string, HistoryRequest> historyRequests;

    bool requestHistory(const std::string& target,
                        std::optional<std::chrono::system_clock::time_point> after);
    void onBatch(const Message& m, ClientEvent& e);
    void historyBatchEnded(const OpenBatch& batch, ClientEvent& e);
    void endHistory(const std::string& target, const ClientEvent& cause);
    // A line inside a batch: marks a replayed history line (e.history) and counts it.
    void inBatch(const std::string& reference, ClientEvent& e);
    std::size_t historyPiece() const;
    void onChangedHost(const Message& m, ClientEvent& e);
    void onSetName(const Message& m, ClientEvent& e);

    // --- MONITOR (monitor.cpp) ----------------------------------------------------------------
    bool watchSent = false; // the list was given to the server on this connection

    // Tells the server the watched nicks (after ISUPPORT MONITOR; `again`: replacing what it
    // was told before).
    void sendWatched(bool again);
    void onWatched(const Message& m, ClientEvent& e);

    // --- messages and CTCP (ctcp.cpp) --------------------------------------------------------
    void onText(const Message& m, ClientEvent& e);
    void ctcpReply(const std::string& to, std::string_view verb, std::string_view rest);

    // --- events --------------------------------------------------------------------------------
    ClientEvent event(ClientEvent::Kind kind) const;
    // A typed event about what `cause` (an event made from a server line) reported: its time
    // and numeric.
    ClientEvent typed(ClientEvent::Kind kind, const ClientEvent& cause) const;
    void emit(const ClientEvent& e);
    void setState(ClientState next, NetError error = {}, std::string text = {},
                  milliseconds retryIn = {});
    bool isRoomName(std::string_view target) const { return support.isRoomName(target); }
};

} // namespace netcore::irc
