// SPDX-License-Identifier: GPL-3.0-or-later
// The FILEHOST store: files and their metadata on disk, limits, eviction and expiry.

#include "irc/filehost/store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <random>
#include <vector>

namespace netcore::irc::filehost {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPartSuffix = ".part";
constexpr std::string_view kMetaSuffix = ".json";

std::string metaName(const std::string& id)
{
    return id + std::string(kMetaSuffix);
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

NetError fileError(int code, std::string operation, const fs::path& path)
{
    return {makeFileError(code), std::move(operation), path.string()};
}

NetError fileError(const std::error_code& ec, std::string operation, const fs::path& path)
{
    return {ec.category() == std::generic_category() || ec.category() == std::system_category()
                ? makeFileError(ec.value())
                : ec,
            std::move(operation), path.string()};
}

// Writes the metadata to a .part file and renames it into place.
NetError writeMeta(const fs::path& dir, const StoredFile& file)
{
    const nlohmann::json meta = {{"name", file.name},
                                 {"type", file.type},
                                 {"size", file.size},
                                 {"created_ms", file.createdMs},
                                 {"uploader", file.uploader}};
    const fs::path part = dir / (metaName(file.id) + std::string(kPartSuffix));
    const fs::path final = dir / metaName(file.id);
    std::FILE* out = std::fopen(part.string().c_str(), "wb");
    if (!out)
        return fileError(errno, "fopen", part);
    const std::string text = meta.dump() + "\n";
    const bool wrote = std::fwrite(text.data(), 1, text.size(), out) == text.size();
    const int writeErrno = errno;
    const bool closed = std::fclose(out) == 0;
    const int closeErrno = errno;
    if (!wrote || !closed) {
        std::error_code ignored;
        fs::remove(part, ignored);
        return fileError(!wrote ? writeErrno : closeErrno, "write", part);
    }
    std::error_code ec;
    fs::rename(part, final, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(part, ignored);
        return fileError(ec, "rename", part);
    }
    return {};
}

} // namespace

std::int64_t unixMillisNow()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool FileStore::isId(std::string_view text)
{
    return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char ch) {
               return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
           });
}

FileStore::FileStore(fs::path directory, Limits limits, Log log)
    : m_dir(std::move(directory))
    , m_limits(limits)
    , m_log(std::move(log))
{}

FileStore::~FileStore() = default;

NetError FileStore::open()
{
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    if (ec)
        return fileError(ec, "mkdir", m_dir);
    std::vector<fs::path> strays; // unfinished uploads, files without metadata or data
    std::vector<std::string> metas;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (endsWith(name, kPartSuffix)) {
            const std::string base = name.substr(0, name.size() - kPartSuffix.size());
            if (isId(base) || (endsWith(base, kMetaSuffix) &&
                               isId(base.substr(0, base.size() - kMetaSuffix.size()))))
                strays.push_back(it->path());
        } else if (endsWith(name, kMetaSuffix) &&
                   isId(name.substr(0, name.size() - kMetaSuffix.size()))) {
            metas.push_back(name.substr(0, name.size() - kMetaSuffix.size()));
        } else if (isId(name) && !fs::exists(m_dir / metaName(name))) {
            strays.push_back(it->path());
        }
    }
    if (ec)
        return fileError(ec, "readdir", m_dir);
    for (const std::string& id : metas) {
        StoredFile file;
        file.id = id;
        const fs::path data = m_dir / id;
        bool ok = false;
        try {
            std::ifstream in(m_dir / metaName(id));
            const nlohmann::json meta = nlohmann::json::parse(in);
            file.name = meta.at("name").get<std::string>();
            file.type = meta.at("type").get<std::string>();
            file.createdMs = meta.at("created_ms").get<std::int64_t>();
            file.uploader = meta.value("uploader", std::string());
            std::error_code sizeError;
            file.size = fs::file_size(data, sizeError);
            ok = !sizeError && file.size == meta.at("size").get<std::uint64_t>();
        } catch (const std::exception&) {
            ok = false;
        }
        if (!ok) {
            strays.push_back(m_dir / metaName(id));
            strays.push_back(data);
            continue;
        }
        m_bytes += file.size;
        m_files.emplace(id, std::move(file));
    }
    for (const fs::path& stray : strays) {
        std::error_code ignored;
        if (fs::remove(stray, ignored))
            m_log("removed " + stray.filename().string() + " (an unfinished or broken upload)");
    }
    sweep();
    evictFor(0); // the limit may have shrunk since the files came
    return {};
}

std::string FileStore::newId() const
{
    static thread_local std::random_device random;
    static constexpr char digits[] = "0123456789abcdef";
    for (;;) {
        std::string id;
        for (int i = 0; i < 4; ++i) {
            std::uint32_t value = random();
            for (int n = 0; n < 8; ++n, value >>= 4)
                id += digits[value & 0xf];
        }
        if (!m_files.count(id) && !fs::exists(m_dir / (id + std::string(kPartSuffix))))
            return id;
    }
}

