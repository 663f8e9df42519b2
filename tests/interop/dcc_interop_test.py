#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""DCC interop (issue 17): files between `lanchat-cli send`/`receive` and third-party clients,
through a real `lanchat-cli host` on loopback, every file compared byte for byte:

  python  a DCC peer of ours on Python's `irc` library (python3-irc has no DCC SEND helper: the
          CTCP goes through the library, the file over plain sockets on 127.0.0.1): it offers a
          file (active, a name with spaces) and a passive one (port 0 and a token: LanChat
          listens and answers), takes LanChat's active and passive offers, and resumes one
          (DCC RESUME, LanChat answers ACCEPT).
  WeeChat (weechat-headless 3.8, its xfer plugin) sends to lanchat-cli receive (/dcc send, a
          name with spaces), takes lanchat-cli send's offer (xfer.file.auto_accept_files), and
          resumes one from its NAME.part (xfer.file.auto_resume). WeeChat has no passive DCC.
  irssi   (1.4) takes lanchat-cli send's offers (dcc_autoget), active and passive, resumes one
          (dcc_autoresume: the file is there, shorter), declines one (/dcc close get: DCC
          REJECT), and sends to lanchat-cli receive, active (a name with spaces) and passive
          (/dcc send -passive), and once to a receiver that has NAME.part (LanChat asks RESUME,
          irssi answers ACCEPT).

Every client reaches the host through a small proxy of this script's on 127.0.0.1 that records
each CTCP DCC line as it crosses (the host only ever sees 127.0.0.1 either way), so a case that
fails shows the exact lines; they are printed at the end in any case.

    dcc_interop_test.py WEECHAT_HEADLESS IRSSI LOOP [--peers PEER,...] LANCHAT_CLI...

--peers picks the clients above (python, weechat, irssi; all three by default); a program that is
not among them need not exist. Checks are all made, their failures listed at the end; a step that
cannot go on ends the test. WeeChat and irssi listen on every interface for an active send of
theirs (neither can bind its DCC listener to one address); everything connects to 127.0.0.1 only.

