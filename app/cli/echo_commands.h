// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The echo demo: a server that sends back what it receives, and a client that sends lines and
// prints what comes back. It exercises the whole of netcore (listener, connector, connections,
// graceful close, both loops) and, with --trace, shows the lecture's call sequences.

#include <cstdint>
#include <string>
#include <vector>

struct EchoServerOptions
{
    std::string bind; // "" = every interface (dual-stack)
    std::uint16_t port = 6667;
    std::string loop = "select";
};

struct EchoClientOptions
{
    std::string target; // HOST[:PORT]
    std::string loop = "select";
    std::vector<std::string> messages; // sent instead of standard input when given
};

int runEchoServer(const EchoServerOptions& options);
int runEchoClient(const EchoClientOptions& options);
