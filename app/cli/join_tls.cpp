// SPDX-License-Identifier: GPL-3.0-or-later
#include "join_tls.h"

#include "netcore/tls.h"

#include <fstream>
#include <sstream>

namespace cli {

KnownHosts::KnownHosts(std::filesystem::path file)
    : m_file(std::move(file))
{
    std::ifstream in(m_file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream words(line);
        std::string address, fingerprint;
        words >> address >> fingerprint;
        const std::string normal = netcore::normalizeFingerprint(fingerprint);
        if (!normal.empty())
            m_known[address] = normal;
    }
}

std::string KnownHosts::find(const std::string& address) const
{
    const auto it = m_known.find(address);
    return it == m_known.end() ? std::string() : it->second;
}

bool KnownHosts::remember(const std::string& address, const std::string& fingerprint,
                          std::string* error)
{
    m_known[address] = fingerprint;
    std::error_code ignored;
    std::filesystem::create_directories(m_file.parent_path(), ignored);
    std::ofstream out(m_file, std::ios::trunc);
    out << "# TLS certificates lanchat-cli join accepted on first use: HOST:PORT SHA-256\n";
    for (const auto& [where, print] : m_known)
        out << where << ' ' << print << '\n';
    out.close();
    if (!out) {
        *error = "cannot write " + m_file.string();
        return false;
    }
    return true;
}

std::string withoutScheme(const std::string& target, bool* tls)
{
    for (const auto& [scheme, secure] : {std::pair{"ircs://", true}, std::pair{"irc://", false}}) {
        const std::string prefix = scheme;
        if (target.rfind(prefix, 0) == 0) {
            *tls = *tls || secure;
            std::string rest = target.substr(prefix.size());
            return rest.substr(0, rest.find('/')); // "ircs://host:6697/#room": the host part
        }
    }
    return target;
}

TlsChoice configureTls(const JoinOptions& options, const KnownHosts& known,
                       netcore::irc::ClientConfig* config)
{
    TlsChoice choice;
    config->tls = options.tls;
    if (!options.tls)
        return choice;
    choice.address = config->host + ":" + std::to_string(config->port);
    choice.remembered = known.find(choice.address);
    if (!options.tlsFingerprint.empty()) {
        config->tlsOptions.pinnedFingerprint = options.tlsFingerprint;
    } else if (!choice.remembered.empty()) {
        config->tlsOptions.pinnedFingerprint = choice.remembered;
    } else if (options.tlsTrustOnFirstUse) {
        config->tlsOptions.trustOnFirstUse = true;
        choice.firstUse = true;
    }
    return choice;
}

std::vector<std::string> tlsAdvice(const netcore::NetError& error,
                                   const std::optional<netcore::TlsInfo>& info,
                                   const TlsChoice& choice, const KnownHosts& known)
{
    const std::string fingerprint = info ? info->fingerprint : std::string();
    if (error.code == make_error_code(netcore::TlsErrc::unknownCertificate))
        return {"lanchat-cli: the host's certificate is not vouched for by this system; its "
                "SHA-256 fingerprint is " +
                    fingerprint,
                "lanchat-cli: check it with the host (lanchat-cli host prints it; the window "
                "shows it), then join again with --tls-fingerprint " +
                    fingerprint + " (or --tls-trust-on-first-use to accept it and remember it)"};
    if (error.code == make_error_code(netcore::TlsErrc::fingerprintChanged)) {
        // Remembered from before: it changed. Given on the command line: it does not match
        // (nothing says the host ever had the other one).
        std::vector<std::string> lines = {
            choice.remembered.empty()
                ? "lanchat-cli: WARNING: the host's certificate is " + fingerprint +
                      ", not the one given with --tls-fingerprint"
                : "lanchat-cli: WARNING: the host's certificate has changed: it is now " +
                      fingerprint + ", not the one remembered for " + choice.address};
        lines.push_back("lanchat-cli: someone may be pretending to be the host; if the host "
                        "really made a new certificate, accept it deliberately with "
                        "--tls-fingerprint " +
                        fingerprint +
                        (choice.remembered.empty() ? std::string()
                                                   : " (or remove the line for " + choice.address +
                                                         " from " + known.file().string() + ")"));
        return lines;
    }
    return {};
}

} // namespace cli
