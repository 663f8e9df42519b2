#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# nsis_wine_test.sh INSTALLER VERSION WINE_RUN [NATIVE_CLI]: the NSIS installer of lanchat-cli
# under Wine. Installs silently (/S) into a directory of its own, runs the installed
# lanchat-cli.exe --version and a host on loopback that a Linux client joins (NATIVE_CLI, the
# ci preset's lanchat-cli, else a raw python3 client), uninstalls silently and checks that the
# files, the Start-menu entries and the uninstall registry key are gone.
set -euo pipefail
installer=$1 version=$2 wine_run=$3 native_cli=${4:-}
here=$(cd "$(dirname "$0")" && pwd)

[[ -f $installer ]] || { echo "FAIL: no installer at $installer"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
# The same prefix as scripts/wine-run.
prefix=${LANCHAT_WINEPREFIX:-${HOME:-/tmp}/.cache/lanchat/wine-prefix}
"$wine_run" --init
drive_c="$prefix/drive_c"
[[ -d $drive_c ]] || { echo "FAIL: no $drive_c after wine-run --init"; exit 1; }

name="LanChatPackageTest$$"
win_dir="C:\\$name"
inst="$drive_c/$name"
work=$(mktemp -d)
host_pid=""
cleanup() {
    local status=$?
    [[ -z $host_pid ]] || kill -INT "$host_pid" 2>/dev/null || true
    # If the test stopped half-way, uninstall (quietly) so the prefix is left as it was.
    if [[ -f $inst/Uninstall.exe ]]; then
        "$wine_run" "$inst/Uninstall.exe" /S "_?=$win_dir" >/dev/null 2>&1 || true
    fi
    rm -rf "$inst" "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }
step() { printf '\n--- %s\n' "$*"; }
shortcuts() {
    find "$drive_c/ProgramData" "$drive_c/users" -name '*.lnk' -path '*LanChat*' 2>/dev/null | sort
}
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\LanChat'

step "install: $(basename "$installer") /S /D=$win_dir"
"$wine_run" "$installer" /S "/D=$win_dir" || fail "the installer failed ($?)"
for f in bin/lanchat-cli.exe Uninstall.exe doc/CHANGELOG.md doc/license.txt; do
    [[ -f $inst/$f ]] || fail "$f is not installed in $inst"
done
find "$inst" -type f | sed "s|^$inst/|  |"
echo "Start-menu entries:"
shortcuts | sed 's/^/  /'
shortcuts | grep -q 'LanChat host (console).lnk' || fail "no Start-menu entry for the host"
"$wine_run" reg query "$uninstall_key" /v DisplayVersion 2>/dev/null | tr -d '\r' |
    grep -q "$version" || fail "no uninstall registry key with version $version"

step "the installed lanchat-cli.exe --version"
got=$("$wine_run" "$inst/bin/lanchat-cli.exe" --version | tr -d '\r')
echo "$got"
[[ $got == "lanchat-cli $version" ]] || fail "--version says '$got'"

step "the installed lanchat-cli.exe host on loopback, a Linux client joins"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
presence_port=$(free_port)
state="Z:${work//\//\\}\\state"
"$wine_run" "$inst/bin/lanchat-cli.exe" host --bind 127.0.0.1 --port "$port" \
    --presence loopback --presence-port "$presence_port" --state-dir "$state" \
    --name "Package test" >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 300); do
    grep -q 'listening on' "$work/host.log" && break
    kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.log"; fail "the host exited"; }
    sleep 0.1
done
grep -q 'listening on' "$work/host.log" || { cat "$work/host.log"; fail "the host did not start"; }
client=()
if [[ -n $native_cli && -x $native_cli ]]; then
    client=("$native_cli")
    echo "client: $native_cli"
else
    echo "client: a raw python3 IRC client (no native lanchat-cli at '$native_cli')"
fi
python3 "$here/chat_check.py" "$port" "${client[@]}" ||
    { echo "host log:"; tr -d '\r' <"$work/host.log"; fail "the chat did not work"; }
# Ctrl+C: Wine does not pass SIGTERM on to Windows programs.
kill -INT "$host_pid"
status=0
wait "$host_pid" || status=$?
host_pid=""
tr -d '\r' <"$work/host.log"
[[ $status -eq 0 ]] || fail "the host exited with $status"

step "uninstall: Uninstall.exe /S _?=$win_dir"
# With _?= the uninstaller runs in place and returns when done (without it, it copies itself
# to a temporary file, starts that and returns at once). It leaves itself and the folder.
"$wine_run" "$inst/Uninstall.exe" /S "_?=$win_dir" || fail "the uninstaller failed ($?)"
left=$(find "$inst" -mindepth 1 ! -name Uninstall.exe ! -type d 2>/dev/null || true)
[[ -z $left ]] || fail "left behind in $inst: $left"
rm -f "$inst/Uninstall.exe"
rmdir "$inst" 2>/dev/null || fail "left behind in $inst: $(find "$inst" -mindepth 1)"
[[ -z $(shortcuts) ]] || fail "Start-menu entries left: $(shortcuts)"
if "$wine_run" reg query "$uninstall_key" >/dev/null 2>&1; then
    fail "the uninstall registry key is left"
fi
echo "PASS: installed, used and uninstalled; nothing left"
