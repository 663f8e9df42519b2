// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Writes one chat's lines as plain text, HTML or JSON, a line at a time (a chat may hold a
// million lines). Peer text is data: the HTML form escapes every text it writes, and the plain
// text form replaces control characters, so no export can carry markup or terminal codes.

#include "history/historytypes.h"

#include <QIODevice>

namespace history {

class HistoryExporter
{
public:
    HistoryExporter(QIODevice* device, ExportFormat format, ChatKey chat);

    void begin();
    void add(const StoredMessage& message);
    void end();

    // One line as the plain-text form shows it, without its time ("<nick> hello").
    static QString describe(const Record& record);

private:
    void write(const QString& text);

    QIODevice* m_device;
    ExportFormat m_format;
    ChatKey m_chat;
    bool m_first = true;
};

} // namespace history
