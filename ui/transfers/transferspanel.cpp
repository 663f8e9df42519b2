// SPDX-License-Identifier: GPL-3.0-or-later
#include "transfers/transferspanel.h"

#include "bridge/chatsession.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace ui {

namespace {

using State = bridge::TransferInfo::State;

QString timeText(qint64 seconds)
{
    if (seconds < 60)
        return TransfersPanel::tr("%n s", nullptr, static_cast<int>(seconds));
    if (seconds < 3600)
        return TransfersPanel::tr("%n min", nullptr, static_cast<int>((seconds + 30) / 60));
    return TransfersPanel::tr("%n h", nullptr, static_cast<int>((seconds + 1800) / 3600));
}

} // namespace

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1); // "512 bytes", "1.9 KiB" (IEC units)
}

TransfersPanel::TransfersPanel(const AppSettings* settings, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("transferList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels(
        {tr("File"), tr("Person"), tr("Progress"), tr("Speed"), tr("Time left"), tr("State")});
    m_list->header()->setSectionResizeMode(FileColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_list->setColumnWidth(ProgressColumn, 140);
    layout->addWidget(m_list, 1);
    m_empty = new QLabel(tr("No files yet. Send one with Chat > Send file..., by dropping it on "
                            "a private chat, or with /dcc send nick file."),
                         this);
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);

    auto* buttons = new QHBoxLayout;
    const auto button = [this, buttons](const QString& text, auto slot) {
        auto* b = new QPushButton(text, this);
        buttons->addWidget(b);
        connect(b, &QPushButton::clicked, this, slot);
        return b;
    };
    m_accept = button(tr("&Accept"), [this] { accept(); });
    m_saveAs = button(tr("Save &as..."), [this] { saveAs(); });
    m_decline = button(tr("&Decline"), [this] { decline(); });
    m_cancel = button(tr("&Cancel"), [this] { cancel(); });
    m_open = button(tr("&Open"), [this] { openFile(false); });
    m_folder = button(tr("Show in &folder"), [this] { openFile(true); });
    m_remove = button(tr("&Remove finished"), [this] { removeFinished(); });
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &TransfersPanel::updateButtons);
    updateButtons();
}

void TransfersPanel::watch(bridge::ChatSession* session)
{
    connect(session, &bridge::ChatSession::transferChanged, this,
            [this, session](bridge::TransferChange change, const bridge::TransferInfo& info,
                            const QString& text) { handle(session, change, info, text); });
    connect(session, &QObject::destroyed, this, [this] { updateButtons(); });
}

void TransfersPanel::sendFiles(bridge::ChatSession* session, const QString& nick,
                               const QStringList& paths)
{
    for (const auto& path : paths)
        session->sendFile(nick, QDir::toNativeSeparators(path));
}

int TransfersPanel::count() const
{
    return m_list->topLevelItemCount();
}

QTreeWidgetItem* TransfersPanel::item(bridge::ChatSession* session, quint64 id) const
{
    for (auto it = m_rows.begin(); it != m_rows.end(); ++it)
        if (it->session == session && it->info.id == id)
            return it.key();
    return nullptr;
}

bridge::TransferInfo TransfersPanel::info(QTreeWidgetItem* item) const
{
    return m_rows.value(item).info;
}

void TransfersPanel::handle(bridge::ChatSession* session, bridge::TransferChange change,
                            const bridge::TransferInfo& info, const QString& text)
{
    using C = bridge::TransferChange;
    if (change == C::Problem) {
        emit told(session, info.nick, text, true);
        return;
    }
    QTreeWidgetItem* item = rowFor(session, info);
    const State before = m_rows[item].info.state;
    m_rows[item].info = info;
    update(item);
    if (change == C::Offered) {
        const bool trusted = std::any_of(
            m_settings->autoAcceptFrom.begin(), m_settings->autoAcceptFrom.end(),
            [&](const QString& nick) { return session->fold(nick) == session->fold(info.nick); });
        if (trusted) {
            const QString folder = m_settings->downloadFolderPath();
            QDir().mkpath(folder);
            session->acceptTransfer(info.id, folder);
        }
        emit offered(session, info, trusted);
        m_list->setCurrentItem(item);
    } else if (change == C::Refused) {
        emit told(
            session, info.nick,
            tr("Refused the file %1 from %2: %3").arg(info.offeredName, info.nick, info.error),
            true);
    } else if (info.finished() && before != info.state) {
        tellEnd(session, info);
    }
    updateButtons();
}

void TransfersPanel::tellEnd(bridge::ChatSession* session, const bridge::TransferInfo& info)
{
    const QString name = info.offeredName;
    if (info.state == State::Done) {
        emit told(session, info.nick,
                  info.sending
                      ? tr("Sent %1 to %2 (%3).").arg(name, info.nick, sizeText(info.position))
                      : tr("Received %1 from %2 (%3): %4")
                            .arg(name, info.nick, sizeText(info.position),
                                 QDir::toNativeSeparators(info.path)),
                  false);
        if (!info.sending)
            emit received(session, info);
        return;
    }
    emit told(
        session, info.nick,
        (info.sending ? tr("Sending %1 to %2 failed: %3") : tr("Receiving %1 from %2 failed: %3"))
            .arg(name, info.nick, info.error),
        true);
}

QTreeWidgetItem* TransfersPanel::rowFor(bridge::ChatSession* session,
                                        const bridge::TransferInfo& info)
{
    if (info.id != 0)
        if (QTreeWidgetItem* existing = item(session, info.id))
            return existing;
    auto* row = new QTreeWidgetItem;
    m_list->insertTopLevelItem(0, row);
    auto* bar = new QProgressBar(m_list);
    bar->setRange(0, 1000);
    bar->setTextVisible(true);
    m_list->setItemWidget(row, ProgressColumn, bar);
    m_rows.insert(row, {session, info});
    m_empty->hide();
    return row;
}

