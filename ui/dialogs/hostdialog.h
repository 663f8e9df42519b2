// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// "Host a chat": port, the chat's name, an optional password, the event loop, and whether the
// host also offers encrypted connections (TLS, on its own port) or only those.

#include <QDialog>

class QCheckBox;
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
    void setTls(bool on, quint16 port, bool plain);
    bool tls() const;
    quint16 tlsPort() const;
    // Shared files (FILEHOST): people upload files and pictures to this host.
    void setFiles(bool on);
    bool files() const;
    bool plain() const; // false: TLS only

private:
    QSpinBox* m_port = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_password = nullptr;
    QComboBox* m_loop = nullptr;
    QCheckBox* m_tls = nullptr;
    QSpinBox* m_tlsPort = nullptr;
    QCheckBox* m_tlsOnly = nullptr;
    QCheckBox* m_files = nullptr;
};

} // namespace ui
