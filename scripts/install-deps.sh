#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages LanChat needs that are not installed yet.
#
#   scripts/install-deps.sh [GROUP...]     GROUP: build (default), test, windows, fuzz, sanitizers
#
# It can also be sourced; then call `lanchat_install_deps GROUP...`. apt-get runs only when
# something is missing (and `apt-get update` only then), as root or through sudo.

lanchat_packages_for() {
    case $1 in
        build) echo cmake ninja-build g++ pkg-config libcli11-dev nlohmann-json3-dev \
            libtomlplusplus-dev ;;
        # python3-irc: a third-party IRC client library for the interop tests.
        test) lanchat_packages_for build; echo googletest libgtest-dev python3 python3-irc ;;
        windows) echo g++-mingw-w64-x86-64-posix mingw-w64-x86-64-dev wine wine64 ;;
        # libFuzzer: clang-14 cannot compile some C++20 library code with libstdc++ 12.
        fuzz) echo cmake ninja-build clang-16 libclang-rt-16-dev ;;
        # GCC's sanitizer runtimes (libasan, libubsan, libtsan) come with g++; nothing extra yet.
        sanitizers) lanchat_packages_for build ;;
        *) echo "install-deps: unknown group '$1' (build, test, windows, fuzz, sanitizers)" >&2
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
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    lanchat_install_deps "$@"
fi
