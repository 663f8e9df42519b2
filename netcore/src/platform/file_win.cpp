// SPDX-License-Identifier: GPL-3.0-or-later
#include "platform/file.h"

#include <cerrno>
#include <cstdio>
#include <windows.h>

namespace netcore::platform {

std::FILE* openFile(const std::filesystem::path& path, const char* mode)
{
    std::wstring wideMode;
    for (const char* c = mode; *c; ++c)
        wideMode += static_cast<wchar_t>(*c);
    return _wfopen(path.c_str(), wideMode.c_str());
}

int seekFile(std::FILE* file, std::uint64_t position)
{
    return _fseeki64(file, static_cast<__int64>(position), SEEK_SET) == 0 ? 0 : errno;
}

int renameNoReplace(const std::filesystem::path& from, const std::filesystem::path& to)
{
    // Without MOVEFILE_REPLACE_EXISTING an existing `to` is an error.
    if (MoveFileExW(from.c_str(), to.c_str(), 0))
        return 0;
    switch (GetLastError()) {
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
        return EEXIST;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
        return EACCES;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return ENOSPC;
    default:
        return EIO;
    }
}

} // namespace netcore::platform
