#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Interop of LanChat's client engine (through `lanchat-cli join`) with software we did not
write, on loopback:

  ngircd   the client registers with an ngircd server (Debian's package, started here on a
           free loopback port with its own configuration), joins, exchanges room and private
           messages both ways with a python3-irc client, survives ngircd's PINGs while idle and
           measures its lag with its own, and a second client whose nick is taken gets an
           alternative and says so;
  lanchat  the client and a python3-irc client talk both ways through a LanChat host.

On both: a WHOIS reply shown once, collected (user@host, rooms, server, and ngircd's idle time),
the case mapping the server announced (ngircd 26 and LanChat both say ascii), and a /nick the
server refuses after registration, the nick kept.

    lanchat_client_test.py NGIRCD SERVER_LOOP LANCHAT_CLI...
"""

import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_support import DEADLINE_S, Clients, Failure, Host  # noqa: E402


class Joiner:
    """`lanchat-cli join` with its standard input a pipe we type into and its output read by a
    thread, line by line."""

    def __init__(self, cli, port, nick=None, env=None, extra=()):
        args = list(cli) + ["join", f"127.0.0.1:{port}"] + list(extra)
        if nick:
            args += ["--nick", nick]
        self.process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, errors="replace", bufsize=1,
            env=dict(os.environ, LANCHAT_PRESENCE="loopback", **(env or {})))
        self.lines = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            with self._lock:
                self.lines.append(line.rstrip("\r\n"))

    def type(self, text):
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def output(self):
        with self._lock:
            return "\n".join(self.lines)

    def wait_for(self, text, what, pump=None, deadline_s=DEADLINE_S):
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            with self._lock:
                if any(text in line for line in self.lines):
                    return
            if self.process.poll() is not None and not pump:
                break
            if pump:
                pump()
            else:
                time.sleep(0.05)
        raise Failure(f"lanchat-cli join did not show {what} ('{text}'):\n{self.output()}")

    def end_input(self, what, pump=None):
        """Closes its input and waits for it to end, pumping the Python clients meanwhile (so
        they keep answering the server's PINGs)."""
        self.process.stdin.close()
        deadline = time.monotonic() + DEADLINE_S
        while self.process.poll() is None:
            if time.monotonic() >= deadline:
                raise Failure(f"lanchat-cli join did not end {what}:\n{self.output()}")
            if pump:
                pump()
            else:
                time.sleep(0.05)
        if self.process.returncode != 0:
            raise Failure(f"lanchat-cli join ended {what} with {self.process.returncode}:\n"
                          f"{self.output()}")

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ngircd:
    """ngircd in the foreground (-n) with a configuration of ours, listening on 127.0.0.1
    only; it PINGs idle clients after a few seconds and wants the PONG within 3 s."""

    def __init__(self, program, tls_files=None):
        """tls_files: (certificate, key) PEM files for a TLS port (self.tls_port) besides."""
        self.dir = tempfile.mkdtemp(prefix="lanchat-ngircd-")
        os.chmod(self.dir, 0o1777)  # ngircd drops to nobody before it writes its pid file
        self.port = free_port()
        self.tls_port = None
        ids = "ServerUID = 65534\nServerGID = 65534\n" if os.geteuid() == 0 else ""
        tls = ""
        if tls_files:
            self.tls_port = free_port()
            # Copied where ngircd (run as nobody when we are root) can read them.
            for source, name in zip(tls_files, ("cert.pem", "key.pem")):
                shutil.copy(source, os.path.join(self.dir, name))
                os.chmod(os.path.join(self.dir, name), 0o644)
            tls = (f"[SSL]\nCertFile = {self.dir}/cert.pem\nKeyFile = {self.dir}/key.pem\n"
                   f"Ports = {self.tls_port}\n")
        with open(os.path.join(self.dir, "ngircd.conf"), "w") as conf:
            conf.write(f"""[Global]
Name = ngircd.test
Info = LanChat interop test
Listen = 127.0.0.1
Ports = {self.port}
PidFile = {self.dir}/ngircd.pid
MotdPhrase = ngircd for the interop test
{ids}
[Limits]
PingTimeout = 3
PongTimeout = 3
MaxNickLength = 30
[Options]
DNS = no
Ident = no
PAM = no
{tls}""")
        self.process = subprocess.Popen(
            [program, "-n", "-f", os.path.join(self.dir, "ngircd.conf")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        self.log = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise Failure(f"ngircd exited with {self.process.returncode}: "
                                  f"{self.output()}")
                time.sleep(0.1)
        raise Failure("ngircd did not start listening")

    def _read(self):
        for line in self.process.stdout:
            self.log.put(line.rstrip())

    def output(self):
        lines = []
        while not self.log.empty():
            lines.append(self.log.get())
        return "\n".join(lines)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def chat_both_ways(cli, port):
    """A LanChat client and a python3-irc client: join, room and private messages both ways."""
    clients = Clients()
    alice = Joiner(cli, port, nick="alice")
    try:
        alice.wait_for("#lan --> you joined", "its join")
        clients.connect("pybob", port)
        clients.wait_for("pybob", lambda e: e[0] == "welcome", "the welcome")
        clients["pybob"].join("#lan")
        alice.wait_for("#lan --> pybob joined", "pybob's join", pump=clients.pump)

        alice.type("hello from lanchat \u00e9\u2713")
        clients.wait_for("pybob", lambda e: e[0] == "pubmsg" and e[1].startswith("alice!") and
                         e[3] == ["hello from lanchat \u00e9\u2713"], "alice's room message")
        clients["pybob"].privmsg("#lan", "hello from python")
        alice.wait_for("#lan <pybob> hello from python", "pybob's room message",
                       pump=clients.pump)
        alice.type("/msg pybob just for you")
        clients.wait_for("pybob", lambda e: e[0] == "privmsg" and e[3] == ["just for you"],
                         "alice's private message")
        clients["pybob"].privmsg("alice", "private reply")
        alice.wait_for("*pybob* private reply", "pybob's private message", pump=clients.pump)
        alice.type("/me waves")
        clients.wait_for("pybob", lambda e: e[0] == "action" and e[3] == ["waves"],
                         "alice's action (CTCP ACTION)")
        return clients, alice
    except Exception:
        alice.kill()
        raise


def typed_answers(alice, clients, server_name, idle_shown):
    """alice (lanchat-cli join) and pybob (python3-irc) are in #lan on the server."""
    alice.type("/whois pybob")
    alice.wait_for("(Pybob)", "pybob's user@host and real name in the WHOIS reply",
                   pump=clients.pump)
    alice.wait_for("-!- pybob is in #lan", "pybob's rooms in the WHOIS reply", pump=clients.pump)
    alice.wait_for(f"-!- pybob is on {server_name}", "pybob's server in the WHOIS reply",
                   pump=clients.pump)
    if idle_shown:
        alice.wait_for("-!- pybob has been idle ", "pybob's idle time", pump=clients.pump)
    # /who: one line a person, then the count (ngircd has no labeled-response: matched by order).
    alice.type("/who #lan")
    alice.wait_for("-!- pybob (", "pybob in the WHO reply", pump=clients.pump)
    alice.wait_for("-!- who #lan: 2 people", "the WHO reply's count", pump=clients.pump)
    alice.type("/info")
    alice.wait_for("case mapping ascii", "the case mapping from ISUPPORT", pump=clients.pump)
    alice.type("/nick pybob")
    alice.wait_for("!! the nick pybob is in use", "the refused nick change", pump=clients.pump)
    alice.wait_for("; you stay alice", "the nick kept", pump=clients.pump)
    if alice.output().count("is on " + server_name) != 1:
        raise Failure("the WHOIS reply was not shown once:\n" + alice.output())


def test_ngircd(ngircd_program, cli):
    server = Ngircd(ngircd_program)
    alice = second = None
    try:
        clients, alice = chat_both_ways(cli, server.port)
        typed_answers(alice, clients, "ngircd.test", idle_shown=True)
        # ngircd PINGs an idle client (here after about 6 s) and closes it when no PONG comes
        # within PongTimeout (3 s). Idle through that, then chat again; /lag shows the answer
        # to the client's own PING.
        idle_until = time.monotonic() + 14
        while time.monotonic() < idle_until:
            clients.pump(0.2)
        clients["pybob"].privmsg("#lan", "still there?")
        alice.wait_for("#lan <pybob> still there?", "a message after idling through PINGs",
                       pump=clients.pump)
        alice.type("/lag")
        alice.wait_for("-!- lag: ", "its lag", pump=clients.pump)
        if "connection lost" in alice.output():
            raise Failure("the client lost its connection to ngircd:\n" + alice.output())

        # The nick taken: the default nick (LANCHAT_NICK here) gets an alternative, reported.
        second = Joiner(cli, server.port, env={"LANCHAT_NICK": "alice"})
        second.wait_for("the nick alice is in use; trying alice_", "the nick collision",
                        pump=clients.pump)
        second.wait_for("#lan --> you joined", "its join as alice_", pump=clients.pump)
        alice.wait_for("#lan --> alice_ joined", "the second client's join", pump=clients.pump)
        second.type("second client here")
        alice.wait_for("#lan <alice_> second client here", "the second client's message",
                       pump=clients.pump)
        second.end_input("at the end of its input", pump=clients.pump)
        alice.end_input("at the end of its input", pump=clients.pump)
        clients.wait_for("pybob", lambda e: e[0] == "quit" and e[1].startswith("alice!"),
                         "alice's QUIT")
    except Failure:
        print("--- ngircd output\n" + server.output())
        raise
    finally:
        for joiner in (alice, second):
            if joiner:
                joiner.kill()
        server.stop()
    print("PASS: LanChat's client with ngircd")


def test_lanchat_host(loop, cli):
    host = Host(cli, loop)
    try:
        clients, alice = chat_both_ways(cli, host.port)
        typed_answers(alice, clients, "interop.test", idle_shown=False)
        alice.end_input("at the end of its input")
        clients.wait_for("pybob", lambda e: e[0] == "quit" and e[1].startswith("alice!"),
                         "alice's QUIT")
        host.interrupt()
        if host.wait_exit("on Ctrl+C") != 0:
            raise Failure("the host did not exit 0")
    except Failure:
        host.kill_and_report()
        raise
    finally:
        shutil.rmtree(host.workdir, ignore_errors=True)
    print(f"PASS: LanChat's client and python3-irc through a LanChat host ({loop} loop)")


def main():
    ngircd_program, loop = sys.argv[1], sys.argv[2]
    cli = sys.argv[3:]
    try:
        test_lanchat_host(loop, cli)
        test_ngircd(ngircd_program, cli)
    except Failure as failure:
        print(f"FAIL: {failure}")
        sys.exit(1)


if __name__ == "__main__":
    main()
