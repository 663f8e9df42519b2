#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Quick start: installs what is missing, then builds and tests every configuration in turn:
#
#   ci        RelWithDebInfo with -Werror: everything and its tests
#   asan      AddressSanitizer + UndefinedBehaviorSanitizer: netcore, the Qt bridge and their tests
#   tsan      ThreadSanitizer: netcore, the Qt bridge and their tests (the bridge's tests add
#             tests/bridge/tsan.supp to TSAN_OPTIONS themselves, for Debian's uninstrumented Qt)
#   windows   MinGW-w64 cross-build; the tests run under Wine (scripts/wine-run)
#   fuzz      libFuzzer (clang-16, ASan+UBSan) on each fuzz target for a bounded time
#             (LANCHAT_FUZZ_SECONDS, default 45 s per target: 135 s for the three)
#
#   scripts/test.sh                 all five
#   scripts/test.sh ci windows      only these, in the order given
#
# Every step runs even when an earlier one failed, so the summary is complete; a step whose
# configure or build fails skips its tests. The exit status is non-zero if any step failed.
# Sanitizer options from the environment (ASAN_OPTIONS, UBSAN_OPTIONS, TSAN_OPTIONS) are appended
# to the test presets' own, so they win; for example ASAN_OPTIONS=detect_leaks=0.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# Nothing here is interactive; CI runs this with no stdin at all.
exec </dev/null

all_steps=(ci asan tsan windows fuzz)
steps=("$@")
[[ ${#steps[@]} -gt 0 ]] || steps=("${all_steps[@]}")
for step in "${steps[@]}"; do
    if [[ " ${all_steps[*]} " != *" $step "* ]]; then
        echo "test.sh: unknown step '$step' (choose from: ${all_steps[*]})" >&2
        exit 2
    fi
done

export LANCHAT_PRESENCE=loopback
jobs=2

banner() { printf '\n==> %s\n' "$*"; }

groups=(test)
[[ " ${steps[*]} " == *" windows "* ]] && groups+=(windows)
[[ " ${steps[*]} " == *" fuzz "* ]] && groups+=(fuzz)
banner "installing missing packages (${groups[*]})"
if ! scripts/install-deps.sh "${groups[@]}"; then
    echo "test.sh: installing packages failed" >&2
    exit 1
fi

# LeakSanitizer stops the world with ptrace, so it cannot run under a debugger or strace.
if [[ $(awk '/^TracerPid:/ { print $2 }' /proc/$$/status 2>/dev/null) != 0 ]]; then
    echo "test.sh: running under ptrace, so LeakSanitizer is off (detect_leaks=0)"
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fi

# ctest for one preset, its output also kept in build/PRESET/test.log.
run_ctest() {
    local preset=$1
    shift
    "$@" ctest --preset "$preset" 2>&1 | tee "build/$preset/test.log"
}

# The fuzz targets, built on their own with clang-16 (tests/fuzz/CMakeLists.txt), each run for
# a bounded time on a working corpus in the build tree, seeded from tests/fuzz/corpus: the IRC
# codec, the presence datagram, the TLS session's record handling and DCC requests, 45 s each by
# default (LANCHAT_FUZZ_SECONDS per target), so the step stays near three minutes.
fuzz_targets=(irc_message presence_datagram tls_session dcc_offer)
fuzz_configure() {
    cmake -S tests/fuzz -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo
}
fuzz_build() {
    cmake --build build/fuzz -j "$jobs"
}
fuzz_run() {
    local target status=0 seconds=${LANCHAT_FUZZ_SECONDS:-45}
    for target in "${fuzz_targets[@]}"; do
        mkdir -p "build/fuzz/corpus/$target" "build/fuzz/artifacts/$target"
        echo "test.sh: fuzzing $target for $seconds s (progress in build/fuzz/$target.log)"
        if "build/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="build/fuzz/artifacts/$target/" \
            "build/fuzz/corpus/$target" "tests/fuzz/corpus/$target" >"build/fuzz/$target.log" 2>&1; then
            grep -E '^(Done|stat::)' "build/fuzz/$target.log"
        else
            tail -n 60 "build/fuzz/$target.log"
            echo "test.sh: $target found a failing input; it is in build/fuzz/artifacts/$target/"
            status=1
        fi
    done
    return "$status"
}

# Runs the tests of one step; returns non-zero if they failed. May set `note` for the summary.
test_step() {
    local preset=$1
    case $preset in
        asan)
            run_ctest asan && return 0
            # Some containers forbid the ptrace LeakSanitizer needs; rerun without leak checks.
            if grep -q -e 'LeakSanitizer has encountered a fatal error' \
                -e 'LeakSanitizer does not work under ptrace' build/asan/test.log; then
                echo "test.sh: LeakSanitizer cannot run here; rerunning with detect_leaks=0"
                note=" (no LSan)"
                ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" run_ctest asan
                return
            fi
            return 1
            ;;
        tsan)
            # GCC 12's ThreadSanitizer fails ("unexpected memory mapping") when the kernel
            # randomises mmap with more than 28 bits; running without ASLR avoids that.
            local bits
            bits=$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28)
            if ((bits > 28)) && setarch "$(uname -m)" -R true 2>/dev/null; then
                echo "test.sh: vm.mmap_rnd_bits=$bits; running the TSan tests without ASLR"
                run_ctest tsan setarch "$(uname -m)" -R
            else
                run_ctest tsan
            fi
            ;;
        windows)
            # Create the Wine prefix before ctest, not inside the first test's discovery.
            echo "test.sh: preparing the Wine prefix (scripts/wine-run --init)"
            scripts/wine-run --init || return 1
            # Tests of a Windows client against a Linux host need the native lanchat-cli,
            # current (a no-op when the ci step has just built it).
            echo "test.sh: the native lanchat-cli (ci preset) for the Wine tests"
            { [[ -f build/ci/CMakeCache.txt ]] || cmake --preset ci >/dev/null; } || return 1
            cmake --build build/ci -j "$jobs" --target lanchat-cli >/dev/null || return 1
            local status=0
            run_ctest windows || status=$?
            # A test whose program never reached main() under Wine (empty output) is rerun once;
            # any failure with output of its own is real and fails the step (see the script).
            if ((status)) &&
                scripts/wine-start-failures.py build/windows/Testing/Temporary/LastTest.log \
                    >build/windows/start-failures.txt; then
                echo "test.sh: these tests did not start under Wine; running them once more:"
                sed 's/^/  /' build/windows/start-failures.txt
                if ctest --preset windows --rerun-failed 2>&1 | tee build/windows/rerun.log; then
                    status=0
                    note=" ($(wc -l <build/windows/start-failures.txt) rerun: did not start)"
                else
                    cat build/windows/rerun.log >>build/windows/test.log
                fi
            fi
            # The wineserver stays up between tests (see wine-run); end it with the step.
            scripts/wine-run --shutdown
            return "$status"
            ;;
        *)
            run_ctest "$preset"
            ;;
    esac
}

