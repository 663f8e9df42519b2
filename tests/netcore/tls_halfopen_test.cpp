// SPDX-License-Identifier: GPL-3.0-or-later
// Half-open TLS handshakes against a host (issue 16): 1,000 connections to the TLS port, each
// sending half a ClientHello and then nothing. Each is closed by the host at its handshake
// deadline and the host's log says so, while a pinned TLS client and a plain one register and
// chat; memory is flat from one round of 1,000 to the next; and half-finished handshakes count
// against the per-address limit as other connections do.
//
// Every connection comes from 127.0.0.1 (netcore's connector does not bind a source address, and
// binding raw sockets here would be platform code in a test), so the big test raises the host's
// per-address limit above what it opens, and the limit itself has a test of its own.
//
// The select loop's fd_set holds descriptors below FD_SETSIZE (1024 on Linux), and both ends of
// every connection live in this process: there the 1,000 go in waves of what the set can hold
// (3 of 334); epoll takes them at once. The open-file limit is raised as far as it may go, and
// waves shrink to fit under it.

#include "irc_client_support.h"
#include "platform/platform.h"
#include "platform_test.h"

#include "netcore/tls.h"

#include <algorithm>
#include <regex>

#ifdef __linux__
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#endif

// Sanitizers keep freed memory in quarantine and shadow it, so resident memory says nothing
// about leaks there (under ASan, LeakSanitizer checks for them at exit instead).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LANCHAT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LANCHAT_SANITIZED 1
#endif
#endif

namespace netcore::irc {
namespace {

// Under Wine, Schannel has no server side (see irc_tls_test.cpp): no TLS host to test.
#define SKIP_WITHOUT_TLS_SERVER()                                                                  \
    do {                                                                                           \
        if (test::runningUnderWine())                                                              \
            GTEST_SKIP() << "Wine's Schannel has no AcceptSecurityContext "                        \
                            "(SEC_E_UNSUPPORTED_FUNCTION): no TLS server under Wine";              \
    } while (false)

constexpr std::size_t Handshakes = 1000; // per round
constexpr auto HandshakeDeadline = 1s;   // the host's, so that the test is quick

// The memory of this process (the host's and the test's), where it can be read (glibc).
struct Memory
{
    std::size_t resident = 0;  // bytes, from /proc/self/statm
    std::size_t heapInUse = 0; // bytes malloc has handed out and not had back
};

std::optional<Memory> measureMemory()
{
#if defined(__linux__) && defined(__GLIBC__)
    // Freed memory goes back to the system first: what stays resident is what is in use, not
    // what the allocator keeps for later (which differs from round to round as the heap is
    // laid out differently).
    malloc_trim(0);
    Memory memory;
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0, pages = 0;
    if (!(statm >> size >> pages))
        return std::nullopt;
    memory.resident = pages * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    memory.heapInUse = mallinfo2().uordblks;
    return memory;
#else
    return std::nullopt;
#endif
}

// Descriptors this process may open: the soft limit raised to the hard one (at most 8192).
std::size_t openFileLimit()
{
#ifdef __linux__
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, 8192);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
            getrlimit(RLIMIT_NOFILE, &limit);
    }
    return static_cast<std::size_t>(limit.rlim_cur);
#else
    return 1u << 16; // Windows has no such limit on sockets
#endif
}

// What the host logged, counted by kind (loop thread).
struct HostLog
{
    std::size_t timeouts = 0;      // "TLS handshake from ... did not end in N s"
    std::size_t tooMany = 0;       // "refused ...: Too many connections from your address (N)"
    std::size_t tlsRefused = 0;    // "TLS refused for ...": a handshake failed for another reason
    std::vector<std::string> seen; // the first of those lines, for failure messages

    void add(const std::string& line)
    {
        // Today "TLS handshake from 127.0.0.1 did not end in 1 s"; a port or the error's name
        // (TLS_HANDSHAKE_TIMEOUT) may join it.
        static const std::regex timeout(
            "^TLS handshake from 127\\.0\\.0\\.1\\b.*(did not end|TLS_HANDSHAKE_TIMEOUT)");
        static const std::regex tooManyLine(
            "^refused 127\\.0\\.0\\.1:[0-9]+: Too many connections from your address");
        std::size_t* count = nullptr;
        if (std::regex_search(line, timeout))
            count = &timeouts;
        else if (std::regex_search(line, tooManyLine))
            count = &tooMany;
        else if (line.rfind("TLS refused for ", 0) == 0)
            count = &tlsRefused;
        if (count && ++*count <= 3)
            seen.push_back(line);
    }
};

