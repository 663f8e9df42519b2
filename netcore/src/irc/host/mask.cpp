// SPDX-License-Identifier: GPL-3.0-or-later
#include "irc/host/mask.h"

namespace netcore::irc::hostimpl {

bool maskMatches(std::string_view mask, std::string_view text, CaseMapping mapping)
{
    // Greedy with backtracking to the last '*': linear in practice, never exponential.
    std::size_t m = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (m < mask.size() &&
            (mask[m] == '?' || foldChar(mask[m], mapping) == foldChar(text[t], mapping))) {
            ++m;
            ++t;
        } else if (m < mask.size() && mask[m] == '*') {
            star = m++;
            mark = t;
        } else if (star != std::string_view::npos) {
            m = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (m < mask.size() && mask[m] == '*')
        ++m;
    return m == mask.size();
}

} // namespace netcore::irc::hostimpl
