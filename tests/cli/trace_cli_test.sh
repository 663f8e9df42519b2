#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lanchat-cli's console trace for a lecture (issue 18), on loopback against a real host: the
# client's idle wake-ups (select() = 0 on its 100 ms tick) fold into lines with a count unless
# --trace-idle asks for each; --trace-to puts the trace in a file (or an open descriptor, fd:N)
# so the chat keeps the terminal; --trace-payload sets the bytes of data shown; the sockets'
# table ends the trace; a bad value is refused with a clear line and a non-zero status.
#
#   trace_cli_test.sh HOST_CLI JOIN_CLI [EMULATOR...]
#
# The host is always native; the client runs under EMULATOR when given (lanchat-cli.exe under
# Wine), where descriptors beyond 0-2 are not the program's: fd:N is tried natively only.
set -uo pipefail

host_cli=$1
join_cli=$2
shift 2
emulated=$#
join=("$@" "$join_cli" join)
[[ -x $host_cli ]] || { echo "FAIL: no native lanchat-cli at $host_cli (build the ci preset)"; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() {
    exec 5>&- 2>/dev/null
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export LANCHAT_PRESENCE=loopback

fail() {
    echo "FAIL: $*"
    for f in "$work"/*.out "$work"/*.err "$work"/*.trace; do
        [[ -s $f ]] && { echo "--- $f"; tail -n 40 "$f" | cat -v; }
    done
    exit 1
}

wait_for() { # FILE FIXED-TEXT [SECONDS]
    local deadline=$((SECONDS + ${3:-60}))
    while ((SECONDS < deadline)); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "$1 never showed: $2"
}

wait_exit() { # PID WHAT: waits up to 30 s for PID, fails if it is still running or exits non-zero
    local pid=$1 what=$2 status
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && fail "$what did not exit"
    wait "$pid"
    status=$?
    [[ $status -eq 0 ]] || fail "$what exited with $status"
}

"$host_cli" host --port 0 --bind 127.0.0.1 --state-dir state >host.out 2>&1 &
pids+=($!)
port=
for _ in $(seq 1 300); do
    port=$(sed -n 's/.* listening on .*:\([0-9]*\) with.*/\1/p' host.out | head -1)
    [[ -n $port ]] && break
    sleep 0.1
done
[[ -n $port ]] || fail "the host did not start"

# idle wake-ups counted in a trace: every select() = 0 line, and those that are folded runs
idle_lines() { grep -cE ' select\(.*\) = 0( |$)' "$1"; }
folded_lines() { grep -cE ' select\(.*\) = 0 .* x[0-9]+ in [0-9]+\.[0-9] s \(idle wake-ups\)$' "$1"; }

# 1. Folded, in a file of its own, payloads cut at 6 bytes. Presence is off for the clients: other
# tests' announcements on loopback would wake their loops at random and split the runs.
mkfifo bob.in
"${join[@]}" "127.0.0.1:$port" --nick bob --loop select --presence off --trace-to bob.trace \
    --trace-payload 6 <bob.in >bob.out 2>bob.err &
bob_pid=$!
pids+=($bob_pid)
exec 5>bob.in
wait_for bob.out "#lan --> you joined"
sleep 3.5 # about 35 ticks
printf 'hello everyone\n/quit\n' >&5
exec 5>&-
wait_exit "$bob_pid" "the folded client"
tr -d '\r' <bob.trace >bob.txt && mv bob.txt bob.trace
grep -q '^trace ' bob.err && fail "trace lines went to standard error despite --trace-to"
grep -qF '#lan <bob> hello everyone' bob.out || grep -qF 'hello everyone' bob.out ||
    fail "the chat's own output is not on standard output"
folded=$(folded_lines bob.trace)
idle=$(idle_lines bob.trace)
((folded >= 1)) || fail "no folded run of idle wake-ups in 3.5 s idle"
((idle - folded <= 4)) || fail "$((idle - folded)) idle wake-ups were printed one a line"
# The folded runs hold the ticks: their counts add up to most of 35.
total=$(grep -oE ' x[0-9]+ in ' bob.trace | tr -dc '0-9\n' | awk '{ s += $1 } END { print s + 0 }')
((total >= 20)) || fail "the folded runs count only $total wake-ups in 3.5 s"
grep -qE ' send\(.*\) = [0-9]+ .*[0-9]+ bytes "PRIVMS"\.\.\.' bob.trace ||
    fail "the PRIVMSG's send is not shown cut at 6 bytes"
grep -qE '^sockets seen by the trace: [0-9]+' bob.trace || fail "no sockets' table in the trace file"
grep -qE "^  #[0-9]+ +TCP +outgoing +closed +127\\.0\\.0\\.1:[0-9]+ +127\\.0\\.0\\.1:$port " \
    bob.trace || fail "the table does not show the client's connection"

# 2. Each idle wake-up, no data (natively to an open descriptor, under Wine to a file).
if ((emulated)); then
    target=(--trace-to carol.trace) fd3=/dev/null
else
    target=(--trace-to fd:3) fd3=carol.trace
fi
mkfifo carol.in
"${join[@]}" "127.0.0.1:$port" --nick carol --loop select --presence off "${target[@]}" --trace-idle \
    --trace-payload none <carol.in >carol.out 2>carol.err 3>"$fd3" &
carol_pid=$!
pids+=($carol_pid)
exec 5>carol.in
wait_for carol.out "#lan --> you joined"
sleep 2
printf 'hi\n/quit\n' >&5
exec 5>&-
wait_exit "$carol_pid" "the client with --trace-idle"
tr -d '\r' <carol.trace >carol.txt && mv carol.txt carol.trace
(($(idle_lines carol.trace) >= 10)) || fail "--trace-idle printed $(idle_lines carol.trace) idle wake-ups in 2 s"
(($(folded_lines carol.trace) == 0)) || fail "--trace-idle folded idle wake-ups"
grep -qE ' send\(.*\) = [0-9]+ .*[0-9]+ bytes( |$)' carol.trace || fail "no send line"
grep -qE ' send\(.*bytes "' carol.trace && fail "--trace-payload none still shows data"

# 3. Bad values: one line naming the problem, a non-zero status, nothing joined.
"${join[@]}" "127.0.0.1:$port" --nick dave --trace-payload lots </dev/null >dave.out 2>dave.err
status=$?
((status != 0)) || fail "--trace-payload lots was taken"
grep -q -- '--trace-payload lots: give a number of bytes, none or all' dave.err ||
    fail "--trace-payload lots: no clear error"
"${join[@]}" "127.0.0.1:$port" --nick erin --trace-to "$work/no/such/dir/t" </dev/null \
    >erin.out 2>erin.err
status=$?
((status != 0)) || fail "--trace-to into a missing directory was taken"
grep -q 'cannot write the trace to .*no/such/dir/t' erin.err || fail "--trace-to: no clear error"
echo "PASS: the console trace folds idle wake-ups, goes where it is sent, cuts data as asked"
