#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# validate_files.sh SOURCE_DIR INSTALLER_BUILD_DIR: the desktop entry, the AppStream metainfo,
# the man pages and the systemd unit pass their checkers.
set -euo pipefail
src=$1 gen=$2
missing=()
for tool in desktop-file-validate appstreamcli man; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "SKIP: not installed: ${missing[*]} (scripts/install-deps.sh test installs them)"
    exit 77
fi
status=0
echo "desktop-file-validate resources/lanchat.desktop"
desktop-file-validate "$src/resources/lanchat.desktop" || status=1
echo "appstreamcli validate --no-net resources/invalid.example.lanchat.metainfo.xml"
appstreamcli validate --no-net "$src/resources/invalid.example.lanchat.metainfo.xml" || status=1
for page in "$gen"/man/*.1; do
    echo "man --warnings $(basename "$page")"
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
    if [[ -n $warnings ]]; then
        echo "$warnings"
        status=1
    fi
done
if command -v systemd-analyze >/dev/null; then
    echo "systemd-analyze verify installer/lanchat-host.service"
    # verify needs the ExecStart program; a stand-in on a temporary path is not possible (the
    # path is absolute), so only unit syntax errors count, not "not executable".
    out=$(systemd-analyze verify "$src/installer/lanchat-host.service" 2>&1) || true
    echo "$out"
    if grep -v -e 'lanchat-cli' -e '^$' <<<"$out" | grep -q .; then
        status=1
    fi
fi
exit "$status"
