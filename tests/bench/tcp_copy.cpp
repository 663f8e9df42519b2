// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat-tcp-copy: the reference for scripts/bench-dcc.sh, a plain TCP copy of a file, with
// nothing of netcore in it (blocking sockets, no event loop, no acknowledgements).
//
//   lanchat-tcp-copy receive PORT FILE [--buffer BYTES]
//       listens on 127.0.0.1:PORT (0: a free port; it prints "listening PORT"), takes one
//       connection, recv()s into one buffer (256 KiB) and write()s each block to FILE until the
//       sender's FIN, closes FILE and the socket; prints "received BYTES SECONDS" (accept() to
//       the file's close).
//   lanchat-tcp-copy send HOST PORT FILE [--chunk BYTES]
//       connects and hands the whole FILE to sendfile() (the kernel copies from the page cache:
//       no read() into user space), or with --chunk read()s and send()s it in blocks of that size
//       (what an application without sendfile does); then shutdown(SHUT_WR) and waits for the
//       receiver's close, so its time also covers the receiver's last write; prints
//       "sent BYTES SECONDS" (connect() to the receiver's close).
//
// Linux only (sendfile). Exit status 0 when the whole file went across, 1 otherwise.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

int fail(const char* what)
{
    std::fprintf(stderr, "lanchat-tcp-copy: %s: %s\n", what, std::strerror(errno));
    return 1;
}

bool writeAll(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool sendAll(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

int receive(int port, const char* path, std::size_t bufferBytes)
{
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0)
        return fail("socket");
    const int on = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0)
        return fail("bind");
    if (::listen(listener, 1) != 0)
        return fail("listen");
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    std::printf("listening %d\n", ntohs(address.sin_port));
    std::fflush(stdout);
    const int connection = ::accept(listener, nullptr, nullptr);
    if (connection < 0)
        return fail("accept");
    const auto start = Clock::now();
    ::close(listener);
    const int file = ::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (file < 0)
        return fail("open");
    std::vector<char> buffer(bufferBytes);
    unsigned long long total = 0;
    for (;;) {
        const ssize_t n = ::recv(connection, buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail("recv");
        if (n == 0)
            break;
        if (!writeAll(file, buffer.data(), static_cast<std::size_t>(n)))
            return fail("write");
        total += static_cast<unsigned long long>(n);
    }
    if (::close(file) != 0)
        return fail("close");
    ::close(connection);
    std::printf("received %llu %.6f\n", total, secondsSince(start));
    return 0;
}

int sendFile(const char* host, int port, const char* path, std::size_t chunkBytes)
{
    const int file = ::open(path, O_RDONLY);
    if (file < 0)
        return fail("open");
    struct stat status{};
    if (::fstat(file, &status) != 0)
        return fail("fstat");
    const auto size = static_cast<unsigned long long>(status.st_size);
    const int connection = ::socket(AF_INET, SOCK_STREAM, 0);
    if (connection < 0)
        return fail("socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        std::fprintf(stderr, "lanchat-tcp-copy: %s: not an IPv4 address\n", host);
        return 1;
    }
    const auto start = Clock::now();
    if (::connect(connection, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return fail("connect");
    unsigned long long sent = 0;
    if (chunkBytes == 0) {
        while (sent < size) {
            const ssize_t n = ::sendfile(connection, file, nullptr, size - sent);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return fail("sendfile");
            sent += static_cast<unsigned long long>(n);
        }
    } else {
        std::vector<char> buffer(chunkBytes);
        for (;;) {
            const ssize_t n = ::read(file, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return fail("read");
            if (n == 0)
                break;
            if (!sendAll(connection, buffer.data(), static_cast<std::size_t>(n)))
                return fail("send");
            sent += static_cast<unsigned long long>(n);
        }
    }
    ::shutdown(connection, SHUT_WR);
    char byte;
    while (::recv(connection, &byte, 1, 0) > 0) {
    } // the receiver's close: it has written everything
    ::close(connection);
    ::close(file);
    std::printf("sent %llu %.6f\n", sent, secondsSince(start));
    return sent == size ? 0 : 1;
}

int usage()
{
    std::fprintf(stderr, "usage: lanchat-tcp-copy receive PORT FILE [--buffer BYTES]\n"
                         "       lanchat-tcp-copy send HOST PORT FILE [--chunk BYTES]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    std::size_t size = 0;
    std::size_t positional = args.size();
    const auto option = [&](const char* name) {
        return args.size() >= 2 && args[args.size() - 2] == name;
    };
    if (option("--buffer") || option("--chunk")) {
        size = std::strtoull(args.back().c_str(), nullptr, 10);
        positional -= 2;
        if (size == 0)
            return usage();
    }
    if (positional == 3 && args[0] == "receive")
        return receive(std::atoi(args[1].c_str()), args[2].c_str(), size ? size : 256 * 1024);
    if (positional == 4 && args[0] == "send")
        return sendFile(args[1].c_str(), std::atoi(args[2].c_str()), args[3].c_str(), size);
    return usage();
}
