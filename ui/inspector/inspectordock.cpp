// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/inspectordock.h"

#include "bridge/tracefeed.h"
#include "inspector/bytesmodel.h"
#include "inspector/inspectorroles.h"
#include "inspector/inspectorzoom.h"
#include "inspector/lifecyclemodel.h"
#include "inspector/loopmodel.h"
#include "inspector/socketsmodel.h"
#include "inspector/socketwords.h"
#include "inspector/timelinefilter.h"
#include "inspector/timelinemodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

namespace {

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(false);
    view->setAlternatingRowColors(false);
    view->verticalHeader()->setVisible(false);
    // Fixed row heights: the view never measures 100,000 rows.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return view;
}

// Every column at least as wide as its title (German titles are longer than the widths chosen
// for the English ones).
void fitTitles(QTableView* view)
{
    QHeaderView* header = view->horizontalHeader();
    const QFontMetrics metrics = header->fontMetrics();
    for (int c = 0; c < header->count(); ++c) {
        const QString title =
            view->model()->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        const int needed = metrics.horizontalAdvance(title) + 18;
        if (header->sectionSize(c) < needed)
            header->resizeSection(c, needed);
    }
}

} // namespace

InspectorDock::InspectorDock(QWidget* parent, bridge::TraceFeed* feed)
    : QDockWidget(tr("Socket Inspector"), parent)
    , m_feed(feed ? feed : new bridge::TraceFeed(this))
    , m_timeline(new TimelineModel(m_feed, this))
    , m_filter(new TimelineFilter(this))
    , m_sockets(new SocketsModel(m_feed, this))
    , m_lifecycle(new LifecycleModel(m_feed, this))
    , m_bytes(new BytesModel(m_feed, this))
    , m_loop(new LoopModel(m_feed, this))
{
    setObjectName(QStringLiteral("socketInspector"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                QDockWidget::DockWidgetFloatable);
    m_filter->setSourceTimeline(m_timeline);
    if (!feed)
        m_feed->setLive(true);

    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(makeToolBar());
    m_tabs = new QTabWidget(body);
    m_tabs->addTab(makeTimelineTab(), tr("Timeline"));
    m_tabs->addTab(makeSocketsTab(), tr("Sockets"));
    m_tabs->addTab(makeLifecycleTab(), tr("Lifecycle"));
    m_tabs->addTab(makeBytesTab(), tr("Bytes"));
    m_tabs->addTab(makeLoopTab(), tr("Loop"));
    layout->addWidget(m_tabs, 1);
    setWidget(body);
    m_zoom = new InspectorZoom(this);
    connect(m_zoom, &InspectorZoom::zoomed, this,
            [this](int percent) { emit message(tr("Socket Inspector at %1 %").arg(percent)); });

    connect(m_feed, &bridge::TraceFeed::socketsChanged, this, [this] {
        refreshSocketFilter();
        updateStatus();
    });
    connect(m_feed, &bridge::TraceFeed::batchDelivered, this, [this] { updateStatus(); });
    connect(m_feed, &bridge::TraceFeed::reset, this, [this] { updateStatus(); });
    connect(m_feed, &bridge::TraceFeed::osStatesRead, this, [this] { updateStatus(); });
    updateStatus();
}

InspectorDock::~InspectorDock() = default;

QWidget* InspectorDock::makeToolBar()
{
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    auto* file = new QToolButton(bar);
    file->setText(tr("File"));
    file->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(file);
    menu->addAction(tr("Open trace file..."), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open trace file"), {},
                                         tr("JSON Lines trace (*.jsonl *.json);;All files (*)"));
        if (!path.isEmpty())
            openTraceFile(path);
    });
    menu->addAction(tr("Export JSON Lines..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export JSON Lines"),
                                                          QStringLiteral("trace.jsonl"));
        if (!path.isEmpty())
            exportJsonLines(path);
    });
    menu->addAction(tr("Export CSV..."), this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export CSV"), QStringLiteral("trace.csv"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    menu->addAction(tr("Copy as text"), QKeySequence::Copy, this,
                    &InspectorDock::copySelectionAsText);
    file->setMenu(menu);
    row->addWidget(file);
    m_pause = new QToolButton(bar);
    m_pause->setText(tr("Pause"));
    m_pause->setCheckable(true);
    connect(m_pause, &QToolButton::toggled, this, &InspectorDock::setPaused);
    row->addWidget(m_pause);
    auto* clearButton = new QToolButton(bar);
    clearButton->setText(tr("Clear"));
    connect(clearButton, &QToolButton::clicked, this, &InspectorDock::clear);
    row->addWidget(clearButton);
    m_status = new QLabel(bar);
    row->addWidget(m_status, 1);
    return bar;
}

