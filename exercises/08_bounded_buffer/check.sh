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
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
need_strace

# 2 producers x 6 items through 2 slots to 2 consumers; main adds 2 stop
# markers: 14 puts and 14 takes.
log="$WORK/strace.log"
traced ex "$log" nanosleep,clock_nanosleep "$program" -p 2 -c 2 -n 6 -s 2
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
