// SPDX-License-Identifier: GPL-3.0-or-later
// What a peer's file name may become on our disk: a plain name, the same on Linux and Windows
// (a file received on one may be copied to the other), never a path, a device or a name that
// hides what it is; and a free name beside the files already there.

#include "netcore/irc/dcc.h"

#include "netcore/irc/message.h" // utf8Prefix

namespace netcore::irc::dcc {

namespace {

constexpr std::string_view Fallback = "file";
// Longer "extensions" are not kept whole when a name is shortened.
constexpr std::size_t MaxExtensionBytes = 16;

// The length of the valid UTF-8 sequence at bytes[i] and its code point; 0 if none starts
// there (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, cut off).
std::size_t decodeAt(std::string_view bytes, std::size_t i, char32_t* code)
{
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
        *code = c;
        return 1;
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t min = 0;
    if ((c >> 5) == 0x06) {
        length = 2;
        value = c & 0x1F;
        min = 0x80;
    } else if ((c >> 4) == 0x0E) {
        length = 3;
        value = c & 0x0F;
        min = 0x800;
    } else if ((c >> 3) == 0x1E) {
        length = 4;
        value = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (length > bytes.size() - i)
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(bytes[i + k]);
        if ((next & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (next & 0x3F);
    }
    if (value < min || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
        return 0;
    *code = value;
    return length;
}

bool replaced(char32_t c)
{
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) // C0, DEL, C1
        return true;
    switch (c) {
    case '<':
    case '>':
    case ':':
    case '"':
    case '/':
    case '\\':
    case '|':
    case '?':
    case '*':
        return true;
    default:
        break;
    }
    // Bidirectional-text controls: "\u202Etxt.exe" shows as "exe.txt".
    return c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsAscii(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lowerAscii(a[i]) != lowerAscii(b[i]))
            return false;
    }
    return true;
}

// Windows opens a device for these names, whatever the extension ("con.txt") and with spaces
// before it ("con .txt"). COM and LPT take a digit, or a superscript 1-3 (U+00B9, U+00B2,
// U+00B3), as Windows counts those as digits.
bool isDeviceName(std::string_view name)
{
    std::string_view base = name.substr(0, name.find('.'));
    while (!base.empty() && base.back() == ' ')
        base.remove_suffix(1);
    for (const std::string_view device : {"con", "prn", "aux", "nul", "conin$", "conout$"}) {
        if (equalsAscii(base, device))
            return true;
    }
    if (base.size() < 4)
        return false;
    const std::string_view stem = base.substr(0, 3);
    if (!equalsAscii(stem, "com") && !equalsAscii(stem, "lpt"))
        return false;
    const std::string_view number = base.substr(3);
    if (number.size() == 1)
        return number[0] >= '0' && number[0] <= '9';
    return number == "\xC2\xB9" || number == "\xC2\xB2" || number == "\xC2\xB3";
}

void trimEnd(std::string& name)
{
    while (!name.empty() && (name.back() == ' ' || name.back() == '.'))
        name.pop_back();
}

// Where the extension starts ("photo.jpg" -> 5), npos when there is none worth keeping: no
// dot after the first character, or a longer tail than an extension has. With `compound`,
// ".tar.gz" and the like count as one.
std::size_t extensionAt(std::string_view name, bool compound)
{
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || name.size() - dot > MaxExtensionBytes)
        return std::string_view::npos;
    if (compound && dot > 4) {
        const std::size_t tar = dot - 4;
        if (equalsAscii(name.substr(tar, 4), ".tar") && tar > 0)
            return tar;
    }
    return dot;
}

// At most kMaxFileNameBytes bytes, cut at a character boundary, the extension kept.
void shorten(std::string& name)
{
    if (name.size() <= kMaxFileNameBytes)
        return;
    const std::size_t dot = extensionAt(name, false);
    if (dot == std::string::npos) {
        name.resize(utf8Prefix(name, kMaxFileNameBytes).size());
    } else {
        const std::string extension = name.substr(dot);
        const std::string_view stem = std::string_view(name).substr(0, dot);
        name = std::string(utf8Prefix(stem, kMaxFileNameBytes - extension.size())) + extension;
    }
    trimEnd(name);
}

} // namespace

std::string safeFileName(std::string_view peerName)
{
    // The last path component: a peer's name is never a path, on either system.
    if (const std::size_t slash = peerName.find_last_of("/\\"); slash != std::string_view::npos)
        peerName.remove_prefix(slash + 1);

    std::string name;
    name.reserve(peerName.size());
    for (std::size_t i = 0; i < peerName.size();) {
        char32_t code = 0;
        const std::size_t length = decodeAt(peerName, i, &code);
        if (length == 0) {
            name += '_'; // a byte that is not UTF-8
            ++i;
            continue;
        }
        if (replaced(code))
            name += '_';
        else
            name.append(peerName.substr(i, length));
        i += length;
    }

    // Windows drops trailing spaces and dots (so "." and ".." come to nothing); leading spaces
    // hide a name's start.
    const std::size_t start = name.find_first_not_of(' ');
    name.erase(0, start == std::string::npos ? name.size() : start);
    trimEnd(name);
    shorten(name);
    if (name.empty())
        name = Fallback;
    if (isDeviceName(name)) {
        name.insert(0, 1, '_');
        shorten(name); // the '_' stays: no prefix of "_con" is a device
    }
    return name;
}

std::optional<std::string> uniqueName(const std::string& name,
                                      const std::function<bool(const std::string&)>& exists)
{
    if (!exists(name))
        return name;
    const std::size_t dot = extensionAt(name, true);
    const std::string extension = dot == std::string::npos ? std::string() : name.substr(dot);
    const std::string_view stem = std::string_view(name).substr(0, dot);
    for (int n = 1; n <= kMaxUniqueAttempts; ++n) {
        const std::string suffix = " (" + std::to_string(n) + ")";
        const std::size_t room = kMaxFileNameBytes > suffix.size() + extension.size()
                                     ? kMaxFileNameBytes - suffix.size() - extension.size()
                                     : 0;
        std::string candidate(utf8Prefix(stem, room));
        candidate += suffix;
        candidate += extension;
        if (!exists(candidate))
            return candidate;
    }
    return std::nullopt;
}

std::string partName(const std::string& name)
{
    return name + ".part";
}

} // namespace netcore::irc::dcc
