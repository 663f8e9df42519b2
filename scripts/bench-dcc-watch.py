#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""scripts/bench-dcc.sh's watch on a file that another program (WeeChat) receives and that tells
no one when its last byte is in:

    bench-dcc-watch.py PART FINAL SIZE DEADLINE_S PID

Looks every 2 ms and prints, each line as it happens, with the wall-clock time (the clock of
bash's $EPOCHREALTIME) and the CPU time so far of the receiving process PID and its children,
living or waited for (utime + stime + cutime + cstime, in clock ticks):
    start T CPU    ready: start the sender
    full T CPU     PART (or already FINAL) has SIZE bytes: the last byte is written
    final T CPU    FINAL exists with SIZE bytes (the receiver has renamed PART to it)
Exits 0 after "final", 1 with "timeout" after DEADLINE_S seconds."""
import os
import sys
import time


def size_of(path):
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def ticks(pid, children=True):
    """utime + stime + cutime + cstime of pid, and of its living children."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    total = sum(int(x) for x in fields[11:15])  # fields 14-17; fields[0] is field 3
    if children:
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    total += sum(ticks(int(child), False) for child in f.read().split())
        except OSError:
            pass
    return total


def main():
    part, final, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    deadline_s, pid = float(sys.argv[4]), int(sys.argv[5])
    print(f"start {time.time():.6f} {ticks(pid)}", flush=True)
    deadline = time.monotonic() + deadline_s
    full = False
    while time.monotonic() < deadline:
        now = time.time()
        if size_of(final) == size:
            cpu = ticks(pid)
            if not full:
                print(f"full {now:.6f} {cpu}", flush=True)
            print(f"final {now:.6f} {cpu}", flush=True)
            return 0
        if not full and size_of(part) == size:
            print(f"full {now:.6f} {ticks(pid)}", flush=True)
            full = True
        time.sleep(0.002)
    print("timeout", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
