# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS with software we did not write, on loopback (issue 16):

1. Python's ssl and irc libraries join a LanChat host's TLS port, check the certificate's
   SHA-256 fingerprint against the one the host printed (pinning, as irssi and WeeChat do), and
   chat with a plain python3-irc client on the plain port.
2. A client that offers only TLS 1.1 is refused, and the host logs why.
3. LanChat's client (lanchat-cli join --tls) joins ngircd's TLS port, with the certificate and
   key a LanChat host made given to ngircd, pinned by its fingerprint, and chats there.

    tls_test.py NGIRCD LOOP CLI...
"""

import hashlib
import os
import shutil
import socket
import ssl
import sys
import tempfile
import warnings

import irc.connection

sys.path.insert(0, os.path.dirname(__file__))
from interop_support import DEADLINE_S, Clients, Failure, Host, run  # noqa: E402
from lanchat_client_test import Joiner, Ngircd  # noqa: E402


def fingerprint_of(der):
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def tls_factory(context):
    return irc.connection.Factory(
        wrapper=lambda sock: context.wrap_socket(sock, server_hostname="127.0.0.1"))


def unverified_context():
    """As a pinning client does: the certificate is checked by its fingerprint, not a CA."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def python_clients_over_tls(host, tls_port, fingerprint):
    clients = Clients()
    clients.connect("pytls", tls_port, factory=tls_factory(unverified_context()))
    clients.connect("pyplain", host.port)
    clients.wait_for("pytls", lambda e: e[0] == "welcome", "the welcome over TLS")
    clients.wait_for("pyplain", lambda e: e[0] == "welcome", "the welcome in the clear")
    sock = clients["pytls"].socket
    seen = fingerprint_of(sock.getpeercert(binary_form=True))
    if seen != fingerprint:
        raise Failure(f"the TLS port's certificate is {seen}, the host printed {fingerprint}")
    if sock.version() not in ("TLSv1.3", "TLSv1.2"):
        raise Failure(f"negotiated {sock.version()}")
    clients["pyplain"].join("#lan")
    clients.wait_for("pyplain", lambda e: e[0] == "endofnames", "its own join")
    clients["pytls"].join("#lan")
    clients.wait_for("pyplain", lambda e: e[0] == "join" and e[1].startswith("pytls!"),
                     "pytls's join")
    clients["pytls"].privmsg("#lan", "sealed \u2713")
    clients.wait_for("pyplain", lambda e: e[0] == "pubmsg" and e[3] == ["sealed \u2713"],
                     "the TLS client's message")
    clients["pyplain"].privmsg("pytls", "open reply")
    clients.wait_for("pytls", lambda e: e[0] == "privmsg" and e[3] == ["open reply"],
                     "the plain client's private message")
    host.wait_for_log(r"TLS from 127\.0\.0\.1:\d+: TLSv1\.[23], ", "the TLS session in its log")
    return clients


def old_tls_refused(host, tls_port):
    context = unverified_context()
    with warnings.catch_warnings():  # TLS 1.1 is deprecated: that is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        context.maximum_version = ssl.TLSVersion.TLSv1_1
    try:
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    except ssl.SSLError:
        pass
    with socket.create_connection(("127.0.0.1", tls_port), timeout=DEADLINE_S) as raw:
        try:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
                raise Failure(f"a TLS 1.1 client was accepted ({sock.version()})")
        except (ssl.SSLError, ConnectionError, OSError) as error:
            if isinstance(error, Failure):
                raise
    host.wait_for_log(r"TLS refused for 127\.0\.0\.1: .*(version|protocol)",
                      "why the TLS 1.1 client was refused")


def ngircd_tls(ngircd_program, cli, identity_dir, fingerprint):
    """ngircd with the LanChat host's certificate on a TLS port; lanchat-cli joins it pinned."""
    server = Ngircd(ngircd_program, tls_files=(os.path.join(identity_dir, "tls-certificate.pem"),
                                               os.path.join(identity_dir, "tls-key.pem")))
    alice = None
    clients = Clients()
    try:
        alice = Joiner(cli, server.tls_port, nick="alice",
                       extra=["--tls-fingerprint", fingerprint])
        alice.wait_for("(pinned)", "the pinned TLS session with ngircd")
        alice.wait_for("#lan --> you joined", "its join over TLS")
        clients.connect("pybob", server.port)
        clients.wait_for("pybob", lambda e: e[0] == "welcome", "the welcome")
        clients["pybob"].join("#lan")
        alice.wait_for("#lan --> pybob joined", "pybob's join", pump=clients.pump)
        alice.type("over TLS to ngircd")
        clients.wait_for("pybob", lambda e: e[0] == "pubmsg" and e[3] == ["over TLS to ngircd"],
                         "alice's message through ngircd's TLS port")
        alice.type("/whois alice")
        alice.wait_for("alice is using a secure connection (TLS)", "ngircd's 671 for alice",
                       pump=clients.pump)
        alice.end_input("at the end of its input", pump=clients.pump)
    except Failure:
        print("--- ngircd output\n" + server.output())
        if alice:
            print("--- lanchat-cli output\n" + alice.output())
        raise
    finally:
        if alice:
            alice.kill()
        server.stop()


def main(cleanup):
    ngircd_program, loop, cli = sys.argv[1], sys.argv[2], sys.argv[3:]
    workdir = tempfile.mkdtemp(prefix="lanchat-tls-interop-")
    cleanup.append(lambda: shutil.rmtree(workdir, ignore_errors=True))
    host = Host(cli, loop, workdir=workdir)
    cleanup.append(host.kill_and_report)
    match = host.wait_for_log(
        r"TLS on 127\.0\.0\.1:(\d+); the certificate's SHA-256 fingerprint, for clients to "
        r"check: ([0-9A-F:]{95})", "its TLS port and fingerprint")
    tls_port, fingerprint = int(match.group(1)), match.group(2)
    clients = python_clients_over_tls(host, tls_port, fingerprint)
    old_tls_refused(host, tls_port)
    for connection in (clients["pytls"], clients["pyplain"]):
        connection.quit("bye")
    host.interrupt()
    if host.wait_exit("on Ctrl+C") != 0:
        raise Failure("the host did not exit 0")
    cleanup.remove(host.kill_and_report)
    print(f"PASS: python3-irc over TLS with a LanChat host ({loop} loop)")
    ngircd_tls(ngircd_program, cli, os.path.join(workdir, "state"), fingerprint)
    print("PASS: LanChat's client with ngircd over TLS, pinned")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    run(main)
