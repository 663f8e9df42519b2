// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared helpers for the widgets' suites: a real lanchat-cli process as the second person in a
// chat (its stdout collected line by line), free loopback ports, what a tooltip shows once Qt
// has rendered it, and a watcher that answers the modal dialogs a test provokes.

#include <QApplication>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QTest>
#include <QTextDocument>
#include <QTimer>

#include "loopback_ports.h"

#include <algorithm>
#include <functional>

namespace uitest {

// Generous: the tests share two cores with other suites and sanitizer builds.
inline constexpr int Timeout = 30000; // ms

// Free loopback ports (tests/support).
using testsupport::freePort;
using testsupport::freeTcpPort;
using testsupport::freeUdpPort;

// What a user reads in a tooltip or an AutoText label: Qt renders text that "might be rich
// text" as HTML, anything else as it is.
inline QString rendered(const QString& text)
{
    if (!Qt::mightBeRichText(text))
        return text;
    QTextDocument document;
    document.setHtml(text);
    return document.toPlainText();
}

// lanchat-cli join as a person in the chat: lines in on stdin, the console's lines out.
class CliPeer
{
public:
    CliPeer() { m_process.setProcessChannelMode(QProcess::MergedChannels); }
    ~CliPeer() { stop(); }

    void start(const QStringList& arguments)
    {
        m_process.start(QStringLiteral(LANCHAT_CLI_PATH), arguments);
    }
    // "lanchat-cli join 127.0.0.1:PORT --nick NICK --presence loopback --presence-port P".
    void join(quint16 port, const QString& nick, quint16 presencePort,
              const QStringList& more = {QStringLiteral("--no-reconnect")})
    {
        start(QStringList{QStringLiteral("join"), QStringLiteral("127.0.0.1:%1").arg(port),
                          QStringLiteral("--nick"), nick, QStringLiteral("--presence"),
                          QStringLiteral("loopback"), QStringLiteral("--presence-port"),
                          QString::number(presencePort)} +
              more);
    }

    void send(const QString& line) { m_process.write((line + QLatin1Char('\n')).toUtf8()); }

    // Everything it printed so far (its stdout and stderr).
    QString output()
    {
        m_output += QString::fromUtf8(m_process.readAll());
        return m_output;
    }
    bool printed(const QString& needle) { return output().contains(needle); }
    // Runs the GUI thread's events until the output holds `needle`.
    bool waitFor(const QString& needle, int timeout = Timeout)
    {
        return QTest::qWaitFor([&] { return printed(needle); }, timeout);
    }
    // The last lines, for failure messages.
    QString tail(int lines = 15)
    {
        const QStringList all = output().split(QLatin1Char('\n'));
        return QStringLiteral("lanchat-cli printed:\n") +
               all.mid(std::max<qsizetype>(0, all.size() - lines)).join(QLatin1Char('\n'));
    }
    bool waitFinished(int timeout = Timeout)
    {
        return QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; }, timeout);
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.closeWriteChannel(); // the end of input quits politely
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QProcess& process() { return m_process; }

private:
    QProcess m_process;
    QString m_output;
};

// Answers the modal dialogs that appear while it lives: records each one's text and closes it
// with `answer` (by default, rejects it). Modal dialogs run their own event loop, so a test
// cannot reach them except from a timer like this one.
class ModalWatcher
{
public:
    explicit ModalWatcher(std::function<void(QWidget*)> answer = {})
        : m_answer(std::move(answer))
    {
        m_timer.setInterval(50);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            QWidget* modal = QApplication::activeModalWidget();
            if (!modal || !modal->isVisible())
                return;
            if (auto* box = qobject_cast<QMessageBox*>(modal)) {
                QString text = box->text() + QLatin1Char('\n') + box->informativeText();
                for (const auto* button : box->buttons())
                    text += QStringLiteral("\n[") + button->text() + QLatin1Char(']');
                texts.append(text);
            } else {
                texts.append(modal->windowTitle());
            }
            if (m_answer)
                m_answer(modal);
            else if (auto* dialog = qobject_cast<QDialog*>(modal))
                dialog->reject();
            else
                modal->close();
        });
        m_timer.start();
    }

    QStringList texts;

private:
    QTimer m_timer;
    std::function<void(QWidget*)> m_answer;
};

} // namespace uitest
