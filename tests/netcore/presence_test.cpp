// SPDX-License-Identifier: GPL-3.0-or-later
// Presence: the datagram codec (every field checked, every drop reason), the mode, and the
// engine on loopback (its own UDP port, so tests never hear each other or a real LanChat): a
// host and two members see each other, figures and status follow, bye and silent expiry, own
// datagrams ignored, one peer over two addresses, junk counted, answers rate-limited.

#include "netcore/interfaces.h"
#include "netcore/presence.h"
#include "netcore/udp.h"
#include "platform_test.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

namespace netcore::presence {
namespace {

using namespace std::chrono_literals;
using test::LoopTest;

Datagram hostDatagram()
{
    Datagram d;
    d.type = Type::Announce;
    d.role = Role::Host;
    d.instance = 0x0123456789ABCDEFull;
    d.intervalDs = 50;
    d.token = 7;
    d.tcpPort = 6667;
    d.users = 3;
    d.rooms = 2;
    d.name = "Lab 3";
    d.chat = "Lab 3 chat";
    return d;
}

TEST(PresenceDatagram, RoundTripsEveryField)
{
    const Datagram d = hostDatagram();
    const std::string bytes = encode(d);
    EXPECT_EQ(bytes.size(), 30u + 5 + 10);
    EXPECT_EQ(bytes.substr(0, 8), std::string("LNCH\x01\x01\x01\x00", 8));
    const auto back = decode(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, d);

    Datagram member;
    member.instance = 42;
    member.name = "z\xc3\xbc"
                  "rich"; // UTF-8
    member.status = Status::Away;
    const auto m = decode(encode(member));
    ASSERT_TRUE(m);
    EXPECT_EQ(*m, member);

    // Text longer than 64 bytes is cut, never inside a character.
    Datagram longName = member;
    longName.name = std::string(63, 'a') + "\xc3\xa9\xc3\xa9";
    const auto cut = decode(encode(longName));
    ASSERT_TRUE(cut);
    EXPECT_EQ(cut->name, std::string(63, 'a'));
}

TEST(PresenceDatagram, DropsWhatIsNotExactlyRight)
{
    const std::string good = encode(hostDatagram());
    auto reason = [](std::string bytes) {
        DropReason why{};
        EXPECT_FALSE(decode(bytes, &why)) << "accepted: " << bytes.size() << " bytes";
        return std::string(dropReasonName(why));
    };
    auto with = [&](std::size_t at, char value) {
        std::string bytes = good;
        bytes[at] = value;
        return bytes;
    };
    EXPECT_EQ(reason(""), "too short");
    EXPECT_EQ(reason("LNCH"), "too short");
    EXPECT_EQ(reason(good.substr(0, 29)), "too short");
    EXPECT_EQ(reason(good.substr(0, good.size() - 1)), "bad field"); // truncated text
    EXPECT_EQ(reason(good + "x"), "bad field");                      // trailing junk
    EXPECT_EQ(reason(std::string(513, 'L')), "too long");
    EXPECT_EQ(reason(with(0, 'X')), "wrong magic");
    EXPECT_EQ(reason(with(4, 2)), "wrong version");
    EXPECT_EQ(reason(with(5, 0)), "bad field");       // type
    EXPECT_EQ(reason(with(5, 6)), "bad field");       // type
    EXPECT_EQ(reason(with(6, 2)), "bad field");       // role
    EXPECT_EQ(reason(with(7, 2)), "bad field");       // status
    EXPECT_EQ(reason(with(28, 65)), "bad field");     // name length beyond the limit
    EXPECT_EQ(reason(with(29, '\x1b')), "bad field"); // a control character in the name
    EXPECT_EQ(reason(with(29, '\xff')), "bad field"); // invalid UTF-8

    Datagram d = hostDatagram();
    d.instance = 0;
    EXPECT_EQ(reason(encode(d)), "bad field");
    d = hostDatagram();
    d.tcpPort = 0; // a host without its chat port (and no TLS port)
    EXPECT_EQ(reason(encode(d)), "bad field");
    d = hostDatagram();
    d.role = Role::Member; // a member with a host's figures
    EXPECT_EQ(reason(encode(d)), "bad field");
    d = hostDatagram();
    d.name.clear();
    EXPECT_EQ(reason(encode(d)), "bad field");
    d.intervalDs = 0;
    d.name = "x";
    EXPECT_EQ(reason(encode(d)), "bad field");
}

// A host with TLS announces its TLS port and its certificate's fingerprint in an extension
// (issue 16); a receiver checks it as strictly as the rest, and skips extensions it does not know.
TEST(PresenceDatagram, CarriesTheTlsPortAndFingerprint)
{
    Datagram d = hostDatagram();
    d.tlsPort = 6697;
    d.tlsFingerprint = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                       "F0:E1:D2:C3:B4:A5:96:87:78:69:5A:4B:3C:2D:1E:0F";
    const std::string bytes = encode(d);
    ASSERT_EQ(bytes.size(), 30u + 5 + 10 + 2 + 34);
    EXPECT_EQ(bytes.substr(45, 4), std::string("\x01\x22\x1a\x29", 4)); // type 1, 34 bytes, 6697
    auto back = decode(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, d);

    // A host on TLS alone: no plain port.
    d.tcpPort = 0;
    back = decode(encode(d));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->tcpPort, 0);
    EXPECT_EQ(back->tlsPort, 6697);

