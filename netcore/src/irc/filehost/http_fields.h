// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The header fields of an HTTP message as http-parser hands them over: a name and a value each
// in one or more pieces. Shared by the host's request parser (request.cpp) and the client's
// response parser (client_response.cpp).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netcore::irc::filehost {

using HttpFields = std::vector<std::pair<std::string, std::string>>; // names in lower case

// The first field of that name (lower case), or nullptr.
const std::string* findField(const HttpFields& fields, std::string_view name);

class FieldCollector
{
public:
    // A piece of a field's name (on_header_field).
    void name(std::string_view piece);
    // A piece of its value (on_header_value), appended to `fields`; false when it would start
    // a field beyond `maxFields` (nothing is added then).
    bool value(HttpFields& fields, std::string_view piece, std::size_t maxFields);
    void reset();

private:
    std::string m_name;
    bool m_inValue = false;
};

} // namespace netcore::irc::filehost
