// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// lanchat-cli join's session: the client and what the console shows. What it shows for the
// client's events is in join_events.cpp; what it does with the lines typed, in join_command.cpp.

#include "join_command.h"
#include "join_tls.h"

#include "netcore/irc/client.h"
#include "netcore/presence.h"

#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace cli {

// One line to `stream`, whole: the loop thread and the main thread both write.
void say(std::FILE* stream, const std::string& line);

// Lives in the loop thread: the client and what the console shows.
struct Session
{
    Session(const JoinOptions& o, KnownHosts k, TlsChoice t)
        : options(o)
        , known(std::move(k))
        , tlsChoice(std::move(t))
        , current(o.room)
    {}

    const JoinOptions& options;
    KnownHosts known;
    TlsChoice tlsChoice;
    std::unique_ptr<netcore::irc::IrcClient> client;
    std::unique_ptr<netcore::presence::Presence> presence;
    std::string current; // the room plain lines go to
    bool inputEnded = false;
    bool quitting = false;
    bool wasRegistered = false;
    // The time of the last line seen in each chat (room or nick, by folded name): after a
    // reconnect, the server's history (draft/chathistory) brings what came after it.
    std::map<std::string, std::pair<std::string, std::chrono::system_clock::time_point>> lastSeen;
    std::size_t unsent = 0; // lines given up when quitting while disconnected
    std::promise<int> finished;
    bool finishedSet = false;

    void finish(int code)
    {
        if (finishedSet)
            return;
        finishedSet = true;
        finished.set_value(code);
    }

    // join_events.cpp: the client's events on the console.
    void show(const netcore::irc::ClientEvent& e, const std::string& text);
    void showNow(const std::string& text);
    void noteSeen(const netcore::irc::ClientEvent& e);
    void catchUp(const std::string& chat);
    void onEvent(const netcore::irc::ClientEvent& e);
    void onState(const netcore::irc::ClientEvent& e);
    void pickCurrentRoom();

    // join_command.cpp: the lines typed.
    void quit(const std::string& reason);
    void endOfInput();
    void input(const std::string& raw);
};

} // namespace cli
