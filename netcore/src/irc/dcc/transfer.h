// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One DCC transfer's socket and file (the IRC side, offers and answers, is DccManager's): it
// listens or connects, moves the file (the sender reads it in chunks as the connection drains,
// the receiver writes NAME.part and acknowledges), watches for stalls and timeouts, and ends in
// Done or Failed. Loop thread only; held by shared_ptr, its handlers hold it weakly.

#include "netcore/event_loop.h"
#include "netcore/irc/dcc_transfer.h"
#include "netcore/tcp.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace netcore::irc::dcc {

// A DccErrc error for a transfer ("DCC: DCC_STALLED: nothing moved ... (detail)").
NetError dccError(DccErrc e, std::string detail);

class Transfer : public std::enable_shared_from_this<Transfer>
{
public:
    // Told of every state change and of progress; may destroy the transfer's owner's hold.
    using Notify = std::function<void(Transfer&, TransferEvent::Kind)>;

    Transfer(EventLoop& loop, const DccOptions& options, TransferInfo info, Notify notify);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    const TransferInfo& info() const { return m_info; }
    TransferInfo& info() { return m_info; }

    // Send: opens info().path and learns its size.
    NetError openSource();
    // Send: where the file starts (a RESUME the peer asked for, at most the size).
    NetError seekSource(std::uint64_t position);
    // Receive: the file to write (NAME.part) from `position` on (a resume keeps what is there
    // up to it) and where it goes when complete: `finalPath`, replaced if `replace`, else
    // "NAME (1)" and so on when it exists.
    NetError openTarget(const std::filesystem::path& partPath, std::uint64_t position,
                        const std::filesystem::path& finalPath, bool replace);

    // Listens on host:0 for the peer (one connection). The port, or 0 and *error.
    std::uint16_t listen(const std::string& host, NetError* error);
    void connectTo(const std::string& address, std::uint16_t port);
    // Waits (state Waiting) for the peer: to connect, or to answer; DCC_TIMED_OUT after
    // `timeout` unless something else happens first.
    void wait(std::chrono::milliseconds timeout);
    // Fails with DCC_TIMED_OUT ("<what> 300 s") after `timeout` unless it ends before.
    void startTimer(std::chrono::milliseconds timeout, std::string what);

    void fail(NetError error);
    bool finished() const { return m_info.finished(); }
    // Done, and its connection still closing gracefully (the last bytes and the FIN going out).
    bool closing() const { return m_closing && m_closing->state() != SocketState::Closed; }

private:
    void setState(TransferState state);
    void stopTimer();
    void attach(std::shared_ptr<TcpConnection> connection);
    void onData(std::string_view data);
    void onPeerClosed(const NetError& error);
    void pump();
    void checkSent();
    void receive(std::string_view data);
    void scheduleAck();
    void complete();
    void tick();
    NetError finishFile();
    void closeSockets(bool abort);
    std::string describeAt() const; // "at 1.2 MiB of 4 MiB"

    EventLoop& m_loop;
    DccOptions m_options;
    TransferInfo m_info;
    Notify m_notify;

    std::FILE* m_file = nullptr;
    std::filesystem::path m_partPath;
    std::filesystem::path m_finalPath;
    bool m_replace = false;

    std::unique_ptr<TcpListener> m_listener;
    std::shared_ptr<TcpConnector> m_connector;
    std::shared_ptr<TcpConnection> m_connection;
    std::shared_ptr<TcpConnection> m_closing; // done, closing gracefully

    // Send
    std::string m_chunk;
    std::uint64_t m_read = 0; // bytes of the file handed to the connection
    bool m_eof = false;
    bool m_pumpPosted = false;
    std::string m_ackBytes; // a partial acknowledgement
    std::optional<std::uint32_t> m_lastAck;
    // Receive
    bool m_ackPending = false;

    std::optional<EventLoop::TimerId> m_timeout;
    std::optional<EventLoop::TimerId> m_ticker;
    EventLoop::Clock::time_point m_lastActivity;
    std::uint64_t m_lastPosition = 0;
    std::uint64_t m_reportedPosition = 0;
};

} // namespace netcore::irc::dcc
