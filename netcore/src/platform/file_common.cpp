// SPDX-License-Identifier: GPL-3.0-or-later
// UTF-8 text and paths (the same code on both systems: std::filesystem converts to wide
// characters on Windows).

#include "platform/file.h"

namespace netcore::platform {

std::filesystem::path utf8Path(std::string_view utf8)
{
    return std::filesystem::path(
        std::u8string(reinterpret_cast<const char8_t*>(utf8.data()), utf8.size()));
}

std::string utf8Text(const std::filesystem::path& path)
{
    const std::u8string text = path.u8string();
    return std::string(reinterpret_cast<const char*>(text.data()), text.size());
}

} // namespace netcore::platform