Windows: LANCHAT_CLI may be `scripts/wine-run lanchat-cli.exe` (the cross-compiling emulator, as
in the other interop tests). Then the host, send and receive are the .exe under Wine on LOOP
(asyncselect: WSAAsyncSelect and a message-only window; or select), and the peers are Linux
programs: every case above, both directions, crosses between a Windows program and a Linux one
on loopback. The .exe is given its files and folders as a Windows user types them, on Z:
(Wine's drive for the Linux root; cli.host checks that a /path is taken as one too). CMake
runs it so on the asyncselect and select loops (interop.dcc_wine.LOOP), with all three peers.
"""

import fcntl
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_support import DEADLINE_S, Clients, Failure, Host, run  # noqa: E402

LOCALHOST_INT = 2130706433  # 127.0.0.1 as DCC writes it
INT_MAX = 2**31 - 1


class Checks:
    def __init__(self):
        self.failed = []

    def bad(self, text):
        self.failed.append(text)
        print(f"FAIL: {text}", flush=True)

    def expect(self, condition, text):
        if not condition:
            self.bad(text)
        return condition


checks = Checks()


def file_of(path, size, seed):
    """A file of `size` pseudo-random bytes (reproducible: seeded), returns its bytes."""
    import random
    data = random.Random(seed).randbytes(size)
    with open(path, "wb") as f:
        f.write(data)
    return data


def compare(path, data, what):
    try:
        with open(path, "rb") as f:
            got = f.read()
    except FileNotFoundError:
        folder = os.path.dirname(path)
        checks.bad(f"{what}: {path} is missing (the folder has {sorted(os.listdir(folder))})")
        return False
    if got != data:
        same = next((i for i, (a, b) in enumerate(zip(got, data)) if a != b),
                    min(len(got), len(data)))
        checks.bad(f"{what}: {len(got)} bytes, expected {len(data)}; the first difference at "
                   f"byte {same}")
        return False
    return True


# --- The wire: a proxy in front of the host that records the CTCP DCC lines -----------------------

class WireLog:
    def __init__(self, host_port):
        self.host_port = host_port
        self.lines = []  # (seconds since start, connection, "->" to the host or "<-", line)
        self._lock = threading.Lock()
        self._start = time.monotonic()
        self._count = 0
        self._sockets = []
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.host_port), timeout=10)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._count += 1
                number = self._count
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, number, "->"),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, number, "<-"),
                             daemon=True).start()

    def _pump(self, source, sink, number, direction):
        pending = b""
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                try:
                    sink.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            pending += data
            *whole, pending = pending.split(b"\n")
            for line in whole:
                if b"\x01DCC" in line:
                    text = line.rstrip(b"\r").decode("utf-8", "replace")
                    with self._lock:
                        self.lines.append((time.monotonic() - self._start, number, direction,
                                           text))
            try:
                sink.sendall(data)
            except OSError:
                return

    def text(self):
        with self._lock:
            return "\n".join(f"{t:7.2f} #{n} {d} {line!r}" for t, n, d, line in self.lines)

    def close(self):
        self.listener.close()
        with self._lock:
            for s in self._sockets:
                try:
                    s.close()
                except OSError:
                    pass


# --- lanchat-cli send and receive -----------------------------------------------------------------

class Cli:
    """lanchat-cli send or receive as a child process; its output (standard error: progress and
    results) collected by a thread."""

    def __init__(self, cli, args, name, workdir):
        self.name = name
        if cli[-1].endswith(".exe"):
            # Under Wine, a file or folder as a Windows user types it, on Z: (Wine's drive for
            # the Linux root).
            args = ["Z:" + a.replace("/", "\\") if a.startswith("/") else a for a in args]
        self.args = args
        # The same event loop as the host's.
        self.process = subprocess.Popen(
            list(cli) + args[:1] + ["--loop", cli_loop] + args[1:], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace", cwd=workdir,
            env=dict(os.environ, LANCHAT_PRESENCE="loopback"))
        self._lines = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            with self._lock:
                self._lines.append(line.rstrip("\n"))

    def output(self):
        with self._lock:
            return "\n".join(self._lines)

    def wait_line(self, pattern, what, pump, deadline_s=DEADLINE_S):
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            pump()
            match = re.search(pattern, self.output(), re.MULTILINE)
            if match:
                return match
            if self.process.poll() is not None:
                self._reader.join(5)
                match = re.search(pattern, self.output(), re.MULTILINE)
                if match:
                    return match
                break
        raise Failure(f"lanchat-cli {self.name} did not show {what}:\n{self.output()}")

    def wait_exit(self, pump, deadline_s=DEADLINE_S):
        deadline = time.monotonic() + deadline_s
        while self.process.poll() is None:
            if time.monotonic() >= deadline:
                self.kill()
                checks.bad(f"lanchat-cli {self.name} did not exit within {deadline_s} s:\n"
                           f"{self.output()}")
                return None
            pump()
        self._reader.join(5)
        return self.process.returncode

    def expect_exit(self, wanted, what, pump, deadline_s=DEADLINE_S):
        status = self.wait_exit(pump, deadline_s)
        if status is not None and status != wanted:
            checks.bad(f"{what}: lanchat-cli {self.name} exited with {status}, expected "
                       f"{wanted}:\n{self.output()}")
        return status

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass


# --- A python3-irc DCC peer -----------------------------------------------------------------------

def parse_dcc(body):
    """("SEND", name, [fields after the name]) from a CTCP body without "DCC " (a quoted name
    ends at its last quote, as WeeChat reads it)."""
    kind, _, rest = body.partition(" ")
    rest = rest.lstrip(" ")
    if rest.startswith('"'):
        end = rest.rindex('"')
        return kind.upper(), rest[1:end], rest[end + 1:].split()
    name, _, more = rest.partition(" ")
    return kind.upper(), name, more.split()


class Background(threading.Thread):
    """A function on a thread of its own; its result or exception kept."""

    def __init__(self, function, *args):
        super().__init__(daemon=True)
        self.function, self.args, self.result, self.error = function, args, None, None
        self.start()

    def run(self):
        try:
            self.result = self.function(*self.args)
        except Exception as error:  # reported by finish()
            self.error = error

    def finish(self, pump, what, deadline_s=DEADLINE_S):
        deadline = time.monotonic() + deadline_s
        while self.is_alive() and time.monotonic() < deadline:
            pump()
        if self.is_alive():
            raise Failure(f"{what} did not finish within {deadline_s} s")
        if self.error:
            raise Failure(f"{what}: {self.error!r}")
        return self.result


def send_over(sock, data, start=0):
    """Sends data[start:] and reads the receiver's 32-bit acknowledgements until it has all of
    it, as irssi's sender waits for it; returns (the last acknowledgement or None, what ended
    the wait early: "" when the receiver acknowledged everything)."""
    sock.settimeout(DEADLINE_S)
    sock.sendall(data[start:])
    wanted = len(data) & 0xFFFFFFFF
    buffer, last, ended = b"", None, ""
    while last != wanted:
        try:
            chunk = sock.recv(4096)
        except OSError as error:
            ended = f"{error.strerror or error} (errno {error.errno})"
            break
        if not chunk:
            ended = "the receiver closed"
            break
        buffer += chunk
        while len(buffer) >= 4:
            last, buffer = struct.unpack("!I", buffer[:4])[0], buffer[4:]
    sock.close()
    return last, ended


def receive_over(sock, size, have=b""):
    """Reads until `size` bytes (with `have` at the start), acknowledging the position after
    each read as every client does; returns the bytes."""
    sock.settimeout(DEADLINE_S)
    data = bytearray(have)
    while len(data) < size:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
        sock.sendall(struct.pack("!I", len(data) & 0xFFFFFFFF))
    sock.close()
    return bytes(data)


class PyPeer:
    def __init__(self, clients, nick, port):
        self.clients, self.nick = clients, nick
        clients.listen_for("ctcp", "ctcpreply")
        clients.connect(nick, port)
        clients.wait_for(nick, lambda e: e[0] == "welcome", f"{nick}'s welcome (001)")

    def mark(self):
        return len(self.clients.seen[self.nick])

    def wait_dcc(self, since, kind, what, sender=None):
        """The next CTCP DCC (in a PRIVMSG or a NOTICE) of `kind` after event number `since`;
        returns (sender nick, name, fields)."""
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            self.clients.pump()
            for e in self.clients.seen[self.nick][since:]:
                if e[0] in ("ctcp", "ctcpreply") and e[3] and e[3][0] == "DCC" and len(e[3]) > 1:
                    got = parse_dcc(e[3][1])
                    nick = e[1].split("!")[0]
                    if got[0] == kind and (sender is None or nick == sender):
                        return nick, got[1], got[2]
        raise Failure(f"{self.nick} got no DCC {kind} for {what}; it got "
                      f"{self.clients.seen[self.nick][since:]}")

    def ctcp(self, target, body):
        self.clients[self.nick].ctcp("DCC", target, body)


def quoted(name):
    return f'"{name}"' if " " in name else name


def python_cases(cli, port, pump, work, peer):
    folder = os.path.join(work, "py")
    os.makedirs(folder)
    into = os.path.join(folder, "into")
    os.makedirs(into)

    def receiver(name, *extra):
        run_ = Cli(cli, ["receive", f"127.0.0.1:{port}", "--nick", name, "--into", into,
                         "--timeout", "30"] + list(extra), name, work)
        run_.wait_line(rf"^ready: {name} takes", "that it is ready", pump)
        return run_

    # 1. python offers (active, a name with spaces): LanChat connects to our listener.
    data = file_of(os.path.join(folder, "py offer.bin"), 700_000, 1)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    rx = receiver("lanrecv")
    peer.ctcp("lanrecv", f'SEND "py offer.bin" {LOCALHOST_INT} {listener.getsockname()[1]} '
                         f'{len(data)}')
    listener.settimeout(DEADLINE_S)
    served = Background(lambda: send_over(listener.accept()[0], data))
    last_ack, ended = served.finish(pump, "python's active send")
    listener.close()
    rx.expect_exit(0, "python -> lanchat-cli receive (active)", pump)
    compare(os.path.join(into, "py offer.bin"), data, "python -> lanchat-cli receive (active)")
    checks.expect(not ended, f"python -> lanchat-cli receive (active): the last acknowledgement "
                             f"was {last_ack} of {len(data)} when {ended} (a sender that waits "
                             f"for the whole file's acknowledgement, as irssi's does, sees a "
                             f"failed send)")

    # 2. python offers passive (port 0, a token): LanChat listens and answers; we connect.
    data = file_of(os.path.join(folder, "py-passive.bin"), 500_000, 2)
    rx = receiver("lanrecv")
    since = peer.mark()
    peer.ctcp("lanrecv", f"SEND py-passive.bin 16843009 0 {len(data)} 4242")
    nick, name, fields = peer.wait_dcc(since, "SEND", "LanChat's passive answer", "lanrecv")
    ok = checks.expect(name == "py-passive.bin" and len(fields) == 4 and fields[2:] ==
                       [str(len(data)), "4242"] and fields[0] == str(LOCALHOST_INT),
                       f"python passive -> lanchat-cli receive: the answer is "
                       f"{name!r} {fields}, expected py-passive.bin {LOCALHOST_INT} PORT "
                       f"{len(data)} 4242")
    if ok:
        served = Background(lambda: send_over(
            socket.create_connection(("127.0.0.1", int(fields[1])), timeout=DEADLINE_S), data))
        last_ack, ended = served.finish(pump, "python's passive send")
        checks.expect(not ended, f"python passive -> lanchat-cli receive: the last "
                                 f"acknowledgement was {last_ack} of {len(data)} when {ended}")
    rx.expect_exit(0 if ok else 1, "python passive -> lanchat-cli receive", pump)
    if ok:
        compare(os.path.join(into, "py-passive.bin"), data, "python passive -> lanchat-cli")

    # 3. lanchat-cli send (active) -> python: we connect and take it, acknowledging.
    data = file_of(os.path.join(folder, "to python.bin"), 900_000, 3)
    since = peer.mark()
    tx = Cli(cli, ["send", f"127.0.0.1:{port}", peer.nick, os.path.join(folder, "to python.bin"),
                   "--nick", "lansend", "--timeout", "30"], "send to python", work)
    nick, name, fields = peer.wait_dcc(since, "SEND", "lanchat-cli send's offer", "lansend")
    checks.expect(name == "to python.bin" and fields[0] == str(LOCALHOST_INT) and
                  fields[2] == str(len(data)) and len(fields) == 3,
                  f"lanchat-cli send's active offer: {name!r} {fields}")
    got = Background(lambda: receive_over(
        socket.create_connection(("127.0.0.1", int(fields[1])), timeout=DEADLINE_S),
        len(data))).finish(pump, "python taking lanchat-cli send's file")
    checks.expect(got == data, f"lanchat-cli send -> python: {len(got)} bytes, not the file")
    tx.expect_exit(0, "lanchat-cli send -> python (active)", pump)

    # 4. lanchat-cli send --passive -> python: we listen and answer with the token.
    data = file_of(os.path.join(folder, "passive to python.bin"), 800_000, 4)
    since = peer.mark()
    tx = Cli(cli, ["send", f"127.0.0.1:{port}", peer.nick,
                   os.path.join(folder, "passive to python.bin"), "--passive", "--nick",
                   "lansend", "--timeout", "30"], "send --passive to python", work)
    nick, name, fields = peer.wait_dcc(since, "SEND", "lanchat-cli send --passive's offer",
                                       "lansend")
    if not checks.expect(len(fields) == 4 and fields[1] == "0" and fields[2] == str(len(data)),
                         f"lanchat-cli send --passive's offer: {name!r} {fields}"):
        tx.kill()
    else:
        token = fields[3]
        # irssi (dcc-get.c: atoi, and pasv_id >= 0 marks a passive DCC) and HexChat read the
        # token as a C int: one beyond 2147483647 turns negative, and irssi then takes the offer
        # for an active one to port 0.
        checks.expect(token.isdigit() and 0 <= int(token) <= INT_MAX,
                      f"lanchat-cli send --passive: token {token} does not fit the C int that "
                      f"irssi and HexChat read it into (atoi): irssi takes it for an active offer "
                      f"to port 0")
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(DEADLINE_S)
        peer.ctcp("lansend", f"SEND {quoted(name)} {LOCALHOST_INT} {listener.getsockname()[1]} "
                             f"{len(data)} {token}")
        got = Background(lambda: receive_over(listener.accept()[0], len(data))).finish(
            pump, "python taking lanchat-cli send --passive's file")
        listener.close()
        checks.expect(got == data, f"lanchat-cli send --passive -> python: {len(got)} bytes, "
                                   f"not the file")
        tx.expect_exit(0, "lanchat-cli send --passive -> python", pump)

    # 5. Resume: python has the first 300000 bytes, asks RESUME; LanChat answers ACCEPT.
    data = file_of(os.path.join(folder, "resume.bin"), 1_000_000, 5)
    have = 300_000
    since = peer.mark()
    tx = Cli(cli, ["send", f"127.0.0.1:{port}", peer.nick, os.path.join(folder, "resume.bin"),
                   "--nick", "lansend", "--timeout", "30"], "send to python, resumed", work)
    nick, name, fields = peer.wait_dcc(since, "SEND", "lanchat-cli send's offer to resume",
                                       "lansend")
    offer_port = fields[1]
    since = peer.mark()
    peer.ctcp("lansend", f"RESUME {name} {offer_port} {have}")
    nick, aname, afields = peer.wait_dcc(since, "ACCEPT", "LanChat's ACCEPT", "lansend")
    checks.expect(afields == [offer_port, str(have)],
                  f"lanchat-cli send's ACCEPT: {aname!r} {afields}, expected {offer_port} {have}")
    got = Background(lambda: receive_over(
        socket.create_connection(("127.0.0.1", int(offer_port)), timeout=DEADLINE_S), len(data),
        data[:have])).finish(pump, "python resuming lanchat-cli send's file")
    checks.expect(got == data, f"lanchat-cli send -> python, resumed at {have}: {len(got)} "
                               f"bytes, not the file")
    tx.expect_exit(0, "lanchat-cli send -> python, resumed", pump)
    checks.expect("resuming at 293.0 KiB" in tx.output(),
                  f"lanchat-cli send does not say it resumed:\n{tx.output()}")


# --- WeeChat --------------------------------------------------------------------------------------

class WeeChat:
    def __init__(self, program, port, nick, send_path):
        if not os.access(program, os.X_OK):
            raise Failure(f"{program} not found (Debian package weechat-headless: "
                          "scripts/install-deps.sh test)")
        self.home = tempfile.mkdtemp(prefix="lanchat-weechat-dcc-")
        self.downloads = os.path.join(self.home, "downloads")
        os.makedirs(self.downloads)
        commands = ";".join([
            "/set logger.file.flush_delay 0",
            f"/server add lanchat 127.0.0.1/{port}",
            f'/set irc.server.lanchat.nicks "{nick}"',
            '/set irc.server.lanchat.username "wee"',
            "/set irc.server.lanchat.autoreconnect off",
            "/set irc.server.lanchat.anti_flood_prio_high 0",
            "/set irc.server.lanchat.anti_flood_prio_low 0",
            "/set xfer.network.own_ip 127.0.0.1",
            "/set xfer.file.auto_accept_files on",
            f'/set xfer.file.download_path "{self.downloads}"',
            "/set xfer.file.use_nick_in_filename off",
            "/set xfer.file.convert_spaces off",
            "/set xfer.file.auto_resume on",
            "/set xfer.look.auto_open_buffer off",
            # SIGUSR1: offer a file (the rest of the line is its path: spaces allowed).
            '/set weechat.signal.sigusr1 "/command -buffer irc.server.lanchat irc '
            f'/dcc send lanrecv {send_path}"',
            "/connect lanchat",
        ])
        self.log_path = os.path.join(self.home, "weechat.out")
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [program, "--dir", self.home, "--no-connect", "--plugins", "irc,logger,xfer",
                 "--no-script", "--stdout", "--run-command", commands],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                cwd=self.home, env=dict(os.environ, HOME=self.home, TERM="dumb"))

    def signal(self, number):
        if self.process.poll() is not None:
            raise Failure(f"WeeChat exited early ({self.process.returncode})")
        self.process.send_signal(number)

    def logs(self):
        logs = os.path.join(self.home, "logs")
        text = []
        for path in [self.log_path] + ([os.path.join(logs, n) for n in sorted(os.listdir(logs))]
                                       if os.path.isdir(logs) else []):
            with open(path, errors="replace") as f:
                text.append(f"--- WeeChat {os.path.relpath(path, self.home)}\n" + f.read())
        return "\n".join(text)

    def xfer_result(self, pattern, what, pump):
        """WeeChat's own word on a transfer: the line of its core buffer matching pattern,
        which ends in "OK" or "FAILED"."""
        path = os.path.join(self.home, "logs", "core.weechat.weechatlog")
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            pump()
            try:
                with open(path, errors="replace") as f:
                    match = re.search(pattern + r": (OK|FAILED)$", f.read(), re.MULTILINE)
            except FileNotFoundError:
                match = None
            if match:
                if match.group(1) != "OK":
                    with open(path, errors="replace") as f:
                        checks.bad(f"{what}: WeeChat says FAILED:\n" + "\n".join(
                            line for line in f.read().splitlines() if "xfer:" in line))
                return match.group(1)
        checks.bad(f"{what}: WeeChat did not say how the transfer ended")
        return None

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop_and_report(self):
        self.stop()
        print(self.logs())


def wait_file(path, size, what, pump, gone=None, deadline_s=DEADLINE_S):
    """Waits until path has `size` bytes (and `gone`, a .part, is not there)."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        pump()
        try:
            if os.path.getsize(path) == size and not (gone and os.path.exists(gone)):
                return True
        except OSError:
            pass
    folder = os.path.dirname(path)
    checks.bad(f"{what}: {path} never had {size} bytes (the folder has "
               f"{[(n, os.path.getsize(os.path.join(folder, n))) for n in os.listdir(folder)]})")
    return False