QWidget* InspectorDock::makeTimelineTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* filters = new QHBoxLayout;
    m_socketFilter = new QComboBox(page);
    m_socketFilter->addItem(tr("All sockets"), quint64(0));
    connect(m_socketFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setSocket(m_socketFilter->currentData().toULongLong()); });
    filters->addWidget(m_socketFilter);
    m_callFilter = new QComboBox(page);
    m_callFilter->addItem(tr("All calls"), -1);
    static const char* const kCalls[] = {"WSAStartup",
                                         "WSACleanup",
                                         "getaddrinfo",
                                         "socket",
                                         "setsockopt",
                                         "getsockopt",
                                         "fcntl / ioctlsocket",
                                         "ioctl / WSAIoctl",
                                         "bind",
                                         "listen",
                                         "accept",
                                         "connect",
                                         "getsockname",
                                         "send",
                                         "recv",
                                         "sendto",
                                         "recvfrom",
                                         "shutdown",
                                         "close / closesocket",
                                         "select",
                                         "WSAAsyncSelect",
                                         "FD message",
                                         "epoll_wait",
                                         "epoll_ctl",
                                         "TLS handshake",
                                         "SSL_write / EncryptMessage",
                                         "SSL_read / DecryptMessage"};
    static_assert(std::size(kCalls) == std::size_t(bridge::TraceCall::TlsDecrypt) + 1);
    for (int i = 0; i < int(std::size(kCalls)); ++i)
        m_callFilter->addItem(QString::fromLatin1(kCalls[i]), i);
    connect(m_callFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setCall(m_callFilter->currentData().toInt()); });
    filters->addWidget(m_callFilter);
    m_errorsOnly = new QCheckBox(tr("Errors only"), page);
    connect(m_errorsOnly, &QCheckBox::toggled, m_filter, &TimelineFilter::setErrorsOnly);
    filters->addWidget(m_errorsOnly);
    m_idleWaits = new QCheckBox(tr("Idle waits"), page);
    m_idleWaits->setToolTip(tr("Show the select() and epoll_wait() calls that timed out with "
                               "nothing to do (each loop makes about ten a second)"));
    connect(m_idleWaits, &QCheckBox::toggled, m_filter, &TimelineFilter::setShowIdleWaits);
    filters->addWidget(m_idleWaits);
    m_textFilter = new QLineEdit(page);
    m_textFilter->setPlaceholderText(tr("Filter text"));
    m_textFilter->setClearButtonEnabled(true);
    connect(m_textFilter, &QLineEdit::textChanged, m_filter, &TimelineFilter::setText);
    filters->addWidget(m_textFilter, 1);
    layout->addLayout(filters);

    m_timelineView = makeTable(m_filter, page);
    m_timelineView->setColumnWidth(
        TimelineModel::TimeColumn,
        m_timelineView->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000")) + 16);
    m_timelineView->setColumnWidth(TimelineModel::ThreadColumn, 52);
    m_timelineView->setColumnWidth(TimelineModel::SocketColumn, 52);
    m_timelineView->setColumnWidth(TimelineModel::ProtocolColumn, 45);
    m_timelineView->setColumnWidth(TimelineModel::CallColumn, 175);
    m_timelineView->setColumnWidth(TimelineModel::ArgumentsColumn, 400);
    m_timelineView->setColumnWidth(TimelineModel::ResultColumn, 55);
    m_timelineView->setColumnWidth(TimelineModel::BytesColumn, 60);
    fitTitles(m_timelineView);
    layout->addWidget(m_timelineView, 1);

    // Auto-scroll: follow the newest row until the user scrolls away from the bottom, and
    // again once they return to it.
    QScrollBar* bar = m_timelineView->verticalScrollBar();
    connect(bar, &QScrollBar::actionTriggered, this, [this, bar] {
        QMetaObject::invokeMethod(
            this, [this, bar] { m_follow = bar->value() >= bar->maximum(); }, Qt::QueuedConnection);
    });
    connect(bar, &QScrollBar::sliderReleased, this,
            [this, bar] { m_follow = bar->value() >= bar->maximum(); });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_follow)
            bar->setValue(max);
    });
    connect(m_timelineView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InspectorDock::handleTimelineSelection);
    return page;
}

