// SPDX-License-Identifier: GPL-3.0-or-later
// Private conversations in the window (issue 16): joining ircs:// asks to trust the host's
// certificate the first time, with its fingerprint, remembers the answer and pins it after; a
// changed certificate is refused with both fingerprints unless accepted on purpose; the chat
// says it is secured (version, cipher) and the status bar shows a lock; the window's own host
// offers TLS, shows its fingerprint, and announces both by presence, so that the Network panel
// joins it encrypted and the trust question shows the announced fingerprint beside the real one.
// Real hosts on loopback, real OpenSSL.

#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "chat/chatpage.h"
#include "dialogs/hostdialog.h"
#include "dialogs/joindialog.h"
#include "widget_test_support.h"
#include "window/networkpanel.h"
#include "window_test_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QTabWidget>

using namespace uitest;

namespace {

// A host with TLS only, on any free port, announced (or not) by presence.
QString startTlsHost(bridge::HostService& host, quint16 presencePort = 0)
{
    bridge::HostSettings s = loopbackHost();
    s.tls = true;
    s.plain = false;
    s.tlsPort = 0;
    if (presencePort != 0) {
        s.presenceMode = QStringLiteral("loopback");
        s.presencePort = presencePort;
    }
    return startHost(host, s);
}

QString fingerprintKey(quint16 port)
{
    return QStringLiteral("tls/fingerprints/127.0.0.1:%1").arg(port);
}

QString statusText(const Window& w)
{
    return w->statusText();
}

// Closes the session as the user does: its server tab's close button.
void closeSession(const Window& w, bridge::ChatSession* session)
{
    emit w->tabs()->tabCloseRequested(w->tabs()->indexOf(w.serverPage(session)));
}

// Answers the next message box with `button`, keeping its text.
struct TrustAnswer
{
    explicit TrustAnswer(const QString& button)
        : watcher([this, button](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            if (!box)
                return;
            for (QAbstractButton* b : box->buttons())
                if (b->text().remove(QLatin1Char('&')) == button) {
                    b->click();
                    return;
                }
            box->reject();
        })
    {}
    QString text() const { return watcher.texts.join(QStringLiteral("\n---\n")); }
    ModalWatcher watcher;
};

} // namespace

class TestTls : public QObject
{
    Q_OBJECT

private slots:
    void firstUseAsksThenPins();
    void declinedCertificateJoinsNothing();
    void changedCertificateIsRefusedUnlessAccepted();
    void ownHostOffersTlsAndShowsItsFingerprint();
    void announcedHostIsJoinedEncrypted();
    void joinDialogTicksTlsForAnnouncedHosts();
    void hostDialogOffersTls();
};

void TestTls::firstUseAsksThenPins()
{
    bridge::HostService host;
    const QString error = startTlsHost(host);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(host.tlsPort() != 0);
    QCOMPARE(host.tlsFingerprint().size(), 95);

    Window w(QStringLiteral("ada"), freeUdpPort());
    QVERIFY(w.show());
    {
        TrustAnswer answer(QStringLiteral("Trust this certificate"));
        QVERIFY(w->joinHost(QStringLiteral("ircs://127.0.0.1:%1").arg(host.tlsPort())));
        QVERIFY2(w.waitInRoom(QStringLiteral("#lan")),
                 qPrintable(tail(w.serverPage()) + QLatin1Char('\n') + answer.text()));
        QCOMPARE(answer.watcher.texts.size(), 1);
        QVERIFY2(answer.text().contains(QLatin1String("does not know yet")),
                 qPrintable(answer.text()));
        QVERIFY2(answer.text().contains(host.tlsFingerprint()), qPrintable(answer.text()));
    }
    QCOMPARE(w.store->value(fingerprintKey(host.tlsPort())).toString(), host.tlsFingerprint());
    bridge::ChatSession* session = w.session();
    QVERIFY(session->settings().tls);
    QVERIFY(session->tls().pinned);
    QVERIFY2(
        QTest::qWaitFor(
            [&] { return viewText(w.serverPage()).contains(QLatin1String("Secured with TLSv1.")); },
            Timeout),
        qPrintable(tail(w.serverPage())));
    QVERIFY2(viewText(w.serverPage()).contains(host.tlsFingerprint()),
             qPrintable(tail(w.serverPage())));
    QVERIFY2(
        QTest::qWaitFor([&] { return statusText(w).contains(QLatin1String("TLSv1.")); }, Timeout),
        qPrintable(statusText(w)));
    // Recent hosts keep the scheme, so that joining again is encrypted again.
    QVERIFY2(w->appSettings().recentHosts.contains(
                 QStringLiteral("ircs://127.0.0.1:%1").arg(host.tlsPort())),
             qPrintable(w->appSettings().recentHosts.join(QLatin1Char(' '))));

    // Joined again: the pin holds, nothing is asked.
    closeSession(w, session);
    QVERIFY(QTest::qWaitFor([&] { return w->sessions().isEmpty(); }, Timeout));
    ModalWatcher none;
    QVERIFY(w->joinHost(QStringLiteral("ircs://127.0.0.1:%1").arg(host.tlsPort())));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")), qPrintable(tail(w.serverPage())));
    QVERIFY2(none.texts.isEmpty(), qPrintable(none.texts.join(QLatin1Char('\n'))));
    QVERIFY2(viewText(w.serverPage()).contains(QLatin1String("checked against the fingerprint")),
             qPrintable(tail(w.serverPage())));
}

