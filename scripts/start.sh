#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Quick start: installs what is missing, builds lanchat-cli (the `dev` preset) and starts the
# echo demo server with --trace. Until the window exists, LanChat is lanchat-cli.
#
#   scripts/start.sh                    lanchat-cli echo-server --trace
#   scripts/start.sh ARGS...            lanchat-cli ARGS...  (e.g. echo-client 127.0.0.1:6667)
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
[[ ${#args[@]} -gt 0 ]] || args=(echo-server --trace)

echo "==> starting: $cli ${args[*]}"
if [[ ${args[0]} == echo-server ]]; then
    cat <<EOF
    The echo server listens on port 6667 and prints every socket call (--trace).
    Connect from another terminal with:
        $cli echo-client 127.0.0.1:6667 --trace
    or type lines into:
        nc 127.0.0.1 6667
    Stop it with Ctrl+C.
EOF
fi
exec "$cli" "${args[@]}"
