// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/chathistory.h"

#include "bridge/chatsession.h"
#include "bridge/loops.h"
#include "chat/chatpage.h"
#include "chat/eventtext.h"
#include "chat/messageview.h"
#include "history/historystore.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace ui {

namespace {

// Stored lines into a view, above what it shows.
void showHistoryPage(MessageView* view, const history::Page& page)
{
    QList<MessageView::HistoryLine> lines;
    using Style = MessageView::Style;
    for (const auto& m : page.messages) {
        const history::Kind kind = m.record.kind;
        const Style style = kind == history::Kind::Message  ? Style::Message
                            : kind == history::Kind::Action ? Style::Action
                            : kind == history::Kind::Notice ? Style::Notice
                                                            : Style::Event;
        lines.append({m.record.time, style, m.record.sender,
                      style == Style::Event ? EventText::line(kind, m.record.sender, m.record.text)
                                            : m.record.text,
                      m.record.self});
    }
    view->prependHistory(lines, page.messages.isEmpty() ? 0 : page.messages.first().id,
                         page.atStart || page.messages.isEmpty());
}

} // namespace

ChatHistory::ChatHistory(history::HistoryStore* store, QString path, QWidget* dialogParent)
    : QObject(dialogParent)
    , m_store(store)
    , m_path(std::move(path))
    , m_dialogParent(dialogParent)
{
    connect(m_store, &history::HistoryStore::committed, &m_holdBack, &HoldBack::commit);
    connect(m_store, &history::HistoryStore::errorOccurred, this, [this](const QString& error) {
        m_holdBack.releaseAll();
        emit message(tr("History is off: %1").arg(error), 30000);
    });
}

bool ChatHistory::isOpen() const
{
    return m_store->isOpen();
}

void ChatHistory::open(int retentionDays)
{
    if (m_store->isOpen())
        return;
    if (!m_store->open(m_path)) {
        // The window starts anyway, without history for this run; the file is left alone.
        auto* box = new QMessageBox(
            QMessageBox::Warning, tr("History"),
            tr("The chat history cannot be used this time: %1").arg(m_store->errorString()),
            QMessageBox::Ok, m_dialogParent);
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // not modal to the program: the window works meanwhile
        return;
    }
    m_store->setRetentionDays(retentionDays);
}

void ChatHistory::close()
{
    m_holdBack.releaseAll();
    m_store->close();
}

void ChatHistory::setRetentionDays(int days)
{
    m_store->setRetentionDays(days);
}

history::ChatKey ChatHistory::chatKey(const ChatPage* page)
{
    history::ChatKey key;
    if (!page || !page->session())
        return key;
    const bridge::ChatSession* session = page->session();
    key.network = session->network().isEmpty() ? session->address() : session->network();
    key.hostId = session->hostId();
    key.chat = page->target();
    key.folded = session->fold(page->target()); // the server's CASEMAPPING decides
    return key;
}

void ChatHistory::present(ChatPage* page, history::Kind kind, const bridge::ChatEvent& e,
                          const QString& sender, const QString& text, HoldBack::Draw draw,
                          const QString& shown)
{
    qint64 id = 0;
    if (m_store->isOpen() && page->kind() != ChatPage::Kind::Server) {
        history::Record r;
        r.chat = chatKey(page);
        r.kind = kind;
        r.time = e.time;
        r.serverTime = e.time;
        r.msgId = e.msgId;
        r.sender = sender;
        r.text = text;
        r.self = e.self;
        id = m_store->append(r);
    }
    if (!e.msgId.isEmpty() && page->kind() != ChatPage::Kind::Server) {
        const history::ChatKey key = chatKey(page);
        QSet<QString>& seen = m_seen[key.network + QLatin1Char('\n') + key.folded];
        if (seen.size() >= 10000)
            seen.clear();
        seen.insert(e.msgId);
    }
    m_holdBack.add(page, id, shown.isEmpty() ? text : shown, std::move(draw));
}

bool ChatHistory::known(const ChatPage* page, const QString& msgId) const
{
    if (msgId.isEmpty())
        return false;
    const history::ChatKey key = chatKey(page);
    const auto it = m_seen.constFind(key.network + QLatin1Char('\n') + key.folded);
    return it != m_seen.cend() && it->contains(msgId);
}

