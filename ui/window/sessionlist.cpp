// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/sessionlist.h"

#include "appsettings.h"
#include "bridge/chatsession.h"
#include "bridge/hostservice.h"
#include "chat/chateventhandler.h"
#include "chat/chatpage.h"
#include "chat/chatrouter.h"
#include "chat/messageview.h"
#include "chataddress.h"
#include "dialogs/passworddialog.h"

#include <QEventLoop>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTimer>

#include "window/tlstrust.h"

#include <algorithm>

namespace ui {

namespace {

// "host", "host:port", "[v6]:port", "v6" -> host and port; false if it cannot be parsed.
bool parseAddress(const QString& text, quint16 defaultPort, QString* host, quint16* port)
{
    const QString t = text.trimmed();
    static const QRegularExpression v6(QStringLiteral(R"(^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$)"));
    static const QRegularExpression v4(QStringLiteral(R"(^([^:\s\[\]]+)(?::(\d+))?$)"));
    QRegularExpressionMatch m = v6.match(t);
    if (!m.hasMatch())
        m = v4.match(t);
    if (!m.hasMatch()) {
        if (t.count(QLatin1Char(':')) >= 2 && !t.contains(QLatin1Char(' '))) { // bare IPv6
            *host = t;
            *port = defaultPort;
            return true;
        }
        return false;
    }
    *host = m.captured(1);
    if (m.captured(2).isEmpty()) {
        *port = defaultPort;
        return true;
    }
    bool ok = false;
    const uint value = m.captured(2).toUInt(&ok);
    if (!ok || value == 0 || value > 65535)
        return false;
    *port = static_cast<quint16>(value);
    return true;
}

// Plain words for the errors a user can meet, with the socket error's name.
QString explain(const bridge::ChatEvent& e)
{
    const QString name = e.errorName;
    QString words;
    if (name.endsWith(QLatin1String("ECONNREFUSED")))
        words = SessionList::tr("Nobody is hosting a chat there (the connection was refused).");
    else if (name.startsWith(QLatin1String("EAI_")) || name.contains(QLatin1String("HOST_NOT")) ||
             name == QLatin1String("WSANO_DATA"))
        words = SessionList::tr("That host name is not known on this network.");
    else if (name.endsWith(QLatin1String("ETIMEDOUT")) ||
             e.error.contains(QLatin1String("timed out")))
        words = SessionList::tr("The host did not answer in time.");
    else if (name.endsWith(QLatin1String("EHOSTUNREACH")) ||
             name.endsWith(QLatin1String("ENETUNREACH")))
        words = SessionList::tr("That host cannot be reached from this network.");
    else if (name.endsWith(QLatin1String("ECONNRESET")))
        words = SessionList::tr("The host closed the connection abruptly.");
    if (e.error.isEmpty())
        return words.isEmpty() ? e.text : words;
    return words.isEmpty() ? e.error : words + QStringLiteral(" (") + e.error + QLatin1Char(')');
}

} // namespace

SessionList::SessionList(AppSettings* settings, QSettings* store, bridge::HostService* host,
                         ChatRouter* router, ChatEventHandler* events, QWidget* window)
    : QObject(window)
    , m_settings(settings)
    , m_store(store)
    , m_host(host)
    , m_router(router)
    , m_events(events)
    , m_window(window)
    , m_countdown(new QTimer(this))
{
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, [this] {
        if (m_retryAt.isEmpty())
            m_countdown->stop();
        emit changed();
    });
    connect(m_host, &bridge::HostService::started, this,
            [this](const QString&, quint16 port) { handleHostStarted(port); });
    connect(m_host, &bridge::HostService::failed, this, &SessionList::handleHostFailed);
    connect(m_host, &bridge::HostService::stopped, this, [this](const QString& reason) {
        emit hostingChanged(false, tr("Not hosting (%1)").arg(reason));
        emit changed();
    });
    connect(m_host, &bridge::HostService::figures, this, &SessionList::changed);
    connect(m_events, &ChatEventHandler::stateChanged, this, &SessionList::handleStateChanged);
    connect(m_events, &ChatEventHandler::registered, this, &SessionList::handleRegistered);
}

SessionList::~SessionList()
{
    // The sessions leave (their loops stop) before the host and presence, which the
    // application destroys after the window.
    for (auto& s : m_sessions)
        delete s.data();
    m_sessions.clear();
}

