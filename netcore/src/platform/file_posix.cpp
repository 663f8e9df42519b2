// SPDX-License-Identifier: GPL-3.0-or-later
#include "platform/file.h"

#include <cerrno>
#include <cstdio>
#include <unistd.h>

namespace netcore::platform {

std::FILE* openFile(const std::filesystem::path& path, const char* mode)
{
    return std::fopen(path.c_str(), mode);
}

int seekFile(std::FILE* file, std::uint64_t position)
{
    return fseeko(file, static_cast<off_t>(position), SEEK_SET) == 0 ? 0 : errno;
}

int renameNoReplace(const std::filesystem::path& from, const std::filesystem::path& to)
{
    // link() fails with EEXIST when `to` exists, where rename() would replace it.
    if (::link(from.c_str(), to.c_str()) == 0) {
        ::unlink(from.c_str());
        return 0;
    }
    const int error = errno;
    if (error != EPERM && error != ENOTSUP && error != EOPNOTSUPP)
        return error;
    // A file system without hard links (FAT on a USB stick): look, then rename.
    if (::access(to.c_str(), F_OK) == 0)
        return EEXIST;
    return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

} // namespace netcore::platform
