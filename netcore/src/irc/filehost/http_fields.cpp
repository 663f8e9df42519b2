// SPDX-License-Identifier: GPL-3.0-or-later
#include "irc/filehost/http_fields.h"

#include <algorithm>
#include <cctype>

namespace netcore::irc::filehost {

const std::string* findField(const HttpFields& fields, std::string_view name)
{
    for (const auto& [field, value] : fields) {
        if (field == name)
            return &value;
    }
    return nullptr;
}

void FieldCollector::name(std::string_view piece)
{
    if (m_inValue) { // a new field begins
        m_inValue = false;
        m_name.clear();
    }
    m_name.append(piece);
}

bool FieldCollector::value(HttpFields& fields, std::string_view piece, std::size_t maxFields)
{
    if (!m_inValue) {
        if (fields.size() >= maxFields)
            return false;
        m_inValue = true;
        std::string lower = m_name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        fields.emplace_back(std::move(lower), std::string());
    }
    fields.back().second.append(piece);
    return true;
}

void FieldCollector::reset()
{
    m_name.clear();
    m_inValue = false;
}

} // namespace netcore::irc::filehost
