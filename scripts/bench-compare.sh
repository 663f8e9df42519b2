#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs lanchat-irc-bench side by side against a LanChat host (select loop and epoll loop) and
# against ngircd (Debian's /usr/sbin/ngircd), with flood control and client limits relaxed on
# both alike, on loopback only, and prints each case's figures and the ratios LanChat/ngircd.
#
#   scripts/bench-compare.sh [--quick] [--repeat N] [--cases a,b,c,d,t] [--build DIR]
#
# Cases (the targets of issue 3; a 2-core machine with the generator sharing it):
#   a  50 clients, 5 senders at full speed: deliveries/s (target: LanChat >= 2x ngircd)
#   b  200 clients, 10 senders at 20 msg/s each: latency (target: p99 <= 3 ms)
#   c  1,000 clients, 10 senders at 10 msg/s each: latency (target: p99 <= 5 ms; the select loop
#      serves what FD_SETSIZE allows and refuses the rest), then 10,000 idle clients (epoll, ngircd)
#   d  memory per idle registered client: (RSS with N - RSS with none) / N (target: <= 16 KiB)
#   t  TLS (issue 16): case a's load for deliveries/s and case b's for latency, against LanChat
#      (epoll) plain and over TLS and ngircd plain and over TLS (its own [SSL] port, a test
#      certificate made here by openssl); the generator pins each certificate's fingerprint
#      (targets: TLS >= 1/2 of LanChat's plain throughput and >= 3x ngircd over TLS; TLS p99
#      <= 1.5x LanChat's plain p99)
#
# Every figure is the median of --repeat runs (3; 1 with --quick), each against a fresh server.
# The generator and the servers are separate processes; `ulimit -n` is raised for all of them.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
quick=0
repeat=
cases=a,b,c,d,t
build=
while [[ $# -gt 0 ]]; do
    case $1 in
    --quick) quick=1 ;;
    --repeat) repeat=$2; shift ;;
    --cases) cases=$2; shift ;;
    --build) build=$2; shift ;;
    -h | --help) sed -n '3,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-compare: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[[ -n $repeat ]] || repeat=$((quick ? 1 : 3))
if [[ -z $build ]]; then
    for dir in build/bench build/ci build/dev; do
        if [[ -x $here/$dir/tests/bench/lanchat-irc-bench && -x $here/$dir/app/cli/lanchat-cli ]]; then
            build=$here/$dir
            break
        fi
    done
fi
cli=$build/app/cli/lanchat-cli
bench=$build/tests/bench/lanchat-irc-bench
ngircd=${NGIRCD:-/usr/sbin/ngircd}
for program in "$cli" "$bench" "$ngircd"; do
    [[ -x $program ]] || { echo "bench-compare: $program is missing (build first)" >&2; exit 2; }
done

export LANCHAT_PRESENCE=loopback
ulimit -n "$(ulimit -Hn)" 2>/dev/null
if [[ $(ulimit -n) != unlimited && $(ulimit -n) -lt 10100 ]]; then
    echo "bench-compare: ulimit -n is $(ulimit -n); the 10,000-client case needs 10,100" >&2
fi

