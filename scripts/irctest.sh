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
# Each test gets a fresh host, as irctest's own controllers give every server they know: a small
# controller for LanChat, written at run time, starts `lanchat-cli host` on a free port of
# 127.0.0.1 for each test and stops it after. The host listens on loopback only and announces
# nothing (presence off), so no packet leaves the machine. Its configuration is the one irctest's
# controllers give other servers: server name My.Little.Server, an operator
# operuser:operpassword, the test's server password if it has one, flood control off (the suite
# sends bursts), enough connections per address for the suite (its clients all come from
# 127.0.0.1), and no standing room (default_room = ""), as on other IRC servers. A small pytest
# plugin fits irctest to Debian's pytest (see the comment above it below).
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
done
[[ ${#targets[@]} -gt 0 ]] || usage

work="$(mktemp -d "${TMPDIR:-/tmp}/lanchat-irctest.XXXXXX")"
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    if [[ $keep -eq 1 ]]; then
        echo "irctest.sh: kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/plugins"
# The LanChat controller: a fresh `lanchat-cli host` per test (irctest's --controller module).
# A host that exits on its own before the test ends is named in died.log.
cat >"$work/plugins/lanchat_controller.py" <<'EOF'
import os
from pathlib import Path
from typing import Optional, Set, Type

from irctest.basecontrollers import BaseServerController, DirectoryBasedController
from irctest.runner import NotImplementedByController

CONFIG = """server_name = "My.Little.Server"
bind = "{hostname}"
port = {port}
default_room = ""
admin_name = "irctest"
admin_email = "irctest@example.org"
{password}
operators = [{{ name = "operuser", password = "operpassword" }}]
[limits]
flood_lines_per_second = 0
max_clients_per_address = 200
"""


class LanChatController(BaseServerController, DirectoryBasedController):
    software_name = "LanChat"
    supported_sasl_mechanisms: Set[str] = set()
    supports_sts = False

    def run(self, hostname: str, port: int, *, password: Optional[str], ssl: bool,
            run_services: bool, faketime: Optional[str],
            websocket_hostname: Optional[str], websocket_port: Optional[int]) -> None:
        if ssl:
            raise NotImplementedByController("TLS")
        if websocket_hostname is not None or websocket_port is not None:
            raise NotImplementedByController("Websocket")
        assert self.proc is None
        self.hostname, self.port = hostname, port
        self.create_config()
        assert self.directory
        with self.open_file("host.toml") as fd:
            fd.write(CONFIG.format(hostname=hostname, port=port,
                                   password=f'password = "{password}"' if password else ""))
        self.proc = self.execute(
            [os.environ["LANCHAT_IRCTEST_CLI"], "host", "--config",
             self.directory / "host.toml", "--presence", "off",
             "--state-dir", self.directory / "state"],
            env={**os.environ, "LANCHAT_PRESENCE": "loopback"})

    def wait_for_services(self) -> None:
        pass  # the host has no services: tests that need an account skip

    def kill_proc(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            with open(Path(os.environ["LANCHAT_IRCTEST_WORK"]) / "died.log", "a") as log:
                log.write(f"{os.environ.get('PYTEST_CURRENT_TEST', '?')}: "
                          f"exit status {self.proc.returncode}\n")
        super().kill_proc()


def get_irctest_controller_class() -> Type[LanChatController]:
    return LanChatController
EOF
# - pytest older than 8 (Debian 12 has 7.2 with pluggy 1.0) does not know the new-style
#   `@pytest.hookimpl(wrapper=True)` that irctest's conftest uses: it becomes the old-style
#   hookwrapper. (The only such hook turns a skip into an error for behaviours a controller
#   promises, and the LanChat controller promises none.)
# - Many tests (most of chathistory) ask for the `sasl` capability beside the ones they test,
#   only to log in to the account they may register first. The host has no accounts: a client
#   that has no password to log in with does not ask for `sasl`, so those tests run here, and
#   those that do register an account skip (the controller cannot register one).
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
    from irctest import cases

    connect = cases.BaseServerTestCase.connectClient

    def connect_without_sasl(self, nick, name=None, capabilities=None, *args, **kwargs):
        if capabilities and kwargs.get("password") is None and kwargs.get("account") is None:
            capabilities = [cap for cap in capabilities if cap != "sasl"]
        return connect(self, nick, name, capabilities, *args, **kwargs)

    cases.BaseServerTestCase.connectClient = connect_without_sasl
EOF

echo "irctest.sh: irctest $(git -C "$irctest_dir" rev-parse --short HEAD 2>/dev/null || echo '(not a git work tree)'), $("$python" -m pytest --version 2>&1), host $cli"
echo "irctest.sh: a fresh host per test on 127.0.0.1; modules: $modules"
(
    cd "$irctest_dir" &&
        LANCHAT_IRCTEST_CLI="$cli" LANCHAT_IRCTEST_WORK="$work" \
            PYTHONPATH="$work/plugins${PYTHONPATH:+:$PYTHONPATH}" \
            "$python" -m pytest -p lanchat_irctest_compat -p no:cacheprovider \
            --controller lanchat_controller -m "$markers" -rfEs \
            --junitxml="$work/main.xml" "${pytest_extra[@]}" "${targets[@]}"
)
status=$?
xmls=("$work/main.xml")
host_died=0
if [[ -s "$work/died.log" ]]; then
    echo "irctest.sh: a host DIED during these tests:"
    cat "$work/died.log"
    host_died=1
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
[[ -n "$junit" ]] && cp "$work/main.xml" "$junit"
[[ $host_died -eq 1 ]] && exit 3
exit "$status"
