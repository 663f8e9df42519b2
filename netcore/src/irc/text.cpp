// SPDX-License-Identifier: GPL-3.0-or-later
// Text helpers of the client engine: UTF-8 validation, the Windows-1252 fallback, and splitting
// long text below the line limit.

#include "netcore/irc/client.h"
#include "netcore/irc/message.h"

#include <array>
#include <cctype>
#include <cstdint>

namespace netcore::irc {

namespace {

void appendUtf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Windows-1252's 0x80-0x9F; the five bytes it leaves undefined map to the C1 controls, as
// Latin-1 has them (and as browsers decode them).
constexpr std::array<char32_t, 32> Cp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

} // namespace

namespace {

// The length of the valid UTF-8 sequence that starts at bytes[i]; 0 if none does.
std::size_t utf8SequenceAt(std::string_view bytes, std::size_t i)
{
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80)
        return 1;
    std::size_t length = 0;
    char32_t code = 0;
    char32_t min = 0;
    if ((c >> 5) == 0x06) {
        length = 2;
        code = c & 0x1F;
        min = 0x80;
    } else if ((c >> 4) == 0x0E) {
        length = 3;
        code = c & 0x0F;
        min = 0x800;
    } else if ((c >> 3) == 0x1E) {
        length = 4;
        code = c & 0x07;
        min = 0x10000;
    } else {
        return 0; // a continuation byte first, or 0xF8-0xFF
    }
    if (i + length > bytes.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(bytes[i + k]);
        if ((next & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points beyond Unicode are not UTF-8.
    if (code < min || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
        return 0;
    return length;
}

} // namespace

bool isValidUtf8(std::string_view bytes)
{
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t length = utf8SequenceAt(bytes, i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

std::string decodeText(std::string_view bytes)
{
    if (isValidUtf8(bytes))
        return std::string(bytes);
    // UTF-8 where it is UTF-8, Windows-1252 for each byte that is not part of a sequence: a
    // line that mixes both (a client that pasted Latin-1 into UTF-8) keeps its UTF-8 intact.
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::size_t i = 0; i < bytes.size();) {
        if (const std::size_t length = utf8SequenceAt(bytes, i); length > 0) {
            out.append(bytes.substr(i, length));
            i += length;
            continue;
        }
        const auto c = static_cast<unsigned char>(bytes[i++]);
        if (c >= 0x80 && c < 0xA0)
            appendUtf8(out, Cp1252High[c - 0x80]);
        else
            appendUtf8(out, c); // Latin-1 0xA0-0xFF is U+00A0-U+00FF
    }
    return out;
}

std::vector<std::string> splitText(std::string_view text, std::size_t maxBytes)
{
    if (maxBytes < 4)
        maxBytes = 4; // room for any one UTF-8 character
    std::vector<std::string> pieces;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        while (line.size() > maxBytes) {
            std::string_view piece = utf8Prefix(line, maxBytes);
            std::size_t skip = 0;
            const std::size_t space = piece.rfind(' ');
            if (space != std::string_view::npos && space >= piece.size() / 2 && space > 0) {
                piece = piece.substr(0, space);
                skip = 1;
            }
            pieces.emplace_back(piece);
            line.remove_prefix(piece.size() + skip);
        }
        if (!line.empty())
            pieces.emplace_back(line);
    }
    return pieces;
}

std::string displayText(std::string_view text)
{
    const auto digitAt = [&](std::size_t at) {
        return at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]));
    };
    static const std::string Replacement = "\xEF\xBF\xBD"; // U+FFFD
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
        case 0x02: // bold
        case 0x0F: // reset
        case 0x11: // monospace
        case 0x16: // reverse
        case 0x1D: // italics
        case 0x1E: // strike-through
        case 0x1F: // underline
            continue;
        case 0x03: // colour: ^C[fg[,bg]] with up to two digits each
            for (int digits = 0; digits < 2 && digitAt(i + 1); ++digits)
                ++i;
            if (i + 1 < text.size() && text[i + 1] == ',' && digitAt(i + 2)) {
                i += 2;
                if (digitAt(i + 1))
                    ++i;
            }
            continue;
        case '\t':
            out += ' ';
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == 0x7F) {
            out += Replacement;
        } else if (c == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            out += Replacement; // a C1 control (0x9B is CSI to some terminals)
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

} // namespace netcore::irc
