// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the DCC files share: a peer's text as an error message shows it.

#include <string>
#include <string_view>

namespace netcore::irc::dcc {

// A peer's field in an error text: in quotes, short, and without control characters.
inline std::string quoted(std::string_view field)
{
    constexpr std::size_t MaxShown = 40;
    std::string out = "\"";
    for (std::size_t i = 0; i < field.size() && i < MaxShown; ++i) {
        const auto c = static_cast<unsigned char>(field[i]);
        out += c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c);
    }
    if (field.size() > MaxShown)
        out += "...";
    out += '"';
    return out;
}

} // namespace netcore::irc::dcc
