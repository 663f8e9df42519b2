// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/hostdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace ui {

HostDialog::HostDialog(const QStringList& loops, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Host a chat"));
    auto* form = new QFormLayout(this);
    m_port = new QSpinBox(this);
    m_port->setRange(1, 65535);
    m_port->setValue(6667);
    m_port->setAccessibleName(tr("TCP port"));
    form->addRow(tr("&Port:"), m_port);
    m_name = new QLineEdit(tr("LanChat"), this);
    m_name->setMaxLength(64);
    m_name->setAccessibleName(tr("The chat's name"));
    form->addRow(tr("&Name:"), m_name);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("none: anyone on the network can join"));
    m_password->setAccessibleName(tr("Password"));
    // The hint is the field's placeholder: the field is wide enough to show it whole.
    m_password->setMinimumWidth(
        m_password->fontMetrics().horizontalAdvance(m_password->placeholderText()) + 24);
    form->addRow(tr("Pass&word:"), m_password);
    m_loop = new QComboBox(this);
    m_loop->addItems(loops);
    m_loop->setAccessibleName(tr("Event loop"));
    m_loop->setToolTip(tr("How the host waits for its sockets: select() works everywhere; "
                          "epoll (Linux) holds thousands of clients."));
    form->addRow(tr("&Event loop:"), m_loop);
    // Encryption: TLS on its own port (6697, RFC 7194), with the host's own certificate.
    m_tls = new QCheckBox(tr("Encrypted (&TLS) on port"), this);
    m_tls->setToolTip(tr("Others can then join privately: nobody else on the network can read "
                         "the chat. LanChat makes the host's certificate and shows its "
                         "fingerprint for people to compare."));
    m_tlsPort = new QSpinBox(this);
    m_tlsPort->setRange(1, 65535);
    m_tlsPort->setValue(6697);
    m_tlsPort->setAccessibleName(tr("TLS port"));
    auto* tlsRow = new QHBoxLayout;
    tlsRow->addWidget(m_tls);
    tlsRow->addWidget(m_tlsPort);
    tlsRow->addStretch();
    form->addRow(tr("Encryption:"), tlsRow);
    m_tlsOnly = new QCheckBox(tr("&Only encrypted connections (no plain port)"), this);
    form->addRow(QString(), m_tlsOnly);
    connect(m_tls, &QCheckBox::toggled, this, [this](bool on) {
        m_tlsPort->setEnabled(on);
        m_tlsOnly->setEnabled(on);
        m_port->setEnabled(!on || !m_tlsOnly->isChecked());
    });
    connect(m_tlsOnly, &QCheckBox::toggled, this,
            [this](bool only) { m_port->setEnabled(!only || !m_tls->isChecked()); });
    m_tls->setChecked(true);
    m_files = new QCheckBox(tr("Share &files: people can upload files and pictures here"), this);
    m_files->setToolTip(tr("The host keeps what people share (25 MiB a file, for 7 days) on "
                           "this computer, and the chat shows links and pictures."));
    m_files->setChecked(true);
    form->addRow(tr("Files:"), m_files);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Host"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void HostDialog::setValues(quint16 port, const QString& name, const QString& loop)
{
    m_port->setValue(port);
    m_name->setText(name);
    const int index = m_loop->findText(loop);
    if (index >= 0)
        m_loop->setCurrentIndex(index);
}

void HostDialog::setTls(bool on, quint16 port, bool plain)
{
    m_tls->setChecked(on);
    m_tlsPort->setValue(port == 0 ? 6697 : port);
    m_tlsOnly->setChecked(on && !plain);
    m_tlsPort->setEnabled(on);
    m_tlsOnly->setEnabled(on);
    m_port->setEnabled(!on || plain);
}

void HostDialog::setFiles(bool on)
{
    m_files->setChecked(on);
}

bool HostDialog::files() const
{
    return m_files->isChecked();
}

bool HostDialog::tls() const
{
    return m_tls->isChecked();
}

quint16 HostDialog::tlsPort() const
{
    return static_cast<quint16>(m_tlsPort->value());
}

bool HostDialog::plain() const
{
    return !m_tls->isChecked() || !m_tlsOnly->isChecked();
}

quint16 HostDialog::port() const
{
    return static_cast<quint16>(m_port->value());
}

QString HostDialog::chatName() const
{
    return m_name->text().trimmed().isEmpty() ? tr("LanChat") : m_name->text().trimmed();
}

QString HostDialog::password() const
{
    return m_password->text();
}

QString HostDialog::loop() const
{
    return m_loop->currentText();
}

} // namespace ui