void TransfersPanel::update(QTreeWidgetItem* item)
{
    const bridge::TransferInfo& t = m_rows[item].info;
    // Peer text goes into items as plain text (QTreeWidgetItem does not render markup).
    item->setText(FileColumn, (t.sending ? QStringLiteral("\u2191 ") : QStringLiteral("\u2193 ")) +
                                  t.offeredName);
    item->setToolTip(FileColumn,
                     t.path.isEmpty() ? t.offeredName : QDir::toNativeSeparators(t.path));
    item->setText(PersonColumn, t.nick);
    item->setToolTip(PersonColumn, t.peerAddress);
    const bool moving = t.state == State::Transferring;
    item->setText(SpeedColumn, moving && t.bytesPerSecond > 0
                                   ? sizeText(static_cast<qint64>(t.bytesPerSecond)) + tr("/s")
                                   : QString());
    item->setText(LeftColumn, moving && t.secondsLeft >= 0 ? timeText(t.secondsLeft) : QString());
    QString state = bridge::transferStateText(t.state);
    if (t.state == State::Failed && !t.errorName.isEmpty())
        state += QStringLiteral(": ") + t.errorName;
    item->setText(StateColumn, state);
    item->setToolTip(StateColumn, t.error);
    if (auto* bar = qobject_cast<QProgressBar*>(m_list->itemWidget(item, ProgressColumn))) {
        const qint64 size = t.size;
        const int permille = size > 0 ? static_cast<int>(t.position * 1000 / size)
                                      : (t.state == State::Done ? 1000 : 0);
        bar->setValue(std::clamp(permille, 0, 1000));
        bar->setFormat(size >= 0 ? QStringLiteral("%p% (") + sizeText(size) + QLatin1Char(')')
                                 : sizeText(t.position));
    }
}

TransfersPanel::Row* TransfersPanel::selected()
{
    QTreeWidgetItem* current = m_list->currentItem();
    const auto it = m_rows.find(current);
    if (it == m_rows.end() || !it->session)
        return nullptr;
    return &it.value();
}

void TransfersPanel::updateButtons()
{
    const Row* row = selected();
    const State state = row ? row->info.state : State::Failed;
    const bool offer = row && !row->info.sending && state == State::Offered;
    m_accept->setEnabled(offer);
    m_saveAs->setEnabled(offer);
    m_decline->setEnabled(offer);
    m_cancel->setEnabled(row && !row->info.finished() && state != State::Offered);
    m_open->setEnabled(row && !row->info.sending && state == State::Done);
    m_folder->setEnabled(row && !row->info.path.isEmpty() &&
                         (row->info.sending || state == State::Done || state == State::Failed));
    m_remove->setEnabled(
        std::any_of(m_rows.begin(), m_rows.end(), [](const Row& r) { return r.info.finished(); }));
}

bool TransfersPanel::act(bridge::ChatSession* session, quint64 id, const QString& action)
{
    QTreeWidgetItem* row = item(session, id);
    if (!row || m_rows.value(row).info.state != State::Offered)
        return false;
    m_list->setCurrentItem(row);
    if (action == QLatin1String("accept"))
        accept();
    else if (action == QLatin1String("save-as"))
        saveAs();
    else if (action == QLatin1String("decline"))
        decline();
    else
        return false;
    return true;
}

void TransfersPanel::accept()
{
    if (Row* row = selected(); row && row->info.state == State::Offered) {
        const QString folder = m_settings->downloadFolderPath();
        QDir().mkpath(folder);
        row->session->acceptTransfer(row->info.id, folder);
    }
}

void TransfersPanel::acceptAs(const QString& filePath)
{
    if (Row* row = selected(); row && row->info.state == State::Offered && !filePath.isEmpty())
        row->session->acceptTransferAs(row->info.id, filePath);
}

void TransfersPanel::saveAs()
{
    const Row* row = selected();
    if (!row)
        return;
    const QString suggested = QDir(m_settings->downloadFolderPath()).filePath(row->info.safeName);
    // The dialog asks before replacing a file that exists: the user's choice.
    acceptAs(QFileDialog::getSaveFileName(this, tr("Save the file from %1").arg(row->info.nick),
                                          suggested));
}

void TransfersPanel::decline()
{
    if (Row* row = selected(); row && row->info.state == State::Offered)
        row->session->declineTransfer(row->info.id);
}

void TransfersPanel::cancel()
{
    if (Row* row = selected(); row && !row->info.finished())
        row->session->cancelTransfer(row->info.id);
}

void TransfersPanel::openFile(bool folder)
{
    const Row* row = selected();
    if (!row || row->info.path.isEmpty())
        return;
    const QFileInfo file(row->info.path);
    const QString target = folder ? file.absolutePath() : file.absoluteFilePath();
    QString why;
    if (!QFileInfo::exists(target))
        why = tr("It is no longer there (moved or deleted).");
    else if (!QDesktopServices::openUrl(QUrl::fromLocalFile(target)))
        why = tr("The system has no program set to open it.");
    if (!why.isEmpty())
        QMessageBox::warning(this, folder ? tr("Show in folder") : tr("Open"),
                             tr("%1 cannot be opened.").arg(QDir::toNativeSeparators(target)) +
                                 QLatin1Char(' ') + why);
}

void TransfersPanel::removeFinished()
{
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (!it->info.finished()) {
            ++it;
            continue;
        }
        if (it->session)
            it->session->forgetTransfer(it->info.id);
        delete it.key();
        it = m_rows.erase(it);
    }
    m_empty->setVisible(m_rows.isEmpty());
    updateButtons();
}

} // namespace ui
