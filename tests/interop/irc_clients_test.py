#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Interop: two clients built on Python's `irc` library (Debian's python3-irc, software we did
not write) chat through a real `lanchat-cli host` on loopback: registration, JOIN, room messages
both ways, a private message, a NOTICE, NAMES, a nick change, QUIT; then the host stops on
SIGINT and exits 0.

    irc_clients_test.py LOOP LANCHAT_CLI...      (e.g. "select scripts/wine-run lanchat-cli.exe")
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import irc.client

DEADLINE_S = 30


def fail(message, host=None):
    print(f"FAIL: {message}")
    if host is not None and host.poll() is None:
        host.kill()
    if host is not None:
        out, _ = host.communicate(timeout=5)
        print("--- host output\n" + out)
    sys.exit(1)


def main():
    loop = sys.argv[1]
    cli = sys.argv[2:]
    # A relative state folder in a fresh working directory works for Linux and Wine alike.
    workdir = tempfile.mkdtemp(prefix="lanchat-interop-")
    host = subprocess.Popen(
        cli + ["host", "--port", "0", "--bind", "127.0.0.1", "--state-dir", "state",
               "--server-name", "interop.test", "--loop", loop],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=workdir,
        env=dict(os.environ, LANCHAT_PRESENCE="loopback"))
    port = None
    start = time.monotonic()
    lines = []
    while port is None and time.monotonic() - start < 10:
        line = host.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if match:
            port = int(match.group(1))
    if port is None:
        fail("the host did not say where it listens: " + "".join(lines), host)

    # irc 8.x (Debian 12) calls the reactor IRC; later versions call it Reactor.
    reactor = getattr(irc.client, "Reactor", None) or irc.client.IRC
    reactor = reactor()
    seen = {"alice": [], "bob": []}

    def record(name):
        def handler(connection, event):
            seen[name].append((event.type, str(event.source), event.target, list(event.arguments)))
        return handler

    clients = {}
    for name in ("alice", "bob"):
        clients[name] = reactor.server().connect("127.0.0.1", port, name, ircname=name.title())

    def dispatch(connection, event):
        name = "alice" if connection is clients["alice"] else "bob"
        record(name)(connection, event)

    for kind in ("welcome", "join", "pubmsg", "privmsg", "pubnotice", "privnotice", "namreply",
                 "nick", "quit", "part"):
        reactor.add_global_handler(kind, dispatch)

    def wait_for(name, predicate, what):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            reactor.process_once(0.05)
            for entry in seen[name]:
                if predicate(entry):
                    return entry
        fail(f"{name} did not get {what}; got {seen[name]}", host)

    for name in clients:
        wait_for(name, lambda e: e[0] == "welcome", "the welcome (001)")
    clients["alice"].join("#lan")
    wait_for("alice", lambda e: e[0] == "join" and e[2] == "#lan", "its JOIN")
    clients["bob"].join("#lan")
    wait_for("bob", lambda e: e[0] == "namreply" and "alice" in e[3][-1] and "bob" in e[3][-1],
             "NAMES with both")
    wait_for("alice", lambda e: e[0] == "join" and e[1].startswith("bob!"), "bob's JOIN")

    clients["alice"].privmsg("#lan", "hello from alice")
    wait_for("bob", lambda e: e[0] == "pubmsg" and e[1].startswith("alice!") and
             e[3] == ["hello from alice"], "alice's room message")
    clients["bob"].privmsg("#lan", "hi alice, bob here")
    wait_for("alice", lambda e: e[0] == "pubmsg" and e[3] == ["hi alice, bob here"],
             "bob's room message")
    clients["bob"].privmsg("alice", "a private word")
    wait_for("alice", lambda e: e[0] == "privmsg" and e[1].startswith("bob!") and
             e[3] == ["a private word"], "bob's private message")
    clients["alice"].notice("#lan", "a notice")
    wait_for("bob", lambda e: e[0] == "pubnotice" and e[3] == ["a notice"], "alice's notice")
    clients["alice"].nick("alice2")
    wait_for("bob", lambda e: e[0] == "nick" and e[1].startswith("alice!") and e[2] == "alice2",
             "alice's nick change")
    clients["alice"].quit("see you")
    wait_for("bob", lambda e: e[0] == "quit" and e[1].startswith("alice2!") and
             e[3] == ["Quit: see you"], "alice's QUIT")
    clients["bob"].quit("bye")
    reactor.process_once(0.2)

    host.send_signal(signal.SIGINT)
    try:
        out, _ = host.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        fail("the host did not stop on SIGINT", host)
    if host.returncode != 0:
        fail(f"the host exited with {host.returncode}:\n{out}")
    for expected in ("alice registered", "bob joined #lan", "alice is now known as alice2",
                     "stopped"):
        if expected not in out:
            fail(f"the host's log lacks '{expected}':\n{out}")
    print(f"PASS: two python3-irc clients chatted through lanchat-cli host ({loop} loop)")


if __name__ == "__main__":
    main()
