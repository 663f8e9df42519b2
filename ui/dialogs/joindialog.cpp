// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/joindialog.h"

#include "chataddress.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace ui {

JoinDialog::JoinDialog(const QStringList& recent,
                       std::function<quint16(const QString& host)> announcedTls, QWidget* parent)
    : QDialog(parent)
    , m_announcedTls(std::move(announcedTls))
{
    setWindowTitle(tr("Join a chat"));
    auto* form = new QFormLayout(this);
    m_address = new QComboBox(this);
    m_address->setEditable(true);
    m_address->addItems(recent);
    m_address->setAccessibleName(tr("Host address"));
    m_address->lineEdit()->setPlaceholderText(tr("192.168.1.20, lanchat.local:6667, ircs://host"));
    m_address->setMinimumWidth(
        m_address->fontMetrics().horizontalAdvance(m_address->lineEdit()->placeholderText()) + 48);
    form->addRow(tr("&Host:"), m_address);
    m_tls = new QCheckBox(tr("&Encrypted (TLS)"), this);
    m_tls->setToolTip(tr("Join over TLS (port 6697 unless you give one): nobody else on the "
                         "network can read the chat. The first time, LanChat shows the host's "
                         "certificate fingerprint to compare."));
    form->addRow(QString(), m_tls);
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);
    form->addRow(m_hint);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Join"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    connect(m_address, &QComboBox::editTextChanged, this, &JoinDialog::addressEdited);
    connect(m_tls, &QCheckBox::clicked, this, [this] { m_tlsTouched = true; });
    addressEdited(m_address->currentText());
}

void JoinDialog::addressEdited(const QString& text)
{
    bool typedTls = false;
    const QString address = withoutScheme(text, &typedTls);
    const quint16 announced = m_announcedTls ? m_announcedTls(hostPart(address)) : 0;
    if (typedTls) {
        m_tls->setChecked(true);
        m_tlsTouched = false;
    } else if (!m_tlsTouched) {
        m_tls->setChecked(announced != 0);
    }
    m_hint->setText(announced != 0
                        ? tr("This host announced encrypted connections on port %1.").arg(announced)
                        : QString());
    m_hint->setVisible(announced != 0);
}

QString JoinDialog::address() const
{
    bool typedTls = false;
    QString address = withoutScheme(m_address->currentText(), &typedTls);
    if (address.isEmpty() || !m_tls->isChecked())
        return address;
    // Encrypted to a host that announced its TLS port: that port, unless one was typed.
    const QString host = hostPart(address);
    const bool hasPort = address.startsWith(QLatin1Char('['))
                             ? address.contains(QLatin1String("]:"))
                             : address.count(QLatin1Char(':')) == 1;
    if (!hasPort && m_announcedTls)
        if (const quint16 port = m_announcedTls(host); port != 0)
            address = (host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']')
                                                       : host) +
                      QLatin1Char(':') + QString::number(port);
    return QStringLiteral("ircs://") + address;
}

} // namespace ui
