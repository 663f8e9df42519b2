#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Presence on a real (virtual) LAN: three network namespaces on a bridge, 10.77.0.0/24, each
# with its own veth. Nothing here touches the machine's own interfaces: the bridge lives in a
# namespace of its own too (or, rootless, in the one user+network namespace holding it all).
#
#   node 1  10.77.0.11  lanchat-cli host, presence auto: announces by directed broadcast
#                       (10.77.0.255) and limited broadcast (255.255.255.255), on the default
#                       presence port 6667, as on a real LAN
#   node 2  10.77.0.12  lanchat-cli discover --json, started before the host: it can only learn
#                       of the host from the host's broadcast announce; then lanchat-cli join
#   node 3  10.77.0.13  lanchat-cli discover --json after the host is up (its broadcast query
#                       answered by unicast), and once more asking 255.255.255.255 only; then
#                       lanchat-cli join: a line typed in node 2 reaches node 3 over TCP
#   node 1  again       lanchat-cli discover lists the two members (people) by their addresses
#
#   namespace_lan_test.sh CLI
#
# As root: named namespaces (ip netns), unique per run, deleted on exit. Otherwise: rootless,
# the script runs again inside `unshare -Urn` (bridge and veths in that namespace, a nested
# `unshare -n` per node). Commands enter a namespace with nsenter. Where no namespace can be
# made, it prints why and exits 77 (CTest: skipped) -- except where it must run:
# LANCHAT_NETNS_REQUIRED=1, or as root with CI set (CI runs it as root) unless
# LANCHAT_NETNS_REQUIRED=0; there a skip is a failure.
set -uo pipefail

cli=$(realpath "$1")
[[ -x $cli ]] || { echo "FAIL: no lanchat-cli at $1"; exit 1; }
subnet=10.77.0
nodes=(1 2 3)

required=${LANCHAT_NETNS_REQUIRED:-}
if [[ -z $required ]]; then
    if [[ -n ${CI:-} && $(id -u) -eq 0 && -z ${LANCHAT_NSLAN_INNER:-} ]]; then required=1; else required=0; fi
fi
skip() {
    echo "SKIP: network namespaces cannot be made here: $*"
    if [[ $required == 1 ]]; then
        echo "FAIL: LANCHAT_NETNS_REQUIRED (or CI as root): this test must run, not skip"
        exit 1
    fi
    exit 77
}

command -v ip >/dev/null || skip "no 'ip' command (Debian package iproute2)"
command -v nsenter >/dev/null || skip "no nsenter (Debian package util-linux)"

# --- which kind of namespaces ---------------------------------------------------------------
prefix="lanchat-lan-$$-$RANDOM"
if [[ -n ${LANCHAT_NSLAN_INNER:-} ]]; then
    mode=rootless # we are the copy inside unshare -Urn
else
    mode=
    netns_error="not root"
    if [[ $(id -u) -eq 0 ]]; then
        if netns_error=$(ip netns add "$prefix-probe" 2>&1); then
            ip netns del "$prefix-probe"
            mode=netns
        fi
    fi
    if [[ -z $mode ]]; then
        command -v unshare >/dev/null ||
            skip "ip netns: $netns_error; no unshare (util-linux) for the rootless way"
        if userns_error=$(unshare -Urn true 2>&1); then
            LANCHAT_NSLAN_INNER=1 LANCHAT_NETNS_REQUIRED=$required exec unshare -Urn -- bash "$0" "$cli"
        fi
        skip "ip netns: $netns_error; unshare -Urn: $userns_error"
    fi
fi
echo "namespaces: $mode"

