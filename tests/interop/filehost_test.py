#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Interop: FILEHOST (issue 17) with Python's http.client (software we did not write) against a
real `lanchat-cli host` whose configuration file turns the file host on (filehost_port = 0):
the host prints its upload URL; an IRC client registered over a raw socket finds it in ISUPPORT
as soju.im/FILEHOST and draft/FILEHOST; OPTIONS names POST; a POST from the same address (the
LAN rule: someone there is in the chat) gets 201 Created with a Location, whose GET gives the
same bytes with the type and headers expected; once the IRC client has left, a POST is refused
(403). Linux only: the Windows build has no file host.

    filehost_test.py LOOP LANCHAT_CLI...
"""

import http.client
import os
import re
import socket
import sys
import time
import urllib.parse

from interop_support import DEADLINE_S, Failure, Host, run


def read_registration(sock):
    """The lines up to the end of the MOTD (376 or 422)."""
    sock.settimeout(DEADLINE_S)
    data = b""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        chunk = sock.recv(4096)
        if not chunk:
            raise Failure("the host closed the IRC connection during registration")
        data += chunk
        lines = data.decode("utf-8", "replace").split("\r\n")
        if any(re.match(r"^:\S+ (376|422) ", line) for line in lines):
            return lines
    raise Failure("no end of the MOTD within the deadline")


def post(port, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE_S)
    connection.request("POST", "/upload", body=body, headers=headers)
    response = connection.getresponse()
    result = (response.status, dict(response.getheaders()), response.read())
    connection.close()
    return result


def main(cleanup):
    loop = sys.argv[1]
    cli = sys.argv[2:]
    workdir = None
    import tempfile
    workdir = tempfile.mkdtemp(prefix="lanchat-filehost-")
    with open(os.path.join(workdir, "host.toml"), "w", encoding="utf-8") as config:
        config.write('filehost_port = 0\nfilehost_dir = "files"\nfilehost_max_file_mb = 2\n')
    host = Host(cli, loop, ["--config", "host.toml"], workdir=workdir)
    cleanup.append(host.kill_and_report)
    match = host.wait_for_log(r"files: upload at (http://127\.0\.0\.1:(\d+)/upload)",
                              "its upload URL")
    url, port = match.group(1), int(match.group(2))

    irc = socket.create_connection(("127.0.0.1", host.port), timeout=DEADLINE_S)
    irc.sendall(b"NICK ada\r\nUSER ada 0 * :Ada\r\n")
    lines = read_registration(irc)
    isupport = " ".join(line for line in lines if re.match(r"^:\S+ 005 ada ", line))
    for token in ("soju.im/FILEHOST=" + url, "draft/FILEHOST=" + url):
        if f" {token} " not in isupport:
            raise Failure(f"ISUPPORT lacks {token}: {isupport}")

    options = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE_S)
    options.request("OPTIONS", "/upload")
    answer = options.getresponse()
    answer.read()
    if answer.status != 204 or "POST" not in (answer.getheader("Allow") or ""):
        raise Failure(f"OPTIONS /upload: {answer.status} {answer.getheaders()}")
    options.close()

    content = os.urandom(300 * 1024)
    status, headers, body = post(port, content, {
        "Content-Type": "image/png",
        "Content-Disposition": 'attachment; filename="cat picture.png"'})
    if status != 201 or "Location" not in headers:
        raise Failure(f"POST /upload: {status} {headers} {body[:200]!r}")
    location = headers["Location"]
    parsed = urllib.parse.urlsplit(location)
    if parsed.netloc != f"127.0.0.1:{port}" or not parsed.path.startswith("/files/"):
        raise Failure(f"an unexpected Location: {location}")

    fetch = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE_S)
    fetch.request("GET", parsed.path)
    got = fetch.getresponse()
    data = got.read()
    if got.status != 200 or data != content:
        raise Failure(f"GET {parsed.path}: {got.status}, {len(data)} bytes, same: {data == content}")
    expected = {"Content-Type": "image/png", "X-Content-Type-Options": "nosniff",
                "Content-Disposition": 'inline; filename="cat picture.png"'}
    for name, value in expected.items():
        if got.getheader(name) != value:
            raise Failure(f"GET: {name} is {got.getheader(name)!r}, not {value!r}")
    fetch.close()
    if not os.listdir(os.path.join(workdir, "files")):
        raise Failure("nothing in the files folder")

    status, headers, body = post(port, b"x" * (3 << 20), {"Content-Type": "text/plain"})
    if status != 413:
        raise Failure(f"a 3 MiB POST with a 2 MiB limit: {status}, not 413")

    # Without anyone in the chat from here, uploads are refused.
    irc.sendall(b"QUIT :bye\r\n")
    irc.close()
    deadline = time.monotonic() + DEADLINE_S
    while True:
        status, headers, body = post(port, b"late", {"Content-Type": "text/plain"})
        if status == 403:
            break
        if time.monotonic() > deadline:
            raise Failure(f"a POST after the IRC client left: {status}, not 403")
        time.sleep(0.1)

    host.interrupt()
    if host.wait_exit("after Ctrl+C") != 0:
        raise Failure(f"the host exited {host.process.returncode}")
    print("PASS: filehost upload, link, ISUPPORT and refusals with http.client")


if __name__ == "__main__":
    run(main)