QWidget* InspectorDock::makeSocketsTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_socketsView = makeTable(m_sockets, page);
    // Per SocketsModel column; the TLS one holds "TLSv1.3, TLS_AES_256_GCM_SHA384, 3A:4F:9C…".
    static constexpr int kSocketWidths[] = {45, 50,  130, 150, 150, 90, 100,
                                            90, 320, 75,  75,  70,  70, 60};
    static_assert(std::size(kSocketWidths) == SocketsModel::ErrorColumn);
    for (int c = 0; c < int(std::size(kSocketWidths)); ++c)
        m_socketsView->setColumnWidth(c, kSocketWidths[c]);
    fitTitles(m_socketsView);
    layout->addWidget(m_socketsView, 1);
    auto* clearClosed = new QToolButton(page);
    clearClosed->setText(tr("Clear closed sockets"));
    connect(clearClosed, &QToolButton::clicked, m_feed, &bridge::TraceFeed::clearClosed);
    layout->addWidget(clearClosed, 0, Qt::AlignLeft);
    connect(m_socketsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InspectorDock::handleSocketsSelection);
    return page;
}

QWidget* InspectorDock::makeLifecycleTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_lifecycleTitle =
        new QLabel(tr("Select a socket in the Timeline or the Sockets table."), page);
    m_lifecycleTitle->setTextFormat(Qt::PlainText);
    layout->addWidget(m_lifecycleTitle);
    m_lifecycleView = makeTable(m_lifecycle, page);
    m_lifecycleView->setColumnWidth(LifecycleModel::StepColumn, 230);
    m_lifecycleView->setColumnWidth(LifecycleModel::CallColumn, 430);
    m_lifecycleView->setColumnWidth(LifecycleModel::ResultColumn, 260);
    m_lifecycleView->setColumnWidth(LifecycleModel::TimeColumn, 80);
    fitTitles(m_lifecycleView);
    layout->addWidget(m_lifecycleView, 1);
    // A click on a step shows its call in the Timeline (and its bytes), and selects the step's
    // socket everywhere (another address's attempt, for a client that tried several).
    connect(
        m_lifecycleView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (m_syncing || !current.isValid())
                return;
            const quint64 socket = current.data(inspector::SocketIdRole).toULongLong();
            const quint64 seq = current.data(inspector::SeqRole).toULongLong();
            if (socket && socket != m_socket) {
                const int row = current.row();
                selectSocket(socket);
                m_syncing = true;
                m_lifecycleView->setCurrentIndex(m_lifecycle->index(row, 0));
                m_syncing = false;
            }
            if (seq)
                selectEvent(seq);
        },
        Qt::QueuedConnection);
    return page;
}

QWidget* InspectorDock::makeBytesTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    // Which stream: what the socket received, or what it sent (one at a time: a stream's
    // offsets count its own bytes).
    auto* header = new QHBoxLayout;
    m_bytesTitle = new QLabel(tr("Select a send or recv in the Timeline."), page);
    m_bytesTitle->setTextFormat(Qt::PlainText);
    header->addWidget(m_bytesTitle, 1);
    m_received = new QToolButton(page);
    m_received->setText(tr("Received"));
    m_received->setCheckable(true);
    m_received->setAutoExclusive(true);
    m_sent = new QToolButton(page);
    m_sent->setText(tr("Sent"));
    m_sent->setCheckable(true);
    m_sent->setAutoExclusive(true);
    header->addWidget(m_received);
    header->addWidget(m_sent);
    layout->addLayout(header);
    connect(m_received, &QToolButton::clicked, this, [this] { m_bytes->setIncoming(true); });
    connect(m_sent, &QToolButton::clicked, this, [this] { m_bytes->setIncoming(false); });
    connect(m_bytes, &QAbstractItemModel::modelReset, this, &InspectorDock::updateBytesTitle);
    m_received->setEnabled(false);
    m_sent->setEnabled(false);
    m_bytesView = makeTable(m_bytes, page);
    m_bytesView->setColumnWidth(BytesModel::ChunkColumn, 160);
    m_bytesView->setColumnWidth(BytesModel::OffsetColumn, 80);
    m_bytesView->setColumnWidth(BytesModel::HexColumn, 380);
    fitTitles(m_bytesView);
    layout->addWidget(m_bytesView, 1);
    return page;
}

