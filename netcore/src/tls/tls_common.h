// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What both TLS implementations (OpenSSL, Schannel) decide the same way.

#include "netcore/tls.h"

#include <optional>

namespace netcore::tls {

// The client's verdict on the host's certificate, once `info` has its fingerprint and whether
// the trust store vouched for it: the pinned fingerprint if one was given (info->pinned set),
// else the trust store, else trust on first use if allowed. The error to fail with if refused.
std::optional<NetError> judgePeer(const TlsClientOptions& options, TlsInfo* info);

} // namespace netcore::tls
