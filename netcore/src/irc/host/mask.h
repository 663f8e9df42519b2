// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Ban masks ("nick!user@host" with wildcards), as IRC servers match them: '*' stands for any run
// of characters (none included), '?' for exactly one; letters compare by the host's case
// mapping. No escapes: a mask cannot ask for a literal '*' or '?'.

#include "netcore/irc/casemapping.h"

#include <string_view>

namespace netcore::irc::hostimpl {

bool maskMatches(std::string_view mask, std::string_view text, CaseMapping mapping);

} // namespace netcore::irc::hostimpl
