// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/networkpanel.h"

#include "plaintext.h"

#include <QAction>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ui {

namespace {

constexpr int AddressRole = Qt::UserRole;      // "host:port" to join
constexpr int InstanceRole = Qt::UserRole + 1; // presence instance
constexpr int ChatRole = Qt::UserRole + 2;     // a person's host ("host:port"), "" for none
constexpr int PersonRole = Qt::UserRole + 3;   // a person's nick (presence or favourite rows)

QString joinAddress(const QString& ip, quint16 port)
{
    const bool v6 = ip.contains(QLatin1Char(':'));
    return (v6 ? QLatin1Char('[') + ip + QLatin1Char(']') : ip) + QLatin1Char(':') +
           QString::number(port);
}

} // namespace

NetworkPanel::NetworkPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* joinRow = new QHBoxLayout;
    m_joinEntry = new QLineEdit(this);
    m_joinEntry->setPlaceholderText(tr("host:port, e.g. 192.168.1.20:6667"));
    m_joinEntry->setAccessibleName(tr("Host to join"));
    auto* joinButton = new QPushButton(tr("&Join"), this);
    joinButton->setAccessibleName(tr("Join the host typed"));
    joinRow->addWidget(m_joinEntry, 1);
    joinRow->addWidget(joinButton);
    layout->addLayout(joinRow);
    auto join = [this] {
        const QString address = m_joinEntry->text().trimmed();
        if (!address.isEmpty())
            emit joinRequested(address);
    };
    connect(joinButton, &QPushButton::clicked, this, join);
    connect(m_joinEntry, &QLineEdit::returnPressed, this, join);

    auto* hostRow = new QHBoxLayout;
    m_hostButton = new QPushButton(tr("&Host a chat..."), this);
    m_hostState = new QLabel(tr("Not hosting"), this);
    m_hostState->setTextFormat(Qt::PlainText);
    hostRow->addWidget(m_hostButton);
    hostRow->addWidget(m_hostState, 1);
    layout->addLayout(hostRow);
    connect(m_hostButton, &QPushButton::clicked, this, [this] {
        if (m_hosting)
            emit stopHostRequested();
        else
            emit hostRequested();
    });

    m_tree = new QTreeWidget(this);
    m_tree->setHeaderLabels({tr("Name"), tr("Where"), tr("Details")});
    m_tree->setAccessibleName(tr("Hosts and people on the network"));
    m_tree->setRootIsDecorated(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_hosts = new QTreeWidgetItem(m_tree, {tr("Hosts")});
    m_people = new QTreeWidgetItem(m_tree, {tr("People")});
    m_favourites = new QTreeWidgetItem(m_tree, {tr("Favourites")});
    m_favouritePeople = new QTreeWidgetItem(m_tree, {tr("Favourite people")});
    m_recent = new QTreeWidgetItem(m_tree, {tr("Recent")});
    m_connections = new QTreeWidgetItem(m_tree, {tr("Connections")});
    for (auto* top :
         {m_hosts, m_people, m_favourites, m_favouritePeople, m_recent, m_connections}) {
        top->setExpanded(true);
        top->setFlags(Qt::ItemIsEnabled);
    }
    layout->addWidget(m_tree, 3);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString address = item->data(0, AddressRole).toString();
        const QString chat = item->data(0, ChatRole).toString();
        if (!address.isEmpty())
            emit joinRequested(address);
        else if (!chat.isEmpty())
            emit privateChatRequested(chat, item->text(0));
    });
    // A host's menu: join, favourite, join on start.
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        QTreeWidgetItem* item = m_tree->itemAt(at);
        const QString address = item ? item->data(0, AddressRole).toString() : QString();
        const QString person = item ? item->data(0, PersonRole).toString() : QString();
        if (!person.isEmpty()) {
            // A person's menu: a favourite (watched in every chat) or not.
            QMenu menu(this);
            const bool favourite =
                m_online.contains(person.toLower()) || item->parent() == m_favouritePeople;
            menu.addAction(
                favourite ? tr("Remove from favourite &people") : tr("Add to favourite &people"),
                this,
                [this, person, favourite] { emit favouritePersonChanged(person, !favourite); });
            menu.exec(m_tree->viewport()->mapToGlobal(at));
            return;
        }
        if (address.isEmpty())
            return;
        QMenu menu(this);
        menu.addAction(tr("&Join %1").arg(address), this,
                       [this, address] { emit joinRequested(address); });
        const bool favourite = m_favouriteList.contains(address);
        menu.addAction(favourite ? tr("Remove from &favourites") : tr("Add to &favourites"), this,
                       [this, address, favourite] { emit favouriteChanged(address, !favourite); });
        QAction* autoJoin = menu.addAction(tr("Join on &start"));
        autoJoin->setCheckable(true);
        autoJoin->setChecked(m_autoConnectList.contains(address));
        connect(autoJoin, &QAction::toggled, this,
                [this, address](bool on) { emit autoConnectChanged(address, on); });
        if (item->parent() == m_recent)
            menu.addAction(tr("&Remove from recent"), this,
                           [this, address] { emit recentRemoved(address); });
        menu.exec(m_tree->viewport()->mapToGlobal(at));
    });

    // Delete on a Recent row removes it.
    auto* remove = new QAction(tr("Remove from recent"), m_tree);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    m_tree->addAction(remove);
    connect(remove, &QAction::triggered, this, [this] {
        QTreeWidgetItem* item = m_tree->currentItem();
        if (item && item->parent() == m_recent)
            emit recentRemoved(item->data(0, AddressRole).toString());
    });

    auto* box = new QGroupBox(tr("Presence diagnostics"), this);
    auto* boxLayout = new QVBoxLayout(box);
    m_diagnostics = new QPlainTextEdit(box);
    m_diagnostics->setReadOnly(true);
    m_diagnostics->setAccessibleName(tr("Presence diagnostics"));
    m_diagnostics->setMaximumBlockCount(200);
    boxLayout->addWidget(m_diagnostics);
    layout->addWidget(box, 1);
}

