// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The trace: every socket call netcore makes and every event-loop wake-up, published as a
// TraceEvent to any number of subscribers (the Socket Inspector, lanchat-cli --trace, tests).
// With nobody subscribed, a call site costs one relaxed atomic load.
//
// Subscribers are called synchronously on the thread that made the call, in sequence order,
// under the trace's lock: they must be quick (copy the event into a queue or a ring buffer) and
// must not call into netcore or subscribe/unsubscribe from inside the callback.

#include "netcore/socket_state.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netcore {

// A netcore-assigned socket id, unique for the life of the process (never the OS handle, which
// the OS reuses). 0 means "no socket".
using SocketId = std::uint64_t;
SocketId allocateSocketId();

enum class Protocol : std::uint8_t
{
    None,
    Tcp,
    Udp,
};

enum class TraceOs : std::uint8_t
{
    Posix,
    Windows,
};

enum class Call : std::uint8_t
{
    WSAStartup,
    WSACleanup,
    Getaddrinfo,
    Socket,
    Setsockopt,
    Getsockopt,
    SetNonBlocking, // fcntl(O_NONBLOCK) / ioctlsocket(FIONBIO)
    Ioctl,          // WSAIoctl (SIO_UDP_CONNRESET)
    Bind,
    Listen,
    Accept,
    Connect,
    Getsockname,
    Send,
    Recv,
    Sendto,
    Recvfrom,
    Shutdown,
    Close, // close / closesocket
    Select,
    WSAAsyncSelect, // registering a socket with a window message
    AsyncMessage,   // an FD_* message delivered to the loop's window
    Epoll,          // epoll_wait (the scalable Linux loop)
    EpollCtl,       // epoll_ctl: adding, changing or removing a socket's registration
    // The TLS layer above a socket (not socket calls: what the TLS library did with the bytes
    // the socket calls moved). Each event says its step in TraceEvent::tls.
    TlsHandshake, // one handshake message sent or received ("ClientHello"), an alert, the end
    TlsEncrypt,   // SSL_write / EncryptMessage: plaintext the user sent, turned into records
    TlsDecrypt,   // SSL_read / DecryptMessage: plaintext taken out of the records received
};
inline constexpr int kCallCount = static_cast<int>(Call::TlsDecrypt) + 1;
// The calls of the TLS layer (TlsHandshake, TlsEncrypt, TlsDecrypt).
constexpr bool isTlsCall(Call call)
{
    return call == Call::TlsHandshake || call == Call::TlsEncrypt || call == Call::TlsDecrypt;
}

// The name of the call on the platform that made it ("close" on POSIX, "closesocket" on Windows).
std::string_view callName(Call call, TraceOs os);
// The WinSock counterpart of a POSIX call ("closesocket" for close), or "" when it is the same.
std::string_view winsockCounterpart(Call call);
// Parses a name produced by callName (either platform); false if unknown.
bool callFromName(std::string_view name, Call* call);

// FD_* bits of an AsyncMessage event (the values of winsock2.h, so a trace from Windows reads
// the same everywhere).
enum AsyncEventBits : unsigned
{
    FdRead = 0x01,
    FdWrite = 0x02,
    FdOob = 0x04,
    FdAccept = 0x08,
    FdConnect = 0x10,
    FdClose = 0x20,
};
std::string asyncEventNames(unsigned bits); // "FD_READ|FD_CLOSE"

// getsockopt(SO_ERROR)'s answer: the error a non-blocking connect ended with (0: connected).
struct PendingError
{
    int code = 0;
    std::string name; // "ECONNREFUSED", as on the platform that made the call; "" for 0
};

// What a TLS layer event says beyond its call (TraceEvent::tls).
struct TlsTraceStep
{
    // TlsHandshake: the handshake message ("ClientHello", "Certificate", "Finished"), a
    // "ChangeCipherSpec", an "Alert: bad_certificate", "Encrypted handshake" (a message the
    // library would not show), or "Established" at the end; "" for the data calls.
    std::string step;
    bool sent = false; // we sent it (else the peer did); the data calls: TlsEncrypt
    // On "Established": what the handshake agreed, and the server's certificate (on both ends).
    std::string version;     // "TLSv1.3"
    std::string cipher;      // "TLS_AES_256_GCM_SHA384"
    std::string fingerprint; // "AB:CD:...", SHA-256
};

