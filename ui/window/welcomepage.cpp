// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/welcomepage.h"

#include <QFont>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

namespace {

QLabel* plainLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText); // nicks and host names are data
    label->setWordWrap(true);
    return label;
}

} // namespace

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Welcome"));
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* column = new QVBoxLayout;
    outer->addLayout(column);
    outer->addStretch(2);

    m_title = plainLabel(QString(), this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_title->setFont(big);
    column->addWidget(m_title);
    column->addWidget(plainLabel(tr("Three ways into a chat:"), this));
    column->addSpacing(8);

    auto* ways = new QGridLayout;
    ways->setColumnStretch(1, 1);
    ways->setHorizontalSpacing(16);
    ways->setVerticalSpacing(14);
    column->addLayout(ways);

    auto* host = new QPushButton(tr("&Host a chat..."), this);
    ways->addWidget(host, 0, 0, Qt::AlignTop);
    ways->addWidget(plainLabel(tr("Start a chat on this computer. Others on the network see it "
                                  "in their list of hosts and join with a double-click."),
                               this),
                    0, 1);
    connect(host, &QPushButton::clicked, this, &WelcomePage::hostRequested);

    ways->addWidget(plainLabel(tr("Found on the network"), this), 1, 0, Qt::AlignTop);
    auto* foundColumn = new QVBoxLayout;
    foundColumn->addWidget(plainLabel(tr("Hosts on this network appear under Hosts in the "
                                         "Network panel: double-click one to join it."),
                                      this));
    m_found = plainLabel(QString(), this);
    foundColumn->addWidget(m_found);
    ways->addLayout(foundColumn, 1, 1);

    ways->addWidget(plainLabel(tr("By address"), this), 2, 0, Qt::AlignTop);
    auto* addressRow = new QHBoxLayout;
    m_address = new QLineEdit(this);
    m_address->setPlaceholderText(tr("host:port, e.g. 192.168.1.20:6667"));
    m_address->setAccessibleName(tr("Address of the host to join"));
    auto* join = new QPushButton(tr("&Join"), this);
    addressRow->addWidget(m_address, 1);
    addressRow->addWidget(join);
    auto* addressColumn = new QVBoxLayout;
    addressColumn->addLayout(addressRow);
    addressColumn->addWidget(
        plainLabel(tr("A host you know the address of, on this network or another (any IRC server "
                      "works too)."),
                   this));
    ways->addLayout(addressColumn, 2, 1);
    auto joinTyped = [this] {
        const QString address = m_address->text().trimmed();
        if (!address.isEmpty())
            emit joinRequested(address);
    };
    connect(join, &QPushButton::clicked, this, joinTyped);
    connect(m_address, &QLineEdit::returnPressed, this, joinTyped);

    // Not too wide on a big screen: the words stay readable.
    for (auto* w : findChildren<QWidget*>())
        w->setMaximumWidth(720);
    setNick(QString());
    setFoundHosts({});
}

void WelcomePage::setNick(const QString& nick)
{
    m_title->setText(nick.isEmpty() ? tr("Welcome to LanChat")
                                    : tr("Welcome to LanChat, %1").arg(nick));
}

void WelcomePage::setFoundHosts(const QStringList& hosts)
{
    m_found->setText(hosts.isEmpty()
                         ? tr("No host found yet: when someone hosts a chat here, it shows.")
                         : tr("Found now: %1").arg(hosts.join(QStringLiteral(", "))));
}

QString WelcomePage::text() const
{
    QStringList words;
    for (const QLabel* label : findChildren<QLabel*>())
        words << label->text();
    for (const QPushButton* button : findChildren<QPushButton*>())
        words << button->text().remove(QLatin1Char('&'));
    return words.join(QLatin1Char('\n'));
}

} // namespace ui
