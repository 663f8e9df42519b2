// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Files by UTF-8 name on both systems (Windows' narrow fopen would read the name in the ANSI
// code page): opening with the C runtime, and renaming without replacing. Errors are errno
// values for netcore::makeFileError(). Implemented in file_posix.cpp and file_win.cpp.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace netcore::platform {

// A path from UTF-8 text, and back.
std::filesystem::path utf8Path(std::string_view utf8);
std::string utf8Text(const std::filesystem::path& path);

// fopen by path; nullptr with errno set on failure. `mode` as fopen's ("rb", "wb", "ab").
std::FILE* openFile(const std::filesystem::path& path, const char* mode);

// Moves to byte `position` (64-bit: files past 4 GiB). 0 or an errno value.
int seekFile(std::FILE* file, std::uint64_t position);

// Renames `from` to `to` unless `to` exists (then EEXIST). 0 or an errno value.
int renameNoReplace(const std::filesystem::path& from, const std::filesystem::path& to);

} // namespace netcore::platform