    // Lower-case fingerprints go out as the same bytes; one that is not 32 bytes is not sent.
    Datagram lower = hostDatagram();
    lower.tlsPort = 6697;
    lower.tlsFingerprint = "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:"
                           "f0:e1:d2:c3:b4:a5:96:87:78:69:5a:4b:3c:2d:1e:0f";
    EXPECT_EQ(encode(lower), bytes);
    lower.tlsFingerprint = "00:11";
    EXPECT_EQ(encode(lower).size(), 45u);

    // An unknown extension is skipped; the TLS one still read.
    const std::string unknown = std::string("\x07\x03xyz", 5);
    back = decode(bytes + unknown);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->tlsPort, 6697);

    auto reason = [](std::string b) {
        DropReason why{};
        EXPECT_FALSE(decode(b, &why)) << "accepted: " << b.size() << " bytes";
        return std::string(dropReasonName(why));
    };
    EXPECT_EQ(reason(bytes.substr(0, bytes.size() - 1)), "bad field"); // cut short
    EXPECT_EQ(reason(bytes + "\x07"), "bad field");                    // half a header
    EXPECT_EQ(reason(bytes + bytes.substr(45)), "bad field");          // twice
    std::string zeroPort = bytes;
    zeroPort[47] = 0;
    zeroPort[48] = 0;
    EXPECT_EQ(reason(zeroPort), "bad field");
    std::string shortTls = bytes.substr(0, 45) + std::string("\x01\x02\x1a\x29", 4);
    EXPECT_EQ(reason(shortTls), "bad field"); // a TLS extension of the wrong length
    // Only a host announces TLS.
    Datagram member;
    member.instance = 9;
    member.name = "ada";
    const std::string memberBytes = encode(member);
    EXPECT_EQ(reason(memberBytes + bytes.substr(45)), "bad field");
}

TEST(PresenceMode, ParsesAndChooses)
{
    EXPECT_EQ(parseMode("auto")->kind, Mode::Kind::Auto);
    EXPECT_EQ(parseMode("loopback")->kind, Mode::Kind::Loopback);
    EXPECT_EQ(parseMode("off")->kind, Mode::Kind::Off);
    const auto list = parseMode("192.168.1.255, eth1");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->kind, Mode::Kind::List);
    EXPECT_EQ(list->items, (std::vector<std::string>{"192.168.1.255", "eth1"}));
    EXPECT_EQ(list->text(), "192.168.1.255,eth1");
    std::string error;
    EXPECT_FALSE(parseMode("a,,b", &error));
    EXPECT_NE(error.find("not an IPv4 address or an interface name"), std::string::npos);

    // The option wins over LANCHAT_PRESENCE, which wins over the saved setting (ctest sets the
    // variable to loopback for every test).
    ASSERT_STREQ(std::getenv("LANCHAT_PRESENCE"), "loopback");
    EXPECT_EQ(chooseMode(std::string("off"), std::string("auto")), "off");
    EXPECT_EQ(chooseMode(std::nullopt, std::string("auto")), "loopback");
    EXPECT_EQ(chooseMode(std::nullopt), "loopback");
}

