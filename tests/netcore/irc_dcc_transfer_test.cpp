// SPDX-License-Identifier: GPL-3.0-or-later
// DCC transfers between two client engines through a LanChat host on loopback, on every loop:
// active and passive, resume (after a real cut, and from a .part left earlier), decline, an
// offer to a foreign address refused, a peer's path-like name saved as a plain name, a name
// taken saved under a new one, a sender that vanishes mid-file or stalls or sends too much, an
// offer nobody takes, a full disk (Linux: /dev/full), the sockets' roles in the trace. A raw
// "mallory" sends the offers a real client would not (her file comes from a listener of the
// test's own).

#include "irc_client_support.h"

#include "netcore/irc/dcc_transfer.h"
#include "netcore/trace.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

namespace netcore::irc::dcc {
namespace {

namespace fs = std::filesystem;
using TKind = TransferEvent::Kind;

std::string randomBytes(std::size_t size, unsigned seed)
{
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (auto& c : bytes)
        c = static_cast<char>(random() & 0xFF);
    return bytes;
}

void writeFile(const fs::path& path, std::string_view bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string utf8(const fs::path& path)
{
    const std::u8string text = path.u8string();
    return {reinterpret_cast<const char*>(text.data()), text.size()};
}

// A client engine with a DccManager; offers are taken into `into` when `take` says so.
struct Party
{
    std::shared_ptr<Recorder> recorder;
    std::unique_ptr<DccManager> dcc;
    std::vector<TransferEvent> events;
    std::vector<std::string> requests; // the DCC requests' text, as they came
    bool takeOffers = false;
    bool declineOffers = false;
    fs::path into;

    const TransferEvent* last(TKind kind) const
    {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (it->kind == kind)
                return &*it;
        return nullptr;
    }
    // The last known state of transfer `id`, or nullptr.
    const TransferInfo* info(TransferId id) const { return dcc ? dcc->find(id) : nullptr; }
    const TransferInfo* finished() const
    {
        for (const auto& t : dcc->transfers())
            if (t.finished())
                return dcc->find(t.id);
        return nullptr;
    }
};

class DccTest : public ClientTest
{
protected:
    void SetUp() override
    {
        ClientTest::SetUp();
        dir = fs::temp_directory_path() /
              ("lanchat-dcc-" + std::to_string(std::random_device()()) + "-" + GetParam());
        fs::create_directories(dir / "in");
        startHost();
    }

    void TearDown() override
    {
        if (loop)
            loop->invoke([&] {
                for (auto& p : parties)
                    p->dcc.reset();
            });
        ClientTest::TearDown();
        std::error_code ec;
        if (!HasFailure())
            fs::remove_all(dir, ec);
    }

    // `to`: another host's address and port (the IPv6 case); default the fixture's host.
    std::shared_ptr<Party> join(const std::string& nick, DccOptions options = {},
                                std::optional<std::pair<std::string, std::uint16_t>> to = {})
    {
        ClientConfig config = clientConfig(nick);
        if (to) {
            config.host = to->first;
            config.port = to->second;
        }
        auto party = make<Party>();
        parties.push_back(party);
        party->into = dir / "in";
        party->recorder = make<Recorder>();
        recorders.push_back(party->recorder);
        loop->invoke([&] {
            Party* p = party.get();
            p->recorder->client =
                std::make_unique<IrcClient>(*loop, config, [this, p](const ClientEvent& e) {
                    p->recorder->events.push_back(e);
                    if (e.kind == ClientEvent::Kind::Dcc) {
                        p->requests.push_back(e.ctcp);
                        p->dcc->handleRequest(e);
                    }
                });
            p->dcc = std::make_unique<DccManager>(
                *loop, *p->recorder->client, options, [p](const TransferEvent& t) {
                    p->events.push_back(t);
                    if (t.kind != TKind::Offered)
                        return;
                    if (p->takeOffers) {
                        NetError error;
                        EXPECT_TRUE(p->dcc->accept(t.info.id, utf8(p->into), &error))
                            << error.describe();
                    } else if (p->declineOffers) {
                        p->dcc->decline(t.info.id);
                    }
                });
            p->recorder->client->connect();
        });
        EXPECT_TRUE(waitInRoom(party->recorder));
        return party;
    }

    // Waits until `party` has a finished transfer; its info.
    std::optional<TransferInfo> waitFinished(const std::shared_ptr<Party>& party,
                                             std::chrono::milliseconds timeout = 20s)
    {
        std::optional<TransferInfo> result;
        test::waitUntil(
            *loop,
            [&] {
                if (const TransferInfo* t = party->finished())
                    result = *t;
                return result.has_value();
            },
            timeout);
        return result;
    }

    TransferId send(const std::shared_ptr<Party>& from, const std::string& to, const fs::path& file,
                    bool passive)
    {
        return inLoop([&] {
            NetError error;
            const TransferId id = from->dcc->sendFile(to, utf8(file), passive, &error);
            EXPECT_NE(id, 0u) << error.describe();
            return id;
        });
    }

    // A sender of the test's own, for offers a real client would not make: it listens on
    // 127.0.0.1 and sends `bytes` to whoever connects (then closes, if `close`); its port.
    std::uint16_t rawSender(std::string bytes, bool close)
    {
        auto listener = make<std::unique_ptr<TcpListener>>();
        auto held = make<std::shared_ptr<TcpConnection>>();
        return inLoop([&] {
            ListenOptions options;
            options.host = "127.0.0.1";
            NetError error;
            *listener = TcpListener::open(
                *loop, options,
                [held, bytes, close](std::shared_ptr<TcpConnection> c) {
                    *held = c;
                    c->start();
                    c->send(bytes);
                    if (close)
                        c->close();
                },
                [](const NetError&) {}, &error);
            EXPECT_TRUE(*listener) << error.describe();
            return *listener ? (*listener)->localAddress().port() : std::uint16_t(0);
        });
    }

    fs::path dir;
    std::vector<std::shared_ptr<Party>> parties;
};

// The roles the trace gave the sockets it saw.
struct RoleRecorder
{
    std::mutex mutex;
    std::set<SocketRole> roles;
    TraceSubscription subscription{[this](const TraceEvent& e) {
        const std::lock_guard lock(mutex);
        roles.insert(e.role);
    }};
    bool has(SocketRole role)
    {
        const std::lock_guard lock(mutex);
        return roles.count(role) > 0;
    }
};

void expectBothDone(const std::optional<TransferInfo>& sent,
                    const std::optional<TransferInfo>& received)
{
    ASSERT_TRUE(sent && received);
    EXPECT_EQ(sent->state, TransferState::Done) << sent->error.describe();
    EXPECT_EQ(received->state, TransferState::Done) << received->error.describe();
}

// Active: ada listens (a DCC listener), bob connects; the file arrives whole under its name,
// no .part stays, and the request reached bob exactly as ada wrote it (the host passes CTCP
// through unchanged).
TEST_P(DccTest, ActiveSendArrivesWhole)
{
    RoleRecorder roles;
    auto ada = join("ada");
    auto bob = join("bob");
    bob->takeOffers = true;
    const std::string bytes = randomBytes(3 * 1024 * 1024 + 17, 1);
    writeFile(dir / "holiday photo.jpg", bytes);
    send(ada, "bob", dir / "holiday photo.jpg", false);
    const auto received = waitFinished(bob);
    const auto sent = waitFinished(ada);
    expectBothDone(sent, received);
    EXPECT_EQ(readFile(dir / "in" / "holiday photo.jpg"), bytes);
    EXPECT_FALSE(fs::exists(dir / "in" / "holiday photo.jpg.part"));
    EXPECT_EQ(received->position, bytes.size());
    EXPECT_EQ(received->path, utf8(dir / "in" / "holiday photo.jpg"));
    EXPECT_EQ(sent->offeredName, "holiday photo.jpg");
    inLoop([&] {
        ASSERT_EQ(bob->requests.size(), 1u);
        EXPECT_EQ(bob->requests[0].rfind("DCC SEND \"holiday photo.jpg\" 2130706433 ", 0), 0u)
            << bob->requests[0];
        EXPECT_NE(bob->requests[0].find(" " + std::to_string(bytes.size())), std::string::npos);
    });
    EXPECT_TRUE(roles.has(SocketRole::DccListener));
    EXPECT_TRUE(roles.has(SocketRole::DccSend));
    EXPECT_TRUE(roles.has(SocketRole::DccReceive));
}

// Passive: bob listens and answers with his port; ada connects. A second offer of the same
// name is saved under a new one, the first one untouched.
TEST_P(DccTest, PassiveSendAndANameThatIsTaken)
{
    auto ada = join("ada");
    auto bob = join("bob");
    bob->takeOffers = true;
    const std::string first = randomBytes(700000, 2);
    writeFile(dir / "in" / "notes.txt", first);
    const std::string bytes = randomBytes(1024 * 1024, 3);
    writeFile(dir / "notes.txt", bytes);
    send(ada, "bob", dir / "notes.txt", true);
    const auto received = waitFinished(bob);
    const auto sent = waitFinished(ada);
    expectBothDone(sent, received);
    EXPECT_TRUE(sent->passive && received->passive);
    EXPECT_EQ(readFile(dir / "in" / "notes (1).txt"), bytes);
    EXPECT_EQ(readFile(dir / "in" / "notes.txt"), first);
}

// Every name taken (NAME and NAME (1) .. NAME (1000)): accept() says why and the offer ends
// Failed with it, so the window's row does not stay "offered" with nothing said.
TEST_P(DccTest, AnOfferWithNoFreeNameFailsWithWhy)
{
    auto ada = join("ada");
    auto bob = join("bob");
    writeFile(dir / "in" / "full.txt", "x");
    for (int n = 1; n <= kMaxUniqueAttempts; ++n)
        writeFile(dir / "in" / ("full (" + std::to_string(n) + ").txt"), "x");
    writeFile(dir / "full.txt", randomBytes(1000, 9));
    send(ada, "bob", dir / "full.txt", false);
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return bob->last(TKind::Offered) != nullptr; }));
    inLoop([&] {
        NetError error;
        EXPECT_FALSE(bob->dcc->accept(bob->last(TKind::Offered)->info.id, utf8(bob->into), &error));
        EXPECT_EQ(errorName(error.code), "EEXIST");
    });
    const auto failed = waitFinished(bob, 5s);
    ASSERT_TRUE(failed);
    EXPECT_EQ(failed->state, TransferState::Failed);
    EXPECT_EQ(errorName(failed->error.code), "EEXIST") << failed->error.describe();
    EXPECT_NE(failed->error.describe().find("no free name for full.txt"), std::string::npos)
        << failed->error.describe();
    EXPECT_FALSE(fs::exists(dir / "in" / "full.txt.part"));
}

