// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Peer text is data: where Qt would guess "rich text" (tooltips, QLabel, notifications), it
// gets text that Qt renders as exactly what the peer sent.

#include <QString>
#include <QTextDocument>

namespace ui {

// For tooltips and labels in Qt::AutoText: an escaped paragraph, so "<b>x</b>" shows as such.
inline QString plainForRichText(const QString& text)
{
    return Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal);
}

} // namespace ui