work=$(mktemp -d /tmp/bench-compare.XXXXXX)
chmod 755 "$work"
server_pid=
idle_pid=
cleanup() {
    [[ -n $idle_pid ]] && kill "$idle_pid" 2>/dev/null
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ((quick)); then
    a_messages=5000 b_messages=60 c_messages=30 idle_many=2000
else
    a_messages=20000 b_messages=200 c_messages=100 idle_many=10000
fi

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# A self-signed certificate for ngircd's TLS port, made once: an ECDSA P-256 key, as LanChat's
# own. Sets ngircd_fingerprint (as openssl prints it, the form the generator takes).
ngircd_certificate() {
    [[ -n ${ngircd_fingerprint:-} ]] && return 0
    mkdir -p "$work/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj /CN=ngircd.bench -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" \
        >"$work/tls/openssl.out" 2>&1 || { cat "$work/tls/openssl.out" >&2; exit 1; }
    chmod 644 "$work/tls/key.pem" "$work/tls/cert.pem" # ngircd may read them as nobody
    ngircd_fingerprint=$(openssl x509 -noout -fingerprint -sha256 -in "$work/tls/cert.pem" |
        sed 's/.*=//')
}

rss_kib() {
    sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"
}

# start_server NAME: lanchat-select, lanchat-epoll or ngircd, plain; lanchat-epoll-tls or
# ngircd-tls, TLS. Sets server_pid, port (the TLS port for a TLS server) and tls_args (the
# generator's TLS options: the certificate's fingerprint pinned).
start_server() {
    local name=$1 dir=$work/$1 tls_port=off loop
    rm -rf "$dir"
    mkdir -p "$dir"
    port=$(free_port)
    tls_args=()
    [[ $name == *-tls ]] && tls_port=$(free_port)
    case $name in
    lanchat-*)
        loop=${name#lanchat-}
        cat >"$dir/relaxed.toml" <<'TOML'
[limits]
flood_lines_per_second = 0
max_clients = 20000
max_clients_per_address = 20000
ping_interval_s = 600
TOML
        "$cli" host --port "$port" --tls-port "$tls_port" --bind 127.0.0.1 --loop "${loop%-tls}" \
            --state-dir "$dir/state" --config "$dir/relaxed.toml" >"$dir/server.out" 2>&1 &
        server_pid=$!
        ;;
    ngircd*)
        chmod 1777 "$dir" # ngircd drops to nobody before it writes its pid file
        local ssl=
        if [[ $tls_port != off ]]; then
            ngircd_certificate
            ssl=$(printf '[SSL]\nCertFile = %s\nKeyFile = %s\nPorts = %s\n' \
                "$work/tls/cert.pem" "$work/tls/key.pem" "$tls_port")
        fi
        cat >"$dir/ngircd.conf" <<CONF
[Global]
Name = ngircd.bench
Info = lanchat benchmark
Listen = 127.0.0.1
Ports = $port
PidFile = $dir/ngircd.pid
MotdPhrase = benchmark
$( ((EUID == 0)) && printf 'ServerUID = 65534\nServerGID = 65534\n')
[Limits]
MaxConnections = 0
MaxConnectionsIP = 0
MaxJoins = 0
MaxNickLength = 30
MaxPenaltyTime = 0
PingTimeout = 600
PongTimeout = 600
[Options]
DNS = no
Ident = no
PAM = no
$ssl
CONF
        "$ngircd" -n -f "$dir/ngircd.conf" >"$dir/server.out" 2>&1 &
        server_pid=$!
        ;;
    esac
    [[ $tls_port != off ]] && port=$tls_port
    for _ in $(seq 1 100); do
        if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$port),1).close()" \
            2>/dev/null; then
            sleep 0.3 # let the probe's connection go
            [[ $tls_port == off ]] && return 0
            local fingerprint=${ngircd_fingerprint:-}
            if [[ $name == lanchat-* ]]; then # the host prints its certificate's fingerprint
                fingerprint=$(sed -n 's/.*for clients to check: \([0-9A-F:]*\).*/\1/p' \
                    "$dir/server.out" | head -1)
            fi
            tls_args=(--tls-fingerprint "$fingerprint")
            [[ -n $fingerprint ]] && return 0
            echo "bench-compare: $name told no certificate fingerprint" >&2
            break
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench-compare: $name did not start:" >&2
    cat "$dir/server.out" >&2
    exit 1
}

stop_server() {
    [[ -n $server_pid ]] || return
    kill -INT "$server_pid" 2>/dev/null
    for _ in $(seq 1 50); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
}

# field LINE KEY: the value of KEY=VALUE in a result line.
field() {
    sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'
}

# ratio A B: A/B with two decimals.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0 && a != "-") printf "%.2f", a / b; else print "-"}'
}

servers=(lanchat-select lanchat-epoll ngircd)
declare -A result

