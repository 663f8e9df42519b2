// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one rule for telling two nicks or two room names apart: the server's CASEMAPPING
// (ISUPPORT). A LanChat host says `ascii`; many servers say `rfc1459`, where []\~ are the upper
// case of {}|^. The host, the client engine, the bridge and the chat history all fold with
// this, so "#Lan", "#lan" and "#LAN" are one room everywhere from the socket to the screen.
//
//   ascii           A-Z -> a-z
//   rfc1459         A-Z -> a-z, [ -> {, ] -> }, \ -> |, ~ -> ^
//   strict-rfc1459  as rfc1459 without ~ -> ^
//
// Bytes outside ASCII are left alone (no server folds them the same way).

#include <string>
#include <string_view>

namespace netcore::irc {

enum class CaseMapping
{
    Ascii,
    Rfc1459,
    StrictRfc1459,
};

// From ISUPPORT's CASEMAPPING value; unknown values (and none) are rfc1459, the IRC default.
CaseMapping parseCaseMapping(std::string_view value);
const char* caseMappingName(CaseMapping mapping);

char foldChar(char c, CaseMapping mapping);
std::string foldCase(std::string_view text, CaseMapping mapping = CaseMapping::Ascii);
bool equalsFolded(std::string_view a, std::string_view b, CaseMapping mapping = CaseMapping::Ascii);

} // namespace netcore::irc