work=$(mktemp -d)
chmod 755 "$work"
pids=()
made=()
declare -A node_pid
cleanup() {
    exec 5>&- 6>&- 2>/dev/null
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    if [[ $mode == netns ]]; then
        # Anything still running in our namespaces (started by this script) goes with them.
        for ns in "${made[@]}"; do
            for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
            ip netns del "$ns" 2>/dev/null
        done
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cd "$work" || exit 1

fail() {
    echo "FAIL: $*"
    for f in "$work"/*.out "$work"/*.err "$work"/*.json; do
        [[ -s $f ]] && { echo "--- $f"; cat -v "$f"; }
    done
    exit 1
}

# Runs a command in the bridge's namespace / in node N's namespace. nsenter, not `ip netns exec`:
# that one forks, so the pid kept for cleanup would be ip's and the program would outlive it.
on_lan() {
    if [[ $mode == netns ]]; then nsenter --net="/run/netns/$prefix-lan" -- "$@"; else "$@"; fi
}
on_node() {
    local n=$1
    shift
    if [[ $mode == netns ]]; then
        nsenter --net="/run/netns/$prefix-$n" -- "$@"
    else
        nsenter -t "${node_pid[$n]}" -n -- "$@"
    fi
}
# The same in the background: `spawn_on_node N CMD... &`. The exec replaces the subshell that
# runs the function, so $! is the program's own pid (and cleanup's kill reaches it).
spawn_on_node() {
    local n=$1
    shift
    if [[ $mode == netns ]]; then
        exec nsenter --net="/run/netns/$prefix-$n" -- "$@"
    else
        exec nsenter -t "${node_pid[$n]}" -n -- "$@"
    fi
}

setup() {
    local n target
    if [[ $mode == netns ]]; then
        ip netns add "$prefix-lan" && made+=("$prefix-lan") || return 1
    fi
    on_lan ip link set lo up || return 1
    on_lan ip link add br0 type bridge || return 1
    on_lan ip link set br0 up || return 1
    for n in "${nodes[@]}"; do
        if [[ $mode == netns ]]; then
            ip netns add "$prefix-$n" && made+=("$prefix-$n") || return 1
            target=$prefix-$n
        else
            unshare -n sleep infinity &
            node_pid[$n]=$!
            pids+=($!)
            # Wait until the child has its own namespace.
            for _ in $(seq 1 100); do
                [[ $(readlink "/proc/${node_pid[$n]}/ns/net") != $(readlink /proc/self/ns/net) ]] && break
                sleep 0.05
            done
            target=${node_pid[$n]}
        fi
        on_lan ip link add "veth$n" type veth peer name lan0 netns "$target" || return 1
        on_lan ip link set "veth$n" master br0 up || return 1
        on_node "$n" ip link set lo up || return 1
        on_node "$n" ip addr add "$subnet.$((10 + n))/24" brd + dev lan0 || return 1
        on_node "$n" ip link set lan0 up || return 1
        # A default route, so that 255.255.255.255 has a way out (onto the bridge only).
        on_node "$n" ip route add default dev lan0 || return 1
    done
}
# (Not in a subshell: the namespaces and pids it makes must be known to cleanup.)
if ! setup >setup.log 2>&1; then
    skip "setting up the bridge and veths ($mode): $(cat setup.log)"
fi
for n in "${nodes[@]}"; do
    on_node "$n" ip -brief addr show dev lan0
done

wait_for() { # FILE FIXED-TEXT [SECONDS]
    local deadline=$((SECONDS + ${3:-30}))
    while ((SECONDS < deadline)); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "$1 never showed: $2"
}

# The veths come up with IPv6 duplicate address detection and the like; wait until node 2 can
# reach node 1 at all (one ping over the bridge, where ping exists).
if command -v ping >/dev/null; then
    for _ in $(seq 1 50); do
        on_node 2 ping -c 1 -W 1 "$subnet.11" >/dev/null 2>&1 && break
        sleep 0.1
    done
fi

# check_json FILE PYTHON-EXPRESSIONS...: each must hold for the parsed JSON `d`.
check_json() {
    local file=$1
    shift
    python3 - "$file" "$@" <<'PY' || fail "$file: see above"
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
hosts = d["hosts"]
people = d["people"]
targets = {t["address"]: t for t in d["presence"]["targets"]}
for check in sys.argv[2:]:
    if not eval(check):
        print("check failed:", check)
        sys.exit(1)
PY
}

# 1. Node 2 listens first; the host appears later and is heard by its broadcast announce.
spawn_on_node 2 "$cli" discover --json --timeout 5 --presence auto >early.json 2>early.err &
early_pid=$!
pids+=($early_pid)
sleep 1.5
spawn_on_node 1 "$cli" host --port 0 --name "Namespace LAN" --server-name lan.test \
    --state-dir "$work/state" --presence auto >host.out 2>&1 &
pids+=($!)
port=
for _ in $(seq 1 300); do
    port=$(sed -n 's/.* listening on .*:\([0-9]*\) with.*/\1/p' host.out 2>/dev/null | head -1)
    [[ -n $port ]] && break
    sleep 0.1
done
[[ -n $port ]] || fail "the host did not start"
grep -qF "announcing to $subnet.255, 255.255.255.255" host.out ||
    fail "the host does not announce to $subnet.255 and 255.255.255.255"
wait "$early_pid" || fail "discover (node 2) failed"
host_check=(
    'len(hosts) == 1'
    'hosts[0]["name"] == "Namespace LAN"'
    'hosts[0]["server_name"] == "lan.test"'
    "hosts[0][\"address\"] == \"$subnet.11\""
    "hosts[0][\"port\"] == $port"
)
check_json early.json "${host_check[@]}" \
    "set(targets) == {\"$subnet.255\", \"255.255.255.255\"}" \
    'all(t["sent"] >= 2 and t["errors"] == 0 for t in targets.values())' \
    "targets[\"$subnet.255\"][\"interface\"] == \"lan0\"" \
    'd["presence"]["port"] == 6667 and d["presence"]["listening"]'
echo "node 2 heard the host's announce: $(python3 -c 'import json, sys
print(json.dumps(json.load(open(sys.argv[1]))["hosts"][0]))' early.json)"

# 2. Node 3 asks once the host is up (broadcast query, unicast answer), then asks by the
#    limited broadcast alone.
on_node 3 "$cli" discover --json --timeout 1.5 --presence auto >late.json 2>late.err ||
    fail "discover (node 3) failed"
check_json late.json "${host_check[@]}" 'hosts[0]["rtt_ms"] is not None'
on_node 3 "$cli" discover --json --timeout 1.5 --presence 255.255.255.255 >limited.json \
    2>limited.err || fail "discover 255.255.255.255 (node 3) failed"
check_json limited.json "${host_check[@]}" 'list(targets) == ["255.255.255.255"]' \
    'targets["255.255.255.255"]["errors"] == 0'

# 3. Chat over TCP between the namespaces, to the address and port presence gave.
mkfifo ann.in bob.in
spawn_on_node 2 "$cli" join "$subnet.11:$port" --nick ann --presence auto <ann.in >ann.out 2>ann.err &
pids+=($!)
exec 5>ann.in
wait_for ann.out "#lan --> you joined"
spawn_on_node 3 "$cli" join "$subnet.11:$port" --nick bob --presence auto <bob.in >bob.out 2>bob.err 5>&- &
pids+=($!)
exec 6>bob.in
wait_for bob.out "#lan --> you joined"
wait_for ann.out "#lan --> bob joined"
printf 'hello from namespace 2\n' >&5
wait_for bob.out "#lan <ann> hello from namespace 2"
printf 'and back from namespace 3\n' >&6
wait_for ann.out "#lan <bob> and back from namespace 3"
grep -q "connected to $subnet.11:$port" ann.out || fail "ann is not connected to $subnet.11:$port"

# 4. The members announce too: the host's namespace sees both, by their own addresses.
on_node 1 "$cli" discover --json --timeout 1.5 --presence auto >people.json 2>people.err ||
    fail "discover (node 1) failed"
check_json people.json "${host_check[@]}" \
    'sorted(p["name"] for p in people) == ["ann", "bob"]' \
    "{p[\"name\"]: p[\"address\"] for p in people} == {\"ann\": \"$subnet.12\", \"bob\": \"$subnet.13\"}"

printf '/quit\n' >&5
printf '/quit\n' >&6
exec 5>&- 6>&-
echo "PASS: presence and chat across three network namespaces ($mode)"
