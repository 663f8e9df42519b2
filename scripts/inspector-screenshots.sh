#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Socket Inspector's pictures in docs/: builds lanchat-inspector-screens in BUILD (default
# build/dev) and runs it under Xvfb (xvfb-run), the real window hosting a chat on 127.0.0.1
# that a lanchat-cli process joins. Writes docs/inspector-{timeline,sockets,lifecycle,bytes,
# loop}.png.
#
#   scripts/inspector-screenshots.sh [BUILD]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/dev}"
flock /tmp/lanchat-build.lock cmake --build "$build" -j2 --target lanchat-inspector-screens
exe="$build/tests/inspector/lanchat-inspector-screens"
export LANCHAT_PRESENCE=loopback
"$root/scripts/install-deps.sh" screenshots >/dev/null || exit 2
xvfb-run -a -s "-screen 0 1920x1080x24" "$exe" "$root/docs"
