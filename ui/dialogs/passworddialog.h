// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Asks for a host's password (the host said it needs one, or that the one given was wrong),
// and whether to keep it in the settings file.

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace ui {

class PasswordDialog : public QDialog
{
    Q_OBJECT

public:
    // `address`: the host as the user knows it ("host:port").
    explicit PasswordDialog(const QString& address, QWidget* parent = nullptr);

    QString password() const;
    bool remember() const;

private:
    QLineEdit* m_password = nullptr;
    QCheckBox* m_remember = nullptr;
};

} // namespace ui
