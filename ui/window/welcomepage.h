// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the window shows while no chat is open: who you are, and the three ways into a chat:
// host one, join a host found on the network, or join one by its address.

#include <QWidget>

class QLabel;
class QLineEdit;

namespace ui {

class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget* parent = nullptr);

    void setNick(const QString& nick);
    // The hosts presence has found now ("Lab 3 (192.168.1.20:6667)").
    void setFoundHosts(const QStringList& hosts);

    // For tests: the page's words, top to bottom.
    QString text() const;
    QLineEdit* addressEntry() const { return m_address; }

signals:
    void hostRequested();
    void joinRequested(const QString& address);

private:
    QLabel* m_title = nullptr;
    QLabel* m_found = nullptr;
    QLineEdit* m_address = nullptr;
};

} // namespace ui
