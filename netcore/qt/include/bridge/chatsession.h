// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One chat connection for the GUI: netcore's IRC client engine on its own event loop (a worker
// thread). Its events arrive as queued signals in the thread that owns this object (the GUI
// thread), in the order they happened; the slots post the work to the loop thread. Destroying
// it disconnects at once and stops the loop; ending a chat politely is quit().
//
// The GUI speaks no IRC through it: each slot is one operation (its comment says what it sends
// and which signal or event answers), and the answers are typed (nickRefused, whoisReceived,
// ...). sendRaw() is the one raw path, for a line the user typed (/quote). Names (nicks, rooms)
// compare as the server compares them: fold(). A refusal without a typed signal (no such
// nick, not a room operator, ...) comes as an Error event: target and room say what it
// concerns, text the server's words.

#include "bridge/chatevent.h"
#include "bridge/transfer.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace bridge {

struct SessionSettings
{
    QString host;
    quint16 port = 6667;
    QString nick;
    QString realName;
    QString password;
    QStringList rooms = {QStringLiteral("#lan")};
    bool alternativeNicks = true;
    QString alternativeNick; // tried first when the nick is taken; empty: nick_, nick1, ...
    bool reconnect = true;
    QString loop = QStringLiteral("select");
    QStringList watched; // favourite people: watched with MONITOR where the server has it
    // IRC inside TLS; the host's certificate accepted if the system vouches for it, or if its
    // SHA-256 fingerprint is tlsFingerprint (else the session ends with TLS_UNKNOWN_CERTIFICATE
    // or TLS_FINGERPRINT_CHANGED, and tls().fingerprint says the host's).
    bool tls = false;
    QString tlsFingerprint;
};

class ChatSession : public QObject
{
    Q_OBJECT

public:
    explicit ChatSession(SessionSettings settings, QObject* parent = nullptr);
    ~ChatSession() override;

    const SessionSettings& settings() const { return m_settings; }
    // As known in the GUI thread (updated by the events as they are delivered).
    SessionState state() const { return m_state; }
    QString nick() const { return m_nick; }
    qint64 lagMs() const { return m_lagMs; }
    // A room's members (with their away marks) and topic, the room named in any case.
    QList<RoomMember> members(const QString& room) const;
    QString topic(const QString& room) const;
    // Whether we are marked away on this session (each session has its own mark), and the
    // text we gave; kept over a reconnect.
    bool isAway() const { return m_away; }
    QString awayText() const { return m_awayText; }
    // The TLS session now, or the last one's (a refused certificate's fingerprint too).
    const TlsDetails& tls() const { return m_tls; }
    // Whether the server made us an IRC operator on this session.
    bool isOperator() const { return m_operator; }
    // How this session's server compares names (its CASEMAPPING; rfc1459 until it says), and a
    // name folded that way: two nicks or room names are the same when their folds are equal.
    CaseMapping caseMapping() const { return m_caseMapping; }
    QString fold(const QString& name) const { return fold(name, m_caseMapping); }
    static QString fold(const QString& name, CaseMapping mapping);
    // "host:port" as the user would type it.
    QString address() const;
    // The server's NETWORK and (LanChat hosts) HOSTID, once it has said them; the socket of the
    // current connection in the trace (0 when none).
    QString network() const { return m_network; }
    QString hostId() const { return m_hostId; }
    quint64 socketId() const { return m_socketId; }

public slots:
    // Starts the loop and connects. Errors (a loop that cannot start) come as a ChatEvent of
    // kind Error and a state Disconnected.
    void start();
    void sendMessage(const QString& target, const QString& text);
    void sendAction(const QString& target, const QString& text);
    void sendNotice(const QString& target, const QString& text);
    void join(const QString& room, const QString& key = {});
    void part(const QString& room, const QString& reason = {});
    // NICK nick: answered by a NickChange event (self), or nickRefused (the nick stays).
    void setNick(const QString& nick);
    // TOPIC room :topic: answered by a Topic event; requestTopic (TOPIC room) too.
    void setTopic(const QString& room, const QString& topic);
    void requestTopic(const QString& room);
    // AWAY :text, or AWAY (back) for an empty text: answered by awayChanged (and an Away event,
    // self), and our away mark in the member lists (membersChanged).
    void setAway(const QString& text);
    // WHOIS nick: answered by whoisReceived (found false: no such nick).
    void whois(const QString& nick);
    // WHO room|nick|mask, for the user: answered by whoListReceived (empty when nobody
    // matched, or the server refused: then an Error event says why).
    void who(const QString& mask);
    // KICK room nick :reason: answered by a Kick event, or an Error (not a room operator).
    void kick(const QString& room, const QString& nick, const QString& reason = {});
    // MODE room +b mask / -b mask (a nick alone is nick!*@*): answered by a Mode event, or an
    // Error.
    void ban(const QString& room, const QString& nickOrMask);
    void unban(const QString& room, const QString& nickOrMask);
    // OPER name password: answered by operatorGranted or operatorRefused.
    void oper(const QString& name, const QString& password);
    // MODE target modes args... (a room or our nick; no modes: ask for the current ones):
    // answered by a Mode event, the server's text (ServerText), or an Error.
    void setMode(const QString& target, const QString& modes = {}, const QStringList& args = {});
    // INVITE nick room: answered by the server's text (ServerText), awayReply when nick is
    // away, or an Error.
    void invite(const QString& nick, const QString& room);
    // NAMES room: answered by a Names event and membersChanged.
    void requestNames(const QString& room);
    // WHO room: the away marks of its members now (the session asks by itself after joining
    // and every minute): answered by memberAwayChanged for each change, and membersChanged.
    void requestWho(const QString& room);
    // What was said in `target` (a room we are in, or a nick) after `after` (invalid: its
    // latest lines), from the server's history when it keeps one (draft/chathistory):
    // Message/Action/Notice events with `history` set, then historyReplayed. Nothing happens
    // with a server without history.
    void requestHistory(const QString& target, const QDateTime& after = {});
    // The favourite people to watch (replacing the list); answered by watchedChanged.
    void setWatched(const QStringList& nicks);
    // A line as the user typed it (/quote), without CRLF. The one raw path: everything else
    // has an operation above.
    void sendRaw(const QString& line);
    void quit(const QString& reason = {});

