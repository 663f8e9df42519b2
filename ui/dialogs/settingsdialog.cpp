// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ui {

SettingsDialog::SettingsDialog(const AppSettings& s, const QStringList& loops, QWidget* parent)
    : QDialog(parent)
    , m_base(s)
{
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);
    auto* tabs = new QTabWidget(this);
    layout->addWidget(tabs);

    auto* nickValidator = new QRegularExpressionValidator(nickPattern(), this);
    auto* identity = new QWidget(tabs);
    auto* identityForm = new QFormLayout(identity);
    m_nick = new QLineEdit(s.nick, identity);
    m_nick->setValidator(nickValidator);
    identityForm->addRow(tr("&Nick:"), m_nick);
    m_alternative = new QLineEdit(s.alternativeNick, identity);
    m_alternative->setValidator(nickValidator);
    identityForm->addRow(tr("&Alternative nick:"), m_alternative);
    m_realName = new QLineEdit(s.realName, identity);
    identityForm->addRow(tr("&Real name:"), m_realName);
    tabs->addTab(identity, tr("Identity"));

    auto* network = new QWidget(tabs);
    auto* networkForm = new QFormLayout(network);
    m_port = new QSpinBox(network);
    m_port->setRange(1, 65535);
    m_port->setValue(s.defaultPort);
    networkForm->addRow(tr("Default &port:"), m_port);
    m_loop = new QComboBox(network);
    m_loop->addItems(loops);
    m_loop->setCurrentText(s.loop);
    networkForm->addRow(tr("&Event loop:"), m_loop);
    m_presence = new QComboBox(network);
    m_presence->setEditable(true);
    m_presence->addItems(
        {QStringLiteral("auto"), QStringLiteral("loopback"), QStringLiteral("off")});
    m_presence->setCurrentText(s.presenceMode);
    m_presence->setToolTip(tr("auto: every network card's broadcast address; loopback: this "
                              "computer only; off; or a list such as 192.168.1.255,eth1. "
                              "Takes effect at the next start."));
    networkForm->addRow(tr("Pre&sence:"), m_presence);
    tabs->addTab(network, tr("Network"));

    auto* notify = new QWidget(tabs);
    auto* notifyForm = new QFormLayout(notify);
    m_mentions = new QCheckBox(tr("When my nick or a highlight word is mentioned"), notify);
    m_mentions->setChecked(s.notifyMentions);
    notifyForm->addRow(m_mentions);
    m_private = new QCheckBox(tr("On private messages"), notify);
    m_private->setChecked(s.notifyPrivate);
    notifyForm->addRow(m_private);
    m_quietAway = new QCheckBox(tr("Not while I am away"), notify);
    m_quietAway->setChecked(s.quietWhileAway);
    notifyForm->addRow(m_quietAway);
    m_highlights = new QLineEdit(s.highlightWords.join(QStringLiteral(", ")), notify);
    m_highlights->setPlaceholderText(tr("words, separated by commas"));
    notifyForm->addRow(tr("&Highlight words:"), m_highlights);
    tabs->addTab(notify, tr("Notifications"));

    auto* look = new QWidget(tabs);
    auto* lookForm = new QFormLayout(look);
    m_theme = new QComboBox(look);
    m_theme->addItem(tr("System"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(s.theme)));
    lookForm->addRow(tr("&Theme:"), m_theme);
    m_font = new QFontComboBox(look);
    QFont font;
    if (!s.font.isEmpty())
        font.fromString(s.font);
    m_font->setCurrentFont(font);
    lookForm->addRow(tr("&Font:"), m_font);
    m_fontSize = new QSpinBox(look);
    m_fontSize->setRange(6, 48);
    m_fontSize->setValue(font.pointSize() > 0 ? font.pointSize() : 10);
    lookForm->addRow(tr("Font si&ze:"), m_fontSize);
    m_scrollback = new QSpinBox(look);
    m_scrollback->setRange(100, 100000);
    m_scrollback->setSingleStep(500);
    m_scrollback->setValue(s.scrollback);
    m_scrollback->setSuffix(tr(" lines"));
    lookForm->addRow(tr("&Scrollback:"), m_scrollback);
    tabs->addTab(look, tr("Appearance"));

    auto* kept = new QWidget(tabs);
    auto* keptForm = new QFormLayout(kept);
    m_history = new QCheckBox(tr("Keep a history of every chat (on this computer)"), kept);
    m_history->setChecked(s.historyEnabled);
    keptForm->addRow(m_history);
    m_historyDays = new QSpinBox(kept);
    m_historyDays->setRange(0, 36500);
    m_historyDays->setSpecialValueText(tr("forever"));
    m_historyDays->setSuffix(tr(" days"));
    m_historyDays->setValue(s.historyDays);
    keptForm->addRow(tr("&Keep for:"), m_historyDays);
    m_historyLines = new QSpinBox(kept);
    m_historyLines->setRange(0, 10000);
    m_historyLines->setValue(s.historyLines);
    keptForm->addRow(tr("Lines shown when a chat &opens:"), m_historyLines);
    tabs->addTab(kept, tr("History"));

    auto* files = new QWidget(tabs);
    auto* filesForm = new QFormLayout(files);
    m_downloadFolder = new QLineEdit(s.downloadFolderPath(), files);
    auto* browse = new QPushButton(tr("&Browse..."), files);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Where received files go"), m_downloadFolder->text());
        if (!folder.isEmpty())
            m_downloadFolder->setText(folder);
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_downloadFolder, 1);
    folderRow->addWidget(browse);
    filesForm->addRow(tr("Received files go &to:"), folderRow);
    m_autoAccept = new QLineEdit(s.autoAcceptFrom.join(QStringLiteral(", ")), files);
    m_autoAccept->setPlaceholderText(tr("nobody: every file is asked about"));
    m_autoAccept->setToolTip(tr("Nicks whose files are saved without asking, comma-separated."));
    filesForm->addRow(tr("&Accept files from:"), m_autoAccept);
    tabs->addTab(files, tr("Files"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    // Wide enough for every tab's title, in any language (no scroll arrows hiding some).
    const QMargins margins = layout->contentsMargins();
    setMinimumWidth(tabs->tabBar()->sizeHint().width() + margins.left() + margins.right() + 8);
}

AppSettings SettingsDialog::values() const
{
    AppSettings s = m_base;
    if (!m_nick->text().isEmpty())
        s.nick = m_nick->text();
    s.alternativeNick = m_alternative->text();
    s.realName = m_realName->text();
    s.defaultPort = static_cast<quint16>(m_port->value());
    s.loop = m_loop->currentText();
    s.presenceMode = m_presence->currentText().trimmed();
    s.notifyMentions = m_mentions->isChecked();
    s.notifyPrivate = m_private->isChecked();
    s.quietWhileAway = m_quietAway->isChecked();
    s.highlightWords.clear();
    for (const auto& word : m_highlights->text().split(QLatin1Char(',')))
        if (!word.trimmed().isEmpty())
            s.highlightWords.append(word.trimmed());
    s.theme = m_theme->currentData().toString();
    QFont font = m_font->currentFont();
    font.setPointSize(m_fontSize->value());
    s.font = font.toString();
    s.scrollback = m_scrollback->value();
    s.historyEnabled = m_history->isChecked();
    s.historyDays = m_historyDays->value();
    s.historyLines = m_historyLines->value();
    const QString folder = m_downloadFolder->text().trimmed();
    s.downloadFolder = folder == m_base.downloadFolderPath() ? m_base.downloadFolder : folder;
    s.autoAcceptFrom.clear();
    for (const auto& nick : m_autoAccept->text().split(QLatin1Char(',')))
        if (!nick.trimmed().isEmpty())
            s.autoAcceptFrom.append(nick.trimmed());
    return s;
}

} // namespace ui