// A sender that vanishes mid-file: DCC_INCOMPLETE and NAME.part kept; the real sender's offer
// of the same file then resumes it (RESUME/ACCEPT) from where the .part ends.
TEST_P(DccTest, ACutTransferIsResumed)
{
    auto mallory = join("mallory");
    auto ada = join("ada");
    auto bob = join("bob");
    bob->takeOffers = true;
    const std::string bytes = randomBytes(2 * 1024 * 1024, 4);
    const std::size_t cut = 777777;
    // Mallory offers the file from a listener of the test's that sends part of it and closes.
    const std::uint16_t sourcePort = rawSender(bytes.substr(0, cut), true);
    inLoop([&] {
        mallory->recorder->client->sendCtcp("bob", "DCC SEND big.bin 2130706433 " +
                                                       std::to_string(sourcePort) + " " +
                                                       std::to_string(bytes.size()));
    });
    const auto broken = waitFinished(bob);
    ASSERT_TRUE(broken);
    EXPECT_EQ(broken->state, TransferState::Failed);
    EXPECT_EQ(broken->error.code, make_error_code(DccErrc::incomplete)) << broken->error.describe();
    EXPECT_EQ(errorName(broken->error.code), "DCC_INCOMPLETE");
    EXPECT_EQ(fs::file_size(dir / "in" / "big.bin.part"), cut);
    inLoop([&] { bob->dcc->forget(broken->id); });

    writeFile(dir / "big.bin", bytes);
    send(ada, "bob", dir / "big.bin", false);
    const auto received = waitFinished(bob);
    const auto sent = waitFinished(ada);
    expectBothDone(sent, received);
    EXPECT_EQ(received->resumedFrom, cut);
    EXPECT_EQ(sent->resumedFrom, cut);
    EXPECT_EQ(readFile(dir / "in" / "big.bin"), bytes);
    EXPECT_FALSE(fs::exists(dir / "in" / "big.bin.part"));
    inLoop([&] {
        ASSERT_EQ(ada->requests.size(), 1u);
        EXPECT_EQ(ada->requests[0].rfind("DCC RESUME big.bin ", 0), 0u) << ada->requests[0];
    });
}

