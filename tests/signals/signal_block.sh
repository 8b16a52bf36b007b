#!/bin/sh
# Standard signals merge while pending, real-time signals queue: with -b the
# receiver blocks its signals before it says ready:, we send 5 x SIGUSR1 and
# 5 x SIGRTMIN, and on unblocking it gets SIGUSR1 once and SIGRTMIN 5 times.
#
# Why this can never be flaky: nothing here races a clock. The receiver
# ends its blocked period only when SIGALRM comes; -b 25 would send it after
# 25 s, but that is only a bound (it cannot end the period early under load:
# both senders finish in milliseconds). We send SIGALRM ourselves, after
# both senders have run to completion: kill() and sigqueue() return only
# once the kernel has marked the signal pending, which we also read back
# from /proc/PID/status. If the bound did run out first, the receiver's
# "pending now:" line and its received: lines would be wrong and the test
# would fail, never pass by luck.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sig.sh
. "$TESTS/signals/sig.sh"

start receiver signal_receiver -b 25
wait_ready receiver
pid=$(ready_pid receiver)
# The kernel's view: blocked before ready:, so nothing can slip through.
for sig in USR1 RTMIN; do
    mask_has "$pid" SigBlk "$sig" || fail "SIG$sig is not blocked when the receiver is ready"
done

send_signal usr1 "$pid" USR1 -n 5
send_signal rtmin "$pid" RTMIN -n 5 -v 1
for sig in USR1 RTMIN; do
    mask_has "$pid" ShdPnd "$sig" || fail "SIG$sig is not pending after both senders ran"
done
expect_no_out receiver '^received:'

signal receiver ALRM                    # end the blocked period now
wait_line receiver '^delivered on unblocking:'
signal receiver INT
finish receiver
expect_status receiver 0
expect_out receiver '^pending now: SIGUSR1 SIGRTMIN \(2 kinds'
expect_out receiver '^delivered on unblocking: 6 signals$'
p2=$(pid_of rtmin)
expect_received receiver "SIGUSR1 from pid $(pid_of usr1)" \
    "SIGRTMIN from pid $p2 value 1" "SIGRTMIN from pid $p2 value 2" \
    "SIGRTMIN from pid $p2 value 3" "SIGRTMIN from pid $p2 value 4" \
    "SIGRTMIN from pid $p2 value 5"
expect_out receiver '^interrupted'
pass
