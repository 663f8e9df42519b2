#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end test of lanchat-cli's echo demo, on loopback: an echo server and a client on the
# chosen event loop, both with --trace and --trace-file. Checks what the client gets back, that
# each trace shows the lecture's call sequence in order, and that the trace files are JSON Lines.
#
#   echo_cli_test.sh LOOP CLI [EMULATOR...]     (EMULATOR: e.g. scripts/wine-run for the .exe)
set -uo pipefail

loop=$1
cli=$2
shift 2
run=("$@" "$cli")

work=$(mktemp -d)
server_pid=
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    for f in "$work"/*.out "$work"/*.err; do
        [[ -f $f ]] && { echo "--- $f"; cat "$f"; }
    done
    exit 1
}

# Lines of FILE whose call matches each pattern, in this order (grep -n on the trace lines).
expect_in_order() {
    local file=$1 what=$2
    shift 2
    local after=0 pattern line
    for pattern in "$@"; do
        line=$(grep -n -E "$pattern" "$file" | awk -F: -v a="$after" '$1 > a { print $1; exit }')
        [[ -n $line ]] || fail "$what: no '$pattern' after line $after of $file"
        after=$line
    done
}

"${run[@]}" echo-server --port 0 --bind 127.0.0.1 --loop "$loop" --trace \
    --trace-file "$work/server.jsonl" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!

port=
for _ in $(seq 1 300); do
    port=$(sed -n 's/^echo server listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.out")
    [[ -n $port ]] && break
    kill -0 "$server_pid" 2>/dev/null || fail "the server exited"
    sleep 0.1
done
[[ -n $port ]] || fail "the server did not say where it listens"

"${run[@]}" echo-client "127.0.0.1:$port" --loop "$loop" -m "hello, LAN" -m "second line" \
    --trace --trace-file "$work/client.jsonl" >"$work/client.out" 2>"$work/client.err"
status=$?
[[ $status -eq 0 ]] || fail "the client exited with $status"
# Windows programs end lines with CRLF.
tr -d '\r' <"$work/client.out" >"$work/client.txt"
[[ $(cat "$work/client.txt") == $'hello, LAN\nsecond line' ]] ||
    fail "the client got back: $(cat "$work/client.txt")"

kill -INT "$server_pid"
for _ in $(seq 1 100); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
kill -0 "$server_pid" 2>/dev/null && fail "the server did not stop on SIGINT"
wait "$server_pid"
status=$?
server_pid=
[[ $status -eq 0 ]] || fail "the server exited with $status"
grep -q "closed in order" "$work/server.out" || fail "the server did not report an orderly close"

# The server's sequence, then the client's (POSIX or WinSock names). The two lines may arrive in
# one recv() or in two: a stream is not a sequence of messages.
expect_in_order "$work/server.err" "server trace" \
    ' socket\(AF_INET, SOCK_STREAM' ' setsockopt\(.*SO_(REUSEADDR|EXCLUSIVEADDRUSE)' \
    ' bind\(.*127\.0\.0\.1:0\) = 0' ' listen\(' ' accept\(.*from 127\.0\.0\.1' \
    ' recv\(.*\) = [1-9][0-9]* .*"hello, LAN\\n' ' send\(.*\) = [1-9][0-9]* ' \
    ' shutdown\(' ' (close|closesocket)\('
# The client's FIN (recv = 0) comes after its data; whether before or after the echo is sent
# depends on timing (sends go out at the end of the loop's turn).
expect_in_order "$work/server.err" "server trace" ' recv\(.*\) = [1-9][0-9]* .*"hello, LAN' \
    ' recv\(.*\) = 0' ' shutdown\('
expect_in_order "$work/client.err" "client trace" \
    ' getaddrinfo\("127\.0\.0\.1"' ' socket\(AF_INET, SOCK_STREAM' \
    " connect\\(.*127\\.0\\.0\\.1:$port\\)" ' send\(.*\) = [1-9][0-9]* .*"hello, LAN' \
    ' recv\(.*\) = [1-9][0-9]* .*"hello, LAN' ' recv\(.*\) = 0' ' (close|closesocket)\('
# The FIN goes after the last line and before the server's (recv = 0).
expect_in_order "$work/client.err" "client trace" ' send\(.*\) = [1-9][0-9]* .*second line' \
    ' shutdown\(' ' recv\(.*\) = 0'
if [[ $loop == asyncselect ]]; then
    expect_in_order "$work/client.err" "client trace" ' WSAAsyncSelect\(' ' FD message\(.*FD_CONNECT'
elif [[ $loop == epoll ]]; then
    expect_in_order "$work/client.err" "client trace" ' epoll_ctl\(.*EPOLL_CTL_ADD' \
        ' epoll_wait\(.*EPOLLOUT'
else
    expect_in_order "$work/client.err" "client trace" ' select\(.*W\{#'
fi

# When the trace ends, a table of the sockets it showed (netcore's SocketRegistry): the
# listener, the accepted connection and the client's, with their roles, addresses and states.
expect_in_order "$work/server.err" "server's socket table" '^sockets seen by the trace: [0-9]+' \
    '^  socket +proto +role +state +local +peer' \
    "^  #[0-9]+ +TCP +listener +closed +127\\.0\\.0\\.1:$port +- " \
    "^  #[0-9]+ +TCP +accepted +closed +127\\.0\\.0\\.1:$port +127\\.0\\.0\\.1:[0-9]+ +23/23 "
expect_in_order "$work/client.err" "client's socket table" '^sockets seen by the trace: 1' \
    "^  #[0-9]+ +TCP +outgoing +closed +127\\.0\\.0\\.1:[0-9]+ +127\\.0\\.0\\.1:$port +23/23 "

for f in "$work/server.jsonl" "$work/client.jsonl"; do
    [[ -s $f ]] || fail "$f is empty"
    bad=$(grep -c -v -E '^\{("accepted":[0-9]+,)?"args":.*"call":.*"seq":[0-9]+.*\}'$'\r''?$' "$f")
    [[ $bad -eq 0 ]] || fail "$f has $bad lines that are not trace events"
done
echo "PASS: echo demo on the $loop loop"
