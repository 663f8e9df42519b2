#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Interop: a room of three python3-irc clients (Python's `irc` library, software we did not
write) on a real `lanchat-cli host` started with a host operator (--oper admin:secret):
registration, JOIN #lan, NAMES with all three, a room message reaching both others, a private
message reaching only its addressee; DIE refused (481) before OPER, OPER with a wrong password
refused (464), then OPER admin secret (381) and DIE: every client gets an ERROR line and is
disconnected, and the host exits 0 with "stopped" in its log. For the Windows build the host is
lanchat-cli.exe under Wine, with the select and the asyncselect loop.

    irc_room_die_test.py LOOP LANCHAT_CLI...      (e.g. "asyncselect scripts/wine-run lanchat-cli.exe")
"""

import shutil
import sys

from interop_support import Clients, Failure, Host, run

NAMES = ("alice", "bob", "carol")


def main(cleanup):
    loop = sys.argv[1]
    cli = sys.argv[2:]
    host = Host(cli, loop, ["--oper", "admin:secret"])
    cleanup.append(host.kill_and_report)
    clients = Clients()

    for name in NAMES:
        clients.connect(name, host.port)
    for name in NAMES:
        clients.wait_for(name, lambda e: e[0] == "welcome", "the welcome (001)")

    # Join one after the other, so that each JOIN is seen by those already in the room.
    for index, name in enumerate(NAMES):
        clients[name].join("#lan")
        clients.wait_for(name, lambda e: e[0] == "join" and e[1].startswith(name + "!") and
                         e[2] == "#lan", "its own JOIN")
        for earlier in NAMES[:index]:
            clients.wait_for(earlier, lambda e: e[0] == "join" and e[1].startswith(name + "!"),
                             f"{name}'s JOIN")

    def names_of(entry):
        return {n.lstrip("@+") for n in entry[3][-1].split()}

    clients.wait_for("carol", lambda e: e[0] == "namreply" and names_of(e) == set(NAMES),
                     "NAMES #lan with exactly alice, bob and carol")

    clients["alice"].privmsg("#lan", "hello room, alice here")
    for name in ("bob", "carol"):
        clients.wait_for(name, lambda e: e[0] == "pubmsg" and e[1].startswith("alice!") and
                         e[2] == "#lan" and e[3] == ["hello room, alice here"],
                         "alice's room message")

    clients["bob"].privmsg("carol", "just between us")
    clients.wait_for("carol", lambda e: e[0] == "privmsg" and e[1].startswith("bob!") and
                     e[2] == "carol" and e[3] == ["just between us"], "bob's private message")
    # bob's next line goes to the room: once alice has it, she would have had the private
    # message before it, had the host wrongly sent it to her (one connection keeps its order).
    clients["bob"].privmsg("#lan", "and hello room")
    clients.wait_for("alice", lambda e: e[0] == "pubmsg" and e[3] == ["and hello room"],
                     "bob's room message")
    if clients.events("alice", "privmsg"):
        raise Failure(f"alice got a private message meant for carol: {clients.seen['alice']}")

    # Not an operator yet: DIE is refused and the host goes on.
    clients["alice"].send_raw("DIE")
    clients.wait_for("alice", lambda e: e[0] == "noprivileges", "481 for DIE before OPER")
    clients["alice"].send_raw("OPER admin wrong")
    clients.wait_for("alice", lambda e: e[0] == "passwdmismatch", "464 for a wrong password")
    clients["alice"].privmsg("#lan", "still here")
    clients.wait_for("carol", lambda e: e[0] == "pubmsg" and e[3] == ["still here"],
                     "a room message after the refused DIE")

    clients["alice"].send_raw("OPER admin secret")
    clients.wait_for("alice", lambda e: e[0] == "youreoper", "381 for OPER admin secret")
    clients["alice"].send_raw("DIE")
    for name in NAMES:
        error = clients.wait_for(name, lambda e: e[0] == "error", "an ERROR line after DIE")
        # python3-irc gives ERROR's one parameter as the event's target.
        if "Host stopped by alice" not in (error[2] or ""):
            raise Failure(f"{name}'s ERROR line does not say who stopped the host: {error}")
        clients.wait_for(name, lambda e: e[0] == "disconnect", "the host closing its connection")

    status = host.wait_exit("after DIE")
    output = host.output()
    if status != 0:
        raise Failure(f"the host exited with {status} after DIE")
    for expected in ("alice registered", "bob registered", "carol registered",
                     "carol joined #lan", "stopped"):
        if expected not in output:
            raise Failure(f"the host's log lacks '{expected}'")
    cleanup.clear()
    shutil.rmtree(host.workdir, ignore_errors=True)
    print(f"PASS: three python3-irc clients in #lan, a private message, DIE by a host operator "
          f"({loop} loop)")


if __name__ == "__main__":
    run(main)
