// SPDX-License-Identifier: GPL-3.0-or-later
// One DCC transfer: its listener or connector, its data connection and its file.

#include "irc/dcc/transfer.h"

#include "platform/file.h"

#include <cerrno>
#include <system_error>

namespace netcore::irc::dcc {

namespace {

NetError fileError(int code, const char* operation, const std::filesystem::path& path)
{
    return {makeFileError(code), operation, platform::utf8Text(path)};
}

std::string ackBytes(std::uint64_t position)
{
    const auto low = static_cast<std::uint32_t>(position);
    return {static_cast<char>(low >> 24), static_cast<char>((low >> 16) & 0xFF),
            static_cast<char>((low >> 8) & 0xFF), static_cast<char>(low & 0xFF)};
}

} // namespace

std::string sizeText(std::uint64_t bytes)
{
    static const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    if (unit == 0)
        return std::to_string(bytes) + " bytes";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

NetError dccError(DccErrc e, std::string detail)
{
    return {make_error_code(e), "DCC", {}, std::move(detail)};
}

Transfer::Transfer(EventLoop& loop, const DccOptions& options, TransferInfo info, Notify notify)
    : m_loop(loop)
    , m_options(options)
    , m_info(std::move(info))
    , m_notify(std::move(notify))
    , m_lastActivity(EventLoop::Clock::now())
{}

Transfer::~Transfer()
{
    stopTimer();
    if (m_ticker)
        m_loop.cancelTimer(*m_ticker);
    closeSockets(true);
    if (m_file)
        std::fclose(m_file);
}

// --- files -------------------------------------------------------------------------------------

NetError Transfer::openSource()
{
    const std::filesystem::path path = platform::utf8Path(m_info.path);
    m_file = platform::openFile(path, "rb");
    if (!m_file)
        return fileError(errno, "open", path);
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec)
        return {ec, "size of", m_info.path};
    m_info.size = size;
    return {};
}

NetError Transfer::seekSource(std::uint64_t position)
{
    if (!m_file || !m_info.size || position > *m_info.size)
        return dccError(DccErrc::badSize,
                        "position " + std::to_string(position) + " is beyond the file's end");
    if (const int error = platform::seekFile(m_file, position))
        return fileError(error, "seek in", platform::utf8Path(m_info.path));
    m_info.position = position;
    m_info.resumedFrom = position;
    m_read = position;
    m_lastPosition = m_reportedPosition = position;
    return {};
}

NetError Transfer::openTarget(const std::filesystem::path& partPath, std::uint64_t position,
                              const std::filesystem::path& finalPath, bool replace)
{
    m_partPath = partPath;
    m_finalPath = finalPath;
    m_replace = replace;
    std::error_code ec;
    if (position > 0) {
        // A resume keeps what is there up to the position both sides agreed on.
        std::filesystem::resize_file(partPath, position, ec);
        if (ec)
            return {ec, "resize", platform::utf8Text(partPath)};
    }
    m_file = platform::openFile(partPath, position > 0 ? "ab" : "wb");
    if (!m_file)
        return fileError(errno, "open", partPath);
    // Large writes: the C runtime's buffer between the socket's chunks and the disk.
    std::setvbuf(m_file, nullptr, _IOFBF, 256 * 1024);
    m_info.path = platform::utf8Text(partPath);
    m_info.position = m_info.resumedFrom = position;
    m_lastPosition = m_reportedPosition = position;
    return {};
}

// Closes the file; a received one is renamed from NAME.part to its final name.
NetError Transfer::finishFile()
{
    if (!m_file)
        return {};
    std::FILE* file = std::exchange(m_file, nullptr);
    const bool flushed = std::fflush(file) == 0;
    const int flushError = errno;
    const bool closed = std::fclose(file) == 0;
    const int closeError = errno;
    if (m_info.direction == Direction::Send)
        return {};
    if (!flushed || !closed)
        return fileError(!flushed ? flushError : closeError, "write", m_partPath);
    if (m_replace) {
        std::error_code ec;
        std::filesystem::rename(m_partPath, m_finalPath, ec);
        if (ec)
            return {ec, "rename to", platform::utf8Text(m_finalPath)};
        m_info.path = platform::utf8Text(m_finalPath);
        return {};
    }
    // Never over a file that is there: "NAME (1)", "NAME (2)" ... as uniqueName gives them.
    const std::filesystem::path directory = m_finalPath.parent_path();
    const std::string name = platform::utf8Text(m_finalPath.filename());
    std::string candidate = name;
    for (int attempt = 0; attempt < kMaxUniqueAttempts; ++attempt) {
        const std::filesystem::path target = directory / platform::utf8Path(candidate);
        const int error = platform::renameNoReplace(m_partPath, target);
        if (error == 0) {
            m_info.path = platform::utf8Text(target);
            return {};
        }
        if (error != EEXIST)
            return fileError(error, "rename to", target);
        const auto next = uniqueName(name, [&](const std::string& n) {
            std::error_code ec;
            return std::filesystem::exists(directory / platform::utf8Path(n), ec);
        });
        if (!next)
            break;
        candidate = *next;
    }
    return fileError(EEXIST, "rename to", m_finalPath);
}

// --- sockets -----------------------------------------------------------------------------------

std::uint16_t Transfer::listen(const std::string& host, NetError* error)
{
    ListenOptions options;
    options.host = host;
    options.port = 0;
    options.backlog = 1;
    options.role = SocketRole::DccListener;
    options.acceptedRole =
        m_info.direction == Direction::Send ? SocketRole::DccSend : SocketRole::DccReceive;
    const std::weak_ptr<Transfer> weak = weak_from_this();
    m_listener = TcpListener::open(
        m_loop, options,
        [weak](std::shared_ptr<TcpConnection> connection) {
            if (const auto self = weak.lock()) {
                if (self->m_connection || self->finished())
                    return; // one connection per transfer: the dropped one is closed
                // The listener's job is done: only one peer may take the file.
                self->m_listener->close();
                self->attach(std::move(connection));
            }
        },
        [weak](const NetError& e) {
            if (const auto self = weak.lock())
                self->fail(e);
        },
        error);
    if (!m_listener)
        return 0;
    m_info.socket = m_listener->id();
    return m_listener->localAddress().port();
}

void Transfer::connectTo(const std::string& address, std::uint16_t port)
{
    ConnectOptions options;
    options.host = address;
    options.port = port;
    options.attemptTimeout = m_options.connectTimeout;
    options.role =
        m_info.direction == Direction::Send ? SocketRole::DccSend : SocketRole::DccReceive;
    m_info.peerAddress = SocketAddress::fromNumeric(address, port).toString();
    setState(TransferState::Connecting);
    const std::weak_ptr<Transfer> weak = weak_from_this();
    m_connector =
        TcpConnector::connect(m_loop, options,
                              [weak](std::shared_ptr<TcpConnection> connection,
                                     const NetError& error, const std::vector<ConnectAttempt>&) {
                                  const auto self = weak.lock();
                                  if (!self)
                                      return;
                                  self->m_connector.reset();
                                  if (!connection) {
                                      self->fail(error);
                                      return;
                                  }
                                  self->attach(std::move(connection));
                              });
}

void Transfer::wait(std::chrono::milliseconds timeout)
{
    setState(TransferState::Waiting);
    startTimer(timeout, m_info.nick + " did not answer within");
}

void Transfer::attach(std::shared_ptr<TcpConnection> connection)
{
    stopTimer();
    m_connection = std::move(connection);
    m_info.socket = m_connection->id();
    m_info.peerAddress = m_connection->peerAddress().toString();
    const std::weak_ptr<Transfer> weak = weak_from_this();
    m_connection->setDataHandler([weak](TcpConnection&, std::string_view data) {
        if (const auto self = weak.lock())
            self->onData(data);
    });
    m_connection->setCloseHandler([weak](TcpConnection&, const NetError& error) {
        if (const auto self = weak.lock())
            self->onPeerClosed(error);
    });
    m_connection->setDrainedHandler([weak](TcpConnection&) {
        if (const auto self = weak.lock())
            self->pump();
    });
    m_connection->start();
    m_lastActivity = EventLoop::Clock::now();
    m_ticker = m_loop.runEvery(m_options.progressInterval, [weak] {
        if (const auto self = weak.lock())
            self->tick();
    });
    setState(TransferState::Transferring);
    if (m_info.direction == Direction::Send)
        pump();
    else if (m_info.size && m_info.position >= *m_info.size)
        complete(); // nothing (more) to come: an empty file, or a .part that was whole
}

void Transfer::closeSockets(bool abort)
{
    if (m_connector) {
        m_connector->cancel();
        m_connector.reset();
    }
    if (m_listener) {
        // This may run inside the listener's own accept handler: it goes next turn.
        m_listener->close();
        std::shared_ptr<TcpListener> closed(std::move(m_listener));
        m_loop.post([closed] {});
    }
    if (m_connection) {
        m_connection->setDataHandler(nullptr);
        m_connection->setDrainedHandler(nullptr);
        m_connection->setCloseHandler(nullptr);
        if (abort) {
            m_connection->abort();
            m_connection.reset();
        } else {
            // Kept until the transfer goes: dropping a connection that is still closing
            // would reset it before the last bytes (the final acknowledgement) are out.
            m_connection->close();
            m_closing = std::move(m_connection);
        }
    }
}

// --- moving the file ---------------------------------------------------------------------------

void Transfer::onData(std::string_view data)
{
    m_lastActivity = EventLoop::Clock::now();
    if (m_info.direction == Direction::Receive) {
        receive(data);
        return;
    }
    // The receiver's acknowledgements: 32-bit big-endian positions; the last one counts.
    m_ackBytes.append(data);
    std::size_t used = 0;
    while (m_ackBytes.size() - used >= 4) {
        const auto* p = reinterpret_cast<const unsigned char*>(m_ackBytes.data() + used);
        m_lastAck = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                    (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
        used += 4;
    }
    m_ackBytes.erase(0, used);
    checkSent();
}

void Transfer::pump()
{
    if (!m_connection || m_info.direction != Direction::Send || m_info.finished() || m_eof)
        return;
    m_chunk.resize(m_options.chunkBytes);
    // A few chunks a turn, so one fast transfer does not hold the loop.
    for (int i = 0; i < 8 && m_connection->outboundBytes() < m_options.sendWindow; ++i) {
        const std::size_t n = std::fread(m_chunk.data(), 1, m_chunk.size(), m_file);
        if (n > 0) {
            m_connection->send(std::string_view(m_chunk.data(), n));
            m_read += n;
        }
        if (n < m_chunk.size()) {
            if (std::ferror(m_file)) {
                fail(fileError(errno, "read", platform::utf8Path(m_info.path)));
                return;
            }
            m_eof = true;
            break;
        }
    }
    if (m_info.size && m_read > *m_info.size) {
        fail(dccError(DccErrc::oversize, "the file grew while it was being sent"));
        return;
    }
    if (!m_eof && m_connection->outboundBytes() < m_options.sendWindow && !m_pumpPosted) {
        // The socket took it all: nothing will say "drained", so go on next turn.
        m_pumpPosted = true;
        const std::weak_ptr<Transfer> weak = weak_from_this();
        m_loop.post([weak] {
            if (const auto self = weak.lock()) {
                self->m_pumpPosted = false;
                self->pump();
            }
        });
    }
    checkSent();
}

// The sender is done when everything was sent and the receiver acknowledged it all.
void Transfer::checkSent()
{
    if (!m_eof || !m_connection || m_connection->outboundBytes() > 0 || m_info.finished())
        return;
    m_info.position = m_read;
    if (m_lastAck && *m_lastAck == static_cast<std::uint32_t>(m_read))
        complete();
}

void Transfer::receive(std::string_view data)
{
    if (m_info.finished() || !m_file)
        return;
    std::string_view keep = data;
    const bool tooMuch = m_info.size && m_info.position + data.size() > *m_info.size;
    if (tooMuch)
        keep = data.substr(0, static_cast<std::size_t>(*m_info.size - m_info.position));
    if (!keep.empty() && std::fwrite(keep.data(), 1, keep.size(), m_file) != keep.size()) {
        fail(fileError(errno, "write", m_partPath));
        return;
    }
    m_info.position += keep.size();
    if (tooMuch) {
        fail(dccError(DccErrc::oversize, "more than the " + sizeText(*m_info.size) +
                                             " the offer said came from " + m_info.nick));
        return;
    }
    if (m_info.size && m_info.position == *m_info.size)
        complete();
    else
        scheduleAck();
}

void Transfer::scheduleAck()
{
    if (m_ackPending)
        return;
    m_ackPending = true;
    const std::weak_ptr<Transfer> weak = weak_from_this();
    m_loop.deferToEndOfTurn([weak] {
        const auto self = weak.lock();
        if (!self)
            return;
        self->m_ackPending = false;
        if (self->m_connection && self->m_info.state == TransferState::Transferring)
            self->m_connection->send(ackBytes(self->m_info.position));
    });
}

// Everything has moved: the receiver closes and renames its file, acknowledges the last byte
// and closes; the sender closes. Done follows.
void Transfer::complete()
{
    if (m_info.finished())
        return;
    if (m_info.direction == Direction::Receive) {
        if (NetError error = finishFile()) {
            fail(std::move(error));
            return;
        }
        if (m_connection)
            m_connection->send(ackBytes(m_info.position));
    } else {
        finishFile();
    }
    closeSockets(false);
    if (m_ticker)
        m_loop.cancelTimer(*m_ticker);
    m_ticker.reset();
    m_info.bytesPerSecond = 0;
    setState(TransferState::Done);
}

void Transfer::onPeerClosed(const NetError& error)
{
    const auto connection = std::move(m_connection);
    if (m_info.finished())
        return;
    if (m_info.direction == Direction::Send) {
        // All sent and the receiver closed: it has what it wanted (not every client
        // acknowledges the last byte before it closes).
        if (m_eof && connection && connection->outboundBytes() == 0 && !error) {
            m_info.position = m_read;
            complete();
            return;
        }
    } else if (!m_info.size && !error) {
        complete(); // no size in the offer: the sender's close ends the file
        return;
    }
    fail(error ? error
               : dccError(DccErrc::incomplete,
                          m_info.nick + " closed the connection " + describeAt()));
}

void Transfer::tick()
{
    const auto now = EventLoop::Clock::now();
    if (m_info.direction == Direction::Send && m_connection)
        m_info.position = m_read - std::min<std::uint64_t>(m_read, m_connection->outboundBytes());
    const std::uint64_t moved = m_info.position - m_lastPosition;
    if (moved > 0)
        m_lastActivity = now;
    const double seconds = std::chrono::duration<double>(m_options.progressInterval).count();
    const double rate = seconds > 0 ? static_cast<double>(moved) / seconds : 0;
    // A moving average over about a second and a half.
    m_info.bytesPerSecond =
        m_info.bytesPerSecond == 0 ? rate : 0.8 * m_info.bytesPerSecond + 0.2 * rate;
    m_lastPosition = m_info.position;
    if (now - m_lastActivity > m_options.stallTimeout) {
        const auto waited =
            std::chrono::duration_cast<std::chrono::seconds>(m_options.stallTimeout).count();
        fail(dccError(DccErrc::stalled,
                      "nothing moved for " + std::to_string(waited) + " s, " + describeAt()));
        return;
    }
    if (m_info.position != m_reportedPosition) {
        m_reportedPosition = m_info.position;
        m_notify(*this, TransferEvent::Kind::Progress);
    }
}

// --- states ------------------------------------------------------------------------------------

void Transfer::fail(NetError error)
{
    if (m_info.finished())
        return;
    stopTimer();
    if (m_ticker)
        m_loop.cancelTimer(*m_ticker);
    m_ticker.reset();
    closeSockets(true);
    if (m_file) {
        // A received file stays NAME.part, to be resumed.
        std::fclose(m_file);
        m_file = nullptr;
    }
    m_info.error = std::move(error);
    m_info.bytesPerSecond = 0;
    setState(TransferState::Failed);
}

void Transfer::setState(TransferState state)
{
    if (m_info.state == state)
        return;
    m_info.state = state;
    const auto keep = shared_from_this();
    m_notify(*this, TransferEvent::Kind::Changed);
}

void Transfer::startTimer(std::chrono::milliseconds timeout, std::string what)
{
    stopTimer();
    const std::weak_ptr<Transfer> weak = weak_from_this();
    m_timeout = m_loop.runAfter(timeout, [weak, timeout, what = std::move(what)] {
        const auto self = weak.lock();
        if (!self)
            return;
        self->m_timeout.reset();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
        const std::string span =
            ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
        self->fail(dccError(DccErrc::timedOut, what + " " + span));
    });
}

void Transfer::stopTimer()
{
    if (m_timeout)
        m_loop.cancelTimer(*m_timeout);
    m_timeout.reset();
}

std::string Transfer::describeAt() const
{
    std::string text = "at " + sizeText(m_info.position);
    if (m_info.size)
        text += " of " + sizeText(*m_info.size);
    return text;
}

} // namespace netcore::irc::dcc