// A connection that sends half a ClientHello and then nothing, and what it saw (loop thread).
struct HalfOpen
{
    std::shared_ptr<TcpConnection> connection;
    bool connected = false;
    bool closed = false;
    NetError error; // of the connect or of the close
    std::string received;
};

// Connections of HalfOpen, freed in their loop's thread (also when a test stops early).
struct HalfOpenGroup
{
    EventLoop& loop;
    std::vector<std::shared_ptr<HalfOpen>> all;

    ~HalfOpenGroup()
    {
        loop.invoke([this] { all.clear(); });
    }
    HalfOpen& operator[](std::size_t i) { return *all[i]; }
};

class TlsHalfOpenTest : public ClientTest
{
protected:
    void SetUp() override
    {
        ClientTest::SetUp();
        hostConfig.tlsHandshakeTimeout = HandshakeDeadline;
        hostConfig.maxClients = Handshakes + 16;
        hostConfig.maxClientsPerAddress = Handshakes + 16;
    }

    static const TlsIdentity& identity()
    {
        static const TlsIdentity made = [] {
            NetError error;
            auto id = makeSelfSignedIdentity("lan.test", &error);
            return id ? *id : TlsIdentity{};
        }();
        return made;
    }

    // The first half of a real ClientHello.
    static std::string halfClientHello()
    {
        NetError error;
        const auto context = TlsContext::client(&error);
        std::string hello;
        if (context)
            context->clientSession(TlsClientOptions{})->start(&hello);
        EXPECT_TRUE(looksLikeTlsHandshake(hello)) << error.describe();
        return hello.substr(0, hello.size() / 2);
    }

    // The host with a plain port and a TLS one, its log counted.
    void startTlsHost()
    {
        fingerprint = certificateFingerprint(identity().certificatePem);
        host = make<std::unique_ptr<IrcHost>>();
        log = make<HostLog>();
        const auto started = loop->invoke([&] {
            IrcHost::Events events;
            events.log = [counted = log](const std::string& line) { counted->add(line); };
            *host = std::make_unique<IrcHost>(*loop, hostConfig, events);
            ListenOptions listen;
            listen.host = "127.0.0.1";
            return (*host)->start(listen, IrcHost::TlsListen{listen, identity()});
        });
        ASSERT_TRUE(started);
        ASSERT_FALSE(*started) << started->describe();
        port = inLoop([&] { return (*host)->localAddress().port(); });
        tlsPort = inLoop([&] { return (*host)->tlsAddress().port(); });
    }

    // Opens `count` connections to the TLS port, each sending `bytes` once connected. Not kept
    // by the fixture: the group frees them, so that each round starts from the same memory.
    std::unique_ptr<HalfOpenGroup> openHalfOpen(std::size_t count, const std::string& bytes)
    {
        auto group = std::make_unique<HalfOpenGroup>(HalfOpenGroup{*loop, {}});
        group->all.resize(count);
        inLoop([&] {
            for (auto& h : group->all) {
                h = std::make_shared<HalfOpen>();
                TcpConnector::connect(
                    *loop, test::localhost(tlsPort),
                    [h, bytes](std::shared_ptr<TcpConnection> c, const NetError& e,
                               const std::vector<ConnectAttempt>&) {
                        h->connected = true;
                        h->error = e;
                        if (!c) {
                            h->closed = true;
                            return;
                        }
                        h->connection = std::move(c);
                        HalfOpen* raw = h.get();
                        h->connection->setDataHandler([raw](TcpConnection&, std::string_view data) {
                            raw->received.append(data);
                        });
                        h->connection->setCloseHandler([raw](TcpConnection&, const NetError& why) {
                            raw->closed = true;
                            raw->error = why;
                        });
                        h->connection->start();
                        h->connection->send(bytes);
                    });
            }
        });
        return group;
    }

    bool allClosed(const HalfOpenGroup& group)
    {
        return test::waitUntil(
            *loop,
            [&] {
                return std::all_of(group.all.begin(), group.all.end(),
                                   [](auto& h) { return h->closed; });
            },
            120s);
    }