// One socket call or loop wake-up. Besides the call's own words (args, result, error), the
// fields below `asyncEvents` say in structure what the call did to its socket, so a reader
// (netcore::SocketRegistry, the Inspector) never has to parse `args`.
struct TraceEvent
{
    std::uint64_t seq = 0;    // process-wide order
    std::int64_t timeNs = 0;  // since the trace's epoch (first use in the process)
    std::uint64_t thread = 0; // small thread number
    SocketId socket = 0;
    Protocol protocol = Protocol::None;
    Call call = Call::Socket;
    TraceOs os = TraceOs::Posix;
    std::string args;        // the arguments in short: "127.0.0.1:6667"
    long long result = 0;    // the call's return value
    int error = 0;           // the error number, 0 if none
    std::string errorName;   // "EAGAIN", "WSAEWOULDBLOCK", "EAI_NONAME"
    std::uint64_t bytes = 0; // data calls: bytes moved (always the full count)
    std::string data;        // data calls: the first bytes, at most Trace::payloadCap()
    bool dataCut = false;    // data calls: fewer bytes captured than moved (bytes > data.size())
    // Select: the read/write/except sets passed in and returned (socket ids; the loop's own
    // wake-up socket is id 0). AsyncMessage: the FD_* bits.
    std::array<std::vector<SocketId>, 3> setsIn;
    std::array<std::vector<SocketId>, 3> setsOut;
    unsigned asyncEvents = 0;

    // What the socket is for, on every event of a socket (for accept: the listener's).
    SocketRole role = SocketRole::Unknown;
    // The local address: bind (the one asked for, also when bind fails), getsockname (the one
    // given). "" when the call does not say.
    std::string localAddress;
    // The peer: connect (the one tried), accept (the new connection's), sendto (where to),
    // recvfrom (where from).
    std::string peerAddress;
    // accept: the id netcore gave the new socket (0 when accept failed).
    SocketId acceptedSocket = 0;
    // getsockopt(SO_ERROR) after a non-blocking connect: the pending error it read.
    std::optional<PendingError> soError;
    // The TLS layer's events (isTlsCall): the step, and what was agreed. A failed handshake is
    // a TlsHandshake event with `error` (a netcore::TlsErrc) and `errorName` ("TLS_NOT_TLS").
    // The data calls carry the plaintext in `bytes` and `data`, as send and recv do.
    std::optional<TlsTraceStep> tls;
};

// The payload captured per data call when nobody asks for more: a short prefix keeps
// `lanchat-cli --trace` lines and --trace-file recordings readable. A subscriber that shows
// payloads (the Socket Inspector, 64 KiB) asks for more with its subscription.
inline constexpr std::size_t kDefaultTracePayloadCap = 64;
// The old name of the default (recordings made with it carry at most this many bytes).
inline constexpr std::size_t kTraceDataCap = kDefaultTracePayloadCap;

class Trace
{
public:
    using Subscriber = std::function<void(const TraceEvent&)>;

    // Safe from any thread. Returns a token for unsubscribe(). `payloadCap` > 0 asks for up to
    // that many payload bytes per data call while subscribed (see payloadCap()).
    static int subscribe(Subscriber subscriber, std::size_t payloadCap = 0);
    static void unsubscribe(int token);
    // Changes what a subscriber asks for (0: nothing beyond the base cap). Safe from any thread.
    static void setSubscriberPayloadCap(int token, std::size_t payloadCap);

    // The base payload cap (default kDefaultTracePayloadCap); safe from any thread.
    static void setPayloadCap(std::size_t bytes);
    // The payload bytes captured per data call now: the largest of the base cap and what the
    // subscribers ask for. Bytes past it are not copied; the event keeps the full count in
    // `bytes` and says `dataCut`.
    static std::size_t payloadCap() noexcept;

    // True if anyone listens; call sites build an event only then.
    static bool enabled() noexcept;
    // Stamps seq, time, thread and os, and hands the event to every subscriber.
    static void publish(TraceEvent event);
    // Nanoseconds since the trace's epoch, as stamped on events.
    static std::int64_t nowNs();
};

// Subscribes for its lifetime.
class TraceSubscription
{
public:
    explicit TraceSubscription(Trace::Subscriber subscriber, std::size_t payloadCap = 0);
    ~TraceSubscription();
    int token() const { return m_token; }
    TraceSubscription(const TraceSubscription&) = delete;
    TraceSubscription& operator=(const TraceSubscription&) = delete;

private:
    int m_token;
};

} // namespace netcore
