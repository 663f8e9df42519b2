#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages LanChat needs that are not installed yet.
#
#   scripts/install-deps.sh [GROUP...]     GROUP: build (default), test, windows, fuzz, sanitizers,
#                                          screenshots
#
# It can also be sourced; then call `lanchat_install_deps GROUP...`. apt-get runs only when
# something is missing (and `apt-get update` only then), as root or through sudo.

lanchat_packages_for() {
    case $1 in
        # Qt 6.4 for the window (widgets, SVG icons, SQLite through Qt SQL, Linguist tools, Qt's
        # own words in the user's language: qt6-translations-l10n); libgl-dev because Qt6Gui's
        # CMake package looks for OpenGL. libssl-dev: OpenSSL 3 for netcore's TLS on Linux.
        # libhttp-parser-dev: the HTTP parser of the host's file upload endpoint (FILEHOST);
        # without it netcore builds with FILEHOST off.
        build) echo cmake ninja-build g++ pkg-config libcli11-dev nlohmann-json3-dev libssl-dev \
            libhttp-parser-dev libtomlplusplus-dev qt6-base-dev qt6-base-dev-tools qt6-tools-dev \
            qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qt6-svg-dev libqt6svg6 \
            libqt6sql6-sqlite libgl-dev ;;
        # Third-party IRC software for the interop tests and the benchmark: Python's irc
        # library, WeeChat (headless) and irssi as clients, ngircd and InspIRCd as servers
        # (never started as services: see lanchat_install_deps), openssl (the CLI) for the
        # certificate the InspIRCd test makes. iproute2 (ip; not in a minimal Debian 12 image)
        # for the presence test on a LAN of network namespaces.
        # The package tests (tests/package): dpkg-dev (dpkg-shlibdeps) and file for CPack's DEB,
        # librsvg2-bin (rsvg-convert) for the PNG icons, lintian, desktop-file-utils, appstream
        # and man-db to check what the package holds.
        test) lanchat_packages_for build
            echo googletest libgtest-dev python3 python3-irc weechat-headless ngircd irssi \
                inspircd openssl iproute2 dpkg-dev file librsvg2-bin lintian desktop-file-utils \
                appstream man-db ;;
        # nsis: makensis for the Windows installer (package.nsis_build).
        windows) echo g++-mingw-w64-x86-64-posix mingw-w64-x86-64-dev wine wine64 nsis ;;
        # libFuzzer: clang-14 cannot compile some C++20 library code with libstdc++ 12.
        fuzz) echo cmake ninja-build clang-16 libclang-rt-16-dev libssl-dev ;;
        # The screenshot scripts: Xvfb (xvfb-run), xwininfo to find the window, ImageMagick's
        # import to capture it.
        screenshots) echo xvfb xauth x11-utils imagemagick ;;
        # GCC's sanitizer runtimes (libasan, libubsan, libtsan) come with g++; nothing extra yet.
        sanitizers) lanchat_packages_for build ;;
        *) echo "install-deps: unknown group '$1' (build, test, windows, fuzz, sanitizers, screenshots)" >&2
            return 1 ;;
    esac
}

lanchat_install_deps() {
    local groups=("$@") group pkg packages=() missing=()
    [[ ${#groups[@]} -gt 0 ]] || groups=(build)
    for group in "${groups[@]}"; do
        # shellcheck disable=SC2207 # package names contain no spaces or globs
        packages+=($(lanchat_packages_for "$group")) || return 1
    done
    for pkg in "${packages[@]}"; do
        if [[ " ${missing[*]} " != *" $pkg "* ]] &&
            [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        echo "install-deps: all packages for '${groups[*]}' are installed"
        return 0
    fi

    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 ||
            { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    echo "install-deps: installing ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    # Packages with a daemon (ngircd) would start it on every interface at install time; the
    # tests start their own on loopback. policy-rc.d saying 101 keeps services from starting,
    # for this install only (an existing policy is left alone).
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null &&
            "${sudo[@]}" chmod 755 "$policy" && own_policy=1
    fi
    local status=0
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}" || status=1
    [[ $own_policy -eq 0 ]] || "${sudo[@]}" rm -f "$policy"
    return $status
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    lanchat_install_deps "$@"
fi