TEST(Interfaces, ListsLoopbackAndComputesBroadcasts)
{
    EXPECT_EQ(directedBroadcast("192.168.1.20", "255.255.255.0"), "192.168.1.255");
    EXPECT_EQ(directedBroadcast("10.1.2.3", "255.0.0.0"), "10.255.255.255");
    EXPECT_EQ(directedBroadcast("nonsense", "255.0.0.0"), "");
    NetError error;
    const auto interfaces = listIPv4Interfaces(&error);
    ASSERT_FALSE(error) << error.describe();
    const auto lo =
        std::find_if(interfaces.begin(), interfaces.end(),
                     [](const NetworkInterface& n) { return n.address == "127.0.0.1"; });
    ASSERT_NE(lo, interfaces.end()) << "no 127.0.0.1 among " << interfaces.size() << " interfaces";
    EXPECT_TRUE(lo->loopback);
    EXPECT_FALSE(lo->canBroadcast);
}

// --- the engine ------------------------------------------------------------------------------

// A presence engine with what it reported (loop thread only).
struct Node
{
    std::unique_ptr<Presence> presence;
    std::map<std::uint64_t, Peer> seen;
    std::vector<std::pair<std::string, std::string>> gone; // name, why

    const Peer* find(const std::string& name) const
    {
        for (const auto& [id, p] : seen)
            if (p.name == name)
                return &p;
        return nullptr;
    }
};

// A free UDP port for this test alone.
std::uint16_t freeUdpPort(EventLoop& loop)
{
    return *loop.invoke([&] {
        NetError error;
        UdpOptions options;
        options.bindAddress = SocketAddress::fromNumeric("127.0.0.1", 0);
        options.shareAddress = false;
        auto probe = UdpSocket::open(loop, options, nullptr, nullptr, &error);
        const std::uint16_t port = probe ? probe->localAddress().port() : 0;
        if (probe)
            probe->close();
        return port;
    });
}

class PresenceTest : public LoopTest
{
protected:
    void SetUp() override
    {
        LoopTest::SetUp();
        port = freeUdpPort(*loop);
        ASSERT_NE(port, 0);
    }

    void TearDown() override
    {
        if (loop)
            loop->invoke([&] {
                for (auto& n : nodes)
                    n->presence.reset();
                for (auto& r : raws)
                    r->socket.reset();
            });
        LoopTest::TearDown();
    }

    Config config(Role role, const std::string& name)
    {
        Config c;
        c.mode = *parseMode("loopback");
        c.port = port;
        c.role = role;
        c.name = name;
        c.announceInterval = 500ms;
        if (role == Role::Host) {
            c.tcpPort = 6667;
            c.chat = name + " chat";
        }
        return c;
    }

    std::shared_ptr<Node> start(Config c)
    {
        auto node = make<Node>();
        nodes.push_back(node);
        const auto error = loop->invoke([&] {
            Node* n = node.get();
            Presence::Events events;
            events.peerChanged = [n](const Peer& p) { n->seen[p.instance] = p; };
            events.peerGone = [n](const Peer& p, const std::string& why) {
                n->seen.erase(p.instance);
                n->gone.emplace_back(p.name, why);
            };
            n->presence = std::make_unique<Presence>(*loop, std::move(c), events);
            return n->presence->start();
        });
        EXPECT_TRUE(error && !*error) << (error ? error->describe() : "loop stopped");
        return node;
    }

    // A raw UDP socket that records what it receives (to play a misbehaving or a second peer).
    struct Raw
    {
        std::unique_ptr<UdpSocket> socket;
        std::vector<std::string> received;
    };
    std::shared_ptr<Raw> raw(const std::string& ip = "127.0.0.1")
    {
        auto r = make<Raw>();
        raws.push_back(r);
        loop->invoke([&] {
            NetError error;
            UdpOptions options;
            options.bindAddress = SocketAddress::fromNumeric(ip, 0);
            options.shareAddress = false;
            Raw* p = r.get();
            r->socket = UdpSocket::open(
                *loop, options,
                [p](UdpSocket&, std::string_view data, const SocketAddress&, bool) {
                    p->received.emplace_back(data);
                },
                nullptr, &error);
            EXPECT_TRUE(r->socket) << error.describe();
        });
        return r;
    }
    void sendRaw(const std::shared_ptr<Raw>& r, const std::string& bytes)
    {
        loop->invoke([&] {
            const NetError error =
                r->socket->sendTo(SocketAddress::fromNumeric("127.0.0.1", port), bytes);
            EXPECT_FALSE(error) << error.describe();
        });
    }

