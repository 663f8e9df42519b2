#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Quick start: installs what is missing, builds LanChat (the `dev` preset) and starts it: the
# window when there is a display, else a headless host (lanchat-cli host) on port 6667.
#
#   scripts/start.sh                    lanchat (the window), or lanchat-cli host without one
#   scripts/start.sh --host ...         lanchat with its options (--join HOST, --nick N, ...)
#   scripts/start.sh cli ARGS...        lanchat-cli ARGS...  (e.g. cli host --trace, cli echo-server)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cli=build/dev/app/cli/lanchat-cli
gui=build/dev/app/gui/lanchat

# The dev preset configures the tests too, so it needs GoogleTest's sources (small).
echo "==> installing missing packages (test)"
scripts/install-deps.sh test

echo "==> configuring (cmake --preset dev)"
cmake --preset dev

echo "==> building lanchat and lanchat-cli (cmake --build --preset dev --target lanchat lanchat-cli)"
cmake --build --preset dev --target lanchat lanchat-cli

args=("$@")
if [[ ${args[0]:-} == cli ]]; then
    args=("${args[@]:1}")
    [[ ${#args[@]} -gt 0 ]] || args=(host)
elif [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
    export LANCHAT_PRESENCE=${LANCHAT_PRESENCE:-loopback}
    echo "==> starting the window: $gui ${args[*]}"
    echo "    Presence is $LANCHAT_PRESENCE (LANCHAT_PRESENCE=auto announces to the LAN)."
    exec "$gui" "${args[@]}"
else
    echo "==> no display: starting a headless host instead of the window"
    [[ ${#args[@]} -gt 0 && ${args[0]} != -* ]] || args=(host)
fi

# Scripts keep presence on this machine unless told otherwise: LANCHAT_PRESENCE=auto (or
# --presence auto) announces the host to the whole LAN.
export LANCHAT_PRESENCE=${LANCHAT_PRESENCE:-loopback}

echo "==> starting: $cli ${args[*]}"
if [[ ${args[0]} == host ]]; then
    cat <<EOF
    The host listens on TCP port 6667 (every interface), and with TLS on 6697 (its
    certificate's fingerprint is printed below: compare it with what a client shows); its
    room is #lan. Join it with any IRC client, for example from another terminal:
        irssi -c 127.0.0.1 -p 6667        or   weechat, HexChat, ...
    or with LanChat's own client, encrypted or not, or type IRC lines by hand:
        $cli join ircs://127.0.0.1 --tls-fingerprint FINGERPRINT --nick ada
        $cli join 127.0.0.1 --nick ada
        telnet 127.0.0.1 6667             then: NICK ada / USER ada 0 * :Ada / JOIN #lan
    Presence is $LANCHAT_PRESENCE: \`$cli discover\` lists it on this machine; start with
    LANCHAT_PRESENCE=auto to announce it to the LAN. Add --trace to see every socket call.
    Stop it with Ctrl+C.
EOF
elif [[ ${args[0]} == echo-server ]]; then
    cat <<EOF
    The echo server listens on port 6667. Connect from another terminal with:
        $cli echo-client 127.0.0.1:6667 --trace
    Stop it with Ctrl+C.
EOF
fi
exec "$cli" "${args[@]}"
