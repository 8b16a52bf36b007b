#!/bin/sh
# Exercise 10 (short_reads): whole records from a stream socket, however
# the bytes arrive. The peer is the grader's own sender (dribble.c, built
# here): it sends each record in pieces, each once the receiver has read
# the one before, so every read() returns a short piece on any machine.
# Behaviour checked from the peer's view: the records it sent (with this
# run's number in them, so no program can know them beforehand) must come
# out whole, in order, and the receiver must end cleanly at the end of the
# stream and remove its socket file.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
here=${0%/*}

"${CC:-cc}" -std=c11 -o "$WORK/dribble" "$here/dribble.c" 2>"$WORK/cc.log" ||
    { echo "cannot check here: the grader's sender does not build"; exit 77; }

sock="$WORK/records.sock"
start receiver "$program" -n "$sock"
wait_ready receiver
[ -S "$sock" ] || not_yet "the receiver said ready, but there is no socket at $sock"
run sender "$WORK/dribble" "$sock" "first $$" "" "a longer record, run $$, in 3-byte pieces" "end"
finish receiver
[ "$(status_of receiver)" = 0 ] ||
    not_yet "the receiver failed (status $(status_of receiver)): $(head -n 1 "$WORK/receiver.err")"
expect_status sender 0
expect_received receiver "first $$" "" "a longer record, run $$, in 3-byte pieces" "end"
expect_out receiver '^end of the stream after 4 records$'
expect_gone "$sock"
solved "every record came out whole, though each read() returned only a piece"