def weechat_cases(program, cli, port, pump, work, cleanup):
    folder = os.path.join(work, "wee")
    os.makedirs(folder)
    into = os.path.join(folder, "into")
    os.makedirs(into)
    wee_file = os.path.join(folder, "wee file.bin")
    wee_data = file_of(wee_file, 1_500_000, 11)
    weechat = WeeChat(program, port, "weenick", wee_file)
    cleanup.append(weechat.stop_and_report)
    deadline = time.monotonic() + DEADLINE_S
    while "weenick registered" not in host_output() and time.monotonic() < deadline:
        pump()
    if "weenick registered" not in host_output():
        raise Failure("WeeChat did not register")

    # 1. WeeChat /dcc send -> lanchat-cli receive (a name with spaces: WeeChat quotes it).
    rx = Cli(cli, ["receive", f"127.0.0.1:{port}", "--nick", "lanrecv", "--into", into,
                   "--timeout", "30"], "receive from WeeChat", work)
    rx.wait_line(r"^ready: lanrecv takes", "that it is ready", pump)
    weechat.signal(signal.SIGUSR1)
    rx.expect_exit(0, "WeeChat /dcc send -> lanchat-cli receive", pump)
    compare(os.path.join(into, "wee file.bin"), wee_data, "WeeChat -> lanchat-cli receive")
    weechat.xfer_result(r"file wee file\.bin sent to lanrecv \(127\.0\.0\.1\)",
                        "WeeChat /dcc send -> lanchat-cli receive", pump)

    # 2. lanchat-cli send -> WeeChat (auto-accepted), a name with spaces.
    data = file_of(os.path.join(folder, "for weechat.bin"), 2_000_000, 12)
    tx = Cli(cli, ["send", f"127.0.0.1:{port}", "weenick",
                   os.path.join(folder, "for weechat.bin"), "--nick", "lansend", "--timeout",
                   "30"], "send to WeeChat", work)
    target = os.path.join(weechat.downloads, "for weechat.bin")
    tx.expect_exit(0, "lanchat-cli send -> WeeChat", pump)
    if wait_file(target, len(data), "lanchat-cli send -> WeeChat", pump, gone=target + ".part"):
        compare(target, data, "lanchat-cli send -> WeeChat")
    weechat.xfer_result(r"file for weechat\.bin received from lansend \(127\.0\.0\.1\)",
                        "lanchat-cli send -> WeeChat", pump)

    # 3. Resume: WeeChat has resume-wee.bin.part (the first 600000 bytes) and asks to go on.
    data = file_of(os.path.join(folder, "resume-wee.bin"), 1_800_000, 13)
    target = os.path.join(weechat.downloads, "resume-wee.bin")
    with open(target + ".part", "wb") as f:
        f.write(data[:600_000])
    tx = Cli(cli, ["send", f"127.0.0.1:{port}", "weenick",
                   os.path.join(folder, "resume-wee.bin"), "--nick", "lansend", "--timeout",
                   "30"], "send to WeeChat, resumed", work)
    tx.expect_exit(0, "lanchat-cli send -> WeeChat, resumed", pump)
    if wait_file(target, len(data), "lanchat-cli send -> WeeChat, resumed", pump,
                 gone=target + ".part"):
        compare(target, data, "lanchat-cli send -> WeeChat, resumed")
    weechat.xfer_result(r"file resume-wee\.bin received from lansend \(127\.0\.0\.1\)",
                        "lanchat-cli send -> WeeChat, resumed", pump)
    checks.expect("resuming at 585.9 KiB" in tx.output(),
                  f"lanchat-cli send -> WeeChat: no resume (WeeChat asked none?):\n{tx.output()}")

    weechat.signal(signal.SIGTERM)
    try:
        weechat.process.wait(timeout=DEADLINE_S)
    except subprocess.TimeoutExpired:
        checks.bad("WeeChat did not exit on SIGTERM")
    if checks.failed:
        print(weechat.logs())
    cleanup.remove(weechat.stop_and_report)
    weechat.stop()
    shutil.rmtree(weechat.home, ignore_errors=True)


