// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the presence datagram (netcore/src/presence/datagram.cpp): strict
// decoding of whatever arrives at the presence port. Besides "no crash, no undefined behaviour"
// it checks what the format promises:
//   - a datagram decode() accepts encodes back to the bytes it came from (less any extensions
//     of unknown types, which are skipped), and decodes again to an equal Datagram;
//   - a rejected one says why, with a reason decode() can give (never "own"/"rate limited");
//   - encode() of any Datagram (fields taken from the input) is at most 158 bytes, never cuts
//     a UTF-8 character in two, and what decode() makes of it round-trips the same way;
//   - parseMode() never yields an empty list item or one with a separator in it.

#include "netcore/irc/client.h" // isValidUtf8
#include "netcore/presence.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace netcore::presence;

void check(bool ok)
{
    if (!ok)
        std::abort();
}

void checkDecode(std::string_view bytes)
{
    DropReason why = DropReason::Own;
    const auto d = decode(bytes, &why);
    if (!d) {
        check(why != DropReason::Own && why != DropReason::RateLimited);
        return;
    }
    check(bytes.size() <= MaxDatagram);
    // Encoded again: the same bytes up to the end of the chat field, then the TLS extension if
    // there was one; extensions of unknown types are skipped by decode() (later versions may
    // add some), so they are all the slack there may be.
    const std::string again = encode(*d);
    const std::size_t base = 30 + d->name.size() + d->chat.size();
    check(again.size() == base + (d->tlsPort != 0 ? 36 : 0) && again.size() <= bytes.size());
    check(std::string_view(again).substr(0, base) == bytes.substr(0, base));
    const auto back = decode(again);
    check(back.has_value() && *back == *d);
    check(d->instance != 0 && d->name.size() <= MaxText && d->chat.size() <= MaxText);
}

// A Datagram with every field taken from the input, names included (any length, any bytes).
Datagram fromBytes(std::string_view in)
{
    auto take = [&in](std::size_t n) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n && !in.empty(); ++i) {
            v = (v << 8) | static_cast<unsigned char>(in.front());
            in.remove_prefix(1);
        }
        return v;
    };
    Datagram d;
    d.type = static_cast<Type>(take(1) % 6);
    d.role = static_cast<Role>(take(1) % 3);
    d.status = static_cast<Status>(take(1) % 2);
    d.instance = take(8);
    d.intervalDs = static_cast<std::uint16_t>(take(2));
    d.token = static_cast<std::uint32_t>(take(4));
    d.tcpPort = static_cast<std::uint16_t>(take(2));
    d.users = static_cast<std::uint16_t>(take(2));
    d.rooms = static_cast<std::uint16_t>(take(2));
    const std::size_t split = in.empty() ? 0 : static_cast<unsigned char>(in.front()) % in.size();
    d.name = std::string(in.substr(0, split));
    d.chat = std::string(in.substr(split));
    return d;
}

void checkEncode(std::string_view input)
{
    const Datagram d = fromBytes(input);
    const std::string bytes = encode(d);
    check(bytes.size() >= 30 && bytes.size() <= 30 + 2 * MaxText);
    const std::size_t nameLength = static_cast<unsigned char>(bytes[28]);
    const std::size_t chatLength = static_cast<unsigned char>(bytes[29 + nameLength]);
    check(nameLength <= MaxText && chatLength <= MaxText);
    check(bytes.size() == 30 + nameLength + chatLength);
    const std::string_view name = std::string_view(bytes).substr(29, nameLength);
    const std::string_view chat = std::string_view(bytes).substr(30 + nameLength, chatLength);
    // Text is cut (to 64 bytes), never changed, and never inside a character.
    check(d.name.compare(0, name.size(), name) == 0 && d.chat.compare(0, chat.size(), chat) == 0);
    if (netcore::irc::isValidUtf8(d.name))
        check(netcore::irc::isValidUtf8(name));
    if (netcore::irc::isValidUtf8(d.chat))
        check(netcore::irc::isValidUtf8(chat));
    checkDecode(bytes);
}

void checkMode(std::string_view text)
{
    std::string error;
    const auto mode = parseMode(text, &error);
    if (!mode) {
        check(!error.empty());
        return;
    }
    if (mode->kind != Mode::Kind::List)
        return;
    check(!mode->items.empty());
    for (const auto& item : mode->items)
        check(!item.empty() && item.find_first_of(", \t/") == std::string::npos);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    checkDecode(input);
    checkEncode(input);
    checkMode(input.substr(0, 256));
    return 0;
}