bridge::ChatSession* SessionList::joinHost(const QString& typed, const QString& password,
                                           const QStringList& rooms)
{
    // "ircs://host[:port]": TLS, port 6697 by default (RFC 7194).
    bool tls = false;
    const QString address = withoutScheme(typed, &tls);
    QString host;
    quint16 port = 0;
    if (!parseAddress(address, tls ? quint16(6697) : m_settings->defaultPort, &host, &port)) {
        QMessageBox::warning(m_window, tr("Join a chat"),
                             tr("\"%1\" is not a host address. Type a name or an address, "
                                "optionally with a port: 192.168.1.20, lanchat.local:6667, "
                                "[fe80::1]:6667.")
                                 .arg(address.toHtmlEscaped()));
        return nullptr;
    }
    const QString key = QStringLiteral("passwords/") + hostAddress(host, port);
    return open(host, port, password.isEmpty() ? m_store->value(key).toString() : password, rooms,
                false, tls);
}

bridge::ChatSession* SessionList::open(const QString& host, quint16 port, const QString& password,
                                       const QStringList& rooms, bool isOwnHost, bool tls)
{
    bridge::SessionSettings s;
    s.host = host;
    s.port = port;
    s.nick = m_settings->nick;
    s.alternativeNick = m_settings->alternativeNick;
    s.realName = m_settings->realName;
    s.password = password;
    s.rooms = rooms;
    s.loop = m_settings->loop;
    s.watched = m_settings->favouritePeople;
    s.tls = tls;
    if (tls)
        s.tlsFingerprint = m_store->value(tlsFingerprintKey(hostAddress(host, port))).toString();
    auto* session = new bridge::ChatSession(s, this);
    session->setProperty("ownHost", isOwnHost); // for tests and the screenshot programs
    m_sessions.append(session);
    ChatPage* server = m_router->open(session, QString(), true);
    server->view()->addEvent(QDateTime::currentDateTime(),
                             tr("Joining %1 as %2...").arg(session->address(), s.nick));
    m_events->watch(session);
    connect(session, &bridge::ChatSession::passwordRefused, this,
            [this, session] { m_passwordRefused.insert(session); });
    connect(session, &bridge::ChatSession::secured, this,
            [this, server](const bridge::TlsDetails& details) {
                server->view()->addEvent(QDateTime::currentDateTime(), securedLine(details));
                emit changed();
            });
    connect(session, &bridge::ChatSession::nickRefused, this,
            [this, session](const bridge::NickRefusalInfo& r) {
                if (r.registering && r.trying.isEmpty())
                    m_noNickLeft.insert(session);
            });
    emit sessionOpened(session);
    session->start();
    if (!isOwnHost) {
        m_settings->addRecent(joinAddress(session));
        emit recentHostsChanged();
    }
    emit changed();
    return session;
}

void SessionList::close(bridge::ChatSession* session, const QString& reason)
{
    if (!session)
        return;
    m_router->closeAll(session);
    m_passwordRefused.remove(session);
    m_noNickLeft.remove(session);
    m_gotIn.remove(session);
    m_toldLost.remove(session);
    m_sessions.removeAll(session);
    m_retryAt.remove(session);
    session->quit(reason);
    // Its QUIT goes out, then the session (and its loop) goes.
    QTimer::singleShot(1000, session, &QObject::deleteLater);
    emit changed();
}

QList<bridge::ChatSession*> SessionList::sessions() const
{
    QList<bridge::ChatSession*> list;
    for (const auto& s : m_sessions)
        if (s)
            list.append(s.data());
    return list;
}

void SessionList::handleRegistered(bridge::ChatSession* session, const QString& nick)
{
    m_gotIn.insert(session);
    if (session == m_ownSession && !m_operatorPassword.isEmpty())
        session->oper(nick, m_operatorPassword);
    const QString partner = m_pendingPrivate.take(addressKey(session->address()));
    if (!partner.isEmpty())
        m_router->open(session, partner, true);
}

QString SessionList::hostAddress(const QString& host, quint16 port)
{
    const bool v6 = host.contains(QLatin1Char(':'));
    return (v6 ? QLatin1Char('[') + host + QLatin1Char(']') : host) + QLatin1Char(':') +
           QString::number(port);
}

QString SessionList::joinAddress(const bridge::ChatSession* session)
{
    return (session->settings().tls ? QStringLiteral("ircs://") : QString()) + session->address();
}

QString SessionList::addressKey(const QString& typed) const
{
    QString host;
    quint16 port = 0;
    bool tls = false;
    const QString address = withoutScheme(typed, &tls);
    if (!parseAddress(address, tls ? quint16(6697) : m_settings->defaultPort, &host, &port))
        return address;
    return host.toLower() + QLatin1Char(' ') + QString::number(port);
}

