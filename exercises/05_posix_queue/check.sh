#!/bin/sh
# Exercise 05 (posix_queue): the receiver removes its queue at exit only if
# it is empty. Three runs, each judged by the peer's view (posix_mq_receiver
# -N opens the queue without creating it and takes what is left) and by
# strace (who called mq_unlink):
#   drained:     PROGRAM -c 2, then posix_mq_sender a b: the queue is gone;
#   mail left:   posix_mq_sender a b c d, then PROGRAM -c 2: the queue stays,
#                with c and d in it, and PROGRAM made no mq_unlink;
#   interrupted: PROGRAM waiting on an empty queue gets SIGINT: it is gone.
#   BIN=... TESTS=... sh check.sh PROGRAM
# shellcheck source=../../tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=../check_lib.sh
. "${0%/*}/../check_lib.sh"
program=$1
need_strace
name="/$UNIQ-queue"
strace=$(command -v strace)

# left_in_queue : what posix_mq_receiver -N finds in the queue ("gone" if
# there is no queue); it removes the queue once it has emptied it.
left_in_queue() {
    run probe posix_mq_receiver -N -n "$name"
    if grep -q 'No such file' "$WORK/probe.err"; then
        echo gone
    else
        sed -n 's/^received: //p' "$WORK/probe.out" | tr '\n' ' '
    fi
}
trap 'left_in_queue >/dev/null; _cleanup' EXIT

# unlinked NAME : NAME's strace log shows an mq_unlink of the queue.
unlinked() { grep -q "mq_unlink(\"${name#/}\"" "$WORK/$1.log"; }

# 1. Drained: every message taken, so the queue must go.
start ex "$strace" -f -qq -o "$WORK/ex.log" -e trace=mq_unlink,mq_timedreceive,mq_getsetattr "$program" -n "$name" -c 2
wait_ready ex
run snd posix_mq_sender -n "$name" a b
finish ex
expect_status ex 0
expect_received ex a b
left=$(left_in_queue)
[ "$left" = gone ] ||
    not_yet "after taking every message, it left the empty queue behind (posix_mq_receiver -N could open it): an empty queue should be removed"
unlinked ex || not_yet "the queue is gone, but not by its mq_unlink (strace)"

# 2. Mail left: two of four taken, so the queue must stay with the rest.
run snd posix_mq_sender -n "$name" a b c d
run ex2 "$strace" -f -qq -o "$WORK/ex2.log" -e trace=mq_unlink,mq_timedreceive,mq_getsetattr "$program" -n "$name" -c 2
expect_status ex2 0
expect_received ex2 a b
if unlinked ex2; then
    not_yet "it removed the queue (mq_unlink) while c and d were still in it: their receiver lost them"
fi
left=$(left_in_queue)
[ "$left" = "c d " ] ||
    not_yet "c and d should have been left queued for the next receiver, but posix_mq_receiver -N found: $left"

# 3. Interrupted: Ctrl-C while waiting on an empty queue; it must go.
start ex3 "$program" -n "$name" -c 5
wait_ready ex3
signal ex3 INT
ended_within 5 ex3 || not_yet "after SIGINT (Ctrl-C) it did not end within 5s"
finish ex3
expect_status ex3 0
left=$(left_in_queue)
[ "$left" = gone ] ||
    not_yet "after Ctrl-C on an empty queue, the queue was left behind: the cleanup at exit should remove it"
solved "the queue was removed when empty (at the end and after Ctrl-C) and kept while mail was waiting"
