#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 17's figure: a 1 GiB file by DCC (lanchat-cli send -> lanchat-cli receive, through a
# lanchat-cli host; and lanchat-cli send -> WeeChat) against a plain TCP copy of the same file, on
# loopback only, in one run.
#
#   scripts/bench-dcc.sh [--quick] [--repeat N] [--size MIB] [--loops select,epoll]
#                        [--build DIR] [--compare DIR] [--weechat PROGRAM|off] [--dir DIR]
#                        [--keep-logs]
#
# The cases, interleaved run by run so that a noisy moment hits all of them alike:
#   plain      lanchat-tcp-copy (tests/bench/tcp_copy.cpp): the sender sendfile()s the whole file
#              to a blocking socket, the receiver recv()s 256 KiB at a time and write()s each
#              block to its file; nothing of netcore. This is the reference.
#   plain-rw   the same with the sender read()ing and send()ing 64 KiB blocks (DCC's chunk), for
#              the analysis: what sendfile() alone is worth.
#   dcc-LOOP   lanchat-cli receive --loop LOOP, then lanchat-cli send --loop LOOP (active DCC: the
#              sender listens, the receiver connects); timed from the sender's "sending" line to
#              the receiver's "received" line (the file closed and renamed), each line stamped
#              as it arrives. The host (select loop) carries only the CTCP offer.
#   The plain copy is timed alike: from the receiver's accept() to its file's close.
#   dcc-LOOP*  with --compare DIR: the same with DIR's lanchat-cli (a patched build, say), in the
#              same rounds; its ratio to the plain copy is printed beside ours, not judged.
#   wee-LOOP   lanchat-cli send --loop LOOP to WeeChat (weechat-headless, its xfer plugin auto-
#              accepting files; one WeeChat, started once with a home of its own in the work
#              folder, connected to the same host). WeeChat tells nothing when the last byte is
#              in, so scripts/bench-dcc-watch.py looks at its NAME.part every 2 ms: timed from
#              the sender's "sending" line to the moment NAME.part has every byte, as dcc-LOOP
#              is. WeeChat then fsync()s the file, sleeps 100 ms, sends its last ack (xfer-dcc.c)
#              and renames NAME.part to NAME:
#   wee-LOOP+sync  the same runs timed to the rename (the file complete at its final name);
#              printed, not judged: the other receivers do not fsync.
#              The receiver's CPU is WeeChat's (utime + stime + cutime + cstime from
#              /proc/PID/stat, its xfer child included) from before the sender starts to the last
#              byte (to the rename for +sync), not a whole process's; the sender's is
#              lanchat-cli's, whole, as above. Needs weechat-headless (--weechat PROGRAM; off: no
#              WeeChat case; missing: skipped with a word).
# A warm-up round of every case comes first and is printed but not counted.
#
# Each case: MiB/s of --repeat runs (3; 1 with --quick) and their median, the ratio of the
# median to the plain copy's, and the CPU time (user + system, /usr/bin/time) of the sender and
# receiver processes per GiB (whole processes: the CLI's connecting and registering included).
# Every received file is compared with the source (cmp). Target (the issue gives no number):
# DCC >= 0.8x the plain copy, to LanChat and to WeeChat. The source file comes from /dev/urandom
# and is read once before the runs, so every run reads it from the page cache; received files
# are deleted and `sync`ed away after each run (no program but WeeChat fsyncs). Disk: the source
# plus one received copy (2x --size) in --dir (default: a new folder in $TMPDIR or /tmp), all
# deleted at the end.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
quick=0
repeat=
size_mib=
loops=select,epoll
build=
compare=
parent=${TMPDIR:-/tmp}
keep_logs=0
weechat=/usr/bin/weechat-headless
while [[ $# -gt 0 ]]; do
    case $1 in
    --quick) quick=1 ;;
    --repeat) repeat=$2; shift ;;
    --size) size_mib=$2; shift ;;
    --loops) loops=$2; shift ;;
    --build) build=$2; shift ;;
    --compare) compare=$2; shift ;;
    --weechat) weechat=$2; shift ;;
    --dir) parent=$2; shift ;;
    --keep-logs) keep_logs=1 ;;
    -h | --help) sed -n '3,49p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-dcc: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[[ -n $repeat ]] || repeat=$((quick ? 1 : 3))
[[ -n $size_mib ]] || size_mib=$((quick ? 256 : 1024))
if [[ -z $build ]]; then
    for dir in build/bench build/ci build/dev; do
        if [[ -x $here/$dir/tests/bench/lanchat-tcp-copy && -x $here/$dir/app/cli/lanchat-cli ]]; then
            build=$here/$dir
            break
        fi
    done
