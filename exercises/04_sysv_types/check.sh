#!/bin/sh
# Exercise 04 (sysv_types): with messages of types 1, 2 and 3 queued by
# sysv_mq_sender, PROGRAM -t 1 must take the three of type 1, in order, and
# nothing else. Behaviour checked: under strace, its msgrcv calls ask for
# type 1 and it sends nothing; the queue still holds the other two (ipcs);
# the peer, sysv_mq_receiver -N, then finds exactly those two.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
need_strace
key=$SYSV_KEY
hexkey=$(printf '0x%08x' "$key")
trap 'ipcrm -Q "$key" 2>/dev/null; _cleanup' EXIT

# queued : how many messages the queue holds (ipcs), or "none".
queued() {
    ipcs -q | awk -v k="$hexkey" '$1 == k { n = $6 } END { print n == "" ? "none" : n }'
}

run s1 sysv_mq_sender -k "$key" -t 1 one-a one-b
run s2 sysv_mq_sender -k "$key" -t 2 two-a
run s3 sysv_mq_sender -k "$key" -t 1 one-c
run s4 sysv_mq_sender -k "$key" -t 3 three-a
[ "$(queued)" = 5 ] || fail "the sender did not queue 5 messages (ipcs -q: $(queued))"

# 1. The student's receiver, type 1, under strace.
traced ex "$WORK/strace.log" msgrcv,msgsnd "$program" -k "$key" -t 1
expect_status ex 0
grep -q 'msgrcv(' "$WORK/strace.log" ||
    not_yet "strace shows no msgrcv call: nothing was taken from the queue"
left=$(queued)
if ! grep -q '^received: ' "$WORK/ex.out"; then
    not_yet "it received no message (the queue still holds $left of 5; 3 were of type 1)"
fi
grep -q 'msgsnd(' "$WORK/strace.log" &&
    not_yet "it called msgsnd: a receiver should take messages, not put any back"
# msgrcv(ID, BUF, SIZE, TYPE, FLAGS) = ...: the types it asked for.
types=$(sed -n 's/^[0-9 ]*msgrcv(.*, [0-9]*, \(-\{0,1\}[0-9]*\), [A-Z_|0-9]*) *= .*/\1/p' "$WORK/strace.log" |
    sort -u | tr '\n' ' ')
[ "$types" = "1 " ] ||
    not_yet "its msgrcv calls ask for type(s) ${types:-?}instead of 1 only (msgrcv's fourth argument, strace)"
expect_received ex one-a one-b one-c
[ "$left" = 2 ] ||
    not_yet "after taking type 1, the queue should still hold the 2 messages of types 2 and 3 (ipcs -q shows: $left)"

# 2. The peer's view: the other types are still there for their receiver.
run peer sysv_mq_receiver -k "$key" -N
expect_status peer 0
got=$(sed -n 's/^received: //p' "$WORK/peer.out" | tr '\n' ' ')
[ "$got" = "two-a three-a " ] ||
    not_yet "sysv_mq_receiver, run next, should find two-a and three-a left for it, but found: ${got:-nothing}"
[ "$(queued)" = none ] || fail "the peer left the queue behind"
solved "msgrcv took the type-1 messages in order and left types 2 and 3 for their receiver"
