// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Socket Inspector: a detachable dock with the Timeline, Sockets, Lifecycle, Bytes and
// Loop views over one bridge::TraceFeed. Selecting a socket in one view selects it in the
// others.

#include <QDockWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;
class QToolButton;

namespace bridge {
class TraceFeed;
} // namespace bridge

namespace ui {

class BytesModel;
class LifecycleModel;
class LoopModel;
class SocketsModel;
class TimelineFilter;
class TimelineModel;
class InspectorZoom;

class InspectorDock : public QDockWidget
{
    Q_OBJECT

public:
    enum Tab
    {
        TimelineTab,
        SocketsTab,
        LifecycleTab,
        BytesTab,
        LoopTab
    };

    // Uses `feed` if given (not owned), else makes its own live feed.
    explicit InspectorDock(QWidget* parent = nullptr, bridge::TraceFeed* feed = nullptr);
    ~InspectorDock() override;

    bridge::TraceFeed* feed() const { return m_feed; }
    TimelineModel* timelineModel() const { return m_timeline; }
    TimelineFilter* timelineFilter() const { return m_filter; }
    SocketsModel* socketsModel() const { return m_sockets; }
    LifecycleModel* lifecycleModel() const { return m_lifecycle; }
    BytesModel* bytesModel() const { return m_bytes; }
    QString bytesTitle() const; // what the Bytes view says it shows
    LoopModel* loopModel() const { return m_loop; }
    // The line under the tabs: events, sockets, what the ring and the payload budget dropped.
    QString statusText() const;
    QTableView* timelineView() const { return m_timelineView; }
    QTableView* socketsView() const { return m_socketsView; }
    QTableView* lifecycleView() const { return m_lifecycleView; }
    QTableView* bytesView() const { return m_bytesView; }
    QTableView* loopView() const { return m_loopView; }
    QTabWidget* tabs() const { return m_tabs; }
    // Ctrl + / Ctrl - / Ctrl 0 within the dock: its text larger for a projector.
    InspectorZoom* zoom() const { return m_zoom; }

    quint64 currentSocket() const { return m_socket; }
    // True while the Timeline follows the newest event (the user has not scrolled back).
    bool isFollowing() const { return m_follow; }
    // The selected Timeline rows as netcore's text lines (formatTraceEvent), one per line.
    QString selectionText() const;

public slots:
    // Selects the socket in every view (Sockets row, Lifecycle, Bytes, the Timeline's and the
    // Loop's latest rows for it). For a chat tab's "jump to its socket" as well: a socket not
    // delivered yet is flushed in first, and one that comes later fills the views as it does.
    void selectSocket(quint64 socket);
    void selectEvent(quint64 seq); // a Timeline row; also shows its bytes
    bool openTraceFile(const QString& path);
    bool exportJsonLines(const QString& path);
    bool exportCsv(const QString& path);
    void copySelectionAsText();
    void setPaused(bool paused);
    void clear();

signals:
    void socketSelected(quint64 socket);
    void message(const QString& text); // errors of file operations, for the status bar

private:
    QWidget* makeTimelineTab();
    QWidget* makeSocketsTab();
    QWidget* makeLifecycleTab();
    QWidget* makeBytesTab();
    QWidget* makeLoopTab();
    QWidget* makeToolBar();
    void handleTimelineSelection();
    void handleSocketsSelection();
    void selectInLoop(quint64 socket);
    void refreshSocketFilter();
    void updateStatus();
    void updateBytesTitle();

    bridge::TraceFeed* m_feed;
    TimelineModel* m_timeline;
    TimelineFilter* m_filter;
    SocketsModel* m_sockets;
    LifecycleModel* m_lifecycle;
    BytesModel* m_bytes;
    LoopModel* m_loop;
    QTabWidget* m_tabs = nullptr;
    InspectorZoom* m_zoom = nullptr;
    QTableView* m_timelineView = nullptr;
    QTableView* m_socketsView = nullptr;
    QTableView* m_lifecycleView = nullptr;
    QTableView* m_bytesView = nullptr;
    QTableView* m_loopView = nullptr;
    QComboBox* m_socketFilter = nullptr;
    QComboBox* m_callFilter = nullptr;
    QCheckBox* m_errorsOnly = nullptr;
    QCheckBox* m_idleWaits = nullptr;
    QToolButton* m_received = nullptr;
    QToolButton* m_sent = nullptr;
    QLineEdit* m_textFilter = nullptr;
    QToolButton* m_pause = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_lifecycleTitle = nullptr;
    QLabel* m_bytesTitle = nullptr;
    quint64 m_socket = 0;
    bool m_follow = true;
    bool m_syncing = false;
};

} // namespace ui