fi
[[ -z $compare || -x $compare/app/cli/lanchat-cli ]] ||
    { echo "bench-dcc: $compare/app/cli/lanchat-cli is missing" >&2; exit 2; }
for program in "$build/app/cli/lanchat-cli" "$build/tests/bench/lanchat-tcp-copy" /usr/bin/time; do
    [[ -x $program ]] || { echo "bench-dcc: $program is missing (build first)" >&2; exit 2; }
done
IFS=, read -r -a loop_list <<<"$loops"
python=/usr/bin/python3
[[ -x $python ]] || python=$(command -v python3)
if [[ $weechat == off ]]; then
    weechat=
elif [[ ! -x $weechat ]]; then
    echo "bench-dcc: $weechat is missing (Debian package weechat-headless): no WeeChat case" >&2
    weechat=
elif [[ -z $python ]]; then
    echo "bench-dcc: no python3 for scripts/bench-dcc-watch.py: no WeeChat case" >&2
    weechat=
fi

# Room: the source and one received copy, and a margin.
need_kib=$((size_mib * 2 * 1024 + 200 * 1024))
avail_kib=$(df -Pk "$parent" | awk 'NR == 2 {print $4}')
echo "bench-dcc: $(df -Ph "$parent" | awk 'NR == 2 {print $4}') free in $parent; this run needs" \
    "$((need_kib / 1024)) MiB (the source, one received copy, a margin)"
if [[ -z $avail_kib || $avail_kib -lt $need_kib ]]; then
    echo "bench-dcc: not enough room in $parent (--dir elsewhere, or --size smaller)" >&2
    exit 1
fi

export LANCHAT_PRESENCE=loopback
work=$(mktemp -d "$parent/bench-dcc.XXXXXX")
host_pid=
wee_pid=
# alive PID: PID runs (a child of ours that has ended stays a zombie until waited for).
alive() {
    local stat
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}
# WeeChat, in a session and process group of its own (setsid): SIGTERM to the group (WeeChat
# quits, ending an xfer child of its own), then SIGKILL to what is left after 5 s.
stop_weechat() {
    [[ -n $wee_pid ]] || return 0
    kill -TERM -- "-$wee_pid" 2>/dev/null || kill -TERM "$wee_pid" 2>/dev/null
    for _ in $(seq 1 50); do
        alive "$wee_pid" || break
        sleep 0.1
    done
    kill -KILL -- "-$wee_pid" 2>/dev/null
    wait "$wee_pid" 2>/dev/null
    wee_pid=
}
cleanup() {
    stop_weechat
    [[ -n $host_pid ]] && kill -INT "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
    if ((keep_logs)); then
        rm -rf "${work:?}/src" "${work:?}/in" "${work:?}/wee-in" "${work:?}/bin"
        echo "bench-dcc: logs kept in $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Copies, so that a rebuild during the run cannot change what is measured.
mkdir -p "$work/bin" "$work/src" "$work/in" "$work/logs"
cp "$build/app/cli/lanchat-cli" "$build/tests/bench/lanchat-tcp-copy" "$work/bin/"
cli=$work/bin/lanchat-cli
if [[ -n $compare ]]; then
    mkdir -p "$work/bin/compare"
    cp "$compare/app/cli/lanchat-cli" "$work/bin/compare/"
fi
copy=$work/bin/lanchat-tcp-copy

source_file=$work/src/dcc-bench.bin
echo "bench-dcc: making a ${size_mib} MiB file from /dev/urandom" >&2
head -c "${size_mib}M" /dev/urandom >"$source_file" || exit 1
cat "$source_file" >/dev/null # into the page cache: every run reads it from memory
size_bytes=$(stat -c %s "$source_file")

# stamp: each line of standard input with the time it arrived (bash's clock, no fork).
stamp() {
    local line
    while IFS= read -r line; do
        printf '%s %s\n' "$EPOCHREALTIME" "$line"
    done
}

# cpu FILE: user + system seconds from /usr/bin/time -f '%e %U %S'.
cpu() { awk 'END {printf "%.2f", $2 + $3}' "$1"; }
wall() { awk 'END {print $1}' "$1"; }

median() {
    printf '%s\n' "$@" | grep -v '^-$' | sort -g |
        awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0 && a != "-") printf "%.2f", a / b; else print "-"}'; }
mibps() { awk -v b="$size_bytes" -v s="$1" 'BEGIN {if (s > 0) printf "%.0f", b / 1048576 / s; else print "-"}'; }
per_gib() { awk -v b="$size_bytes" -v c="$1" 'BEGIN {if (c != "-") printf "%.2f", c / (b / 1073741824); else print "-"}'; }