    // DCC file transfers (chatsession_transfers.cpp), answered by transferChanged:
    // offers a file (a local path) to nick; active (we listen) unless passive.
    void sendFile(const QString& nick, const QString& path, bool passive = false);
    // Takes offer `id` into `directory` under its offered name made safe (NAME.part resumed,
    // never over an existing file), or into exactly `filePath` (the user chose it).
    void acceptTransfer(quint64 id, const QString& directory);
    void acceptTransferAs(quint64 id, const QString& filePath);
    void declineTransfer(quint64 id);
    void cancelTransfer(quint64 id);
    void forgetTransfer(quint64 id);

signals:
    void event(const bridge::ChatEvent& event);
    // A room's member list changed (join, part, quit, kick, nick, names, mode, away marks).
    void membersChanged(const QString& room);
    // The server refused a nick: while logging in (another is tried, or the session ends), or
    // after setNick() (our nick stays).
    void nickRefused(const bridge::NickRefusalInfo& refusal);
    // The host's password (SessionSettings::password) is wrong or missing; the session ends
    // and does not retry.
    void passwordRefused(const QString& text);
    // nick is away: text (the answer to our message or invitation).
    void awayReply(const QString& nick, const QString& text);
    void whoisReceived(const bridge::WhoisInfo& info);
    void whoListReceived(const bridge::WhoListInfo& list);
    // The TLS handshake ended: tls() has the version, cipher and the host's fingerprint.
    void secured(const bridge::TlsDetails& tls);
    // OPER's answers.
    void operatorGranted(const QString& text);
    void operatorRefused(const QString& text);
    // Our own away mark on this session changed (the server confirmed setAway()).
    void awayChanged(bool away, const QString& text);
    // nick (in one of our rooms, or we ourselves) went away or came back; text when known.
    void memberAwayChanged(const QString& nick, bool away, const QString& text);
    // requestHistory's lines for `target` have all come: `count` of them.
    void historyReplayed(const QString& target, int count);
    // A watched nick is online here (`mask` nick!user@host) or not (now, or any more).
    void watchedChanged(const QString& nick, bool online, const QString& mask);
    // A file transfer: offered to us, refused, its state, its progress; or a DCC request that
    // could not be taken (Problem: text). A sendFile/accept that fails at once comes as a
    // Failed change too (or a Problem when there is no transfer).
    void transferChanged(bridge::TransferChange change, const bridge::TransferInfo& info,
                         const QString& text);