    // Every half-open connection was closed by the host, in silence (its ERROR line waits
    // inside a TLS session that never began), with an orderly close or a reset.
    void expectClosedByTheHost(const HalfOpenGroup& group)
    {
        const std::string reset = test::platformErrorName("ECONNRESET");
        inLoop([&] {
            std::size_t bad = 0;
            for (const auto& h : group.all) {
                const bool orderly = !h->error || errorName(h->error.code) == reset;
                if (!h->connection || !orderly || !h->received.empty()) {
                    if (++bad <= 3)
                        ADD_FAILURE() << "connection " << (h->connection ? "closed" : "failed")
                                      << ": " << h->error.describe() << " after receiving "
                                      << h->received.size() << " bytes";
                }
            }
            EXPECT_EQ(bad, 0u) << "of " << group.all.size();
        });
    }

    // A pinned TLS client and a plain one register and say something to each other.
    void chat(const std::string& tag)
    {
        ClientConfig tlsConfig = clientConfig("tls" + tag, tlsPort);
        tlsConfig.tls = true;
        tlsConfig.tlsOptions.pinnedFingerprint = fingerprint;
        auto secure = startClient(tlsConfig);
        auto plain = startClient(clientConfig("plain" + tag));
        ASSERT_TRUE(waitInRoom(secure)) << inLoop([&] { return secure->dump(); });
        ASSERT_TRUE(waitInRoom(plain)) << inLoop([&] { return plain->dump(); });
        inLoop([&] {
            ASSERT_TRUE(secure->client->tlsInfo());
            EXPECT_TRUE(secure->client->tlsInfo()->pinned);
            secure->client->sendMessage("#lan", "secret " + tag);
            plain->client->sendMessage("#lan", "clear " + tag);
        });
        const std::string secret = "secret " + tag, clear = "clear " + tag;
        EXPECT_TRUE(waitFor(plain, [&](auto& e) { return e.text == secret && !e.self; }));
        EXPECT_TRUE(waitFor(secure, [&](auto& e) { return e.text == clear && !e.self; }));
        chatters.push_back(secure);
        chatters.push_back(plain);
    }

    // The clients of chat() leave (their engines go, their connections with them).
    void chattersLeave()
    {
        inLoop([&] {
            for (auto& r : chatters)
                r->client.reset();
        });
        chatters.clear();
        ASSERT_TRUE(test::waitUntil(*loop, [&] { return (*host)->clientCount() == 0; }));
    }

    std::string fingerprint;
    std::uint16_t tlsPort = 0;
    std::shared_ptr<HostLog> log;
    std::vector<std::shared_ptr<Recorder>> chatters;
};

