#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Smoke run of the load generator against a LanChat host with flood control relaxed (as a
# benchmark must, on any server): small, so it only shows that both still work together; then
# again over the host's TLS port, its certificate pinned (where the host serves TLS).
#
#   bench_smoke.sh LANCHAT_CLI BENCH [EMULATOR...]
set -uo pipefail
cli=$1
bench=$2
shift 2
work=$(mktemp -d)
host_pid=
trap '[[ -n $host_pid ]] && kill $host_pid 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 1
cat >relaxed.toml <<'TOML'
[limits]
flood_lines_per_second = 0
max_clients = 1000
max_clients_per_address = 1000
TOML
"$@" "$cli" host --port 0 --bind 127.0.0.1 --state-dir state --config relaxed.toml >host.out 2>&1 &
host_pid=$!
port=
for _ in $(seq 1 300); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) with.*/\1/p' host.out | head -1)
    [[ -n $port ]] && break
    sleep 0.1
done
[[ -n $port ]] || { echo "FAIL: the host did not start"; cat host.out; exit 1; }
"$@" "$bench" --target "127.0.0.1:$port" --clients 20 --senders 4 --messages 200 | tee bench.out
status=${PIPESTATUS[0]}
tls_port=$(sed -n 's/.*TLS on 127\.0\.0\.1:\([0-9]*\);.*/\1/p' host.out | head -1)
fingerprint=$(sed -n 's/.*fingerprint, for clients to check: \([0-9A-F:]*\).*/\1/p' host.out | head -1)
tls_status=0
if [[ -n $tls_port && -n $fingerprint ]]; then
    "$@" "$bench" --target "127.0.0.1:$tls_port" --tls-fingerprint "$fingerprint" --clients 10 \
        --senders 2 --messages 100 | tee bench-tls.out
    tls_status=${PIPESTATUS[0]}
else
    echo "no TLS port on this host: $(grep -m1 'TLS' host.out || echo 'it said nothing of TLS')"
fi
kill -INT "$host_pid"
wait "$host_pid"
host_pid=
[[ $status -eq 0 ]] || { echo "FAIL: the benchmark exited with $status"; exit 1; }
grep -q '^losses: *0' bench.out || { echo "FAIL: messages were lost"; exit 1; }
if [[ -n $tls_port && -n $fingerprint ]]; then
    [[ $tls_status -eq 0 ]] || { echo "FAIL: the TLS benchmark exited with $tls_status"; exit 1; }
    grep -q '^losses: *0' bench-tls.out || { echo "FAIL: messages were lost over TLS"; exit 1; }
    grep -q '^tls: *TLSv1\.[23] .*, pinned$' bench-tls.out ||
        { echo "FAIL: the clients were not on TLS with the certificate pinned"; exit 1; }
fi
echo "PASS: benchmark smoke run"