# What failed in a step's tests, for the summary: CI shows only the end of the output, so the
# failed tests' names and the first sanitizer reports are repeated there.
failure_digest() {
    local log=build/$1/test.log
    [[ -f $log ]] || return 0
    echo "  $1: the tests that failed (all of its output is in $log):"
    sed -n '/^The following tests FAILED:/,/^Errors while running CTest/p' "$log" |
        grep -v -e '^The following tests FAILED:' -e '^Errors while running CTest' | head -n 20 || true
    grep -m 8 -E 'ERROR: (Address|Leak|Thread)Sanitizer|WARNING: ThreadSanitizer|runtime error:|Failure$|\[  FAILED  \]' \
        "$log" | sed 's/^/    /' || true
}

results=()
digests=()
passed=0
failed=0
for step in "${steps[@]}"; do
    banner "step $step: configure, build (-j $jobs), test"
    start=$SECONDS
    note=""
    if [[ $step == fuzz ]]; then
        if ! fuzz_configure; then
            result="FAIL (configure)"
        elif ! fuzz_build; then
            result="FAIL (build)"
        elif ! fuzz_run; then
            result="FAIL (fuzzing)"
        else
            result="pass"
        fi
    elif ! cmake --preset "$step"; then
        result="FAIL (configure)"
    elif ! cmake --build --preset "$step" -j "$jobs"; then
        result="FAIL (build)"
    elif ! test_step "$step"; then
        result="FAIL (tests)"
    else
        result="pass$note"
    fi
    elapsed=$((SECONDS - start))
    if [[ $result == pass* ]]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        [[ $result == "FAIL (tests)" ]] && digests+=("$step")
    fi
    echo "==> step $step: $result in ${elapsed} s"
    results+=("$(printf '%-10s %-18s %6s s' "$step" "$result" "$elapsed")")
done

banner "summary"
printf '%-10s %-18s %8s\n' step result time
printf '%s\n' "${results[@]}"
for step in "${digests[@]}"; do
    failure_digest "$step"
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
