#!/bin/sh
# Ctrl-C (SIGINT) or SIGTERM on a reader waiting for a writer removes its
# FIFO and exits 0; so does a writer interrupted before any reader came.
#   fifo_signal.sh reader INT|TERM  /  fifo_signal.sh writer INT|TERM
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
fifo="$WORK/fifo"
if [ "$1" = reader ]; then
    start reader fifo_reader -n "$fifo"
    wait_ready reader
else
    start writer fifo_writer -n "$fifo" never-sent
    wait_line writer 'blocks until a reader'
fi
[ -p "$fifo" ] || fail "the FIFO was not created"
signal "$1" "$2"
finish "$1"
expect_status "$1" 0
expect_out "$1" '^interrupted'
expect_gone "$fifo"
pass
