// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Transfers list: every file sent and received (DCC) in every chat connection, with its
// progress, speed and time left, and what can be done with it: an offer is taken (into the
// download folder, or where the user says) or declined; a running transfer cancelled; a
// finished file opened or shown in its folder; a finished row removed. Nothing is written
// without the user's yes, unless the sender's nick is in Settings' auto-accept list.
//
// It talks to the sessions only through their slots (sendFile, acceptTransfer, ...): no
// socket and no protocol text here. Names in the list are the peer's text, shown as such.

#include "appsettings.h"
#include "bridge/transfer.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace bridge {
class ChatSession;
}

namespace ui {

class TransfersPanel : public QWidget
{
    Q_OBJECT

public:
    // `settings` (the download folder, the auto-accept list) outlives the panel.
    explicit TransfersPanel(const AppSettings* settings, QWidget* parent = nullptr);

    // Shows the session's transfers from now on.
    void watch(bridge::ChatSession* session);
    // Offers each file to nick on the session.
    void sendFiles(bridge::ChatSession* session, const QString& nick, const QStringList& paths);

    // For tests and the screenshot programs.
    QTreeWidget* list() const { return m_list; }
    int count() const;
    // The row of a transfer (nullptr: none).
    QTreeWidgetItem* item(bridge::ChatSession* session, quint64 id) const;
    bridge::TransferInfo info(QTreeWidgetItem* item) const;
    // The buttons' actions on the selected row.
    void accept();
    void acceptAs(const QString& filePath);
    void saveAs(); // asks where, then acceptAs
    void decline();
    void cancel();
    void removeFinished();

    // The links of an offer's line in the chat: "accept", "save-as" or "decline" on the offer
    // `id` of `session` (its row selected first). False when there is no such offer waiting
    // (taken, declined or gone since).
    bool act(bridge::ChatSession* session, quint64 id, const QString& action);

    enum Column
    {
        FileColumn,
        PersonColumn,
        ProgressColumn,
        SpeedColumn,
        LeftColumn,
        StateColumn,
        ColumnCount
    };

signals:
    // A new offer to us (the window shows it in the private chat and notifies); `taken`: saved
    // without asking (the sender is in the auto-accept list).
    void offered(bridge::ChatSession* session, const bridge::TransferInfo& info, bool taken);
    // A transfer ended (Done or Failed), or an offer was refused, or a request could not be
    // taken: one line for the chat with `nick` (text in the user's words).
    void told(bridge::ChatSession* session, const QString& nick, const QString& text, bool error);
    // A file was received whole (after told).
    void received(bridge::ChatSession* session, const bridge::TransferInfo& info);

private:
    struct Row
    {
        QPointer<bridge::ChatSession> session;
        bridge::TransferInfo info;
    };
    void handle(bridge::ChatSession* session, bridge::TransferChange change,
                const bridge::TransferInfo& info, const QString& text);
    QTreeWidgetItem* rowFor(bridge::ChatSession* session, const bridge::TransferInfo& info);
    void update(QTreeWidgetItem* item);
    void updateButtons();
    Row* selected();
    void openFile(bool folder);
    void tellEnd(bridge::ChatSession* session, const bridge::TransferInfo& info);

    const AppSettings* m_settings;
    QTreeWidget* m_list = nullptr;
    QLabel* m_empty = nullptr;
    QPushButton* m_accept = nullptr;
    QPushButton* m_saveAs = nullptr;
    QPushButton* m_decline = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_folder = nullptr;
    QPushButton* m_remove = nullptr;
    QHash<QTreeWidgetItem*, Row> m_rows;
};

// "3.2 MiB", "512 bytes"
QString sizeText(qint64 bytes);

} // namespace ui
