// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for DCC requests (netcore/irc/dcc.h): parse() on any bytes, and what it
// promises besides "no crash, no undefined behaviour": an offer or a named error, never both;
// a parsed offer passes check(), formats to one CTCP body without line breakers and parses back
// to the same offer; safeFileName() of its name (and of the raw input) keeps the rules and is
// idempotent, and uniqueName() keeps a safe name safe; offerAddressAllowed() allows a connect
// only to the sender's own address.

#include "netcore/irc/client.h" // isValidUtf8
#include "netcore/irc/dcc.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace netcore::irc::dcc;

void check(bool ok)
{
    if (!ok)
        std::abort();
}

void checkSafeName(const std::string& name)
{
    check(!name.empty() && name.size() <= kMaxFileNameBytes);
    check(netcore::irc::isValidUtf8(name));
    check(name.find_first_of("/\\<>:\"|?*") == std::string::npos);
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        check(c >= 0x20 && c != 0x7F);
        if (c == 0xC2 && i + 1 < name.size()) {
            const auto next = static_cast<unsigned char>(name[i + 1]);
            check(next < 0x80 || next > 0x9F); // C1 controls
        }
    }
    check(name.front() != ' ' && name.back() != ' ' && name.back() != '.');
    check(name != "." && name != "..");
    check(safeFileName(name) == name);
}

void checkNames(std::string_view peerName)
{
    const std::string safe = safeFileName(peerName);
    checkSafeName(safe);
    // A few names taken: the free one found is safe too, and not taken.
    const auto exists = [&safe](const std::string& name) {
        return name == safe || name.size() % 3 == 0;
    };
    if (const auto free = uniqueName(safe, exists)) {
        checkSafeName(*free);
        check(!exists(*free));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const ParseResult parsed = parse(input);
    check(parsed.offer.has_value() != static_cast<bool>(parsed.error));
    checkNames(input);
    if (!parsed.offer) {
        check(parsed.error.category() == dccCategory());
        check(!parsed.detail.empty());
        return 0;
    }
    const Offer& offer = *parsed.offer;
    check(!netcore::irc::dcc::check(offer));
    const std::string body = format(offer);
    check(body.find_first_of(std::string_view("\0\r\n\x01", 4)) == std::string::npos);
    const ParseResult again = parse(body);
    check(again.offer.has_value());
    check(*again.offer == offer);
    check(format(*again.offer) == body);
    checkNames(offer.fileName);

    // The sender's host: the offer's own address is allowed; a different one is not.
    if (offer.kind == Kind::Send && offer.port != 0) {
        check(offerAddressAllowed(offer, offer.address).allowed());
        check(!offerAddressAllowed(offer, offer.address == "10.9.8.7" ? "10.9.8.6" : "10.9.8.7")
                   .allowed());
        const std::string_view host = input.substr(0, size / 2);
        const AddressCheck c = offerAddressAllowed(offer, host);
        if (c.allowed())
            check(canonicalAddress(offer.address) == c.senderAddress);
    } else {
        check(offerAddressAllowed(offer, "10.9.8.7").allowed());
    }
    return 0;
}