void NetworkPanel::setPeer(const bridge::PeerInfo& p)
{
    QTreeWidgetItem* parent = p.host ? m_hosts : m_people;
    QTreeWidgetItem* item = m_items.value(p.instance);
    if (item && item->parent() != parent) {
        delete item;
        item = nullptr;
    }
    if (!item) {
        item = new QTreeWidgetItem(parent);
        m_items.insert(p.instance, item);
    }
    item->setData(0, InstanceRole, p.instance);
    item->setText(0, p.name); // QTreeWidgetItem text is plain text
    if (p.host) {
        // A host that announced TLS is joined encrypted (ircs://, its TLS port); the row shows
        // both ports: "192.168.1.20:6667, TLS 6697".
        const QString tlsMark = QStringLiteral("TLS ");
        const QString address = p.tlsPort != 0
                                    ? QStringLiteral("ircs://") + joinAddress(p.address, p.tlsPort)
                                    : joinAddress(p.address, p.tcpPort);
        item->setData(0, AddressRole, address);
        if (p.tlsPort == 0)
            item->setText(1, address);
        else if (p.tcpPort == 0)
            item->setText(1, tlsMark + joinAddress(p.address, p.tlsPort));
        else
            item->setText(1, joinAddress(p.address, p.tcpPort) + QStringLiteral(", ") + tlsMark +
                                 QString::number(p.tlsPort));
        QString details = tr("%n user(s)", nullptr, p.users);
        if (p.roundTripMs >= 0)
            details += QStringLiteral(", ") + tr("%1 ms").arg(p.roundTripMs, 0, 'f', 1);
        item->setText(2, details);
        item->setToolTip(
            0, plainForRichText(
                   p.tlsPort != 0 ? tr("%1 (%2); double-click to join, encrypted (TLS). The host's "
                                       "certificate (SHA-256): %3")
                                        .arg(p.name, p.chat, p.tlsFingerprint)
                                  : tr("%1 (%2); double-click to join").arg(p.name, p.chat)));
    } else {
        item->setData(0, ChatRole, p.chat);
        item->setData(0, PersonRole, p.name);
        item->setText(1, p.address);
        item->setText(2, (p.away ? tr("away") : tr("available")) +
                             (p.chat.isEmpty() ? QString() : tr(", in %1").arg(p.chat)));
        item->setToolTip(
            0, plainForRichText(
                   p.chat.isEmpty()
                       ? tr("%1 is not in a chat").arg(p.name)
                       : tr("%1 (in %2); double-click to talk privately").arg(p.name, p.chat)));
    }
}

void NetworkPanel::removePeer(quint64 instance)
{
    delete m_items.take(instance);
}

void NetworkPanel::setRecentHosts(const QStringList& hosts)
{
    qDeleteAll(m_recent->takeChildren());
    for (const auto& host : hosts) {
        auto* item = new QTreeWidgetItem(m_recent, {host});
        item->setData(0, AddressRole, host);
        item->setToolTip(
            0, plainForRichText(tr("Double-click to join %1; Delete removes it").arg(host)));
    }
}

void NetworkPanel::setFavourites(const QStringList& hosts, const QStringList& autoConnect)
{
    m_favouriteList = hosts;
    m_autoConnectList = autoConnect;
    qDeleteAll(m_favourites->takeChildren());
    for (const auto& host : hosts) {
        auto* item = new QTreeWidgetItem(m_favourites, {host});
        item->setData(0, AddressRole, host);
        if (autoConnect.contains(host))
            item->setText(2, tr("joined on start"));
        item->setToolTip(0, plainForRichText(tr("Double-click to join %1").arg(host)));
    }
}

void NetworkPanel::setFavouritePeople(const QStringList& nicks)
{
    QHash<QString, QStringList> online;
    for (const QString& nick : nicks)
        online.insert(nick.toLower(), m_online.value(nick.toLower()));
    m_online = online;
    m_reported.removeIf([&](const QString& nick) { return !m_online.contains(nick); });
    qDeleteAll(m_favouritePeople->takeChildren());
    for (const QString& nick : nicks) {
        auto* item = new QTreeWidgetItem(m_favouritePeople, {nick});
        item->setData(0, PersonRole, nick);
    }
    showFavouritePeople();
}