# run_case CASE SERVER BENCH-ARGS...: median deliveries/s, p50, p99, p99.9 of --repeat runs.
run_case() {
    local tag=$1 server=$2 i line out rates=() p50s=() p99s=() p999s=() members=- refused=- bad=0
    shift 2
    for ((i = 1; i <= repeat; ++i)); do
        start_server "$server"
        out=$("$bench" --target "127.0.0.1:$port" --loop epoll "${tls_args[@]}" "$@" 2>&1)
        line=$(grep '^result:' <<<"$out")
        stop_server
        if [[ -z $line ]]; then
            echo "  $server run $i failed:" >&2
            sed 's/^/    /' <<<"$out" >&2
            bad=1
            continue
        fi
        if [[ $(field "$line" losses) != 0 || $(field "$line" errors) != 0 ]]; then
            echo "  $server run $i: losses $(field "$line" losses), errors $(field "$line" errors)" >&2
            bad=1
        fi
        rates+=("$(field "$line" deliveries_per_s)")
        p50s+=("$(field "$line" p50_ms)")
        p99s+=("$(field "$line" p99_ms)")
        p999s+=("$(field "$line" p999_ms)")
        members=$(field "$line" members)
        refused=$(field "$line" refused)
        printf '  %-15s run %d: %s\n' "$server" "$i" "${line#result: }" >&2
    done
    result[$tag.$server.rate]=$(median "${rates[@]}")
    result[$tag.$server.p50]=$(median "${p50s[@]}")
    result[$tag.$server.p99]=$(median "${p99s[@]}")
    result[$tag.$server.p999]=$(median "${p999s[@]}")
    result[$tag.$server.members]=$members
    result[$tag.$server.refused]=$refused
    result[$tag.$server.bad]=$bad
}

# run_idle SERVER N: connects N idle registered clients; sets result[idleN.SERVER.*] (RSS before
# and with them, KiB per client, registered, refused, connect time).
run_idle() {
    local server=$1 n=$2 tag=idle$2 before with ready="" out=$work/idle.out i
    start_server "$server"
    sleep 0.5
    before=$(rss_kib "$server_pid")
    "$bench" --target "127.0.0.1:$port" --loop epoll --idle --clients "$n" --hold 0 \
        --connect-timeout 300 --allow-refused >"$out" 2>&1 &
    idle_pid=$!
    for _ in $(seq 1 3000); do
        ready=$(grep '^ready:' "$out")
        [[ -n $ready ]] && break
        kill -0 "$idle_pid" 2>/dev/null || break
        sleep 0.1
    done
    sleep 1 # let the last replies leave the host's queues
    with=$(rss_kib "$server_pid")
    kill -INT "$idle_pid" 2>/dev/null
    wait "$idle_pid" 2>/dev/null
    idle_pid=
    stop_server
    if [[ -z $ready ]]; then
        echo "  $server: $n idle clients did not get ready:" >&2
        sed 's/^/    /' "$out" >&2
        return
    fi
    local registered refused connect_ms
    registered=$(field "$ready" registered)
    refused=$(field "$ready" refused)
    connect_ms=$(sed -n 's/^connect time: *\([0-9.]*\) ms.*/\1/p' "$out")
    result[$tag.$server.registered]=$registered
    result[$tag.$server.refused]=$refused
    result[$tag.$server.connect_ms]=$connect_ms
    result[$tag.$server.rss0]=$before
    result[$tag.$server.rss]=$with
    result[$tag.$server.per]=$(awk -v a="$with" -v b="$before" -v n="$registered" \
        'BEGIN {if (n > 0) printf "%.1f", (a - b) / n; else print "-"}')
    printf '  %-15s %d idle: registered %s, refused %s, connect %s ms, RSS %s -> %s KiB\n' \
        "$server" "$n" "$registered" "$refused" "$connect_ms" "$before" "$with" >&2
}

verdict() { # verdict CONDITION-TRUE?
    if [[ $1 == 1 ]]; then echo "met"; else echo "MISSED"; fi
}

echo "bench-compare: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $repeat run(s) per figure"
echo "  LanChat: $cli"
echo "  ngircd:  $("$ngircd" --version 2>/dev/null | head -1 | cut -d- -f1)"
echo "  generator: $bench (epoll loop)"
echo

