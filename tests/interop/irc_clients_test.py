#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Interop: two clients built on Python's `irc` library (Debian's python3-irc, software we did
not write) chat through a real `lanchat-cli host` on loopback: registration, JOIN, room messages
both ways, a private message, a NOTICE, NAMES, a nick change, QUIT; then the host stops on
SIGINT (Ctrl+C under Wine) and exits 0.

    irc_clients_test.py LOOP LANCHAT_CLI...      (e.g. "select scripts/wine-run lanchat-cli.exe")
"""

import shutil
import sys

from interop_support import Clients, Failure, Host, run


def main(cleanup):
    loop = sys.argv[1]
    cli = sys.argv[2:]
    host = Host(cli, loop)
    cleanup.append(host.kill_and_report)
    clients = Clients()
    for name in ("alice", "bob"):
        clients.connect(name, host.port)
    for name in ("alice", "bob"):
        clients.wait_for(name, lambda e: e[0] == "welcome", "the welcome (001)")

    clients["alice"].join("#lan")
    clients.wait_for("alice", lambda e: e[0] == "join" and e[2] == "#lan", "its JOIN")
    clients["bob"].join("#lan")
    clients.wait_for("bob", lambda e: e[0] == "namreply" and "alice" in e[3][-1] and
                     "bob" in e[3][-1], "NAMES with both")
    clients.wait_for("alice", lambda e: e[0] == "join" and e[1].startswith("bob!"), "bob's JOIN")

    clients["alice"].privmsg("#lan", "hello from alice")
    clients.wait_for("bob", lambda e: e[0] == "pubmsg" and e[1].startswith("alice!") and
                     e[3] == ["hello from alice"], "alice's room message")
    clients["bob"].privmsg("#lan", "hi alice, bob here")
    clients.wait_for("alice", lambda e: e[0] == "pubmsg" and e[3] == ["hi alice, bob here"],
                     "bob's room message")
    clients["bob"].privmsg("alice", "a private word")
    clients.wait_for("alice", lambda e: e[0] == "privmsg" and e[1].startswith("bob!") and
                     e[3] == ["a private word"], "bob's private message")
    clients["alice"].notice("#lan", "a notice")
    clients.wait_for("bob", lambda e: e[0] == "pubnotice" and e[3] == ["a notice"],
                     "alice's notice")
    clients["alice"].nick("alice2")
    clients.wait_for("bob", lambda e: e[0] == "nick" and e[1].startswith("alice!") and
                     e[2] == "alice2", "alice's nick change")
    clients["alice"].quit("see you")
    clients.wait_for("bob", lambda e: e[0] == "quit" and e[1].startswith("alice2!") and
                     e[3] == ["Quit: see you"], "alice's QUIT")
    clients["bob"].quit("bye")
    host.wait_for_log(r"bob left", "bob's QUIT")

    host.interrupt()
    status = host.wait_exit("on SIGINT")
    if status != 0:
        raise Failure(f"the host exited with {status}")
    output = host.output()
    for expected in ("alice registered", "bob joined #lan", "alice is now known as alice2",
                     "stopped"):
        if expected not in output:
            raise Failure(f"the host's log lacks '{expected}'")
    cleanup.clear()
    shutil.rmtree(host.workdir, ignore_errors=True)
    print(f"PASS: two python3-irc clients chatted through lanchat-cli host ({loop} loop)")


if __name__ == "__main__":
    run(main)
