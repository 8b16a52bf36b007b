#!/bin/sh
# A writer that is not fifo_writer (here the shell's printf) may end its
# last line without a newline: the reader still prints that line whole,
# every byte of it, and removes the FIFO.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
fifo="$WORK/fifo"
start reader fifo_reader -n "$fifo"
wait_ready reader
printf 'first\nlast without newline' >"$fifo"
finish reader
expect_status reader 0
expect_received reader first "last without newline"
expect_gone "$fifo"
pass
