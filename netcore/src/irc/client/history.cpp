// SPDX-License-Identifier: GPL-3.0-or-later
// Batches (IRCv3 batch) and the server's history (draft/chathistory): CHATHISTORY requests, the
// `chathistory` batches that answer them, and more pieces while a piece comes back full, up to
// MaxPieces; and the member changes that come as commands of their own (CHGHOST, SETNAME).
//
//   -> CHATHISTORY AFTER #lan timestamp=2026-12-05T12:00:00.000Z 100
//   <- BATCH +b1 chathistory #lan
//   <- @batch=b1;time=...;msgid=x :ada!~ada@host PRIVMSG #lan :hello     (history: true)
//   <- BATCH -b1                                                      (HistoryEnd, count 1)

#include "irc/client/client_impl.h"

#include <algorithm>
#include <cstdio>

namespace netcore::irc {

namespace {

// Pieces asked for one requestHistory() at most (1000 lines with the usual 100 a piece).
constexpr std::size_t MaxPieces = 10;
constexpr std::size_t DefaultPiece = 100;
// Batches open at once at most.
constexpr std::size_t MaxOpenBatches = 32;

std::string serverTime(std::chrono::system_clock::time_point at)
{
    using namespace std::chrono;
    const auto ms = floor<milliseconds>(at);
    const auto day = floor<days>(ms);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> time{ms - day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(time.hours().count()),
                  int(time.minutes().count()), int(time.seconds().count()),
                  int(time.subseconds().count()));
    return text;
}

} // namespace

std::size_t IrcClient::Impl::historyPiece() const
{
    const std::size_t limit = support.chathistoryLimit;
    return limit > 0 && limit < DefaultPiece ? limit : DefaultPiece;
}

bool IrcClient::Impl::requestHistory(const std::string& target,
                                     std::optional<std::chrono::system_clock::time_point> after)
{
    if (state != ClientState::Registered || !hasCap("draft/chathistory") || !hasCap("batch") ||
        target.empty())
        return false;
    auto [it, fresh] = historyRequests.try_emplace(fold(target));
    if (!fresh)
        return true; // already on its way
    HistoryRequest& request = it->second;
    request.target = target;
    request.forward = after.has_value();
    const std::string piece = std::to_string(historyPiece());
    if (after)
        sendRequest(
            RequestKind::History, target,
            {{}, {}, "CHATHISTORY", {"AFTER", target, "timestamp=" + serverTime(*after), piece}});
    else
        sendRequest(RequestKind::History, target,
                    {{}, {}, "CHATHISTORY", {"LATEST", target, "*", piece}});
    return true;
}

// BATCH +ref type [params] opens a batch (labelled: the start of a labelled reply, or inside
// one); BATCH -ref closes it.
void IrcClient::Impl::onBatch(const Message& m, ClientEvent& e)
{
    const std::string& reference = m.param(0);
    if (reference.size() < 2)
        return;
    const std::string id = reference.substr(1);
    if (reference.front() == '+') {
        if (batches.size() >= MaxOpenBatches)
            return; // a server that never closes them: their lines count as unbatched
        batches[id] = {m.param(1), m.param(2), replyLabel, m.tag("label") != nullptr};
        return;
    }
    const auto open = batches.find(id);
    if (reference.front() != '-' || open == batches.end())
        return;
    const OpenBatch batch = std::move(open->second);
    batches.erase(open);
    if (batch.type == "chathistory")
        historyBatchEnded(batch, e);
    if (batch.labelled)
        finishLabel(batch.label, e);
}

// A chathistory batch has ended: another piece is asked for while a full one goes forward,
// else the history has been replayed.
void IrcClient::Impl::historyBatchEnded(const OpenBatch& batch, ClientEvent& e)
{
    const auto found = historyRequests.find(fold(batch.target));
    if (found == historyRequests.end())
        return; // not ours to finish (a reply to a line the user typed)
    // The request it answers: by its label, or the oldest one for its conversation.
    const auto asked = std::find_if(requests.begin(), requests.end(), [&](const Request& r) {
        return r.kind == RequestKind::History &&
               (batch.label.empty() ? r.label.empty() && same(r.target, batch.target)
                                    : r.label == batch.label);
    });
    if (asked != requests.end())
        requests.erase(asked);
    HistoryRequest& request = found->second;
    // A full piece going forward: there may be more after its last line.
    if (request.forward && request.pieceLines == historyPiece() && !request.lastMsgid.empty() &&
        request.pieces + 1 < MaxPieces) {
        ++request.pieces;
        request.pieceLines = 0;
        sendRequest(RequestKind::History, request.target,
                    {{},
                     {},
                     "CHATHISTORY",
                     {"AFTER", request.target, "msgid=" + request.lastMsgid,
                      std::to_string(historyPiece())}});
        return;
    }
    endHistory(request.target, e);
}

// The history of `target` has been replayed (or refused: then with what came before).
void IrcClient::Impl::endHistory(const std::string& target, const ClientEvent& cause)
{
    const auto found = historyRequests.find(fold(target));
    if (found == historyRequests.end())
        return;
    ClientEvent t = typed(ClientEvent::Kind::HistoryEnd, cause);
    t.target = found->second.target;
    t.room = isRoomName(t.target) ? t.target : std::string();
    t.count = found->second.lines;
    t.nick.clear();
    t.self = false;
    t.text.clear();
    historyRequests.erase(found);
    emit(t);
}

void IrcClient::Impl::inBatch(const std::string& reference, ClientEvent& e)
{
    const auto open = batches.find(reference);
    if (open == batches.end() || open->second.type != "chathistory")
        return;
    e.history = true;
    const auto request = historyRequests.find(fold(open->second.target));
    if (request == historyRequests.end())
        return;
    ++request->second.lines;
    ++request->second.pieceLines;
    if (!e.msgid.empty())
        request->second.lastMsgid = e.msgid;
}

// CHGHOST newuser newhost: the member's user@host, wherever we share a room with it.
void IrcClient::Impl::onChangedHost(const Message& m, ClientEvent& e)
{
    const std::string changed = m.param(0) + "@" + m.param(1);
    if (e.self)
        userHost = changed;
    for (auto& [folded, room] : roomMap) {
        for (RoomMember& member : room.members) {
            if (same(member.nick, e.nick)) {
                member.userHost = changed;
                e.rooms.push_back(room.name);
            }
        }
    }
    e.kind = ClientEvent::Kind::MemberChanged;
    emit(e);
}

// SETNAME :real name: the member's real name.
void IrcClient::Impl::onSetName(const Message& m, ClientEvent& e)
{
    const std::string name = decodeText(client::lastParam(m));
    for (auto& [folded, room] : roomMap) {
        for (RoomMember& member : room.members) {
            if (same(member.nick, e.nick)) {
                member.realName = name;
                e.rooms.push_back(room.name);
            }
        }
    }
    e.kind = ClientEvent::Kind::MemberChanged;
    e.text = name;
    emit(e);
}

} // namespace netcore::irc
