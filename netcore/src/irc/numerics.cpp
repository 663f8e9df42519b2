// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/irc/numerics.h"

namespace netcore::irc {

std::string numericCode(int numeric)
{
    if (numeric < 0 || numeric > 999)
        return "000";
    const char digits[4] = {static_cast<char>('0' + numeric / 100),
                            static_cast<char>('0' + numeric / 10 % 10),
                            static_cast<char>('0' + numeric % 10), 0};
    return digits;
}

int parseNumeric(std::string_view command)
{
    if (command.size() != 3)
        return 0;
    int value = 0;
    for (const char c : command) {
        if (c < '0' || c > '9')
            return 0;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace netcore::irc
