#!/bin/sh
# Exercise 08 (bounded_buffer): two counting semaphores and a mutex.
# Behaviour checked under strace -f: every change to the ring pauses half
# way (a put 2 ms, a take 1 ms: nanosleeps the program makes), so the log
# shows each change and its order. With the mutex no two changes overlap;
# with the two semaphores the ring never holds fewer than 0 or more than
# SLOTS items as the changes follow one another. Then every item 1..12
# must have been taken exactly once. Printing the right totals is not
# enough: the pauses tell what the threads really did.
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

# 2 producers x 6 items through 2 slots to 2 consumers; main adds 2 stop
# markers: 14 puts and 14 takes.
log="$WORK/strace.log"
run ex "$(command -v strace)" -f -qq -o "$log" \
    -e trace=nanosleep,clock_nanosleep "$program" -p 2 -c 2 -n 6 -s 2
awk -v slots=2 '
    function begin(line) {
        if (inside) { print "overlap"; exit }
        if (line ~ /tv_nsec=2000000}/) { puts++; if (++held > slots) { print "full"; exit } }
        else if (line ~ /tv_nsec=1000000}/) { takes++; if (--held < 0) { print "empty"; exit } }
    }
    /nanosleep\(/ && /<unfinished \.\.\.>/ { begin($0); inside = 1; next }
    /<\.\.\. (clock_)?nanosleep resumed>/ { inside = 0; next }
    /nanosleep\(/ { begin($0) }
    END { print "ok", puts + 0, takes + 0 }' "$log" >"$WORK/verdict.txt"
read -r verdict puts takes <"$WORK/verdict.txt"
case $verdict in
overlap) not_yet "two threads changed the ring at once (strace saw their pauses overlap): nothing kept them apart" ;;
full) not_yet "a producer put an item into a full ring (3 items in 2 slots, seen by strace): it did not wait for a free slot" ;;
empty) not_yet "a consumer took from an empty ring (seen by strace): it did not wait for an item" ;;
esac
[ "$puts.$takes" = 14.14 ] ||
    not_yet "strace saw $puts puts and $takes takes, not 14 and 14: keep the given store() and fetch()"
seq 1 12 >"$WORK/expected.txt"
sed -n 's/^consumer [0-9]* took \([0-9]*\) from slot [0-9]*$/\1/p' "$WORK/ex.out" |
    sort -n >"$WORK/got.txt"
cmp -s "$WORK/expected.txt" "$WORK/got.txt" ||
    not_yet "the items taken are not 1..12 once each"
expect_status ex 0
expect_out ex '^the sums agree'
solved "producers waited for room, consumers for items, one change to the ring at a time"
