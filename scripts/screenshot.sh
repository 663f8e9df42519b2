#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A picture of the real window: starts `lanchat` under Xvfb hosting a chat on loopback, has two
# `lanchat-cli join` clients chat in it (one with a private message), and saves a PNG of the
# window. Presence stays on loopback; settings go to a temporary folder.
#
#   scripts/screenshot.sh [OUT.png [BUILD]]   (default docs/screenshot.png, from build/dev)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=$(realpath -m "${1:-docs/screenshot.png}")
build=${2:-build/dev}
gui=$build/app/gui/lanchat
cli=$build/app/cli/lanchat-cli
[[ -x $gui && -x $cli ]] || { echo "screenshot: build first (cmake --build --preset dev)" >&2; exit 2; }
scripts/install-deps.sh screenshots >/dev/null || { echo "screenshot: installing xvfb, x11-utils and imagemagick failed" >&2; exit 2; }

if [[ -z ${LANCHAT_SCREENSHOT_INNER:-} ]]; then
    LANCHAT_SCREENSHOT_INNER=1 exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$out" "$build"
fi

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data LANCHAT_PRESENCE=loopback
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"$gui" --host --port "$port" --nick ada --presence loopback --no-restore >"$work/gui.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
    xwininfo -root -tree 2>/dev/null | grep -q '"LanChat' && break
    sleep 0.1
done
sleep 1.5 # the host starts and ada joins it

chat() { # NICK LINES...: a lanchat-cli client typing lines a second apart, then staying a while
    local nick=$1
    shift
    { sleep 1; for line in "$@"; do echo "$line"; sleep 1; done; sleep 30; } |
        "$cli" join "127.0.0.1:$port" --nick "$nick" \
            >"$work/$nick.out" 2>&1 &
    pids+=($!)
}
chat bob "Hi ada! Is the build green?" "/me waves from the lab" \
    "The notes are at https://example.org/sockets"
sleep 0.5
chat carol "Morning all" "/msg ada can you share the slides later?" \
    "bob: yes, green since 10 o'clock"
sleep 7

# The main window: the largest top-level window titled LanChat (Qt also makes small helpers).
window=$(xwininfo -root -tree | awk '/"LanChat/ {
    split($0, parts, " "); for (i in parts) if (parts[i] ~ /^[0-9]+x[0-9]+\+/) {
        split(parts[i], wh, /[x+]/); area = wh[1] * wh[2]
        if (area > best) { best = area; id = $1 } } } END { print id }')
[[ -n $window ]] || { echo "screenshot: the window was not found" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
import -window "$window" "$out"
echo "screenshot: $out"
