// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// "Host a chat": port, the chat's name, an optional password, the event loop.

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace ui {

class HostDialog : public QDialog
{
    Q_OBJECT

public:
    HostDialog(const QStringList& loops, QWidget* parent = nullptr);

    void setValues(quint16 port, const QString& name, const QString& loop);
    quint16 port() const;
    QString chatName() const;
    QString password() const;
    QString loop() const;

private:
    QSpinBox* m_port = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_password = nullptr;
    QComboBox* m_loop = nullptr;
};

} // namespace ui
