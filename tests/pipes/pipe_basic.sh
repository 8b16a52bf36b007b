#!/bin/sh
# pipe_basic: the child's message reaches the parent exactly as given, and
# the parent reaps the child and says how it exited.
#   pipe_basic.sh default | message | empty | longest | child-fails
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

case $1 in
default)
    run basic pipe_basic
    expect_received basic "Hello from child"
    ;;
message)
    # Spaces kept, a leading dash taken as text after --, one line each.
    run basic pipe_basic "two words  and  spaces"
    expect_received basic "two words  and  spaces"
    expect_status basic 0
    run basic pipe_basic -- "-not an option"
    expect_received basic "-not an option"
    ;;
empty)
    run basic pipe_basic ""
    expect_received basic ""
    ;;
longest)
    # 4096 bytes (PIPE_BUF, the limit) arrive whole; 4097 are refused.
    message=$(awk 'BEGIN { while (n++ < 4096) printf "x" }')
    run basic pipe_basic "$message"
    expect_received basic "$message"
    expect_status basic 0
    expect_usage_error toolong pipe_basic "${message}y"
    expect_err toolong 'at most 4096 bytes'
    expect_no_out toolong '^received:'
    ;;
child-fails)
    # A child after fork reports a failure with die_child: "(child)" in the
    # message, and _exit, never exit (which would run the parent's atexit
    # work and flush its inherited stdio buffers). strace makes the child's
    # second write, the one into the pipe, fail with EIO (strace counts
    # each process's calls on its own); the parent's second write is a
    # narration line, lost.
    strace -f -o /dev/null true 2>/dev/null || { echo "SKIP: strace cannot trace here"; exit 77; }
    run basic "$(command -v strace)" -f -o "$WORK/strace.log" -e trace=write,exit_group \
        -e inject=write:error=EIO:when=2 "$BIN/pipe_basic"
    expect_status basic 1
    expect_err basic '^pipe_basic \(child\): write: Input/output error$'
    expect_out basic '^child [0-9]+ exited with status 1$'
    expect_out basic '^received: $'
    pass
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status basic 0
expect_out basic '^parent: forked child [0-9]+$'
expect_out basic '^child [0-9]+ exited with status 0$'
pass
