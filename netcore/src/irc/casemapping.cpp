// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/irc/casemapping.h"

namespace netcore::irc {

CaseMapping parseCaseMapping(std::string_view value)
{
    if (value == "ascii")
        return CaseMapping::Ascii;
    if (value == "strict-rfc1459")
        return CaseMapping::StrictRfc1459;
    return CaseMapping::Rfc1459;
}

const char* caseMappingName(CaseMapping mapping)
{
    switch (mapping) {
    case CaseMapping::Ascii:
        return "ascii";
    case CaseMapping::Rfc1459:
        return "rfc1459";
    case CaseMapping::StrictRfc1459:
        return "strict-rfc1459";
    }
    return "rfc1459";
}

char foldChar(char c, CaseMapping mapping)
{
    if (c >= 'A' && c <= 'Z')
        return static_cast<char>(c - 'A' + 'a');
    if (mapping == CaseMapping::Ascii)
        return c;
    switch (c) {
    case '[':
        return '{';
    case ']':
        return '}';
    case '\\':
        return '|';
    case '~':
        return mapping == CaseMapping::Rfc1459 ? '^' : c;
    default:
        return c;
    }
}

std::string foldCase(std::string_view text, CaseMapping mapping)
{
    std::string out(text);
    for (char& c : out)
        c = foldChar(c, mapping);
    return out;
}

bool equalsFolded(std::string_view a, std::string_view b, CaseMapping mapping)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (foldChar(a[i], mapping) != foldChar(b[i], mapping))
            return false;
    }
    return true;
}

} // namespace netcore::irc
