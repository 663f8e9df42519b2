// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// "Join a chat": the host's address (recent ones offered) and whether to join encrypted (TLS).
// The box is ticked for an address typed as ircs://, and for a host that announced a TLS port
// on the network; unticked, the plain port is used.

#include <QDialog>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;

namespace ui {

class JoinDialog : public QDialog
{
    Q_OBJECT

public:
    // `announcedTls`: the TLS port a host announced (0 none), for a host name or address.
    JoinDialog(const QStringList& recent, std::function<quint16(const QString& host)> announcedTls,
               QWidget* parent = nullptr);

    // What to join: "host:port", or "ircs://host[:port]" for TLS.
    QString address() const;

private:
    void addressEdited(const QString& text);

    QComboBox* m_address = nullptr;
    QCheckBox* m_tls = nullptr;
    QLabel* m_hint = nullptr;
    std::function<quint16(const QString&)> m_announcedTls;
    bool m_tlsTouched = false; // the user ticked or unticked it: no more guessing
};

} // namespace ui
