// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The first start's one question: the nick others will see (the login name suggested).

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace ui {

class NickDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NickDialog(const QString& suggested, QWidget* parent = nullptr);

    QString nick() const;
    QLineEdit* nickEntry() const { return m_nick; }

private:
    QLineEdit* m_nick = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace ui