// Passive and resumed: RESUME with port 0 and the token, then bob listens.
TEST_P(DccTest, APassiveTransferResumesFromAPart)
{
    auto ada = join("ada");
    auto bob = join("bob");
    bob->takeOffers = true;
    const std::string bytes = randomBytes(900000, 5);
    writeFile(dir / "in" / "song.ogg.part", std::string_view(bytes).substr(0, 123456));
    writeFile(dir / "song.ogg", bytes);
    send(ada, "bob", dir / "song.ogg", true);
    const auto received = waitFinished(bob);
    const auto sent = waitFinished(ada);
    expectBothDone(sent, received);
    EXPECT_EQ(received->resumedFrom, 123456u);
    EXPECT_EQ(readFile(dir / "in" / "song.ogg"), bytes);
}

// Declined: ada's offer ends with DCC_DECLINED, nothing is written.
TEST_P(DccTest, ADeclinedOfferEndsTheSendersTransfer)
{
    auto ada = join("ada");
    auto bob = join("bob");
    bob->declineOffers = true;
    writeFile(dir / "secret.pdf", randomBytes(5000, 6));
    send(ada, "bob", dir / "secret.pdf", false);
    const auto sent = waitFinished(ada);
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->state, TransferState::Failed);
    EXPECT_EQ(sent->error.code, make_error_code(DccErrc::declined)) << sent->error.describe();
    EXPECT_TRUE(fs::is_empty(dir / "in"));
}

