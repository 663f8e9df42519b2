#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS interop (issue 16): LanChat's client (lanchat-cli join) with InspIRCd 3 and its
m_ssl_gnutls module (Debian's inspircd), on loopback.

InspIRCd runs in the foreground with a configuration of ours in a temporary folder: a plain port
and a TLS port on 127.0.0.1, with a self-signed certificate made by the openssl CLI for this run.

1. Pinned to another fingerprint, lanchat-cli join refuses InspIRCd's certificate
   (TLS_FINGERPRINT_CHANGED, naming the certificate's real fingerprint) and exits non-zero; with
   no pin and no remembered certificate it refuses it too (TLS_UNKNOWN_CERTIFICATE), and
   remembers nothing. Neither registers: a python3-irc client in the room never sees them join,
   and InspIRCd's WHOWAS has never heard of their nicks (while it knows a python client that
   registered and left).
2. lanchat-cli join --tls-fingerprint FP (FP: the certificate's SHA-256 fingerprint as openssl
   prints it) says the session is TLS 1.2 or 1.3, with a cipher, pinned to FP; joins #lan; and
   chats, in the room and privately, both ways with the python3-irc client on the plain port.
   InspIRCd (m_sslinfo) says in its WHOIS replies that the client's connection is secure, and
   the python client's is not. At the end of its input lanchat-cli QUITs and exits 0.

    inspircd_tls_test.py INSPIRCD LANCHAT_CLI...
"""

import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_support import (Clients, Daemon, Failure, free_loopback_port,  # noqa: E402
                             make_test_certificate, other_fingerprint, run, wait_for_exit)
from lanchat_client_test import Joiner  # noqa: E402

ROOM = "#lan"


class InspIRCd(Daemon):
    """InspIRCd 3 in the foreground (--nofork), listening on 127.0.0.1 only, with no DNS or
    ident lookups; it logs to inspircd.log in its folder (and dumps a core there, if ever)."""

    def __init__(self, program, workdir, cert, key):
        if not os.access(program, os.X_OK):
            raise Failure(f"{program} not found (Debian package inspircd: "
                          "scripts/install-deps.sh test)")
        self.port, self.tls_port = free_loopback_port(), free_loopback_port()
        self.log = os.path.join(workdir, "inspircd.log")
        config = os.path.join(workdir, "inspircd.conf")
        with open(os.path.join(workdir, "motd"), "w") as motd:
            motd.write("InspIRCd for the LanChat interop test\n")
        with open(config, "w") as conf:
            conf.write(f"""<server name="inspircd.test" description="LanChat interop test"
        network="InteropNet">
<admin name="LanChat test" nick="test" email="test@127.0.0.1">
<module name="ssl_gnutls">
<module name="sslinfo">
<sslprofile name="Clients" provider="gnutls" certfile="{cert}" keyfile="{key}" dhfile=""
            hash="sha256" requestclientcert="no">
<bind address="127.0.0.1" port="{self.port}" type="clients">
<bind address="127.0.0.1" port="{self.tls_port}" type="clients" sslprofile="Clients">
<connect allow="*" timeout="60" pingfreq="120" localmax="50" globalmax="50"
         resolvehostnames="no" useident="no">
<dns server="127.0.0.1" timeout="1">
<files motd="{workdir}/motd">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="{self.log}">
<options prefixquit="Quit: ">
""")
        args = [program, "--config", config, "--nofork", "--nopid"]
        if os.geteuid() == 0:
            args.append("--runasroot")  # it refuses root otherwise; the test may run as root
        super().__init__("InspIRCd", args, self.port, workdir)

    def report(self):
        print("--- InspIRCd output\n" + self.output())
        try:
            with open(self.log, errors="replace") as f:
                print("--- InspIRCd log\n" + "".join(
                    line for line in f if " MODULE: " not in line))
        except FileNotFoundError:
            pass


def joiner(cli, server, workdir, nick, extra):
    """lanchat-cli join to InspIRCd's TLS port, its remembered certificates (XDG state) kept in
    the test's folder."""
    return Joiner(cli, server.tls_port, nick=nick, extra=extra,
                  env={"XDG_STATE_HOME": os.path.join(workdir, "xdg-state")})


def pinned_chat(cli, server, workdir, fingerprint, clients):
    alice = joiner(cli, server, workdir, "alice", ["--tls-fingerprint", fingerprint])
    try:
        alice.wait_for("-!- TLS: ", "its TLS session line", pump=clients.pump)
        line = next(line for line in alice.lines if "-!- TLS: " in line)
        match = re.search(r"-!- TLS: (TLSv1\.[23]), (\S+); the host's certificate SHA256 "
                          r"([0-9A-F:]{95}) \(pinned\)$", line)
        if not match:
            raise Failure(f"lanchat-cli's TLS line does not say TLS 1.2/1.3, a cipher and the "
                          f"pinned certificate: {line!r}")
        if match.group(3) != fingerprint:
            raise Failure(f"lanchat-cli saw certificate {match.group(3)}, InspIRCd's is "
                          f"{fingerprint}")
        alice.wait_for(f"{ROOM} --> you joined", "its join over TLS", pump=clients.pump)
        clients.wait_for("pybob", lambda e: e[0] == "join" and e[1].startswith("alice!") and
                         e[2] == ROOM, "alice's join")

        alice.type("over TLS to InspIRCd \u00e9\u2713")
        clients.wait_for("pybob", lambda e: e[0] == "pubmsg" and e[1].startswith("alice!") and
                         e[3] == ["over TLS to InspIRCd \u00e9\u2713"],
                         "alice's room message through InspIRCd's TLS port")
        clients["pybob"].privmsg(ROOM, "from the plain port")
        alice.wait_for(f"{ROOM} <pybob> from the plain port", "pybob's room message",
                       pump=clients.pump)
        alice.type("/msg pybob privately over TLS")
        clients.wait_for("pybob", lambda e: e[0] == "privmsg" and e[1].startswith("alice!") and
                         e[3] == ["privately over TLS"], "alice's private message")
        clients["pybob"].privmsg("alice", "private reply in the clear")
        alice.wait_for("*pybob* private reply in the clear", "pybob's private message",
                       pump=clients.pump)

        # InspIRCd's own view: alice's connection is TLS (671, from m_sslinfo), pybob's is not.
        clients["pybob"].whois(["alice"])
        clients.wait_for("pybob", lambda e: e[0] == "endofwhois" and e[3][:1] == ["alice"],
                         "the WHOIS reply for alice")
        clients["pybob"].whois(["pybob"])
        clients.wait_for("pybob", lambda e: e[0] == "endofwhois" and e[3][:1] == ["pybob"],
                         "the WHOIS reply for pybob")
        secure = [e[3][0] for e in clients.events("pybob", "671")]
        if secure != ["alice"]:
            raise Failure(f"InspIRCd's WHOIS says these use a secure connection: {secure}, "
                          "expected alice only")
        alice.type("/whois alice")
        alice.wait_for("alice is using a secure connection", "InspIRCd's 671 for itself",
                       pump=clients.pump)

        # At the end of its input it QUITs: InspIRCd closes the link, and lanchat-cli must
        # take that as the end it asked for and exit 0.
        alice.end_input("at the end of its input", pump=clients.pump)
        clients.wait_for("pybob", lambda e: e[0] == "quit" and e[1].startswith("alice!"),
                         "alice's QUIT")
        if "connection lost" in alice.output():
            raise Failure("lanchat-cli lost its connection to InspIRCd")
    except Failure as failure:
        if alice.output() not in str(failure):
            print("--- lanchat-cli join (pinned) output\n" + alice.output())
        raise
    finally:
        alice.kill()


def refused(cli, server, workdir, fingerprint, clients, nick, extra, code):
    """lanchat-cli join with these options must refuse the certificate (code in its output,
    with the real fingerprint), exit non-zero, and never register."""
    client = joiner(cli, server, workdir, nick, extra + ["--no-reconnect"])
    try:
        status = wait_for_exit(client.process, f"lanchat-cli join ({code})", pump=clients.pump)
        if status == 0:
            raise Failure(f"lanchat-cli join ({' '.join(extra)}) exited 0")
        # Its last lines may still be in the pipe: wait_for with a pump waits for them.
        client.wait_for(code, f"the refusal {code}", pump=clients.pump)
        client.wait_for(fingerprint, "InspIRCd's certificate's fingerprint in the refusal",
                        pump=clients.pump)
        output = client.output()
        for sign in ("-!- Welcome", f"{ROOM} --> you joined", "-!- TLS: "):
            if sign in output:
                raise Failure(f"lanchat-cli showed '{sign}' though it refused the certificate")
    except Failure as failure:
        if client.output() not in str(failure):
            print(f"--- lanchat-cli join ({code}) output\n" + client.output())
        raise
    finally:
        client.kill()
    print(f"  lanchat-cli {' '.join(extra)}: exit {status}, {code}")


def never_registered(clients, port, nicks):
    """InspIRCd's WHOWAS remembers every nick that registered and left: none of nicks (but
    pycarol, a python client that registers and quits first, so that the check can tell). And
    pybob, in the room, saw none of nicks join."""
    clients.connect("pycarol", port)
    clients.wait_for("pycarol", lambda e: e[0] == "welcome", "the welcome")
    clients["pycarol"].quit("registered and gone")
    clients.wait_for("pycarol", lambda e: e[0] == "disconnect", "its disconnection")
    for nick in nicks + ["pycarol"]:
        clients["pybob"].whowas(nick)
        clients.wait_for("pybob", lambda e: e[0] == "endofwhowas" and e[3][:1] == [nick],
                         f"the WHOWAS reply for {nick}")
    known = {e[3][0] for e in clients.events("pybob", "whowasuser")}
    unknown = {e[3][0] for e in clients.events("pybob", "wasnosuchnick")}
    if "pycarol" not in known:
        raise Failure("InspIRCd's WHOWAS does not know pycarol, who registered: the check "
                      "cannot tell")
    for nick in nicks:
        if nick in known or nick not in unknown:
            raise Failure(f"InspIRCd's WHOWAS knows {nick}: it registered without the pin")
    joined = [e[1] for e in clients.events("pybob", "join") if e[1].split("!")[0] in nicks]
    if joined:
        raise Failure(f"pybob saw {joined} join")


def main(cleanup):
    program, cli = sys.argv[1], sys.argv[2:]
    workdir = tempfile.mkdtemp(prefix="lanchat-inspircd-")
    cleanup.append(lambda: shutil.rmtree(workdir, ignore_errors=True))
    cert, key, fingerprint = make_test_certificate(workdir, "inspircd.test")
    server = InspIRCd(program, workdir, cert, key)
    cleanup.append(server.stop)
    cleanup.append(server.report)
    clients = Clients()
    clients.listen_for("671", "endofwhois", "whowasuser", "wasnosuchnick", "endofwhowas")

    clients.connect("pybob", server.port)
    clients.wait_for("pybob", lambda e: e[0] == "welcome", "the welcome on the plain port")
    clients["pybob"].join(ROOM)
    clients.wait_for("pybob", lambda e: e[0] == "endofnames", "its own join")

    refused(cli, server, workdir, fingerprint, clients, "mallory",
            ["--tls-fingerprint", other_fingerprint(fingerprint)], "TLS_FINGERPRINT_CHANGED")
    refused(cli, server, workdir, fingerprint, clients, "trudy", ["--tls"],
            "TLS_UNKNOWN_CERTIFICATE")
    never_registered(clients, server.port, ["mallory", "trudy"])
    if os.path.exists(os.path.join(workdir, "xdg-state", "lanchat", "known-tls-hosts")):
        raise Failure("lanchat-cli remembered a certificate it refused")
    print("PASS: lanchat-cli join refused InspIRCd's certificate with a wrong pin and with no "
          "pin, and never registered")

    pinned_chat(cli, server, workdir, fingerprint, clients)
    print(f"PASS: lanchat-cli join pinned to InspIRCd's certificate ({fingerprint}), "
          "chatting with a python3-irc client on the plain port")

    clients["pybob"].quit("bye")
    cleanup.clear()
    server.stop()
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    run(main)
