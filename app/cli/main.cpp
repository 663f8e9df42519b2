// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat-cli: LanChat's console tool (Qt-free; also built for Windows).

#include "discover_command.h"
#include "echo_commands.h"
#include "host_command.h"
#include "join_command.h"
#include "trace_output.h"
#include "transfer_commands.h"
#include "version.h"

#include "netcore/event_loop.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

namespace {

std::string loopHelp()
{
    std::string names;
    for (const auto& name : netcore::EventLoop::available())
        names += (names.empty() ? "" : ", ") + name;
    return "event loop: " + names;
}

void addPresenceOptions(CLI::App* command, PresenceOptions* presence)
{
    command->add_option("--presence", presence->mode,
                        "presence: auto, loopback, off, or addresses/interfaces "
                        "(default: LANCHAT_PRESENCE, else auto)");
    command->add_option("--presence-port", presence->port, "presence UDP port")
        ->capture_default_str();
}

void addTraceOptions(CLI::App* command, TraceOutputOptions* trace)
{
    command->add_flag("--trace", trace->print,
                      "print every socket call as it happens (to standard error)");
    command->add_option("--trace-to", trace->to,
                        "print the trace to FILE, or to an open descriptor as fd:N, instead of "
                        "standard error (implies --trace; e.g. another terminal's /dev/pts/N)");
    command->add_flag("--trace-idle", trace->idleEach,
                      "print each idle wake-up of a loop (select() = 0), not one line for a run "
                      "of them");
    command->add_option("--trace-payload", trace->payload,
                        "bytes of data shown per send/recv line: a number, none or all "
                        "(default 64)");
    command->add_option("--trace-file", trace->file,
                        "record every socket call as JSON Lines (the Socket Inspector opens it)");
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"LanChat console tool: chat on a local network, and see how sockets work"};
    // Options are --long and -s everywhere: on Windows CLI11 would also take "/x" for an option,
    // so a path such as /tmp/a.bin given to send was refused (subcommands copy this setting
    // when they are made, so it comes first).
    app.allow_windows_style_options(false);
    app.set_version_flag("--version", "lanchat-cli " LANCHAT_VERSION);
    app.require_subcommand(1);

    TraceOutputOptions trace;

    EchoServerOptions server;
    CLI::App* echoServer =
        app.add_subcommand("echo-server", "a TCP echo server (a demo of the socket sequence)");
    echoServer->add_option("--port,-p", server.port, "TCP port (0 = any free port)")
        ->capture_default_str();
    echoServer->add_option("--bind", server.bind,
                           "address to listen on (default: every interface, IPv6 and IPv4)");
    echoServer->add_option("--loop", server.loop, loopHelp())
        ->check(CLI::IsMember(netcore::EventLoop::available()))
        ->capture_default_str();
    addTraceOptions(echoServer, &trace);

    EchoClientOptions client;
    CLI::App* echoClient = app.add_subcommand(
        "echo-client", "connect to an echo server, send lines, print what comes back");
    echoClient
        ->add_option("target", client.target, "HOST[:PORT], e.g. 127.0.0.1:6667 or [::1]:6667")
        ->required();
    echoClient->add_option("--message,-m", client.messages,
                           "send these lines instead of standard input, then close");
    echoClient->add_option("--loop", client.loop, loopHelp())
        ->check(CLI::IsMember(netcore::EventLoop::available()))
        ->capture_default_str();
    addTraceOptions(echoClient, &trace);

    HostOptions host;
    CLI::App* hostCommand = app.add_subcommand(
        "host", "host a chat: an IRC server for the LAN (any IRC client can join)");
    hostCommand->add_option("--port,-p", host.port, "TCP port (default 6667; 0 = any free port)");
    hostCommand->add_option("--bind", host.bind,
                            "address to listen on (default: every interface, IPv6 and IPv4)");
    hostCommand->add_option("--name", host.name, "the chat's name (default LanChat)");
    hostCommand->add_option("--server-name", host.serverName,
                            "the server name in replies (default lanchat.local)");
    hostCommand->add_option("--password", host.password, "a password clients must give (PASS)");
    hostCommand->add_option("--oper", host.opers, "host operator credentials USER:PASSWORD (OPER)");
    hostCommand->add_option("--motd", host.motdFile, "a file with the message of the day")
        ->check(CLI::ExistingFile);
    hostCommand->add_option("--loop", host.loop, loopHelp())
        ->check(CLI::IsMember(netcore::EventLoop::available()))
        ->capture_default_str();
    hostCommand->add_option("--config", host.configFile, "a TOML configuration file")
        ->check(CLI::ExistingFile);
    hostCommand->add_option(
        "--state-dir", host.stateDir,
        "where the host keeps its stable id and certificate (default: the user's state folder)");
    hostCommand->add_option("--tls-port", host.tlsPort,
                            "TLS port (default 6697; 0 = any free port; off = no TLS)");
    hostCommand->add_flag("--no-plain", host.noPlain, "TLS only: no plain port");
    hostCommand
        ->add_option("--tls-cert", host.tlsCert,
                     "a PEM certificate (default: the host's own, made on first start)")
        ->check(CLI::ExistingFile);
    hostCommand->add_option("--tls-key", host.tlsKey, "the PEM key of --tls-cert")
        ->check(CLI::ExistingFile);
    addPresenceOptions(hostCommand, &host.presence);
    addFileHostOptions(hostCommand, &host.fileHost);
    addTraceOptions(hostCommand, &trace);

