#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# deb_install_test.sh DEB VERSION: installs the package with dpkg -i, runs both programs from
# /usr/bin (lanchat-cli host on loopback, a chat through it), purges the package and checks that
# nothing of it is left. It changes the system, so it runs only in CI (CI=true) as root, or when
# asked with LANCHAT_PACKAGE_TEST=1; otherwise it is skipped (exit 77). Whatever happens, the
# package is purged again at the end (trap).
set -euo pipefail
deb=$1 version=$2

if [[ ${LANCHAT_PACKAGE_TEST:-} != 1 ]]; then
    if [[ ${CI:-} != true ]]; then
        echo "SKIP: installs a package into the system; runs in CI (CI=true, as root) or with LANCHAT_PACKAGE_TEST=1"
        exit 77
    fi
    if [[ $(id -u) -ne 0 ]]; then
        echo "SKIP: CI=true but not root; dpkg -i needs root (or set LANCHAT_PACKAGE_TEST=1 as root)"
        exit 77
    fi
elif [[ $(id -u) -ne 0 ]]; then
    echo "FAIL: LANCHAT_PACKAGE_TEST=1 asks for this test, but dpkg -i needs root"
    exit 1
fi
if [[ $(dpkg-query -W -f='${Status}' lanchat 2>/dev/null) != "" &&
      $(dpkg-query -W -f='${Status}' lanchat 2>/dev/null) != "unknown ok not-installed" ]]; then
    echo "SKIP: a lanchat package is already on this system ($(dpkg-query -W -f='${Status} ${Version}' lanchat)); not touching it"
    exit 77
fi

work=$(mktemp -d)
host_pid=""
installed=0
cleanup() {
    local status=$?
    [[ -z $host_pid ]] || kill "$host_pid" 2>/dev/null || true
    if [[ $installed -eq 1 ]] && dpkg-query -W lanchat >/dev/null 2>&1; then
        echo "cleanup: dpkg --purge lanchat"
        dpkg --purge lanchat >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }
step() { printf '\n--- %s\n' "$*"; }

step "dpkg -i $(basename "$deb")"
installed=1
dpkg -i "$deb" || fail "dpkg -i failed (are the dependencies installed? scripts/install-deps.sh build)"
[[ $(dpkg-query -W -f='${Version}' lanchat) == "$version" ]] || fail "installed version is not $version"
dpkg -L lanchat | sort >"$work/files"
echo "$(wc -l <"$work/files") paths"
dpkg-query -W -f='${Conffiles}\n' lanchat | grep -q '^ /etc/lanchat/host.toml ' ||
    fail "/etc/lanchat/host.toml is not a conffile"
for f in /usr/bin/lanchat /usr/bin/lanchat-cli /lib/systemd/system/lanchat-host.service \
    /usr/share/applications/lanchat.desktop /usr/share/man/man1/lanchat.1.gz \
    /usr/share/man/man1/lanchat-cli.1.gz /usr/share/doc/lanchat/copyright \
    /usr/share/doc/lanchat/changelog.gz /usr/share/icons/hicolor/48x48/apps/lanchat.png \
    /usr/share/icons/hicolor/scalable/apps/lanchat.svg; do
    [[ -e $f ]] || fail "$f is not installed"
done

step "versions"
gui=$(QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$work HOME=$work /usr/bin/lanchat --version 2>/dev/null)
echo "lanchat --version: $gui"
[[ $gui == "LanChat $version" ]] || fail "lanchat --version says '$gui'"
cli=$(/usr/bin/lanchat-cli --version)
echo "lanchat-cli --version: $cli"
[[ $cli == "lanchat-cli $version" ]] || fail "lanchat-cli --version says '$cli'"

step "the installed lanchat-cli host on loopback, and a chat through it"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
presence_port=$(free_port)
/usr/bin/lanchat-cli host --bind 127.0.0.1 --port "$port" --presence loopback \
    --presence-port "$presence_port" --state-dir "$work/state" --name "Package test" \
    >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 100); do
    grep -q 'listening on' "$work/host.log" && break
    kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.log"; fail "the host exited"; }
    sleep 0.1
done
grep -q 'listening on' "$work/host.log" || { cat "$work/host.log"; fail "the host did not start"; }
# A raw IRC client (python3) in #lan sees what the installed lanchat-cli join says there.
python3 "$(dirname "$0")/chat_check.py" "$port" /usr/bin/lanchat-cli ||
    { echo "host log:"; cat "$work/host.log"; fail "the chat did not work"; }
kill "$host_pid"
wait "$host_pid" || true
host_pid=""
cat "$work/host.log"

step "dpkg --purge lanchat"
dpkg --purge lanchat
installed=0
[[ $(dpkg-query -W -f='${Status}' lanchat 2>/dev/null || true) =~ ^(|unknown ok not-installed)$ ]] ||
    fail "dpkg still knows lanchat: $(dpkg-query -W -f='${Status}' lanchat)"
left=()
while read -r path; do
    [[ $path == /. || -z $path ]] && continue
    # /lib and the like are symbolic links to /usr/lib on a merged-/usr system.
    [[ -L $path && -d $path ]] && continue
    if [[ -L $path || -f $path ]]; then
        left+=("$path")
    elif [[ -d $path ]]; then
        # A directory may stay if another package owns it or something else is in it.
        dpkg -S "$path" >/dev/null 2>&1 && continue
        [[ -n $(ls -A "$path") ]] && continue
        left+=("$path/")
    fi
done <"$work/files"
for path in /var/lib/lanchat /var/lib/private/lanchat /etc/lanchat; do
    [[ ! -e $path ]] || left+=("$path")
done
if [[ ${#left[@]} -gt 0 ]]; then
    printf 'left behind: %s\n' "${left[@]}"
    fail "the purge left ${#left[@]} paths"
fi
echo "all $(wc -l <"$work/files") paths gone (or shared with other packages)"
echo "PASS"
