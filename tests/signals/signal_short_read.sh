#!/bin/sh
# signal_receiver reads whole records from its self-pipe. A read that
# returns a count other than -1 sets no errno, so a short one must be
# reported as short, never with whatever errno an earlier call left behind
# (a stale EINTR would even make it retry for ever). strace makes the
# receiver's first read of the pipe return 0 without running it (the read
# before it, ld.so's, loads the C library), as if the pipe had ended.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

# Skip only when strace itself cannot run here, judged on `true`.
if ! command -v strace >/dev/null ||
    ! strace -o /dev/null -e inject=read:retval=0:when=99 true 2>/dev/null; then
    echo "SKIP: needs strace with fault injection, and ptrace"
    exit 77
fi
run short "$(command -v strace)" -o /dev/null -e trace=read \
    -e inject=read:retval=0:when=2 "$BIN/signal_receiver"
expect_status short 1
expect_out short '^ready: pid'
expect_err short '^signal_receiver: the self-pipe gave 0 of a record.s 16 bytes$'
pass
