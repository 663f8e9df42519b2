// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The files FILEHOST keeps, in one directory:
//
//   ID          the file's bytes; ID is 32 hex digits made by the host (a peer's name is data,
//               never a path)
//   ID.json     what is known about it: the uploader's name for it (safeFileName), its type,
//               size, when and from where it came
//   ID.part     an upload being written; renamed to ID only when complete (its ID.json is
//   ID.json.part  written first), removed on any failure, and removed at start-up if left over
//
// Limits: one file's size, the space all files take (the oldest go to make room for a new
// one; space promised to uploads in progress counts), and how long a file is kept. Loop thread
// only, like the FileHost that owns it; files are written as their bytes come, never held in
// memory whole.

#include "netcore/error.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace netcore::irc::filehost {

struct StoredFile
{
    std::string id;
    std::string name; // the uploader's file name, made safe; "" if none was given
    std::string type; // the media type the uploader gave, lower case ("" none)
    std::uint64_t size = 0;
    std::int64_t createdMs = 0; // Unix time in milliseconds
    std::string uploader;       // the IP it came from
};

class FileStore
{
public:
    struct Limits
    {
        std::uint64_t maxFileBytes = 0;
        std::uint64_t maxTotalBytes = 0;
        std::chrono::milliseconds expiry{0};
    };
    using Log = std::function<void(const std::string&)>;

    FileStore(std::filesystem::path directory, Limits limits, Log log);
    ~FileStore();

    // Makes the directory, reads what is there, removes unfinished uploads and what has
    // expired or does not fit.
    NetError open();

    // An upload being written to its .part file; destroyed without commit(), it is removed.
    class Upload
    {
    public:
        ~Upload();
        Upload(const Upload&) = delete;
        Upload& operator=(const Upload&) = delete;
        // Appends; on failure (ENOSPC, say) the error names the errno.
        NetError write(std::string_view data);
        std::uint64_t written() const { return m_written; }
        std::uint64_t expected() const { return m_file.size; }
        const StoredFile& file() const { return m_file; }

    private:
        friend class FileStore;
        Upload(FileStore& store, StoredFile file, std::filesystem::path part, std::FILE* out);
        void discard();

        FileStore* m_store;
        StoredFile m_file;
        std::filesystem::path m_part;
        std::FILE* m_out;
        std::uint64_t m_written = 0;
        bool m_done = false;
    };

    // Why begin() refused.
    enum class Refusal
    {
        None,
        TooLarge, // larger than one file may be, or than all the space (413)
        Busy,     // the space is promised to uploads in progress (503)
        Failed,   // the .part file cannot be made (*error; 507 for ENOSPC, else 500)
    };
    std::unique_ptr<Upload> begin(std::uint64_t size, std::string name, std::string type,
                                  std::string uploader, Refusal* refusal, NetError* error);
    // Completes an upload of all its bytes: makes room (the oldest files go), then renames it
    // into place. On failure the upload is removed and the error says why.
    NetError commit(Upload& upload, StoredFile* stored);

    // The file with this id (nullptr if none; an expired one is removed first).
    const StoredFile* find(const std::string& id);
    std::filesystem::path pathOf(const StoredFile& file) const { return m_dir / file.id; }
    // Removes what has expired.
    void sweep();

    std::size_t count() const { return m_files.size(); }
    std::uint64_t bytes() const { return m_bytes; }
    const Limits& limits() const { return m_limits; }

    static bool isId(std::string_view text);

private:
    void remove(const std::string& id, const std::string& why);
    bool expired(const StoredFile& file, std::int64_t nowMs) const;
    void evictFor(std::uint64_t size);
    std::string newId() const;

    std::filesystem::path m_dir;
    Limits m_limits;
    Log m_log;
    std::map<std::string, StoredFile> m_files;
    std::uint64_t m_bytes = 0;    // of m_files
    std::uint64_t m_promised = 0; // to uploads in progress
};

// Unix time now in milliseconds.
std::int64_t unixMillisNow();

} // namespace netcore::irc::filehost