# check FILE: the received copy is the source; then it goes (and its pages with it).
check() {
    local ok=0
    cmp -s "$source_file" "$1" && ok=1
    rm -f "$1"
    sync
    return $((1 - ok))
}

start_host() {
    "$cli" host --port 0 --bind 127.0.0.1 --tls-port off --loop select \
        --state-dir "$work/host-state" >"$work/logs/host.out" 2>&1 &
    host_pid=$!
    for _ in $(seq 1 100); do
        host_port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/logs/host.out" |
            head -1)
        [[ -n $host_port ]] && return 0
        kill -0 "$host_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench-dcc: the host did not start:" >&2
    cat "$work/logs/host.out" >&2
    exit 1
}

# start_weechat: weechat-headless with a home of its own in $work (never the user's: --dir and
# HOME), its irc, logger and xfer plugins only, connected to the host as "wee", taking every
# file offered into $work/wee-in (as tests/interop/dcc_interop_test.py drives it).
start_weechat() {
    local home=$work/weechat commands
    wee_in=$work/wee-in
    mkdir -p "$home" "$wee_in"
    commands=$(
        IFS=';'
        list=(
            "/set logger.file.flush_delay 0"
            "/server add lanchat 127.0.0.1/$host_port"
            '/set irc.server.lanchat.nicks "wee"'
            '/set irc.server.lanchat.username "wee"'
            "/set irc.server.lanchat.autoreconnect off"
            "/set xfer.file.auto_accept_files on"
            "/set xfer.file.download_path \"$wee_in\""
            "/set xfer.file.use_nick_in_filename off"
            "/set xfer.file.auto_resume off"
            "/set xfer.look.auto_open_buffer off"
            "/connect lanchat"
        )
        echo "${list[*]}"
    )
    HOME=$home TERM=dumb setsid "$weechat" --dir "$home" --no-connect --plugins irc,logger,xfer \
        --no-script --stdout --run-command "$commands" </dev/null >"$work/logs/weechat.out" 2>&1 &
    wee_pid=$!
    for _ in $(seq 1 200); do
        grep -qs ' wee registered from ' "$work/logs/host.out" && return 0
        alive "$wee_pid" || break
        sleep 0.1
    done
    echo "bench-dcc: WeeChat did not connect to the host:" >&2
    cat "$work/logs/weechat.out" "$home"/logs/*.weechatlog >&2 2>/dev/null
    exit 1
}

declare -A result # CASE.RUN.{rate,send_cpu,recv_cpu,send_wall}

# run_plain CASE RUN [--chunk BYTES]
run_plain() {
    local tag=$1 run=$2 log=$work/logs/$1.$2 port="" seconds
    shift 2
    /usr/bin/time -f '%e %U %S' -o "$log.recv.time" "$copy" receive 0 "$work/in/copy.bin" \
        >"$log.recv.out" 2>&1 &
    local receiver=$!
    for _ in $(seq 1 100); do
        port=$(awk '/^listening/ {print $2}' "$log.recv.out" 2>/dev/null)
        [[ -n $port ]] && break
        sleep 0.05
    done
    /usr/bin/time -f '%e %U %S' -o "$log.send.time" timeout 600 "$copy" send 127.0.0.1 "$port" \
        "$source_file" "$@" >"$log.send.out" 2>&1
    wait "$receiver"
    seconds=$(awk '/^received/ {print $3}' "$log.recv.out")
    if [[ -z $seconds ]] || ! check "$work/in/copy.bin"; then
        echo "  $tag run $run FAILED:" >&2
        cat "$log".*.out >&2
        rm -f "$work/in/copy.bin"
        return
    fi
    result[$tag.$run.rate]=$(mibps "$seconds")
    result[$tag.$run.send_cpu]=$(cpu "$log.send.time")
    result[$tag.$run.recv_cpu]=$(cpu "$log.recv.time")
    result[$tag.$run.send_wall]=$(wall "$log.send.time")
}

# run_dcc CASE RUN: CASE is dcc-LOOP (ours) or dcc-LOOP* (--compare's)
run_dcc() {
    local tag=$1 run=$2 log=$work/logs/${1//\*/-b}.$2 loop=${1#dcc-} program=$cli t0 t1 seconds name
    if [[ $loop == *'*' ]]; then
        loop=${loop%'*'}
        program=$work/bin/compare/lanchat-cli
    fi
    name=$(basename "$source_file")
    { /usr/bin/time -f '%e %U %S' -o "$log.recv.time" timeout 600 "$program" receive \
        "127.0.0.1:$host_port" --nick bob --from ada --count 1 --into "$work/in" --loop "$loop" \
        2>&1 >/dev/null; } 2>&1 | stamp >"$log.recv.out" &
    local receiver=$!
    for _ in $(seq 1 100); do
        grep -qs ' ready:' "$log.recv.out" && break
        sleep 0.05
    done
    { /usr/bin/time -f '%e %U %S' -o "$log.send.time" timeout 600 "$program" send \
        "127.0.0.1:$host_port" bob "$source_file" --nick ada --loop "$loop" \
        2>&1 >/dev/null; } 2>&1 | stamp >"$log.send.out"
    wait "$receiver"
    t0=$(awk '$2 == "sending" {print $1; exit}' "$log.send.out")
    t1=$(awk '$2 == "received" {print $1; exit}' "$log.recv.out")
    seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN {if (a != "" && b != "") printf "%.6f", b - a}')
    if [[ -z $seconds ]] || ! check "$work/in/$name"; then
        echo "  $tag run $run FAILED:" >&2
        cat "$log".*.out >&2
        rm -f "$work/in/$name" "$work/in/$name.part"
        return
    fi
    result[$tag.$run.rate]=$(mibps "$seconds")
    result[$tag.$run.send_cpu]=$(cpu "$log.send.time")
    result[$tag.$run.recv_cpu]=$(cpu "$log.recv.time")
    result[$tag.$run.send_wall]=$(wall "$log.send.time")
}