// An offer that points to another machine than its sender's is refused without asking, and
// nothing connects there.
TEST_P(DccTest, AnOfferToAForeignAddressIsRefused)
{
    auto mallory = join("mallory");
    auto bob = join("bob");
    bob->takeOffers = true;
    auto victim = make<test::EchoServer>();
    ASSERT_TRUE(inLoop([&] { return victim->open(*loop); }));
    const std::uint16_t sourcePort =
        inLoop([&] { return victim->listener->localAddress().port(); });
    inLoop([&] {
        // 127.0.0.2 is not where mallory comes from (127.0.0.1).
        mallory->recorder->client->sendCtcp("bob", "DCC SEND list.txt 2130706434 " +
                                                       std::to_string(sourcePort) + " 100");
    });
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return bob->last(TKind::Refused) != nullptr; }));
    inLoop([&] {
        const TransferEvent* refused = bob->last(TKind::Refused);
        EXPECT_EQ(refused->info.error.code, make_error_code(DccErrc::foreignAddress));
        EXPECT_NE(refused->info.error.describe().find("127.0.0.2"), std::string::npos)
            << refused->info.error.describe();
        EXPECT_EQ(bob->last(TKind::Offered), nullptr);
    });
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(inLoop([&] { return victim->accepted; }), 0);
}