void ChatHistory::catchUp(ChatPage* page)
{
    if (!page || !page->session() || page->kind() == ChatPage::Kind::Server)
        return;
    if (!m_store->isOpen()) {
        page->session()->requestHistory(page->target());
        return;
    }
    // After the last line stored (lines still on their way to the store come again and are
    // known by their msgid).
    const QPointer<ChatPage> target(page);
    m_store->loadLast(chatKey(page), 1).then(this, [target](const history::Page& stored) {
        if (!target || !target->session())
            return;
        QDateTime after;
        if (!stored.messages.isEmpty()) {
            const history::Record& last = stored.messages.last().record;
            after = last.serverTime.isValid() ? last.serverTime : last.time;
        }
        target->session()->requestHistory(target->target(), after);
    });
}

void ChatHistory::restore(ChatPage* page, int lines)
{
    if (!m_store->isOpen() || lines <= 0)
        return;
    const history::ChatKey key = chatKey(page);
    if (!key.isValid())
        return;
    const QPointer<ChatPage> target(page);
    // What was stored before the tab opened: a line arriving now is shown live, and must not
    // come again as history (the read may run after the writer stored it).
    m_store->loadBefore(key, m_store->nextId(), lines)
        .then(this, [target](const history::Page& stored) {
            if (target)
                showHistoryPage(target->view(), stored);
        });
    // Scrolling up past the top loads the page before.
    connect(page->view(), &MessageView::olderWanted, this, [this, target] {
        if (!target || !m_store->isOpen())
            return;
        m_store->loadBefore(chatKey(target), target->view()->oldestHistoryId(), 100)
            .then(this, [target](const history::Page& stored) {
                if (target)
                    showHistoryPage(target->view(), stored);
            });
    });
}

void ChatHistory::showLine(ChatPage* page, const history::SearchHit& hit)
{
    // Load older pages until the line is in the view, then select it (each step waits for
    // its page; at most a few seconds in all).
    const QPointer<ChatPage> target(page);
    auto step = std::make_shared<std::function<void(int)>>();
    *step = [this, target, hit, step](int tries) {
        if (!target || tries > 100)
            return;
        MessageView* v = target->view();
        const bool waiting = v->historyLines() == 0 && !v->historyAtStart();
        if (waiting || (v->oldestHistoryId() > hit.locator.messageId && !v->historyAtStart())) {
            if (!waiting)
                v->requestOlder();
            QTimer::singleShot(50, this, [step, tries] { (*step)(tries + 1); });
            return;
        }
        v->moveCursor(QTextCursor::Start);
        if (v->find(bridge::displayText(hit.message.record.text)))
            v->ensureCursorVisible();
    };
    QTimer::singleShot(0, this, [step] { (*step)(0); });
}

void ChatHistory::exportChat(ChatPage* page)
{
    if (!page || page->kind() == ChatPage::Kind::Server || !m_store->isOpen()) {
        emit message(tr("Choose a room or private chat to export (with history on)."), 8000);
        return;
    }
    QString filter;
    const QString file = QFileDialog::getSaveFileName(
        m_dialogParent, tr("Export chat"), page->target() + QStringLiteral(".txt"),
        tr("Plain text (*.txt);;HTML (*.html);;JSON (*.json)"), &filter);
    if (file.isEmpty())
        return;
    const auto format = file.endsWith(QLatin1String(".html"), Qt::CaseInsensitive)
                            ? history::ExportFormat::Html
                        : file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
                            ? history::ExportFormat::Json
                            : history::ExportFormat::PlainText;
    m_store->exportChat(chatKey(page), format, file).then(this, [this, file](const QString& error) {
        emit message(error.isEmpty() ? tr("Exported to %1").arg(file)
                                     : tr("Export failed: %1").arg(error),
                     10000);
    });
}

void ChatHistory::clear(ChatPage* page, bool all)
{
    if (!m_store->isOpen())
        return;
    if (!all && (!page || page->kind() == ChatPage::Kind::Server))
        return;
    QMessageBox box(
        QMessageBox::Question, tr("Clear history"),
        all ? tr("Delete the stored history of every chat? This cannot be undone.")
            : tr("Delete the stored history of %1? This cannot be undone.").arg(page->target()),
        QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    box.setTextFormat(Qt::PlainText);
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes)
        return;
    auto done = [this](qint64 count) {
        emit message(count < 0 ? tr("The history could not be cleared.")
                               : tr("%n line(s) deleted from the history.", nullptr,
                                    static_cast<int>(count)),
                     10000);
    };
    if (all)
        m_store->clearAll().then(this, done);
    else
        m_store->clearChat(chatKey(page)).then(this, done);
}

} // namespace ui