TEST_P(TlsHalfOpenTest, AThousandHalfOpenHandshakesAreCutOffAndCostNothing)
{
    SKIP_WITHOUT_TLS_SERVER();
    // Both ends of each connection are in this process, with room to spare for the rest.
    std::size_t room = (openFileLimit() - 64) / 2;
    if (GetParam() == "select")
        room = std::min(room, (platform::fdSetCapacity() - 64) / 2);
    const std::size_t waves = (Handshakes + room - 1) / room;
    const std::size_t perWave = (Handshakes + waves - 1) / waves;
    startTlsHost();
    const std::string half = halfClientHello();
    const std::size_t channels = inLoop([&] { return loop->channelCount(); });

    std::optional<Memory> afterRound[2];
    for (int round = 0; round < 2; ++round) {
        std::size_t opened = 0;
        for (std::size_t wave = 0; wave < waves; ++wave) {
            SCOPED_TRACE("round " + std::to_string(round) + ", wave " + std::to_string(wave));
            const std::size_t count = std::min(perWave, Handshakes - opened);
            opened += count;
            const std::size_t timeoutsBefore = inLoop([&] { return log->timeouts; });
            auto halfOpen = openHalfOpen(count, half);
            // Meanwhile others come and chat, over TLS and in the clear.
            ASSERT_NO_FATAL_FAILURE(chat(std::to_string(round) + "x" + std::to_string(wave)));
            ASSERT_TRUE(allClosed(*halfOpen)) << "the host let handshakes hang";
            expectClosedByTheHost(*halfOpen);
            halfOpen.reset();
            inLoop([&] {
                std::string seen;
                for (const auto& line : log->seen)
                    seen += "\n  " + line;
                EXPECT_EQ(log->timeouts - timeoutsBefore, count) << "each closed, with why" << seen;
                EXPECT_EQ(log->tlsRefused, 0u) << "none for another reason" << seen;
                EXPECT_EQ(log->tooMany, 0u) << seen;
                EXPECT_EQ((*host)->clientCount(), 2u) << "only the two chatting";
            });
            // The chatting pair is still there, unaffected.
            inLoop([&] { chatters[0]->client->sendMessage("#lan", "still here"); });
            EXPECT_TRUE(waitFor(chatters[1], [](auto& e) { return e.text == "still here"; }));
            chattersLeave();
        }
        // Every socket of the round is gone from the loop, the host's sides included.
        ASSERT_TRUE(test::waitUntil(*loop, [&] { return loop->channelCount() == channels; }))
            << inLoop([&] { return loop->channelCount(); }) << " channels, " << channels
            << " before";
        afterRound[round] = measureMemory();
    }

#if defined(LANCHAT_SANITIZED)
    std::printf(
        "memory not compared under a sanitizer (the ASan build's LeakSanitizer looks for leaks)\n");
#else
    if (!afterRound[0] || !afterRound[1]) {
        std::printf("memory not compared: this system does not say (glibc on Linux does)\n");
        return;
    }
    // Round 1 warmed up (OpenSSL's tables, the loop's buffers); a second round of the same
    // must need no more. Generous bounds, far below what a leak of a half-open connection's
    // state would add (the host holds some 70 KiB for each while its handshake is pending):
    // the heap in use may grow by 1 KiB a handshake, resident memory by 4 KiB.
    const auto grew = [](std::size_t before, std::size_t after) {
        return static_cast<long long>(after) - static_cast<long long>(before);
    };
    const long long heap = grew(afterRound[0]->heapInUse, afterRound[1]->heapInUse);
    const long long resident = grew(afterRound[0]->resident, afterRound[1]->resident);
    std::printf(
        "after round 1 and round 2: heap in use %zu and %zu KiB, resident %zu and %zu KiB\n",
        afterRound[0]->heapInUse / 1024, afterRound[1]->heapInUse / 1024,
        afterRound[0]->resident / 1024, afterRound[1]->resident / 1024);
    EXPECT_LT(heap, static_cast<long long>(Handshakes) * 1024)
        << "round 2 left " << heap / 1024 << " KiB more on the heap";
    EXPECT_LT(resident, static_cast<long long>(Handshakes) * 4096)
        << "round 2 left " << resident / 1024 << " KiB more resident";
#endif
}

TEST_P(TlsHalfOpenTest, HalfOpenHandshakesCountAgainstThePerAddressLimit)
{
    SKIP_WITHOUT_TLS_SERVER();
    // Long enough that the three are still there when the limit is tried.
    hostConfig.tlsHandshakeTimeout = 3s;
    hostConfig.maxClientsPerAddress = 4;
    startTlsHost();
    const std::string half = halfClientHello();
    auto plain = startClient(clientConfig("ada"));
    ASSERT_TRUE(waitInRoom(plain));
    auto halfOpen = openHalfOpen(3, half);
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return (*host)->clientCount() == 4; }));

    // The address is full: another half-open handshake is refused, and so is a plain client.
    auto extra = openHalfOpen(1, half);
    ASSERT_TRUE(allClosed(*extra));
    ClientConfig refusedConfig = clientConfig("bob");
    refusedConfig.reconnect = false;
    auto refused = startClient(refusedConfig);
    EXPECT_TRUE(waitFor(refused, [](auto& e) {
        return e.kind == Kind::Error && e.text.find("Too many connections") != std::string::npos;
    })) << inLoop([&] { return refused->dump(); });
    inLoop([&] {
        EXPECT_EQ(log->tooMany, 2u);
        EXPECT_EQ(log->timeouts, 0u);
        EXPECT_TRUE((*extra)[0].received.empty()) << "the refusal waits inside TLS, never begun";
        EXPECT_EQ((*host)->clientCount(), 4u);
    });

    // At their deadline the three go, and their places are free again.
    ASSERT_TRUE(allClosed(*halfOpen));
    auto later = startClient(clientConfig("bob"));
    EXPECT_TRUE(waitInRoom(later));
    inLoop([&] { EXPECT_EQ(log->tooMany, 2u); });
}

INSTANTIATE_TEST_SUITE_P(Loops, TlsHalfOpenTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::irc
