// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The IRC host: a multi-client chat server speaking the subset of IRC in docs/protocol.md, on
// one EventLoop (all of it runs in the loop's thread). Registration (PASS, NICK, USER, CAP LS
// 302/REQ/END with server-time, message-tags, echo-message), rooms created on JOIN (the default
// room exists from the start; a room's creator is its operator), private messages, NOTICE,
// TOPIC, AWAY, NAMES, LIST, WHO, WHOIS, MOTD, LUSERS, MODE (+n +t +m +k +b +o +v), KICK, OPER,
// DIE; and the protections: line limits, registration and ping timeouts, flood control by token
// bucket, a send-queue bound per client, client limits overall and per address.

#include "netcore/address.h"
#include "netcore/error.h"
#include "netcore/tcp.h"
#include "netcore/tls.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace netcore {
class EventLoop;
}

namespace netcore::irc {

struct HostConfig
{
    std::string serverName = "lanchat.local"; // prefixes, 004, PONG, WHO, WHOIS
    std::string networkName = "LanChat";      // ISUPPORT NETWORK
    std::string hostId;                       // stable id, advertised as ISUPPORT HOSTID
    std::string password;                     // PASS; empty: none needed
    struct Operator
    {
        std::string name;
        std::string password;
    };
    std::vector<Operator> operators;  // OPER credentials
    std::vector<std::string> motd;    // lines; empty: 422 "MOTD File is missing"
    std::string defaultRoom = "#lan"; // exists while the host runs, even empty; "": none
    std::string adminName;            // ADMIN: who runs the host
    std::string adminEmail;           // ADMIN: how to reach them

    // Limits (the IRC-conventional defaults).
    std::size_t maxLine = 512;          // bytes including CRLF
    std::size_t maxUnterminated = 4096; // bytes without a line end before ERROR and close
    std::size_t nickLength = 30;
    std::size_t roomLength = 50;
    std::size_t topicLength = 390;
    std::chrono::milliseconds registrationTimeout{20000};
    // A TLS client's handshake must end within this (a half-finished one holds a slot).
    std::chrono::milliseconds tlsHandshakeTimeout{10000};
    std::chrono::milliseconds pingInterval{60000}; // PING a client idle this long
    std::chrono::milliseconds pongTimeout{30000};  // and close it if no answer in this time
    // Flood control: a token bucket per client. 0 lines/s turns it off.
    double floodBurst = 10;
    double floodLinesPerSecond = 5;
    std::size_t floodBacklogLines = 40; // waiting lines beyond this: ERROR :Excess Flood
    std::size_t floodBacklogBytes = 8192;
    // Send queue per client: a reader that stops reading is closed.
    std::size_t sendQueueHard = 256 * 1024;
    std::size_t sendQueueSoft = 64 * 1024;
    std::chrono::milliseconds sendQueueSoftTime{10000};
    std::size_t maxClients = 256;
    std::size_t maxClientsPerAddress = 10;
    std::size_t monitorLimit = 100; // nicks a client may MONITOR (ISUPPORT MONITOR=)
    std::size_t whowasLimit = 200;  // departed nicks WHOWAS remembers
    // Catch-up history (draft/chathistory): lines kept per room and per private conversation
    // (0: no history), for how long, and in which file ("": in memory only).
    std::size_t historyLines = 1000;
    std::chrono::seconds historyAge{7 * 24 * 3600};
    std::string historyFile;
    std::size_t historyPerAnswer = 100; // lines one CHATHISTORY answer holds at most
    // FILEHOST (netcore/irc/filehost.h): the upload URL advertised in ISUPPORT as
    // soju.im/FILEHOST and draft/FILEHOST ("": none), and the https one for clients on the TLS
    // port ("": they get fileHostUrl too; the extension has them ignore a plain http URL).
    std::string fileHostUrl;
    std::string fileHostTlsUrl;
};

class IrcHost
{
public:
    struct Events
    {
        // Joins, parts, errors: one readable line each (lanchat-cli host prints them).
        std::function<void(const std::string&)> log;
        // The host has stopped (stop() or DIE) and every client is gone.
        std::function<void(const std::string& reason)> stopped;
    };

    // Loop thread for everything.
    IrcHost(EventLoop& loop, HostConfig config, Events events = {});
    ~IrcHost();
    IrcHost(const IrcHost&) = delete;
    IrcHost& operator=(const IrcHost&) = delete;

    // Listens and serves. The error names the call and address ("bind [::]:6667: EADDRINUSE ...").
    NetError start(const ListenOptions& listen);
    // A TLS port (RFC 7194: 6697) beside a plain one, or alone (plain: nullopt): its clients
    // speak IRC inside TLS with `identity`'s certificate. A plain client on the TLS port gets
    // an ERROR line in the clear and is closed; a TLS client on the plain port is closed; the
    // handshake must end within tlsHandshakeTimeout. Both ports share every limit.
    struct TlsListen
    {
        TlsListen(ListenOptions where, TlsIdentity id, std::shared_ptr<TlsContext> made = nullptr)
            : listen(std::move(where))
            , identity(std::move(id))
            , context(std::move(made))
        {}
        ListenOptions listen;
        TlsIdentity identity;
        // The server context for `identity`, when the caller has made it already (to learn
        // whether this system can serve TLS at all): used as it is, not made again.
        std::shared_ptr<TlsContext> context;
    };
    NetError start(const std::optional<ListenOptions>& plain, const std::optional<TlsListen>& tls);
    // The TLS port's address (empty without one) and the certificate's fingerprint.
    SocketAddress tlsAddress() const;
    std::string tlsFingerprint() const;
    // Stops gracefully: every client gets "ERROR :Closing Link: ... (reason)" and a graceful
    // close; the listener closes at once; Events::stopped follows when all are gone.
    void stop(const std::string& reason);

    SocketAddress localAddress() const;
    std::size_t clientCount() const;
    std::size_t roomCount() const;
    bool isRunning() const;
    // Whether a registered client is connected from `address`'s IP (the file host's rule for
    // who may upload). This machine's own addresses (loopback and its interfaces') count as
    // one: the hosting user joins over 127.0.0.1 but uploads to the LAN address the host
    // advertises.
    bool hasRegisteredClientFrom(const SocketAddress& address) const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// Nick rules as in modern IRC: 1..maxLength bytes; none of space , * ? ! @ : # & and no control
// characters; not starting with a digit or '-'.
bool isValidNick(std::string_view nick, std::size_t maxLength = 30);
// Room names: '#' then 1..maxLength-1 bytes without space, comma, ':', BEL or controls.
bool isValidRoomName(std::string_view name, std::size_t maxLength = 50);

} // namespace netcore::irc
