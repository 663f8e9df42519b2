// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// DCC file transfers beside an IRC client connection: offering a file to a person, taking or
// declining their offers, resuming a broken transfer, all on the client's EventLoop (never on
// a GUI thread). The requests go through the IrcClient as CTCP (netcore/irc/dcc.h has their
// wire format); the file goes over a TCP connection of its own between the two programs.
//
//   Active (the sender listens):
//     sender:   socket, bind, listen        -> PRIVMSG bob :\x01DCC SEND name ip port size\x01
//     receiver: connect(ip, port)           -> the file, the receiver acks the bytes it has
//   Passive (the receiver listens, for a sender that cannot be reached):
//     sender:   PRIVMSG bob :\x01DCC SEND name ip 0 size token\x01
//     receiver: socket, bind, listen        -> PRIVMSG ada :\x01DCC SEND name ip port size
//     token\x01 sender:   connect(ip, port)           -> the file
//   Resume (the receiver has name.part): RESUME name port position [token], the sender answers
//   ACCEPT name port position [token], and the file continues at position.
//
// The receiver acknowledges as every client does: after the bytes of a turn, the position in
// the file (the low 32 bits, big-endian). The sender is done when the receiver has acknowledged
// everything or closes after it was all sent; the receiver when it has the offer's size (or, for
// an offer without a size, when the sender closes).
//
// On disk: a received file is written as NAME.part until complete, then renamed to NAME (or
// "NAME (1)" and so on when NAME exists: nothing is overwritten). A transfer that ends early
// keeps its .part, and accepting the same file again resumes it. The name is the offer's,
// made safe by safeFileName(): a peer's name is never a path.
//
// An offer whose address is not its sender's (as the IRC host shows the sender) is refused
// with DCC_FOREIGN_ADDRESS: a DCC offer must not make us connect to another machine's port.
// Errors are NetError values: DccErrc's (DCC_STALLED, DCC_INCOMPLETE, ...), fileCategory()'s
// for the disk (ENOSPC), socketCategory()'s for the connection.

#include "netcore/error.h"
#include "netcore/irc/dcc.h"
#include "netcore/socket_state.h"
#include "netcore/trace.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace netcore {
class EventLoop;
}

namespace netcore::irc {
class IrcClient;
struct ClientEvent;
} // namespace netcore::irc

namespace netcore::irc::dcc {

using TransferId = std::uint64_t;

enum class Direction : std::uint8_t
{
    Send,
    Receive,
};

enum class TransferState : std::uint8_t
{
    Offered,      // Receive: an offer waiting for the user's yes or no
    Waiting,      // waiting for the peer: to connect, to answer a passive offer or a RESUME
    Connecting,   // connecting to the peer
    Transferring, // the file is moving
    Done,         // complete: `path` is the file
    Failed,       // ended early: `error` says why (a .part stays for a resume)
};
const char* transferStateName(TransferState state); // "offered", "waiting", ...
// A size for people: "512 bytes", "1.2 MiB".
std::string sizeText(std::uint64_t bytes);

struct TransferInfo
{
    TransferId id = 0;
    Direction direction = Direction::Receive;
    TransferState state = TransferState::Offered;
    std::string nick;        // the other side
    std::string peerAddress; // "10.0.0.2:40124" once known
    // The file's name as the offer gives it (the peer's text: show it, never use it as a path).
    std::string offeredName;
    // Send: the file sent. Receive: where it is written (NAME.part while it comes; NAME when
    // done); "" before accept.
    std::string path;
    std::optional<std::uint64_t> size;
    std::uint64_t position = 0;    // bytes of the file we have sent or written
    std::uint64_t resumedFrom = 0; // where this transfer started in the file (a resume)
    bool passive = false;          // the receiver listens
    double bytesPerSecond = 0;     // lately
    NetError error;                // Failed: why
    SocketId socket = 0;           // the data connection's (or the listener's) trace id

    // Seconds left at the current speed, when the size and a speed are known.
    std::optional<std::chrono::seconds> timeLeft() const;
    bool finished() const { return state == TransferState::Done || state == TransferState::Failed; }
};

struct TransferEvent
{
    enum class Kind : std::uint8_t
    {
        Offered,  // a new offer to us (state Offered): ask the user
        Refused,  // an offer refused without asking (a foreign address): info.error says why
        Changed,  // the state changed (Waiting, Connecting, Transferring, Done, Failed)
        Progress, // position and speed (at most every DccOptions::progressInterval)
        Problem,  // a DCC request that cannot be read or matched: text says what
    };
    Kind kind = Kind::Changed;
    TransferInfo info;
    std::string text; // Problem: in words
};

struct DccOptions
{
    // How long an offer waits: for the receiver to connect (active), or for the user to accept
    // and for the other side to answer (passive, resume).
    std::chrono::milliseconds offerTimeout{5 * 60 * 1000};
    std::chrono::milliseconds connectTimeout{10000};
    // A transfer where nothing moves this long fails with DCC_STALLED.
    std::chrono::milliseconds stallTimeout{60000};
    std::chrono::milliseconds progressInterval{250};
    // Where to listen (active send, passive receive): "" = the address of the IRC connection's
    // own end, which is the address the host shows others for us and checks offers against.
    std::string listenHost;
    // The sender reads the file in chunks of this size and keeps at most `sendWindow` bytes
    // queued on the connection.
    std::size_t chunkBytes = 64 * 1024;
    std::size_t sendWindow = 512 * 1024;
};

class DccManager
{
public:
    using Handler = std::function<void(const TransferEvent&)>;

    // Loop thread for everything; `client` must outlive the manager. The owner of the client
    // hands every ClientEvent::Kind::Dcc to handleRequest().
    DccManager(EventLoop& loop, IrcClient& client, DccOptions options, Handler handler);
    // Ends every transfer still running (a .part stays).
    ~DccManager();
    DccManager(const DccManager&) = delete;
    DccManager& operator=(const DccManager&) = delete;

    // A DCC request from the IRC connection (ClientEvent::Kind::Dcc).
    void handleRequest(const ClientEvent& event);

    // Offers a file (a UTF-8 path) to nick: active (we listen) or passive (they listen).
    // 0 and *error when the file cannot be read or the client is not registered.
    TransferId sendFile(const std::string& nick, const std::string& path, bool passive,
                        NetError* error);
    // Takes an offer: into `directory` under the offer's safe name (resuming NAME.part when
    // it is there and shorter than the offer), or (acceptAs) into exactly `filePath`, which
    // the user chose (replaced when it exists; FILE.part resumed the same way). False and
    // *error when it cannot start: the transfer then ends Failed with that error (its handler
    // is told), except for an id that is no offer waiting, which changes nothing.
    bool accept(TransferId id, const std::string& directory, NetError* error);
    bool acceptAs(TransferId id, const std::string& filePath, NetError* error);
    // Says no to an offer (DCC REJECT, as irssi does); the sender is told.
    void decline(TransferId id);
    // Ends a transfer (DCC_CANCELLED); a .part stays.
    void cancel(TransferId id);
    // Forgets a finished transfer.
    void forget(TransferId id);

    // Whether a finished transfer's connection is still closing gracefully. An owner about to
    // go (lanchat-cli) waits until it is false: dropping the manager resets such a connection,
    // and the bytes it had not sent yet (the receiver's last acknowledgement) are lost.
    bool closing() const;

    const TransferInfo* find(TransferId id) const;
    std::vector<TransferInfo> transfers() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace netcore::irc::dcc