void TestTls::declinedCertificateJoinsNothing()
{
    bridge::HostService host;
    const QString error = startTlsHost(host);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    Window w(QStringLiteral("ada"), freeUdpPort());
    QVERIFY(w.show());
    TrustAnswer answer(QStringLiteral("Do not join"));
    QVERIFY(w->joinHost(QStringLiteral("ircs://127.0.0.1:%1").arg(host.tlsPort())));
    QVERIFY2(QTest::qWaitFor([&] { return !answer.watcher.texts.isEmpty(); }, Timeout),
             qPrintable(tail(w.serverPage())));
    QTest::qWait(500);
    QVERIFY(w.session());
    QCOMPARE(w.session()->state(), bridge::SessionState::Disconnected);
    QVERIFY(w.page(QStringLiteral("#lan")) == nullptr);
    QVERIFY(!w.store->contains(fingerprintKey(host.tlsPort())));
    QVERIFY2(viewText(w.serverPage()).contains(QLatin1String("TLS_UNKNOWN_CERTIFICATE")),
             qPrintable(tail(w.serverPage())));
    QCOMPARE(host.clients(), 0);
}

void TestTls::changedCertificateIsRefusedUnlessAccepted()
{
    bridge::HostService host;
    const QString error = startTlsHost(host);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    Window w(QStringLiteral("ada"), freeUdpPort());
    const QString old = QStringLiteral("AB:").repeated(31) + QStringLiteral("AB");
    w.store->setValue(fingerprintKey(host.tlsPort()), old);
    QVERIFY(w.show());
    {
        TrustAnswer answer(QStringLiteral("Refuse"));
        QVERIFY(w->joinHost(QStringLiteral("ircs://127.0.0.1:%1").arg(host.tlsPort())));
        QVERIFY2(QTest::qWaitFor([&] { return !answer.watcher.texts.isEmpty(); }, Timeout),
                 qPrintable(tail(w.serverPage())));
        QVERIFY2(answer.text().contains(QLatin1String("another certificate than before")),
                 qPrintable(answer.text()));
        QVERIFY2(answer.text().contains(old) && answer.text().contains(host.tlsFingerprint()),
                 qPrintable(answer.text()));
        QTest::qWait(300);
    }
    QVERIFY2(viewText(w.serverPage()).contains(QLatin1String("TLS_FINGERPRINT_CHANGED")),
             qPrintable(tail(w.serverPage())));
    QCOMPARE(w.store->value(fingerprintKey(host.tlsPort())).toString(), old);
    QVERIFY(w.page(QStringLiteral("#lan")) == nullptr);

    // Accepted on purpose: joined, and the new one kept.
    closeSession(w, w.session());
    QVERIFY(QTest::qWaitFor([&] { return w->sessions().isEmpty(); }, Timeout));
    TrustAnswer accept(QStringLiteral("Accept the new certificate"));
    QVERIFY(w->joinHost(QStringLiteral("ircs://127.0.0.1:%1").arg(host.tlsPort())));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")), qPrintable(tail(w.serverPage())));
    QCOMPARE(w.store->value(fingerprintKey(host.tlsPort())).toString(), host.tlsFingerprint());
}

void TestTls::ownHostOffersTlsAndShowsItsFingerprint()
{
    const quint16 presencePort = freeUdpPort();
    Window w(QStringLiteral("ada"), presencePort);
    QVERIFY(w.show());
    w->hostChat(0, QStringLiteral("Lab"), {}, QStringLiteral("select"),
                QStringLiteral("127.0.0.1"));
    QVERIFY2(QTest::qWaitFor([&] { return w.ownSession() != nullptr; }, Timeout),
             "the window did not join its own host");
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan"), w.ownSession()),
             qPrintable(tail(w.serverPage(w.ownSession()))));
    const bridge::HostService* host = w->host();
    QVERIFY(host->tlsPort() != 0);
    QVERIFY(host->tlsPort() != host->port());
    QVERIFY2(viewText(w.serverPage(w.ownSession())).contains(host->tlsFingerprint()),
             qPrintable(tail(w.serverPage(w.ownSession()))));
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return statusText(w).contains(
                         QStringLiteral("encrypted (TLS) on port %1").arg(host->tlsPort()));
                 },
                 Timeout),
             qPrintable(statusText(w)));
    // The certificate is kept beside the profile: the same fingerprint after a restart.
    const QString fingerprint = host->tlsFingerprint();
    w->stopHosting();
    QVERIFY(QTest::qWaitFor([&] { return !w->host()->isRunning(); }, Timeout));
    w->hostChat(0, QStringLiteral("Lab"), {}, QStringLiteral("select"),
                QStringLiteral("127.0.0.1"));
    QVERIFY(QTest::qWaitFor([&] { return w->host()->isRunning(); }, Timeout));
    QCOMPARE(w->host()->tlsFingerprint(), fingerprint);

    // A person joins it encrypted with lanchat-cli, pinned to the fingerprint shown.
    CliPeer bob;
    bob.start({QStringLiteral("join"), QStringLiteral("ircs://127.0.0.1:%1").arg(host->tlsPort()),
               QStringLiteral("--nick"), QStringLiteral("bob"), QStringLiteral("--tls-fingerprint"),
               fingerprint, QStringLiteral("--presence"), QStringLiteral("loopback"),
               QStringLiteral("--presence-port"), QString::number(presencePort),
               QStringLiteral("--no-reconnect")});
    QVERIFY2(bob.waitFor(QStringLiteral("you joined")), qPrintable(bob.tail()));
}