# --- irssi ----------------------------------------------------------------------------------------

class Irssi:
    """irssi in a pseudo-terminal of ours, driven by typing (as irssi_tls_test.py does); its
    startup file opens a log of everything it shows and connects to 127.0.0.1:PORT."""

    def __init__(self, program, port, nick):
        if not os.access(program, os.X_OK):
            raise Failure(f"{program} not found (Debian package irssi: scripts/install-deps.sh "
                          "test)")
        self.home = tempfile.mkdtemp(prefix="lanchat-irssi-dcc-")
        self.downloads = os.path.join(self.home, "downloads")
        os.makedirs(self.downloads)
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
                          "/set dcc_autoget on\n"
                          "/set dcc_autoresume on\n"
                          # Only lansend's offers are taken at once: rejectme's waits.
                          "/set dcc_autoget_masks lansend\n"
                          f"/set dcc_download_path {self.downloads}\n"
                          "/set dcc_own_ip 127.0.0.1\n"
                          f"/connect 127.0.0.1 {port}\n")
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
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
        while True:
            try:
                if not os.read(self._master, 4096):
                    return
            except OSError:
                return

    def type(self, command):
        if self.process.poll() is not None:
            raise Failure(f"irssi exited early ({self.process.returncode})")
        os.write(self._master, command.encode() + b"\r")

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_ready(self, pump):
        for attempt in range(1, 31):
            word = f"ready-{attempt}"
            self.type(f"/echo {word}")
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline:
                pump()
                if re.search(rf" {word}$", self.log(), re.MULTILINE):
                    return
        raise Failure("irssi did not take typed commands (/echo never shown)")

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
        self.stop()
        print("--- irssi log\n" + self.log())


