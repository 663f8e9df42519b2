// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The window as the program makes it, for the window's end-to-end suites: a window with its own
// settings file (presence on loopback), a host of the test's own on 127.0.0.1, what a tab shows,
// typing into a tab, and answering a message box.

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "chat/chatpage.h"
#include "chat/inputline.h"
#include "chat/messageview.h"
#include "gui/application.h"
#include "widget_test_support.h"
#include "window/mainwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QTimer>
#include <QVariant>

#include <algorithm>
#include <memory>

namespace uitest {

// What the tab shows (lines arriving close together are written in one batch a few ms later:
// flush() writes them now).
inline QString viewText(const ui::ChatPage* page)
{
    if (!page)
        return QStringLiteral("(no such tab)");
    page->view()->flush();
    return page->view()->document()->toPlainText();
}

// The last lines of a tab, for failure messages.
inline QString tail(const ui::ChatPage* page, int lines = 12)
{
    const QStringList all = viewText(page).split(QLatin1Char('\n'));
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(QLatin1Char('\n'));
}

// A window with its own settings file.
struct Window
{
    // `dir` is reused for a restart; else a new temporary folder.
    Window(const QString& nick, quint16 presencePort, const QString& dir = {})
    {
        if (dir.isEmpty()) {
            temp = std::make_unique<QTemporaryDir>();
            path = temp->path();
        } else {
            path = dir;
        }
        store = std::make_unique<QSettings>(path + QStringLiteral("/lanchat.ini"),
                                            QSettings::IniFormat);
        if (!store->contains(QStringLiteral("identity/nick"))) {
            store->setValue(QStringLiteral("identity/nick"), nick);
            store->setValue(QStringLiteral("identity/alternativeNick"),
                            QString(nick + QStringLiteral("_")));
            store->setValue(QStringLiteral("network/presence"), QStringLiteral("loopback"));
            store->setValue(QStringLiteral("network/presencePort"), presencePort);
            store->sync();
        }
        // The window as the program makes it: its services from the application object.
        application = std::make_unique<app::Application>(store.get());
        window = application->window();
    }
    ~Window()
    {
        if (window && window->isVisible())
            window->close();
        application.reset();
    }
    ui::MainWindow* operator->() const { return window; }
    bool show(bool restore = false)
    {
        window->show();
        window->activateWindow();
        if (!QTest::qWaitForWindowExposed(window))
            return false;
        window->start(restore);
        return true;
    }
    bridge::ChatSession* session(int index = 0) const
    {
        const auto list = window->sessions();
        return index < list.size() ? list.at(index) : nullptr;
    }
    bridge::ChatSession* ownSession() const
    {
        for (auto* s : window->sessions())
            if (s->property("ownHost").toBool())
                return s;
        return nullptr;
    }
    ui::ChatPage* page(const QString& target, bridge::ChatSession* s = nullptr) const
    {
        s = s ? s : session();
        return s ? window->page(s, target) : nullptr;
    }
    ui::ChatPage* serverPage(bridge::ChatSession* s = nullptr) const
    {
        s = s ? s : session();
        return s ? window->serverPage(s) : nullptr;
    }
    // Until the session has joined `room` and shows it as a tab with us in its list.
    bool waitInRoom(const QString& room, bridge::ChatSession* s = nullptr) const
    {
        return QTest::qWaitFor(
            [&] {
                bridge::ChatSession* session = s ? s : this->session();
                ui::ChatPage* p = session ? window->page(session, room) : nullptr;
                return p && session->state() == bridge::SessionState::Registered &&
                       p->nicks().contains(session->nick(), Qt::CaseInsensitive);
            },
            Timeout);
    }

    std::unique_ptr<QTemporaryDir> temp;
    QString path;
    std::unique_ptr<QSettings> store;
    std::unique_ptr<app::Application> application;
    ui::MainWindow* window = nullptr;
};

inline bridge::HostSettings loopbackHost(quint16 port = 0)
{
    bridge::HostSettings s;
    s.bind = QStringLiteral("127.0.0.1");
    s.port = port;
    s.name = QStringLiteral("TestNet");
    s.serverName = QStringLiteral("test.local");
    s.presenceMode.clear();
    return s;
}

inline QString startHost(bridge::HostService& host, const bridge::HostSettings& settings)
{
    QSignalSpy started(&host, &bridge::HostService::started);
    QSignalSpy failed(&host, &bridge::HostService::failed);
    host.start(settings);
    if (!QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, Timeout))
        return QStringLiteral("neither started() nor failed() came");
    if (!failed.isEmpty())
        return failed.first().at(0).toString();
    return {};
}

// Types a line into a tab's input line as a user would, and presses Enter.
inline void typeLine(ui::ChatPage* page, const QString& text)
{
    QTest::keyClicks(page->input(), text);
    QTest::keyClick(page->input(), Qt::Key_Return);
}

// Answers the next message box with the button whose text is `button` (the box is modal: this
// polls from the event loop that exec() runs).
inline void answerNextMessageBox(const QString& button)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        for (QAbstractButton* b : box->buttons()) {
            if (b->text().remove(QLatin1Char('&')) == button) {
                timer->deleteLater();
                b->click();
                return;
            }
        }
    });
    timer->start();
}

} // namespace uitest