void TestTls::announcedHostIsJoinedEncrypted()
{
    const quint16 presencePort = freeUdpPort();
    bridge::HostService host;
    const QString error = startTlsHost(host, presencePort);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    Window w(QStringLiteral("ada"), presencePort);
    QVERIFY(w.show());
    ui::NetworkPanel* panel = w->networkPanel();
    const QString row = QStringLiteral("127.0.0.1:%1").arg(host.tlsPort());
    QVERIFY2(QTest::qWaitFor([&] { return panel->hostRows().join(QLatin1Char('|')).contains(row); },
                             Timeout),
             qPrintable(panel->hostRows().join(QLatin1Char('|'))));
    // The trust question shows the announced fingerprint and says it is the same.
    TrustAnswer answer(QStringLiteral("Trust this certificate"));
    QVERIFY(w->joinHost(QStringLiteral("ircs://") + row));
    QVERIFY2(w.waitInRoom(QStringLiteral("#lan")),
             qPrintable(tail(w.serverPage()) + QLatin1Char('\n') + answer.text()));
    QVERIFY2(answer.text().contains(QLatin1String("announced the same fingerprint")),
             qPrintable(answer.text()));
}

void TestTls::joinDialogTicksTlsForAnnouncedHosts()
{
    auto announced = [](const QString& host) -> quint16 {
        return host == QLatin1String("10.0.0.5") ? 7000 : 0;
    };
    ui::JoinDialog dialog({QStringLiteral("ircs://lab.local")}, announced);
    auto* box = dialog.findChild<QCheckBox*>();
    auto* address = dialog.findChild<QComboBox*>();
    QVERIFY(box && address);
    // The recent host was joined encrypted: ticked, and joined so again.
    QVERIFY(box->isChecked());
    QCOMPARE(dialog.address(), QStringLiteral("ircs://lab.local"));
    // A host without TLS: plain.
    address->setEditText(QStringLiteral("10.0.0.9"));
    QVERIFY(!box->isChecked());
    QCOMPARE(dialog.address(), QStringLiteral("10.0.0.9"));
    // A host that announced TLS: ticked, and its announced port used.
    address->setEditText(QStringLiteral("10.0.0.5"));
    QVERIFY(box->isChecked());
    QCOMPARE(dialog.address(), QStringLiteral("ircs://10.0.0.5:7000"));
    address->setEditText(QStringLiteral("10.0.0.5:6697"));
    QCOMPARE(dialog.address(), QStringLiteral("ircs://10.0.0.5:6697"));
    // Unticked by the user: it stays so, plain.
    box->click();
    address->setEditText(QStringLiteral("10.0.0.5"));
    QVERIFY(!box->isChecked());
    QCOMPARE(dialog.address(), QStringLiteral("10.0.0.5"));
    // Ticked for any other host: TLS on the default port (the session adds 6697).
    box->click();
    address->setEditText(QStringLiteral("[fe80::1]"));
    QCOMPARE(dialog.address(), QStringLiteral("ircs://[fe80::1]"));
}

void TestTls::hostDialogOffersTls()
{
    ui::HostDialog dialog({QStringLiteral("select")});
    QVERIFY(dialog.tls()); // on by default
    QCOMPARE(dialog.tlsPort(), quint16(6697));
    QVERIFY(dialog.plain());
    dialog.setTls(true, 7001, false);
    QVERIFY(dialog.tls());
    QCOMPARE(dialog.tlsPort(), quint16(7001));
    QVERIFY(!dialog.plain());
    auto* port = dialog.findChild<QSpinBox*>(); // the plain port, first
    QVERIFY(port && !port->isEnabled());        // TLS only: no plain port to choose
    dialog.setTls(false, 7001, false);
    QVERIFY(!dialog.tls());
    QVERIFY(dialog.plain()); // without TLS, the plain port is the only one
    QVERIFY(port->isEnabled());
}

QTEST_MAIN(TestTls)
#include "tst_tls.moc"
