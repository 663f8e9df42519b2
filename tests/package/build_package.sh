#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# build_package.sh CPACK CPACK_CONFIG OUT_DIR GENERATORS: builds the packages into OUT_DIR.
set -euo pipefail
cpack=$1 config=$2 out=$3 generators=$4
if [[ $generators == NSIS ]] && ! command -v makensis >/dev/null; then
    echo "SKIP: makensis not found (scripts/install-deps.sh windows installs nsis)"
    exit 77
fi
rm -rf "$out"
mkdir -p "$out"
"$cpack" --config "$config" -G "$generators" -B "$out"
ls -l "$out"
