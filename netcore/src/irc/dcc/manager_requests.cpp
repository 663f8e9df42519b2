// SPDX-License-Identifier: GPL-3.0-or-later
// The other side's DCC requests: a new offer, the answer to our passive offer, RESUME and
// ACCEPT, and DCC REJECT.

#include "irc/dcc/manager_impl.h"

namespace netcore::irc::dcc {

namespace {

// "user@host" -> "host"
std::string hostOf(const std::string& userHost)
{
    const std::size_t at = userHost.rfind('@');
    return at == std::string::npos ? userHost : userHost.substr(at + 1);
}

} // namespace

void DccManager::handleRequest(const ClientEvent& event)
{
    Impl& d = *m_impl;
    if (const auto rejected = parseReject(event.ctcp)) {
        d.onReject(event.nick, *rejected);
        return;
    }
    const ParseResult parsed = parse(event.ctcp);
    if (!parsed.offer) {
        d.problem(event.nick, event.nick + " sent a DCC request LanChat cannot take: " +
                                  errorName(parsed.error) + ": " + parsed.detail);
        return;
    }
    const Offer& offer = *parsed.offer;
    switch (offer.kind) {
    case Kind::Send:
        if (offer.isPassiveReply() &&
            d.findFor(event.nick, Direction::Send,
                      [&](const Impl::Entry& e) { return e.offer.token == offer.token; })) {
            d.onPassiveReply(event, offer);
        } else {
            d.onOffer(event, offer);
        }
        return;
    case Kind::Resume:
        d.onResume(event.nick, offer);
        return;
    case Kind::Accept:
        d.onAccept(event.nick, offer);
        return;
    }
}

void DccManager::Impl::onOffer(const ClientEvent& event, const Offer& offer)
{
    TransferInfo info;
    info.direction = Direction::Receive;
    info.state = TransferState::Offered;
    info.nick = event.nick;
    info.offeredName = offer.fileName;
    info.size = offer.size;
    info.passive = offer.isPassive();
    if (!info.passive)
        info.peerAddress = SocketAddress::fromNumeric(offer.address, offer.port).toString();
    Entry& entry = add(std::move(info));
    entry.offer = offer;
    entry.peerHost = hostOf(event.target);
    const AddressCheck check = offerAddressAllowed(offer, entry.peerHost);
    if (!check.allowed()) {
        entry.transfer->info().state = TransferState::Failed;
        entry.transfer->info().error =
            dccError(DccErrc::foreignAddress, check.describe(event.nick));
        emit(TransferEvent::Kind::Refused, entry.transfer->info());
        return;
    }
    // The handler may take the offer at once (an auto-accepted nick), or forget it.
    const std::shared_ptr<Transfer> transfer = entry.transfer;
    emit(TransferEvent::Kind::Offered, transfer->info());
    // Unanswered, the offer lapses (the sender gives up on it by then too).
    if (transfer->info().state == TransferState::Offered)
        transfer->startTimer(options.offerTimeout, "the offer was not taken within");
}

void DccManager::Impl::onPassiveReply(const ClientEvent& event, const Offer& offer)
{
    Entry* entry = findFor(event.nick, Direction::Send, [&](const Entry& e) {
        return e.offer.token == offer.token && e.offer.port == 0 &&
               e.transfer->info().state == TransferState::Waiting;
    });
    if (!entry) {
        problem(event.nick, event.nick + " answered a passive DCC offer that is not waiting");
        return;
    }
    const AddressCheck check = offerAddressAllowed(offer, hostOf(event.target));
    if (!check.allowed()) {
        entry->transfer->fail(dccError(DccErrc::foreignAddress, check.describe(event.nick)));
        return;
    }
    entry->transfer->connectTo(offer.address, offer.port);
}

void DccManager::Impl::onResume(const std::string& nick, const Offer& offer)
{
    // Matched by port (active) or token (passive), never by name: mIRC sends "file.ext".
    Entry* entry = findFor(nick, Direction::Send, [&](const Entry& e) {
        if (e.transfer->info().state != TransferState::Waiting)
            return false;
        if (offer.token)
            return e.offer.token == offer.token;
        return offer.port != 0 && e.offer.port == offer.port;
    });
    if (!entry) {
        problem(nick, nick + " asked to resume a DCC transfer that is not waiting");
        return;
    }
    if (NetError error = entry->transfer->seekSource(offer.position)) {
        problem(nick, nick + " asked to resume " + entry->offer.fileName + ": " + error.describe());
        return;
    }
    Offer accept;
    accept.kind = Kind::Accept;
    accept.fileName = offer.fileName;
    accept.port = offer.port;
    accept.position = offer.position;
    accept.token = offer.token;
    client.sendCtcp(nick, format(accept));
    emit(TransferEvent::Kind::Progress, entry->transfer->info());
}

void DccManager::Impl::onAccept(const std::string& nick, const Offer& offer)
{
    Entry* entry = findFor(nick, Direction::Receive, [&](const Entry& e) {
        if (!e.resumeAsked || e.transfer->info().state != TransferState::Waiting)
            return false;
        if (offer.token)
            return e.offer.token == offer.token;
        return offer.port != 0 && e.offer.port == offer.port;
    });
    if (!entry) {
        problem(nick, nick + " accepted a DCC resume that was not asked for");
        return;
    }
    entry->resumeAsked = false;
    if (offer.position > entry->resumeAt) {
        entry->transfer->fail(
            dccError(DccErrc::badSize, nick + " would resume at " + std::to_string(offer.position) +
                                           ", beyond the " + std::to_string(entry->resumeAt) +
                                           " bytes we have"));
        return;
    }
    NetError ignored;
    begin(*entry, offer.position, &ignored);
}

void DccManager::Impl::onReject(const std::string& nick, const std::string& name)
{
    Entry* entry = findFor(nick, Direction::Send, [&](const Entry& e) {
        return e.offer.fileName == name && e.transfer->info().state == TransferState::Waiting;
    });
    if (entry)
        entry->transfer->fail(dccError(DccErrc::declined, nick + " declined " + name));
}

} // namespace netcore::irc::dcc
