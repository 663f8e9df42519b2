#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lanchat-cli join from the outside, on loopback, against a real lanchat-cli host: two people
# chat (room messages, /me, /msg, UTF-8, /nick, /quit), timestamps, peer text that cannot drive
# the terminal, a script's input ending (everything sent, status 0), and the errors a user can
# cause, each one line with the error's name and a non-zero status: connection refused, a name
# not found, a nick in use, a wrong password. IPv6 ([::1]:PORT) where loopback has it.
#
#   join_cli_test.sh HOST_CLI JOIN_CLI [EMULATOR...]
#
# The host is always native; the client runs under EMULATOR when given (lanchat-cli.exe under
# Wine: a Windows client talking to a Linux host).
set -uo pipefail

host_cli=$1
join_cli=$2
shift 2
join=("$@" "$join_cli" join)
[[ -x $host_cli ]] || { echo "FAIL: no native lanchat-cli at $host_cli (build the ci preset)"; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() {
    exec 5>&- 6>&- 7>&- 8>&- 2>/dev/null
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export LANCHAT_PRESENCE=loopback

fail() {
    echo "FAIL: $*"
    for f in "$work"/*.out "$work"/*.err; do [[ -s $f ]] && { echo "--- $f"; cat -v "$f"; }; done
    exit 1
}

start_host() { # NAME BIND ARGS...: starts a host, sets $port
    local name=$1 bind=$2
    shift 2
    "$host_cli" host --port 0 --bind "$bind" --state-dir "state-$name" "$@" >"$name.out" 2>&1 5>&- 6>&- &
    pids+=($!)
    port=
    for _ in $(seq 1 300); do
        port=$(sed -n 's/.* listening on .*:\([0-9]*\) with.*/\1/p' "$name.out" | head -1)
        [[ -n $port ]] && return 0
        sleep 0.1
    done
    fail "host $name did not start"
}

wait_for() { # FILE FIXED-TEXT [SECONDS]
    local deadline=$((SECONDS + ${3:-60}))
    while ((SECONDS < deadline)); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "$1 never showed: $2"
}

start_host main 127.0.0.1

# Two people, each typing into a FIFO (held open by this script as fds 5 and 6, which no other
# process may inherit, or its reader would never see the end of input).
mkfifo bob.in alice.in
"${join[@]}" "127.0.0.1:$port" --nick bob <bob.in >bob.out 2>bob.err &
pids+=($!)
bob_pid=$!
exec 5>bob.in
wait_for bob.out "#lan --> you joined"
"${join[@]}" "127.0.0.1:$port" --nick alice <alice.in >alice.out 2>alice.err 5>&- &
pids+=($!)
alice_pid=$!
exec 6>alice.in
wait_for alice.out "#lan --> you joined"
wait_for bob.out "#lan --> alice joined"

printf 'hello bob\n/me waves\n/msg bob psst\nh\xc3\xa9llo \xe2\x9c\x93\n' >&6
wait_for bob.out "#lan <alice> hello bob"
wait_for bob.out "#lan * alice waves"
wait_for bob.out "*alice* psst"
wait_for bob.out $'#lan <alice> h\xc3\xa9llo \xe2\x9c\x93'
wait_for alice.out "-> *bob* psst"
printf 'hi alice\nesc \x1b[2J and \x02bold\x02\n' >&5
wait_for alice.out "#lan <bob> hi alice"
wait_for alice.out $'#lan <bob> esc \xef\xbf\xbd[2J and bold'
grep -q $'\x1b' alice.out && fail "an escape sequence from a peer reached the terminal"
grep -vqE '^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\] ' <(grep '<bob>' alice.out) &&
    fail "a message without its timestamp"

# /topic names its room: bob (#lan's operator), now in #dev, sets #lan's (issue 15: the words
# went to #dev, with "#lan" in them).
printf '/join #dev\n/topic #lan Lunch at noon\n' >&5
wait_for bob.out "#dev --> you joined"
wait_for alice.out "#lan -!- bob set the topic: Lunch at noon"
grep -q "set the topic: #lan" alice.out bob.out && fail "/topic #lan went to the current room"

# The commands a user expects besides /quote (issue 15): /query, /notice, and for bob, operator
# of #dev, /mode, /list and /kick (/invite too, which a LanChat host does not take yet).
printf '/query bob\njust us\n/notice bob heads up\n' >&6
wait_for bob.out "*alice* just us"
wait_for bob.out "-alice- heads up"
printf '/join #dev\n' >&6
wait_for bob.out "#dev --> alice joined"
printf '/mode +m\n/list\n/kick alice enough\n' >&5
wait_for alice.out "#dev -!- bob sets mode +m"
wait_for bob.out "#lan 2 Lunch at noon"
wait_for alice.out "#dev <-- alice was kicked by bob (enough)"

printf '/nick alice2\n/quit see you\n' >&6
wait_for bob.out "alice is now known as alice2"
wait_for bob.out "<-- alice2 quit (Quit: see you)"
wait "$alice_pid"
status=$?
[[ $status -eq 0 ]] || fail "alice's /quit gave status $status"
exec 6>&-

# A script: its input ends at once; everything is sent, then it quits with status 0.
printf 'one\ntwo\nthree\n' | "${join[@]}" "127.0.0.1:$port" --nick carol >carol.out 2>carol.err 5>&-
status=$?
[[ $status -eq 0 ]] || fail "a script's end of input gave status $status"
wait_for bob.out "#lan <carol> three"
grep -q "#lan <carol> one" bob.out && grep -q "#lan <carol> two" bob.out ||
    fail "a script's lines were lost"

# Errors a user can cause: one clear line on standard error, a non-zero status.
expect_error() { # NAME PATTERN ARGS...
    local name=$1 pattern=$2
    shift 2
    "${join[@]}" "$@" </dev/null >"$name.out" 2>"$name.err" 5>&-
    local status=$?
    [[ $status -ne 0 ]] || fail "$name: status 0"
    grep -qE "$pattern" "$name.err" || fail "$name: the error does not say '$pattern'"
    [[ $(grep -c . "$name.err") -eq 1 ]] || fail "$name: more than one line of error"
}
expect_error nick_in_use "cannot join the chat: .*nick bob \(433 .*in use" \
    "127.0.0.1:$port" --nick bob
expect_error refused "cannot join the chat: connect 127\.0\.0\.1:1: (ECONNREFUSED \(111\)|WSAECONNREFUSED \(10061\))" \
    127.0.0.1:1 --nick dave
expect_error not_found "cannot join the chat: getaddrinfo no-such-host\.invalid: (EAI_NONAME|EAI_AGAIN|WSAHOST_NOT_FOUND|WSANO_DATA|WSATRY_AGAIN)" \
    no-such-host.invalid --nick dave
expect_error bad_target "not a valid HOST\[:PORT\]" "127.0.0.1:99999" --nick dave
start_host locked 127.0.0.1 --password opensesame
expect_error wrong_password "cannot join the chat: .*464 " "127.0.0.1:$port" --nick eve \
    --password nope
printf 'in\n' | "${join[@]}" "127.0.0.1:$port" --nick eve --password opensesame >eve.out 2>&1 5>&- ||
    fail "the right password was refused"

# The host going away: with --no-reconnect the client exits 1 naming the reason; without, it
# says it will reconnect.
start_host brief 127.0.0.1
brief_pid=${pids[-1]}
mkfifo gina.in hal.in
"${join[@]}" "127.0.0.1:$port" --nick gina --no-reconnect <gina.in >gina.out 2>gina.err 5>&- &
gina_pid=$!
"${join[@]}" "127.0.0.1:$port" --nick hal <hal.in >hal.out 2>hal.err 5>&- &
hal_pid=$!
pids+=("$gina_pid" "$hal_pid")
exec 7>gina.in 8>hal.in # input that stays open
wait_for gina.out "#lan --> you joined"
wait_for hal.out "#lan --> you joined"
kill -TERM "$brief_pid" # the host is native
wait "$gina_pid"
status=$?
[[ $status -eq 1 ]] || fail "--no-reconnect: status $status when the host went away"
grep -q "lanchat-cli: disconnected: .*Host shutting down" gina.err ||
    fail "--no-reconnect: the reason is not named"
wait_for hal.out "!! connection lost: "
wait_for hal.out "; reconnecting in 1 s"
echo "typed while away" >&8
exec 7>&- 8>&-
wait "$hal_pid" # the end of its input stops the retrying
status=$?
[[ $status -eq 1 ]] || fail "ending input with a line unsent gave status $status"
grep -q "1 line(s) not sent" hal.err || fail "the unsent line is not reported"
wait_for hal.out "-!- disconnected"

# IPv6 literals, where loopback has ::1.
if grep -q ' lo$' /proc/net/if_inet6 2>/dev/null; then
    start_host six ::1
    printf 'over six\n' | "${join[@]}" "[::1]:$port" --nick frank >frank.out 2>&1 5>&- ||
        fail "joining [::1]:$port failed"
    grep -q "connected to \[::1\]:$port" frank.out || fail "not connected over IPv6"
else
    echo "note: loopback has no ::1 here; the IPv6 case was skipped"
fi

exec 5>&-
wait "$bob_pid"
status=$?
[[ $status -eq 0 ]] || fail "bob's end of input gave status $status"
echo "PASS: lanchat-cli join (${*:-native})"
