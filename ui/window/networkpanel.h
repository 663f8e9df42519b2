// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Network panel: hosts and people found by presence (double-click a host to join it, a
// person to talk with them privately on the host they are in),
// recent hosts, a "Join host:port" entry, hosting, the state of each connection, and the
// presence diagnostics (why can't I see X).

#include "bridge/chatevent.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace ui {

class NetworkPanel : public QWidget
{
    Q_OBJECT

public:
    explicit NetworkPanel(QWidget* parent = nullptr);

    void setPeer(const bridge::PeerInfo& peer);
    void removePeer(quint64 instance);
    void setRecentHosts(const QStringList& hosts); // "host:port"
    // Favourites, with those joined on start marked.
    void setFavourites(const QStringList& hosts, const QStringList& autoConnect);
    // Favourite people (watched in every chat with MONITOR), each online or not.
    void setFavouritePeople(const QStringList& nicks);
    // `nick` is online (or no longer) in the chat at `chat` ("host:port").
    void setPersonOnline(const QString& nick, const QString& chat, bool online);
    struct Connection
    {
        QString address;
        QString nick;
        QString state;
        qint64 lagMs = -1;
    };
    void setConnections(const QList<Connection>& connections);
    void setHosting(bool hosting, const QString& text);
    void setDiagnostics(const bridge::PresenceDiagnostics& diagnostics);

    // For tests: the rows as shown ("Lab 3 - 127.0.0.1:6667 - 2 users - 0.4 ms").
    QStringList hostRows() const;
    QStringList peopleRows() const;
    QStringList favouritePeopleRows() const; // "bob - 127.0.0.1:6667 - online"
    QPlainTextEdit* diagnostics() const { return m_diagnostics; }
    QTreeWidget* tree() const { return m_tree; }
    QLineEdit* joinEntry() const { return m_joinEntry; }

signals:
    void joinRequested(const QString& address); // "host:port" as typed or found
    // A person found by presence was double-clicked: `chat` is the host they are in, as they
    // joined it ("host:port").
    void privateChatRequested(const QString& chat, const QString& nick);
    void hostRequested();
    void stopHostRequested();
    void favouriteChanged(const QString& address, bool favourite);
    void favouritePersonChanged(const QString& nick, bool favourite);
    void autoConnectChanged(const QString& address, bool autoConnect);
    // A Recent entry removed (its menu, or Delete on its row).
    void recentRemoved(const QString& address);

private:
    QTreeWidgetItem* m_hosts = nullptr;
    QTreeWidgetItem* m_people = nullptr;
    QTreeWidgetItem* m_recent = nullptr;
    QTreeWidgetItem* m_favourites = nullptr;
    QTreeWidgetItem* m_favouritePeople = nullptr;
    // Where each favourite person is online: lower-case nick -> chats ("host:port").
    QHash<QString, QStringList> m_online;
    QSet<QString> m_reported; // lower-case nicks some chat has said something of
    void showFavouritePeople();
    QStringList m_favouriteList;
    QStringList m_autoConnectList;
    QTreeWidgetItem* m_connections = nullptr;
    QHash<quint64, QTreeWidgetItem*> m_items;
    QTreeWidget* m_tree = nullptr;
    QLineEdit* m_joinEntry = nullptr;
    QPushButton* m_hostButton = nullptr;
    QLabel* m_hostState = nullptr;
    QPlainTextEdit* m_diagnostics = nullptr;
    bool m_hosting = false;
};

} // namespace ui
