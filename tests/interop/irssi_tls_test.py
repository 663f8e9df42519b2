#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS interop (issue 16): irssi (Debian's irssi 1.4) joins a `lanchat-cli host`'s TLS port with
the certificate pinned by the fingerprint the host printed (irssi's -tls_pinned_cert, the
certificate's SHA-256 as uppercase hex pairs with colons, the form the host prints) and chats
with a python3-irc client on the plain port: a room message and a private message each way,
then irssi's QUIT with its message. Before that, an irssi pinned to another fingerprint must
refuse the host's certificate and never register.

    irssi_tls_test.py IRSSI LOOP LANCHAT_CLI...

irssi is a full-screen terminal program: it runs here in a pseudo-terminal of ours (TERM=xterm,
120x40) with its own temporary --home and configuration (no networks, no servers, no scripts, no
flood queue: cmd_queue_speed 0), and is driven by typing its commands into the terminal, once it
has shown that it takes them (/echo). Its startup file opens a log of every line it shows
(/log open ... ALL) and connects; that log, written as lines come, is what the test reads, never
the screen.
"""

import fcntl
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_support import (DEADLINE_S, Clients, Failure, Host,  # noqa: E402
                             host_tls_endpoint, other_fingerprint, run, wait_for_exit)

ROOM = "#lan"
ROOM_FROM_IRSSI = "hello from irssi over TLS"
PRIVATE_FROM_IRSSI = "a private word from irssi"
ROOM_FROM_PYTHON = "hello from python in the clear"
PRIVATE_FROM_PYTHON = "a private word from python"
IRSSI_QUIT = "irssi says bye"


class Irssi:
    def __init__(self, program, port, fingerprint, nick):
        if not os.access(program, os.X_OK):
            raise Failure(f"{program} not found (Debian package irssi: scripts/install-deps.sh "
                          "test)")
        self.nick = nick
        self.home = tempfile.mkdtemp(prefix="lanchat-irssi-")
        self.log_path = os.path.join(self.home, "irssi.log")
        with open(os.path.join(self.home, "config"), "w") as config:
            config.write(f"""servers = ( );
chatnets = {{ }};
channels = ( );
settings = {{
  core = {{
    nick = "{nick}";
    user_name = "irs";
    real_name = "irssi interop";
    settings_autosave = "no";
  }};
  "irc/core" = {{ cmd_queue_speed = "0"; }};
  "fe-text" = {{ paste_detect_time = "0"; }};
}};
""")
        with open(os.path.join(self.home, "startup"), "w") as startup:
            startup.write(f"/log open {self.log_path} ALL\n"
                          f"/connect -tls -tls_pinned_cert {fingerprint} 127.0.0.1 {port}\n")
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self._master = master
        try:
            self.process = subprocess.Popen(
                [program, "--home", self.home], stdin=slave, stdout=slave, stderr=slave,
                cwd=self.home, start_new_session=True,
                env=dict(os.environ, HOME=self.home, TERM="xterm"))
        finally:
            os.close(slave)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self):
        """irssi blocks once the terminal's buffer is full: read (and drop) what it draws."""
        while True:
            try:
                if not os.read(self._master, 4096):
                    return
            except OSError:  # EIO once irssi has exited and closed the terminal
                return

    def type(self, command):
        if self.process.poll() is not None:
            raise Failure(f"irssi exited early ({self.process.returncode})")
        os.write(self._master, command.encode() + b"\r")

    def wait_ready(self, clients):
        """Until irssi has its terminal set up it may drop what is typed (a flush when it turns
        the terminal's line editing off): /echo a word until its log shows it."""
        for attempt in range(1, 31):
            word = f"ready-{attempt}"
            self.type(f"/echo {word}")
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline:
                clients.pump()
                if re.search(rf" {word}$", self.log(), re.MULTILINE):
                    return
        raise Failure("irssi did not take typed commands (/echo never shown)")

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_logged(self, pattern, what, clients):
        """Waits for a line of irssi's log matching pattern (a regular expression), pumping the
        python clients meanwhile; returns the match."""
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            clients.pump()
            match = re.search(pattern, self.log(), re.MULTILINE)
            if match:
                return match
            if self.process.poll() is not None:
                break
        raise Failure(f"irssi did not show {what} (/{pattern}/)")

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.close(self._master)
        except OSError:
            pass
        self._reader.join(5)

    def stop_and_report(self):
        """For a failing test: stops irssi and prints its log."""
        self.stop()
        print(f"--- irssi ({self.nick}) log\n" + self.log())

    def remove(self):
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


def certificate_shown(irssi, fingerprint, clients):
    """irssi shows the certificate it got: it must be the host's."""
    match = irssi.wait_logged(r"Certificate Fingerprint: ([0-9A-F:]{95}) \(SHA256\)",
                              "the certificate's fingerprint", clients)
    if match.group(1) != fingerprint:
        raise Failure(f"irssi got certificate {match.group(1)}, the host printed {fingerprint}")
    irssi.wait_logged(r"Protocol: TLSv1\.[23] ", "TLS 1.2 or 1.3", clients)


def wrong_pin_refused(program, port, fingerprint, host, clients, cleanup):
    wrong = Irssi(program, port, other_fingerprint(fingerprint), nick="irwrong")
    cleanup += [wrong.remove, wrong.stop_and_report]  # run in reverse on failure
    certificate_shown(wrong, fingerprint, clients)
    wrong.wait_logged(r"Pinned certificate mismatch", "the pin's mismatch", clients)
    wrong.wait_logged(r"Connection lost to 127\.0\.0\.1", "the connection dropped", clients)
    if "irwrong registered" in host.output():
        raise Failure("irssi registered with a wrong pin")
    if [e for e in clients.seen["pybot"] if e[1].startswith("irwrong!")]:
        raise Failure("pybot saw irssi with a wrong pin in the room")
    del cleanup[-2:]
    wrong.remove()


def main(cleanup):
    program, loop, cli = sys.argv[1], sys.argv[2], sys.argv[3:]
    host = Host(cli, loop)
    cleanup.append(lambda: shutil.rmtree(host.workdir, ignore_errors=True))
    cleanup.append(host.kill_and_report)
    tls_port, fingerprint = host_tls_endpoint(host)
    clients = Clients()
    clients.connect("pybot", host.port)
    clients.wait_for("pybot", lambda e: e[0] == "welcome", "the welcome (001)")
    clients["pybot"].join(ROOM)
    clients.wait_for("pybot", lambda e: e[0] == "join" and e[1].startswith("pybot!"), "its JOIN")

    wrong_pin_refused(program, tls_port, fingerprint, host, clients, cleanup)
    print("PASS: irssi pinned to another fingerprint refused the host's certificate and never "
          "registered")

    irssi = Irssi(program, tls_port, fingerprint, nick="irnick")
    cleanup += [irssi.remove, irssi.stop_and_report]
    certificate_shown(irssi, fingerprint, clients)
    host.wait_for_log(r"irnick registered from 127\.0\.0\.1", "irssi's registration")
    # The host logged both irssis' TLS sessions (the wrong pin's too: the pin is checked after
    # the handshake).
    sessions = re.findall(r"TLS from 127\.0\.0\.1:\d+: TLSv1\.[23], ", host.output())
    if len(sessions) != 2:
        raise Failure(f"the host logged {len(sessions)} TLS sessions, expected 2")
    if "Pinned certificate mismatch" in irssi.log():
        raise Failure("irssi says the right pin does not match")
    irssi.wait_ready(clients)

    irssi.type(f"/join {ROOM}")
    clients.wait_for("pybot", lambda e: e[0] == "join" and e[1].startswith("irnick!~irs@") and
                     e[2] == ROOM, "irssi's JOIN")
    irssi.wait_logged(rf"-!- irnick \[~irs@127\.0\.0\.1\] has joined {ROOM}$",
                      "its own join", clients)
    irssi.type(f"/msg {ROOM} {ROOM_FROM_IRSSI}")
    clients.wait_for("pybot", lambda e: e[0] == "pubmsg" and e[1].startswith("irnick!") and
                     e[2] == ROOM and e[3] == [ROOM_FROM_IRSSI], "irssi's room message")
    clients["pybot"].privmsg(ROOM, ROOM_FROM_PYTHON)
    # In its log a room's lines start with the room's name, a private conversation's do not.
    irssi.wait_logged(rf"^\d\d:\d\d {ROOM}: <@pybot> {ROOM_FROM_PYTHON}$",
                      "pybot's room message in #lan", clients)
    irssi.type(f"/msg pybot {PRIVATE_FROM_IRSSI}")
    clients.wait_for("pybot", lambda e: e[0] == "privmsg" and e[1].startswith("irnick!") and
                     e[2] == "pybot" and e[3] == [PRIVATE_FROM_IRSSI],
                     "irssi's private message")
    clients["pybot"].privmsg("irnick", PRIVATE_FROM_PYTHON)
    irssi.wait_logged(rf"^\d\d:\d\d <pybot> {PRIVATE_FROM_PYTHON}$", "pybot's private message",
                      clients)

    irssi.type(f"/quit {IRSSI_QUIT}")
    clients.wait_for("pybot", lambda e: e[0] == "quit" and e[1].startswith("irnick!") and
                     e[3] == [f"Quit: {IRSSI_QUIT}"], "irssi's QUIT")
    status = wait_for_exit(irssi.process, "irssi after /quit", pump=clients.pump)
    if status != 0:
        raise Failure(f"irssi exited with {status}")
    host.wait_for_log(rf"irnick left \(Quit: {IRSSI_QUIT}\)", "irssi's QUIT")

    clients["pybot"].quit("bye")
    host.wait_for_log(r"pybot left", "pybot's QUIT")
    host.interrupt()
    if host.wait_exit("on Ctrl+C") != 0:
        raise Failure(f"the host exited with {host.process.returncode}")
    cleanup.clear()
    irssi.remove()
    shutil.rmtree(host.workdir, ignore_errors=True)
    print(f"PASS: irssi over TLS, pinned, and a python3-irc client talked through lanchat-cli "
          f"host ({loop} loop)")


if __name__ == "__main__":
    run(main)