# run_wee CASE RUN: CASE is wee-LOOP, lanchat-cli send --loop LOOP -> WeeChat
run_wee() {
    local tag=$1 run=$2 log=$work/logs/$1.$2 loop=${1#wee-} name watcher t0 t1 t2 c0 c1 c2
    name=$(basename "$source_file")
    local part=$wee_in/$name.part final=$wee_in/$name
    if ! alive "$wee_pid"; then
        echo "  $tag run $run FAILED: WeeChat has ended" >&2
        return
    fi
    "$python" "$here/scripts/bench-dcc-watch.py" "$part" "$final" "$size_bytes" 660 "$wee_pid" \
        >"$log.watch.out" 2>&1 &
    watcher=$!
    for _ in $(seq 1 100); do
        grep -qs '^start' "$log.watch.out" && break
        sleep 0.05
    done
    { /usr/bin/time -f '%e %U %S' -o "$log.send.time" timeout 600 "$cli" send \
        "127.0.0.1:$host_port" wee "$source_file" --nick ada --loop "$loop" --timeout 30 \
        2>&1 >/dev/null; } 2>&1 | stamp >"$log.send.out"
    # WeeChat renames the file as soon as the sender has its last ack: 30 s for it, no more
    # (2 s if the sender did not get it).
    local tenths=20
    grep -qs ' sent ' "$log.send.out" && tenths=300
    for _ in $(seq 1 "$tenths"); do
        alive "$watcher" || break
        sleep 0.1
    done
    kill "$watcher" 2>/dev/null
    wait "$watcher" 2>/dev/null
    t0=$(awk '$2 == "sending" {print $1; exit}' "$log.send.out")
    read -r t1 c1 < <(awk '$1 == "full" {print $2, $3; exit}' "$log.watch.out")
    read -r t2 c2 < <(awk '$1 == "final" {print $2, $3; exit}' "$log.watch.out")
    c0=$(awk '$1 == "start" {print $3; exit}' "$log.watch.out")
    if [[ -z $t0 || -z $t1 || -z $t2 ]] || ! check "$final"; then
        echo "  $tag run $run FAILED:" >&2
        cat "$log".*.out >&2
        grep -hs 'xfer' "$work/weechat/logs/core.weechat.weechatlog" | tail -5 >&2
        rm -f "$final" "$part"
        return
    fi
    result[$tag.$run.rate]=$(mibps "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
    result[$tag+sync.$run.rate]=$(mibps "$(awk -v a="$t0" -v b="$t2" 'BEGIN {print b - a}')")
    result[$tag.$run.send_cpu]=$(cpu "$log.send.time")
    result[$tag.$run.recv_cpu]=$(awk -v a="$c0" -v b="$c1" -v hz="$clk_tck" \
        'BEGIN {printf "%.2f", (b - a) / hz}')
    result[$tag+sync.$run.recv_cpu]=$(awk -v a="$c0" -v b="$c2" -v hz="$clk_tck" \
        'BEGIN {printf "%.2f", (b - a) / hz}')
    result[$tag.$run.send_wall]=$(wall "$log.send.time")
}

r() { echo "${result[$1]:--}"; }

cases=(plain plain-rw)
for loop in "${loop_list[@]}"; do
    cases+=("dcc-$loop")
    [[ -n $compare ]] && cases+=("dcc-$loop*")
done
if [[ -n $weechat ]]; then
    for loop in "${loop_list[@]}"; do
        cases+=("wee-$loop")
    done
fi
clk_tck=$(getconf CLK_TCK)

echo "bench-dcc: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${size_mib} MiB," \
    "$repeat run(s) per case"
echo "  lanchat-cli: $build/app/cli/lanchat-cli"
[[ -n $compare ]] && echo "  compared (dcc-LOOP*): $compare/app/cli/lanchat-cli"
echo "  reference:   $build/tests/bench/lanchat-tcp-copy"
start_host
echo "  host: 127.0.0.1:$host_port (select loop; only the offer goes through it)"
if [[ -n $weechat ]]; then
    start_weechat
    echo "  WeeChat (wee-LOOP): $weechat $("$weechat" --version 2>/dev/null)," \
        "xfer auto-accepting; CPU: its share of the run (/proc), not a whole process"
fi
echo
sync
# Run 0 is a warm-up, not counted: on this VM the first writes after a while into memory the
# kernel has not used lately cost several times more than later ones (the figures show it).
for ((i = 0; i <= repeat; ++i)); do
    run_plain plain "$i"
    run_plain plain-rw "$i" --chunk 65536
    for c in "${cases[@]}"; do
        [[ $c == dcc-* ]] && run_dcc "$c" "$i"
        [[ $c == wee-* ]] && run_wee "$c" "$i"
    done
    line="  run $i:"
    ((i == 0)) && line="  run 0 (warm-up, not counted):"
    for c in "${cases[@]}"; do
        line+=" $c $(r "$c.$i.rate") MiB/s (CPU s: send $(r "$c.$i.send_cpu"), receive $(r "$c.$i.recv_cpu"));"
        [[ $c == wee-* ]] &&
            line+=" $c+sync $(r "$c+sync.$i.rate") MiB/s (receive $(r "$c+sync.$i.recv_cpu"));"
    done
    echo "${line%;}"
done

echo
printf '%-15s %-22s %8s %9s %14s %14s %8s\n' case "MiB/s (runs)" median "vs plain" \
    "send CPU s/GiB" "recv CPU s/GiB" "send s"
rows=()
for c in "${cases[@]}"; do
    rows+=("$c")
    [[ $c == wee-* ]] && rows+=("$c+sync")
done
for c in "${rows[@]}"; do
    runs=() send=() recv=() walls=()
    for ((i = 1; i <= repeat; ++i)); do
        runs+=("$(r "$c.$i.rate")")
        send+=("$(r "$c.$i.send_cpu")")
        recv+=("$(r "$c.$i.recv_cpu")")
        walls+=("$(r "$c.$i.send_wall")")
    done
    result[$c.rate]=$(median "${runs[@]}")
    printf '%-15s %-22s %8s %9s %14s %14s %8s\n' "$c" "$(IFS=/; echo "${runs[*]}")" \
        "$(r "$c.rate")" "$(ratio "$(r "$c.rate")" "$(r plain.rate)")" \
        "$(per_gib "$(median "${send[@]}")")" "$(per_gib "$(median "${recv[@]}")")" \
        "$(median "${walls[@]}")"
done
echo "(send s: the sending command's whole wall time, median; CPU: medians, whole processes)"
if [[ -n $weechat ]]; then
    echo "(wee-LOOP: to the last byte in WeeChat's NAME.part; wee-LOOP+sync: to its rename, after"
    echo " WeeChat's fsync() and 100 ms sleep, which the other receivers do not do: not judged;"
    echo " WeeChat's CPU: its share from before the sender starts, its xfer child included)"
fi
echo
status=0
for loop in "${loop_list[@]}"; do
    for c in "dcc-$loop" ${weechat:+"wee-$loop"}; do
        x=$(ratio "$(r "$c.rate")" "$(r plain.rate)")
        ok=$(awk -v x="$x" 'BEGIN {print (x != "-" && x >= 0.8) ? 1 : 0}')
        if ((ok)); then verdict=met; else verdict=MISSED; fi
        [[ $x == - ]] && status=1
        if [[ $c == dcc-* ]]; then
            echo "target: DCC ($loop loop) >= 0.8x the plain copy: $verdict ($x)"
        else
            echo "target: DCC to WeeChat ($loop loop) >= 0.8x the plain copy: $verdict ($x;" \
                "to the rename $(ratio "$(r "$c+sync.rate")" "$(r plain.rate)"))"
        fi
    done
done
exit "$status"