void SessionList::talkPrivately(const QString& chat, const QString& nick)
{
    const QString key = addressKey(chat);
    bridge::ChatSession* found = nullptr;
    for (const auto& s : std::as_const(m_sessions))
        if (s && !found && addressKey(s->address()) == key)
            found = s;
    // They may have joined a host we are on by another of its addresses (our own host by
    // its LAN address, say): a room we share with them says where they are.
    for (const auto& s : std::as_const(m_sessions)) {
        if (found || !s || s->state() != bridge::SessionState::Registered)
            continue;
        for (const ChatPage* room : m_router->rooms(s))
            if (room->nicks().contains(nick, Qt::CaseInsensitive))
                found = s;
    }
    if (found) {
        m_router->open(found, nick, true);
        return;
    }
    // Only the private chat: the user asked to talk with them, not to enter the host's rooms
    // (whose tabs would also take the focus from it as they open).
    m_pendingPrivate.insert(key, nick);
    if (!joinHost(chat, {}, {}))
        m_pendingPrivate.remove(key);
}

void SessionList::handleStateChanged(bridge::ChatSession* session, const bridge::ChatEvent& e)
{
    ChatPage* server = m_router->serverPage(session);
    const QDateTime& t = e.time;
    using S = bridge::SessionState;
    m_retryAt.remove(session);
    switch (e.state) {
    case S::Connecting:
        server->view()->addEvent(t, tr("Connecting to %1...").arg(session->address()));
        break;
    case S::Registering:
        server->view()->addEvent(t, tr("Connected; logging in as %1...").arg(session->nick()));
        break;
    case S::Waiting: {
        const qint64 seconds = (e.retryInMs + 999) / 1000;
        server->view()->addError(t, tr("Connection lost: %1. Reconnecting in %n second(s)...",
                                       nullptr, static_cast<int>(seconds))
                                        .arg(explain(e)));
        // Said where the user reads too, once per loss (not at every attempt).
        if (!m_toldLost.contains(session)) {
            m_toldLost.insert(session);
            const QString lost = tr("Connection to %1 lost: %2. Reconnecting...")
                                     .arg(session->address(), explain(e));
            tellChats(session, t, lost, true);
            emit message(lost, 15000);
        }
        m_retryAt.insert(session, QDateTime::currentDateTime().addMSecs(e.retryInMs));
        m_countdown->start();
        break;
    }
    case S::Disconnected:
        if (e.error.isEmpty() && e.text.isEmpty()) {
            server->view()->addEvent(t, tr("Disconnected."));
            break;
        }
        {
            const QString why = explain(e);
            const QString line = tr("Cannot chat on %1: %2").arg(session->address(), why);
            server->view()->addError(t, line);
            tellChats(session, t, line, true);
            m_toldLost.remove(session);
            if (!m_quitting && session != m_ownSession && e.errorName != QLatin1String("refused"))
                emit message(tr("%1: %2").arg(session->address(), why), 15000);
        }
        if (m_quitting)
            break;
        // A certificate refused: ask whether to trust it (and pin it from then on).
        if (e.errorName == QLatin1String("TLS_UNKNOWN_CERTIFICATE") ||
            e.errorName == QLatin1String("TLS_FINGERPRINT_CHANGED")) {
            if (askTrust(session, e.errorName == QLatin1String("TLS_FINGERPRINT_CHANGED")))
                return;
            break;
        }
        // A host with a password: ask for it (and keep it only if the user says so).
        if (m_passwordRefused.remove(session)) {
            askPassword(session);
            return;
        }
        // A nick in use: offer another.
        if (m_noNickLeft.remove(session) && askNick(session))
            return;
        break;
    case S::Registered:
        if (m_toldLost.remove(session))
            tellChats(session, t, tr("Connected to %1 again.").arg(session->address()), false);
        break;
    case S::Closing:
        break;
    }
    emit changed();
}

void SessionList::tellChats(bridge::ChatSession* session, const QDateTime& time,
                            const QString& text, bool error)
{
    for (ChatPage* p : m_router->pages(session)) {
        if (p->kind() == ChatPage::Kind::Server)
            continue;
        if (error)
            p->view()->addError(time, text);
        else
            p->view()->addEvent(time, text);
    }
}

void SessionList::reconnect(bridge::ChatSession* session, const QString& room)
{
    if (!session || !m_sessions.contains(session))
        return;
    auto s = session->settings();
    if (!room.isEmpty() && std::none_of(s.rooms.cbegin(), s.rooms.cend(), [&](const QString& r) {
            return session->fold(r) == session->fold(room);
        }))
        s.rooms.append(room);
    const bool own = session == m_ownSession;
    close(session, {});
    bridge::ChatSession* again = open(s.host, s.port, s.password, s.rooms, own, s.tls);
    if (own)
        m_ownSession = again;
}

