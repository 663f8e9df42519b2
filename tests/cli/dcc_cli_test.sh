#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lanchat-cli send and receive (DCC file transfers, issue 17) from the outside, on loopback,
# through a real lanchat-cli host: active and passive offers, a name with spaces, a 20 MB file
# compared byte for byte, --count 2, --from (another nick's offer is declined), a name that
# exists already ("name (1).ext"), progress lines for a large file, a resume from NAME.part,
# the exit statuses (0 done; 1 an offer to a nick nobody has, an offer nobody takes; 2 bad
# arguments), and with a raw IRC connection of this script's: an offer pointing to another
# machine (refused, never connected to) and a peer's name that is a path (only its last
# component, made safe, is used). A full disk: as root, where `unshare -m` works, the receiver
# runs in a mount namespace of its own with a 1 MiB tmpfs as --into and gets a 3 MB file: it
# must exit 1 naming ENOSPC and keep the .part; elsewhere that case is skipped with the reason.
#
#   dcc_cli_test.sh CLI
#
# Every check is made and every failure listed at the end (one failing case does not hide the
# others); a case that cannot go on stops the script.
set -uo pipefail

cli=$1
run=("$cli")
work=$(mktemp -d)
pids=()
cleanup() {
    exec 8>&- 9>&- 2>/dev/null
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export LANCHAT_PRESENCE=loopback

failures=()
show_outputs() {
    for f in "$work"/*.out; do [[ -s $f ]] && { echo "--- ${f##*/}"; cat -v "$f"; }; done
}
bad() { # records a failed check; the script goes on
    failures+=("$*")
    echo "FAIL: $*"
}
fail() { # a case that cannot go on
    echo "FAIL: $*"
    for f in "${failures[@]}"; do echo "  (earlier: $f)"; done
    show_outputs
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

"$cli" host --port 0 --bind 127.0.0.1 --state-dir state --tls-port off >host.out 2>&1 &
pids+=($!)
port=
for _ in $(seq 1 300); do
    port=$(sed -n 's/.* listening on 127\.0\.0\.1:\([0-9]*\) with.*/\1/p' host.out | head -1)
    [[ -n $port ]] && break
    sleep 0.1
done
[[ -n $port ]] || fail "the host did not start"

start_receiver() { # NAME DIR ARGS...: lanchat-cli receive in the background; sets $rx_pid
    local name=$1 dir=$2
    shift 2
    mkdir -p "$dir"
    "${run[@]}" receive "127.0.0.1:$port" --nick "$name" --into "$dir" "$@" >"$name.out" 2>&1 &
    rx_pid=$!
    pids+=($rx_pid)
    wait_for "$name.out" "ready: $name takes"
}

end_of() { # PID WHAT: waits for it to exit (60 s at most); sets $status (255: still running)
    local deadline=$((SECONDS + 60))
    while kill -0 "$1" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$1" 2>/dev/null; then
        kill "$1"
        bad "$2 did not exit"
        status=255
        return
    fi
    wait "$1"
    status=$?
}

send_file() { # NAME PEER FILE ARGS...: lanchat-cli send as NAME; sets and returns $status
    local name=$1 peer=$2 file=$3
    shift 3
    timeout 120 "${run[@]}" send "127.0.0.1:$port" "$peer" "$file" --nick "$name" "$@" \
        >"$name.out" 2>&1
    status=$?
    return $status
}

expect_status() { # WANTED WHAT
    local why
    why=$(grep '^!!' "${3:-/dev/null}" | head -2 | sed 's/^/; /')
    [[ $status -eq $1 ]] || bad "$2: status $status, expected $1$why"
}

same() { # RECEIVED ORIGINAL WHAT
    if [[ ! -f $1 ]]; then
        bad "$3: $1 is missing ($(ls -A "$(dirname "$1")" | tr '\n' ' '))"
    elif ! cmp -s "$1" "$2"; then
        bad "$3: $1 differs from $2 ($(cmp "$1" "$2" 2>&1 | head -1);" \
            "sizes $(stat -c %s "$1") and $(stat -c %s "$2"))"
    fi
}

# --- 1. Bad arguments: status 2, and nothing joins the chat ---------------------------------------
head -c 1000 /dev/urandom >tiny.bin
mkdir argdir
expect_bad_args() { # WHAT ARGS...
    local what=$1
    shift
    timeout 30 "${run[@]}" "$@" >args.tmp 2>&1
    status=$?
    [[ $status -eq 2 ]] ||
        bad "bad arguments ($what): status $status, expected 2: $(head -1 args.tmp)"
}
expect_bad_args "receive without --nick" receive "127.0.0.1:$port" --into argdir
expect_bad_args "receive without --into" receive "127.0.0.1:$port" --nick argrx
expect_bad_args "--into not a folder" receive "127.0.0.1:$port" --nick argrx --into tiny.bin
expect_bad_args "--into missing" receive "127.0.0.1:$port" --nick argrx --into no-such-dir
expect_bad_args "--count 0" receive "127.0.0.1:$port" --nick argrx --into argdir --count 0
expect_bad_args "send without a file" send "127.0.0.1:$port" somebody
expect_bad_args "send a file that is not there" send "127.0.0.1:$port" somebody no-such-file
expect_bad_args "a bad HOST:PORT" send "127.0.0.1:99999" somebody tiny.bin
expect_bad_args "a bad nick" send "127.0.0.1:$port" somebody tiny.bin --nick "two words"
grep -q "argrx registered" host.out && bad "a command with bad arguments joined the chat"

# --- 2. Active, 20 MB, byte for byte --------------------------------------------------------------
head -c 20000000 /dev/urandom >big.bin
start_receiver rxbig in-big
send_file txbig rxbig big.bin
expect_status 0 "active 20 MB: the sender" txbig.out
end_of "$rx_pid" "the 20 MB receiver"
expect_status 0 "active 20 MB: the receiver" rxbig.out
same in-big/big.bin big.bin "active 20 MB"
grep -q "offer: big.bin (19.1 MiB) from txbig at 127.0.0.1:[0-9]" rxbig.out ||
    bad "active 20 MB: the receiver did not show the offer with the sender's address"
grep -q "received big.bin -> in-big/big.bin (19.1 MiB)" rxbig.out ||
    bad "active 20 MB: no 'received' line"
grep -q "sent big.bin to rxbig (19.1 MiB)" txbig.out || bad "active 20 MB: no 'sent' line"
[[ -e in-big/big.bin.part ]] && bad "active 20 MB: the .part is still there"
rm -f in-big/big.bin

# --- 3. A name with spaces (active), and passive with a name with spaces --------------------------
head -c 300000 /dev/urandom >"my file with spaces.txt"
start_receiver rxspace in-space
send_file txspace rxspace "my file with spaces.txt"
expect_status 0 "a name with spaces: the sender" txspace.out
end_of "$rx_pid" "the receiver of a name with spaces"
expect_status 0 "a name with spaces: the receiver" rxspace.out
same "in-space/my file with spaces.txt" "my file with spaces.txt" "a name with spaces"

head -c 3000000 /dev/urandom >"passive notes.bin"
start_receiver rxpass in-pass
send_file txpass rxpass "passive notes.bin" --passive
expect_status 0 "passive: the sender" txpass.out
end_of "$rx_pid" "the passive receiver"
expect_status 0 "passive: the receiver" rxpass.out
same "in-pass/passive notes.bin" "passive notes.bin" "passive"
grep -q "offer: passive notes.bin (2.9 MiB) from txpass, passive" rxpass.out ||
    bad "passive: the receiver did not show a passive offer"
grep -q "waiting for txpass to answer (passive: we listen)" rxpass.out ||
    bad "passive: the receiver did not say it listens"
grep -q "connecting to 127.0.0.1:" txpass.out || bad "passive: the sender did not connect"

# --- 4. --count 2: two senders at once ------------------------------------------------------------
head -c 1500000 /dev/urandom >one.bin
head -c 1700000 /dev/urandom >two.bin
start_receiver rxtwo in-two --count 2
send_file txone rxtwo one.bin &
one_pid=$!
send_file txtwo rxtwo two.bin &
two_pid=$!
pids+=("$one_pid" "$two_pid")
wait "$one_pid"
status=$?
expect_status 0 "--count 2: the first sender" txone.out
wait "$two_pid"
status=$?
expect_status 0 "--count 2: the second sender" txtwo.out
end_of "$rx_pid" "the --count 2 receiver"
expect_status 0 "--count 2: the receiver" rxtwo.out
same in-two/one.bin one.bin "--count 2, first file"
same in-two/two.bin two.bin "--count 2, second file"

# --- 5. --from: another nick's offer is declined (DCC REJECT); its sender says so (status 1) ------
head -c 200000 /dev/urandom >from-alice.bin
head -c 200000 /dev/urandom >from-mallory.bin
start_receiver rxfrom in-from --from alice
send_file mallory rxfrom from-mallory.bin --timeout 30
expect_status 1 "--from: the sender whose file was declined" mallory.out
grep -q "DCC_DECLINED" mallory.out ||
    bad "--from: the declined offer's sender does not say why"
grep -q "offer: from-mallory.bin (195.3 KiB) from mallory" rxfrom.out ||
    bad "--from: the receiver did not show mallory's offer"
grep -q "declined: only offers from alice are taken" rxfrom.out ||
    bad "--from: the receiver did not say why it left mallory's offer"
kill -0 "$rx_pid" 2>/dev/null || bad "--from: the receiver exited after an offer it did not take"
send_file alice rxfrom from-alice.bin
expect_status 0 "--from: alice's sender" alice.out
end_of "$rx_pid" "the --from receiver"
expect_status 0 "--from: the receiver" rxfrom.out
same in-from/from-alice.bin from-alice.bin "--from alice"
[[ -e in-from/from-mallory.bin || -e in-from/from-mallory.bin.part ]] &&
    bad "--from: mallory's file was written"

# --- 6. An offer to a nick nobody has: status 1 ---------------------------------------------------
send_file txnobody nobody-here tiny.bin --timeout 20
expect_status 1 "an offer to a nick nobody has" txnobody.out
grep -qi "nobody-here.*no such nick\|401" txnobody.out ||
    bad "an offer to a nick nobody has: the error does not name the nick and ERR_NOSUCHNICK"

# --- 7. A name that exists already: "name (1).ext", the first one untouched -----------------------
mkdir in-dup
echo "the photo that was there" >in-dup/photo.jpg
head -c 100000 /dev/urandom >photo.jpg
start_receiver rxdup in-dup
send_file txdup rxdup photo.jpg
expect_status 0 "a name that exists: the sender" txdup.out
end_of "$rx_pid" "the receiver of a name that exists"
expect_status 0 "a name that exists: the receiver" rxdup.out
same "in-dup/photo (1).jpg" photo.jpg "a name that exists"
[[ $(cat in-dup/photo.jpg) == "the photo that was there" ]] ||
    bad "the existing photo.jpg was changed"

# --- 8. Progress lines for a large file (200 MiB, sparse: cheap to read) --------------------------
# The receiver is made slow (stopped 0.3 s, run 0.05 s, over and over) so that the transfer spans
# its progress interval (0.25 s) on any machine: the receiver's overdue tick after a stop sees
# bytes moved, and the sender's ticks see them while the receiver stands. Progress is required
# when this script saw the transfer going for 0.6 s or more (between "receiving" and its end).
truncate -s 200M large.bin
start_receiver rxlarge in-large
(
    while kill -STOP "$rx_pid" 2>/dev/null; do
        sleep 0.3
        kill -CONT "$rx_pid" 2>/dev/null || break
        sleep 0.05
    done
) &
slow_pid=$!
pids+=($slow_pid)
send_file txlarge rxlarge large.bin &
large_pid=$!
pids+=($large_pid)
wait_for rxlarge.out "receiving large.bin"
started=$(date +%s.%N)
while kill -0 "$large_pid" 2>/dev/null && ! grep -q "^received large.bin\|^!! large.bin" rxlarge.out
do
    sleep 0.05
done
took=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
wait "$large_pid"
status=$?
expect_status 0 "a large file: the sender" txlarge.out
end_of "$rx_pid" "the large file's receiver"
kill "$slow_pid" 2>/dev/null
wait "$slow_pid" 2>/dev/null
expect_status 0 "a large file: the receiver" rxlarge.out
[[ $(stat -c %s in-large/large.bin 2>/dev/null) == 209715200 ]] ||
    bad "a large file: in-large/large.bin is not 200 MiB"
cmp -s in-large/large.bin large.bin || bad "a large file: the bytes differ"
rm -f in-large/large.bin
if awk -v t="$took" 'BEGIN { exit !(t >= 0.6) }'; then
    grep -qE "^progress: large\.bin: [0-9]+% \([0-9.]+ MiB of 200\.0 MiB\), [0-9.]+ MiB/s" \
        rxlarge.out ||
        bad "a large file (${took} s): the receiver showed no progress line"
    grep -qE "^progress: large\.bin: [0-9]+% " txlarge.out ||
        bad "a large file (${took} s): the sender showed no progress line"
else
    echo "note: 200 MiB took only ${took} s here, even slowed down; progress lines not required"
fi

# --- 9. Resume: NAME.part holds the first bytes before the receive starts -------------------------
head -c 6000000 /dev/urandom >resume.bin
mkdir in-resume
head -c 2500000 resume.bin >in-resume/resume.bin.part
start_receiver rxres in-resume
send_file txres rxres resume.bin
expect_status 0 "resume: the sender" txres.out
end_of "$rx_pid" "the resuming receiver"
expect_status 0 "resume: the receiver" rxres.out
same in-resume/resume.bin resume.bin "resume"
[[ -e in-resume/resume.bin.part ]] && bad "resume: the .part is still there"
grep -q "waiting for txres to answer (resume)" rxres.out || bad "resume: the receiver did not ask"
grep -q "receiving resume.bin from txres (127.0.0.1:[0-9]*), resuming at 2.4 MiB" rxres.out ||
    bad "resume: the receiver does not say it resumed at 2.4 MiB"
grep -q "sending resume.bin to rxres (127.0.0.1:[0-9]*), resuming at 2.4 MiB" txres.out ||
    bad "resume: the sender does not say it resumed at 2.4 MiB"
[[ ! -e in-resume/"resume (1).bin" ]] || bad "resume: a second copy was written"

# --- 10. A raw IRC connection (this script): a foreign address, a path as the name ----------------
raw_pending=
raw_wait() { # FIXED-TEXT: reads fd 9 until a line has it (answering PING); sets $raw_line
    local deadline=$((SECONDS + 30)) part line
    while ((SECONDS < deadline)); do
        if IFS= read -r -t 1 part <&9; then
            line=${raw_pending}${part%$'\r'}
            raw_pending=
        else
            raw_pending+=$part
            continue
        fi
        printf '%s\n' "$line" >>raw.out
        [[ $line == PING* ]] && printf 'PONG %s\r\n' "${line#PING }" >&9
        if [[ $line == *"$1"* ]]; then
            raw_line=$line
            return 0
        fi
    done
    fail "the raw IRC connection never got: $1"
}
start_receiver rxraw in-raw
exec 9<>"/dev/tcp/127.0.0.1/$port" || fail "no raw connection to the host"
printf 'NICK rawpeer\r\nUSER rawpeer 0 * :raw peer\r\n' >&9
raw_wait " 001 rawpeer "
# 10.0.0.2:5000 (167772162): not rawpeer's address. Refused, never connected to.
printf 'PRIVMSG rxraw :\001DCC SEND foreign.txt 167772162 5000 100\001\r\n' >&9
wait_for rxraw.out "refused foreign.txt from rawpeer"
grep -q "refused foreign.txt from rawpeer: .*DCC_FOREIGN_ADDRESS" rxraw.out ||
    bad "a foreign address: the refusal does not name DCC_FOREIGN_ADDRESS"
grep -q "10\.0\.0\.2" rxraw.out ||
    bad "a foreign address: the refusal does not say where it pointed"
grep -q "connecting to 10\.0\.0\.2" rxraw.out && bad "a foreign address: the receiver connected"
kill -0 "$rx_pid" 2>/dev/null || bad "a foreign address: the refused offer ended the receiver"
# A passive offer whose name is a path with characters Windows forbids: the receiver listens and
# answers; this script connects and sends the bytes.
printf 'the name was a path\n%.0s' $(seq 1 100) >sanitised.txt
size=$(stat -c %s sanitised.txt)
printf 'PRIVMSG rxraw :\001DCC SEND ../../evil<name>.txt 16843009 0 %s 77\001\r\n' "$size" >&9
raw_wait "PRIVMSG rawpeer :"$'\001'"DCC SEND "
reply=${raw_line#*$'\001'}
reply=${reply%$'\001'*}
read -r -a fields <<<"$reply"
n=${#fields[@]}
if ((n < 7)) || [[ ${fields[n - 1]} != 77 || ${fields[n - 2]} != "$size" ||
    ${fields[n - 4]} != 2130706433 ]]; then
    bad "the passive answer is not 'DCC SEND name 2130706433 port $size 77': $reply"
else
    exec 8<>"/dev/tcp/127.0.0.1/${fields[n - 3]}" || fail "cannot connect to the passive receiver"
    cat sanitised.txt >&8
    wait_for rxraw.out "received "
    exec 8>&-
fi
printf 'QUIT :done\r\n' >&9
exec 9>&-
end_of "$rx_pid" "the raw peer's receiver"
expect_status 0 "a path as the name: the receiver" rxraw.out
same "in-raw/evil_name_.txt" sanitised.txt "a path as the name"
[[ $(ls -A in-raw) == "evil_name_.txt" ]] ||
    bad "a path as the name: in-raw has $(ls -A in-raw | tr '\n' '|')"
[[ -e evil_name_.txt || -e "evil<name>.txt" || -e ../evil_name_.txt ]] &&
    bad "a path as the name: a file was written outside --into"

# --- 11. A full disk: a 1 MiB tmpfs in a mount namespace of the receiver's own --------------------
if [[ $(id -u) -ne 0 ]]; then
    echo "note: not root: the full-disk case (a 1 MiB tmpfs) was skipped"
elif ! unshare -m true 2>/dev/null; then
    echo "note: unshare -m does not work here: the full-disk case was skipped"
else
    head -c 3000000 /dev/urandom >three.bin
    mkdir full
    # Inside: the tmpfs (gone with the namespace), the receiver, then what it left.
    FULL_CLI=$cli FULL_PORT=$port unshare -m bash -c '
        mount -t tmpfs -o size=1m tmpfs full || { echo "mount failed" >full.status; exit; }
        "$FULL_CLI" receive "127.0.0.1:$FULL_PORT" --nick rxfull --into full >rxfull.out 2>&1
        echo $? >full.status
        ls -A full >full.ls
        stat -c %s full/three.bin.part >full.partsize 2>/dev/null
        cmp -s -n "$(cat full.partsize)" full/three.bin.part three.bin && echo same >full.cmp
    ' &
    full_pid=$!
    pids+=($full_pid)
    wait_for rxfull.out "ready: rxfull takes"
    send_file txfull rxfull three.bin
    expect_status 1 "a full disk: the sender" txfull.out
    end_of "$full_pid" "the full-disk receiver"
    if [[ $(cat full.status 2>/dev/null) == "mount failed" ]]; then
        echo "note: mounting a tmpfs failed: the full-disk case was skipped"
    else
        [[ $(cat full.status 2>/dev/null) == 1 ]] ||
            bad "a full disk: the receiver's status is $(cat full.status 2>/dev/null), expected 1"
        grep -q "!! three.bin: .*ENOSPC (28)" rxfull.out || bad "a full disk: ENOSPC is not named"
        grep -q "(kept: full/three.bin.part)" rxfull.out ||
            bad "a full disk: the kept .part is not named"
        [[ $(cat full.ls 2>/dev/null) == "three.bin.part" ]] ||
            bad "a full disk: the tmpfs held '$(tr '\n' '|' <full.ls)', expected three.bin.part"
        partsize=$(cat full.partsize 2>/dev/null)
        [[ -n $partsize && $partsize -gt 0 && $partsize -le 1048576 ]] ||
            bad "a full disk: the .part has ${partsize:-no} bytes"
        [[ -f full.cmp ]] || bad "a full disk: the .part is not the start of the file"
    fi
fi

if ((${#failures[@]} > 0)); then
    echo "${#failures[@]} check(s) failed:"
    for f in "${failures[@]}"; do echo "  - $f"; done
    show_outputs
    exit 1
fi
echo "PASS: lanchat-cli send and receive"