def irssi_cases(program, cli, port, pump, work, cleanup):
    folder = os.path.join(work, "irssi")
    os.makedirs(folder)
    into = os.path.join(folder, "into")
    os.makedirs(into)
    irssi = Irssi(program, port, "irnick")
    cleanup.append(irssi.stop_and_report)
    deadline = time.monotonic() + DEADLINE_S
    while "irnick registered" not in host_output() and time.monotonic() < deadline:
        pump()
    if "irnick registered" not in host_output():
        raise Failure("irssi did not register")
    irssi.wait_ready(pump)

    def send_to_irssi(name, size, seed, what, extra=(), have=0, nick="lansend", timeout=20):
        data = file_of(os.path.join(folder, name), size, seed)
        target = os.path.join(irssi.downloads, name)
        if have:
            with open(target, "wb") as f:
                f.write(data[:have])
        tx = Cli(cli, ["send", f"127.0.0.1:{port}", "irnick", os.path.join(folder, name),
                       "--nick", nick, "--timeout", str(timeout)] + list(extra), what, work)
        return data, target, tx

    # 1. lanchat-cli send -> irssi (dcc_autoget), active, a name with spaces.
    data, target, tx = send_to_irssi("for irssi.bin", 1_200_000, 21, "send to irssi")
    tx.expect_exit(0, "lanchat-cli send -> irssi (active)", pump)
    if wait_file(target, len(data), "lanchat-cli send -> irssi (active)", pump):
        compare(target, data, "lanchat-cli send -> irssi (active)")

    # 2. lanchat-cli send --passive -> irssi, taken by typing /dcc get (dcc_autoget leaves
    # offers to a port below 1024 alone, and a passive one has port 0): irssi listens and
    # answers with the token.
    data, target, tx = send_to_irssi("passive-for-irssi.bin", 900_000, 22,
                                     "send --passive to irssi", ["--passive"], timeout=10)
    deadline = time.monotonic() + DEADLINE_S
    while (not re.search(r"DCC SEND from lansend \[127\.0\.0\.1 port 0\]: passive-for-irssi",
                         irssi.log()) and time.monotonic() < deadline):
        pump()
    irssi.type("/dcc get lansend passive-for-irssi.bin")
    status = tx.expect_exit(0, "lanchat-cli send --passive -> irssi (/dcc get)", pump)
    if status == 0 and wait_file(target, len(data), "lanchat-cli send --passive -> irssi", pump):
        compare(target, data, "lanchat-cli send --passive -> irssi")

    # 3. Resume: irssi has the first 400000 bytes of the file (dcc_autoresume asks RESUME).
    data, target, tx = send_to_irssi("resume-irssi.bin", 1_100_000, 23, "send to irssi, resumed",
                                     have=400_000)
    tx.expect_exit(0, "lanchat-cli send -> irssi, resumed", pump)
    if wait_file(target, len(data), "lanchat-cli send -> irssi, resumed", pump):
        compare(target, data, "lanchat-cli send -> irssi, resumed")
    checks.expect("resuming at 390.6 KiB" in tx.output(),
                  f"lanchat-cli send -> irssi: no resume (irssi asked none?):\n{tx.output()}")

    # 4. Declined: an offer irssi does not take at once; /dcc close get sends DCC REJECT.
    data, target, tx = send_to_irssi("declined file.bin", 10_000, 24, "send to irssi, declined",
                                     nick="rejectme")
    tx.wait_line(r"waiting for them", "its offer", pump)
    deadline = time.monotonic() + DEADLINE_S
    while "rejectme" not in irssi.log() and time.monotonic() < deadline:
        pump()
    irssi.type("/dcc close get rejectme")
    status = tx.expect_exit(1, "lanchat-cli send -> irssi, declined", pump)
    checks.expect("DCC_DECLINED" in tx.output(),
                  f"lanchat-cli send -> irssi, declined: DCC_DECLINED not named:\n{tx.output()}")
    checks.expect(not os.path.exists(target), "irssi wrote the declined file")

    # 5. irssi /dcc send -> lanchat-cli receive, active, a name with spaces (irssi quotes it).
    def irssi_sends(name, size, seed, what, command, part=0):
        data = file_of(os.path.join(folder, name), size, seed)
        if part:
            with open(os.path.join(into, name + ".part"), "wb") as f:
                f.write(data[:part])
        rx = Cli(cli, ["receive", f"127.0.0.1:{port}", "--nick", "lanrecv", "--into", into,
                       "--timeout", "20"], what, work)
        rx.wait_line(r"^ready: lanrecv takes", "that it is ready", pump)
        resets = irssi.log().count("Connection reset by peer")
        irssi.type(command.format(path=os.path.join(folder, name)))
        rx.expect_exit(0, what, pump)
        compare(os.path.join(into, name), data, what)
        # irssi's word: "DCC sent file NAME"; a reset before the last acknowledgement shows as
        # irssi's "warning Connection reset by peer".
        deadline = time.monotonic() + 10
        while f"DCC sent file {name} " not in irssi.log() and time.monotonic() < deadline:
            pump()
        checks.expect(f"DCC sent file {name} " in irssi.log(), f"{what}: irssi never said sent")
        checks.expect(irssi.log().count("Connection reset by peer") == resets,
                      f"{what}: irssi's DCC connection was reset (irssi: 'warning Connection "
                      f"reset by peer'): the receiver closed abortively")
        return rx

    irssi_sends("irssi file.bin", 1_000_000, 25, "irssi /dcc send -> lanchat-cli receive",
                '/dcc send lanrecv "{path}"')
    # 6. Passive: irssi offers port 0 and its id; LanChat listens and answers.
    irssi_sends("irssi-passive.bin", 800_000, 26,
                "irssi /dcc send -passive -> lanchat-cli receive",
                "/dcc send -passive lanrecv {path}")
    # 7. The receiver has irssi-resume.bin.part: LanChat asks RESUME, irssi answers ACCEPT.
    rx = irssi_sends("irssi-resume.bin", 900_000, 27,
                     "irssi /dcc send -> lanchat-cli receive, resumed",
                     "/dcc send lanrecv {path}", part=350_000)
    checks.expect("resuming at 341.8 KiB" in rx.output(),
                  f"irssi -> lanchat-cli receive: no resume:\n{rx.output()}")

    irssi.type("/quit dcc done")
    deadline = time.monotonic() + DEADLINE_S
    while irssi.process.poll() is None and time.monotonic() < deadline:
        pump()
    if checks.failed:
        print("--- irssi log\n" + irssi.log())
    cleanup.remove(irssi.stop_and_report)
    irssi.stop()
    shutil.rmtree(irssi.home, ignore_errors=True)


