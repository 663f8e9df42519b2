#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs irctest (the IRC conformance suite, progval/irctest) against `lanchat-cli host`:
#
#   scripts/irctest.sh [OPTIONS] IRCTEST_CHECKOUT [LANCHAT_CLI] [-- PYTEST_ARGS...]
#
#   IRCTEST_CHECKOUT  a work tree of irctest (nothing of it is part of this repository)
#   LANCHAT_CLI       the binary to test (default: build/dev/app/cli/lanchat-cli)
#   -m, --modules A,B irctest server-test modules to run (default: the list of issue 15);
#                     a name is a file irctest/server_tests/NAME.py or a folder of them
#   --junit FILE      also keep pytest's JUnit XML report in FILE
#   --keep            keep the temporary folder (host configs and logs) and print its path
#   -- PYTEST_ARGS    passed on to pytest as they are (for example -k 'cap or who', -x)
#
# Needs Python 3 with pytest 7 or newer (Debian 12: apt-get install python3-pytest); nothing else.
# PYTHON chooses the interpreter; by default the first python3 that imports pytest.
#
# The host listens on a free port of 127.0.0.1 only and announces nothing (presence off), so no
# packet leaves the machine. Its configuration is the one irctest's own controllers give the
# servers they start: server name My.Little.Server, an operator operuser:operpassword, flood
# control off (the suite sends bursts), and enough connections per address for the suite, whose
# clients all come from 127.0.0.1. irctest's external-server controller does not start or restart
# the server, so one host serves every test in turn, as a long-running server would.
# Tests whose class needs a server password (connection_registration's
# PasswordedConnectionRegistrationTestCase) run in a second pass against a second host started
# with the password `testpassword`, as irctest's controllers would start it. A small pytest
# plugin, written at run time, fits irctest to Debian's pytest and to a server it did not start
# (see the comment above it below).
#
# Markers: not implementation-specific and not deprecated and not strict.
# Prints pytest's output, then passed/failed/skipped per module. The exit status is pytest's
# (0 only if no test failed), or 3 if a host died during the run.
set -uo pipefail
exec </dev/null

default_modules="connection_registration,pingpong,buffering,messages,cap,message_tags,\
echo_message,labeled_responses,multi_prefix,away,away_notify,extended_join,join,part,kick,\
invite,topic,names,who,whois,whowas,list,lusers,isupport,chmodes,monitor,chathistory,bot_mode,\
kill,oper,wallops,utf8,readq,quit,time,info,help"
markers='not implementation-specific and not deprecated and not strict'
passworded_class='connection_registration.py::PasswordedConnectionRegistrationTestCase'
server_password='testpassword'

# usage [STATUS]: prints the header's usage lines; to standard error unless STATUS is 0.
usage() {
    local status="${1:-2}"
    if [[ $status -eq 0 ]]; then
        sed -n '4,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
    else
        sed -n '4,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
    fi
    exit "$status"
}

modules="$default_modules"
junit=""
keep=0
positional=()
pytest_extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    -m | --modules)
        [[ $# -ge 2 ]] || usage
        modules="$2"
        shift 2
        ;;
    --junit)
        [[ $# -ge 2 ]] || usage
        junit="$2"
        shift 2
        ;;
    --keep)
        keep=1
        shift
        ;;
    -h | --help) usage 0 ;;
    --)
        shift
        pytest_extra=("$@")
        break
        ;;
    -*)
        echo "irctest.sh: unknown option $1" >&2
        usage
        ;;
    *)
        positional+=("$1")
        shift
        ;;
    esac
