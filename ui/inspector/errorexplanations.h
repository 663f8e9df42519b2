// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One-line plain explanations of socket errors, by name, translated: what the Timeline's Error
// column and the Lifecycle's notes say after "ECONNREFUSED (111)".

#include "bridge/tracerecord.h"

#include <QCoreApplication>
#include <QString>

namespace ui {

class ErrorExplanations
{
    Q_DECLARE_TR_FUNCTIONS(ui::ErrorExplanations)

public:
    // By POSIX or WinSock name ("EAGAIN", "WSAECONNREFUSED", "EAI_NONAME"); `call` tells what a
    // would-block means. "" for an error it does not know.
    static QString explain(const QString& errorName, bridge::TraceCall call);
};

} // namespace ui
