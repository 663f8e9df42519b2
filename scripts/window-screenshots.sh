#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The window's pictures in docs/: builds lanchat-window-screens in BUILD (default build/dev) and
# runs it under Xvfb (xvfb-run), in English and in German: the real window hosting a chat on
# 127.0.0.1 that lanchat-cli processes join, presence on loopback. Writes docs/first-start*.png,
# chat-inspector.png, nick-refused.png, dark-theme.png, tls-trust.png, tls-chat.png,
# files-room.png, files-offer.png,
# settings-de.png, dialogs-de.png and
# inspector-de.png.
#
#   scripts/window-screenshots.sh [BUILD]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/dev}"
flock /tmp/lanchat-build.lock cmake --build "$build" -j2 --target lanchat-window-screens
exe="$build/tests/ui/lanchat-window-screens"
export LANCHAT_PRESENCE=loopback
"$root/scripts/install-deps.sh" screenshots >/dev/null || exit 2
xvfb-run -a -s "-screen 0 1280x800x24" "$exe" "$root/docs"
LANG=de_DE.UTF-8 xvfb-run -a -s "-screen 0 1280x800x24" "$exe" "$root/docs" --german
