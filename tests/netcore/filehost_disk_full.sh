#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the FILEHOST test whose disk fills up mid-upload, on a 512 KiB tmpfs of its own: a mount
# namespace (unshare -m) keeps the mount private to this run. Needs root (CAP_SYS_ADMIN); else
# it is skipped (exit 77) and says why.
#
#   filehost_disk_full.sh TEST_BINARY

test_binary=$1
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: a tmpfs of its own needs root (unshare -m, mount -t tmpfs)"
    exit 77
fi
if ! unshare -m true 2>/dev/null; then
    echo "SKIP: unshare -m is not allowed here"
    exit 77
fi
exec unshare -m sh -c '
    dir=$(mktemp -d) || exit 1
    mount -t tmpfs -o size=512k lanchat-filehost-full "$dir" || { rmdir "$dir"; exit 1; }
    LANCHAT_FILEHOST_FULL_DIR=$dir "$0" --gtest_filter="*AFullDiskIs507*"
    rc=$?
    umount "$dir"
    rmdir "$dir"
    exit $rc
' "$test_binary"
