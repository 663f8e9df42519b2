#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Interop: two third-party clients talk through a real `lanchat-cli host` on loopback: WeeChat
(Debian's weechat-headless) and a client built on Python's `irc` library (python3-irc).
Registration, JOIN #lan, a room message each way, a private message each way, and WeeChat's QUIT
with its own message; then the host stops on Ctrl+C and exits 0.

    weechat_test.py WEECHAT_HEADLESS LOOP [--tls] LANCHAT_CLI...

With --tls, WeeChat joins the host's TLS port with the certificate pinned by the fingerprint the
host printed (WeeChat 3.8's ssl_fingerprint, as its users pin a self-signed server), and the host
must log the TLS connection (a WeeChat pinned to another fingerprint first, which must refuse
the certificate and never register); the python client stays on the plain port, so the messages cross
from TLS to plain and back.

WeeChat runs with its own temporary home (--dir), only the irc and logger plugins (no script
manager, so nothing is downloaded), no scripts, no auto-connect (-a), and one server: our host on
127.0.0.1. It is driven without a FIFO (the fifo plugin is not in weechat-headless's
dependencies): its startup commands (-r) configure and connect it, and its configurable signal
commands let the test act at the right moment: SIGUSR1 sends the room message, SIGUSR2 the private
message, SIGTERM quits. What WeeChat received is read from its logger plugin's files, written at
once (logger.file.flush_delay 0).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from interop_support import DEADLINE_S, Clients, Failure, Host, run

ROOM_FROM_WEECHAT = "hello from weechat"
PRIVATE_FROM_WEECHAT = "a private word from weechat"
ROOM_FROM_PYTHON = "hello from python"
PRIVATE_FROM_PYTHON = "a private word from python"
WEECHAT_QUIT = "weechat says bye"


class WeeChat:
    def __init__(self, program, port, fingerprint=None):
        if not os.access(program, os.X_OK):
            raise Failure(f"{program} not found (Debian package weechat-headless: "
                          "scripts/install-deps.sh test)")
        self.home = tempfile.mkdtemp(prefix="lanchat-weechat-")
        # -r commands are separated by ';' and evaluated (${...}): the texts use neither.
        commands = ";".join([
            "/set logger.file.flush_delay 0",
            f'/set weechat.signal.sigusr1 "/msg -server lanchat #lan {ROOM_FROM_WEECHAT}"',
            f'/set weechat.signal.sigusr2 "/msg -server lanchat pybot {PRIVATE_FROM_WEECHAT}"',
            f"/server add lanchat 127.0.0.1/{port}" + (" -ssl" if fingerprint else ""),
            '/set irc.server.lanchat.nicks "weenick"',
            '/set irc.server.lanchat.username "wee"',
            '/set irc.server.lanchat.realname "WeeChat interop"',
            '/set irc.server.lanchat.autojoin "#lan"',
            "/set irc.server.lanchat.autoreconnect off",
            # No anti-flood queue: it holds each message back for 2 s.
            "/set irc.server.lanchat.anti_flood_prio_high 0",
            "/set irc.server.lanchat.anti_flood_prio_low 0",
            f'/set irc.server.lanchat.msg_quit "{WEECHAT_QUIT}"',
        ] + ([
            # Pinned: the SHA-256 of the certificate, hex without colons (ssl_verify stays on).
            '/set irc.server.lanchat.ssl_fingerprint "%s"' % fingerprint.replace(":", "").lower(),
        ] if fingerprint else []) + [
            "/connect lanchat",
        ])
        self.log_path = os.path.join(self.home, "weechat.out")
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [program, "--dir", self.home, "--no-connect", "--plugins", "irc,logger",
                 "--no-script", "--stdout", "--run-command", commands],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                cwd=self.home, env=dict(os.environ, HOME=self.home, TERM="dumb"))

    def signal(self, number):
        if self.process.poll() is not None:
            raise Failure(f"WeeChat exited early ({self.process.returncode})")
        self.process.send_signal(number)

    def logged(self, buffer_name):
        """The lines of one buffer's log as (prefix, message), with nick mode characters
        removed from the prefix."""
        path = os.path.join(self.home, "logs", f"irc.lanchat.{buffer_name}.weechatlog")
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            return []
        result = []
        for line in lines:
            fields = line.split("\t", 2)
            if len(fields) == 3:
                result.append((fields[1].lstrip("@+%~&"), fields[2]))
        return result

    def wait_logged(self, clients, buffer_name, entry, what):
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            clients.pump()  # keep the python client answering meanwhile
            if entry in self.logged(buffer_name):
                return
            if self.process.poll() is not None:
                break
        raise Failure(f"WeeChat did not log {what} in {buffer_name}; its log has "
                      f"{self.logged(buffer_name)}")

    def kill_and_report(self):
        """For a failing test: stops WeeChat and prints its output and logs."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        logs = os.path.join(self.home, "logs")
        paths = [self.log_path] + ([os.path.join(logs, name) for name in sorted(os.listdir(logs))]
                                   if os.path.isdir(logs) else [])
        for path in paths:
            with open(path, errors="replace") as f:
                print(f"--- WeeChat {os.path.relpath(path, self.home)}\n" + f.read())


def server_sections(irc_conf):
    """The server option names in WeeChat's irc.conf ("lanchat.addresses", ...)."""
    names, section = [], None
    with open(irc_conf, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                section = line
            elif section == "[server]" and "=" in line:
                names.append(line.split("=", 1)[0].strip())
    return names


def wrong_pin_refused(program, port, fingerprint, host, cleanup):
    """A WeeChat pinned to another fingerprint refuses the host's certificate and never
    registers: the pin is what lets the real one in."""
    other = ("00" if not fingerprint.startswith("00") else "11") + fingerprint[2:]
    wrong = WeeChat(program, port, other)
    cleanup.append(wrong.kill_and_report)
    log = os.path.join(wrong.home, "logs", "irc.server.lanchat.weechatlog")
    deadline = time.monotonic() + DEADLINE_S
    text = ""
    while time.monotonic() < deadline and "does NOT match" not in text:
        time.sleep(0.1)
        try:
            with open(log, errors="replace") as f:
                text = f.read()
        except FileNotFoundError:
            pass
    if "does NOT match" not in text:
        raise Failure("WeeChat pinned to another fingerprint did not refuse the certificate")
    if "weenick registered" in host.output():
        raise Failure("WeeChat registered with a wrong pin")
    wrong.process.kill()
    wrong.process.wait(timeout=10)
    cleanup.remove(wrong.kill_and_report)
    shutil.rmtree(wrong.home, ignore_errors=True)


def main(cleanup):
    weechat_program = sys.argv[1]
    loop = sys.argv[2]
    tls = sys.argv[3] == "--tls"
    cli = sys.argv[4:] if tls else sys.argv[3:]
    host = Host(cli, loop)
    weechat_port, fingerprint = host.port, None
    if tls:
        match = host.wait_for_log(
            r"TLS on 127\.0\.0\.1:(\d+); the certificate's SHA-256 fingerprint, for clients to "
            r"check: ([0-9A-F:]{95})", "its TLS port and fingerprint")
        weechat_port, fingerprint = int(match.group(1)), match.group(2)
    cleanup.append(host.kill_and_report)
    clients = Clients()

    clients.connect("pybot", host.port)
    clients.wait_for("pybot", lambda e: e[0] == "welcome", "the welcome (001)")
    clients["pybot"].join("#lan")
    clients.wait_for("pybot", lambda e: e[0] == "join" and e[1].startswith("pybot!"), "its JOIN")

    if tls:
        wrong_pin_refused(weechat_program, weechat_port, fingerprint, host, cleanup)
    weechat = WeeChat(weechat_program, weechat_port, fingerprint)
    cleanup.append(weechat.kill_and_report)
    # Registration and JOIN: WeeChat's own startup commands.
    clients.wait_for("pybot", lambda e: e[0] == "join" and e[1].startswith("weenick!~wee@") and
                     e[2] == "#lan", "WeeChat's JOIN")
    host.wait_for_log(r"weenick registered from 127\.0\.0\.1", "WeeChat's registration")
    if tls:
        host.wait_for_log(r"TLS from 127\.0\.0\.1:\d+: TLSv1\.[23]", "WeeChat's TLS handshake")

    # WeeChat -> python, in the room.
    weechat.signal(signal.SIGUSR1)
    clients.wait_for("pybot", lambda e: e[0] == "pubmsg" and e[1].startswith("weenick!") and
                     e[2] == "#lan" and e[3] == [ROOM_FROM_WEECHAT], "WeeChat's room message")
    # python -> WeeChat, in the room.
    clients["pybot"].privmsg("#lan", ROOM_FROM_PYTHON)
    weechat.wait_logged(clients, "#lan", ("pybot", ROOM_FROM_PYTHON), "pybot's room message")
    # WeeChat -> python, privately.
    weechat.signal(signal.SIGUSR2)
    clients.wait_for("pybot", lambda e: e[0] == "privmsg" and e[1].startswith("weenick!") and
                     e[2] == "pybot" and e[3] == [PRIVATE_FROM_WEECHAT],
                     "WeeChat's private message")
    # python -> WeeChat, privately: WeeChat opens a private buffer for it.
    clients["pybot"].privmsg("weenick", PRIVATE_FROM_PYTHON)
    weechat.wait_logged(clients, "pybot", ("pybot", PRIVATE_FROM_PYTHON),
                        "pybot's private message")
    # The room message must not have turned up in the private buffer, nor the reverse.
    if ("pybot", ROOM_FROM_PYTHON) in weechat.logged("pybot"):
        raise Failure("WeeChat logged the room message in the private buffer")
    if ("pybot", PRIVATE_FROM_PYTHON) in weechat.logged("#lan"):
        raise Failure("WeeChat logged the private message in #lan")

    # SIGTERM runs WeeChat's default "/quit -yes": QUIT with its message, then it exits 0.
    weechat.signal(signal.SIGTERM)
    clients.wait_for("pybot", lambda e: e[0] == "quit" and e[1].startswith("weenick!") and
                     e[3] == [f"Quit: {WEECHAT_QUIT}"], "WeeChat's QUIT")
    try:
        status = weechat.process.wait(timeout=DEADLINE_S)
    except subprocess.TimeoutExpired:
        raise Failure("WeeChat did not exit on SIGTERM")
    if status != 0:
        raise Failure(f"WeeChat exited with {status}")
    # It knew of no server but ours, so it cannot have connected anywhere else.
    servers = {name.split(".", 1)[0]
               for name in server_sections(os.path.join(weechat.home, "irc.conf"))}
    if servers != {"lanchat"}:
        raise Failure(f"WeeChat's irc.conf has servers {servers}, expected only lanchat")
    with open(weechat.log_path, errors="replace") as f:
        connects = re.findall(r"irc: connecting to server (\S+)", f.read())
    # "127.0.0.1/PORT..." or, over TLS, "127.0.0.1/PORT (SSL)...".
    if [c.rstrip(".") for c in connects] != [f"127.0.0.1/{weechat_port}"]:
        raise Failure(f"WeeChat connected to {connects}, expected only our host")

    clients["pybot"].quit("bye")
    host.wait_for_log(r"pybot left", "pybot's QUIT")
    host.interrupt()
    if host.wait_exit("on Ctrl+C") != 0:
        raise Failure(f"the host exited with {host.process.returncode}")
    output = host.output()
    for expected in ("pybot joined #lan", "weenick joined #lan", "stopped"):
        if expected not in output:
            raise Failure(f"the host's log lacks '{expected}'")
    cleanup.clear()
    shutil.rmtree(weechat.home, ignore_errors=True)
    shutil.rmtree(host.workdir, ignore_errors=True)
    how = "WeeChat over TLS, pinned" if tls else "WeeChat"
    print(f"PASS: {how} and a python3-irc client talked through lanchat-cli host ({loop} loop)")


if __name__ == "__main__":
    run(main)
