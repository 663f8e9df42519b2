#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which failed tests of a ctest run never reached their program's main() under Wine.

    wine-start-failures.py build/windows/Testing/Temporary/LastTest.log

Reads ctest's log of the run and prints the failed tests, one a line, each with what its output
said. Exits 0 if at least one test failed and every failure is a start failure: a test whose
output is empty, or has only Wine's and wine-run's own lines, the program having printed nothing
(a gtest program always prints "Running main()" first, a test script its own lines). Exits 1 if
any failure printed something of its own: that is a real failure, and it is never rerun.
scripts/test.sh reruns start failures once (two Windows tests failed that way on a CI machine,
with no output at all, and passed everywhere else).
"""
import re
import sys

WINE_LINE = re.compile(r"^(wine-run: |wine: |wine client error|[0-9a-f]{4}:(err|fixme|warn):)")


def failures(log):
    """(name, output lines) of each failed test in LastTest.log."""
    name, output, reading = None, [], False
    for line in log.splitlines():
        m = re.match(r'^\d+/\d+ Test: (.*)$', line)
        if m:
            name, output, reading = m.group(1), [], False
        elif line == "Output:":
            reading = None  # the dashed line comes next
        elif reading is None and line.startswith("-----"):
            reading = True
        elif reading and line == "<end of output>":
            reading = False
        elif reading:
            output.append(line)
        elif line.startswith("Test Failed") and name:
            yield name, output


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        log = f.read()
    found = list(failures(log))
    real = 0
    for name, output in found:
        own = [l for l in output if l.strip() and not WINE_LINE.match(l)]
        said = "; ".join(l.strip() for l in output if l.strip())[:300] or "no output at all"
        kind = "did not start" if not own else "failed"
        print(f"{name}: {kind} ({said})")
        real += bool(own)
    return 0 if found and not real else 1


if __name__ == "__main__":
    sys.exit(main())
