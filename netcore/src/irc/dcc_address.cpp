// SPDX-License-Identifier: GPL-3.0-or-later
// Where a DCC offer may make us connect: only to its sender's own address (netcore/irc/dcc.h).
// Addresses are compared parsed, by SocketAddress, never as the text a peer wrote.

#include "netcore/irc/dcc.h"

#include "irc/dcc_text.h"

#include "netcore/address.h"

namespace netcore::irc::dcc {

namespace {} // namespace

std::string canonicalAddress(std::string_view ip)
{
    // fromNumeric reads a C string: a NUL inside would cut the text short.
    if (ip.empty() || ip.find('\0') != std::string_view::npos)
        return {};
    bool ok = false;
    const SocketAddress address = SocketAddress::fromNumeric(ip, 0, &ok);
    return ok ? address.ip() : std::string();
}

AddressCheck offerAddressAllowed(const Offer& offer, std::string_view senderHost)
{
    AddressCheck result;
    if (offer.kind != Kind::Send) {
        result.verdict = AddressVerdict::NoAddress;
        return result;
    }
    result.offerAddress = canonicalAddress(offer.address);
    if (result.offerAddress.empty())
        result.offerAddress = offer.address;
    if (offer.port == 0) {
        result.verdict = AddressVerdict::Passive;
        return result;
    }
    std::string_view host = senderHost;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    if (const std::size_t zone = host.find('%');
        zone != std::string_view::npos && host.find(':') != std::string_view::npos)
        host = host.substr(0, zone);
    result.senderAddress = canonicalAddress(host);
    if (result.senderAddress.empty()) {
        result.senderAddress.assign(senderHost);
        result.verdict = AddressVerdict::UnknownSender;
        return result;
    }
    const bool same = !result.offerAddress.empty() &&
                      canonicalAddress(result.offerAddress) == result.senderAddress;
    result.verdict = same ? AddressVerdict::SameAddress : AddressVerdict::ForeignAddress;
    return result;
}

std::string AddressCheck::describe(std::string_view nick) const
{
    const std::string who(nick);
    switch (verdict) {
    case AddressVerdict::SameAddress:
        return "the offer points to " + offerAddress + ", " + who + "'s address";
    case AddressVerdict::Passive:
        return "a passive offer: " + who + " connects to us";
    case AddressVerdict::NoAddress:
        return "the request carries no address";
    case AddressVerdict::ForeignAddress:
        return "the offer points to " + offerAddress + ", but " + who + "'s address is " +
               senderAddress;
    case AddressVerdict::UnknownSender:
        return "the offer points to " + offerAddress + ", but " + who +
               "'s address is not known (the host shows " + quoted(senderAddress) + ")";
    }
    return {};
}

} // namespace netcore::irc::dcc
