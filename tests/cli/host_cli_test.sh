#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lanchat-cli host from the outside, on loopback: its configuration file (values taken, and a
# broken file named with its line and column), a port in use reported with the socket error's
# name and a non-zero status, a clean stop on SIGTERM.
#
#   host_cli_test.sh CLI [EMULATOR...]
set -uo pipefail

cli=$1
shift
run=("$@" "$cli")
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1

fail() {
    echo "FAIL: $*"
    for f in "$work"/*.out; do [[ -f $f ]] && { echo "--- $f"; cat "$f"; }; done
    exit 1
}

start_host() { # NAME ARGS...: starts a host, sets $port
    local name=$1
    shift
    "${run[@]}" host --port 0 --bind 127.0.0.1 --state-dir state "$@" >"$name.out" 2>&1 &
    pids+=($!)
    port=
    for _ in $(seq 1 300); do
        port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) with.*/\1/p' "$name.out" | head -1)
        [[ -n $port ]] && return 0
        sleep 0.1
    done
    fail "host $name did not start"
}

# 1. A broken configuration file: one clear line naming the file, line and column; status 2.
printf 'port = 6667\nname = "unterminated\n' >broken.toml
"${run[@]}" host --config broken.toml >broken.out 2>&1
status=$?
[[ $status -eq 2 ]] || fail "a broken config gave status $status"
grep -q 'broken.toml:2:' broken.out || fail "the error does not name broken.toml:2"

# 2. Values from the file are used.
cat >good.toml <<'TOML'
server_name = "from.config"
name = "ConfigNet"
[limits]
max_clients_per_address = 1
TOML
start_host good --config good.toml
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'NICK ada\r\nUSER ada 0 * :Ada\r\n' >&3
welcome=$(timeout 5 head -n 1 <&3 | tr -d '\r')
[[ $welcome == ":from.config 001 ada :Welcome to the ConfigNet IRC network, ada!~ada@127.0.0.1" ]] ||
    fail "unexpected welcome: $welcome"
exec 4<>"/dev/tcp/127.0.0.1/$port"
second=$(timeout 5 head -n 1 <&4 | tr -d '\r')
[[ $second == "ERROR :Closing Link: 127.0.0.1 (Too many connections from your address (1))" ]] ||
    fail "a second connection from the address got: $second"
exec 4<&-

# 3. The same port again: a clear error with the socket error's name, status 1.
"${run[@]}" host --port "$port" --bind 127.0.0.1 --state-dir state >inuse.out 2>&1
status=$?
[[ $status -eq 1 ]] || fail "a port in use gave status $status"
grep -qE "cannot host: bind 127\.0\.0\.1:$port: (EADDRINUSE \(98\)|WSAEADDRINUSE \(10048\)|WSAEACCES \(10013\))" inuse.out ||
    fail "the port-in-use error is not named: $(cat inuse.out)"
# ... and says the port is in use, also where WinSock's word for it is "access denied".
grep -qE "cannot host: bind .*: the port is in use|cannot host: bind .*: Address already in use" inuse.out ||
    fail "the port-in-use error does not say the port is in use: $(cat inuse.out)"

# An argument that starts with "/" is an argument, on Windows too (CLI11 takes "/x" for an option
# there unless told not to; under Wine /tmp/... is Z:\tmp\...): a send of "$PWD/a.bin" to a
# port where nothing listens fails on the connection (status 1), not on its arguments (2).
echo "some bytes" >a.bin
"${run[@]}" send 127.0.0.1:1 nobody "$PWD/a.bin" >slash.out 2>&1
status=$?
[[ $status -eq 1 ]] || fail "send of a /path gave status $status: $(cat slash.out)"

# 4. SIGTERM (natively; Ctrl+C under Wine, which does not pass SIGTERM on to Windows programs)
#    stops it cleanly: the client gets an ERROR line, the host exits 0.
if [[ $# -gt 0 ]]; then signal=INT; else signal=TERM; fi
kill "-$signal" "${pids[0]}"
bye=$(timeout 5 head -n 40 <&3 | tr -d '\r' | grep '^ERROR')
[[ $bye == "ERROR :Closing Link: 127.0.0.1 (Host shutting down)" ]] || fail "on SIGTERM the client got: $bye"
wait "${pids[0]}"
status=$?
pids=()
[[ $status -eq 0 ]] || fail "the host exited with $status after SIGTERM"
grep -q "stopped: Host shutting down" good.out || fail "the host did not log its stop"
echo "PASS: lanchat-cli host configuration, errors and stop"