void NetworkPanel::setPersonOnline(const QString& nick, const QString& chat, bool online)
{
    const auto it = m_online.find(nick.toLower());
    if (it == m_online.end())
        return;
    it->removeAll(chat);
    if (online)
        it->append(chat);
    m_reported.insert(nick.toLower());
    showFavouritePeople();
}

void NetworkPanel::showFavouritePeople()
{
    for (int i = 0; i < m_favouritePeople->childCount(); ++i) {
        QTreeWidgetItem* item = m_favouritePeople->child(i);
        const QString nick = item->data(0, PersonRole).toString();
        const QStringList chats = m_online.value(nick.toLower());
        item->setText(1, chats.join(QStringLiteral(", ")));
        // Unknown until a chat says (a server without MONITOR never does).
        item->setText(2, !chats.isEmpty()                      ? tr("online")
                         : m_reported.contains(nick.toLower()) ? tr("offline")
                                                               : tr("not known"));
        item->setData(0, ChatRole, chats.value(0));
        item->setForeground(0, chats.isEmpty() ? palette().color(QPalette::PlaceholderText)
                                               : palette().color(QPalette::Text));
        item->setToolTip(
            0, plainForRichText(chats.isEmpty()
                                    ? tr("%1 is in none of your chats now").arg(nick)
                                    : tr("%1 is online in %2; double-click to talk privately")
                                          .arg(nick, chats.join(QStringLiteral(", ")))));
    }
}

void NetworkPanel::setConnections(const QList<Connection>& connections)
{
    qDeleteAll(m_connections->takeChildren());
    for (const auto& c : connections) {
        auto* item = new QTreeWidgetItem(m_connections, {c.nick, c.address, c.state});
        if (c.lagMs >= 0)
            item->setText(2, c.state + QStringLiteral(", ") + tr("lag %1 ms").arg(c.lagMs));
    }
}

void NetworkPanel::setHosting(bool hosting, const QString& text)
{
    m_hosting = hosting;
    m_hostButton->setText(hosting ? tr("&Stop hosting") : tr("&Host a chat..."));
    m_hostState->setText(text);
}

void NetworkPanel::setDiagnostics(const bridge::PresenceDiagnostics& d)
{
    QStringList lines;
    lines << tr("Mode: %1, UDP port %2").arg(d.mode).arg(d.port);
    lines << (d.listening ? tr("Listening for announces") : tr("Not listening"));
    if (!d.bindError.isEmpty())
        lines << tr("Cannot listen: %1").arg(d.bindError);
    if (!d.interfaceError.isEmpty())
        lines << d.interfaceError;
    lines << tr("Interfaces:");
    for (const auto& i : d.interfaces)
        lines << QStringLiteral("  ") + i;
    lines << tr("Announcing to:");
    for (const auto& t : d.targets)
        lines << QStringLiteral("  ") + t;
    lines << tr("Received: %1").arg(d.received);
    if (!d.dropped.isEmpty())
        lines << tr("Dropped: %1").arg(d.dropped.join(QStringLiteral(", ")));
    // Rewritten only when it changed, and where the reader had scrolled to: it comes every
    // second, and its last lines must stay readable.
    const QString text = lines.join(QLatin1Char('\n'));
    if (text == m_diagnostics->toPlainText())
        return;
    QScrollBar* vertical = m_diagnostics->verticalScrollBar();
    QScrollBar* horizontal = m_diagnostics->horizontalScrollBar();
    const bool atEnd = vertical->value() > 0 && vertical->value() == vertical->maximum();
    const int top = vertical->value();
    const int left = horizontal->value();
    m_diagnostics->setPlainText(text);
    vertical->setValue(atEnd ? vertical->maximum() : top);
    horizontal->setValue(left);
}

QStringList NetworkPanel::hostRows() const
{
    QStringList rows;
    for (int i = 0; i < m_hosts->childCount(); ++i) {
        const auto* item = m_hosts->child(i);
        rows << item->text(0) + QStringLiteral(" - ") + item->text(1) + QStringLiteral(" - ") +
                    item->text(2);
    }
    return rows;
}

QStringList NetworkPanel::favouritePeopleRows() const
{
    QStringList rows;
    for (int i = 0; i < m_favouritePeople->childCount(); ++i) {
        const auto* item = m_favouritePeople->child(i);
        rows << item->text(0) + QStringLiteral(" - ") + item->text(1) + QStringLiteral(" - ") +
                    item->text(2);
    }
    return rows;
}

QStringList NetworkPanel::peopleRows() const
{
    QStringList rows;
    for (int i = 0; i < m_people->childCount(); ++i) {
        const auto* item = m_people->child(i);
        rows << item->text(0) + QStringLiteral(" - ") + item->text(2);
    }
    return rows;
}

} // namespace ui
