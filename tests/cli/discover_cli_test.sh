#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lanchat-cli discover on loopback (presence mode `loopback`, a UDP port of this test's own, so
# it never hears another test or a LanChat on the machine): hosts and people found with their
# fields (text and --json), a host listed within a second of starting, gone within a second of
# a clean exit; the modes' errors. With an emulator (the Windows build), both directions
# between Linux and Windows: the .exe host found by a native discover, and the .exe discover
# finding a native host.
#
#   discover_cli_test.sh NATIVE_CLI CLI [EMULATOR...]
set -uo pipefail

native=$1
cli=$2
shift 2
run=("$@" "$cli")
[[ -x $native ]] || { echo "FAIL: no native lanchat-cli at $native (build the ci preset)"; exit 1; }
python=/usr/bin/python3
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export LANCHAT_PRESENCE=loopback

fail() {
    echo "FAIL: $*"
    for f in "$work"/*.out "$work"/*.json; do [[ -s $f ]] && { echo "--- $f"; cat "$f"; }; done
    exit 1
}

# A UDP port nobody else uses for this run's presence.
presence_port=$("$python" -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
presence=(--presence loopback --presence-port "$presence_port")

start_host() { # NAME NAME-OF-CHAT COMMAND...: starts a host, sets $port and $host_pid
    local name=$1 chat=$2
    shift 2
    "$@" host --port 0 --bind 127.0.0.1 --state-dir "state-$name" --name "$chat" \
        "${presence[@]}" >"$name.out" 2>&1 &
    host_pid=$!
    pids+=("$host_pid")
    port=
    for _ in $(seq 1 600); do
        port=$(sed -n 's/.* listening on .*:\([0-9]*\) with.*/\1/p' "$name.out" | head -1)
        [[ -n $port ]] && return 0
        sleep 0.1
    done
    fail "host $name did not start"
}

# check_json FILE PYTHON-EXPRESSION MESSAGE: the expression over `d` (the document) is true.
check_json() {
    "$python" -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" \
        "$1" || fail "$3"
}

# 1. A host (the one under test: the .exe under Wine for the Windows build) and a member.
start_host lab "Lab 3" "${run[@]}"
lab_port=$port
lab_pid=$host_pid
mkfifo ada.in
"$native" join "127.0.0.1:$lab_port" --nick ada "${presence[@]}" <ada.in >ada.out 2>&1 &
pids+=($!)
exec 5>ada.in
for _ in $(seq 1 600); do grep -q "you joined" ada.out && break; sleep 0.1; done

# Found by a native discover, with every field; the host's figures are current (1 user).
"$native" discover --json --timeout 2 "${presence[@]}" >found.json 2>found.err ||
    fail "discover failed: $(cat found.err)"
check_json found.json "len(d['hosts']) == 1 and d['hosts'][0]['name'] == 'Lab 3'" \
    "the host is not listed once as 'Lab 3'"
check_json found.json "d['hosts'][0]['port'] == $lab_port and d['hosts'][0]['address'] == '127.0.0.1'" \
    "the host's address or port is wrong"
check_json found.json "d['hosts'][0]['rtt_ms'] is not None and d['hosts'][0]['rooms'] >= 1" \
    "no round trip or rooms for the host"
check_json found.json "any(p['name'] == 'ada' and p['chat'] == '127.0.0.1:$lab_port' for p in d['people'])" \
    "ada is not listed among the people, in her chat"
# Its TLS port and certificate fingerprint are announced too (issue 16), where the build has TLS.
lab_fingerprint=$(sed -n 's/.*fingerprint, for clients to check: \([0-9A-F:]*\).*/\1/p' lab.out | head -1)
if [[ -n $lab_fingerprint ]]; then
    check_json found.json "d['hosts'][0]['tls_port'] > 0 and d['hosts'][0]['tls_fingerprint'] == '$lab_fingerprint'" \
        "the host's TLS port or fingerprint is not announced"
fi
check_json found.json "d['presence']['mode'] == 'loopback' and d['presence']['listening']" \
    "the diagnostics do not say loopback and listening"
check_json found.json "[t['address'] for t in d['presence']['targets']] == ['127.255.255.255']" \
    "loopback mode sends somewhere else than 127.255.255.255"
for _ in $(seq 1 30); do
    "$native" discover --json --timeout 1 "${presence[@]}" >users.json 2>/dev/null
    "$python" -c "import json, sys; d = json.load(open('users.json')); sys.exit(0 if d['hosts'] and d['hosts'][0]['users'] == 1 else 1)" && break
    sleep 0.5
done
check_json users.json "d['hosts'][0]['users'] == 1" "the host's user count did not follow"

# The text form, from the discover under test.
"${run[@]}" discover --timeout 2 "${presence[@]}" >text.out 2>&1 || fail "discover (text) failed"
grep -qE "^  Lab 3 +127\.0\.0\.1:$lab_port +1 user, [0-9]+ rooms?, round trip [0-9.]+ ms" text.out ||
    fail "the text listing lacks the host line"
if [[ -n $lab_fingerprint ]]; then
    grep -qF "TLS on port" text.out && grep -qF "certificate SHA-256 $lab_fingerprint" text.out ||
        fail "the text listing lacks the host's TLS port and fingerprint"
fi
grep -qE "^  ada +available +127\.0\.0\.1  in 127\.0\.0\.1:$lab_port" text.out ||
    fail "the text listing lacks ada"
exec 5>&-

# 2. A native host found by the discover under test (for the Windows build: Windows finds
#    Linux) within a second of starting: its start-up announce and the discover's query.
start_host linux "Linux Lab" "$native"
linux_pid=$host_pid
"${run[@]}" discover --json --timeout 1 "${presence[@]}" >both.json 2>both.err ||
    fail "discover failed: $(cat both.err)"
check_json both.json "sorted(h['name'] for h in d['hosts']) == ['Lab 3', 'Linux Lab']" \
    "both hosts are not listed within 1 s"

# 3. A clean exit says bye: gone within a second.
if [[ $# -gt 0 ]]; then signal=INT; else signal=TERM; fi # Wine passes Ctrl+C on, not SIGTERM
kill "-$signal" "$lab_pid"
wait "$lab_pid" || fail "the host did not exit 0"
kill -TERM "$linux_pid"
wait "$linux_pid"
"$native" discover --json --timeout 1 "${presence[@]}" >after.json 2>/dev/null
check_json after.json "d['hosts'] == []" "a host that said bye is still listed"

# 4. Modes: off is an error for discover; a malformed list is named.
"${run[@]}" discover --presence off >off.out 2>&1
[[ $? -eq 2 ]] || fail "discover with presence off did not exit 2"
grep -q "presence is off" off.out || fail "presence off is not explained"
"${run[@]}" discover --presence "10.0.0.255,,eth0" >bad.out 2>&1
[[ $? -eq 2 ]] || fail "a malformed presence list did not exit 2"
grep -q "not an IPv4 address or an interface name" bad.out || fail "the malformed list is not named"
echo "PASS: lanchat-cli discover (${*:-native})"
