#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# lintian_test.sh DEB: lintian must report no errors (the warnings left are explained in
# installer/README.md; the package has no overrides).
set -euo pipefail
deb=$1
command -v lintian >/dev/null || { echo "SKIP: lintian not installed"; exit 77; }
out=$(lintian --allow-root --display-info --pedantic --tag-display-limit 0 "$deb" 2>&1) || true
echo "$out"
if grep -q '^E: ' <<<"$out"; then
    echo "FAIL: lintian reports errors"
    exit 1
fi
if grep -q '^O: ' <<<"$out"; then
    echo "FAIL: the package overrides lintian tags"
    exit 1
fi
echo "lintian: $(grep -c '^E: ' <<<"$out") errors, $(grep -c '^W: ' <<<"$out") warnings," \
    "$(grep -c '^I: ' <<<"$out") infos, $(grep -c '^P: ' <<<"$out") pedantic"