QWidget* InspectorDock::makeLoopTab()
{
    m_loopView = makeTable(m_loop, this);
    m_loopView->setColumnWidth(LoopModel::CallColumn, 140);
    m_loopView->setColumnWidth(LoopModel::InColumn, 260);
    m_loopView->setColumnWidth(LoopModel::OutColumn, 260);
    fitTitles(m_loopView);
    connect(m_loop, &QAbstractItemModel::rowsInserted, m_loopView, [this] {
        if (m_follow)
            m_loopView->scrollToBottom();
    });
    // A click on a wake-up selects its socket everywhere (queued: not inside the view's own
    // selection change).
    connect(
        m_loopView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (m_syncing || !current.isValid())
                return;
            const quint64 socket = m_loop->socketAt(current.row());
            if (socket && socket != m_socket)
                selectSocket(socket);
        },
        Qt::QueuedConnection);
    return m_loopView;
}

void InspectorDock::handleTimelineSelection()
{
    if (m_syncing)
        return;
    const QModelIndex current = m_timelineView->currentIndex();
    if (!current.isValid())
        return;
    m_syncing = true;
    const quint64 seq = current.data(inspector::SeqRole).toULongLong();
    const quint64 socket = current.data(inspector::SocketIdRole).toULongLong();
    if (socket && socket != m_socket) {
        m_socket = socket;
        m_lifecycle->setSocket(socket);
        const int row = m_sockets->rowOf(socket);
        if (row >= 0)
            m_socketsView->selectRow(row);
        selectInLoop(socket);
        emit socketSelected(socket);
    }
    m_bytes->setEvent(seq);
    if (m_bytes->selectedRow() >= 0)
        m_bytesView->scrollTo(m_bytes->index(m_bytes->selectedRow(), 0),
                              QAbstractItemView::PositionAtTop);
    m_syncing = false;
    m_lifecycleTitle->setText(tr("Socket #%1: %2").arg(m_socket).arg(m_lifecycle->sequenceName()));
    updateBytesTitle();
}

QString InspectorDock::bytesTitle() const
{
    return m_bytesTitle->text();
}

void InspectorDock::updateBytesTitle()
{
    const quint64 socket = m_bytes->socket();
    m_received->setEnabled(socket != 0);
    m_sent->setEnabled(socket != 0);
    if (!socket) {
        m_bytesTitle->setText(tr("Select a send or recv in the Timeline."));
        return;
    }
    const bool in = m_bytes->incoming();
    m_received->setChecked(in);
    m_sent->setChecked(!in);
    if (m_bytes->tls())
        m_bytesTitle->setText(
            in ? tr("Socket #%1: the TLS records it received (recv), and beneath each chunk the "
                    "plaintext in them")
                     .arg(socket)
               : tr("Socket #%1: the TLS records it sent (send), and beneath each chunk the "
                    "plaintext in them")
                     .arg(socket));
    else
        m_bytesTitle->setText(in ? tr("Socket #%1: the bytes it received (recv)").arg(socket)
                                 : tr("Socket #%1: the bytes it sent (send)").arg(socket));
}

void InspectorDock::handleSocketsSelection()
{
    if (m_syncing)
        return;
    const QModelIndex current = m_socketsView->currentIndex();
    if (current.isValid())
        selectSocket(m_sockets->socketAt(current.row()));
}

void InspectorDock::selectInLoop(quint64 socket)
{
    m_loop->setSocket(socket);
    const QModelIndex current = m_loopView->currentIndex();
    if (current.isValid() && m_loop->mentions(current.row(), socket))
        return;
    // The socket's latest wake-up, looking back a bounded way.
    for (int r = m_loop->rowCount() - 1, seen = 0; r >= 0 && seen < 20000; --r, ++seen) {
        if (m_loop->mentions(r, socket)) {
            m_loopView->setCurrentIndex(m_loop->index(r, 0));
            return;
        }
    }
    m_loopView->clearSelection();
}

