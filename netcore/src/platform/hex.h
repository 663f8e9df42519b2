// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Hexadecimal digits for bytes, both ways: the trace's data ("0a1b..."), certificate
// fingerprints ("0A:1B:..."). Header-only, so that a fuzz target compiling a single source
// (presence/datagram.cpp) needs nothing more. Private to netcore.

#include <cstddef>
#include <string>
#include <string_view>

namespace netcore {

// The value of one hexadecimal digit, either case; -1 for anything else.
inline int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

enum class HexCase
{
    Lower,
    Upper,
};

// Two digits a byte, with `separator` between the bytes unless it is '\0'.
inline std::string hexEncode(std::string_view bytes, HexCase letters = HexCase::Lower,
                             char separator = '\0')
{
    const char* digits = letters == HexCase::Upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * (separator ? 3 : 2));
    for (const unsigned char c : bytes) {
        if (separator && !out.empty())
            out += separator;
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

// The bytes of two digits each (either case), with `separator` between them unless it is '\0'.
// False, with *out unspecified, when `hex` is not exactly that.
inline bool hexDecode(std::string_view hex, std::string* out, char separator = '\0')
{
    const std::size_t step = separator ? 3 : 2;
    if (separator ? !hex.empty() && (hex.size() + 1) % step != 0 : hex.size() % step != 0)
        return false;
    out->clear();
    for (std::size_t i = 0; i < hex.size(); i += step) {
        const int high = hexValue(hex[i]);
        const int low = hexValue(hex[i + 1]);
        if (high < 0 || low < 0 || (separator && i + 2 < hex.size() && hex[i + 2] != separator))
            return false;
        out->push_back(static_cast<char>(high * 16 + low));
    }
    return true;
}

} // namespace netcore
