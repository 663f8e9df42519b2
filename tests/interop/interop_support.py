# SPDX-License-Identifier: GPL-3.0-or-later
"""What the interop tests share: a real `lanchat-cli host` on loopback (natively, or the .exe
under Wine through scripts/wine-run) and clients built on Python's `irc` library (Debian's
python3-irc). Everything waits for a condition with a generous deadline, never for a fixed time,
so a noisy machine only makes the tests slower, not flaky.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import irc.client

# Per condition. Wine on a busy two-core machine can take several seconds for one step.
DEADLINE_S = 60


class Failure(Exception):
    pass


class Host:
    """`lanchat-cli host` on 127.0.0.1 with an ephemeral port; its output is collected by a
    thread so that the pipe never fills and the test can wait for a line of its log."""

    def __init__(self, cli, loop, extra_args=(), workdir=None):
        # A relative state folder in a fresh working directory works for Linux and Wine alike.
        self.workdir = workdir or tempfile.mkdtemp(prefix="lanchat-interop-")
        self.process = subprocess.Popen(
            list(cli) + ["host", "--port", "0", "--bind", "127.0.0.1", "--state-dir", "state",
                         "--server-name", "interop.test", "--loop", loop] + list(extra_args),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, errors="replace", cwd=self.workdir,
            env=dict(os.environ, LANCHAT_PRESENCE="loopback"))
        self._lines = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = None
        match = self.wait_for_log(r"listening on 127\.0\.0\.1:(\d+)", "its listening address")
        self.port = int(match.group(1))

    def _read(self):
        for line in self.process.stdout:
            with self._lock:
                self._lines.append(line.rstrip("\r\n"))

    def output(self):
        with self._lock:
            return "\n".join(self._lines)

    def wait_for_log(self, pattern, what, deadline_s=DEADLINE_S):
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            with self._lock:
                for line in self._lines:
                    match = re.search(pattern, line)
                    if match:
                        return match
            if self.process.poll() is not None:
                self._reader.join(5)
                with self._lock:
                    for line in self._lines:
                        match = re.search(pattern, line)
                        if match:
                            return match
                raise Failure(f"the host exited ({self.process.returncode}) before logging {what}")
            time.sleep(0.05)
        raise Failure(f"the host did not log {what} within {deadline_s} s")

    def interrupt(self):
        """Ctrl+C: SIGINT natively, and Wine turns it into a console Ctrl+C for the .exe (Wine
        does not pass SIGTERM on to Windows programs)."""
        self.process.send_signal(signal.SIGINT)

    def wait_exit(self, what, deadline_s=DEADLINE_S):
        try:
            self.process.wait(timeout=deadline_s)
        except subprocess.TimeoutExpired:
            raise Failure(f"the host did not exit {what} within {deadline_s} s")
        self._reader.join(10)
        return self.process.returncode

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    def kill_and_report(self):
        """For a failing test: stops the host and prints what it logged."""
        self.kill()
        self._reader.join(5)
        print("--- host output\n" + self.output())


class Clients:
    """Several python3-irc connections on one reactor; every event each one gets is recorded as
    (type, source, target, arguments) and can be waited for."""

    # The events the tests look at; anything else the library parses is ignored.
    KINDS = ("welcome", "join", "part", "quit", "nick", "pubmsg", "privmsg", "action", "pubnotice",
             "privnotice", "namreply", "endofnames", "youreoper", "passwdmismatch",
             "noprivileges", "nooperhost", "error", "disconnect")

    def __init__(self):
        # irc 8.x (Debian 12) calls the reactor IRC; later versions call it Reactor.
        reactor_class = getattr(irc.client, "Reactor", None) or irc.client.IRC
        self.reactor = reactor_class()
        self.connections = {}
        self.seen = {}
        for kind in self.KINDS:
            self.reactor.add_global_handler(kind, self._record)

    def _record(self, connection, event):
        for name, known in self.connections.items():
            if known is connection:
                self.seen[name].append(
                    (event.type, str(event.source), event.target, list(event.arguments)))
                return

    def connect(self, name, port, factory=None):
        """factory: irc.connection.Factory (a TLS one for a TLS port)."""
        self.seen[name] = []
        extra = {"connect_factory": factory} if factory else {}
        self.connections[name] = self.reactor.server().connect(
            "127.0.0.1", port, name, ircname=name.title(), **extra)
        return self.connections[name]

    def __getitem__(self, name):
        return self.connections[name]

    def pump(self, seconds=0.05):
        self.reactor.process_once(seconds)

    def wait_for(self, name, predicate, what, deadline_s=DEADLINE_S):
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            self.pump()
            for entry in self.seen[name]:
                if predicate(entry):
                    return entry
        raise Failure(f"{name} did not get {what} within {deadline_s} s; got {self.seen[name]}")

    def events(self, name, kind):
        return [e for e in self.seen[name] if e[0] == kind]

    def listen_for(self, *kinds):
        """Records these events too, beyond KINDS (a numeric the irc library has no name for is
        recorded by its number, e.g. "671")."""
        for kind in kinds:
            self.reactor.add_global_handler(kind, self._record)


def run(main):
    """Runs main(cleanup) and turns a Failure into a FAIL line with the host's output and exit
    status 1. main registers what must be stopped on failure with cleanup.append(callable)."""
    cleanup = []
    try:
        main(cleanup)
    except Exception as failure:
        if isinstance(failure, Failure):
            print(f"FAIL: {failure}")
        else:
            import traceback
            print("FAIL: the test itself broke:\n" + traceback.format_exc())
        for action in reversed(cleanup):
            try:
                action()
            except Exception as error:  # cleanup must not hide the failure
                print(f"(cleanup: {error})")
        sys.exit(1)


# --- Third-party servers and TLS pins (issue 16) ---------------------------------------------

def free_loopback_port():
    """A TCP port free on 127.0.0.1 now, for a third-party server that cannot take port 0."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_test_certificate(directory, common_name):
    """A self-signed RSA certificate and its key made with the openssl CLI, as PEM files in
    directory; returns (certificate, key, SHA-256 fingerprint as openssl prints it:
    uppercase hex pairs with colons, the form lanchat-cli and irssi take)."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    commands = (
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
         "-days", "2", "-subj", f"/CN={common_name}"],
        ["openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", cert])
    for command in commands:
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=DEADLINE_S)
        except FileNotFoundError:
            raise Failure("openssl not found (Debian package openssl: scripts/install-deps.sh "
                          "test)")
        if done.returncode != 0:
            raise Failure(f"{' '.join(command[:2])} failed: {done.stderr}")
    match = re.search(r"=((?:[0-9A-F]{2}:){31}[0-9A-F]{2})$", done.stdout.strip())
    if not match:
        raise Failure(f"openssl printed no SHA-256 fingerprint: {done.stdout!r}")
    return cert, key, match.group(1)


def other_fingerprint(fingerprint):
    """The same fingerprint with its first byte changed: a pin that must not match."""
    return ("00" if not fingerprint.startswith("00") else "11") + fingerprint[2:]


def host_tls_endpoint(host):
    """(TLS port, certificate fingerprint) that a Host printed when it started."""
    match = host.wait_for_log(
        r"TLS on 127\.0\.0\.1:(\d+); the certificate's SHA-256 fingerprint, for clients to "
        r"check: ([0-9A-F:]{95})", "its TLS port and fingerprint")
    return int(match.group(1)), match.group(2)


def wait_for_exit(process, what, pump=None, deadline_s=DEADLINE_S):
    """Waits for a child process to end (pumping python3-irc clients meanwhile, so they keep
    answering PINGs) and returns its exit status."""
    deadline = time.monotonic() + deadline_s
    while process.poll() is None:
        if time.monotonic() >= deadline:
            raise Failure(f"{what} did not exit within {deadline_s} s")
        if pump:
            pump()
        else:
            time.sleep(0.05)
    return process.returncode


class Daemon:
    """A third-party server (InspIRCd, ...) run in the foreground with a configuration of ours
    in a temporary folder; its output is collected by a thread; it counts as started once its
    port on 127.0.0.1 accepts connections."""

    def __init__(self, name, args, port, workdir):
        self.name = name
        self.process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, errors="replace", cwd=workdir)
        self._lines = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + DEADLINE_S
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise Failure(f"{name} exited with {self.process.returncode}:\n"
                                  f"{self.output()}")
                if time.monotonic() >= deadline:
                    self.stop()
                    raise Failure(f"{name} did not listen on 127.0.0.1:{port} within "
                                  f"{DEADLINE_S} s:\n{self.output()}")
                time.sleep(0.1)

    def _read(self):
        for line in self.process.stdout:
            with self._lock:
                self._lines.append(line.rstrip("\r\n"))

    def output(self):
        with self._lock:
            return "\n".join(self._lines)

    def stop(self):
        """SIGKILL: the test is done with it, and how it shuts down is not under test."""
        if self.process.poll() is None:
            self.process.kill()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