    JoinOptions join;
    CLI::App* joinCommand = app.add_subcommand(
        "join", "join a chat: a line-mode IRC client (any IRC server; /help inside)");
    joinCommand
        ->add_option("target", join.target,
                     "HOST[:PORT] of the chat, e.g. 192.168.1.20, lanchat.local:6667, [::1]:6667")
        ->required();
    joinCommand->add_option("--nick,-n", join.nick, "your nick (default: your login name)");
    joinCommand->add_option("--room,-r", join.room, "the room to join")->capture_default_str();
    joinCommand->add_option("--password", join.password, "the chat's password (PASS)");
    joinCommand
        ->add_option("--watch", join.watch,
                     "nicks to be told about when they come online or leave (MONITOR)")
        ->delimiter(',');
    bool noReconnect = false;
    joinCommand->add_flag("--no-reconnect", noReconnect,
                          "exit when the connection is lost instead of reconnecting");
    joinCommand->add_flag("--tls", join.tls,
                          "IRC inside TLS (default port 6697; also ircs://HOST)");
    joinCommand->add_option("--tls-fingerprint", join.tlsFingerprint,
                            "the host's certificate's SHA-256 fingerprint, pinned (implies --tls)");
    joinCommand->add_flag("--tls-trust-on-first-use", join.tlsTrustOnFirstUse,
                          "accept a certificate not known yet, and remember it (implies --tls)");
    joinCommand->add_option("--loop", join.loop, loopHelp())
        ->check(CLI::IsMember(netcore::EventLoop::available()))
        ->capture_default_str();
    addPresenceOptions(joinCommand, &join.presence);
    addTraceOptions(joinCommand, &trace);

    TransferOptions send;
    CLI::App* sendCommand = app.add_subcommand(
        "send", "send a file to a person (DCC SEND, as HexChat, WeeChat and irssi do), then exit");
    sendCommand->add_option("target", send.target, "HOST[:PORT] of the chat")->required();
    sendCommand->add_option("nick", send.peer, "who gets the file")->required();
    sendCommand->add_option("file", send.file, "the file")->required()->check(CLI::ExistingFile);
    sendCommand->add_flag("--passive", send.passive,
                          "the receiver listens and we connect (when we cannot be reached)");
    sendCommand->add_option("--nick,-n", send.nick, "your nick (default: lanchat-send)");
    TransferOptions receive;
    CLI::App* receiveCommand = app.add_subcommand(
        "receive", "take files people send (DCC SEND); exit after --count of them");
    receiveCommand->add_option("target", receive.target, "HOST[:PORT] of the chat")->required();
    receiveCommand->add_option("--nick,-n", receive.nick, "your nick")->required();
    receiveCommand->add_option("--into", receive.into, "the folder files go to")->required();
    receiveCommand
        ->add_option("--from", receive.from, "take offers from this nick only ('*': anyone)")
        ->capture_default_str();
    receiveCommand->add_option("--count", receive.count, "exit after this many files")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    for (auto [command, options] :
         {std::pair{sendCommand, &send}, std::pair{receiveCommand, &receive}}) {
        command->add_option("--password", options->password, "the chat's password (PASS)");
        command->add_option("--timeout", options->timeout, "seconds an offer waits for its answer")
            ->capture_default_str()
            ->check(CLI::Range(0.1, 86400.0));
        command->add_option("--stall", options->stall, "seconds a transfer may stand still")
            ->capture_default_str()
            ->check(CLI::Range(0.1, 86400.0));
        command->add_option("--loop", options->loop, loopHelp())
            ->check(CLI::IsMember(netcore::EventLoop::available()))
            ->capture_default_str();
        addTraceOptions(command, &trace);
    }

    DiscoverOptions discover;
    CLI::App* discoverCommand = app.add_subcommand(
        "discover", "list the chat hosts and people on the LAN (presence), then exit");
    discoverCommand->add_option("--timeout,-t", discover.timeout, "seconds to listen")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 600.0));
    discoverCommand->add_flag("--json", discover.json, "one JSON document instead of text");
    discoverCommand->add_option("--loop", discover.loop, loopHelp())
        ->check(CLI::IsMember(netcore::EventLoop::available()))
        ->capture_default_str();
    addPresenceOptions(discoverCommand, &discover.presence);
    addTraceOptions(discoverCommand, &trace);

    // Wrong arguments exit 2, as every command's documentation says (CLI11's own codes are
    // 100 and up); --help and --version exit 0.
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    TraceOutput traceOutput;
    if (!traceOutput.start(trace))
        return 2;
    if (hostCommand->parsed())
        return runHost(host);
    if (joinCommand->parsed()) {
        join.reconnect = !noReconnect;
        return runJoin(join);
    }
    if (sendCommand->parsed())
        return runSend(send);
    if (receiveCommand->parsed())
        return runReceive(receive);
    if (discoverCommand->parsed())
        return runDiscover(discover);
    if (echoServer->parsed())
        return runEchoServer(server);
    if (echoClient->parsed())
        return runEchoClient(client);
    return 2;
}