if [[ $cases == *a* ]]; then
    echo "case a: 50 clients, 5 senders x $a_messages messages at full speed" >&2
    for s in "${servers[@]}"; do
        run_case a "$s" --clients 50 --senders 5 --messages "$a_messages"
    done
fi
if [[ $cases == *b* ]]; then
    echo "case b: 200 clients, 10 senders x $b_messages messages at 20/s" >&2
    for s in "${servers[@]}"; do
        run_case b "$s" --clients 200 --senders 10 --messages "$b_messages" --rate 20
    done
fi
if [[ $cases == *c* ]]; then
    echo "case c: 1,000 clients, 10 senders x $c_messages messages at 10/s" >&2
    for s in "${servers[@]}"; do
        run_case c "$s" --clients 1000 --senders 10 --messages "$c_messages" --rate 10 --allow-refused
    done
fi
if [[ $cases == *c* || $cases == *d* ]]; then
    echo "cases c/d: idle registered clients (memory; and $idle_many with epoll)" >&2
    for s in "${servers[@]}"; do
        run_idle "$s" 1000
    done
    for s in "${servers[@]}"; do # select: what FD_SETSIZE allows, the rest refused
        run_idle "$s" "$idle_many"
    done
fi
tls_servers=(lanchat-epoll lanchat-epoll-tls ngircd ngircd-tls)
if [[ $cases == *t* ]]; then
    echo "case t: TLS and plain; 50 clients, 5 senders x $a_messages at full speed" >&2
    for s in "${tls_servers[@]}"; do
        run_case ta "$s" --clients 50 --senders 5 --messages "$a_messages"
    done
    echo "case t: TLS and plain; 200 clients, 10 senders x $b_messages at 20/s" >&2
    for s in "${tls_servers[@]}"; do
        run_case tb "$s" --clients 200 --senders 10 --messages "$b_messages" --rate 20
    done
fi

r() { echo "${result[$1]:--}"; }

echo
if [[ $cases == *a* ]]; then
    echo "a. 50 clients, 5 senders at full speed (deliveries/s, median of $repeat)"
    printf '   %-15s %12s %8s %10s\n' server deliveries/s "p50 ms" "vs ngircd"
    for s in "${servers[@]}"; do
        printf '   %-15s %12s %8s %10s\n' "$s" "$(r a.$s.rate)" "$(r a.$s.p50)" \
            "$(ratio "$(r a.$s.rate)" "$(r a.ngircd.rate)")"
    done
    for s in lanchat-select lanchat-epoll; do
        ok=$(awk -v x="$(ratio "$(r a.$s.rate)" "$(r a.ngircd.rate)")" 'BEGIN {print (x >= 2) ? 1 : 0}')
        echo "   target $s >= 2x ngircd: $(verdict "$ok")"
    done
    echo
