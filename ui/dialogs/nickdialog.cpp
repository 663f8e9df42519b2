// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/nickdialog.h"

#include "appsettings.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace ui {

NickDialog::NickDialog(const QString& suggested, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Welcome to LanChat"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Choose the nick others on the network will see you as. You can "
                                "change it later in Settings."),
                             this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    m_nick = new QLineEdit(suggested, this);
    m_nick->setValidator(new QRegularExpressionValidator(nickPattern(), this));
    m_nick->setAccessibleName(tr("Your nick"));
    m_nick->selectAll();
    form->addRow(tr("&Nick:"), m_nick);
    layout->addLayout(form);
    auto* rules = new QLabel(tr("Letters, digits and - _ [ ] \\ ` ^ { } |, up to 30; not "
                                "starting with a digit or -."),
                             this);
    rules->setTextFormat(Qt::PlainText);
    rules->setWordWrap(true);
    layout->addWidget(rules);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Start chatting"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_nick, &QLineEdit::textChanged, this,
            [this] { m_ok->setEnabled(m_nick->hasAcceptableInput()); });
    m_ok->setEnabled(m_nick->hasAcceptableInput());
    setMinimumWidth(420);
}

QString NickDialog::nick() const
{
    return m_nick->text();
}

} // namespace ui
