// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// DccManager's state: one entry a transfer, with what the IRC side needs to match the other
// side's answers to it (the offer, the token, the port). manager.cpp has the user's operations,
// manager_requests.cpp the requests that come from the other side.

#include "netcore/irc/client.h"
#include "netcore/irc/dcc_transfer.h"

#include "irc/dcc/transfer.h"

#include <filesystem>
#include <map>

namespace netcore::irc::dcc {

struct DccManager::Impl
{
    struct Entry
    {
        std::shared_ptr<Transfer> transfer;
        // Receive: the offer as it came. Send: the offer we made (port 0 and a token when
        // passive; the port we listen on when active).
        Offer offer;
        std::string peerHost; // Receive: the sender's host as the IRC host shows it
        bool resumeAsked = false;
        std::uint64_t resumeAt = 0;
        std::filesystem::path partPath;
        std::filesystem::path finalPath;
        bool replace = false;
    };

    Impl(EventLoop& l, IrcClient& c, DccOptions o, Handler h)
        : loop(l)
        , client(c)
        , options(std::move(o))
        , handler(std::move(h))
    {}

    EventLoop& loop;
    IrcClient& client;
    DccOptions options;
    Handler handler;
    std::map<TransferId, Entry> entries;
    TransferId nextId = 1;

    // A new entry with its transfer (state as in `info`).
    Entry& add(TransferInfo info);
    Entry* find(TransferId id);
    // The first entry for which pred holds, among the ones with nick and in `direction`.
    template <typename Pred> Entry* findFor(const std::string& nick, Direction direction, Pred pred)
    {
        const std::string folded = client.fold(nick);
        for (auto& [id, entry] : entries) {
            const TransferInfo& info = entry.transfer->info();
            if (info.direction == direction && !info.finished() &&
                client.fold(info.nick) == folded && pred(entry))
                return &entry;
        }
        return nullptr;
    }
    void emit(TransferEvent::Kind kind, const TransferInfo& info, std::string text = {});
    void problem(const std::string& nick, std::string text);
    // The address we listen on and put in our offers.
    std::string ourAddress() const;
    // Receive: takes the offer from `position` (0: from the start).
    bool begin(Entry& entry, std::uint64_t position, NetError* error);
    bool start(Entry& entry, const std::filesystem::path& partPath,
               const std::filesystem::path& finalPath, bool replace, NetError* error);

    // The other side's requests.
    void onOffer(const ClientEvent& event, const Offer& offer);
    void onPassiveReply(const ClientEvent& event, const Offer& offer);
    void onResume(const std::string& nick, const Offer& offer);
    void onAccept(const std::string& nick, const Offer& offer);
    void onReject(const std::string& nick, const std::string& name);
};

} // namespace netcore::irc::dcc