fi
latency_table() { # latency_table CASE TITLE LIMIT
    local tag=$1 limit=$3 s ok
    echo "$2 (ms, median of $repeat)"
    printf '   %-15s %8s %8s %8s %8s %8s %10s\n' server members refused p50 p99 p99.9 "p99 ratio"
    for s in "${servers[@]}"; do
        printf '   %-15s %8s %8s %8s %8s %8s %10s\n' "$s" "$(r $tag.$s.members)" \
            "$(r $tag.$s.refused)" "$(r $tag.$s.p50)" "$(r $tag.$s.p99)" "$(r $tag.$s.p999)" \
            "$(ratio "$(r $tag.$s.p99)" "$(r $tag.ngircd.p99)")"
    done
    for s in lanchat-select lanchat-epoll; do
        ok=$(awk -v x="$(r $tag.$s.p99)" -v l="$limit" 'BEGIN {print (x != "-" && x <= l) ? 1 : 0}')
        echo "   target $s p99 <= $limit ms: $(verdict "$ok")"
    done
    echo
}
[[ $cases == *b* ]] && latency_table b "b. 200 clients, 10 senders at 20 msg/s" 3
[[ $cases == *c* ]] && latency_table c "c. 1,000 clients, 10 senders at 10 msg/s" 5
if [[ $cases == *c* || $cases == *d* ]]; then
    echo "c/d. idle registered clients: memory = (RSS with N - RSS with none) / N"
    printf '   %-15s %7s %10s %8s %11s %9s %9s %10s\n' server N registered refused "connect ms" \
        "RSS0 KiB" "RSS KiB" "KiB/client"
    for n in 1000 "$idle_many"; do
        for s in "${servers[@]}"; do
            [[ -n ${result[idle$n.$s.rss]:-} ]] || continue
            printf '   %-15s %7s %10s %8s %11s %9s %9s %10s\n' "$s" "$n" \
                "$(r idle$n.$s.registered)" "$(r idle$n.$s.refused)" "$(r idle$n.$s.connect_ms)" \
                "$(r idle$n.$s.rss0)" "$(r idle$n.$s.rss)" "$(r idle$n.$s.per)"
        done
    done
    for s in lanchat-select lanchat-epoll; do
        worst=$(printf '%s\n' "$(r idle1000.$s.per)" "$(r idle$idle_many.$s.per)" | grep -v '^-$' |
            sort -g | tail -1)
        ok=$(awk -v x="${worst:--}" 'BEGIN {print (x != "-" && x <= 16) ? 1 : 0}')
        echo "   target $s <= 16 KiB per idle client: $(verdict "$ok")"
    done
    ok=$(awk -v x="$(r idle$idle_many.lanchat-epoll.registered)" -v n="$idle_many" \
        'BEGIN {print (x == n) ? 1 : 0}')
    echo "   target lanchat-epoll holds all $idle_many idle clients: $(verdict "$ok")"
fi
if [[ $cases == *t* ]]; then
    echo
    echo "t. TLS: deliveries/s with 50 clients, 5 senders at full speed; latency (ms) with 200"
    echo "   clients, 10 senders at 20 msg/s (median of $repeat)"
    printf '   %-18s %12s %9s %11s %8s %8s %8s %9s\n' server deliveries/s "vs plain" \
        "vs ngircd" p50 p99 p99.9 "p99/plain"
    for s in "${tls_servers[@]}"; do
        plain=lanchat-epoll other=ngircd-tls
        [[ $s == ngircd* ]] && plain=ngircd
        [[ $s == *-tls ]] || other=ngircd
        printf '   %-18s %12s %9s %11s %8s %8s %8s %9s\n' "$s" "$(r ta.$s.rate)" \
            "$(ratio "$(r ta.$s.rate)" "$(r ta.$plain.rate)")" \
            "$(ratio "$(r ta.$s.rate)" "$(r ta.$other.rate)")" "$(r tb.$s.p50)" \
            "$(r tb.$s.p99)" "$(r tb.$s.p999)" "$(ratio "$(r tb.$s.p99)" "$(r tb.$plain.p99)")"
    done
    x=$(ratio "$(r ta.lanchat-epoll-tls.rate)" "$(r ta.lanchat-epoll.rate)")
    echo "   target LanChat TLS >= 0.5x LanChat plain deliveries/s: $(verdict \
        "$(awk -v x="$x" 'BEGIN {print (x != "-" && x >= 0.5) ? 1 : 0}')") ($x)"
    x=$(ratio "$(r ta.lanchat-epoll-tls.rate)" "$(r ta.ngircd-tls.rate)")
    echo "   target LanChat TLS >= 3x ngircd over TLS deliveries/s: $(verdict \
        "$(awk -v x="$x" 'BEGIN {print (x != "-" && x >= 3) ? 1 : 0}')") ($x)"
    x=$(ratio "$(r tb.lanchat-epoll-tls.p99)" "$(r tb.lanchat-epoll.p99)")
    echo "   target LanChat TLS p99 <= 1.5x LanChat plain p99: $(verdict \
        "$(awk -v x="$x" 'BEGIN {print (x != "-" && x <= 1.5) ? 1 : 0}')") ($x)"
fi
