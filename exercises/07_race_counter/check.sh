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
program=$1

# The verdict is one line on stdout; what the program printed goes to stderr.
fail() {
    printf 'not yet: %s\n' "$1"
    for _f in "$WORK"/*.out "$WORK"/*.err; do
        [ -s "$_f" ] && { printf -- '--- %s\n' "${_f##*/}"; head -n 40 "$_f"; }
    done >&2
    exit 1
}
not_yet() { fail "$1"; }
solved() { printf 'solved: %s\n' "$1"; exit 0; }
strace -f -o /dev/null true 2>/dev/null ||
    { echo "cannot check here: strace cannot trace on this machine"; exit 77; }

log="$WORK/strace.log"
run ex "$(command -v strace)" -f -qq -o "$log" \
    -e trace=nanosleep,clock_nanosleep "$program" -t 4 -i 3
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
