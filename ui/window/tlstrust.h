// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Trusting a host's TLS certificate as SSH users trust a host key: the first time, the window
// shows its SHA-256 fingerprint and asks; the answer is kept per address and pinned from then
// on; a certificate that changed is refused with both fingerprints, and accepted only on
// purpose. And the words for a session's TLS.

#include "bridge/chatevent.h"

#include <QString>

class QWidget;

namespace ui {

// The settings key of the fingerprint kept for a host ("tls/fingerprints/HOST:PORT").
QString tlsFingerprintKey(const QString& address);

// Asks whether to trust `tls`'s certificate for `address`: a new one (known empty), or one that
// changed from `known`; `announced`: the fingerprint the host announced by presence ("" none),
// shown beside it and compared. True: trust it.
bool askTrust(QWidget* parent, const QString& address, const bridge::TlsDetails& tls,
              const QString& known, const QString& announced = {});
// What the dialog says of the announced fingerprint ("" when there is none).
QString announcedLine(const QString& fingerprint, const QString& announced);

// "Secured with TLSv1.3 (TLS_AES_256_GCM_SHA384). The host's certificate: SHA-256 AB:...
// (checked and remembered)."
QString securedLine(const bridge::TlsDetails& tls);
// For the status bar: "encrypted (TLSv1.3)".
QString lockText(const bridge::TlsDetails& tls);

} // namespace ui
