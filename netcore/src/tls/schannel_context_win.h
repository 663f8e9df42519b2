// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Between Schannel's contexts (tls_context_win.cpp) and sessions (tls_session_win.cpp): the
// credentials a context acquires and its sessions share.

#include "tls/schannel_support_win.h"

#include <memory>
#include <string>

namespace netcore::tls {

// Schannel's credentials, shared by a context's sessions.
struct Credential
{
    CredHandle handle{};
    bool acquired = false;
    std::unique_ptr<tls::ServerIdentity> identity; // a server's certificate and key
    ~Credential()
    {
        if (acquired)
            FreeCredentialsHandle(&handle);
    }
};

// Credentials for TLS 1.2 and 1.3: SCH_CREDENTIALS (Windows 10 1809 and later, the only way to
// TLS 1.3), else the older SCHANNEL_CRED (Wine knows only this one).
SECURITY_STATUS acquire(Credential* credential, bool server);

// A session on `credential`: a server's (answering `notTlsReply` in the clear to a peer whose
// first bytes are not TLS) or a client's with `options`.
std::unique_ptr<TlsSession> makeSchannelSession(std::shared_ptr<Credential> credential, bool server,
                                                TlsClientOptions options, std::string notTlsReply);

} // namespace netcore::tls
