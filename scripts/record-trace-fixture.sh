#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Re-records the Socket Inspector's trace fixture, tests/fixtures/trace-asyncselect-wine.jsonl:
# lanchat-cli.exe host under Wine with the asyncselect loop and --trace-file, during a short
# session on loopback (tests/fixtures/record_session.py: two python3-irc clients register, join
# #lan, talk in the room and privately, quit; then the host stops on Ctrl+C). Then it checks the
# result the way the fixture test does, if the checker is built.
#
#   scripts/record-trace-fixture.sh [--cli PATH/lanchat-cli.exe] [--check PATH/checker] [OUTPUT]
#
# Defaults: the .exe of build/windows, its trace_fixture_check.exe, and the fixture's own path.
# Build first: flock /tmp/lanchat-build.lock cmake --build build/windows -j2
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=$root/build/windows/app/cli/lanchat-cli.exe
check=$root/build/windows/tests/fixtures/trace_fixture_check.exe
output=$root/tests/fixtures/trace-asyncselect-wine.jsonl
while [[ $# -gt 0 ]]; do
    case $1 in
        --cli) cli=$2; shift 2 ;;
        --check) check=$2; shift 2 ;;
        -h|--help) sed -n '3,14p' "$0"; exit 0 ;;
        -*) echo "record-trace-fixture: unknown option $1" >&2; exit 2 ;;
        *) output=$1; shift ;;
    esac
done
[[ -f $cli ]] || { echo "record-trace-fixture: $cli not found (build build/windows first)" >&2; exit 1; }

# Nothing the session starts may broadcast presence on a real interface.
export LANCHAT_PRESENCE=loopback
tmp=$(mktemp "${TMPDIR:-/tmp}/lanchat-trace-XXXXXX.jsonl")
trap 'rm -f "$tmp"' EXIT
/usr/bin/python3 "$root/tests/fixtures/record_session.py" "$tmp" asyncselect \
    "$root/scripts/wine-run" "$cli"

size=$(stat -c %s "$tmp")
if ((size >= 100 * 1024)); then
    echo "record-trace-fixture: the trace is $size bytes; a fixture must stay well under 100 KB" >&2
    exit 1
fi
if [[ -f $check ]]; then
    "$root/scripts/wine-run" "$check" "$tmp"
else
    echo "record-trace-fixture: $check not built, the trace is not checked" >&2
fi
install -m 0644 "$tmp" "$output"
echo "record-trace-fixture: wrote $output ($(wc -l <"$output") events, $size bytes)"