void SessionList::askPassword(bridge::ChatSession* session)
{
    const auto settings = session->settings();
    const QString address = session->address();
    PasswordDialog dialog(address, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString key = QStringLiteral("passwords/") + address;
    if (dialog.remember())
        m_store->setValue(key, dialog.password());
    else
        m_store->remove(key);
    close(session, {});
    open(settings.host, settings.port, dialog.password(), settings.rooms, false, settings.tls);
}

bool SessionList::askTrust(bridge::ChatSession* session, bool changed)
{
    const auto settings = session->settings();
    const QString address = session->address();
    const bridge::TlsDetails tls = session->tls();
    if (tls.fingerprint.isEmpty())
        return false;
    const QString key = tlsFingerprintKey(address);
    const QString known =
        changed ? m_store->value(key, settings.tlsFingerprint).toString() : QString();
    const QString announced =
        m_announcedFingerprint ? m_announcedFingerprint(settings.host, settings.port) : QString();
    if (!ui::askTrust(m_window, address, tls, known, announced))
        return false;
    m_store->setValue(key, tls.fingerprint);
    emit message(tr("%1: its certificate is trusted from now on; joining again...").arg(address),
                 5000);
    close(session, {});
    open(settings.host, settings.port, settings.password, settings.rooms, false, true);
    return true;
}

bool SessionList::askNick(bridge::ChatSession* session)
{
    bool ok = false;
    const QString nick =
        QInputDialog::getText(m_window, tr("Nick in use"),
                              tr("The nick %1 is taken on %2. Another one:")
                                  .arg(session->settings().nick, session->address()),
                              QLineEdit::Normal, m_settings->alternativeNick, &ok);
    if (!ok || nick.trimmed().isEmpty())
        return false;
    m_settings->nick = nick.trimmed();
    const auto s = session->settings();
    close(session, {});
    open(s.host, s.port, s.password, s.rooms, false, s.tls);
    return true;
}

void SessionList::restore()
{
    struct Saved
    {
        QString address;
        QStringList rooms;
        QStringList privates;
    };
    QList<Saved> saved;
    const int count = m_store->beginReadArray(QStringLiteral("sessions"));
    for (int i = 0; i < count; ++i) {
        m_store->setArrayIndex(i);
        saved.append({m_store->value(QStringLiteral("address")).toString(),
                      m_store->value(QStringLiteral("rooms")).toStringList(),
                      m_store->value(QStringLiteral("privates")).toStringList()});
    }
    m_store->endArray();
    for (const auto& address : m_settings->autoConnect)
        if (std::none_of(saved.begin(), saved.end(), [&](auto& s) { return s.address == address; }))
            saved.append({address, {QStringLiteral("#lan")}, {}});
    for (const auto& s : std::as_const(saved)) {
        if (s.address.isEmpty())
            continue;
        bridge::ChatSession* session = joinHost(
            s.address, {}, s.rooms.isEmpty() ? QStringList{QStringLiteral("#lan")} : s.rooms);
        for (const QString& nick : s.privates)
            if (session && !nick.isEmpty())
                m_router->open(session, nick, false);
    }
}

void SessionList::save() const
{
    m_store->beginWriteArray(QStringLiteral("sessions"));
    int i = 0;
    for (const auto& s : m_sessions) {
        if (!s || s->property("ownHost").toBool() || !m_gotIn.contains(s))
            continue;
        QStringList rooms;
        QStringList privates;
        for (ChatPage* p : m_router->pages(s)) {
            if (p->kind() == ChatPage::Kind::Room)
                rooms.append(p->target());
            else if (p->kind() == ChatPage::Kind::Private)
                privates.append(p->target());
        }
        m_store->setArrayIndex(i++);
        m_store->setValue(QStringLiteral("address"), joinAddress(s.data()));
        m_store->setValue(QStringLiteral("rooms"), rooms);
        m_store->setValue(QStringLiteral("privates"), privates);
    }
    m_store->endArray();
}

void SessionList::quitAll(const QString& reason)
{
    m_quitting = true;
    QEventLoop wait;
    auto allGone = [this] {
        return std::all_of(m_sessions.begin(), m_sessions.end(), [](const auto& s) {
            return !s || s->state() == bridge::SessionState::Disconnected;
        });
    };
    for (const auto& s : m_sessions) {
        if (!s)
            continue;
        connect(s, &bridge::ChatSession::event, &wait, [&] {
            if (allGone())
                wait.quit();
        });
        s->quit(reason);
    }
    if (!allGone()) {
        QTimer::singleShot(1500, &wait, &QEventLoop::quit);
        wait.exec();
    }
}

} // namespace ui