std::unique_ptr<FileStore::Upload> FileStore::begin(std::uint64_t size, std::string name,
                                                    std::string type, std::string uploader,
                                                    Refusal* refusal, NetError* error)
{
    *refusal = Refusal::None;
    if (size > m_limits.maxFileBytes || size > m_limits.maxTotalBytes) {
        *refusal = Refusal::TooLarge;
        return nullptr;
    }
    if (m_promised + size > m_limits.maxTotalBytes) {
        *refusal = Refusal::Busy;
        return nullptr;
    }
    StoredFile file;
    file.id = newId();
    file.name = std::move(name);
    file.type = std::move(type);
    file.size = size;
    file.uploader = std::move(uploader);
    const fs::path part = m_dir / (file.id + std::string(kPartSuffix));
    std::FILE* out = std::fopen(part.string().c_str(), "wb");
    if (!out) {
        *refusal = Refusal::Failed;
        *error = fileError(errno, "fopen", part);
        return nullptr;
    }
    // Unbuffered: each piece goes to the file as it comes, and a full disk shows at once.
    std::setvbuf(out, nullptr, _IONBF, 0);
    m_promised += size;
    return std::unique_ptr<Upload>(new Upload(*this, std::move(file), part, out));
}

FileStore::Upload::Upload(FileStore& store, StoredFile file, fs::path part, std::FILE* out)
    : m_store(&store)
    , m_file(std::move(file))
    , m_part(std::move(part))
    , m_out(out)
{}

FileStore::Upload::~Upload()
{
    discard();
}

void FileStore::Upload::discard()
{
    if (m_done)
        return;
    m_done = true;
    m_store->m_promised -= m_file.size;
    if (m_out)
        std::fclose(m_out);
    m_out = nullptr;
    std::error_code ignored;
    fs::remove(m_part, ignored);
}

NetError FileStore::Upload::write(std::string_view data)
{
    if (m_done || !m_out)
        return {makeFileError(EBADF), "write", m_part.string()};
    if (data.size() > m_file.size - m_written)
        return {makeFileError(EFBIG), "write", m_part.string(), "more bytes than announced"};
    errno = 0;
    if (std::fwrite(data.data(), 1, data.size(), m_out) != data.size()) {
        const int code = errno ? errno : EIO;
        discard();
        return {makeFileError(code), "write", m_part.string()};
    }
    m_written += data.size();
    return {};
}

NetError FileStore::commit(Upload& upload, StoredFile* stored)
{
    if (upload.m_done || upload.m_written != upload.m_file.size) {
        upload.discard();
        return {makeFileError(EINVAL), "commit", upload.m_part.string(), "incomplete upload"};
    }
    errno = 0;
    const int closed = std::fclose(upload.m_out);
    upload.m_out = nullptr;
    if (closed != 0) {
        const int code = errno ? errno : EIO;
        upload.discard();
        return {makeFileError(code), "close", upload.m_part.string()};
    }
    StoredFile file = upload.m_file;
    // The space promised to this upload becomes its file's.
    m_promised -= file.size;
    upload.m_done = true;
    evictFor(file.size);
    file.createdMs = unixMillisNow();
    if (NetError e = writeMeta(m_dir, file)) {
        std::error_code ignored;
        fs::remove(upload.m_part, ignored);
        return e;
    }
    std::error_code ec;
    fs::rename(upload.m_part, m_dir / file.id, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(upload.m_part, ignored);
        fs::remove(m_dir / metaName(file.id), ignored);
        return fileError(ec, "rename", upload.m_part);
    }
    m_bytes += file.size;
    *stored = file;
    m_files.emplace(file.id, std::move(file));
    return {};
}

void FileStore::evictFor(std::uint64_t size)
{
    while (!m_files.empty() && m_bytes + m_promised + size > m_limits.maxTotalBytes) {
        auto oldest = std::min_element(m_files.begin(), m_files.end(), [](auto& a, auto& b) {
            return a.second.createdMs < b.second.createdMs;
        });
        remove(oldest->first, "removed to make room");
    }
}

bool FileStore::expired(const StoredFile& file, std::int64_t nowMs) const
{
    return nowMs - file.createdMs >= m_limits.expiry.count();
}

const StoredFile* FileStore::find(const std::string& id)
{
    auto it = m_files.find(id);
    if (it == m_files.end())
        return nullptr;
    if (expired(it->second, unixMillisNow())) {
        remove(id, "expired");
        return nullptr;
    }
    return &it->second;
}

void FileStore::sweep()
{
    const std::int64_t now = unixMillisNow();
    std::vector<std::string> gone;
    for (const auto& [id, file] : m_files) {
        if (expired(file, now))
            gone.push_back(id);
    }
    for (const std::string& id : gone)
        remove(id, "expired");
}

void FileStore::remove(const std::string& id, const std::string& why)
{
    auto it = m_files.find(id);
    if (it == m_files.end())
        return;
    std::error_code ec;
    fs::remove(m_dir / metaName(id), ec);
    fs::remove(m_dir / id, ec);
    m_log("file " + id + (it->second.name.empty() ? "" : " (" + it->second.name + ")") + " " + why +
          (ec ? ": " + fileError(ec, "remove", m_dir / id).describe() : std::string()));
    m_bytes -= it->second.size;
    m_files.erase(it);
}

} // namespace netcore::irc::filehost
