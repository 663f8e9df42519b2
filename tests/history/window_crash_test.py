#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 7's crash test with the real program: `lanchat` (offscreen) joins a `lanchat-cli host`
on loopback; a raw client pours 1,000 messages into #lan; once the window has shown some of
them, it is killed with SIGKILL. Every line it had shown (LANCHAT_SHOWN_LOG, written as each
line is drawn) must be in its history file, except those the window marks as shown before they
were stored: the hold-back waits for the history at most a bounded time (ui/chat/holdback.h),
so on a stalled disk a line may show first and be stored later (none should be, here).

    window_crash_test.py LANCHAT LANCHAT_CLI
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

DEADLINE_S = 60
EARLY = "[shown before stored] "  # ui/chat/holdback.cpp


def fail(message, *outputs):
    print("FAIL: " + message)
    for name, text in outputs:
        print(f"--- {name}\n{text}")
    sys.exit(1)


def wait_for(predicate, what, deadline_s=DEADLINE_S):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(what)


def main():
    gui, cli = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="lanchat-crash-")
    env = dict(os.environ, LANCHAT_PRESENCE="loopback", QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=os.path.join(work, "config"),
               XDG_DATA_HOME=os.path.join(work, "data"),
               LANCHAT_SHOWN_LOG=os.path.join(work, "shown.log"))
    config = os.path.join(work, "host.toml")
    with open(config, "w") as f:
        f.write("[limits]\nflood_lines_per_second = 0\n")  # a burst, not a flood to cut off
    host = subprocess.Popen([cli, "host", "--port", "0", "--bind", "127.0.0.1", "--presence",
                             "off", "--state-dir", os.path.join(work, "state"), "--config",
                             config],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    port = None
    start = time.monotonic()
    while port is None and time.monotonic() - start < DEADLINE_S:
        line = host.stdout.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if match:
            port = int(match.group(1))
    if port is None:
        host.kill()
        fail("the host did not start")
    window = subprocess.Popen([gui, "--nick", "watcher", "--presence", "off", "--no-restore",
                               "--join", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        shown = os.path.join(work, "shown.log")

        def shown_lines():
            try:
                with open(shown, encoding="utf-8") as f:
                    return f.read().splitlines()
            except FileNotFoundError:
                return []

        # The window is in #lan once the host's log says so.
        start = time.monotonic()
        joined = False
        while not joined and time.monotonic() - start < DEADLINE_S:
            line = host.stdout.readline()
            joined = "watcher joined #lan" in line
        if not joined:
            raise TimeoutError("the window joining #lan")
        sender = socket.create_connection(("127.0.0.1", port))
        sender.sendall(b"NICK pourer\r\nUSER pourer 0 * :Pourer\r\nJOIN #lan\r\n")
        wait_for(lambda: any("--> pourer joined" in l for l in shown_lines()),
                 "the window showing the pourer's join")
        def pour():
            # About 1,000 messages/s: the window is killed while they are still coming in.
            for i in range(1000):
                sender.sendall(f"PRIVMSG #lan :burst message {i:04d}\r\n".encode())
                if i % 10 == 9:
                    time.sleep(0.01)

        pourer = threading.Thread(target=pour, daemon=True)
        pourer.start()
        wait_for(lambda: sum("burst message" in l for l in shown_lines()) >= 200,
                 "the window showing 200 of the burst")
        window.send_signal(signal.SIGKILL)
        window.wait(timeout=DEADLINE_S)
        seen = [l for l in shown_lines() if "burst message" in l]
        early = [l for l in seen if l.startswith(EARLY)]
        seen = [l for l in seen if not l.startswith(EARLY)]
        # The history of the default profile, where the program keeps it.
        path = os.path.join(work, "data", "LanChat", "LanChat", "history", "default.sqlite")
        if not os.path.exists(path):
            fail(f"no history file at {path}; data folder: {list(os.walk(env['XDG_DATA_HOME']))}")
        with sqlite3.connect(path) as db:
            stored = {row[0] for row in db.execute("SELECT text FROM messages")}
        if len(seen) >= 1000:
            fail("the window had shown the whole burst before it was killed: not a test of a "
                 "crash mid-burst")
        missing = [l for l in seen if l not in stored]
        if missing:
            fail(f"{len(missing)} of {len(seen)} lines the window had shown are not in its "
                 f"history, e.g. {missing[:3]}")
        print(f"PASS: killed after showing {len(seen)} of 1,000; all {len(seen)} are in the "
              f"history ({len(stored)} lines stored); {len(early)} shown before they were stored")
    except TimeoutError as error:
        window.kill()
        out = window.communicate(timeout=10)[0].decode(errors="replace")
        fail(f"timed out waiting for {error}", ("window", out))
    finally:
        if window.poll() is None:
            window.kill()
        host.kill()


if __name__ == "__main__":
    main()