    // --- FILEHOST: files shared through the host, pictures fetched from it ----------------------
    // (chatsession_files.cpp; netcore/irc/filehost_client.h does the HTTP in the loop thread.)
public:
    // The upload URL the server advertises (ISUPPORT soju.im/FILEHOST or draft/FILEHOST), "" when
    // it has none, or when it cannot be used: a plain http:// URL on a TLS session (the
    // extension has clients refuse it). Learnt once the server's welcome has come;
    // fileHostChanged says each change (also to "" when a new connection begins).
    QString fileHostUrl() const { return m_fileHostUrl; }
    // Whether `url` is a shared file on this session's FILEHOST (its scheme, host and port,
    // under /files/): the only links whose pictures and sizes are fetched.
    bool isSharedFileLink(const QUrl& url) const;
    // The most fetchImage() takes.
    static constexpr qint64 MaxImageBytes = 8 << 20;

public slots:
    // Uploads a local file (streamed from disk) or bytes (a pasted picture: fileName and
    // contentType, e.g. "image/png") to the host's FILEHOST; over https with the certificate
    // this session trusts. The host lets in whoever is in the chat from the same address, or
    // the session's password (HTTP Basic). Answered by uploadProgress (0 or more) and one
    // uploadFinished: the file's URL (to post in the chat), or an error in words. Returns the
    // request's id, which the answers carry (never 0).
    quint64 uploadFile(const QString& path);
    quint64 uploadData(const QByteArray& bytes, const QString& fileName,
                       const QString& contentType);
    // Fetches the file at `url` (at most MaxImageBytes) for a thumbnail: only from this
    // session's FILEHOST (its scheme, host and port; anything else is refused without a
    // connection, and so is everything when the host has no FILEHOST). Answered by one
    // imageFetched. The bytes are not decoded here: the widgets decode them with limits.
    quint64 fetchImage(const QString& url);
    // The size and type of the file at `url` (HEAD), from this session's FILEHOST only, as
    // fetchImage; answered by one fileInfoFetched.
    quint64 fetchFileInfo(const QString& url);
    // Stops an upload or a fetch; no answer comes for it.
    void cancelFileRequest(quint64 id);

signals:
    void fileHostChanged(const QString& url);
    void uploadProgress(quint64 id, qint64 sent, qint64 total);
    // url: the uploaded file's link when error is empty.
    void uploadFinished(quint64 id, const QString& url, const QString& error);
    // url: as asked; bytes and contentType (as the host said it) when error is empty.
    void imageFetched(quint64 id, const QString& url, const QByteArray& bytes,
                      const QString& contentType, const QString& error);
    // url: as asked; size (-1: the host did not say) and contentType when error is empty.
    void fileInfoFetched(quint64 id, const QString& url, qint64 size, const QString& contentType,
                         const QString& error);
    // --- end of FILEHOST ------------------------------------------------------------------

private:
    struct Worker;
    struct Delivery;
    struct RoomState
    {
        QString name; // as the server spells it
        QList<RoomMember> members;
        QString topic;
    };
    void drain();
    void deliver(const Delivery& d);
    void emitAnswer(const Delivery& d);
    void setCaseMapping(CaseMapping mapping);
    void startTransfers();                          // loop thread, once the client is made
    void updateFileHost(const QString& advertised); // chatsession_files.cpp
    // A FILEHOST request's id, and `begin` run in the loop thread (or `refuse` queued here
    // when the session has not started).
    quint64 startFileRequest(std::function<void(Worker&, quint64)> begin,
                             std::function<void(quint64)> refuse);
    quint64 fetchFromFileHost(const QString& url, bool headOnly); // a GET or a HEAD

    SessionSettings m_settings;
    std::unique_ptr<Worker> m_worker;
    SessionState m_state = SessionState::Disconnected;
    QString m_nick;
    qint64 m_lagMs = 0;
    QString m_network;
    QString m_hostId;
    quint64 m_socketId = 0;
    bool m_away = false;
    QString m_awayText;
    TlsDetails m_tls;
    bool m_operator = false;
    CaseMapping m_caseMapping = CaseMapping::Rfc1459;
    QHash<QString, RoomState> m_rooms; // by folded name
    QString m_fileHostUrl;
    quint64 m_lastFileRequest = 0;
};

} // namespace bridge