    bool waitFor(const std::function<bool()>& predicate, std::chrono::milliseconds timeout = 20s)
    {
        return test::waitUntil(*loop, predicate, timeout);
    }

    std::uint16_t port = 0;
    std::vector<std::shared_ptr<Node>> nodes;
    std::vector<std::shared_ptr<Raw>> raws;
};

TEST_P(PresenceTest, AHostAndTwoMembersSeeEachOther)
{
    auto host = start(config(Role::Host, "Lab 3"));
    auto ada = start(config(Role::Member, "ada"));
    auto bob = start(config(Role::Member, "bob"));
    ASSERT_TRUE(waitFor(
        [&] { return host->seen.size() == 2 && ada->seen.size() == 2 && bob->seen.size() == 2; }));
    loop->invoke([&] {
        const Peer* h = ada->find("Lab 3");
        ASSERT_NE(h, nullptr);
        EXPECT_EQ(h->role, Role::Host);
        EXPECT_EQ(h->tcpPort, 6667);
        EXPECT_EQ(h->chat, "Lab 3 chat");
        EXPECT_EQ(h->address, "127.0.0.1");
        const Peer* b = ada->find("bob");
        ASSERT_NE(b, nullptr);
        EXPECT_EQ(b->role, Role::Member);
        EXPECT_EQ(b->status, Status::Available);
        // Own datagrams were heard back (loopback broadcast) and dropped.
        EXPECT_EQ(ada->find("ada"), nullptr);
        EXPECT_GT(ada->presence->diagnostics().dropped["own"], 0u);
        const auto diag = ada->presence->diagnostics();
        ASSERT_EQ(diag.targets.size(), 1u);
        EXPECT_EQ(diag.targets[0].address, "127.255.255.255");
        EXPECT_GT(diag.targets[0].sent, 0u);
        EXPECT_GT(diag.targets[0].received, 0u); // bob's and the host's, from 127/8
        EXPECT_EQ(diag.targets[0].errors, 0u);
        EXPECT_TRUE(diag.listening);
    });
    // The host's round trip, measured by a probe.
    ASSERT_TRUE(waitFor([&] {
        const Peer* h = ada->find("Lab 3");
        return h && h->roundTrip.has_value();
    }));

    // Figures and status follow at once (not at the next announce).
    loop->invoke([&] {
        host->presence->setHostFigures(5, 3);
        bob->presence->setStatus(Status::Away);
    });
    ASSERT_TRUE(waitFor([&] {
        const Peer* h = ada->find("Lab 3");
        const Peer* b = ada->find("bob");
        return h && h->users == 5 && h->rooms == 3 && b && b->status == Status::Away;
    }));

    // Bye: gone at once.
    loop->invoke([&] { bob->presence->stop(); });
    ASSERT_TRUE(waitFor([&] { return ada->find("bob") == nullptr; }, 2s));
    loop->invoke([&] {
        ASSERT_FALSE(ada->gone.empty());
        EXPECT_EQ(ada->gone.back(), (std::pair<std::string, std::string>{"bob", "bye"}));
    });
}

TEST_P(PresenceTest, SilentPeersExpireAndOnePeerOverTwoAddressesIsOne)
{
    auto watcher = start(config(Role::Member, "watcher"));
    Datagram d;
    d.instance = 99;
    d.name = "two-cards";
    d.intervalDs = 10; // 1 s: expired after about 3.5 s of silence (time enough to look)
    // Two "network cards": sources 127.0.0.2 and 127.0.0.3. Wine sends from 127.0.0.1
    // whatever the socket is bound to, so there the peer is seen over one address.
    const std::size_t addresses = test::runningUnderWine() ? 1 : 2;
    auto cardA = raw("127.0.0.2");
    auto cardB = raw("127.0.0.3");
    sendRaw(cardA, encode(d));
    sendRaw(cardB, encode(d));
    ASSERT_TRUE(waitFor([&] {
        const Peer* p = watcher->find("two-cards");
        return p && p->addresses.size() == addresses;
    })) << *loop->invoke([&] {
        const Peer* p = watcher->find("two-cards");
        std::string seen;
        for (const auto& a : p ? p->addresses : std::vector<std::string>())
            seen += a + " ";
        return "addresses: " + seen;
    });
    loop->invoke([&] {
        EXPECT_EQ(watcher->seen.size(), 1u);
        EXPECT_EQ(watcher->presence->peers().size(), 1u);
    });
    ASSERT_TRUE(waitFor([&] { return watcher->find("two-cards") == nullptr; }, 20s));
    loop->invoke([&] {
        EXPECT_EQ(watcher->gone.back(),
                  (std::pair<std::string, std::string>{"two-cards", "expired"}));
    });
}