// A peer's name is data, never a path: "../../x/report.txt" is saved as report.txt in the
// folder; a sender that sends more than its offer said fails with DCC_OVERSIZE.
TEST_P(DccTest, PathNamesAreFlattenedAndExtraBytesRefused)
{
    auto mallory = join("mallory");
    auto bob = join("bob");
    bob->takeOffers = true;
    const std::uint16_t sourcePort = rawSender(std::string(150, 'x'), false);
    inLoop([&] {
        mallory->recorder->client->sendCtcp("bob", "DCC SEND \"../../x/report.txt\" 2130706433 " +
                                                       std::to_string(sourcePort) + " 100");
    });
    const auto received = waitFinished(bob);
    ASSERT_TRUE(received);
    EXPECT_EQ(received->state, TransferState::Failed);
    EXPECT_EQ(received->error.code, make_error_code(DccErrc::oversize));
    EXPECT_EQ(received->offeredName, "../../x/report.txt");
    EXPECT_EQ(fs::path(received->path).filename(), "report.txt.part");
    EXPECT_EQ(fs::file_size(dir / "in" / "report.txt.part"), 100u);
    EXPECT_FALSE(fs::exists(dir / "x"));
}

// A sender that stops sending: DCC_STALLED after the stall timeout, the .part kept. An offer
// nobody takes: DCC_TIMED_OUT for its sender.
TEST_P(DccTest, StallsAndUnansweredOffersTimeOut)
{
    DccOptions quick;
    quick.stallTimeout = 400ms;
    quick.offerTimeout = 400ms;
    quick.progressInterval = 50ms;
    auto mallory = join("mallory");
    auto ada = join("ada", quick);
    auto bob = join("bob", quick);
    bob->takeOffers = true;
    const std::uint16_t sourcePort = rawSender(std::string(1000, 'y'), false);
    inLoop([&] {
        mallory->recorder->client->sendCtcp("bob", "DCC SEND slow.bin 2130706433 " +
                                                       std::to_string(sourcePort) + " 100000");
    });
    const auto stalled = waitFinished(bob);
    ASSERT_TRUE(stalled);
    EXPECT_EQ(stalled->error.code, make_error_code(DccErrc::stalled)) << stalled->error.describe();
    EXPECT_EQ(fs::file_size(dir / "in" / "slow.bin.part"), 1000u);

    writeFile(dir / "unwanted.txt", "nobody takes this");
    bob->takeOffers = false;
    send(ada, "bob", dir / "unwanted.txt", false);
    const auto unanswered = waitFinished(ada);
    ASSERT_TRUE(unanswered);
    EXPECT_EQ(unanswered->error.code, make_error_code(DccErrc::timedOut))
        << unanswered->error.describe();
}

// A burst of offers (a user dropping twenty files on a chat): the host passes each CTCP line
// through unchanged and its flood control does not take them for a flood. Our own client paces
// its lines, so the host would never see a burst from it: a raw client writes all twenty (with
// its registration) in one send, past the host's burst of 10 lines, and every offer still comes
// to bob, delayed by the flood control, not cut off as "Excess Flood".
TEST_P(DccTest, ABurstOfOffersIsNoFlood)
{
    auto bob = join("bob");
    auto raw = connectAndWait(test::localhost(port));
    ASSERT_TRUE(raw->connection) << raw->error.describe();
    std::string burst = "NICK ada\r\nUSER ada 0 * :Ada\r\n";
    for (int i = 0; i < 20; ++i)
        burst += "PRIVMSG bob :\x01"
                 "DCC SEND many.txt 2130706433 0 11 " +
                 std::to_string(i + 1) + "\x01\r\n";
    ASSERT_GT(hostConfig.floodLinesPerSecond, 0); // flood control is on, burst 10 lines
    ASSERT_GT(20 + 2, hostConfig.floodBurst);
    auto closed = make<bool>(false);
    inLoop([&] {
        raw->connection->setCloseHandler(
            [closed](TcpConnection&, const NetError&) { *closed = true; });
        raw->connection->start();
        raw->connection->send(burst);
    });
    ASSERT_TRUE(test::waitUntil(
        *loop, [&] { return bob->requests.size() == 20; }, 20s))
        << inLoop([&] { return bob->requests.size(); });
    inLoop([&] {
        EXPECT_FALSE(*closed); // not dropped for flooding
        for (std::size_t i = 0; i < bob->requests.size(); ++i)
            EXPECT_EQ(bob->requests[i],
                      "DCC SEND many.txt 2130706433 0 11 " + std::to_string(i + 1));
        raw->connection->abort();
    });
}

