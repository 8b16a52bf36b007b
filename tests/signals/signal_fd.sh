#!/bin/sh
# signal_fd reads what signal_sender sends, with no handler at all: the
# kernel's SigCgt mask (signals with a handler) has none of its signals,
# SigBlk has them all. Lines on stdin are served by the same poll() loop.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sig.sh
. "$TESTS/signals/sig.sh"

printf 'first line\nsecond line\n' >"$WORK/input"
start_in receiver "$WORK/input" signal_fd -c 4
wait_ready receiver
expect_ready_pid receiver
pid=$(ready_pid receiver)
for sig in USR1 USR2 RTMIN RTMIN+2 RTMAX INT TERM; do
    mask_has "$pid" SigBlk "$sig" || fail "$sig is not blocked in signal_fd"
    ! mask_has "$pid" SigCgt "$sig" || fail "signal_fd has a handler for $sig"
done
wait_line receiver '^stdin: end of file'

send_signal s1 "$pid" USR1
wait_line receiver "^received: SIGUSR1 from pid $(pid_of s1)\$"
send_signal s2 "$pid" RTMIN+2 -n 2 -v 7
wait_line receiver "^received: SIGRTMIN\+2 from pid $(pid_of s2) value 8\$"
send_signal s3 "$pid" SIGUSR2
finish receiver
expect_status receiver 0
expect_received receiver "SIGUSR1 from pid $(pid_of s1)" \
    "SIGRTMIN+2 from pid $(pid_of s2) value 7" \
    "SIGRTMIN+2 from pid $(pid_of s2) value 8" "SIGUSR2 from pid $(pid_of s3)"
expect_out receiver '^stdin: first line$'
expect_out receiver '^stdin: second line$'
expect_out receiver '^got 4 signals'
pass
