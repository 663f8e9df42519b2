#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lanchat-cli with TLS, on loopback (issue 16): a host makes its own certificate on first start
# (the key readable by its owner only) and prints its fingerprint; lanchat-cli join --tls
# refuses the unknown certificate and says how to accept it; --tls-fingerprint pins it;
# --tls-trust-on-first-use accepts and remembers it, and a changed certificate is then refused
# with a warning; --no-plain leaves no plain port; --tls-port off leaves no TLS port.
#
#   tls_cli_test.sh HOST_CLI CLI [EMULATOR...]
#
# The hosts are HOST_CLI's, the clients CLI's: for the Windows build, the .exe under Wine
# (Schannel) joins a native (OpenSSL) host, since Wine's Schannel cannot serve TLS.
set -uo pipefail

cli=$1
client=$2
shift 2
run=("$@" "$client")
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export XDG_STATE_HOME="$work/client-state"

fail() {
    echo "FAIL: $*"
    for f in "$work"/*.out; do [[ -f $f ]] && { echo "--- $f"; cat "$f"; }; done
    exit 1
}

start_host() { # NAME STATE ARGS...: starts a host, sets $tls_port, $plain_port, $fingerprint
    local name=$1 state=$2
    shift 2
    "$cli" host --port 0 --bind 127.0.0.1 --state-dir "$state" "$@" >"$name.out" 2>&1 &
    pids+=($!)
    tls_port=
    for _ in $(seq 1 300); do
        tls_port=$(sed -n 's/.*TLS on 127\.0\.0\.1:\([0-9]*\);.*/\1/p' "$name.out" | head -1)
        [[ -n $tls_port ]] && break
        sleep 0.1
    done
    [[ -n $tls_port ]] || fail "host $name did not start with TLS"
    plain_port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) with.*/\1/p' "$name.out" | head -1)
    fingerprint=$(sed -n 's/.*for clients to check: \([0-9A-F:]*\)$/\1/p' "$name.out" | head -1)
    [[ ${#fingerprint} -eq 95 ]] || fail "host $name printed no fingerprint"
}

# How long a client gets to connect, shake hands and join before it says hello and quits: a
# Windows client under Wine starts slowly (seconds on a loaded machine), and a /quit typed
# before it has connected ends it before its handshake (and what the test looks for).
pace=1
[[ $# -gt 0 ]] && pace=5

join() { # NAME NICK ARGS...: a short session that says hello in #lan
    local name=$1 nick=$2
    shift 2
    (sleep "$pace"; echo "hello from $nick"; sleep 0.5; echo "/quit") |
        timeout 40 "${run[@]}" join --nick "$nick" "$@" >"$name.out" 2>&1
}

# 1. The host's own certificate, kept; its key private.
start_host first hoststate
[[ -f hoststate/tls-certificate.pem && -f hoststate/tls-key.pem ]] ||
    fail "the certificate is not kept in the state folder"
[[ $(stat -c %a hoststate/tls-key.pem) == 600 ]] || fail "the key is readable by others"
grep -q "made the host's own TLS certificate" first.out || fail "the new certificate is not said"

# 2. Unknown: refused, with the fingerprint and what to do.
join unknown ada "127.0.0.1:$tls_port" --tls
[[ $? -ne 0 ]] || fail "an unknown certificate was accepted"
grep -q "TLS_UNKNOWN_CERTIFICATE\|not trusted" unknown.out || fail "the refusal does not say why"
grep -q -- "--tls-fingerprint $fingerprint" unknown.out || fail "no advice with the fingerprint"

# 3. Pinned: chats (an ircs:// target, port given).
join pinned ada "ircs://127.0.0.1:$tls_port" --tls-fingerprint "$(echo "$fingerprint" | tr -d : | tr A-F a-f)"
grep -q "you joined" pinned.out || fail "the pinned client did not join"
grep -q "(pinned)" pinned.out || fail "the pin is not said"

# 3b. The same on each of the client's event loops (select and epoll; select and asyncselect for
# the Windows client), traced: the handshake's steps are in the trace (OpenSSL names them; a
# Schannel client reads them from the records), and the end with the version.
loops=$("${run[@]}" join --help 2>&1 | sed -n 's/.*--loop TEXT:{\([a-z,]*\)}.*/\1/p' | head -1)
[[ -n $loops ]] || fail "join --help names no event loops"
for loop in ${loops//,/ }; do
    join "pinned-$loop" ada "ircs://127.0.0.1:$tls_port" --tls-fingerprint "$fingerprint" \
        --loop "$loop" --trace
    grep -q "you joined" "pinned-$loop.out" || fail "the pinned client did not join ($loop loop)"
    grep -q "TLS handshake(sent ClientHello)" "pinned-$loop.out" ||
        fail "no ClientHello step in the trace ($loop loop)"
    grep -q "TLS handshake(received ServerHello)" "pinned-$loop.out" ||
        fail "no ServerHello step in the trace ($loop loop)"
    grep -q "TLS handshake(established: TLSv1\.[23], " "pinned-$loop.out" ||
        fail "the handshake's end is not in the trace ($loop loop)"
done

# 4. Trust on first use: accepted and remembered; next time pinned without being told.
join firstuse bob "127.0.0.1:$tls_port" --tls-trust-on-first-use
grep -q "accepted on first use, and remembered" firstuse.out || fail "first use not remembered"
grep -q "$fingerprint" client-state/lanchat/known-tls-hosts || fail "no known-tls-hosts entry"
join again bob "127.0.0.1:$tls_port" --tls
grep -q "(pinned)" again.out || fail "the remembered fingerprint was not used"

# 5. The host makes a new certificate (a new state folder, the same port): refused, warned.
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null
old_port=$tls_port
start_host second hoststate2 --tls-port "$old_port"
join changed bob "127.0.0.1:$tls_port" --tls
[[ $? -ne 0 ]] || fail "a changed certificate was accepted"
grep -q "WARNING: the host's certificate has changed" changed.out || fail "no warning"
grep -q "known-tls-hosts" changed.out || fail "the warning does not say where it is remembered"

# 6. TLS only: no plain port; plain clients are told.
start_host tlsonly hoststate3 --no-plain
grep -q "listening on 127\.0\.0\.1:[0-9]* with" tlsonly.out && fail "--no-plain left a plain port"
join plainclient carl "127.0.0.1:$tls_port"
grep -q "This port speaks TLS" plainclient.out || fail "a plain client was not told"

# 7. --tls-port off: no TLS; --no-plain with it is an error.
"$cli" host --port 0 --bind 127.0.0.1 --state-dir hoststate4 --tls-port off >off.out 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q "listening on" off.out && break; sleep 0.1; done
grep -q "TLS on" off.out && fail "--tls-port off still listens for TLS"
"$cli" host --port 0 --tls-port off --no-plain >both.out 2>&1
[[ $? -eq 2 ]] || fail "--no-plain with --tls-port off was accepted"
echo "PASS: lanchat-cli with TLS"
