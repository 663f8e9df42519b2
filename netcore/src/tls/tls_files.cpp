// SPDX-License-Identifier: GPL-3.0-or-later
// A host's TLS identity on disk: PEM files given by the user, or its own certificate, made on
// the first start and kept beside its other state (the key readable by its owner only).

#include "netcore/tls.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace netcore {

namespace {

namespace fs = std::filesystem;

bool readFile(const fs::path& path, std::string* text)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream all;
    all << in.rdbuf();
    *text = all.str();
    return true;
}

bool writeFile(const fs::path& path, const std::string& text, bool secret)
{
    std::error_code ignored;
    fs::remove(path, ignored);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        return false;
    if (secret) // before the key is written into it
        fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::replace, ignored);
    out << text;
    out.close();
    return static_cast<bool>(out);
}

NetError fileError(const std::string& operation, const fs::path& path)
{
    return {make_error_code(TlsErrc::badCertificate), operation, path.string()};
}

} // namespace

std::optional<TlsIdentity> loadIdentity(const std::string& certificateFile,
                                        const std::string& keyFile, NetError* error)
{
    TlsIdentity identity;
    if (!readFile(certificateFile, &identity.certificatePem)) {
        if (error)
            *error = fileError("read the certificate", certificateFile);
        return std::nullopt;
    }
    if (!readFile(keyFile, &identity.privateKeyPem)) {
        if (error)
            *error = fileError("read the key", keyFile);
        return std::nullopt;
    }
    if (certificateFingerprint(identity.certificatePem).empty()) {
        if (error)
            *error = fileError("read a PEM certificate from", certificateFile);
        return std::nullopt;
    }
    return identity;
}

std::optional<TlsIdentity> loadOrMakeIdentity(const std::string& directory, const std::string& name,
                                              NetError* error, bool* made)
{
    const fs::path dir(directory);
    const fs::path certificate = dir / "tls-certificate.pem";
    const fs::path key = dir / "tls-key.pem";
    if (made)
        *made = false;
    std::error_code exists;
    if (fs::exists(certificate, exists) && fs::exists(key, exists))
        return loadIdentity(certificate.string(), key.string(), error);
    auto identity = makeSelfSignedIdentity(name, error);
    if (!identity)
        return std::nullopt;
    std::error_code ignored;
    fs::create_directories(dir, ignored);
    if (!writeFile(key, identity->privateKeyPem, true) ||
        !writeFile(certificate, identity->certificatePem, false)) {
        if (error)
            *error = fileError("keep the host's certificate in", dir);
        return std::nullopt;
    }
    if (made)
        *made = true;
    return identity;
}

} // namespace netcore