TEST_P(PresenceTest, JunkIsDroppedCountedAndRateLimited)
{
    auto watcher = start(config(Role::Host, "watched"));
    auto junk = raw();
    const std::string good = encode(hostDatagram());
    std::string badVersion = good;
    badVersion[4] = 9;
    sendRaw(junk, std::string(600, 'x')); // oversized
    sendRaw(junk, good.substr(0, 12));    // truncated
    sendRaw(junk, "HTTP/1.1 200 OK\r\n\r\n");
    sendRaw(junk, badVersion);
    sendRaw(junk, good + "trailing");
    ASSERT_TRUE(waitFor([&] {
        auto dropped = watcher->presence->diagnostics().dropped;
        return dropped["too long"] == 1 && dropped["too short"] == 1 &&
               dropped["wrong magic"] == 1 && dropped["wrong version"] == 1 &&
               dropped["bad field"] == 1;
    }));
    loop->invoke([&] { EXPECT_TRUE(watcher->seen.empty()); });

    // A flood from one source: beyond its burst everything is dropped unread. (The watcher's
    // own announces, heard back, are counted as received too, and as dropped "own".)
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 200; ++i)
        sendRaw(junk, "junk " + std::to_string(i));
    ASSERT_TRUE(waitFor([&] {
        auto diag = watcher->presence->diagnostics();
        return diag.received - diag.dropped["own"] >= 205;
    }));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    loop->invoke([&] {
        auto diag = watcher->presence->diagnostics();
        // The source's burst of 20 (5 used above), then 10 a second while the flood lasted.
        const double admitted = 20 + 10 * seconds;
        EXPECT_GE(static_cast<double>(diag.dropped["rate limited"]) + 1, 205 - admitted)
            << seconds << " s";
        EXPECT_GT(diag.dropped["rate limited"], 0u);
        EXPECT_EQ(diag.accepted, 0u);
    });
}

TEST_P(PresenceTest, QueriesAreAnsweredOnlyToTheAskerAndRateLimited)
{
    auto host = start(config(Role::Host, "answering"));
    auto asker = raw();
    Datagram query;
    query.type = Type::Query;
    query.name = "q";
    constexpr int Queries = 100;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < Queries; ++i) {
        query.instance = 1000 + static_cast<std::uint64_t>(i);
        sendRaw(asker, encode(query));
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(waitFor([&] { return !asker->received.empty(); }));
    std::this_thread::sleep_for(300ms); // let any further answers arrive
    loop->invoke([&] {
        const std::size_t answers = asker->received.size();
        // One source may make the host handle a burst of 20 datagrams, then 10 per second
        // (more on a slow machine, or under Wine, where sending the 100 takes longer).
        const auto bound = static_cast<std::size_t>(20 + 10 * (seconds + 0.3) + 1);
        EXPECT_LE(answers, bound) << "answers must be rate-limited (" << seconds << " s)";
        EXPECT_LT(answers, static_cast<std::size_t>(Queries) / 2);
        for (const auto& answer : asker->received) {
            const auto d = decode(answer);
            ASSERT_TRUE(d);
            EXPECT_EQ(d->type, Type::Announce);
            EXPECT_EQ(d->name, "answering");
        }
        EXPECT_EQ(host->presence->diagnostics().answers, answers);
    });
}

TEST_P(PresenceTest, OffOpensNothing)
{
    auto c = config(Role::Member, "silent");
    c.mode = *parseMode("off");
    auto node = start(c);
    loop->invoke([&] {
        const auto diag = node->presence->diagnostics();
        EXPECT_FALSE(diag.listening);
        EXPECT_TRUE(diag.targets.empty());
        EXPECT_EQ(diag.mode, "off");
    });
}

INSTANTIATE_TEST_SUITE_P(Loops, PresenceTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::presence
