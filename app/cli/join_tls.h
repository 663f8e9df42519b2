// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// lanchat-cli join's TLS: ircs:// and --tls, the fingerprint pinned (--tls-fingerprint) or
// accepted on first use (--tls-trust-on-first-use) and then remembered per address in the
// state folder, and what to tell the user when a certificate is refused.

#include "join_command.h"

#include "netcore/irc/client.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cli {

// The fingerprints accepted on first use: one line an address, "HOST:PORT FINGERPRINT".
class KnownHosts
{
public:
    explicit KnownHosts(std::filesystem::path file);
    const std::filesystem::path& file() const { return m_file; }
    // "" when none is known for `address`.
    std::string find(const std::string& address) const;
    bool remember(const std::string& address, const std::string& fingerprint, std::string* error);

private:
    std::filesystem::path m_file;
    std::map<std::string, std::string> m_known;
};

// How the connection's TLS was set up.
struct TlsChoice
{
    std::string address;    // "host:port", the key in KnownHosts
    std::string remembered; // the fingerprint known for it ("" none)
    bool firstUse = false;  // accepting any certificate, to remember it
};

// "ircs://host:6697" -> tls, "host:6697"; "irc://host" -> "host"; else as it is.
std::string withoutScheme(const std::string& target, bool* tls);

// Sets config->tls and config->tlsOptions as the options say.
TlsChoice configureTls(const JoinOptions& options, const KnownHosts& known,
                       netcore::irc::ClientConfig* config);

// What the console says when the session ended on a refused certificate ("" lines: nothing).
std::vector<std::string> tlsAdvice(const netcore::NetError& error,
                                   const std::optional<netcore::TlsInfo>& info,
                                   const TlsChoice& choice, const KnownHosts& known);

} // namespace cli
