#!/bin/sh
# signal_receiver / signal_sender: the receiver names its own pid in ready:,
# and reports each signal with the sender's pid (and the value sigqueue()
# carried); -c COUNT ends it with exit 0. Each signal is awaited before the
# next is sent: two different signals pending at once are delivered lowest
# number first, whatever order they were sent in.
#   signal_pair.sh names | values
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sig.sh
. "$TESTS/signals/sig.sh"

case $1 in
names)
    # by name, with and without SIG, any case; by number (this system's)
    start receiver signal_receiver -c 5
    wait_ready receiver
    expect_ready_pid receiver
    pid=$(ready_pid receiver)
    send_signal s1 "$pid" USR1
    wait_line receiver "^received: SIGUSR1 from pid $(pid_of s1)\$"
    send_signal s2 "$pid" SIGUSR2
    wait_line receiver "^received: SIGUSR2 from pid $(pid_of s2)\$"
    send_signal s3 "$pid" rtmin+3
    wait_line receiver "^received: SIGRTMIN\+3 from pid $(pid_of s3)\$"
    send_signal s4 "$pid" "$(signum USR2)"
    wait_line receiver "^received: SIGUSR2 from pid $(pid_of s4)\$"
    send_signal s5 "$pid" "$(signum RTMIN+1)"
    finish receiver
    expect_received receiver "SIGUSR1 from pid $(pid_of s1)" \
        "SIGUSR2 from pid $(pid_of s2)" "SIGRTMIN+3 from pid $(pid_of s3)" \
        "SIGUSR2 from pid $(pid_of s4)" "SIGRTMIN+1 from pid $(pid_of s5)"
    ;;
values)
    # sigqueue() carries an int; -n 3 -v -7 sends -7, -6, -5, queued in order
    start receiver signal_receiver -c 5
    wait_ready receiver
    pid=$(ready_pid receiver)
    send_signal s1 "$pid" USR1 -v 42
    wait_line receiver "^received: SIGUSR1 from pid $(pid_of s1) value 42\$"
    send_signal s2 "$pid" RTMIN+1 -n 3 -v -7
    wait_line receiver "value -5\$"
    send_signal s3 "$pid" RTMAX
    finish receiver
    p2=$(pid_of s2)
    expect_received receiver "SIGUSR1 from pid $(pid_of s1) value 42" \
        "SIGRTMIN+1 from pid $p2 value -7" "SIGRTMIN+1 from pid $p2 value -6" \
        "SIGRTMIN+1 from pid $p2 value -5" "SIGRTMAX from pid $(pid_of s3)"
    ;;
*)
    fail "unknown case $1"
    ;;
esac
expect_status receiver 0
expect_out receiver '^got 5 signals'
pass
