// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// lanchat-cli send and receive: DCC file transfers from a script or a terminal. Each joins a
// host (any IRC server) under its own nick, does its transfers, shows a progress line and
// exits: 0 when every file arrived whole, 1 when one did not (the error named), 2 for bad
// arguments.
//
//   lanchat-cli send HOST[:PORT] NICK FILE [--passive]          offers FILE to NICK
//   lanchat-cli receive HOST[:PORT] --nick N --into DIR [--from NICK] [--count K]
//                                                               takes K offers from NICK

#include <chrono>
#include <optional>
#include <string>

struct TransferOptions
{
    std::string target;              // HOST[:PORT]
    std::optional<std::string> nick; // ours; default: the login name (send), required (receive)
    std::string password;            // PASS
    std::string loop = "select";
    double timeout = 300; // seconds an offer waits for its answer
    double stall = 60;    // seconds a transfer may stand still
    // send
    std::string peer; // the nick to send to
    std::string file;
    bool passive = false;
    // receive
    std::string into;       // the folder files go to
    std::string from = "*"; // offers taken from this nick ('*': anyone)
    int count = 1;          // exit after this many transfers ended
};

int runSend(const TransferOptions& options);
int runReceive(const TransferOptions& options);