host_output = None
cli_loop = "select"
# --peers: the names it takes, and how they are called in the messages.
PEERS = {"python": "python3-irc", "weechat": "WeeChat", "irssi": "irssi"}


def main(cleanup):
    global host_output, cli_loop
    weechat_program, irssi_program, loop, cli = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    peers = list(PEERS)
    if cli[:1] == ["--peers"]:
        peers, cli = cli[1].split(","), cli[2:]
        if not set(peers) <= set(PEERS):
            raise Failure(f"--peers {','.join(peers)}: the peers are {', '.join(PEERS)}")
    cli_loop = loop
    started = time.monotonic()
    host = Host(cli, loop, ["--tls-port", "off"])
    host_output = host.output
    cleanup.append(lambda: shutil.rmtree(host.workdir, ignore_errors=True))
    cleanup.append(host.kill_and_report)
    wire = WireLog(host.port)
    cleanup.append(lambda: print("--- CTCP DCC lines seen\n" + wire.text()))
    cleanup.append(wire.close)
    work = tempfile.mkdtemp(prefix="lanchat-dcc-")
    cleanup.append(lambda: shutil.rmtree(work, ignore_errors=True))
    clients = Clients()
    peer = PyPeer(clients, "pypeer", wire.port)
    pump = clients.pump

    steps = {"python": lambda: python_cases(cli, wire.port, pump, work, peer),
             "weechat": lambda: weechat_cases(weechat_program, cli, wire.port, pump, work,
                                              cleanup),
             "irssi": lambda: irssi_cases(irssi_program, cli, wire.port, pump, work, cleanup)}
    for name, step in [(PEERS[p], steps[p]) for p in PEERS if p in peers]:
        before = len(checks.failed)
        try:
            step()
        except Failure as failure:  # this client's remaining cases cannot go on
            checks.bad(f"{name}: {failure}")
        print(f"{'PASS' if len(checks.failed) == before else 'FAIL'}: {name} "
              f"({time.monotonic() - started:.1f} s)", flush=True)

    clients["pypeer"].quit("bye")
    host.wait_for_log(r"pypeer left", "pypeer's QUIT")
    host.interrupt()
    checks.expect(host.wait_exit("on Ctrl+C") == 0, "the host did not stop cleanly")
    if checks.failed:
        raise Failure(f"{len(checks.failed)} check(s) failed:\n  - " +
                      "\n  - ".join(checks.failed))
    print("--- CTCP DCC lines seen\n" + wire.text())
    cleanup.clear()
    wire.close()
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(host.workdir, ignore_errors=True)
    names = [PEERS[p] for p in PEERS if p in peers]
    print(f"PASS: DCC between {os.path.basename(cli[-1])} and "
          f"{', '.join(names[:-1]) + ' and ' if len(names) > 1 else ''}{names[-1]} "
          f"({loop} loop, {time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    run(main)
