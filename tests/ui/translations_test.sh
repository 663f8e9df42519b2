#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The German translation is complete: lupdate run over today's sources (into a copy of the .ts
# file, so texts added since the last lupdate count too) leaves no unfinished message.
#
#   translations_test.sh SOURCE_DIR LUPDATE
set -uo pipefail
source_dir=$1
lupdate=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ts in "$source_dir"/resources/translations/*.ts; do
    copy=$work/$(basename "$ts")
    cp "$ts" "$copy"
    (cd "$source_dir" && "$lupdate" -silent -locations none -no-obsolete ui app/gui netcore/qt \
        -ts "$copy") || { echo "FAIL: lupdate failed"; exit 1; }
    if ! /usr/bin/python3 "$source_dir/scripts/translate.py" "$copy" --check; then
        echo "FAIL: $(basename "$ts") has unfinished messages (listed above): run lupdate and translate them"
        exit 1
    fi
done
echo "PASS: every translation is complete"
