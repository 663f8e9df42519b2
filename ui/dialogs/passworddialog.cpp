// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/passworddialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace ui {

PasswordDialog::PasswordDialog(const QString& address, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Password"));
    auto* form = new QFormLayout(this);
    auto* label = new QLabel(tr("The chat on %1 needs a password.").arg(address), this);
    label->setTextFormat(Qt::PlainText);
    form->addRow(label);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(tr("Password"));
    form->addRow(tr("&Password:"), m_password);
    m_remember = new QCheckBox(tr("&Remember it for this host (kept in the settings file)"), this);
    form->addRow(m_remember);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QString PasswordDialog::password() const
{
    return m_password->text();
}

bool PasswordDialog::remember() const
{
    return m_remember->isChecked();
}

} // namespace ui
