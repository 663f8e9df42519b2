// SPDX-License-Identifier: GPL-3.0-or-later
#include "chat/chatpage.h"

#include "bridge/chatsession.h"
#include "chat/chatnames.h"
#include "chat/inputline.h"
#include "chat/messageview.h"
#include "plaintext.h"

#include <QDropEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

ChatPage::ChatPage(bridge::ChatSession* session, Kind kind, const QString& target, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_kind(kind)
    , m_target(target)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    if (kind == Kind::Room) {
        m_topic = new QLineEdit(this);
        m_topic->setReadOnly(true);
        m_topic->setPlaceholderText(tr("No topic"));
        m_topic->setAccessibleName(tr("Topic"));
        layout->addWidget(m_topic);
    }
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_view = new MessageView(splitter);
    splitter->addWidget(m_view);
    if (kind == Kind::Room) {
        m_members = new QListWidget(splitter);
        m_members->setAccessibleName(tr("People in %1").arg(target));
        m_members->setSortingEnabled(false);
        splitter->addWidget(m_members);
        splitter->setStretchFactor(0, 4);
        splitter->setStretchFactor(1, 1);
        connect(m_members, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
            emit memberActivated(item->data(Qt::UserRole).toString());
        });
        m_members->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(m_members, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
            const QListWidgetItem* item = m_members->itemAt(at);
            if (!item)
                return;
            const QString nick = item->data(Qt::UserRole).toString();
            QMenu menu(this);
            menu.addAction(tr("&Private chat"), this, [this, nick] { emit memberActivated(nick); });
            menu.addAction(tr("Send &file..."), this,
                           [this, nick] { emit sendFileRequested(nick); });
            menu.exec(m_members->viewport()->mapToGlobal(at));
        });
    }
    layout->addWidget(splitter, 1);
    m_input = new InputLine(this);
    m_input->setCompletions([this] { return nicks(); });
    layout->addWidget(m_input);
    connect(m_input, &InputLine::submitted, this, &ChatPage::lineEntered);
    setFocusProxy(m_input);
    connect(m_input, &InputLine::imagePasted, this, &ChatPage::imagePasted);
    if (kind != Kind::Server) {
        // Files dropped anywhere on a chat (its text, its input line): the window sends them
        // (to a private chat's person) or shares them (with a room).
        for (QWidget* w :
             {static_cast<QWidget*>(m_view), m_view->viewport(), static_cast<QWidget*>(m_input)}) {
            w->setAcceptDrops(true);
            w->installEventFilter(this);
        }
    }
}

QStringList ChatPage::droppedFiles(const QMimeData* data)
{
    QStringList files;
    if (!data || !data->hasUrls())
        return files;
    for (const QUrl& url : data->urls())
        if (url.isLocalFile())
            files.append(url.toLocalFile());
    return files;
}

bool ChatPage::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type type = event->type();
    if (type == QEvent::DragEnter || type == QEvent::DragMove) {
        auto* drag = static_cast<QDragMoveEvent*>(event);
        if (!droppedFiles(drag->mimeData()).isEmpty()) {
            drag->acceptProposedAction();
            return true;
        }
    } else if (type == QEvent::Drop) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QStringList files = droppedFiles(drop->mimeData());
        if (!files.isEmpty()) {
            drop->acceptProposedAction();
            emit filesDropped(files);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ChatPage::setTarget(const QString& target)
{
    m_target = target;
}

QString ChatPage::title() const
{
    if (m_kind == Kind::Server)
        return m_session ? m_session->address() : tr("(closed)");
    return m_target;
}

void ChatPage::setTopic(const QString& topic)
{
    if (m_topic) {
        m_topic->setText(topic); // QLineEdit shows text as is: never markup
        m_topic->setToolTip(QString());
        m_topic->setCursorPosition(0);
    }
}

QString ChatPage::topic() const
{
    return m_topic ? m_topic->text() : QString();
}

void ChatPage::setMembers(const QList<bridge::RoomMember>& members)
{
    if (!m_members)
        return;
    QList<bridge::RoomMember> sorted = members;
    // By the highest prefix (multi-prefix gives them all, highest first: "@+").
    auto rank = [](const QString& prefix) {
        return prefix.startsWith(QLatin1Char('@'))   ? 0
               : prefix.startsWith(QLatin1Char('+')) ? 1
                                                     : 2;
    };
    std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
        if (rank(a.prefix) != rank(b.prefix))
            return rank(a.prefix) < rank(b.prefix);
        return a.nick.compare(b.nick, Qt::CaseInsensitive) < 0;
    });
    m_members->clear();
    m_nicks.clear();
    for (const auto& m : sorted) {
        const bool isAway = m.away;
        // An item's text is plain; a tooltip would be rich text if it looked like HTML.
        auto* item = new QListWidgetItem(m.prefix + m.nick, m_members);
        item->setData(Qt::UserRole, m.nick);
        const bool op = m.prefix.contains(QLatin1Char('@'));
        const bool voice = m.prefix.contains(QLatin1Char('+'));
        QString tip = op && voice ? tr("%1, room operator, may speak")
                      : op        ? tr("%1, room operator")
                      : voice     ? tr("%1, may speak")
                                  : tr("%1");
        tip = tip.arg(m.nick);
        if (!m.realName.isEmpty())
            tip += QLatin1Char('\n') + m.realName;
        if (!m.userHost.isEmpty())
            tip += QLatin1Char('\n') + m.userHost;
        if (isAway) {
            tip += tr(" (away)");
            item->setForeground(palette().color(QPalette::PlaceholderText));
            QFont f = item->font();
            f.setItalic(true);
            item->setFont(f);
        }
        item->setToolTip(plainForRichText(tip));
        m_nicks.append(m.nick);
    }
}

QStringList ChatPage::nicks() const
{
    if (m_kind == Kind::Private)
        return {m_target};
    return m_nicks;
}

QStringList ChatPage::shownMembers() const
{
    QStringList out;
    if (!m_members)
        return out;
    for (int i = 0; i < m_members->count(); ++i)
        out.append(m_members->item(i)->text() +
                   (m_members->item(i)->font().italic() ? tr(" (away)") : QString()));
    return out;
}

} // namespace ui