done
[[ ${#positional[@]} -ge 1 && ${#positional[@]} -le 2 ]] || usage

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
irctest_dir="$(cd "${positional[0]}" 2>/dev/null && pwd)" || {
    echo "irctest.sh: no such folder: ${positional[0]}" >&2
    exit 2
}
cli="${positional[1]:-$repo_root/build/dev/app/cli/lanchat-cli}"
if [[ ! -f "$irctest_dir/conftest.py" || ! -d "$irctest_dir/irctest/server_tests" ]]; then
    echo "irctest.sh: $irctest_dir is not an irctest checkout" >&2
    exit 2
fi
if [[ ! -x "$cli" ]]; then
    echo "irctest.sh: $cli is not an executable (build the lanchat-cli target first)" >&2
    exit 2
fi

python="${PYTHON:-}"
if [[ -z "$python" ]]; then
    for candidate in python3 /usr/bin/python3; do
        if "$candidate" -c 'import pytest' 2>/dev/null; then
            python="$candidate"
            break
        fi
    done
fi
if [[ -z "$python" ]] || ! "$python" -c 'import pytest' 2>/dev/null; then
    echo "irctest.sh: no python3 with pytest found (Debian: apt-get install python3-pytest)" >&2
    exit 2
fi

# The test paths, relative to the checkout.
targets=()
run_passworded=0
IFS=',' read -r -a module_list <<<"$modules"
for module in "${module_list[@]}"; do
    [[ -n "$module" ]] || continue
    if [[ -f "$irctest_dir/irctest/server_tests/$module.py" ]]; then
        targets+=("irctest/server_tests/$module.py")
    elif [[ -d "$irctest_dir/irctest/server_tests/$module" ]]; then
        targets+=("irctest/server_tests/$module")
    else
        echo "irctest.sh: irctest has no server-test module '$module'" >&2
        exit 2
    fi
    [[ "$module" == connection_registration ]] && run_passworded=1
done
[[ ${#targets[@]} -gt 0 ]] || usage

work="$(mktemp -d "${TMPDIR:-/tmp}/lanchat-irctest.XXXXXX")"
host_pids=()
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    local pid
    for pid in "${host_pids[@]}"; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    if [[ $keep -eq 1 ]]; then
        echo "irctest.sh: kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A small pytest plugin, loaded before irctest's conftest.py, adapts irctest to this setting:
# - pytest older than 8 (Debian 12 has 7.2 with pluggy 1.0) does not know the new-style
#   `@pytest.hookimpl(wrapper=True)` that the conftest uses: it becomes the old-style hookwrapper.
#   The only such hook turns a skip into an error for behaviours a controller promises, and the
#   external controller promises none.
# - Test classes marked `services` (chathistory, extended_join, some of who, monitor, chmodes)
#   wait for a services package, which the external controller cannot start, and fail on an
#   assertion before talking to the server. The host has no services: the wait becomes a no-op,
#   so these tests run, and those that need an account skip (irctest's "account registration"
#   not implemented by the controller).
# - irctest's controllers start a fresh server per test, so a client left connected by a test
#   whose setUp stopped early (tearDown then does not run) dies with the server. Here the server
#   stays, and such a client would hold its nick and rooms for the next tests: the plugin
#   disconnects whatever clients a test left.
mkdir -p "$work/plugins"
cat >"$work/plugins/lanchat_irctest_compat.py" <<'EOF'
import pytest

try:
    pytest.hookimpl(wrapper=True)
except TypeError:
    _hookimpl = pytest.hookimpl

    def _compatible_hookimpl(*args, wrapper=False, **kwargs):
        if wrapper:
            kwargs["hookwrapper"] = True
        return _hookimpl(*args, **kwargs)

    pytest.hookimpl = _compatible_hookimpl


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    from irctest.controllers.external_server import ExternalServerController

    ExternalServerController.wait_for_services = lambda self: None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    clients = getattr(getattr(item, "instance", None), "clients", None) or {}
    for name in list(clients):
        try:
            clients.pop(name).disconnect()
        except Exception:
            pass
EOF

# start_host NAME [PASSWORD]: starts a host on a free loopback port; sets host_port.
host_port=""
start_host() {
    local name="$1" password="${2:-}" dir="$work/$1" pid line i
    mkdir -p "$dir/state"
    {
        echo 'server_name = "My.Little.Server"'
        [[ -n "$password" ]] && echo "password = \"$password\""
        echo 'operators = [{ name = "operuser", password = "operpassword" }]'
        echo '[limits]'
        echo 'flood_lines_per_second = 0'
        echo 'max_clients_per_address = 200'
    } >"$dir/host.toml"
    LANCHAT_PRESENCE=loopback "$cli" host --config "$dir/host.toml" --bind 127.0.0.1 --port 0 \
        --presence off --state-dir "$dir/state" >"$dir/host.log" 2>&1 &
    pid=$!
    host_pids+=("$pid")
    host_port=""
    for ((i = 0; i < 100; i++)); do
        line="$(grep -m1 -oE 'listening on 127\.0\.0\.1:[0-9]+' "$dir/host.log")"
        if [[ -n "$line" ]]; then
            host_port="${line##*:}"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "irctest.sh: the $name host did not start; its output:" >&2
    cat "$dir/host.log" >&2
    exit 3
}

# check_host NAME INDEX: reports a host that died during the run.
host_died=0
check_host() {
    local name="$1" pid="${host_pids[$2]}"
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid"
        echo "irctest.sh: the $name host DIED during the run (exit status $?); its last lines:"
        tail -n 20 "$work/$name/host.log"
        host_died=1
    fi
}

# run_pytest PORT JUNIT ARGS...: runs irctest's server tests against 127.0.0.1:PORT.
run_pytest() {
    local port="$1" xml="$2"
    shift 2
    (
        cd "$irctest_dir" &&
            IRCTEST_SERVER_HOSTNAME=127.0.0.1 IRCTEST_SERVER_PORT="$port" \
                PYTHONPATH="$work/plugins${PYTHONPATH:+:$PYTHONPATH}" \
                "$python" -m pytest -p lanchat_irctest_compat -p no:cacheprovider \
                --controller irctest.controllers.external_server -m "$markers" -rfEs \
                --junitxml="$xml" "$@"
    )
}

echo "irctest.sh: irctest $(git -C "$irctest_dir" rev-parse --short HEAD 2>/dev/null || echo '(not a git work tree)'), $("$python" -m pytest --version 2>&1), host $cli"
start_host main
echo "irctest.sh: host on 127.0.0.1:$host_port; modules: $modules"
deselect=()
[[ $run_passworded -eq 1 ]] && deselect=(--deselect "irctest/server_tests/$passworded_class")
run_pytest "$host_port" "$work/main.xml" "${deselect[@]}" "${pytest_extra[@]}" "${targets[@]}"
status=$?
check_host main 0
xmls=("$work/main.xml")

if [[ $run_passworded -eq 1 ]]; then
    start_host passworded "$server_password"
    echo
    echo "irctest.sh: second host, with the password $server_password, on 127.0.0.1:$host_port"
    run_pytest "$host_port" "$work/passworded.xml" "${pytest_extra[@]}" \
        "irctest/server_tests/$passworded_class"
    second=$?
    check_host passworded 1
    # pytest's 5 means no test ran (all deselected by PYTEST_ARGS): the other pass decides.
    if [[ $status -eq 5 || ($status -eq 0 && $second -ne 5) ]]; then
        status=$second
    fi
    xmls+=("$work/passworded.xml")
fi

echo
echo "irctest.sh: results per module (markers: $markers)"
"$python" - "${xmls[@]}" <<'EOF'
import collections
import os
import sys
import xml.etree.ElementTree as ET

counts = collections.defaultdict(collections.Counter)
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue
    for case in ET.parse(path).iter("testcase"):
        parts = case.get("classname", "").split(".")
        module = parts[2] if len(parts) > 3 and parts[1] == "server_tests" else case.get("classname")
        if case.find("failure") is not None or case.find("error") is not None:
            outcome = "failed"
        elif case.find("skipped") is not None:
            outcome = "skipped"
        else:
            outcome = "passed"
        counts[module][outcome] += 1
total = collections.Counter()
print(f"{'module':<26}{'passed':>8}{'failed':>8}{'skipped':>9}")
for module in sorted(counts):
    c = counts[module]
    total.update(c)
    print(f"{module:<26}{c['passed']:>8}{c['failed']:>8}{c['skipped']:>9}")
print(f"{'total':<26}{total['passed']:>8}{total['failed']:>8}{total['skipped']:>9}")
print(f"irctest: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
EOF
if [[ -n "$junit" ]]; then
    cp "$work/main.xml" "$junit"
    [[ $run_passworded -eq 1 && -f "$work/passworded.xml" ]] && cp "$work/passworded.xml" "${junit%.xml}.passworded.xml"
fi
[[ $host_died -eq 1 ]] && exit 3
exit "$status"