// Over IPv6: the offer carries the sender's IPv6 address as text (as HexChat, WeeChat and irssi
// write it), checked against the host's view of the sender and connected to; passive too.
TEST_P(DccTest, IPv6OffersArriveBothWays)
{
    auto host6 = make<std::unique_ptr<IrcHost>>();
    const NetError error = inLoop([&] {
        *host6 = std::make_unique<IrcHost>(*loop, hostConfig);
        ListenOptions listen;
        listen.host = "::1";
        return (*host6)->start(listen);
    });
    if (error)
        GTEST_SKIP() << "no IPv6 loopback here: " << error.describe();
    const std::uint16_t port6 = inLoop([&] { return (*host6)->localAddress().port(); });
    const auto to = std::make_optional(std::make_pair(std::string("::1"), port6));
    auto ada = join("ada", {}, to);
    auto bob = join("bob", {}, to);
    bob->takeOffers = true;
    const std::string bytes = randomBytes(400000, 8);
    writeFile(dir / "v6.bin", bytes);
    send(ada, "bob", dir / "v6.bin", false);
    auto received = waitFinished(bob);
    auto sent = waitFinished(ada);
    expectBothDone(sent, received);
    EXPECT_EQ(readFile(dir / "in" / "v6.bin"), bytes);
    inLoop([&] {
        ASSERT_FALSE(bob->requests.empty());
        EXPECT_EQ(bob->requests[0].rfind("DCC SEND v6.bin ::1 ", 0), 0u) << bob->requests[0];
        bob->dcc->forget(received->id);
        ada->dcc->forget(sent->id);
    });
    writeFile(dir / "v6-passive.bin", bytes);
    send(ada, "bob", dir / "v6-passive.bin", true);
    received = waitFinished(bob);
    sent = waitFinished(ada);
    expectBothDone(sent, received);
    EXPECT_EQ(readFile(dir / "in" / "v6-passive.bin"), bytes);
    inLoop([&] {
        for (auto& p : parties)
            p->dcc.reset();
        for (auto& r : recorders)
            r->client.reset();
        host6->reset();
    });
}

#ifndef _WIN32
// A full disk: the write fails with ENOSPC (a real one: /dev/full), named as such, and the
// transfer ends; the sender is told by the connection's end.
TEST_P(DccTest, AFullDiskIsNamed)
{
    auto ada = join("ada");
    auto bob = join("bob");
    writeFile(dir / "large.iso", randomBytes(2 * 1024 * 1024, 7));
    fs::create_symlink("/dev/full", dir / "in" / "large.iso.part");
    send(ada, "bob", dir / "large.iso", false);
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return bob->last(TKind::Offered) != nullptr; }));
    inLoop([&] {
        NetError error;
        EXPECT_TRUE(bob->dcc->acceptAs(bob->last(TKind::Offered)->info.id,
                                       utf8(dir / "in" / "large.iso"), &error));
    });
    const auto received = waitFinished(bob);
    ASSERT_TRUE(received);
    EXPECT_EQ(received->state, TransferState::Failed);
    EXPECT_EQ(received->error.code, makeFileError(ENOSPC));
    EXPECT_NE(received->error.describe().find("ENOSPC (28)"), std::string::npos)
        << received->error.describe();
    const auto sent = waitFinished(ada);
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->state, TransferState::Failed);
}
#endif

INSTANTIATE_TEST_SUITE_P(Loops, DccTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore::irc::dcc
