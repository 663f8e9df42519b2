#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""chat_check.py PORT [CLIENT...]: a chat through the host on 127.0.0.1:PORT.

A raw IRC client (this script, nick "watcher") joins #lan; then CLIENT (a lanchat-cli, with any
emulator in front) joins as "pkgtest" and says one line there from its standard input, which the
watcher must receive. Without CLIENT a second raw client says it. Exit status 0 when it arrived.
"""
import socket
import subprocess
import sys
import time

port = int(sys.argv[1])
client = sys.argv[2:]
text = "hello from the package test"


def connect(nick):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    f = s.makefile("r", encoding="utf-8", errors="replace", newline="\r\n")
    s.sendall(f"NICK {nick}\r\nUSER {nick} 0 * :package test\r\n".encode())
    return s, f


def wait_for(s, f, pred, what):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = f.readline()
        if not line:
            break
        line = line.rstrip("\r\n")
        print("watcher <", line, flush=True)
        if line.startswith("PING"):
            s.sendall(("PONG" + line[4:] + "\r\n").encode())
        if pred(line):
            return line
    sys.exit(f"chat_check: no {what}")


s, f = connect("watcher")
wait_for(s, f, lambda l: " 001 " in l, "welcome")
s.sendall(b"JOIN #lan\r\n")
wait_for(s, f, lambda l: " 366 " in l, "end of the names list")

status = 0
if client:
    out = subprocess.run(client + ["join", f"127.0.0.1:{port}", "--nick", "pkgtest",
                                   "--no-reconnect", "--presence", "off"],
                         input=text + "\n", capture_output=True, text=True, timeout=120)
    print("client exit status", out.returncode)
    print(out.stdout.replace("\r", ""), out.stderr.replace("\r", ""), flush=True)
    status = out.returncode
else:
    c, cf = connect("pkgtest")
    wait_for(c, cf, lambda l: " 001 " in l, "welcome for pkgtest")
    c.sendall(f"JOIN #lan\r\nPRIVMSG #lan :{text}\r\nQUIT :done\r\n".encode())
wait_for(s, f, lambda l: l.startswith(":pkgtest") and f"PRIVMSG #lan :{text}" in l, "message")
s.sendall(b"QUIT :done\r\n")
if status != 0:
    sys.exit("chat_check: the client failed")
print("chat: OK")
