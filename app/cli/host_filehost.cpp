// SPDX-License-Identifier: GPL-3.0-or-later
#include "host_filehost.h"

#include "netcore/event_loop.h"
#include "netcore/interfaces.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <utility>

namespace {

constexpr std::uint64_t MiB = 1024 * 1024;

// "N" (0..65535) or "off"; nullopt for off, false for anything else.
bool parsePort(const std::string& text, const char* what, std::optional<std::uint16_t>* port,
               std::string* error)
{
    if (text == "off") {
        port->reset();
        return true;
    }
    char* end = nullptr;
    const unsigned long value = std::strtoul(text.c_str(), &end, 10);
    if (text.empty() || *end || value > 65535) {
        *error = std::string(what) + " wants 0..65535 or off, not \"" + text + "\"";
        return false;
    }
    *port = static_cast<std::uint16_t>(value);
    return true;
}

// The address clients reach the host at: the bound address, or for every interface the first
// up, non-loopback IPv4 address (the one presence announces from), else loopback.

} // namespace

void addFileHostOptions(CLI::App* host, FileHostOptions* options)
{
    host->add_option("--filehost-port", options->port,
                     "HTTP port where chat members upload files and get links to post "
                     "(IRCv3 FILEHOST; default off; 0 = any free port)");
    host->add_option("--filehost-tls-port", options->tlsPort,
                     "HTTPS port for the same, with the host's TLS certificate (default off)");
    host->add_option("--filehost-dir", options->dir,
                     "where uploaded files are kept (default: the state folder's files/)");
    host->add_option("--filehost-url", options->url,
                     "the address in the links, e.g. http://chat.lan:8080 (default: this "
                     "machine's LAN address and the port)");
    host->add_option("--filehost-max-file-mb", options->maxFileMb,
                     "largest file taken, in MiB (default 25)")
        ->check(CLI::Range(0.0, 1e6));
    host->add_option("--filehost-max-total-mb", options->maxTotalMb,
                     "space for all files, in MiB; the oldest go first (default 500)")
        ->check(CLI::Range(0.0, 1e7));
    host->add_option("--filehost-expiry-days", options->expiryDays,
                     "how long a file is kept, in days (default 7)")
        ->check(CLI::Range(0.0, 36500.0));
}

bool applyFileHostConfig(const toml::table& table, FileHostOptions* options, std::string* error)
{
    auto port = [&](const char* key, std::optional<std::string>* out) {
        if (out->has_value())
            return;
        if (auto v = table[key].value<std::int64_t>())
            *out = std::to_string(*v);
        else if (auto s = table[key].value<std::string>())
            *out = *s;
    };
    port("filehost_port", &options->port);
    port("filehost_tls_port", &options->tlsPort);
    if (auto v = table["filehost_dir"].value<std::string>(); v && !options->dir)
        options->dir = *v;
    if (auto v = table["filehost_url"].value<std::string>(); v && !options->url)
        options->url = *v;
    auto number = [&](const char* key, std::optional<double>* out) {
        if (out->has_value())
            return true;
        if (auto v = table[key].value<double>()) {
            if (*v < 0) {
                *error = std::string(key) + " must not be negative";
                return false;
            }
            *out = *v;
        }
        return true;
    };
    return number("filehost_max_file_mb", &options->maxFileMb) &&
           number("filehost_max_total_mb", &options->maxTotalMb) &&
           number("filehost_expiry_days", &options->expiryDays);
}

bool fileHostWanted(const FileHostOptions& options)
{
    return (options.port && *options.port != "off") ||
           (options.tlsPort && *options.tlsPort != "off");
}

std::unique_ptr<netcore::irc::FileHost> startFileHost(netcore::EventLoop& loop,
                                                      const FileHostSetup& setup,
                                                      netcore::irc::HostConfig* config,
                                                      std::string* summary, std::string* error)
{
    const FileHostOptions& options = setup.options;
    std::optional<std::uint16_t> port;
    std::optional<std::uint16_t> tlsPort;
    if ((options.port && !parsePort(*options.port, "--filehost-port", &port, error)) ||
        (options.tlsPort && !parsePort(*options.tlsPort, "--filehost-tls-port", &tlsPort, error)))
        return nullptr;
    if (!port && !tlsPort)
        return nullptr;
    if (!netcore::irc::fileHostAvailable()) {
        *error = "this build has no file host (FILEHOST needs http-parser, which the Windows "
                 "build lacks): leave out --filehost-port";
        return nullptr;
    }
    if (tlsPort && !setup.tlsIdentity) {
        *error = "--filehost-tls-port needs the host's TLS (it uses the host's certificate)";
        return nullptr;
    }
    netcore::irc::FileHostConfig files;
    files.directory = options.dir ? *options.dir : (setup.stateDir / "files").string();
    files.password = config->password;
    for (const auto& oper : config->operators)
        files.operators.push_back({oper.name, oper.password});
    if (options.maxFileMb)
        files.maxFileBytes = static_cast<std::uint64_t>(*options.maxFileMb * MiB);
    if (options.maxTotalMb)
        files.maxTotalBytes = static_cast<std::uint64_t>(*options.maxTotalMb * MiB);
    if (options.expiryDays)
        files.expiry = std::chrono::seconds(static_cast<long long>(*options.expiryDays * 86400));

    netcore::ListenOptions listen;
    listen.host = setup.bind.value_or(std::string());
    std::optional<netcore::ListenOptions> plain;
    if (port) {
        plain = listen;
        plain->port = *port;
    }
    std::optional<netcore::irc::FileHost::TlsListen> tls;
    if (tlsPort) {
        tls = netcore::irc::FileHost::TlsListen{listen, *setup.tlsIdentity, nullptr};
        tls->listen.port = *tlsPort;
    }
    // The links' address: given, or this machine's as clients reach it. With port 0 the port
    // is known only once listening, so the links then take the request's Host header (the
    // address the uploader reached the host at).
    const std::string host = netcore::reachableAddress(setup.bind.value_or(std::string()));
    if (options.url)
        files.publicUrl = *options.url;
    else if (port && *port != 0)
        files.publicUrl = "http://" + host + ":" + std::to_string(*port);
    if (tlsPort && *tlsPort != 0)
        files.publicTlsUrl = "https://" + host + ":" + std::to_string(*tlsPort);
    auto made = std::make_unique<netcore::irc::FileHost>(loop, files,
                                                         netcore::irc::FileHost::Events{setup.log});
    if (netcore::NetError e = made->start(plain, tls)) {
        *error = "cannot start the file host: " + e.describe();
        return nullptr;
    }
    const std::string plainBase =
        options.url ? *options.url
                    : (port ? "http://" + host + ":" + std::to_string(made->localAddress().port())
                            : std::string());
    const std::string tlsBase =
        tlsPort ? "https://" + host + ":" + std::to_string(made->tlsAddress().port())
                : std::string();
    config->fileHostUrl = plainBase.empty() ? tlsBase + "/upload" : plainBase + "/upload";
    config->fileHostTlsUrl = tlsBase.empty() ? std::string() : tlsBase + "/upload";
    *summary = "files: upload at " + config->fileHostUrl +
               (config->fileHostTlsUrl.empty() || config->fileHostTlsUrl == config->fileHostUrl
                    ? std::string()
                    : " and " + config->fileHostTlsUrl) +
               " (FILEHOST); kept in " + files.directory + ", " +
               std::to_string(files.maxFileBytes / MiB) + " MiB a file, " +
               std::to_string(files.maxTotalBytes / MiB) + " MiB in all, for " +
               std::to_string(files.expiry.count() / 86400) + " days";
    return made;
}
