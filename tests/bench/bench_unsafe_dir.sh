#!/bin/sh
# FIFOs and socket files go in /tmp/ipc-demo-UID only if it is a private
# directory of ours. In a mount namespace with a /tmp of its own (so the real
# one is not touched), make that directory open to others: fifo and unix must
# refuse to use it, say why, and fail the run; the others still run.
# Skipped where we may not make a mount namespace.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
if ! unshare -m true 2>/dev/null; then
    echo "SKIP: cannot make a mount namespace here (unshare -m)"
    exit 77
fi
# The program is opened before the new /tmp hides it: the build tree may
# itself be under /tmp (CI clones there).
# shellcheck disable=SC2016  # expanded by the inner sh
run bench "$(command -v unshare)" -m sh -c 'exec 3<"$0" &&
    mount -t tmpfs none /tmp &&
    mkdir -m 755 "/tmp/ipc-demo-$(id -u)${IPC_DEMO_TAG:+-$IPC_DEMO_TAG}" &&
    exec /proc/self/fd/3 -m pipe,fifo,unix -s 64 -n 100 -r 5 --trials 1 --cpus same' "$BIN/ipc_bench"
expect_status bench 1
expect_out bench 'fifo +FAILED: setting up failed: /tmp/ipc-demo-[0-9]+(-[a-z0-9-]+)? is a symlink, another user.s, or open to others; refusing to use it'
expect_out bench 'unix +FAILED: setting up failed: /tmp/ipc-demo-[0-9]+(-[a-z0-9-]+)? is a symlink'
expect_out bench '^ +pipe +[0-9]+ '
pass
