#!/bin/sh
# The threaded demos, each checked on what it prints, not on its word:
#   sem_threads.sh critical | critical-at-2 | alternate | race | race-unsafe | prodcons | prodcons-1-1
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

case $1 in
critical)
    # 8 threads x 3 passes: between one thread's "entered" and its
    # "leaving" there is no other thread's line of either kind.
    run critical sem_critical -t 8
    expect_status critical 0
    awk '/^thread [0-9]+ entered$/ {
             if (inside != "") { print "line " NR ": thread " $2 " entered while thread " inside " was inside"; exit 1 }
             inside = $2; entered[$2]++; next }
         /^thread [0-9]+ leaving$/ {
             if (inside != $2) { print "line " NR ": thread " $2 " left, but the one inside was \"" inside "\""; exit 1 }
             inside = "" }
         END { if (inside != "") { print "thread " inside " never left"; exit 1 }
               for (t = 1; t <= 8; t++) if (entered[t] != 3) { print "thread " t " entered " entered[t] + 0 " times, not 3"; exit 1 } }' \
        "$WORK/critical.out" >"$WORK/overlap.txt" ||
        fail "the critical section was not exclusive: $(cat "$WORK/overlap.txt")"
    expect_out critical '^all 8 threads done: never more than one inside'
    ;;
critical-at-2)
    # Exercise 2 on a copy: sem_init's last argument 2 instead of 1. The
    # program must say the value it really set, not a fixed "1", and its
    # self-check must find no more than two inside at once.
    command -v "${CC:-cc}" >/dev/null || { echo "SKIP: no C compiler"; exit 77; }
    src="$TESTS/../semaphores/sem_critical.c"
    sed 's/sem_init(&lock, 0, 1)/sem_init(\&lock, 0, 2)/' "$src" >"$WORK/sem_critical.c"
    ! cmp -s "$src" "$WORK/sem_critical.c" || fail "found no sem_init(&lock, 0, 1) to change"
    "${CC:-cc}" -std=c11 -I"$TESTS/../include" -pthread "$WORK/sem_critical.c" \
        -o "$WORK/sem_critical" 2>"$WORK/cc.err" || fail "the copy does not build: $(cat "$WORK/cc.err")"
    run critical "$WORK/sem_critical" -t 8
    expect_status critical 0
    expect_out critical '^semaphore set to 2: up to 2 threads at a time may be inside$'
    expect_no_out critical 'set to 1'
    expect_out critical '^all 8 threads done: (up to 2 were inside at once|never more than one)'
    ;;
alternate)
    run alternate sem_alternate -r 200
    expect_status alternate 0
    i=1
    while [ "$i" -le 200 ]; do printf 'ping %d\npong %d\n' "$i" "$i"; i=$((i + 1)); done >"$WORK/expected.txt"
    grep -E '^(ping|pong) ' "$WORK/alternate.out" >"$WORK/got.txt"
    diff -u "$WORK/expected.txt" "$WORK/got.txt" >"$WORK/diff.txt" ||
        fail "ping and pong did not strictly alternate (- expected, + got):
$(head -n 20 "$WORK/diff.txt")"
    ;;
race)
    # With the semaphore the total is exact, every time.
    run race race_counter -t 4 -i 20000
    expect_status race 0
    expect_out race '^counter: 80000 \(expected 80000\)$'
    ;;
race-unsafe)
    # Without it, updates are lost. Left to the scheduler, how many (even
    # whether any) is luck; -w makes every thread wait after its read until
    # all four have read, so each round of four additions adds exactly one:
    # 2000 of 8000 survive, every run. A lock, or an atomic increment, in
    # the unsafe path gives 8000, or hangs in the barrier: both fail here.
    run race race_counter -t 4 -i 2000 --unsafe -w
    expect_status race 0
    expect_out race '^counter: 2000 \(expected 8000\)$'
    expect_out race '^lost updates: 6000 of 8000 \(75\.0%\)'
    # And the plain unsafe run reports, whatever the scheduler did.
    run plain race_counter -t 4 -i 100000 --unsafe
    expect_status plain 0
    expect_out plain '^counter: [0-9]+ \(expected 400000\)$'
    expect_out plain '^lost updates: '
    ;;
prodcons)
    # 3 producers x 2000 items through 4 slots to 2 consumers: every item
    # 1..6000 is taken exactly once, and the totals say so.
    run prodcons prodcons_threads -p 3 -c 2 -s 4 -n 2000
    expect_status prodcons 0
    expect_out prodcons '^produced: 6000 items, sum 18003000$'
    expect_out prodcons '^consumed: 6000 items, sum 18003000$'
    expect_out prodcons '^the sums agree'
    seq 1 6000 >"$WORK/expected.txt"
    sed -n 's/^consumer [0-9]* took \([0-9]*\) from slot [0-9]*$/\1/p' "$WORK/prodcons.out" |
        sort -n >"$WORK/got.txt"
    cmp -s "$WORK/expected.txt" "$WORK/got.txt" ||
        fail "the items taken are not 1..6000 once each"
    ;;
prodcons-1-1)
    # One producer, one consumer, one slot: a ring keeps the order.
    run prodcons prodcons_threads -p 1 -c 1 -s 1 -n 300
    expect_status prodcons 0
    expect_out prodcons '^consumed: 300 items, sum 45150$'
    seq 1 300 >"$WORK/expected.txt"
    sed -n 's/^consumer 1 took \([0-9]*\) from slot 0$/\1/p' "$WORK/prodcons.out" >"$WORK/got.txt"
    cmp -s "$WORK/expected.txt" "$WORK/got.txt" ||
        fail "with one slot the consumer did not take 1..300 in order"
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
