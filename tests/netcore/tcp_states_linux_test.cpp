// SPDX-License-Identifier: GPL-3.0-or-later
// Linux only: the fallback of readOsTcpTable for where sock_diag is refused (/proc/net/tcp and
// tcp6) reads a real loopback connection as sock_diag does: the listener in LISTEN, the client
// ESTABLISHED with its queues.

#include "platform/tcp_states_linux.h"
#include "tcp_states_support.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace netcore {
namespace {

using test::describe;
using test::findEntry;
using test::LoopTest;

class ProcTcpTableTest : public LoopTest
{};

TEST_P(ProcTcpTableTest, ReadsWhatSockDiagReads)
{
    auto server = make<test::EchoServer>();
    ASSERT_TRUE(*loop->invoke([&] { return server->open(*loop); }));
    const std::uint16_t port = server->port();
    const std::string serverAddress = "127.0.0.1:" + std::to_string(port);
    auto result = connect(test::localhost(port));
    ASSERT_TRUE(test::waitUntil(*loop, [&] { return result->done; }));
    ASSERT_TRUE(result->connection) << result->error.describe();
    const std::string clientAddress = result->connection->localAddress().toString();

    const OsTcpTable diag = readOsTcpTable();
    const OsTcpTable proc = readProcTcpTable();
    ASSERT_EQ(diag.error, 0) << diag.errorName;
    ASSERT_EQ(proc.error, 0) << proc.errorName;
    EXPECT_EQ(proc.source, "/proc/net/tcp");
    for (const OsTcpTable* table : {&diag, &proc}) {
        const OsTcpEntry* client = findEntry(*table, clientAddress, serverAddress);
        const OsTcpEntry* listener = findEntry(*table, serverAddress, "0.0.0.0:0");
        ASSERT_TRUE(client && listener) << describe(*table, port);
        EXPECT_EQ(client->state, TcpState::Established) << table->source;
        EXPECT_EQ(listener->state, TcpState::Listen) << table->source;
        ASSERT_TRUE(client->sendQueue && client->receiveQueue) << table->source;
        EXPECT_EQ(*client->receiveQueue, 0u) << table->source;
    }
    loop->invoke([&] { result->connection->close(); });
}

INSTANTIATE_TEST_SUITE_P(Loops, ProcTcpTableTest, ::testing::ValuesIn(EventLoop::available()),
                         test::loopParamName);

} // namespace
} // namespace netcore