void InspectorDock::selectSocket(quint64 socket)
{
    if (m_syncing)
        return;
    // A socket the feed has received but not delivered yet (a chat tab's jump just after its
    // connect) is there after a flush.
    if (socket && !m_feed->socket(socket) && !m_feed->isPaused())
        m_feed->flush();
    m_syncing = true;
    m_socket = socket;
    m_lifecycle->setSocket(socket);
    m_bytes->setSocket(socket);
    const int row = m_sockets->rowOf(socket);
    if (row >= 0 && m_socketsView->currentIndex().row() != row)
        m_socketsView->selectRow(row);
    selectInLoop(socket);
    // The socket's latest row in the Timeline (as filtered), looking back a bounded way.
    for (int r = m_filter->rowCount() - 1, seen = 0; r >= 0 && seen < 20000; --r, ++seen) {
        const QModelIndex index = m_filter->index(r, 0);
        if (index.data(inspector::SocketIdRole).toULongLong() == socket) {
            m_timelineView->setCurrentIndex(index);
            break;
        }
    }
    m_syncing = false;
    m_lifecycleTitle->setText(tr("Socket #%1: %2").arg(socket).arg(m_lifecycle->sequenceName()));
    updateBytesTitle();
    emit socketSelected(socket);
}

void InspectorDock::selectEvent(quint64 seq)
{
    for (int r = m_filter->rowCount() - 1; r >= 0; --r) {
        const QModelIndex index = m_filter->index(r, 0);
        if (index.data(inspector::SeqRole).toULongLong() == seq) {
            m_timelineView->setCurrentIndex(index);
            handleTimelineSelection();
            // Looking at an older event: the Timeline stays on it instead of following.
            if (r < m_filter->rowCount() - 1)
                m_follow = false;
            m_timelineView->scrollTo(index, QAbstractItemView::PositionAtCenter);
            return;
        }
    }
}

void InspectorDock::refreshSocketFilter()
{
    const QList<quint64> ids = m_feed->socketIds();
    const quint64 chosen = m_socketFilter->currentData().toULongLong();
    if (m_socketFilter->count() == ids.size() + 1)
        return;
    const QSignalBlocker blocker(m_socketFilter);
    m_socketFilter->clear();
    m_socketFilter->addItem(tr("All sockets"), quint64(0));
    for (const quint64 id : ids) {
        const bridge::SocketInfo* s = m_feed->socket(id);
        m_socketFilter->addItem(QStringLiteral("#%1 %2 %3")
                                    .arg(id)
                                    .arg(s ? s->protocol : QString())
                                    .arg(s ? SocketWords::role(s->role) : QString()),
                                id);
    }
    const int at = m_socketFilter->findData(chosen);
    m_socketFilter->setCurrentIndex(at >= 0 ? at : 0);
}

QString InspectorDock::statusText() const
{
    return m_status->text();
}

void InspectorDock::updateStatus()
{
    QString text = tr("%1 events, %2 sockets").arg(m_feed->size()).arg(m_feed->socketIds().size());
    if (const quint64 lost = m_feed->overwritten())
        text += tr(", %1 older events overwritten (ring of %2)").arg(lost).arg(m_feed->capacity());
    if (const quint64 stripped = m_feed->payloadsDropped())
        text += tr(", bytes of %1 older events dropped (at most %2 kept)")
                    .arg(stripped)
                    .arg(locale().formattedDataSize(m_feed->payloadBudget()));
    if (m_feed->isPaused())
        text += tr(", paused");
    if (const QString error = m_feed->osStatesError(); !error.isEmpty())
        text += tr(", the OS's TCP states cannot be read: %1").arg(error);
    m_status->setText(text);
}

QString InspectorDock::selectionText() const
{
    QStringList lines;
    QModelIndexList rows = m_timelineView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    for (const QModelIndex& index : std::as_const(rows)) {
        const QModelIndex source = m_filter->mapToSource(index);
        lines.append(bridge::TraceFeed::formatText(m_timeline->record(source.row())));
    }
    return lines.join(QLatin1Char('\n'));
}

void InspectorDock::copySelectionAsText()
{
    QApplication::clipboard()->setText(selectionText());
}

void InspectorDock::setPaused(bool paused)
{
    m_feed->setPaused(paused);
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    updateStatus();
}

void InspectorDock::clear()
{
    m_feed->clear();
    m_feed->clearClosed();
    m_follow = true;
}

} // namespace ui
