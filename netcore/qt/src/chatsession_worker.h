// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ChatSession's insides, shared by chatsession.cpp (the chat) and chatsession_transfers.cpp
// (DCC file transfers): the engine and its loop, and the events on their way to the GUI thread.

#include "bridge/chatsession.h"

#include "netcore/event_loop.h"
#include "netcore/irc/client.h"
#include "netcore/irc/dcc_transfer.h"
#include "netcore/irc/filehost_client.h"

#include "chatconvert.h"
#include "qtconvert.h"

#include <mutex>
#include <optional>
#include <unordered_map>
#include <variant>

namespace bridge {

using netcore::irc::ClientEvent;
using netcore::irc::ClientState;

// One event of the engine on its way to the GUI thread, with what it changed: the member lists
// of the rooms it concerns, and the session's state as the engine knew it then.
struct ChatSession::Delivery
{
    ChatEvent event;
    // The engine's kind: up to Error a ChatEvent (event), after it a typed answer.
    ClientEvent::Kind kind = ClientEvent::Kind::ServerText;
    bool away = false;     // MemberAway
    std::size_t count = 0; // HistoryEnd
    std::variant<std::monostate, NickRefusalInfo, WhoisInfo, WhoListInfo> detail;
    QList<QPair<QString, QList<RoomMember>>> rooms;
    CaseMapping caseMapping = CaseMapping::Rfc1459;
    QString awayText; // ours (empty: here)
    bool oper = false;
    std::optional<TlsDetails> tls; // TlsReady, StateChanged: the session's TLS as it is
    QString fileHost;              // the FILEHOST URL the server advertises ("" none)
};

// Lives in the loop thread (created and destroyed there).
struct ChatSession::Worker
{
    std::unique_ptr<netcore::EventLoop> loop;
    std::unique_ptr<netcore::irc::IrcClient> client;
    // DCC transfers beside the client (made and destroyed with it, in the loop thread).
    std::unique_ptr<netcore::irc::dcc::DccManager> dcc;
    // FILEHOST uploads and fetches (chatsession_files.cpp; made at the first, destroyed with
    // the client, in the loop thread), and the bridge's request ids to its own.
    std::unique_ptr<netcore::irc::FileHostClient> files;
    std::unordered_map<quint64, netcore::irc::FileHostClient::Id> fileRequests;

    // Events on their way to the GUI thread. Under a flood, one queued call carries all that
    // arrived meanwhile, instead of one per line (the GUI thread keeps up).
    std::mutex mutex;
    QList<Delivery> outbox;
    bool scheduled = false;

    // In the loop thread: the engine's event, converted, with the member lists it changed.
    Delivery convert(const ClientEvent& e) const
    {
        using K = ClientEvent::Kind;
        Delivery d;
        d.kind = e.kind;
        d.event = toChatEvent(e);
        d.event.network = toQString(client->network());
        d.event.hostId = toQString(client->hostId());
        d.event.socketId = client->socketId();
        d.caseMapping = toCaseMapping(client->caseMapping());
        d.awayText = toQString(client->awayText());
        d.oper = client->isOperator();
        d.away = e.away;
        d.count = e.count;
        d.fileHost = toQString(client->fileHostUrl());
        if (e.kind == K::TlsReady || e.kind == K::StateChanged) {
            if (const auto info = client->tlsInfo()) {
                TlsDetails t;
                t.on = true;
                t.version = toQString(info->version);
                t.cipher = toQString(info->cipher);
                t.fingerprint = toQString(info->fingerprint);
                t.subject = toQString(info->subject);
                t.trusted = info->trusted;
                t.pinned = info->pinned;
                d.tls = t;
            }
        }
        if (e.kind == K::NickRefused)
            d.detail = toRefusalInfo(e);
        else if (e.kind == K::Whois)
            d.detail = toWhoisInfo(e);
        else if (e.kind == K::WhoList)
            d.detail = toWhoListInfo(e);
        const bool membership = e.kind == K::Join || e.kind == K::Part || e.kind == K::Quit ||
                                e.kind == K::Kick || e.kind == K::NickChange ||
                                e.kind == K::Names || e.kind == K::Mode ||
                                e.kind == K::MemberAway || e.kind == K::MemberChanged;
        if (!membership)
            return d;
        QStringList affected = d.event.rooms;
        if (!d.event.room.isEmpty())
            affected.append(d.event.room);
        for (const auto& name : affected) {
            QList<RoomMember> list;
            if (const auto* r = client->room(toStdString(name)))
                for (const auto& m : r->members)
                    list.append({toQString(m.nick), toQString(m.prefix), m.away,
                                 toQString(m.userHost), toQString(m.realName)});
            d.rooms.append({name, list});
        }
        return d;
    }

    // Runs `fn(dcc)` in the loop thread, if the transfers are there.
    template <typename F> void postDcc(F fn)
    {
        if (!loop)
            return;
        loop->post([this, fn = std::move(fn)] {
            if (dcc)
                fn(*dcc);
        });
    }

    // Runs `fn(client)` in the loop thread, if the client is there.
    template <typename F> void post(F fn)
    {
        if (!loop)
            return;
        loop->post([this, fn = std::move(fn)] {
            if (client)
                fn(*client);
        });
    }
};

} // namespace bridge
