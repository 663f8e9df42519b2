// SPDX-License-Identifier: GPL-3.0-or-later
// TLS on Windows is to be Schannel's (secur32); until it is written, every TLS call fails with
// TlsErrc::unavailable, which the host and the clients report as such ("TLS is not available in
// this build"), and the TLS tests are skipped on Windows with that reason.

#include "netcore/tls.h"

namespace netcore {

namespace {

NetError unavailable(const char* operation)
{
    return {make_error_code(TlsErrc::unavailable), operation, {}, "Schannel is not wired in yet"};
}

} // namespace

std::optional<TlsIdentity> makeSelfSignedIdentity(const std::string&, NetError* error)
{
    if (error)
        *error = unavailable("make a certificate");
    return std::nullopt;
}

std::string certificateFingerprint(const std::string&)
{
    return {};
}

std::shared_ptr<TlsContext> TlsContext::server(const TlsIdentity&, NetError* error)
{
    if (error)
        *error = unavailable("TLS");
    return nullptr;
}

std::shared_ptr<TlsContext> TlsContext::client(NetError* error)
{
    if (error)
        *error = unavailable("TLS");
    return nullptr;
}

} // namespace netcore
