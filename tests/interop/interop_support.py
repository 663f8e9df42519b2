# SPDX-License-Identifier: GPL-3.0-or-later
"""What the interop tests share: a real `lanchat-cli host` on loopback (natively, or the .exe
under Wine through scripts/wine-run) and clients built on Python's `irc` library (Debian's
python3-irc). Everything waits for a condition with a generous deadline, never for a fixed time,
so a noisy machine only makes the tests slower, not flaky.
"""

import os
import re
import signal
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
