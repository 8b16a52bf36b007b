#!/bin/sh
# Exercise 12 (fd_passing): pass an open descriptor with SCM_RIGHTS.
# Behaviour checked from the peer's view: the receiver is the suite's own
# unix_fd_recv, which never opens a file. It must get a descriptor (it
# refuses a peer that sends only bytes), find it is the regular file of
# the right size, and print every line of it: lines that carry this run's
# number, so a program that only prints cannot pass.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
need_bin unix_fd_recv

sock="$WORK/fd.sock"
printf 'a file for run %s\nsecond line\n' "$$" >"$WORK/notes.txt"
size=$(wc -c <"$WORK/notes.txt" | tr -d ' ')
start receiver unix_fd_recv -n "$sock"
wait_ready receiver
run sender "$program" -n "$sock" "$WORK/notes.txt"
finish receiver
expect_status sender 0
if grep -q 'sent no file descriptor' "$WORK/receiver.err"; then
    not_yet "unix_fd_recv got the byte but no descriptor beside it (no SCM_RIGHTS control message)"
fi
expect_status receiver 0
grep -q "a regular file of $size bytes" "$WORK/receiver.out" ||
    not_yet "unix_fd_recv got a descriptor, but not for the file: $(grep '^got descriptor' "$WORK/receiver.out")"
expect_received receiver "a file for run $$" "second line"
solved "unix_fd_recv read a file it never opened, through the descriptor you passed"
