#!/bin/sh
# Exercise 07 (race_counter): the semaphore must keep each read-pause-write
# to one thread at a time. Behaviour checked under strace -f: each addition
# pauses 10 ms between its read and its write (a nanosleep the program
# makes), so with a lock no two threads' pauses can overlap, and without
# one they always do (the threads start together at a barrier: the window
# is 10 ms, their start a few microseconds apart). The printed total must
# then also be exact. A program that only prints "counter: 12 (expected
# 12)" still shows overlapping pauses.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
need_strace

log="$WORK/strace.log"
traced ex "$log" nanosleep,clock_nanosleep "$program" -t 4 -i 3
# Walk the log in order: a pause that starts, or ends whole, while another
# is still unfinished means two threads were inside at once.
awk '/nanosleep\(/ && /<unfinished \.\.\.>/ { if (inside) overlap++; inside++; n++; next }
     /<\.\.\. (clock_)?nanosleep resumed>/ { inside--; next }
     /nanosleep\(/ { if (inside) overlap++; n++ }
     END { print n + 0, overlap + 0 }' "$log" >"$WORK/pauses.txt"
read -r pauses overlaps <"$WORK/pauses.txt"
[ "$pauses" -eq 12 ] ||
    not_yet "strace saw $pauses pauses, not 12 (4 threads x 3 additions): keep the given read, pause, write"
total=$(sed -n 's/^counter: \([0-9]*\) (expected 12)$/\1/p' "$WORK/ex.out")
[ "$overlaps" -eq 0 ] ||
    not_yet "two threads were between their read and their write at once ($overlaps times, seen by strace); the counter came out ${total:-?} of 12"
[ "$total" = 12 ] || not_yet "the pauses never overlapped, but the counter came out ${total:-nothing} of 12"
expect_status ex 0
solved "one thread at a time went from read to write, and no update was lost"
