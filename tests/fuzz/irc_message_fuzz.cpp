// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the IRC codec: framing (split at a point the input chooses), parsing,
// formatting and the limits. Besides "no crash, no undefined behaviour" it checks what the
// codec promises: a formatted message is exactly one line, parses back with the same command,
// and formatLimited() keeps to its limit.

#include "netcore/irc/message.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

void roundTrip(std::string_view line)
{
    using namespace netcore::irc;
    const ParseResult parsed = parse(line);
    check(parsed.message.has_value() == (parsed.error == ParseError::None));
    if (!parsed.message)
        return;
    const Message& message = *parsed.message;
    const std::string wire = format(message);
    check(wire.size() >= 2 && wire.compare(wire.size() - 2, 2, "\r\n") == 0);
    check(wire.find('\n') == wire.size() - 1);
    check(wire.find('\0') == std::string::npos);
    const ParseResult again = parse(std::string_view(wire).substr(0, wire.size() - 2));
    check(again.message.has_value());
    check(again.message->command == message.command);

    const std::string limited = formatLimited(message, 512);
    const auto space = limited.front() == '@' ? limited.find(' ') + 1 : 0;
    check(limited.size() - space <= 512);
    check(limited.find('\n') == limited.size() - 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace netcore::irc;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t cut = size ? data[0] % (size + 1) : 0;

    LineReader reader;
    for (const std::string_view part : {input.substr(0, cut), input.substr(cut)}) {
        reader.feed(part);
        while (const auto line = reader.next()) {
            check(line->text.find('\n') == std::string_view::npos);
            roundTrip(line->text);
        }
    }
    roundTrip(input);
    (void)unescapeTagValue(input);
    check(utf8Prefix(input, size / 2).size() <= size / 2);
    return 0;
}
