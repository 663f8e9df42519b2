// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's file transfers: the Transfers dock, Chat > Send file..., files dropped on
// a private chat, and what an offer or a transfer's end shows in the private chat with its
// person (and the tray, when the window is not looked at).

#include "window/mainwindow.h"

#include "bridge/chatsession.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"
#include "chat/commandrunner.h"
#include "chat/messageview.h"
#include "transfers/sharing.h"
#include "transfers/transferspanel.h"
#include "window/sessionlist.h"

#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QUrl>
#include <QUrlQuery>

namespace ui {

void MainWindow::buildTransfers()
{
    m_transfers = new TransfersPanel(&m_settings, this);
    m_transfersDock = new QDockWidget(tr("Transfers"), this);
    m_transfersDock->setObjectName(QStringLiteral("transfersDock"));
    m_transfersDock->setWidget(m_transfers);
    addDockWidget(Qt::BottomDockWidgetArea, m_transfersDock);
    m_transfersDock->hide();
    connect(m_sessions, &SessionList::sessionOpened, m_transfers, &TransfersPanel::watch);
    m_sharing = new Sharing(m_router, m_history, this);
    connect(m_sessions, &SessionList::sessionOpened, m_sharing, &Sharing::watch);
    // A picture received by DCC is shown in the private chat it came from.
    connect(m_transfers, &TransfersPanel::received, this,
            [this](bridge::ChatSession* session, const bridge::TransferInfo& info) {
                if (ChatPage* page = m_router->page(session, info.nick))
                    m_sharing->showLocalPicture(page, info.path, info.offeredName);
            });
    connect(m_commands, &CommandRunner::sendFileRequested, this,
            [this](bridge::ChatSession* session, const QString& nick, const QString& file) {
                sendFiles(m_router->open(session, nick, true), {file});
            });

    connect(m_transfers, &TransfersPanel::offered, this,
            [this](bridge::ChatSession* session, const bridge::TransferInfo& info, bool taken) {
                ChatPage* page = m_router->open(session, info.nick, false);
                const QString size = info.size >= 0 ? sizeText(info.size) : tr("size unknown");
                // Where it comes from: the sender's address (a passive offer: we listen).
                const QString from =
                    info.peerAddress.isEmpty() ? tr("they will connect to you") : info.peerAddress;
                const QString text =
                    taken ? tr("%1 sends you the file %2 (%3, from %4): saving it, as you accept "
                               "files from %1.")
                                .arg(info.nick, info.offeredName, size, from)
                          : tr("%1 offers you the file %2 (%3, from %4).")
                                .arg(info.nick, info.offeredName, size, from);
                if (taken) {
                    page->view()->addEvent(QDateTime::currentDateTime(), text);
                } else {
                    // The answers right on the line (and in Transfers): lanchat:transfer links.
                    const auto link = [&](const QString& action) {
                        QUrlQuery query;
                        query.addQueryItem(QStringLiteral("chat"), session->address());
                        query.addQueryItem(QStringLiteral("id"), QString::number(info.id));
                        query.addQueryItem(QStringLiteral("do"), action);
                        QUrl url(QStringLiteral("lanchat:transfer"));
                        url.setQuery(query);
                        return url;
                    };
                    page->view()->addEventLinks(
                        QDateTime::currentDateTime(), text,
                        {{tr("Accept"), link(QStringLiteral("accept"))},
                         {tr("Save as..."), link(QStringLiteral("save-as"))},
                         {tr("Decline"), link(QStringLiteral("decline"))}});
                }
                m_transfersDock->show();
                m_transfersDock->raise();
                handleNotification(page, tr("A file from %1").arg(info.nick), text);
            });
    connect(
        m_transfers, &TransfersPanel::told, this,
        [this](bridge::ChatSession* session, const QString& nick, const QString& text, bool error) {
            ChatPage* page = nick.isEmpty() ? m_router->serverPage(session)
                                            : m_router->open(session, nick, false);
            if (!page)
                return;
            if (error)
                page->view()->addError(QDateTime::currentDateTime(), text);
            else
                page->view()->addEvent(QDateTime::currentDateTime(), text);
        });

    QAction* toggle = m_transfersDock->toggleViewAction();
    toggle->setText(tr("&Transfers"));
    toggle->setShortcut(QKeySequence(tr("Ctrl+T")));
    for (QAction* action : menuBar()->actions()) {
        if (!action->menu())
            continue;
        if (action->text() == tr("&View"))
            action->menu()->addAction(toggle);
        if (action->text() == tr("&Chat")) {
            QAction* send = new QAction(tr("Send &file..."), this);
            send->setShortcut(QKeySequence(tr("Ctrl+Shift+F")));
            connect(send, &QAction::triggered, this, [this] { chooseFilesToSend(); });
            QAction* share = new QAction(tr("Share file with the &room..."), this);
            connect(share, &QAction::triggered, this, [this] { chooseFilesToShare(); });
            action->menu()->insertAction(action->menu()->actions().value(3), send);
            action->menu()->insertAction(action->menu()->actions().value(4), share);
        }
    }
}

// An offer's Accept, Save as or Decline link in the chat:
// lanchat:transfer?chat=HOST:PORT&id=N&do=accept|save-as|decline.
void MainWindow::answerOffer(const QUrl& url)
{
    const QUrlQuery query(url);
    const QString chat = query.queryItemValue(QStringLiteral("chat"), QUrl::FullyDecoded);
    const quint64 id = query.queryItemValue(QStringLiteral("id")).toULongLong();
    const QString action = query.queryItemValue(QStringLiteral("do"));
    for (bridge::ChatSession* session : m_sessions->sessions()) {
        if (session->address() != chat)
            continue;
        if (m_transfers->act(session, id, action))
            return;
        // Said where the offer was (its private chat), else where the user is.
        QTreeWidgetItem* row = m_transfers->item(session, id);
        ChatPage* page = row ? m_router->page(session, m_transfers->info(row).nick) : nullptr;
        if (!page)
            page = m_router->current();
        if (page)
            page->view()->addEvent(QDateTime::currentDateTime(),
                                   tr("That offer is no longer waiting for an answer."));
        return;
    }
}

void MainWindow::chooseFilesToSend()
{
    ChatPage* page = m_router->current();
    if (!page || page->kind() != ChatPage::Kind::Private || !page->session()) {
        QMessageBox::information(this, tr("Send file"),
                                 tr("Files go to a person: open a private chat with them "
                                    "(double-click their nick) and send from there."));
        return;
    }
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Send files to %1").arg(page->target()));
    sendFiles(page, files);
}

void MainWindow::chooseFilesToShare()
{
    ChatPage* page = m_router->current();
    if (!page || page->kind() == ChatPage::Kind::Server || !page->session()) {
        QMessageBox::information(this, tr("Share file"),
                                 tr("Files are shared with a chat: open a room first."));
        return;
    }
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Share files with %1").arg(page->target()));
    if (!files.isEmpty())
        m_sharing->share(page, files);
}

void MainWindow::sendFiles(ChatPage* page, const QStringList& files)
{
    if (files.isEmpty() || !page->session())
        return;
    m_transfers->sendFiles(page->session(), page->target(), files);
    m_transfersDock->show();
    for (const auto& file : files)
        page->view()->addEvent(QDateTime::currentDateTime(),
                               tr("Offering %1 to %2...").arg(file, page->target()));
}

} // namespace ui
