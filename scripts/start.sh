#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Quick start: installs what is missing, builds lanchat-cli (the `dev` preset) and starts a
# LanChat host on port 6667. Until the window exists, LanChat is lanchat-cli.
#
#   scripts/start.sh                    lanchat-cli host
#   scripts/start.sh ARGS...            lanchat-cli ARGS...  (e.g. host --trace, echo-server)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cli=build/dev/app/cli/lanchat-cli

# The dev preset configures the tests too, so it needs GoogleTest's sources (small).
echo "==> installing missing packages (test)"
scripts/install-deps.sh test

echo "==> configuring (cmake --preset dev)"
cmake --preset dev

echo "==> building lanchat-cli (cmake --build --preset dev --target lanchat-cli)"
cmake --build --preset dev --target lanchat-cli

args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(host)

echo "==> starting: $cli ${args[*]}"
if [[ ${args[0]} == host ]]; then
    cat <<EOF
    The host listens on TCP port 6667 (every interface); its room is #lan.
    Join it with any IRC client, for example from another terminal:
        irssi -c 127.0.0.1 -p 6667        or   weechat, HexChat, ...
    or type IRC lines by hand:
        telnet 127.0.0.1 6667             then: NICK ada / USER ada 0 * :Ada / JOIN #lan
    Add --trace to see every socket call. Stop it with Ctrl+C.
EOF
elif [[ ${args[0]} == echo-server ]]; then
    cat <<EOF
    The echo server listens on port 6667. Connect from another terminal with:
        $cli echo-client 127.0.0.1:6667 --trace
    Stop it with Ctrl+C.
EOF
fi
exec "$cli" "${args[@]}"
