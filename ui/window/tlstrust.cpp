// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/tlstrust.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

namespace ui {

namespace {

class TlsTrust
{
    Q_DECLARE_TR_FUNCTIONS(TlsTrust)
};

} // namespace

QString tlsFingerprintKey(const QString& address)
{
    return QStringLiteral("tls/fingerprints/") + address;
}

QString announcedLine(const QString& fingerprint, const QString& announced)
{
    if (announced.isEmpty())
        return {};
    if (announced.compare(fingerprint, Qt::CaseInsensitive) == 0)
        return TlsTrust::tr("The host announced the same fingerprint on the network. (Anyone on "
                            "the network could announce one: comparing it with the host's own "
                            "screen is the real check.)");
    return TlsTrust::tr("The host announced another fingerprint on the network:\n%1\nThis "
                        "connection may not be reaching the host you think.")
        .arg(announced);
}

bool askTrust(QWidget* parent, const QString& address, const bridge::TlsDetails& tls,
              const QString& known, const QString& announced)
{
    QMessageBox box(parent);
    box.setTextFormat(Qt::PlainText); // the fingerprint and the address are data
    if (known.isEmpty()) {
        box.setIcon(QMessageBox::Question);
        box.setWindowTitle(TlsTrust::tr("A new host certificate"));
        box.setText(
            TlsTrust::tr("%1 has a certificate this computer does not know yet.").arg(address));
        box.setInformativeText(
            TlsTrust::tr(
                "Its SHA-256 fingerprint is:\n%1\n\nCompare it with the fingerprint the host "
                "shows (its window, or lanchat-cli host's output). If they are the same, trust "
                "it: the chat is then private, and LanChat will warn you if it ever changes.")
                .arg(tls.fingerprint));
    } else {
        box.setIcon(QMessageBox::Warning);
        box.setWindowTitle(TlsTrust::tr("The host's certificate has changed"));
        box.setText(
            TlsTrust::tr("%1 shows another certificate than before. Someone may be pretending to "
                         "be the host.")
                .arg(address));
        box.setInformativeText(
            TlsTrust::tr("Before: %1\nNow: %2\n\nAccept the new one only if the host made a new "
                         "certificate (ask its owner, and compare the fingerprint).")
                .arg(known, tls.fingerprint));
    }
    QPushButton* trust = box.addButton(known.isEmpty() ? TlsTrust::tr("Trust this certificate")
                                                       : TlsTrust::tr("Accept the new certificate"),
                                       QMessageBox::AcceptRole);
    box.addButton(known.isEmpty() ? TlsTrust::tr("Do not join") : TlsTrust::tr("Refuse"),
                  QMessageBox::RejectRole);
    if (const QString line = announcedLine(tls.fingerprint, announced); !line.isEmpty())
        box.setInformativeText(box.informativeText() + QStringLiteral("\n\n") + line);
    box.setDefaultButton(qobject_cast<QPushButton*>(box.buttons().last()));
    box.exec();
    return box.clickedButton() == trust;
}

QString securedLine(const bridge::TlsDetails& tls)
{
    const QString how = tls.pinned    ? TlsTrust::tr("checked against the fingerprint kept for it")
                        : tls.trusted ? TlsTrust::tr("vouched for by this computer's trust store")
                                      : TlsTrust::tr("not checked");
    return TlsTrust::tr("Secured with %1 (%2). The host's certificate: SHA-256 %3 (%4).")
        .arg(tls.version, tls.cipher, tls.fingerprint, how);
}

QString lockText(const bridge::TlsDetails& tls)
{
    return TlsTrust::tr("encrypted (%1)").arg(tls.version);
}

} // namespace ui
